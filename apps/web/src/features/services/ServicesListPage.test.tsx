// @vitest-environment jsdom
import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ref, serviceItem, validation } from '../../components/test-fixtures.ts';
import { mockApi, renderRoute } from '../../components/test-support.tsx';
import { routes } from './index.ts';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('ServicesListPage', () => {
  it('lists services with health and their linked config with its validation', async () => {
    mockApi({
      '/api/clusters/services': {
        body: {
          cluster: 'Kubernetes',
          services: [
            serviceItem('productpage', 'Healthy', { istioReferences: [ref('VirtualService', 'bookinfo')] }),
            serviceItem('reviews', 'Degraded'),
          ],
          validations: {},
        },
      },
      '/api/istio/config': {
        body: {
          resources: {},
          validations: {
            'networking.istio.io/v1, Kind=VirtualService': {
              'bookinfo.bookinfo': validation('VirtualService', 'bookinfo', [
                { severity: 'warning', message: 'VirtualService is unused' },
                { severity: 'warning', message: 'Another' },
              ]),
            },
          },
          permissions: {},
        },
      },
    });
    renderRoute(routes, '/services?sort=health');
    const table = await screen.findByRole('table', { name: 'Services' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getAllByRole('link')[0]?.textContent)).toEqual([
      'reviews',
      'productpage',
    ]);
    const product = rows[1];
    if (product === undefined) throw new Error('no row');
    expect(within(product).getByRole('link', { name: 'VirtualService bookinfo' })).toBeDefined();
    expect(await within(product).findByText('2 warnings')).toBeDefined();
  });
});
