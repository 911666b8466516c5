import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isIstioKind } from '../kinds.ts';
import { parseManifests } from '../parse.ts';
import { formatPath } from '../path.ts';
import type { Resource } from '../resource.ts';
import { servedApiVersions, validateStructure } from './index.ts';

const istioData = fileURLToPath(new URL('../../../../../third_party/istio/', import.meta.url));

function yamlFilesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return yamlFilesUnder(path);
    return name.endsWith('.yaml') ? [path] : [];
  });
}

function istioResources(file: string): Resource[] {
  const { resources, findings } = parseManifests(readFileSync(file, 'utf8'), { file });
  if (findings.length > 0)
    throw new Error(`${file} does not parse: ${findings.map((f) => f.message).join('; ')}`);
  return resources.filter((r) => isIstioKind(r.kind));
}

// Files holding Istio resources (bookinfo/platform holds only Kubernetes kinds).
const samples = [
  ...yamlFilesUnder(join(istioData, 'bookinfo')),
  ...yamlFilesUnder(join(istioData, 'validation-dataset')),
]
  .map((file) => ({ name: file.slice(istioData.length), resources: istioResources(file) }))
  .filter((s) => s.resources.length > 0);

describe("Istio's own samples", () => {
  it('covers every kind, WorkloadGroup included', () => {
    const kinds = new Set(samples.flatMap((s) => s.resources.map((r) => r.kind)));
    expect([...kinds].sort()).toEqual(
      expect.arrayContaining([
        'AuthorizationPolicy',
        'DestinationRule',
        'Gateway',
        'ServiceEntry',
        'VirtualService',
        'WorkloadGroup',
      ]),
    );
    expect(kinds.size).toBeGreaterThanOrEqual(10);
  });

  it.each(samples.map((s) => [s.name, s.resources] as const))(
    '%s validates with no findings',
    (_name, resources) => {
      for (const resource of resources) {
        expect({ name: resource.metadata.name, findings: validateStructure(resource) }).toEqual({
          name: resource.metadata.name,
          findings: [],
        });
      }
    },
  );
});

function resourceOf(yaml: string): Resource {
  const { resources, findings } = parseManifests(yaml, { file: 'test.yaml' });
  expect(findings).toEqual([]);
  const [resource] = resources;
  if (!resource) throw new Error('no resource in test input');
  return resource;
}

function virtualService(spec: string): string {
  return `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: reviews}\nspec:\n${spec}`;
}

function destinationRule(spec: string): string {
  return `apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: reviews}\nspec:\n${spec}`;
}

interface Case {
  readonly name: string;
  readonly yaml: string;
  /** Kiali-format path and the detail after the prefix, of every finding. */
  readonly expected: ReadonlyArray<readonly [string, string]>;
}

