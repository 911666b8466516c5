// @vitest-environment jsdom
import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { componentHealth, meshStatus } from '../../components/test-fixtures.ts';
import { mockApi, renderRoute } from '../../components/test-support.tsx';
import { routes } from './index.ts';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('MeshPage', () => {
  it('shows each component and the proxies with their sync state and last NACK', async () => {
    mockApi({
      '/api/mesh/status': { body: meshStatus() },
      '/api/mesh/proxies': {
        body: {
          controlPlane: componentHealth('istiod', 'http://127.0.0.1:15012'),
          proxies: [
            {
              node: 'sidecar~10.0.0.1~reviews-v1-0.bookinfo~bookinfo.svc.cluster.local',
              namespace: 'bookinfo',
              workload: 'reviews-v1',
              pod: 'reviews-v1-0',
              kind: 'sidecar',
              connected: true,
              state: 'Stale',
              lastNack: { revision: 'abc123', error: 'invalid route config' },
            },
          ],
        },
      },
    });
    renderRoute(routes, '/mesh');
    const components = await screen.findByRole('table', { name: 'Components' });
    const prom = within(components).getByText('Prometheus (prometheus)').closest('tr');
    if (prom === null) throw new Error('no row');
    expect(within(prom).getByText('Healthy')).toBeDefined();
    expect(within(prom).getByText('http://127.0.0.1:9090')).toBeDefined();
    const proxies = await screen.findByRole('table', { name: 'Proxies' });
    expect(within(proxies).getByText('Stale')).toBeDefined();
    expect(within(proxies).getByText('abc123: invalid route config')).toBeDefined();
  });
});
