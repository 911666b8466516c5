/**
 * The History tab of a config object: its revisions (newest first: revision, operation, time),
 * the chosen one's differences against the current one, and "Roll back to this revision"
 * (confirmed; the server checks it like an update, and a refusal shows its findings).
 */
import type { ConfigObjectLocator, ConfigRevision } from '@meshlens/mesh-core/api/istio-config-editing';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorState, LoadingState } from '../../../components/QueryStates.tsx';
import { ConfirmDialog } from './ConfirmDialog.tsx';
import { DiffView } from './DiffView.tsx';
import { FindingsList } from './FindingsList.tsx';
import { serverFindings } from './editor-findings.ts';
import { configRevisionsQuery, editorKeys, rollbackIstioObject } from './queries.ts';
import { useEditorUrlState } from './url.ts';
import type { WriteFailure } from './write-failure.ts';
import { writeFailureOf } from './write-failure.ts';
import './editor.css';

const timeText = (iso: string): string => {
  const t = new Date(iso);
  return Number.isNaN(t.getTime()) ? iso : t.toLocaleString();
};

/** The revision shown by default: the one before the current, the first change worth seeing. */
function defaultRevision(newestFirst: readonly ConfigRevision[]): ConfigRevision | undefined {
  return newestFirst[1] ?? newestFirst[0];
}

export function HistoryPanel(props: { readonly locator: ConfigObjectLocator }) {
  const { locator } = props;
  const client = useQueryClient();
  const { revision: chosen, update } = useEditorUrlState();
  const query = useQuery(configRevisionsQuery(locator));
  const [confirm, setConfirm] = useState(false);
  const [failure, setFailure] = useState<{ revision: ConfigRevision; failure: WriteFailure } | undefined>();
  const [done, setDone] = useState<string | undefined>();

  const rollback = useMutation({
    mutationFn: (r: ConfigRevision) => rollbackIstioObject(locator, r.revision),
    onSuccess: async (details, r) => {
      setFailure(undefined);
      setDone(
        `Rolled back to revision ${r.revision}; the object is now at resourceVersion ${details.resource.metadata.resourceVersion ?? '?'}.`,
      );
      client.setQueryData(editorKeys.object(locator), details);
      await Promise.all([
        client.invalidateQueries({ queryKey: editorKeys.revisions(locator) }),
        client.invalidateQueries({ queryKey: ['istio', 'config'] }),
        client.invalidateQueries({ queryKey: ['istio', 'validations'] }),
        client.invalidateQueries({ queryKey: editorKeys.snapshot() }),
      ]);
    },
    onError: (error, r) => {
      setDone(undefined);
      setFailure({ revision: r, failure: writeFailureOf(error) });
    },
  });

  if (query.isPending) return <LoadingState what="revisions" />;
  if (query.isError) return <ErrorState error={query.error} what="revisions" />;
  const newestFirst = [...query.data.revisions].reverse();
  const current = newestFirst[0];
  if (current === undefined) return <p className="muted">This object has no recorded revisions.</p>;
  const selected = newestFirst.find((r) => r.revision === chosen) ?? defaultRevision(newestFirst);

  return (
    <div className="history-layout">
      <table className="data-table" aria-label="Revisions">
        <thead>
          <tr>
            <th scope="col">Revision</th>
            <th scope="col">Operation</th>
            <th scope="col">Time</th>
          </tr>
        </thead>
        <tbody>
          {newestFirst.map((r) => (
            <tr key={r.revision} aria-selected={r.revision === selected?.revision}>
              <td>
                <button
                  type="button"
                  className="link-button"
                  aria-label={`Show revision ${r.revision}`}
                  onClick={() => {
                    update({ revision: r.revision });
                  }}
                >
                  {r.revision}
                </button>
                {r === current ? <span className="chip finding-origin">current</span> : null}
              </td>
              <td>
                {r.operation}
                {r.rollbackOf === undefined ? null : <span className="muted"> (of {r.rollbackOf})</span>}
              </td>
              <td>
                <time dateTime={r.timestamp}>{timeText(r.timestamp)}</time>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {selected === undefined ? null : (
        <div>
          <div className="editor-toolbar">
            <strong>
              Revision {selected.revision} ({selected.operation}) against the current revision{' '}
              {current.revision}
            </strong>
            <span className="spacer" />
            <button
              type="button"
              disabled={selected === current || selected.operation === 'delete' || rollback.isPending}
              title={
                selected === current
                  ? 'This is the current revision'
                  : selected.operation === 'delete'
                    ? 'A deletion cannot be restored; pick the revision before it'
                    : `Restore revision ${selected.revision}`
              }
              onClick={() => {
                setConfirm(true);
              }}
            >
              Roll back to this revision
            </button>
          </div>
          {done === undefined ? null : (
            <p className="notice-box" role="status">
              {done}
            </p>
          )}
          {failure === undefined ? null : (
            <div className="notice-box tone-box-failure" role="alert">
              <p>
                <strong>The rollback to revision {failure.revision.revision} was refused.</strong>{' '}
                {failure.failure.message}
              </p>
              {failure.failure.findings.length === 0 ? null : (
                <FindingsList
                  label="Rollback findings"
                  validated
                  findings={serverFindings(
                    failure.failure.findings,
                    failure.revision.yaml,
                    locator.namespace,
                  )}
                />
              )}
            </div>
          )}
          <DiffView
            label={`Differences between revision ${selected.revision} and the current revision`}
            before={selected.yaml}
            after={current.yaml}
            beforeLabel={`Revision ${selected.revision} (${selected.operation}, ${timeText(selected.timestamp)})`}
            afterLabel={`Current: revision ${current.revision}`}
          />
        </div>
      )}
      {confirm && selected !== undefined ? (
        <ConfirmDialog
          title={`Roll back to revision ${selected.revision}?`}
          confirmLabel="Roll back"
          onCancel={() => {
            setConfirm(false);
          }}
          onConfirm={() => {
            setConfirm(false);
            rollback.mutate(selected);
          }}
        >
          <p>
            {locator.kind} <strong>{locator.name}</strong> gets the content of revision {selected.revision} as
            a new revision; the server checks it against the mesh first.
          </p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
