// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderRoute } from '../../components/test-support.tsx';
import {
  BOOKINFO_MESH,
  editorView,
  replaceText,
  snapshotJson,
  stubApi,
  stubLayout,
} from './editor/editor.test-support.ts';
import { routes } from './index.ts';

beforeEach(stubLayout);
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const OBJECT = '/api/namespaces/bookinfo/istio/networking.istio.io/v1/VirtualService/reviews';
const PAGE = '/namespaces/bookinfo/istio/networking.istio.io/v1/VirtualService/reviews';
const EDITOR = 'YAML of VirtualService bookinfo/reviews';
const HOST_NOT_FOUND = "DestinationWeight on route doesn't have a valid service (host not found)";

const resource = (host: string, resourceVersion = '7') => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name: 'reviews', namespace: 'bookinfo', resourceVersion, managedFields: [{ manager: 'x' }] },
  spec: { hosts: ['reviews'], http: [{ route: [{ destination: { host } }] }] },
});

const details = (host: string, resourceVersion = '7') => ({
  resource: resource(host, resourceVersion),
  namespace: { name: 'bookinfo', cluster: 'Kubernetes' },
  gvk: { Group: 'networking.istio.io', Version: 'v1', Kind: 'VirtualService' },
  permissions: { create: true, update: true, delete: true },
  validation: {
    name: 'reviews',
    namespace: 'bookinfo',
    cluster: 'Kubernetes',
    objectGVK: { Group: 'networking.istio.io', Version: 'v1', Kind: 'VirtualService' },
    valid: true,
    checks: [],
    references: [],
  },
  references: {
    objectReferences: [],
    serviceReferences: [{ name: 'reviews', namespace: 'bookinfo' }],
    workloadReferences: [],
  },
  help: null,
});

const validation = () => screen.getByRole('region', { name: 'Validation' });
const rowTexts = () =>
  within(validation())
    .queryAllByRole('row')
    .slice(1)
    .map((r) => r.textContent);

function api(extra: Parameters<typeof stubApi>[0] = {}) {
  return stubApi({
    [`GET ${OBJECT}`]: { body: details('reviews') },
    'GET /api/istio/validation-snapshot': { body: snapshotJson(BOOKINFO_MESH) },
    ...extra,
  });
}

