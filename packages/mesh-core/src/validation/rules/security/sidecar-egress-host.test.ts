import { describe, expect, it } from 'vitest';
import { findingsOf, lineOf, workload } from './test-support.ts';

const mesh = `${workload({ name: 'reviews', namespace: 'bookinfo' })}${workload({ name: 'ratings', namespace: 'shop' })}apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: apis
  namespace: shop
spec:
  hosts: ["*.googleapis.com", "api.example.com"]
  ports:
  - number: 443
    name: https
    protocol: TLS
  resolution: NONE
---
`;

const sidecar = (hosts: readonly string[]): string => `apiVersion: networking.istio.io/v1
kind: Sidecar
metadata:
  name: default
  namespace: bookinfo
spec:
  egress:
  - hosts: [${hosts.map((h) => JSON.stringify(h)).join(', ')}]
`;

describe('KIA1004 Sidecar egress host not in the registry', () => {
  it.each([
    ['any namespace, any host', '*/*'],
    ['own namespace, any host', './*'],
    ['no namespace, any host', '~/*'],
    ['a namespace, any host', 'shop/*'],
    ['a Service FQDN', 'shop/ratings.shop.svc.cluster.local'],
    ['a Service as name.namespace', './ratings.shop'],
    [
      'a Service FQDN under another namespace part (Kiali ignores it)',
      'istio-system/ratings.shop.svc.cluster.local',
    ],
    ['a wildcard FQDN of the Sidecar namespace', './*.bookinfo.svc.cluster.local'],
    ['a ServiceEntry host', '*/api.example.com'],
    ['a name under a ServiceEntry wildcard host', '*/storage.googleapis.com'],
  ])('accepts %s (%s)', (_name, host) => {
    expect(findingsOf(`${mesh}${sidecar([host])}`, { codes: ['KIA1004'] })).toEqual([]);
  });

  it.each([
    ['an unknown FQDN', 'shop/details.shop.svc.cluster.local'],
    ['name.namespace of a missing Service', 'shop/details.shop'],
    ['an unknown external host', '*/www.example.org'],
    ['a wildcard FQDN of another namespace', 'shop/*.shop.svc.cluster.local'],
  ])('reports %s as a warning (%s)', (_name, host) => {
    const yaml = `${mesh}${sidecar(['istio-system/*', host])}`;
    expect(findingsOf(yaml, { codes: ['KIA1004'] })).toEqual([
      {
        code: 'KIA1004',
        severity: 'warning',
        object: 'Sidecar/bookinfo/default',
        path: 'spec/egress[0]/hosts[1]',
        line: lineOf(yaml, '- hosts:'),
      },
    ]);
  });
});
