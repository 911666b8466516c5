/**
 * The YAML tab of a config object: the editor with live validation, Save (the whole object, its
 * resourceVersion the precondition), Reload, Delete (confirmed) and the diff against the stored
 * version. While the user has not edited, a newer stored version replaces the text; once edited,
 * it is announced instead. A refused save's findings join the editor's markers, marked "from the
 * server"; a conflict offers a reload or the differences.
 */
import type { IstioConfigDetails } from '@meshlens/mesh-core/api/istio-config';
import type { ConfigObjectLocator } from '@meshlens/mesh-core/api/istio-config-editing';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { sharedSearch } from '../../../app/url.ts';
import { ConfirmDialog } from './ConfirmDialog.tsx';
import { DiffView } from './DiffView.tsx';
import { FindingsList } from './FindingsList.tsx';
import type { YamlEditorHandle } from './YamlEditor.tsx';
import { YamlEditor } from './YamlEditor.tsx';
import type { EditorFinding } from './editor-findings.ts';
import { serverFindings } from './editor-findings.ts';
import { objectYaml } from './object-yaml.ts';
import { deleteIstioObject, editorKeys, saveIstioObject } from './queries.ts';
import { useDocumentCheck } from './use-document-check.ts';
import { useEditorUrlState } from './url.ts';
import type { WriteFailure } from './write-failure.ts';
import { writeFailureOf } from './write-failure.ts';
import './editor.css';

const NO_FINDINGS: readonly EditorFinding[] = [];

