// @vitest-environment jsdom
import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { validation, workloadItem } from '../../components/test-fixtures.ts';
import { mockApi, renderRoute } from '../../components/test-support.tsx';
import { routes } from './index.ts';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('WorkloadsListPage', () => {
  it('lists workloads with their own validation and a missing sidecar, filtered from the URL', async () => {
    mockApi({
      '/api/clusters/workloads': {
        body: {
          cluster: 'Kubernetes',
          workloads: [
            workloadItem('reviews-v1', 'Healthy'),
            workloadItem('legacy-v1', 'NA', { istioSidecar: false }),
          ],
          validations: {
            workload: {
              'legacy-v1.bookinfo': validation('workload', 'legacy-v1', [
                { severity: 'warning', message: 'Pod has no Istio sidecar' },
              ]),
            },
          },
        },
      },
      '/api/istio/config': { body: { resources: {}, validations: {}, permissions: {} } },
    });
    renderRoute(routes, '/workloads?sidecar=missing');
    const link = await screen.findByRole('link', { name: 'legacy-v1' });
    expect(screen.queryByRole('link', { name: 'reviews-v1' })).toBeNull();
    const row = link.closest('tr');
    if (row === null) throw new Error('no row');
    expect(within(row).getByText('Missing Sidecar')).toBeDefined();
    expect(within(row).getByText('1 warning')).toBeDefined();
    expect(within(row).getByText('No health information')).toBeDefined();
    expect(link.getAttribute('href')).toBe('/namespaces/bookinfo/workloads/legacy-v1');
  });
});
