import { describe, expect, it } from 'vitest';
import { docs, kiaChecks, kiaFindings, namespaces, positionOf, service } from './test-support.ts';

const mesh = docs(namespaces('default', 'other'), service({ name: 'reviews' }));
const exportTo = (targets: string[]): string =>
  `\n  exportTo:\n${targets.map((t) => `  - "${t}"`).join('\n')}`;

const objects = {
  VirtualService: (targets: string[]) => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: obj
spec:
  hosts:
  - reviews${exportTo(targets)}
  http:
  - route:
    - destination:
        host: reviews
`,
  DestinationRule: (targets: string[]) => `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: obj
spec:
  host: reviews${exportTo(targets)}
`,
  ServiceEntry: (targets: string[]) => `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: obj
spec:
  hosts:
  - api.example.com${exportTo(targets)}
  location: MESH_EXTERNAL
  resolution: DNS
  ports:
  - number: 443
    name: https
    protocol: HTTPS
`,
};

describe('KIA0005: exportTo names a namespace that does not exist', () => {
  const kinds = Object.keys(objects) as (keyof typeof objects)[];
  const cases = kinds.flatMap((kind) => [
    { kind, targets: ['.'], expected: [] as string[] },
    { kind, targets: ['*'], expected: [] },
    { kind, targets: ['other'], expected: [] },
    { kind, targets: ['.', 'other'], expected: [] },
    { kind, targets: ['nowhere'], expected: ['spec/exportTo[0]'] },
    { kind, targets: ['other', 'nowhere'], expected: ['spec/exportTo[1]'] },
  ]);

  it.each(cases)('$kind exported to $targets', ({ kind, targets, expected }) => {
    const found = kiaChecks(docs(mesh, objects[kind](targets)), { codes: ['KIA0005'] });
    expect(found).toEqual(
      expected.map((path) => ({ code: 'KIA0005', severity: 'error', object: `${kind}/default/obj`, path })),
    );
  });

  it('points at the namespace', () => {
    const yaml = docs(mesh, objects.DestinationRule(['other', 'nowhere']));
    expect(kiaFindings(yaml, { codes: ['KIA0005'] })[0]).toMatchObject(positionOf(yaml, '"nowhere"'));
  });
});