const cases: Case[] = [
  {
    name: 'unknown field, with a suggestion',
    yaml: virtualService(`  hosts: [reviews]\n  http:\n  - rout:\n    - destination: {host: reviews}\n`),
    expected: [['spec/http[0]/rout', 'spec.http[0].rout: unknown field "rout" (did you mean "route"?)']],
  },
  {
    name: 'unknown top-level field',
    yaml: `${virtualService('  hosts: [reviews]\n')}specs: {}\n`,
    expected: [['specs', 'specs: unknown field "specs" (did you mean "spec"?)']],
  },
  {
    name: "typo'd enum value",
    yaml: destinationRule(`  host: reviews\n  trafficPolicy:\n    loadBalancer: {simple: ROUND_ROBBIN}\n`),
    expected: [
      [
        'spec/trafficPolicy/loadBalancer/simple',
        'spec.trafficPolicy.loadBalancer.simple: value "ROUND_ROBBIN" is not one of [UNSPECIFIED, LEAST_CONN, RANDOM, PASSTHROUGH, ROUND_ROBIN, LEAST_REQUEST] (did you mean "ROUND_ROBIN"?)',
      ],
    ],
  },
  {
    name: 'weight as a string',
    yaml: virtualService(
      `  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews}\n      weight: "50"\n`,
    ),
    expected: [
      ['spec/http[0]/route[0]/weight', 'spec.http[0].route[0].weight: expected integer, got string "50"'],
    ],
  },
  {
    name: 'fractional integer',
    yaml: virtualService(
      `  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews}\n      weight: 50.5\n`,
    ),
    expected: [
      ['spec/http[0]/route[0]/weight', 'spec.http[0].route[0].weight: expected integer, got number 50.5'],
    ],
  },
  {
    name: 'integer out of int32 range',
    yaml: virtualService(
      `  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews}\n    retries: {attempts: 3000000000}\n`,
    ),
    expected: [
      [
        'spec/http[0]/retries/attempts',
        'spec.http[0].retries.attempts: value 3000000000 is out of range for int32 (-2147483648 to 2147483647)',
      ],
    ],
  },
  {
    name: 'directResponse without status',
    yaml: virtualService(`  hosts: [reviews]\n  http:\n  - directResponse: {body: {string: gone}}\n`),
    expected: [
      [
        'spec/http[0]/directResponse/status',
        'spec.http[0].directResponse.status: missing required field "status"',
      ],
    ],
  },
  {
    name: 'Gateway server without port',
    yaml: `apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: gw}\nspec:\n  servers:\n  - hosts: ["*"]\n`,
    expected: [['spec/servers[0]/port', 'spec.servers[0].port: missing required field "port"']],
  },
  {
    name: 'zero timeout (CEL duration rule)',
    yaml: virtualService(
      `  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews}\n    timeout: 0s\n`,
    ),
    expected: [['spec/http[0]/timeout', 'spec.http[0].timeout: must be a valid duration greater than 1ms']],
  },
  {
    name: 'timeout that is not a duration',
    yaml: virtualService(
      `  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews}\n    timeout: abc\n`,
    ),
    expected: [
      [
        'spec/http[0]/timeout',
        'spec.http[0].timeout: must be a valid duration greater than 1ms (time: invalid duration "abc")',
      ],
    ],
  },
  {
    name: 'timeout with a unit Go does not know',
    yaml: destinationRule(
      `  host: reviews\n  trafficPolicy:\n    connectionPool: {tcp: {connectTimeout: 10ss}}\n`,
    ),
    expected: [
      [
        'spec/trafficPolicy/connectionPool/tcp/connectTimeout',
        'spec.trafficPolicy.connectionPool.tcp.connectTimeout: must be a valid duration greater than 1ms (time: unknown unit "ss" in duration "10ss")',
      ],
    ],
  },
  {
    name: 'mutually exclusive match fields (oneOf)',
    yaml: virtualService(
      `  hosts: [reviews]\n  http:\n  - match:\n    - uri: {exact: /a, prefix: /b}\n    route:\n    - destination: {host: reviews}\n`,
    ),
    expected: [
      [
        'spec/http[0]/match[0]/uri',
        'spec.http[0].match[0].uri: only one of exact, prefix or regex may be set, found exact and prefix',
      ],
    ],
  },
  {
    name: 'mutually exclusive load balancer settings (oneOf)',
    yaml: destinationRule(
      `  host: reviews\n  trafficPolicy:\n    loadBalancer: {simple: RANDOM, consistentHash: {useSourceIp: true}}\n`,
    ),
    expected: [
      [
        'spec/trafficPolicy/loadBalancer',
        'spec.trafficPolicy.loadBalancer: only one of simple, consistentHash or backendUtilization may be set, found simple and consistentHash',
      ],
    ],
  },
  {
    name: 'mutually exclusive fields (CEL rule)',
    yaml: `apiVersion: security.istio.io/v1\nkind: RequestAuthentication\nmetadata: {name: ra}\nspec:\n  jwtRules:\n  - {issuer: me, jwksUri: "https://example.com/jwks", jwks: "{}"}\n`,
    expected: [['spec/jwtRules[0]', 'spec.jwtRules[0]: only one of jwks or jwksUri can be set']],
  },
  {
    name: 'wrong version',
    yaml: `apiVersion: networking.istio.io/v2\nkind: VirtualService\nmetadata: {name: reviews}\nspec: {}\n`,
    expected: [
      [
        'apiVersion',
        'apiVersion: "networking.istio.io/v2" is not served for VirtualService; use one of networking.istio.io/v1, networking.istio.io/v1beta1, networking.istio.io/v1alpha3',
      ],
    ],
  },
  {
    name: 'version the kind never had',
    yaml: `apiVersion: security.istio.io/v1alpha3\nkind: AuthorizationPolicy\nmetadata: {name: ap}\nspec: {}\n`,
    expected: [
      [
        'apiVersion',
        'apiVersion: "security.istio.io/v1alpha3" is not served for AuthorizationPolicy; use one of security.istio.io/v1, security.istio.io/v1beta1',
      ],
    ],
  },
  {
    name: "another group's version",
    yaml: `apiVersion: security.istio.io/v1\nkind: VirtualService\nmetadata: {name: reviews}\nspec: {}\n`,
    expected: [
      [
        'apiVersion',
        'apiVersion: "security.istio.io/v1" is not served for VirtualService; use one of networking.istio.io/v1, networking.istio.io/v1beta1, networking.istio.io/v1alpha3',
      ],
    ],
  },
  {
    name: 'every problem, not just the first',
    yaml: virtualService(
      `  hosts: reviews\n  http:\n  - route:\n    - destination: {host: reviews, subsett: v1}\n      weight: "1"\n    timeout: 0s\n  tcp: {}\n`,
    ),
    expected: [
      ['spec/hosts', 'spec.hosts: expected array, got string "reviews"'],
      [
        'spec/http[0]/route[0]/destination/subsett',
        'spec.http[0].route[0].destination.subsett: unknown field "subsett" (did you mean "subset"?)',
      ],
      ['spec/http[0]/route[0]/weight', 'spec.http[0].route[0].weight: expected integer, got string "1"'],
      ['spec/http[0]/timeout', 'spec.http[0].timeout: must be a valid duration greater than 1ms'],
      ['spec/tcp', 'spec.tcp: expected array, got object'],
    ],
  },
  {
    name: 'duplicate ServiceEntry ports (list-type map and CEL) next to other rules',
    yaml: `apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata: {name: se}\nspec:\n  hosts: [db.example.com]\n  ports: [{number: 5432, name: pg}, {number: 5432, name: pg}]\n  resolution: NONE\n  endpoints: [{address: 10.0.0.1}]\n`,
    expected: [
      ['spec/ports[1]', 'spec.ports[1]: duplicate entry with name "pg" (same as item 0)'],
      ['spec/ports', 'spec.ports: port number cannot be duplicated'],
      ['spec', 'spec: NONE mode cannot set endpoints'],
    ],
  },
  {
    name: 'selector label key with a wildcard (CEL over a map)',
    yaml: `apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: ap}\nspec:\n  selector: {matchLabels: {"app*": x}}\n`,
    expected: [
      ['spec/selector/matchLabels', 'spec.selector.matchLabels: wildcard not allowed in label key match'],
    ],
  },
  {
    name: 'wildcard in a label value, path through a map key',
    yaml: destinationRule(`  host: reviews\n  workloadSelector: {matchLabels: {app: "re*"}}\n`),
    expected: [
      [
        'spec/workloadSelector/matchLabels/app',
        'spec.workloadSelector.matchLabels[app]: wildcard not allowed in label value match',
      ],
    ],
  },
];

