import type { IstioKind, IstioResource, IstioSpecs } from '@meshlens/mesh-core/config';
import { describe, expect, it } from 'vitest';
import { hostNamesService } from '@meshlens/mesh-core/inventory';
import { IstioFlagIndex } from './istio-flags.ts';

function resource<K extends 'VirtualService' | 'DestinationRule'>(
  kind: K,
  namespace: string,
  name: string,
  spec: IstioSpecs[K],
): IstioResource<K & IstioKind> {
  return {
    kind,
    apiVersion: 'networking.istio.io/v1',
    metadata: { name, namespace, labels: {}, annotations: {} },
    body: { spec },
    spec,
  };
}

const vs = (spec: IstioSpecs['VirtualService'], namespace = 'default', name = 'reviews') =>
  resource('VirtualService', namespace, name, spec);
const dr = (spec: IstioSpecs['DestinationRule'], namespace = 'default', name = 'reviews') =>
  resource('DestinationRule', namespace, name, spec);
const to = (host: string, subset?: string, weight?: number) => ({
  destination: { host, ...(subset === undefined ? {} : { subset }) },
  ...(weight === undefined ? {} : { weight }),
});

const reviews = { namespace: 'default', name: 'reviews' };
const flagsOf = (resources: IstioResource[]) => new IstioFlagIndex(resources, 'cluster.local').of(reviews);

describe('hostNamesService (Kiali’s FilterByHost)', () => {
  it.each([
    ['reviews', 'default', true],
    ['reviews', 'other', false],
    ['reviews.default', 'other', true],
    ['reviews.default.svc', 'other', true],
    ['reviews.default.svc.cluster.local', 'other', true],
    ['reviews.other.svc.cluster.local', 'default', false],
    ['reviews.default.svc.example.org', 'default', false],
    ['ratings', 'default', false],
    ['*.default.svc.cluster.local', 'default', false],
  ])('%s written in %s names reviews.default: %s', (host, hostNamespace, expected) => {
    expect(hostNamesService(host, hostNamespace, reviews, 'cluster.local')).toBe(expected);
  });
});

