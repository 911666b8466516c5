/**
 * Fixtures of the wizards' component tests: the service details answer, a fetch stub that
 * answers the console API and records every request (method, path, query, JSON body), and
 * helpers that open the Actions menu and a wizard's dialog by role, as a user would.
 */
import { validationSnapshotOf } from '@meshlens/mesh-core/api/istio-config-editing';
import { analyzeManifests } from '@meshlens/mesh-core/validation';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { expect, vi } from 'vitest';
import bookinfo from '../../../../../third_party/istio/bookinfo/platform/bookinfo.yaml?raw';
import { ServiceWizards } from './index.ts';

const snapshotJson = () => {
  const { snapshot } = analyzeManifests([{ file: 'bookinfo.yaml', text: bookinfo }]);
  return validationSnapshotOf(
    { ...snapshot, revision: '1' },
    { rootNamespace: 'istio-system', clusterDomain: 'cluster.local', autoMtls: true },
  );
};

const workload = (service: string, version: string) => ({
  name: `${service}-${version}`,
  namespace: 'default',
  type: 'Deployment',
  createdAt: '2026-01-01T00:00:00Z',
  resourceVersion: '1',
  labels: { app: service, version },
  serviceAccountNames: [],
  isAmbient: false,
  isGateway: false,
  isWaypoint: false,
  isZtunnel: false,
  istioSidecar: true,
});

export const object = (kind: string, name: string, spec: unknown, labels: Record<string, string> = {}) => ({
  kind,
  apiVersion: 'networking.istio.io/v1',
  metadata: { name, namespace: 'default', labels, annotations: {} },
  spec,
});

export const subsets = (...versions: string[]) => versions.map((v) => ({ name: v, labels: { version: v } }));

export function serviceDetails(service: string, versions: string[], vs: unknown[], dr: unknown[]) {
  return {
    service: {
      name: service,
      namespace: 'default',
      cluster: 'Kubernetes',
      createdAt: '2026-01-01T00:00:00Z',
      resourceVersion: '1',
      labels: { app: service },
      annotations: {},
      selectors: { app: service },
      type: 'ClusterIP',
      ip: '10.0.0.9',
      externalName: '',
      ports: [{ name: 'http', protocol: 'TCP', port: 9080, istioProtocol: 'http', tlsMode: 'istio' }],
      additionalDetails: [],
    },
    endpoints: [],
    workloads: versions.map((v) => workload(service, v)),
    virtualServices: vs,
    destinationRules: dr,
    serviceEntries: [],
    k8sHTTPRoutes: [],
    k8sGRPCRoutes: [],
    k8sInferencePools: [],
    istioSidecar: true,
    isAmbient: false,
    istioPermissions: { create: true, update: true, delete: true },
    namespaceMTLS: { status: 'MTLS_ENABLED', autoMTLSEnabled: true, minTLS: '' },
    validations: {},
  };
}

const writeAnswer = (kind: string, name: string) => ({
  resource: object(kind, name, {}),
  namespace: { name: 'default', cluster: 'Kubernetes' },
  gvk: { Group: 'networking.istio.io', Version: 'v1', Kind: kind },
  permissions: { create: true, update: true, delete: true },
  validation: null,
  references: null,
  help: null,
});

export interface Call {
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly body: unknown;
}

/** Answers the console API; writes answer `write(call)` (default: accepted). */
export function stubApi(
  details: unknown,
  write?: (call: Call) => { status: number; body: unknown } | undefined,
): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn((input: string, init?: RequestInit) => {
      const url = new URL(input, 'http://console');
      const method = init?.method ?? 'GET';
      const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
      const call = { method, path: decodeURIComponent(url.pathname), query: url.search, body };
      calls.push(call);
      const json = (status: number, b: unknown) =>
        Promise.resolve(new Response(b === undefined ? '' : JSON.stringify(b), { status }));
      if (method === 'GET' && url.pathname.startsWith('/api/namespaces/default/services/'))
        return json(200, details);
      if (url.pathname === '/api/istio/validation-snapshot') return json(200, snapshotJson());
      if (method === 'DELETE') return json(200, undefined);
      const answer = write?.(call);
      if (answer) return json(answer.status, answer.body);
      const kind = url.pathname.includes('VirtualService') ? 'VirtualService' : 'DestinationRule';
      return json(200, writeAnswer(kind, 'x'));
    }),
  );
  return calls;
}

export function renderWizards(service: string) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <ServiceWizards namespace="default" service={service} />
    </QueryClientProvider>,
  );
}

export async function openMenu() {
  const button = await screen.findByRole('button', { name: /Actions/ });
  await waitFor(() => {
    expect(button).toHaveProperty('disabled', false);
  });
  fireEvent.click(button);
}

export async function openWizard(name: string) {
  await openMenu();
  const item = await screen.findByRole('menuitem', { name: new RegExp(`^${name}`) });
  fireEvent.click(item);
  return screen.findByRole('dialog', { name: name.replace(/^Update /, '') });
}

export const setNumber = (dialog: HTMLElement, label: string, value: string) =>
  fireEvent.change(within(dialog).getByRole('spinbutton', { name: label }), { target: { value } });
