/**
 * Helpers of the editor's page tests: CodeMirror in jsdom (which lays nothing out), the view
 * behind a rendered editor, a `fetch` stub that tells methods apart and records bodies, and the
 * validation snapshot the server would answer for a mesh written as YAML.
 */
import { validationSnapshotOf } from '@meshlens/mesh-core/api/istio-config-editing';
import { analyzeManifests, defaultMeshOptions } from '@meshlens/mesh-core/validation';
import { EditorView } from '@codemirror/view';
import { vi } from 'vitest';

/** jsdom has no layout: CodeMirror's measuring gets empty boxes. */
export function stubLayout(): void {
  const empty = (): DOMRect => new DOMRect(0, 0, 0, 0);
  const rects = (): DOMRectList => {
    const list: DOMRect[] = [];
    return Object.assign(list, { item: () => null });
  };
  Range.prototype.getBoundingClientRect = empty;
  Range.prototype.getClientRects = rects;
}

export function editorView(label: string): EditorView {
  const content = document.querySelector(`[aria-label="${label}"]`);
  if (!(content instanceof HTMLElement)) throw new Error(`no editor labelled ${label}`);
  const view = EditorView.findFromDOM(content);
  if (view === null) throw new Error(`no CodeMirror view for ${label}`);
  return view;
}

/** What a user's typing does: the whole text replaced by `text`. */
export function replaceText(view: EditorView, text: string): void {
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
}

export interface StubRequest {
  readonly method: string;
  readonly url: URL;
  readonly body: string | undefined;
}
export interface StubAnswer {
  readonly status?: number;
  /** Undefined: an empty body. */
  readonly body?: unknown;
}

/** `"METHOD /path"` → answer; every request is recorded. */
export function stubApi(
  table: Readonly<Record<string, StubAnswer | ((r: StubRequest) => StubAnswer)>>,
): StubRequest[] {
  const calls: StubRequest[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn((input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(
        typeof input === 'string' ? input : input instanceof URL ? input.href : input.url,
        'http://console',
      );
      const method = init?.method ?? 'GET';
      const request = { method, url, body: typeof init?.body === 'string' ? init.body : undefined };
      calls.push(request);
      const entry = table[`${method} ${url.pathname}`];
      const answer: StubAnswer =
        entry === undefined
          ? { status: 404, body: { error: `no stub for ${method} ${url.pathname}`, reason: 'not-found' } }
          : typeof entry === 'function'
            ? entry(request)
            : entry;
      return Promise.resolve(
        new Response(answer.body === undefined ? null : JSON.stringify(answer.body), {
          status: answer.status ?? 200,
          headers: { 'content-type': 'application/json' },
        }),
      );
    }),
  );
  return calls;
}

/** The server's validation snapshot of a mesh given as manifests. */
export function snapshotJson(meshYaml: string): unknown {
  const { snapshot } = analyzeManifests([{ file: 'mesh.yaml', text: meshYaml }]);
  return JSON.parse(JSON.stringify(validationSnapshotOf({ ...snapshot, revision: '7' }, defaultMeshOptions)));
}

export const BOOKINFO_MESH = `apiVersion: v1
kind: Namespace
metadata: {name: bookinfo}
---
apiVersion: v1
kind: Service
metadata: {name: reviews, namespace: bookinfo}
spec:
  selector: {app: reviews}
  ports: [{port: 9080, name: http}]
---
apiVersion: v1
kind: Service
metadata: {name: ratings, namespace: bookinfo}
spec:
  selector: {app: ratings}
  ports: [{port: 9080, name: http}]
`;
