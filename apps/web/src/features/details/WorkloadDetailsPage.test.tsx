// @vitest-environment jsdom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  calculated,
  pod,
  ref,
  requests,
  syncedProxy,
  validation,
  workloadItem,
  workloadStatus,
} from '../../components/test-fixtures.ts';
import { mockApi, renderRoute, stubResizeObserver } from '../../components/test-support.tsx';
import { routes } from './index.ts';

beforeEach(stubResizeObserver);
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const WORKLOAD = {
  ...workloadItem('reviews-v2', 'Degraded', { istioReferences: [ref('DestinationRule', 'reviews')] }),
  desiredReplicas: 2,
  currentReplicas: 2,
  availableReplicas: 1,
  pods: [pod('reviews-v2-0'), pod('reviews-v2-1', syncedProxy({ RDS: 'Stale', EDS: 'NOT_SENT' }))],
  services: [],
  runtimes: [],
  additionalDetails: [],
  validations: { workload: { 'reviews-v2.bookinfo': validation('workload', 'reviews-v2') } },
  waypointWorkloads: [],
};

const HEALTH = {
  workloadStatus: workloadStatus('reviews-v2', 1, 2, 1),
  requests: requests({ http: { '200': 9, '503': 1 } }),
  status: calculated('Failure', 10),
};

const CONFIG = {
  resources: {},
  validations: {
    'networking.istio.io/v1, Kind=DestinationRule': {
      'reviews.bookinfo': validation('DestinationRule', 'reviews', [
        { severity: 'error', message: 'Subset v4 not found' },
      ]),
    },
  },
  permissions: {},
};

const node = (id: string, data: Record<string, unknown>) => ({
  data: { id, cluster: 'Kubernetes', namespace: 'bookinfo', healthData: null, ...data },
});
const GRAPH = {
  timestamp: 1,
  duration: 60,
  graphType: 'workload',
  elements: {
    nodes: [
      node('svc', { nodeType: 'service', service: 'reviews', healthStatus: 'Healthy' }),
      node('me', { nodeType: 'workload', workload: 'reviews-v2', app: 'reviews' }),
      node('ratings', { nodeType: 'service', service: 'ratings', healthStatus: 'Degraded' }),
    ],
    edges: [
      {
        data: {
          id: 'e1',
          source: 'svc',
          target: 'me',
          traffic: { protocol: 'http', rates: { http: '4.00', httpPercentErr: '25.0' } },
        },
      },
      {
        data: {
          id: 'e2',
          source: 'me',
          target: 'ratings',
          traffic: { protocol: 'http', rates: { http: '2.50' } },
        },
      },
    ],
  },
};

function api() {
  return mockApi({
    '/api/namespaces/bookinfo/workloads/reviews-v2': { body: WORKLOAD },
    '/api/namespaces/bookinfo/workloads/reviews-v2/health': { body: HEALTH },
    '/api/istio/config': { body: CONFIG },
    '/api/namespaces/bookinfo/workloads/reviews-v2/graph': { body: GRAPH },
    '/api/namespaces/bookinfo/workloads/reviews-v2/metrics': { body: { request_count: [] } },
  });
}

describe('WorkloadDetailsPage', () => {
  it('shows the health with the checks that made it fail, and pods with their proxy sync', async () => {
    api();
    renderRoute(routes, '/namespaces/bookinfo/workloads/reviews-v2');
    const checks = await screen.findByRole('list', { name: 'Health checks' });
    expect(checks.textContent).toContain('reviews-v2: 1/2 replicas available');
    expect(checks.textContent).toContain('reviews-v2: 1/2 proxies synced (proxies not synced)');
    expect(checks.textContent).toContain(
      'Inbound requests: 10% errors of 10.00 req/s — request errors over the tolerance',
    );
    const pods = screen.getByRole('table', { name: 'Pods' });
    const stale = within(pods).getByText('reviews-v2-1').closest('tr');
    if (stale === null) throw new Error('no row');
    expect(within(stale).getByText('RDS: Stale')).toBeDefined();
    expect(within(stale).getByText('EDS: NOT_SENT')).toBeDefined();
    const config = screen.getByRole('table', { name: 'Istio config' });
    expect(await within(config).findByText('1 error')).toBeDefined();
  });

  it('shows inbound and outbound peers on the Traffic tab, the tab in the URL', async () => {
    api();
    const view = renderRoute(routes, '/namespaces/bookinfo/workloads/reviews-v2');
    fireEvent.click(await screen.findByRole('tab', { name: 'Traffic' }));
    expect(view.search().get('tab')).toBe('traffic');
    const inbound = await screen.findByRole('table', { name: 'Inbound traffic' });
    expect(within(inbound).getByRole('link', { name: 'reviews (bookinfo)' })).toBeDefined();
    expect(within(inbound).getByText('4.00 rps')).toBeDefined();
    expect(within(inbound).getByText('75.0%')).toBeDefined();
    const outbound = screen.getByRole('table', { name: 'Outbound traffic' });
    expect(within(outbound).getByText('ratings (bookinfo)')).toBeDefined();
    expect(within(outbound).getByText('Degraded')).toBeDefined();
  });

  it('asks the metrics with the reporter and "show by" labels kept in the URL', async () => {
    const calls = api();
    const view = renderRoute(routes, '/namespaces/bookinfo/workloads/reviews-v2?tab=in_metrics');
    expect(await screen.findByRole('figure', { name: 'Request volume' })).toBeDefined();
    const first = calls.find((c) => c.pathname.endsWith('/metrics'));
    expect(first?.searchParams.get('direction')).toBe('inbound');
    expect(first?.searchParams.get('reporter')).toBe('destination');
    expect(first?.searchParams.getAll('quantiles[]')).toEqual(['0.5', '0.95', '0.99']);
    fireEvent.change(screen.getByLabelText('Reported from'), { target: { value: 'source' } });
    fireEvent.click(screen.getByLabelText('Remote app'));
    expect(view.search().get('reporter')).toBe('source');
    expect(view.search().get('bylbl')).toBe('source_canonical_service');
    await vi.waitFor(() => {
      const last = calls.filter((c) => c.pathname.endsWith('/metrics')).at(-1);
      expect(last?.searchParams.get('reporter')).toBe('source');
      expect(last?.searchParams.getAll('byLabels[]')).toEqual(['source_canonical_service']);
    });
  });

  it("shows the server's message when the workload does not exist", async () => {
    mockApi({
      '/api/namespaces/bookinfo/workloads/nope': {
        status: 404,
        body: { error: 'Workload [nope] in namespace [bookinfo] does not exist.', reason: 'not-found' },
      },
    });
    renderRoute(routes, '/namespaces/bookinfo/workloads/nope');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Workload not found');
    expect(alert.textContent).toContain('Workload [nope] in namespace [bookinfo] does not exist.');
  });
});
