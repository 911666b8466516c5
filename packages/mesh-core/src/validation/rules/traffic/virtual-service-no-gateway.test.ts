import { describe, expect, it } from 'vitest';
import { docs, kiaChecks, kiaFindings, namespaces, positionOf, service } from './test-support.ts';

const gateway = (name: string, namespace: string): string => `apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  selector:
    app: ingress
  servers:
  - port:
      number: 80
      name: http
      protocol: HTTP
    hosts:
    - "${name}.example.com"
`;

const mesh = docs(
  namespaces('default', 'edge'),
  service({ name: 'reviews' }),
  gateway('public', 'edge'),
  gateway('local', 'default'),
);

function vs(gateways: string[], matchGateways?: string[]): string {
  const match = matchGateways
    ? `  - match:\n    - gateways:\n${matchGateways.map((g) => `      - ${g}`).join('\n')}\n    route:\n    - destination:\n        host: reviews\n`
    : '';
  return `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: routes
  namespace: default
spec:
  hosts:
  - reviews.example.com
  gateways:
${gateways.map((g) => `  - ${g}`).join('\n')}
  http:
${match}  - route:
    - destination:
        host: reviews
`;
}

const missing = (path: string) => ({
  code: 'KIA1102',
  severity: 'error',
  object: 'VirtualService/default/routes',
  path,
});

describe('KIA1102: gateway not found', () => {
  const cases = [
    { name: '"mesh"', gateways: ['mesh'], expected: [] },
    { name: 'namespace/name', gateways: ['edge/public'], expected: [] },
    { name: 'a short name in the VirtualService namespace', gateways: ['local'], expected: [] },
    { name: 'the old name.namespace form', gateways: ['public.edge'], expected: [] },
    { name: 'the old FQDN form', gateways: ['public.edge.svc.cluster.local'], expected: [] },
    {
      name: 'a short name of a Gateway of another namespace',
      gateways: ['public'],
      expected: [missing('spec/gateways[0]')],
    },
    { name: 'an unknown name', gateways: ['mesh', 'edge/private'], expected: [missing('spec/gateways[1]')] },
    {
      name: 'the old form with another cluster domain',
      gateways: ['public.edge.svc.other.local'],
      expected: [missing('spec/gateways[0]')],
    },
    {
      name: 'a gateway of an HTTP match',
      gateways: ['edge/public'],
      match: ['edge/public', 'nowhere'],
      expected: [missing('spec/http[0]/match[0]/gateways[1]')],
    },
  ];

  it.each(cases)('$name', ({ gateways, match, expected }) => {
    expect(kiaChecks(docs(mesh, vs(gateways, match)), { codes: ['KIA1102'] })).toEqual(expected);
  });

  it('points at the gateway reference', () => {
    const yaml = docs(mesh, vs(['edge/private']));
    expect(kiaFindings(yaml, { codes: ['KIA1102'] })[0]).toMatchObject(positionOf(yaml, 'edge/private'));
  });
});

describe('KIA1108: old gateway nomenclature', () => {
  const info = (path: string) => ({
    code: 'KIA1108',
    severity: 'unknown',
    object: 'VirtualService/default/routes',
    path,
  });
  const cases = [
    { name: 'namespace/name', gateways: ['edge/public'], expected: [] },
    { name: 'a short name', gateways: ['local', 'mesh'], expected: [] },
    { name: 'name.namespace', gateways: ['mesh', 'public.edge'], expected: [info('spec/gateways[1]')] },
    {
      name: 'the old FQDN',
      gateways: ['public.edge.svc.cluster.local'],
      expected: [info('spec/gateways[0]')],
    },
    {
      name: 'in an HTTP match',
      gateways: ['edge/public'],
      match: ['public.edge'],
      expected: [info('spec/http[0]/match[0]/gateways[0]')],
    },
  ];

  it.each(cases)('$name', ({ gateways, match, expected }) => {
    expect(kiaChecks(docs(mesh, vs(gateways, match)), { codes: ['KIA1108'] })).toEqual(expected);
  });
});
