/** Stored objects and findings as Kiali's list, validations, references and summary. */
import { describe, expect, it } from 'vitest';
import { makeFinding } from '../validation/finding.ts';
import { KIALI_CONFIG_KINDS } from './istio-config-kinds.ts';
import { istioReferences } from './istio-config-references.ts';
import type { ConfigObject } from './istio-config-view.ts';
import { istioConfigList, objectValidations, validationSummaries } from './istio-config-view.ts';

const object = (kind: string, namespace: string, name: string, spec: unknown = {}): ConfigObject => ({
  kind,
  namespace,
  name,
  manifest: {
    apiVersion: 'networking.istio.io/v1alpha3',
    kind,
    metadata: { name, namespace, resourceVersion: '3' },
    spec,
  },
});
const ref = (
  kind: string,
  namespace: string,
  name: string,
): { kind: string; apiVersion: string; name: string; namespace: string } => ({
  kind,
  apiVersion: 'v1',
  name,
  namespace,
});

const reviews = object('VirtualService', 'bookinfo', 'reviews', {
  hosts: ['reviews'],
  gateways: ['bookinfo-gateway', 'mesh'],
  http: [{ route: [{ destination: { host: 'reviews', subset: 'v1' } }] }],
});
const rule = object('DestinationRule', 'bookinfo', 'reviews', { host: 'reviews.bookinfo.svc.cluster.local' });
const gateway = object('Gateway', 'bookinfo', 'bookinfo-gateway');
const other = object('DestinationRule', 'default', 'ratings', { host: 'ratings' });
const objects = [reviews, rule, gateway, other];

const findings = [
  makeFinding({
    code: 'KIA1107',
    path: ['spec', 'http', 0],
    object: ref('VirtualService', 'bookinfo', 'reviews'),
  }),
  makeFinding({
    code: 'KIA0202',
    path: ['spec', 'host'],
    object: ref('DestinationRule', 'default', 'ratings'),
  }),
  makeFinding({ code: 'KIA0601', path: ['spec', 'ports', 0], object: ref('Service', 'bookinfo', 'details') }),
  // Findings on the input as a whole belong to no object's validation.
  makeFinding({ code: 'ML0001', path: [] }),
];

describe('objectValidations', () => {
  const validations = objectValidations({ objects, findings, cluster: 'Kubernetes' });
  const of = (kind: string, name: string): unknown =>
    validations.find((v) => v.objectGVK.Kind === kind && v.name === name);

  it('validates every Istio object: a warning leaves it valid, an error does not', () => {
    expect(of('Gateway', 'bookinfo-gateway')).toMatchObject({ valid: true, checks: [] });
    expect(of('VirtualService', 'reviews')).toMatchObject({
      valid: true,
      checks: [{ code: 'KIA1107', severity: 'warning', message: 'Subset not found', path: 'spec/http[0]' }],
    });
    expect(of('DestinationRule', 'ratings')).toMatchObject({
      valid: false,
      checks: [{ code: 'KIA0202', severity: 'error' }],
    });
  });

  it('adds other objects only for their findings, under the core group', () => {
    expect(of('Service', 'details')).toMatchObject({
      objectGVK: { Group: '', Version: 'v1', Kind: 'Service' },
      valid: false,
    });
    expect(validations).toHaveLength(5);
  });

  it('summarises per namespace: checks by severity and objects validated', () => {
    expect(
      validationSummaries({ validations, namespaces: ['default', 'bookinfo'], cluster: 'Kubernetes' }),
    ).toEqual([
      { namespace: 'default', cluster: 'Kubernetes', errors: 1, warnings: 0, objectCount: 1 },
      { namespace: 'bookinfo', cluster: 'Kubernetes', errors: 1, warnings: 1, objectCount: 4 },
    ]);
  });

  it('lists objects at Kiali’s version under every kind’s key, validations keyed by `name.namespace`', () => {
    const list = istioConfigList({ objects, namespaces: ['bookinfo', 'default'], validations });
    expect(Object.keys(list.resources)).toHaveLength(KIALI_CONFIG_KINDS.length);
    expect(list.resources['networking.istio.io/v1, Kind=VirtualService']?.[0]).toMatchObject({
      apiVersion: 'networking.istio.io/v1',
      metadata: { name: 'reviews', namespace: 'bookinfo', resourceVersion: '3' },
    });
    expect(list.resources['telemetry.istio.io/v1, Kind=Telemetry']).toEqual([]);
    expect(Object.keys(list.validations['networking.istio.io/v1, Kind=DestinationRule'] ?? {})).toEqual([
      'reviews.bookinfo',
      'ratings.default',
    ]);
    expect(list.validations.Service?.['details.bookinfo']).toBeDefined();
  });

  it('limits list and validations to the kinds asked for', () => {
    const gateways = KIALI_CONFIG_KINDS.filter((k) => k.plural === 'gateways');
    const list = istioConfigList({ objects, namespaces: ['bookinfo'], kinds: gateways, validations });
    expect(list.resources['networking.istio.io/v1, Kind=VirtualService']).toEqual([]);
    expect(list.resources['networking.istio.io/v1, Kind=Gateway']).toHaveLength(1);
    expect(Object.keys(list.validations)).toEqual(['networking.istio.io/v1, Kind=Gateway']);
  });
});

describe('istioReferences', () => {
  const services = [
    { namespace: 'bookinfo', name: 'reviews' },
    { namespace: 'default', name: 'reviews' },
  ];
  const refs = (target: ConfigObject): ReturnType<typeof istioReferences> =>
    istioReferences({ target, objects, services, clusterDomain: 'cluster.local' });
  const names = (r: ReturnType<typeof istioReferences>): string[] =>
    r.objectReferences.map((o) => `${o.objectGVK.Kind}/${o.namespace}/${o.name}`);

  it('ties a VirtualService to its gateways, its hosts’ rules and Services', () => {
    const r = refs(reviews);
    expect(names(r)).toEqual(['Gateway/bookinfo/bookinfo-gateway', 'DestinationRule/bookinfo/reviews']);
    expect(r.serviceReferences).toEqual([{ namespace: 'bookinfo', name: 'reviews' }]);
  });

  it('ties a DestinationRule to the routes to its host, and a Gateway to its routes', () => {
    expect(names(refs(rule))).toEqual(['VirtualService/bookinfo/reviews']);
    expect(names(refs(gateway))).toEqual(['VirtualService/bookinfo/reviews']);
    expect(names(refs(other))).toEqual([]);
  });
});
