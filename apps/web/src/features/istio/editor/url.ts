/**
 * The editor's pages' paths (Kiali's: `/namespaces/{ns}/istio/{group}/{version}/{kind}/{name}`
 * and `/istio/new/{group}/{version}/{kind}`) and their URL state: the tab (YAML or History),
 * the diff toggle and the revision shown in History, so that a reload or a shared link shows the
 * same thing.
 */
import type { ConfigObjectLocator } from '@meshlens/mesh-core/api/istio-config-editing';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';

const enc = encodeURIComponent;

export const ISTIO_OBJECT_ROUTE = '/namespaces/:namespace/istio/:group/:version/:kind/:object';
export const ISTIO_NEW_ROUTE = '/istio/new/:group/:version/:kind';

export function istioObjectPagePath(o: ConfigObjectLocator): string {
  return `/namespaces/${enc(o.namespace)}/istio/${enc(o.group)}/${enc(o.version)}/${enc(o.kind)}/${enc(o.name)}`;
}

export function istioNewPagePath(gvk: Pick<ConfigObjectLocator, 'group' | 'version' | 'kind'>): string {
  return `/istio/new/${enc(gvk.group)}/${enc(gvk.version)}/${enc(gvk.kind)}`;
}

export const EDITOR_TABS = ['yaml', 'history'] as const;
export type EditorTab = (typeof EDITOR_TABS)[number];

export interface EditorUrlState {
  readonly tab: EditorTab;
  readonly diff: boolean;
  /** The revision shown against the current one in History. */
  readonly revision: string | undefined;
}

export function readEditorUrlState(params: URLSearchParams): EditorUrlState {
  const tab = params.get('tab');
  const revision = params.get('revision');
  return {
    tab: tab === 'history' ? 'history' : 'yaml',
    diff: params.get('diff') === 'true',
    revision: revision === null || revision === '' ? undefined : revision,
  };
}

/** The state as URL parameters: defaults are left out, every other parameter is kept. */
export function writeEditorUrlState(
  params: URLSearchParams,
  state: Partial<EditorUrlState>,
): URLSearchParams {
  const next = new URLSearchParams(params);
  const set = (name: string, value: string | undefined): void => {
    if (value === undefined) next.delete(name);
    else next.set(name, value);
  };
  if (state.tab !== undefined) set('tab', state.tab === 'yaml' ? undefined : state.tab);
  if (state.diff !== undefined) set('diff', state.diff ? 'true' : undefined);
  if ('revision' in state) set('revision', state.revision);
  return next;
}

export function useEditorUrlState(): EditorUrlState & {
  readonly update: (state: Partial<EditorUrlState>) => void;
} {
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => readEditorUrlState(params), [params]);
  const update = useCallback(
    (changes: Partial<EditorUrlState>) => {
      setParams((prev) => writeEditorUrlState(prev, changes), { replace: true });
    },
    [setParams],
  );
  return { ...state, update };
}
