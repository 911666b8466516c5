/**
 * Create an Istio object from a template (`/istio/new/:group/:version/:kind`, Kiali's path): a
 * namespace and a name, the kind's template from mesh-core in the validating editor (refilled
 * from the two fields until the YAML is edited), and Create, which the server checks again; a
 * refused create shows the server's findings in the editor.
 */
import { KIALI_CONFIG_KINDS } from '@meshlens/mesh-core/api/istio-config-kinds';
import { istioConfigTemplate } from '@meshlens/mesh-core/config';
import type { IstioKind } from '@meshlens/mesh-core/config';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { sharedSearch, useSharedState } from '../../app/url.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { FindingsList } from './editor/FindingsList.tsx';
import type { YamlEditorHandle } from './editor/YamlEditor.tsx';
import { YamlEditor } from './editor/YamlEditor.tsx';
import type { EditorFinding } from './editor/editor-findings.ts';
import { serverFindings } from './editor/editor-findings.ts';
import { createIstioObject, editorKeys, namespacesQuery } from './editor/queries.ts';
import { useDocumentCheck } from './editor/use-document-check.ts';
import { istioObjectPagePath } from './editor/url.ts';
import type { WriteFailure } from './editor/write-failure.ts';
import { writeFailureOf } from './editor/write-failure.ts';

const NO_FINDINGS: readonly EditorFinding[] = [];

/** The store's kind the path names, if Meshlens keeps config of it. */
function storedKindOf(group: string, kind: string): IstioKind | undefined {
  return KIALI_CONFIG_KINDS.find((k) => k.gvk.Group === group && k.gvk.Kind === kind)?.stored;
}

export function IstioConfigNewPage() {
  const p = useParams();
  const group = p.group ?? '';
  const version = p.version ?? '';
  const kindWord = p.kind ?? '';
  const kind = storedKindOf(group, kindWord);
  if (kind === undefined)
    return (
      <EmptyState title={`Cannot create ${kindWord}`}>
        <p>
          Meshlens keeps no config of kind {group}/{version} {kindWord}. Pick a kind from the Create menu of{' '}
          <Link to="/istio">Istio Config</Link>.
        </p>
      </EmptyState>
    );
  return <NewObjectForm key={`${group}/${kindWord}`} kind={kind} group={group} version={version} />;
}

function NewObjectForm(props: {
  readonly kind: IstioKind;
  readonly group: string;
  readonly version: string;
}) {
  const { kind, group, version } = props;
  const client = useQueryClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const shared = useSharedState();
  const namespaces = useQuery(namespacesQuery());
  const [namespace, setNamespace] = useState(shared.namespaces[0] ?? 'default');
  const [name, setName] = useState(`my-${kind.toLowerCase()}`);
  const { check } = useDocumentCheck(namespace);
  const handle = useRef<YamlEditorHandle | null>(null);
  const [initial] = useState(() => istioConfigTemplate(kind, { namespace, name }));
  const [template, setTemplate] = useState(initial);
  const [text, setText] = useState(initial);
  const [findings, setFindings] = useState<readonly EditorFinding[]>(NO_FINDINGS);
  const [fromServer, setFromServer] = useState<readonly EditorFinding[]>(NO_FINDINGS);
  const [failure, setFailure] = useState<WriteFailure | undefined>();

  /** The fields refill the template for as long as the YAML is the template. */
  const refill = (next: { namespace: string; name: string }): void => {
    if (text !== template) return;
    const filled = istioConfigTemplate(kind, next);
    setTemplate(filled);
    setText(filled);
    handle.current?.setText(filled);
  };

  const create = useMutation({
    mutationFn: (body: string) => createIstioObject({ namespace, group, version, kind }, body),
    onSuccess: async (details) => {
      await Promise.all([
        client.invalidateQueries({ queryKey: ['istio', 'config'] }),
        client.invalidateQueries({ queryKey: ['istio', 'validations'] }),
        client.invalidateQueries({ queryKey: editorKeys.snapshot() }),
      ]);
      const created = {
        namespace: details.resource.metadata.namespace ?? namespace,
        group,
        version,
        kind,
        name: details.resource.metadata.name,
      };
      client.setQueryData(editorKeys.object(created), details);
      await navigate(`${istioObjectPagePath(created)}${sharedSearch(params)}`);
    },
    onError: (error, body) => {
      const f = writeFailureOf(error);
      setFailure(f);
      setFromServer(f.findings.length === 0 ? NO_FINDINGS : serverFindings(f.findings, body, namespace));
    },
  });

  const browserErrors = findings.filter((f) => f.origin === 'browser' && f.severity === 'error').length;
  const known = namespaces.data?.map((n) => n.name) ?? [];
  const choices = known.includes(namespace) ? known : [namespace, ...known];

  return (
    <section aria-labelledby="new-config-title" className="stack">
      <div>
        <p className="muted" style={{ margin: 0 }}>
          <Link to={`/istio${sharedSearch(params)}`}>Istio Config</Link> / New
        </p>
        <h1 id="new-config-title" className="page-title">
          Create {kind}
          <span className="page-subtitle">
            {group}/{version}
          </span>
        </h1>
      </div>
      <div className="editor-toolbar" role="toolbar" aria-label="New object">
        <label>
          <span>Namespace</span>
          <select
            value={namespace}
            onChange={(e) => {
              setNamespace(e.target.value);
              refill({ namespace: e.target.value, name });
            }}
          >
            {choices.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>Name</span>
          <input
            value={name}
            onChange={(e) => {
              setName(e.target.value);
              refill({ namespace, name: e.target.value });
            }}
          />
        </label>
        <span className="spacer" />
        <button
          type="button"
          disabled={create.isPending}
          title={
            browserErrors > 0
              ? `The editor found ${String(browserErrors)} error(s): the server will refuse the object`
              : `Create the ${kind}`
          }
          onClick={() => {
            create.mutate(handle.current?.getText() ?? text);
          }}
        >
          {create.isPending ? 'Creating…' : 'Create'}
        </button>
      </div>
      <p className="muted" style={{ margin: 0 }}>
        The namespace and name fill the template until you edit the YAML; lines marked <code># Replace:</code>{' '}
        need your values.
      </p>
      {failure === undefined ? null : (
        <div className="notice-box tone-box-failure" role="alert">
          <p>
            <strong>
              {failure.kind === 'conflict'
                ? `A ${kind} of that name exists already.`
                : failure.kind === 'refused'
                  ? 'The server refused the object.'
                  : 'The object could not be created.'}
            </strong>{' '}
            {failure.message}
          </p>
        </div>
      )}
      <div>
        <YamlEditor
          label={`YAML of the new ${kind}`}
          initialText={initial}
          check={check}
          serverFindings={fromServer}
          handle={handle}
          onChange={(next) => {
            setText(next);
            if (fromServer.length > 0) setFromServer(NO_FINDINGS);
          }}
          onFindings={setFindings}
        />
        <FindingsList
          findings={findings}
          validated={check !== undefined}
          onGoTo={(f) => handle.current?.moveTo(f.line, f.column)}
        />
      </div>
    </section>
  );
}
