// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
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

const EDITOR = 'YAML of the new VirtualService';
const KIND = '/api/namespaces/bookinfo/istio/networking.istio.io/v1/VirtualService';

function api(extra: Parameters<typeof stubApi>[0] = {}) {
  return stubApi({
    'GET /api/namespaces': { body: [{ name: 'bookinfo', cluster: 'Kubernetes', labels: {} }] },
    'GET /api/istio/validation-snapshot': { body: snapshotJson(BOOKINFO_MESH) },
    ...extra,
  });
}

describe('IstioConfigNewPage', () => {
  it('prefills the kind’s template with the namespace and name, and refills it from the fields', async () => {
    api();
    renderRoute(routes, '/istio/new/networking.istio.io/v1/VirtualService?namespaces=bookinfo');
    await screen.findByText(/No findings|warning/, undefined, { timeout: 5000 });
    const text = () => editorView(EDITOR).state.doc.toString();
    expect(text()).toContain('kind: VirtualService');
    expect(text()).toContain('name: my-virtualservice');
    expect(text()).toContain('namespace: bookinfo');
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'reviews-route' } });
    expect(text()).toContain('name: reviews-route');
  });

  it('creates the object from the edited text, and shows a refusal’s findings in the editor', async () => {
    const calls = api({
      [`POST ${KIND}`]: {
        status: 422,
        body: {
          error: 'refused',
          reason: 'unprocessable',
          findings: [
            {
              code: 'KIA1101',
              severity: 'error',
              message: "DestinationWeight on route doesn't have a valid service (host not found)",
              path: 'spec/http[0]/route[0]/destination/host',
              source: { file: 'request body', line: 8, column: 19 },
            },
          ],
        },
      },
    });
    renderRoute(routes, '/istio/new/networking.istio.io/v1/VirtualService?namespaces=bookinfo');
    await screen.findByText(/No findings|warning/, undefined, { timeout: 5000 });
    const view = editorView(EDITOR);
    const edited = `${view.state.doc.toString()}# mine\n`;
    replaceText(view, edited);
    fireEvent.click(screen.getByRole('button', { name: 'Create' }));
    expect((await screen.findByRole('alert')).textContent).toContain('The server refused the object.');
    expect(calls.find((c) => c.method === 'POST')?.body).toBe(edited);
    await waitFor(() => {
      expect(screen.getByRole('region', { name: 'Validation' }).textContent).toContain('from the server');
    });
  });

  it('says so for a kind Meshlens does not keep', async () => {
    api();
    renderRoute(routes, '/istio/new/gateway.networking.k8s.io/v1/HTTPRoute');
    expect(await screen.findByText('Cannot create HTTPRoute')).toBeDefined();
  });
});
