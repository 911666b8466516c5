// @vitest-environment jsdom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { istioObject, validation } from '../../components/test-fixtures.ts';
import { mockApi, renderRoute } from '../../components/test-support.tsx';
import { routes } from './index.ts';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const LIST = {
  resources: {
    'networking.istio.io/v1, Kind=VirtualService': [istioObject('VirtualService', 'bookinfo')],
    'networking.istio.io/v1, Kind=DestinationRule': [
      istioObject('DestinationRule', 'reviews'),
      istioObject('DestinationRule', 'details'),
    ],
  },
  validations: {
    'networking.istio.io/v1, Kind=VirtualService': {
      'bookinfo.bookinfo': validation('VirtualService', 'bookinfo', [
        { severity: 'error', message: 'Destination host not found' },
        { severity: 'warning', message: 'Subset not found' },
      ]),
    },
    'networking.istio.io/v1, Kind=DestinationRule': {
      'reviews.bookinfo': validation('DestinationRule', 'reviews'),
    },
  },
  permissions: {},
};

const names = () =>
  within(screen.getByRole('table', { name: 'Istio config' }))
    .getAllByRole('row')
    .slice(1)
    .map((r) => within(r).getAllByRole('cell')[0]?.textContent);

describe('IstioConfigListPage', () => {
  it('lists config with validation counts and the messages', async () => {
    const calls = mockApi({ '/api/istio/config': { body: LIST } });
    renderRoute(routes, '/istio?namespaces=bookinfo');
    await screen.findByRole('table', { name: 'Istio config' });
    expect(names()).toEqual(['bookinfo', 'details', 'reviews']);
    const row = within(screen.getByRole('table', { name: 'Istio config' })).getAllByRole('row')[1];
    if (row === undefined) throw new Error('no row');
    expect(within(row).getByText('1 error, 1 warning')).toBeDefined();
    expect(within(row).getByText('error: Destination host not found')).toBeDefined();
    expect(screen.getByText('Not validated')).toBeDefined();
    expect(calls[0]?.searchParams.get('validate')).toBe('true');
    expect(calls[0]?.searchParams.get('namespaces')).toBe('bookinfo');
  });

  it('filters by type and sorts by validation, in the URL', async () => {
    mockApi({ '/api/istio/config': { body: LIST } });
    const view = renderRoute(routes, '/istio');
    await screen.findByRole('table', { name: 'Istio config' });
    fireEvent.change(screen.getByLabelText('Type'), { target: { value: 'DestinationRule' } });
    expect(view.search().get('type')).toBe('DestinationRule');
    expect(names()).toEqual(['details', 'reviews']);
    fireEvent.click(screen.getByRole('button', { name: 'Configuration' }));
    expect(view.search().get('sort')).toBe('validation');
    expect(names()).toEqual(['reviews', 'details']);
  });

  it('links each row to its details page and offers a Create entry per kind', async () => {
    mockApi({ '/api/istio/config': { body: LIST } });
    renderRoute(routes, '/istio?namespaces=bookinfo');
    const link = await screen.findByRole('link', { name: 'bookinfo' });
    expect(link.getAttribute('href')).toBe(
      '/namespaces/bookinfo/istio/networking.istio.io/v1/VirtualService/bookinfo?namespaces=bookinfo',
    );
    fireEvent.click(screen.getByRole('button', { name: /Create/ }));
    const item = within(screen.getByRole('menu', { name: 'Create' })).getByRole('menuitem', {
      name: 'DestinationRule',
    });
    expect(item.getAttribute('href')).toBe(
      '/istio/new/networking.istio.io/v1/DestinationRule?namespaces=bookinfo',
    );
  });
});
