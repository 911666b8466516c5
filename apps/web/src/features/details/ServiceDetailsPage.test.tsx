// @vitest-environment jsdom
import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { calculated, istioObject, requests, validation } from '../../components/test-fixtures.ts';
import { mockApi, renderRoute } from '../../components/test-support.tsx';
import { routes } from './index.ts';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const SERVICE = {
  service: {
    name: 'reviews',
    namespace: 'bookinfo',
    cluster: 'Kubernetes',
    createdAt: '2026-01-01T00:00:00Z',
    resourceVersion: '1',
    labels: { app: 'reviews' },
    annotations: {},
    selectors: { app: 'reviews' },
    type: 'ClusterIP',
    ip: '10.0.0.9',
    externalName: '',
    ports: [{ name: 'http', protocol: 'TCP', port: 9080, istioProtocol: 'http', tlsMode: 'istio' }],
    additionalDetails: [],
  },
  endpoints: [{ addresses: [{ ip: '', kind: 'Pod', name: 'reviews-v1-0' }], ports: [] }],
  workloads: [
    {
      name: 'reviews-v1',
      namespace: 'bookinfo',
      type: 'Deployment',
      createdAt: '2026-01-01T00:00:00Z',
      resourceVersion: '1',
      labels: { app: 'reviews', version: 'v1' },
      serviceAccountNames: [],
      isAmbient: false,
      isGateway: false,
      isWaypoint: false,
      isZtunnel: false,
      istioSidecar: false,
    },
  ],
  virtualServices: [
    { ...istioObject('VirtualService', 'reviews-route'), apiVersion: 'networking.istio.io/v1beta1' },
  ],
  destinationRules: [istioObject('DestinationRule', 'reviews')],
  serviceEntries: [],
  k8sHTTPRoutes: [],
  k8sGRPCRoutes: [],
  k8sInferencePools: [],
  istioSidecar: true,
  isAmbient: false,
  istioPermissions: { create: true, update: true, delete: true },
  namespaceMTLS: { status: 'MTLS_ENABLED', autoMTLSEnabled: true, minTLS: '' },
  validations: {
    // Kiali keys validations by its list's version (v1), whatever version the object was applied with.
    'networking.istio.io/v1, Kind=VirtualService': {
      'reviews-route.bookinfo': validation('VirtualService', 'reviews-route', [
        { severity: 'error', message: 'Subset not found' },
      ]),
    },
    'networking.istio.io/v1, Kind=DestinationRule': {
      'reviews.bookinfo': validation('DestinationRule', 'reviews'),
    },
  },
};

describe('ServiceDetailsPage', () => {
  it('shows the service, why it is failing, its workloads and its config with validations', async () => {
    mockApi({
      '/api/namespaces/bookinfo/services/reviews': { body: SERVICE },
      '/api/namespaces/bookinfo/services/reviews/health': {
        body: { requests: requests({ http: { '200': 1, '500': 1 } }), status: calculated('Failure', 50) },
      },
    });
    renderRoute(routes, '/namespaces/bookinfo/services/reviews?tab=info');
    const checks = await screen.findByRole('list', { name: 'Health checks' });
    expect(checks.textContent).toContain(
      'Inbound requests: 50% errors of 2.00 req/s — request errors over the tolerance',
    );
    expect(screen.getByText('Enabled')).toBeDefined();
    const config = screen.getByRole('table', { name: 'Istio config' });
    const vs = within(config).getByRole('link', { name: 'bookinfo/reviews-route' }).closest('tr');
    if (vs === null) throw new Error('no row');
    expect(within(vs).getByText('1 error')).toBeDefined();
    expect(within(vs).getByText('error: Subset not found')).toBeDefined();
    expect(screen.getByRole('link', { name: 'reviews-v1' }).getAttribute('href')).toBe(
      '/namespaces/bookinfo/workloads/reviews-v1',
    );
    expect(screen.getByText('Missing Sidecar')).toBeDefined();
    expect(screen.queryByRole('tab', { name: 'Outbound Metrics' })).toBeNull();
  });
});
