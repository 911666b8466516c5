// @vitest-environment jsdom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { componentHealth, meshStatus } from '../../components/test-fixtures.ts';
import { mockApi, renderRoute } from '../../components/test-support.tsx';
import { routes } from './index.ts';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const node = (pod: string) => `sidecar~10.0.0.1~${pod}.bookinfo~bookinfo.svc.cluster.local`;
const proxies = {
  controlPlane: componentHealth('istiod', 'http://127.0.0.1:15012'),
  proxies: [
    {
      node: node('reviews-v1-0'),
      namespace: 'bookinfo',
      workload: 'reviews-v1',
      pod: 'reviews-v1-0',
      kind: 'sidecar',
      connected: true,
      state: 'Stale',
      sent: 'abc123',
      acked: '9f00aa',
      lastNack: { revision: 'abc123', error: 'invalid route config' },
    },
    {
      node: node('ratings-v1-0'),
      namespace: 'bookinfo',
      workload: 'ratings-v1',
      pod: 'ratings-v1-0',
      kind: 'sidecar',
      connected: true,
      state: 'Synced',
      sent: 'abc123',
      acked: 'abc123',
    },
    {
      node: node('details-v1-0'),
      namespace: 'bookinfo',
      workload: 'details-v1',
      pod: 'details-v1-0',
      kind: 'sidecar',
      connected: false,
      state: 'Not sent',
    },
  ],
};

const cellsOf = (row: HTMLElement) =>
  within(row)
    .getAllByRole('cell')
    .map((c) => c.textContent);
const bodyRows = (table: HTMLElement) => within(table).getAllByRole('row').slice(1);

describe('MeshPage', () => {
  it('shows each component with its status and version', async () => {
    mockApi({ '/api/mesh/status': { body: meshStatus() }, '/api/mesh/proxies': { body: proxies } });
    renderRoute(routes, '/mesh');
    const components = await screen.findByRole('table', { name: 'Components' });
    const prom = within(components).getByText('Prometheus (prometheus)').closest('tr');
    if (prom === null) throw new Error('no row');
    expect(within(prom).getByText('Healthy')).toBeDefined();
    expect(within(prom).getByText('http://127.0.0.1:9090')).toBeDefined();
    expect(within(prom).getByText(meshStatus().components.prometheus.version)).toBeDefined();
  });

  it('shows per proxy the revision sent, the one acknowledged and the status with its NACK', async () => {
    mockApi({ '/api/mesh/status': { body: meshStatus() }, '/api/mesh/proxies': { body: proxies } });
    renderRoute(routes, '/mesh');
    const table = await screen.findByRole('table', { name: 'Proxies' });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((h) => h.textContent.replace(/[▲▼⇅]/g, '')),
    ).toEqual(['Proxy', 'Workload', 'Namespace', 'Kind', 'Config sent', 'Config acknowledged', 'Status']);
    // Sorted by proxy name by default.
    const [details, ratings, reviews] = bodyRows(table);
    if (details === undefined || ratings === undefined || reviews === undefined)
      throw new Error('rows missing');
    expect(cellsOf(reviews)).toEqual([
      `reviews-v1-0${node('reviews-v1-0')}`,
      'reviews-v1',
      'bookinfo',
      'sidecar',
      'abc123',
      '9f00aa',
      'StaleNACK abc123: invalid route config',
    ]);
    expect(cellsOf(ratings).slice(4)).toEqual(['abc123', 'abc123', 'Synced']);
    expect(cellsOf(details).slice(4)).toEqual(['None', 'None', 'Not sent (disconnected)']);
  });

  it('filters the proxies by status and by name, and sorts them', async () => {
    mockApi({ '/api/mesh/status': { body: meshStatus() }, '/api/mesh/proxies': { body: proxies } });
    const view = renderRoute(routes, '/mesh');
    await screen.findByRole('table', { name: 'Proxies' });
    fireEvent.change(screen.getByRole('combobox', { name: 'Status' }), { target: { value: 'NACK' } });
    expect(bodyRows(screen.getByRole('table', { name: 'Proxies' })).map((r) => cellsOf(r)[1])).toEqual([
      'reviews-v1',
    ]);
    expect(view.search().get('proxyStatus')).toBe('NACK');

    fireEvent.change(screen.getByRole('combobox', { name: 'Status' }), { target: { value: '' } });
    fireEvent.change(screen.getByRole('searchbox', { name: 'Name' }), { target: { value: 'RAT' } });
    expect(bodyRows(screen.getByRole('table', { name: 'Proxies' })).map((r) => cellsOf(r)[1])).toEqual([
      'ratings-v1',
    ]);
    expect(screen.getByText('1 of 3 proxies')).toBeDefined();

    fireEvent.change(screen.getByRole('searchbox', { name: 'Name' }), {
      target: { value: 'nothing-like-it' },
    });
    expect(screen.getByRole('region', { name: 'No matching proxies' })).toBeDefined();

    fireEvent.change(screen.getByRole('searchbox', { name: 'Name' }), { target: { value: '' } });
    const table = screen.getByRole('table', { name: 'Proxies' });
    fireEvent.click(within(table).getByRole('button', { name: /Status/ }));
    expect(bodyRows(screen.getByRole('table', { name: 'Proxies' })).map((r) => cellsOf(r)[1])).toEqual([
      'reviews-v1',
      'details-v1',
      'ratings-v1',
    ]);
    expect(view.search().get('sort')).toBe('status');
  });
});