describe('IstioConfigDetailsPage', () => {
  it('shows the YAML without managedFields, its references and the server validation', async () => {
    api();
    renderRoute(routes, PAGE);
    await screen.findByText('No findings', undefined, { timeout: 5000 });
    expect(screen.getByRole('heading', { name: /VirtualService: reviews/ })).toBeDefined();
    const text = editorView(EDITOR).state.doc.toString();
    expect(text).toContain('host: reviews');
    expect(text).toContain('resourceVersion: "7"');
    expect(text).not.toContain('managedFields');
    expect(screen.getByRole('link', { name: 'bookinfo/reviews' }).getAttribute('href')).toBe(
      '/namespaces/bookinfo/services/reviews',
    );
    expect(screen.getByText('Valid')).toBeDefined();
  });

  it('marks a missing destination host as KIA1101 at its line while typing, and clears it when fixed', async () => {
    api();
    renderRoute(routes, PAGE);
    await screen.findByText('No findings', undefined, { timeout: 5000 });
    const view = editorView(EDITOR);
    const broken = view.state.doc.toString().replace('host: reviews\n', 'host: nope\n');
    replaceText(view, broken);
    const line = broken.split('\n').findIndex((l) => l.includes('host: nope')) + 1;
    await waitFor(() => {
      expect(rowTexts()).toEqual([`✖ errorKIA1101${HOST_NOT_FOUND}${line}:19`]);
    });
    expect(within(validation()).getByText('1 error')).toBeDefined();
    // The marker in the editor carries the code and message, at the host's value.
    const marked = document.querySelector('.cm-lintRange-error');
    expect(marked?.textContent).toBe('nope');
    // Save stays possible (the server decides), and says what the editor found.
    expect(screen.getByRole('button', { name: 'Save' }).getAttribute('title')).toBe(
      'The editor found 1 error(s): the server will refuse the change',
    );

    replaceText(view, broken.replace('host: nope', 'host: ratings'));
    await waitFor(() => {
      expect(rowTexts()).toEqual([]);
    });
    expect(document.querySelector('.cm-lintRange-error')).toBeNull();
    expect(screen.getByRole('button', { name: 'Save' }).getAttribute('title')).toBe('Save the changes');
  });

  it('saves the whole text, and shows the findings of a refused save as from the server', async () => {
    const calls = api({
      [`PATCH ${OBJECT}`]: {
        status: 422,
        body: {
          error:
            'VirtualService bookinfo/reviews was refused: KIA1106 More than one VirtualService for same host',
          reason: 'unprocessable',
          findings: [
            {
              code: 'KIA1106',
              severity: 'error',
              message: 'More than one VirtualService for same host',
              path: 'spec/hosts[0]',
              source: { file: 'update of VirtualService bookinfo/reviews', line: 30, column: 1 },
            },
          ],
        },
      },
    });
    renderRoute(routes, PAGE);
    await screen.findByText('No findings', undefined, { timeout: 5000 });
    const view = editorView(EDITOR);
    const edited = view.state.doc.toString().replace('host: reviews\n', 'host: ratings\n');
    replaceText(view, edited);
    await waitFor(() => {
      expect(screen.getByRole('button', { name: 'Save' }).hasAttribute('disabled')).toBe(false);
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The server refused the change.');
    const patch = calls.find((c) => c.method === 'PATCH');
    expect(patch?.body).toBe(edited);
    const hostsLine = edited.split('\n').findIndex((l) => l.includes('- reviews')) + 1;
    await waitFor(() => {
      expect(rowTexts()).toEqual([
        `✖ errorKIA1106More than one VirtualService for same hostfrom the server${hostsLine}:7`,
      ]);
    });
  });

  it('says when someone else saved first and offers a reload', async () => {
    let version = '7';
    api({
      [`GET ${OBJECT}`]: () => ({ body: details('reviews', version) }),
      [`PATCH ${OBJECT}`]: () => {
        version = '8';
        return { status: 409, body: { error: 'resourceVersion 7 is no longer current', reason: 'conflict' } };
      },
    });
    renderRoute(routes, PAGE);
    await screen.findByText('No findings', undefined, { timeout: 5000 });
    const view = editorView(EDITOR);
    replaceText(view, view.state.doc.toString().replace('host: reviews\n', 'host: ratings\n'));
    await waitFor(() => {
      expect(screen.getByRole('button', { name: 'Save' }).hasAttribute('disabled')).toBe(false);
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Someone else changed this object');
    fireEvent.click(screen.getByRole('button', { name: 'Reload (discard my changes)' }));
    await waitFor(() => {
      expect(editorView(EDITOR).state.doc.toString()).toContain('resourceVersion: "8"');
    });
    expect(editorView(EDITOR).state.doc.toString()).toContain('host: reviews');
  });

  it('lists the revisions and rolls back to one after confirmation', async () => {
    const yaml = (host: string) =>
      `apiVersion: networking.istio.io/v1\nkind: VirtualService\nspec:\n  host: ${host}\n`;
    const revision = (n: string, operation: string, host: string) => ({
      revision: n,
      operation,
      timestamp: '2026-01-02T03:04:05Z',
      generation: Number(n),
      apiVersion: 'networking.istio.io/v1',
      uid: 'u1',
      yaml: yaml(host),
    });
    const calls = api({
      [`GET ${OBJECT}/revisions`]: {
        body: { revisions: [revision('3', 'create', 'ratings'), revision('7', 'update', 'reviews')] },
      },
      [`POST ${OBJECT}/rollback`]: { body: details('ratings', '9') },
    });
    renderRoute(routes, `${PAGE}?tab=history`);
    const table = await screen.findByRole('table', { name: 'Revisions' });
    expect(
      within(table)
        .getAllByRole('row')
        .slice(1)
        .map((r) => within(r).getAllByRole('cell')[1]?.textContent),
    ).toEqual(['update', 'create']);
    expect(screen.getByText(/Revision 3 \(create\) against the current revision 7/)).toBeDefined();
    fireEvent.click(screen.getByRole('button', { name: 'Roll back to this revision' }));
    const dialog = screen.getByRole('dialog', { name: 'Roll back to revision 3?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Roll back' }));
    expect((await screen.findByText(/Rolled back to revision 3/)).textContent).toContain('resourceVersion 9');
    const post = calls.find((c) => c.method === 'POST');
    expect(post?.url.pathname).toBe(`${OBJECT}/rollback`);
    expect(post?.url.searchParams.get('revision')).toBe('3');
  });

  it('shows the findings of a refused rollback', async () => {
    api({
      [`GET ${OBJECT}/revisions`]: {
        body: {
          revisions: ['3', '7'].map((n) => ({
            revision: n,
            operation: 'update',
            timestamp: '2026-01-02T03:04:05Z',
            generation: 1,
            apiVersion: 'networking.istio.io/v1',
            uid: 'u1',
            yaml: 'kind: VirtualService\n',
          })),
        },
      },
      [`POST ${OBJECT}/rollback`]: {
        status: 422,
        body: {
          error: 'refused',
          reason: 'unprocessable',
          findings: [{ code: 'KIA1101', severity: 'error', message: HOST_NOT_FOUND, path: '' }],
        },
      },
    });
    renderRoute(routes, `${PAGE}?tab=history&revision=3`);
    fireEvent.click(await screen.findByRole('button', { name: 'Roll back to this revision' }));
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Roll back' }));
    const findings = await screen.findByRole('region', { name: 'Rollback findings' });
    expect(findings.textContent).toContain(`KIA1101${HOST_NOT_FOUND}`);
  });
});