describe('VirtualService badges', () => {
  const none = {
    hasRequestRouting: false,
    hasRequestTimeout: false,
    hasFaultInjection: false,
    hasTrafficShifting: false,
    hasTCPTrafficShifting: false,
    hasMirroring: false,
  };
  it.each<[string, IstioSpecs['VirtualService'], Partial<typeof none>]>([
    [
      'one destination',
      { hosts: ['reviews'], http: [{ route: [to('reviews', 'v1')] }] },
      { hasRequestRouting: true },
    ],
    [
      'weights over two subsets',
      { hosts: ['reviews'], http: [{ route: [to('reviews', 'v1', 50), to('reviews', 'v3', 50)] }] },
      { hasRequestRouting: true, hasTrafficShifting: true },
    ],
    [
      'two destinations even at 100/0',
      { hosts: ['reviews'], http: [{ route: [to('reviews', 'v1', 100), to('reviews', 'v2', 0)] }] },
      { hasRequestRouting: true, hasTrafficShifting: true },
    ],
    [
      'a fault',
      {
        hosts: ['reviews'],
        http: [{ fault: { abort: { httpStatus: 500, percentage: { value: 10 } } }, route: [to('reviews')] }],
      },
      { hasRequestRouting: true, hasFaultInjection: true },
    ],
    [
      'a timeout',
      { hosts: ['reviews'], http: [{ timeout: '0.5s', route: [to('reviews')] }] },
      { hasRequestRouting: true, hasRequestTimeout: true },
    ],
    [
      'a mirror',
      {
        hosts: ['reviews'],
        http: [{ mirror: { host: 'reviews', subset: 'v3' }, route: [to('reviews', 'v1')] }],
      },
      { hasRequestRouting: true, hasMirroring: true },
    ],
    [
      'mirrors',
      {
        hosts: ['reviews'],
        http: [
          { mirrors: [{ destination: { host: 'reviews', subset: 'v3' } }], route: [to('reviews', 'v1')] },
        ],
      },
      { hasRequestRouting: true, hasMirroring: true },
    ],
    [
      'TCP weights',
      { hosts: ['reviews'], tcp: [{ route: [to('reviews', 'v1', 80), to('reviews', 'v2', 20)] }] },
      { hasRequestRouting: true, hasTCPTrafficShifting: true },
    ],
    [
      'a match, one destination per rule',
      {
        hosts: ['reviews'],
        http: [
          { match: [{ headers: { 'end-user': { exact: 'jason' } } }], route: [to('reviews', 'v2')] },
          { route: [to('reviews', 'v1')] },
        ],
      },
      { hasRequestRouting: true },
    ],
  ])('%s', (_name, spec, expected) => {
    expect(flagsOf([vs(spec)])).toEqual({ virtualServices: { reviews: ['reviews'] }, ...none, ...expected });
  });

  it('applies a VirtualService to the services its routes go to, not to its hosts', () => {
    const toRatings = vs({ hosts: ['reviews'], http: [{ route: [to('ratings')] }] });
    expect(flagsOf([toRatings])).toBeUndefined();
    const gateway = vs(
      {
        hosts: ['*'],
        gateways: ['bookinfo-gateway'],
        http: [{ route: [to('reviews.default.svc.cluster.local')] }],
      },
      'istio-system',
      'bookinfo',
    );
    expect(flagsOf([gateway])?.virtualServices).toEqual({ bookinfo: ['*'] });
  });

  it('badges with the first VirtualService routing to the service only, as Kiali does', () => {
    const first = vs({ hosts: ['reviews'], http: [{ route: [to('reviews', 'v1')] }] }, 'default', 'a');
    const second = vs(
      { hosts: ['reviews'], http: [{ timeout: '1s', route: [to('reviews', 'v1'), to('reviews', 'v2')] }] },
      'default',
      'b',
    );
    expect(flagsOf([first, second])).toMatchObject({
      virtualServices: { a: ['reviews'] },
      hasTrafficShifting: false,
      hasRequestTimeout: false,
    });
  });
});

describe('DestinationRule circuit breakers', () => {
  const outlier = { outlierDetection: { consecutive5xxErrors: 1 } };
  const pool = { connectionPool: { tcp: { maxConnections: 1 } } };
  it.each<[string, IstioSpecs['DestinationRule'], unknown]>([
    [
      'a top-level outlier detection',
      { host: 'reviews', trafficPolicy: outlier },
      { serviceWide: true, subsetVersions: [] },
    ],
    [
      'a subset’s connection pool, by its version label',
      {
        host: 'reviews',
        subsets: [
          { name: 'v1', labels: { version: 'v1' }, trafficPolicy: pool },
          { name: 'v2', labels: { version: 'v2' } },
        ],
      },
      { serviceWide: false, subsetVersions: ['v1'] },
    ],
    [
      'a subset without a version label',
      { host: 'reviews', subsets: [{ name: 'canary', labels: { track: 'canary' }, trafficPolicy: pool }] },
      { serviceWide: false, subsetVersions: [], unversionedSubset: true },
    ],
    [
      'a load balancer only',
      { host: 'reviews', trafficPolicy: { loadBalancer: { simple: 'RANDOM' } } },
      undefined,
    ],
    ['another service', { host: 'ratings', trafficPolicy: outlier }, undefined],
  ])('%s', (_name, spec, expected) => {
    expect(flagsOf([dr(spec)])?.circuitBreaker).toEqual(expected);
  });

  it('counts a rule in another namespace that names the service by FQDN', () => {
    const rule = dr({ host: 'reviews.default.svc.cluster.local', trafficPolicy: outlier }, 'istio-system');
    expect(flagsOf([rule])).toEqual({ circuitBreaker: { serviceWide: true, subsetVersions: [] } });
  });
});
