import { describe, expect, it } from 'vitest';
import { isHostHeaderMatcher } from './authorization-policy-host.ts';
import { findingsOf, lineOf, workload } from './test-support.ts';

const mesh = `${workload({ name: 'reviews', namespace: 'bookinfo' })}${workload({ name: 'ratings', namespace: 'shop' })}`;

const policy = (hosts: readonly string[]): string => `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: hosts
  namespace: bookinfo
spec:
  rules:
  - to:
    - operation:
        hosts: [${hosts.map((h) => JSON.stringify(h)).join(', ')}]
---
`;

const serviceEntry = `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: legacy
  namespace: shop
spec:
  hosts: ["*.bookinfo.svc.cluster.local"]
  location: MESH_INTERNAL
  ports:
  - number: 80
    name: http
    protocol: HTTP
  resolution: NONE
---
`;

const virtualService = (
  host: string,
  exportTo = '["*"]',
  gateways = '["mesh"]',
): string => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: alias
  namespace: shop
spec:
  hosts: [${JSON.stringify(host)}]
  gateways: ${gateways}
  exportTo: ${exportTo}
  http:
  - route:
    - destination:
        host: ratings
---
`;

describe('KIA0104 AuthorizationPolicy host not in the registry', () => {
  it.each([
    ['*', true],
    ['*.example.com', true],
    ['api.example.*', true],
    ['reviews.bookinfo.svc.cluster.local', true],
    ['www.example.com', true],
    ['api.info', true],
    ['reviews', false],
    ['reviews.bookinfo', false],
    ['ratings.shop', false],
  ])('%j is a Host-header pattern Kiali does not look up: %s', (host, skipped) => {
    expect(isHostHeaderMatcher(host, 'bookinfo', new Set(['bookinfo', 'shop']))).toBe(skipped);
  });

  it.each([
    { name: 'a Service of the namespace by short name', yaml: policy(['reviews']) },
    { name: 'a Service of another namespace as name.namespace', yaml: policy(['ratings.shop']) },
    {
      name: 'Host-header patterns and external names',
      yaml: policy(['*.example.com', 'www.example.com', 'unknown.bookinfo.svc.cluster.local']),
    },
    { name: 'a name under a ServiceEntry wildcard host', yaml: `${serviceEntry}${policy(['db'])}` },
    { name: 'a VirtualService host', yaml: `${virtualService('frontend.bookinfo')}${policy(['frontend'])}` },
    // Istio only admits host "*" on gateway-bound VirtualServices.
    {
      name: 'any host when a VirtualService takes "*"',
      yaml: `${virtualService('*', '["*"]', '["shop/gw"]')}${policy(['nothing'])}`,
    },
  ])('accepts $name', ({ yaml }) => {
    expect(findingsOf(`${mesh}${yaml}`, { codes: ['KIA0104'] })).toEqual([]);
  });

  it('needs the ServiceEntry for that name', () => {
    expect(findingsOf(`${mesh}${policy(['db'])}`, { codes: ['KIA0104'] })).toHaveLength(1);
  });

  it('reports unknown short and name.namespace hosts as errors', () => {
    const yaml = `${mesh}${policy(['reviews', 'detail', 'ratings.bookinfo'])}`;
    const at = (i: number) => ({
      code: 'KIA0104',
      severity: 'error',
      object: 'AuthorizationPolicy/bookinfo/hosts',
      path: `spec/rules[0]/to[0]/operation/hosts[${i}]`,
      line: lineOf(yaml, 'hosts: ["reviews"'),
    });
    expect(findingsOf(yaml, { codes: ['KIA0104'] })).toEqual([at(1), at(2)]);
  });

  it('does not count a VirtualService or Service that is not exported to the policy namespace', () => {
    const hidden = mesh.replace(
      'name: ratings\n  namespace: shop\n',
      'name: ratings\n  namespace: shop\n  annotations:\n    networking.istio.io/exportTo: "."\n',
    );
    const yaml = `${hidden}${virtualService('frontend.bookinfo', '["."]')}${policy(['frontend', 'ratings.shop'])}`;
    expect(findingsOf(yaml, { codes: ['KIA0104'] }).map((f) => f.path)).toEqual([
      'spec/rules[0]/to[0]/operation/hosts[0]',
      'spec/rules[0]/to[0]/operation/hosts[1]',
    ]);
  });
});
