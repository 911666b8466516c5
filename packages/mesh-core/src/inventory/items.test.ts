import { describe, expect, it } from 'vitest';
import { appDetails, appListItem, appsOf, findApp } from './apps.ts';
import { instance, inventoryMesh } from './inventory.test-support.ts';
import { namespacesOf } from './namespaces.ts';
import { proxyStatusOf, xdsStatus } from './pods.ts';
import { findService, serviceDetails, serviceListItem } from './services.ts';
import { validationsOf } from './validations.ts';
import {
  appDetailsSchema,
  appListItemSchema,
  namespaceSchema,
  serviceDetailsSchema,
  serviceListItemSchema,
  workloadDetailsSchema,
  workloadListItemSchema,
} from './wire.ts';
import { findWorkload, workloadDetails, workloadListItem } from './workloads.ts';

const refNames = (refs: readonly { objectGVK: { Kind: string }; name: string }[]): string[] =>
  refs.map((r) => `${r.objectGVK.Kind}/${r.name}`);

function workload(name: string, namespace = 'bookinfo') {
  const mesh = inventoryMesh();
  const w = findWorkload(mesh, namespace, name);
  if (w === undefined) throw new Error(`no ${name}`);
  return { mesh, w };
}

describe('xdsStatus (Kiali’s proxy sync words)', () => {
  it.each([
    { sent: undefined, acked: undefined, status: 'NOT_SENT' },
    { sent: '3', acked: '3', status: 'Synced' },
    { sent: '4', acked: '3', status: 'Stale' },
    { sent: '4', acked: undefined, status: 'Stale (Never Acknowledged)' },
  ])('sent $sent, acked $acked: $status', ({ sent, acked, status }) => {
    expect(xdsStatus(sent, acked)).toBe(status);
  });

  it('has no status for a proxy the control plane does not hold a stream to', () => {
    const proxy = {
      namespace: 'bookinfo',
      workload: 'reviews-v1',
      synced: false,
      connected: false,
      sent: '1',
      acked: '1',
    };
    expect(proxyStatusOf(proxy)).toBeNull();
    expect(proxyStatusOf({ ...proxy, connected: true })).toEqual({
      CDS: 'Synced',
      EDS: 'Synced',
      LDS: 'Synced',
      RDS: 'Synced',
    });
  });
});

describe('workloads', () => {
  it('lists a workload with its labels, replicas as pods, and the Istio config selecting it', () => {
    const { mesh, w } = workload('reviews-v2');
    const item = workloadListItemSchema.parse(workloadListItem(mesh, w, { istioResources: true }));
    expect(item).toMatchObject({
      name: 'reviews-v2',
      gvk: { Group: 'apps', Version: 'v1', Kind: 'Deployment' },
      createdAt: '2026-01-02T03:04:05Z',
      resourceVersion: '7',
      appLabel: true,
      versionLabel: true,
      podCount: 2,
      istioSidecar: true,
      isGateway: false,
    });
    expect(refNames(item.istioReferences)).toEqual(['AuthorizationPolicy/reviews-v2-viewer']);
    expect(item.istioReferences[0]?.objectGVK).toEqual({
      Group: 'security.istio.io',
      Version: 'v1',
      Kind: 'AuthorizationPolicy',
    });
  });

  it('leaves istioReferences empty unless asked', () => {
    const { mesh, w } = workload('reviews-v2');
    expect(workloadListItem(mesh, w, { istioResources: false }).istioReferences).toEqual([]);
  });

  it('links a gateway workload to the Gateways selecting it, in any namespace', () => {
    const { mesh, w } = workload('istio-ingressgateway', 'istio-system');
    const item = workloadListItem(mesh, w, { istioResources: true });
    expect(item.isGateway).toBe(true);
    expect(refNames(item.istioReferences)).toEqual(['Gateway/bookinfo-gateway']);
  });

  it('details replicas, each pod’s proxy sync state, and its services', () => {
    const mesh = inventoryMesh({
      instances: [instance('reviews-v2', 0), instance('reviews-v2', 1, false)],
      proxies: [
        {
          namespace: 'bookinfo',
          workload: 'reviews-v2',
          pod: 'reviews-v2-0',
          synced: true,
          connected: true,
          sent: '5',
          acked: '5',
        },
        {
          namespace: 'bookinfo',
          workload: 'reviews-v2',
          pod: 'reviews-v2-1',
          synced: false,
          connected: true,
          sent: '5',
          acked: '4',
        },
      ],
    });
    const w = findWorkload(mesh, 'bookinfo', 'reviews-v2');
    if (w === undefined) throw new Error('no reviews-v2');
    const details = workloadDetailsSchema.parse(workloadDetails(mesh, w, { validate: true }));
    expect(details).toMatchObject({ desiredReplicas: 2, currentReplicas: 2, availableReplicas: 1 });
    expect(details.pods.map((p) => [p.name, p.status, p.proxyStatus?.CDS])).toEqual([
      ['reviews-v2-0', 'Running', 'Synced'],
      ['reviews-v2-1', 'Pending', 'Stale'],
    ]);
    expect(details.pods[0]?.containers.map((c) => c.name)).toEqual(['reviews']);
    expect(details.pods[0]?.istioContainers.map((c) => [c.name, c.isProxy])).toEqual([['istio-proxy', true]]);
    expect(details.services.map((s) => s.name)).toEqual(['reviews']);
    expect(Object.keys(details.validations)).toEqual(['workload']);
    expect(details.validations.workload?.['reviews-v2.bookinfo']?.valid).toBe(true);
  });

  it('gives a pod whose proxy never connected no proxy status', () => {
    const { mesh, w } = workload('reviews-v1');
    expect(workloadDetails(mesh, w, { validate: false }).pods[0]?.proxyStatus).toBeNull();
  });
});

