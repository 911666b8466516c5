import { describe, expect, it } from 'vitest';
import { analyze, docs, kiaChecks, kiaFindings, namespaces, positionOf } from './test-support.ts';

type Port = { number: number; name: string; protocol: string };

function entry(options: {
  name: string;
  namespace?: string;
  hosts?: string[];
  ports: Port[];
  exportTo?: string[];
}): string {
  return `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: ${options.name}
  namespace: ${options.namespace ?? 'default'}
spec:
  hosts:
${(options.hosts ?? ['api.example.com']).map((h) => `  - ${h}`).join('\n')}${options.exportTo ? `\n  exportTo:\n${options.exportTo.map((e) => `  - "${e}"`).join('\n')}` : ''}
  location: MESH_EXTERNAL
  resolution: DNS
  ports:
${options.ports.map((p) => `  - number: ${p.number}\n    name: ${p.name}\n    protocol: ${p.protocol}`).join('\n')}
`;
}

const https443 = { number: 443, name: 'https', protocol: 'HTTPS' };
const http443 = { number: 443, name: 'http', protocol: 'HTTP' };
const http80 = { number: 80, name: 'http', protocol: 'HTTP' };
const finding = (code: 'KIA1211' | 'KIA1212', object: string, path = 'spec/ports[0]') => ({
  code,
  severity: 'warning',
  object: `ServiceEntry/${object}`,
  path,
});

describe('KIA1211 / KIA1212: ServiceEntries for the same host and port', () => {
  const cases = [
    {
      name: 'different ports',
      entries: [entry({ name: 'a', ports: [http80] }), entry({ name: 'b', ports: [https443] })],
      expected: [],
    },
    {
      name: 'different hosts',
      entries: [
        entry({ name: 'a', ports: [https443] }),
        entry({ name: 'b', hosts: ['www.example.com'], ports: [https443] }),
      ],
      expected: [],
    },
    {
      name: 'same host, port and protocol',
      entries: [
        entry({ name: 'a', ports: [https443] }),
        entry({ name: 'b', ports: [{ ...https443, name: 'https-alt' }] }),
      ],
      expected: [finding('KIA1211', 'default/a'), finding('KIA1211', 'default/b')],
    },
    {
      name: 'protocols differing only in case are the same',
      entries: [
        entry({ name: 'a', ports: [http80] }),
        entry({ name: 'b', ports: [{ ...http80, protocol: 'http' }] }),
      ],
      expected: [finding('KIA1211', 'default/a'), finding('KIA1211', 'default/b')],
    },
    {
      name: 'same host and port, conflicting protocols',
      entries: [entry({ name: 'a', ports: [https443] }), entry({ name: 'b', ports: [http443] })],
      expected: [finding('KIA1212', 'default/a'), finding('KIA1212', 'default/b')],
    },
    {
      name: 'one conflicting port among several, reported at its own index',
      entries: [
        entry({ name: 'a', ports: [http80, https443] }),
        entry({ name: 'b', ports: [{ number: 443, name: 'tls', protocol: 'TLS' }] }),
      ],
      expected: [finding('KIA1212', 'default/a', 'spec/ports[1]'), finding('KIA1212', 'default/b')],
    },
    {
      name: 'three entries, one with another protocol: all conflict',
      entries: [
        entry({ name: 'a', ports: [https443] }),
        entry({ name: 'b', ports: [https443] }),
        entry({ name: 'c', ports: [http443] }),
      ],
      expected: [
        finding('KIA1212', 'default/a'),
        finding('KIA1212', 'default/b'),
        finding('KIA1212', 'default/c'),
      ],
    },
    {
      name: 'across namespaces',
      entries: [
        entry({ name: 'a', ports: [https443] }),
        entry({ name: 'b', namespace: 'other', ports: [https443] }),
      ],
      expected: [finding('KIA1211', 'default/a'), finding('KIA1211', 'other/b')],
    },
    {
      name: 'entries private to different namespaces',
      entries: [
        entry({ name: 'a', ports: [https443], exportTo: ['.'] }),
        entry({ name: 'b', namespace: 'other', ports: [http443], exportTo: ['.'] }),
      ],
      expected: [],
    },
    {
      // In "default" both are seen; in "other" only b: the conflict is reported once per entry.
      name: 'a private entry and a public one',
      entries: [
        entry({ name: 'a', ports: [https443], exportTo: ['.'] }),
        entry({ name: 'b', namespace: 'other', ports: [http443] }),
      ],
      expected: [finding('KIA1212', 'default/a'), finding('KIA1212', 'other/b')],
    },
  ];

  it.each(cases)('$name', ({ entries, expected }) => {
    const found = kiaChecks(docs(namespaces('default', 'other'), ...entries), {
      codes: ['KIA1211', 'KIA1212'],
    });
    expect(found).toEqual(expected);
  });

  it('points at the port', () => {
    const yaml = docs(entry({ name: 'a', ports: [https443] }), entry({ name: 'b', ports: [http443] }));
    expect(kiaFindings(yaml, { codes: ['KIA1212'] })[0]).toMatchObject(positionOf(yaml, 'number: 443'));
  });

  it("uses Kiali's messages and severities", () => {
    const yaml = docs(
      entry({ name: 'a', ports: [https443] }),
      entry({ name: 'b', ports: [https443] }),
      entry({ name: 'c', hosts: ['x.example.com'], ports: [https443] }),
      entry({ name: 'd', hosts: ['x.example.com'], ports: [http443] }),
    );
    const shown = analyze(yaml)
      .filter((f) => f.code === 'KIA1211' || f.code === 'KIA1212')
      .map((f) => `${f.object?.name ?? ''} ${f.code} ${f.severity} ${f.message}`);
    expect(shown).toEqual([
      'a KIA1211 warning More than one ServiceEntry for the same host and port',
      'b KIA1211 warning More than one ServiceEntry for the same host and port',
      'c KIA1212 warning ServiceEntries have conflicting protocols for the same host and port',
      'd KIA1212 warning ServiceEntries have conflicting protocols for the same host and port',
    ]);
  });
});
