// @vitest-environment jsdom
import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { calculated, requests } from '../../components/test-fixtures.ts';
import { mockApi, renderRoute, stubResizeObserver } from '../../components/test-support.tsx';
import { routes } from './index.ts';

beforeEach(stubResizeObserver);
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const ns = (name: string) => ({
  name,
  cluster: 'Kubernetes',
  isAmbient: false,
  isControlPlane: false,
  labels: {},
  annotations: {},
});
const svc = (status: Parameters<typeof calculated>[0]) => ({
  requests: requests(),
  status: calculated(status),
});

function api(namespaces: unknown[]) {
  return mockApi({
    '/api/namespaces': { body: namespaces },
    '/api/clusters/health': (url) => ({
      body:
        url.searchParams.get('type') === 'service'
          ? {
              namespaceServiceHealth: {
                bookinfo: { a: svc('Healthy'), b: svc('Healthy'), c: svc('Failure') },
              },
            }
          : url.searchParams.get('type') === 'app'
            ? { namespaceAppHealth: { bookinfo: {} } }
            : { namespaceWorkloadHealth: { bookinfo: { w: { workloadStatus: null, ...svc('Degraded') } } } },
    }),
    '/api/clusters/tls': {
      body: [{ status: 'MTLS_NOT_ENABLED', autoMTLSEnabled: true, minTLS: '', namespace: 'bookinfo' }],
    },
    '/api/mesh/tls': { body: { status: 'MTLS_ENABLED', autoMTLSEnabled: true, minTLS: '' } },
    '/api/istio/validations': {
      body: [{ errors: 2, warnings: 1, objectCount: 5, namespace: 'bookinfo', cluster: 'Kubernetes' }],
    },
    '/api/namespaces/bookinfo/metrics': {
      body: {
        request_count: [
          {
            labels: {},
            name: 'request_count',
            datapoints: [
              [1, '1.5'],
              [2, '2.25'],
            ],
          },
        ],
      },
    },
  });
}

describe('OverviewPage', () => {
  it('shows a card per namespace with health counts, mTLS, validations and traffic', async () => {
    const calls = api([ns('bookinfo')]);
    renderRoute(routes, '/overview?duration=600');
    const card = await screen.findByRole('article', { name: 'bookinfo' });
    await within(card).findByText('Failure');
    expect(within(card).getByText('None')).toBeDefined();
    expect(within(card).getByTitle('2 Healthy')).toBeDefined();
    expect(within(card).getByTitle('1 Failure')).toBeDefined();
    expect(within(card).getByTitle('1 Degraded')).toBeDefined();
    // Mesh-wide STRICT reaches a namespace that sets nothing (Kiali's nsWideMTLSStatus).
    expect(await within(card).findByText('mTLS is enabled (mesh-wide)')).toBeDefined();
    expect(within(card).getByRole('link', { name: '2 errors, 1 warning' })).toBeDefined();
    expect(await within(card).findByText('Inbound: 2.25 rps')).toBeDefined();
    expect(within(card).getByRole('link', { name: 'Graph' }).getAttribute('href')).toBe(
      '/graph/namespaces?duration=600&namespaces=bookinfo',
    );
    const metrics = calls.find((c) => c.pathname === '/api/namespaces/bookinfo/metrics');
    expect(metrics?.searchParams.get('step')).toBe('20');
    expect(metrics?.searchParams.get('direction')).toBe('inbound');
    expect(calls.find((c) => c.pathname === '/api/clusters/health')?.searchParams.get('rateInterval')).toBe(
      '600s',
    );
  });

  it('says how to get namespaces when there are none', async () => {
    api([]);
    renderRoute(routes, '/overview');
    const empty = await screen.findByRole('region', { name: 'No namespaces' });
    expect(empty.textContent).toContain('npm start');
    expect(empty.textContent).toContain('meshlens apply -f');
  });
});