describe('apps', () => {
  it('groups workloads by app label, joining label values', () => {
    const mesh = inventoryMesh();
    expect(appsOf(mesh, 'bookinfo').map((a) => [a.name, a.workloads.length])).toEqual([
      ['ratings', 1],
      ['reviews', 2],
    ]);
    const reviews = findApp(mesh, 'bookinfo', 'reviews');
    if (reviews === undefined) throw new Error('no reviews');
    const item = appListItemSchema.parse(appListItem(mesh, reviews, { istioResources: true }));
    expect(item.labels).toEqual({ app: 'reviews', version: 'v1,v2' });
    expect(refNames(item.istioReferences)).toEqual([
      'AuthorizationPolicy/reviews-v2-viewer',
      'VirtualService/reviews',
      'DestinationRule/reviews',
    ]);
  });

  it('details an app’s workloads with their pods, and its services', () => {
    const mesh = inventoryMesh();
    const reviews = findApp(mesh, 'bookinfo', 'reviews');
    if (reviews === undefined) throw new Error('no reviews');
    const details = appDetailsSchema.parse(appDetails(mesh, reviews));
    expect(details.workloads.map((w) => [w.workloadName, w.pods.map((p) => p.name)])).toEqual([
      ['reviews-v1', ['reviews-v1-0']],
      ['reviews-v2', ['reviews-v2-0', 'reviews-v2-1']],
    ]);
    expect(details.serviceNames).toEqual(['reviews']);
    expect(details.namespace).toEqual({ name: 'bookinfo' });
  });
});

describe('services', () => {
  it('lists a service with its ports, selector and routing config', () => {
    const mesh = inventoryMesh();
    const s = findService(mesh, 'bookinfo', 'reviews');
    if (s === undefined) throw new Error('no reviews service');
    const item = serviceListItemSchema.parse(serviceListItem(mesh, s, { istioResources: true }));
    expect(item).toMatchObject({ ports: { http: 9080 }, selector: { app: 'reviews' }, appLabel: true });
    expect(refNames(item.istioReferences)).toEqual(['VirtualService/reviews', 'DestinationRule/reviews']);
    expect(item.validation?.valid).toBe(true);
  });

  it('details endpoints (ready replicas), workloads, VirtualServices, DestinationRules and mTLS', () => {
    const mesh = inventoryMesh({
      instances: [instance('reviews-v1'), instance('reviews-v2', 0), instance('reviews-v2', 1, false)],
    });
    const s = findService(mesh, 'bookinfo', 'reviews');
    if (s === undefined) throw new Error('no reviews service');
    const details = serviceDetailsSchema.parse(serviceDetails(mesh, s, { validate: true }));
    expect(details.endpoints[0]?.addresses.map((a) => a.name)).toEqual(['reviews-v1-0', 'reviews-v2-0']);
    expect(details.service.ports).toEqual([
      { name: 'http', protocol: 'TCP', port: 9080, istioProtocol: 'http', tlsMode: 'istio' },
    ]);
    expect(details.workloads.map((w) => w.name)).toEqual(['reviews-v1', 'reviews-v2']);
    expect(details.virtualServices.map((v) => v.metadata.name)).toEqual(['reviews']);
    expect(details.destinationRules.map((v) => v.metadata.name)).toEqual(['reviews']);
    expect(details.namespaceMTLS.status).toBe('MTLS_NOT_ENABLED');
    expect(Object.keys(details.validations).sort()).toEqual([
      'networking.istio.io/v1, Kind=DestinationRule',
      'networking.istio.io/v1, Kind=VirtualService',
      'service',
    ]);
  });
});

describe('validationsOf', () => {
  it('turns findings on an object into its checks, invalid on an error', () => {
    const finding = {
      code: 'KIA0601' as const,
      severity: 'error' as const,
      message: 'Port name must follow <protocol>[-suffix] form',
      path: 'spec/ports[0]/name',
      object: { kind: 'Service', apiVersion: 'v1', namespace: 'bookinfo', name: 'ratings' },
    };
    const v = validationsOf([finding], [{ kind: 'Service', namespace: 'bookinfo', name: 'ratings' }]);
    expect(v.service?.['ratings.bookinfo']).toMatchObject({
      valid: false,
      checks: [{ code: 'KIA0601', severity: 'error', path: 'spec/ports[0]/name' }],
    });
  });
});

describe('namespacesOf', () => {
  it('marks the root namespace as the control plane’s', () => {
    const namespaces = namespacesOf(inventoryMesh()).map((n) => namespaceSchema.parse(n));
    expect(namespaces.map((n) => [n.name, n.isControlPlane])).toEqual([
      ['bookinfo', false],
      ['istio-system', true],
    ]);
    expect(namespaces[0]?.labels).toEqual({ 'istio-injection': 'enabled' });
  });
});
