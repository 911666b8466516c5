// @vitest-environment jsdom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { appItem, ref, validation } from '../../components/test-fixtures.ts';
import { mockApi, renderRoute } from '../../components/test-support.tsx';
import { routes } from './index.ts';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const APPS = {
  cluster: 'Kubernetes',
  applications: [
    appItem('reviews', 'Degraded', { istioReferences: [ref('DestinationRule', 'reviews')] }),
    appItem('details', 'Healthy'),
    appItem('ratings', 'Failure', { istioSidecar: false }),
  ],
};

const CONFIG = {
  resources: {},
  validations: {
    'networking.istio.io/v1, Kind=DestinationRule': {
      'reviews.bookinfo': validation('DestinationRule', 'reviews', [
        { severity: 'error', message: 'This host has no endpoints' },
      ]),
    },
  },
  permissions: {},
};

function rowNames(): string[] {
  const table = screen.getByRole('table', { name: 'Applications' });
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map((r) => within(r).getAllByRole('cell')[1]?.textContent ?? '');
}

describe('ApplicationsListPage', () => {
  it('lists the apps with health, labels, missing sidecar and linked config validation', async () => {
    const calls = mockApi({ '/api/clusters/apps': { body: APPS }, '/api/istio/config': { body: CONFIG } });
    renderRoute(routes, '/applications?namespaces=bookinfo&duration=300');
    expect(await screen.findByRole('link', { name: 'reviews' })).toHaveProperty(
      'href',
      expect.stringContaining('/namespaces/bookinfo/applications/reviews'),
    );
    expect(rowNames()).toEqual(['details', 'ratings', 'reviews']);
    const reviews = screen.getByRole('link', { name: 'reviews' }).closest('tr');
    if (reviews === null) throw new Error('no row');
    expect(within(reviews).getByText('Degraded')).toBeDefined();
    expect(within(reviews).getByText('app=reviews')).toBeDefined();
    expect(await within(reviews).findByText('1 error')).toBeDefined();
    const ratings = screen.getByRole('link', { name: 'ratings' }).closest('tr');
    if (ratings === null) throw new Error('no row');
    expect(within(ratings).getByText('Missing Sidecar')).toBeDefined();
    const list = calls.find((c) => c.pathname === '/api/clusters/apps');
    expect(list?.searchParams.get('namespaces')).toBe('bookinfo');
    expect(list?.searchParams.get('rateInterval')).toBe('300s');
    expect(list?.searchParams.get('health')).toBe('true');
  });

  it('filters by name, health and missing sidecar through the URL', async () => {
    mockApi({ '/api/clusters/apps': { body: APPS }, '/api/istio/config': { body: CONFIG } });
    const view = renderRoute(routes, '/applications');
    await screen.findByRole('link', { name: 'reviews' });
    fireEvent.change(screen.getByLabelText('Filter by name'), { target: { value: 'rev' } });
    expect(view.search().get('name')).toBe('rev');
    expect(rowNames()).toEqual(['reviews']);
    fireEvent.change(screen.getByLabelText('Filter by name'), { target: { value: '' } });
    fireEvent.change(screen.getByLabelText('Health'), { target: { value: 'Failure' } });
    expect(view.search().get('health')).toBe('Failure');
    expect(rowNames()).toEqual(['ratings']);
    fireEvent.change(screen.getByLabelText('Health'), { target: { value: '' } });
    fireEvent.click(screen.getByLabelText('Missing sidecar only'));
    expect(view.search().get('sidecar')).toBe('missing');
    expect(rowNames()).toEqual(['ratings']);
  });

  it('sorts by a column header click, in the URL and aria-sort', async () => {
    mockApi({ '/api/clusters/apps': { body: APPS }, '/api/istio/config': { body: CONFIG } });
    const view = renderRoute(routes, '/applications');
    await screen.findByRole('link', { name: 'reviews' });
    fireEvent.click(screen.getByRole('button', { name: 'Health' }));
    expect(view.search().get('sort')).toBe('health');
    expect(view.search().get('direction')).toBe('asc');
    expect(screen.getByRole('columnheader', { name: /Health/ }).getAttribute('aria-sort')).toBe('ascending');
    expect(rowNames()).toEqual(['ratings', 'reviews', 'details']);
    fireEvent.click(screen.getByRole('button', { name: 'Name' }));
    fireEvent.click(screen.getByRole('button', { name: 'Name' }));
    expect(view.search().get('direction')).toBe('desc');
    expect(rowNames()).toEqual(['reviews', 'ratings', 'details']);
  });

  it("shows the server's message and names what is down on a 503", async () => {
    mockApi({
      '/api/clusters/apps': {
        status: 503,
        body: {
          error: 'Prometheus at http://127.0.0.1:9090 is unreachable: connect ECONNREFUSED',
          reason: 'unavailable',
        },
      },
      '/api/istio/config': { body: CONFIG },
    });
    renderRoute(routes, '/applications');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Prometheus is down');
    expect(alert.textContent).toContain('http://127.0.0.1:9090 is unreachable: connect ECONNREFUSED');
  });

  it('says what to do when there are no apps', async () => {
    mockApi({
      '/api/clusters/apps': { body: { cluster: 'Kubernetes', applications: [] } },
      '/api/istio/config': { body: CONFIG },
    });
    renderRoute(routes, '/applications');
    const empty = await screen.findByRole('region', { name: 'No applications' });
    expect(empty.textContent).toContain('npm start');
  });
});