describe('validateStructure', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const findings = validateStructure(resourceOf(c.yaml));
    expect(findings.map((f) => [formatPath(f.path), f.detail])).toEqual(
      c.expected.map(([path, detail]) => [path, `Schema validation error: ${detail}`]),
    );
    for (const f of findings) expect(f.code).toBe('IST0106');
  });

  it('treats a null field as unset, as the API server prunes it', () => {
    const findings = validateStructure(
      resourceOf(
        virtualService(
          `  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews}\n    timeout: ~\n    retries: ~\n`,
        ),
      ),
    );
    expect(findings).toEqual([]);
  });

  it('ignores status and accepts any metadata', () => {
    const yaml = `${virtualService('  hosts: [reviews]\n')}status: {anything: [1, 2]}\n`.replace(
      'metadata: {name: reviews}',
      'metadata: {name: reviews, labels: {a: b}, finalizers: [x]}',
    );
    expect(validateStructure(resourceOf(yaml))).toEqual([]);
  });

  it('accepts every served version with the same body', () => {
    for (const apiVersion of servedApiVersions('DestinationRule')) {
      const yaml = destinationRule('  host: reviews\n  trafficPolicy: {tls: {mode: ISTIO_MUTUAL}}\n').replace(
        'networking.istio.io/v1',
        apiVersion,
      );
      expect(validateStructure(resourceOf(yaml))).toEqual([]);
    }
  });

  it('has nothing to say about kinds without an Istio CRD', () => {
    const service = resourceOf('apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {weird: true}\n');
    expect(validateStructure(service)).toEqual([]);
  });

  it('lists served versions preferred first', () => {
    expect(servedApiVersions('EnvoyFilter')).toEqual(['networking.istio.io/v1alpha3']);
    expect(servedApiVersions('PeerAuthentication')).toEqual([
      'security.istio.io/v1',
      'security.istio.io/v1beta1',
    ]);
  });
});
