/** How Kiali's paths and `objects` filter name kinds, table by table. */
import { describe, expect, it } from 'vitest';
import { gvkString, parseObjectsFilter, resolvePathKind, validationTypeKey } from './istio-config-kinds.ts';

describe('resolvePathKind', () => {
  it.each([
    ['networking.istio.io', 'v1', 'VirtualService', 'VirtualService'],
    ['networking.istio.io', 'v1alpha3', 'virtualservices', 'VirtualService'],
    ['networking.istio.io', 'v1alpha3', 'EnvoyFilter', 'EnvoyFilter'],
    ['security.istio.io', 'v1beta1', 'authorizationpolicy', 'AuthorizationPolicy'],
  ])('%s/%s/%s is the stored %s', (group, version, kind, stored) => {
    expect(resolvePathKind(group, version, kind)).toEqual({ ok: true, value: stored });
  });

  it.each([
    ['networking.example.io', 'v1', 'VirtualService', 'group'],
    ['networking.istio.io', 'v1', 'AuthorizationPolicy', 'kind'],
    ['gateway.networking.k8s.io', 'v1', 'HTTPRoute', 'kind'],
    ['networking.istio.io', 'v1', 'EnvoyFilter', 'version'],
    ['security.istio.io', 'v1alpha3', 'PeerAuthentication', 'version'],
  ])('%s/%s/%s is refused, naming %s', (group, version, kind, param) => {
    expect(resolvePathKind(group, version, kind)).toMatchObject({ ok: false, param });
  });
});

describe('parseObjectsFilter', () => {
  const kinds = (objects: string): string[] | undefined => {
    const parsed = parseObjectsFilter(objects);
    if (!parsed.ok) throw new Error(parsed.message);
    return parsed.value?.map((k) => gvkString(k.gvk));
  };

  it.each([
    ['', undefined],
    ['networking.istio.io/v1, Kind=Gateway', ['networking.istio.io/v1, Kind=Gateway']],
    [
      'security.istio.io/v1, Kind=PeerAuthentication;networking.istio.io/v1, Kind=Sidecar',
      ['networking.istio.io/v1, Kind=Sidecar', 'security.istio.io/v1, Kind=PeerAuthentication'],
    ],
    [
      'gateways,k8sgateways',
      ['networking.istio.io/v1, Kind=Gateway', 'gateway.networking.k8s.io/v1, Kind=Gateway'],
    ],
    ['VirtualService', ['networking.istio.io/v1, Kind=VirtualService']],
  ])('%j names %j', (objects, expected) => {
    expect(kinds(objects)).toEqual(expected);
  });

  it.each(['routes', 'networking.istio.io/v1, Kind=Route', 'virtualservices,bogus'])(
    '%j is refused',
    (objects) => {
      expect(parseObjectsFilter(objects)).toMatchObject({ ok: false, param: 'objects' });
    },
  );
});

describe('validationTypeKey', () => {
  it('is the GVK string, or the bare kind for the core group, as Kiali marshals it', () => {
    expect(validationTypeKey({ Group: 'networking.istio.io', Version: 'v1', Kind: 'Gateway' })).toBe(
      'networking.istio.io/v1, Kind=Gateway',
    );
    expect(validationTypeKey({ Group: '', Version: 'v1', Kind: 'Service' })).toBe('Service');
  });
});