export function ObjectEditor(props: {
  readonly locator: ConfigObjectLocator;
  readonly details: IstioConfigDetails;
  /** Reads the object again; resolves to its newest details. */
  readonly reload: () => Promise<IstioConfigDetails | undefined>;
}) {
  const { locator } = props;
  const client = useQueryClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const { diff, update } = useEditorUrlState();
  const { check, error: snapshotError } = useDocumentCheck(locator.namespace);
  const handle = useRef<YamlEditorHandle | null>(null);

  const stored = useMemo(() => objectYaml(props.details.resource), [props.details.resource]);
  const [base, setBase] = useState(stored);
  const [text, setText] = useState(stored);
  const [findings, setFindings] = useState<readonly EditorFinding[]>(NO_FINDINGS);
  const [fromServer, setFromServer] = useState<readonly EditorFinding[]>(NO_FINDINGS);
  const [failure, setFailure] = useState<WriteFailure | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const dirty = text !== base;

  /** Puts `yaml` in the editor as the new starting point (a reload, a save's answer). */
  const restart = (yaml: string): void => {
    handle.current?.setText(yaml);
    setText(yaml);
    setBase(yaml);
    setFromServer(NO_FINDINGS);
    setFailure(undefined);
  };

  // A newer stored version replaces an unedited text; an edited one is never overwritten.
  useEffect(() => {
    if (stored !== base && text === base) restart(stored);
    // Only a new stored version is a reason to act; base and text are read as they are then.
  }, [stored]);

  const invalidate = async (): Promise<void> => {
    await Promise.all([
      client.invalidateQueries({ queryKey: ['istio', 'config'] }),
      client.invalidateQueries({ queryKey: ['istio', 'validations'] }),
      client.invalidateQueries({ queryKey: editorKeys.snapshot() }),
      client.invalidateQueries({ queryKey: editorKeys.revisions(locator) }),
    ]);
  };

  const save = useMutation({
    mutationFn: (body: string) => saveIstioObject(locator, body),
    onSuccess: async (details) => {
      client.setQueryData(editorKeys.object(locator), details);
      restart(objectYaml(details.resource));
      setNotice(`Saved: resourceVersion ${details.resource.metadata.resourceVersion ?? '?'}`);
      await invalidate();
    },
    onError: (error, body) => {
      const f = writeFailureOf(error);
      setFailure(f);
      setNotice(undefined);
      setFromServer(
        f.findings.length === 0 ? NO_FINDINGS : serverFindings(f.findings, body, locator.namespace),
      );
    },
  });

  const remove = useMutation({
    mutationFn: () => deleteIstioObject(locator),
    onSuccess: async () => {
      client.removeQueries({ queryKey: editorKeys.object(locator) });
      await invalidate();
      await navigate(`/istio${sharedSearch(params)}`);
    },
    onError: (error) => {
      setFailure(writeFailureOf(error));
    },
  });

  const reload = async (): Promise<void> => {
    const latest = await props.reload();
    if (latest !== undefined) restart(objectYaml(latest.resource));
    setNotice(undefined);
  };

  const browserErrors = findings.filter((f) => f.origin === 'browser' && f.severity === 'error').length;
  // As in Kiali, findings do not block a save: the server validates again and is the one that
  // refuses, with its findings shown in the editor (the mesh may have changed since the page loaded).
  const saveBlocked = !dirty || save.isPending;
  const changedMeanwhile = dirty && stored !== base;

  return (
    <div className="object-editor">
      <div className="editor-toolbar" role="toolbar" aria-label="Editor actions">
        <button
          type="button"
          disabled={saveBlocked}
          title={
            !dirty
              ? 'Nothing changed'
              : browserErrors > 0
                ? `The editor found ${String(browserErrors)} error(s): the server will refuse the change`
                : 'Save the changes'
          }
          onClick={() => {
            save.mutate(handle.current?.getText() ?? text);
          }}
        >
          {save.isPending ? 'Saving…' : 'Save'}
        </button>
        <button type="button" onClick={() => void reload()}>
          Reload
        </button>
        <button
          type="button"
          aria-pressed={diff}
          onClick={() => {
            update({ diff: !diff });
          }}
        >
          Diff
        </button>
        <span className="spacer" />
        <button
          type="button"
          onClick={() => {
            setConfirmDelete(true);
          }}
        >
          Delete
        </button>
      </div>
      {notice === undefined ? null : (
        <p className="notice-box" role="status">
          {notice}
        </p>
      )}
      {changedMeanwhile && failure?.kind !== 'conflict' ? (
        <div className="notice-box tone-box-degraded" role="status">
          <p>This object was changed on the server since you started editing. Saving will be refused.</p>
          <ConflictActions
            onReload={reload}
            onDiff={() => {
              update({ diff: true });
            }}
          />
        </div>
      ) : null}
      {failure === undefined ? null : (
        <div className="notice-box tone-box-failure" role="alert">
          <p>
            <strong>
              {failure.kind === 'conflict'
                ? 'Someone else changed this object: your save was not applied.'
                : failure.kind === 'refused'
                  ? 'The server refused the change.'
                  : 'The change could not be made.'}
            </strong>{' '}
            {failure.message}
          </p>
          {failure.kind === 'conflict' ? (
            <ConflictActions
              onReload={reload}
              onDiff={async () => {
                await props.reload();
                update({ diff: true });
              }}
            />
          ) : null}
        </div>
      )}
      {snapshotError === null || snapshotError === undefined ? null : (
        <p className="muted" role="status">
          The mesh cannot be loaded for validation in the browser; the server still checks every save.
        </p>
      )}
      {diff ? (
        <DiffView
          label="Differences between the stored and the edited object"
          before={stored}
          after={text}
          beforeLabel={`Stored (resourceVersion ${props.details.resource.metadata.resourceVersion ?? '?'})`}
          afterLabel={dirty ? 'Edited' : 'Edited (no changes)'}
        />
      ) : null}
      <div hidden={diff}>
        <YamlEditor
          label={`YAML of ${locator.kind} ${locator.namespace}/${locator.name}`}
          initialText={stored}
          check={check}
          serverFindings={fromServer}
          handle={handle}
          onChange={(next) => {
            setText(next);
            setNotice(undefined);
            // The server's findings are about the text it was sent; an edit makes them stale.
            if (fromServer.length > 0) setFromServer(NO_FINDINGS);
          }}
          onFindings={setFindings}
        />
      </div>
      <FindingsList
        findings={findings}
        validated={check !== undefined}
        onGoTo={(f) => {
          update({ diff: false });
          handle.current?.moveTo(f.line, f.column);
        }}
      />
      {confirmDelete ? (
        <ConfirmDialog
          title={`Delete ${locator.kind} ${locator.name}?`}
          confirmLabel="Delete"
          onCancel={() => {
            setConfirmDelete(false);
          }}
          onConfirm={() => {
            setConfirmDelete(false);
            remove.mutate();
          }}
        >
          <p>
            {locator.kind} <strong>{locator.name}</strong> in namespace <strong>{locator.namespace}</strong>{' '}
            will be removed from the mesh. Its history is kept.
          </p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}

function ConflictActions(props: {
  readonly onReload: () => Promise<void>;
  readonly onDiff: () => void | Promise<void>;
}) {
  return (
    <div className="actions">
      <button type="button" onClick={() => void props.onReload()}>
        Reload (discard my changes)
      </button>
      <button type="button" onClick={() => void props.onDiff()}>
        Show differences
      </button>
    </div>
  );
}
