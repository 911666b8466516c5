/**
 * The editor's validation snapshot through the wire: the browser, validating a document against
 * the snapshot as JSON, finds exactly what the validator finds against the mesh itself (codes,
 * severities, lines and columns), on Bookinfo; a malformed snapshot is refused naming the
 * field; the endpoint list and the path helpers are the ones the routes serve.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyzeManifests, DocumentValidator } from '../validation/analyze.ts';
import type { Finding } from '../validation/finding.ts';
import {
  configObjectLocator,
  configRevisionsPath,
  configRevisionsSchema,
  configRollbackPath,
  istioConfigEditingEndpoints,
  meshSnapshotFromJson,
  validationSnapshotOf,
  validationSnapshotSchema,
} from './istio-config-editing.ts';
import { defaultMeshOptions } from '../validation/context.ts';

const istio = fileURLToPath(new URL('../../../../third_party/istio/', import.meta.url));
const sample = (path: string) => ({ file: path, text: readFileSync(`${istio}${path}`, 'utf8') });

const mesh = analyzeManifests(
  [
    sample('bookinfo/platform/bookinfo.yaml'),
    sample('bookinfo/networking/destination-rule-all.yaml'),
    sample('bookinfo/networking/bookinfo-gateway.yaml'),
  ],
  { defaultNamespace: 'bookinfo' },
).snapshot;

/** The snapshot as the browser gets it: the server's answer through JSON. */
const overTheWire = () =>
  meshSnapshotFromJson(
    JSON.parse(JSON.stringify(validationSnapshotOf({ ...mesh, revision: '7' }, defaultMeshOptions))),
  );

const shown = (findings: readonly Finding[]) =>
  findings.map((f) => `${f.severity} ${f.code} ${f.path} ${f.source?.line}:${f.source?.column}`);

const reviewsRoute = (host: string, subset: string) => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
  namespace: bookinfo
spec:
  hosts:
    - reviews
  http:
    - route:
        - destination:
            host: ${host}
            subset: ${subset}
`;

const cases: readonly { name: string; text: string; expected: readonly string[] }[] = [
  {
    name: 'a route to a host that does not exist',
    text: reviewsRoute('nowhere', 'v1'),
    expected: [
      'error KIA1101 spec/http[0]/route[0]/destination/host 12:19',
      'warning KIA1107 spec/http[0]/route[0]/destination 11:11',
    ],
  },
  {
    name: 'a route to a subset no DestinationRule defines',
    text: reviewsRoute('reviews', 'v9'),
    expected: ['warning KIA1107 spec/http[0]/route[0]/destination 11:11'],
  },
  { name: 'a valid route', text: reviewsRoute('reviews', 'v2'), expected: [] },
  {
    name: 'a second gateway on the stored gateway’s port and host',
    text: `apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: other-gateway
  namespace: bookinfo
spec:
  selector:
    istio: ingressgateway
  servers:
    - port: { number: 8080, name: http, protocol: HTTP }
      hosts: ["*"]
`,
    expected: ['warning KIA0302 spec/selector 7:3', 'warning KIA0301 spec/servers[0]/hosts[0] 11:15'],
  },
  {
    name: 'a policy selecting a workload that exists, and one that does not',
    text: `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: productpage
  namespace: bookinfo
spec:
  selector:
    matchLabels:
      app: productpage
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: nothing
  namespace: bookinfo
spec:
  selector:
    matchLabels:
      app: nothing
`,
    expected: ['warning KIA0004 spec/selector/matchLabels 18:5'],
  },
];

describe('the validation snapshot over the wire', () => {
  it.each(cases)('finds the same as the mesh itself: $name', ({ text, expected }) => {
    const direct = new DocumentValidator(mesh).validate({ text, file: 'editor.yaml' });
    const browser = new DocumentValidator(overTheWire()).validate({ text, file: 'editor.yaml' });
    expect(shown(browser)).toEqual(shown(direct));
    expect(shown(browser.filter((f) => f.code.startsWith('KIA'))).sort()).toEqual([...expected].sort());
  });

  it('carries the revision, every stored Istio object, the registry and the options', () => {
    const json = validationSnapshotSchema.parse(
      JSON.parse(JSON.stringify(validationSnapshotOf({ ...mesh, revision: '7' }, defaultMeshOptions))),
    );
    expect(json.revision).toBe('7');
    expect(json.resources.map((r) => `${r.kind}/${r.metadata.name}`).sort()).toEqual([
      'DestinationRule/details',
      'DestinationRule/productpage',
      'DestinationRule/ratings',
      'DestinationRule/reviews',
      'Gateway/bookinfo-gateway',
      'VirtualService/bookinfo',
    ]);
    expect(json.registry.services.map((s) => s.name).sort()).toEqual([
      'details',
      'productpage',
      'ratings',
      'reviews',
    ]);
    expect(json.registry.workloads.find((w) => w.name === 'reviews-v3')?.labels).toEqual({
      app: 'reviews',
      version: 'v3',
    });
    expect(json.options).toEqual(defaultMeshOptions);
    const back = meshSnapshotFromJson(json);
    expect(back.resources).toHaveLength(6);
    expect(back.registry.workloads.find((w) => w.name === 'reviews-v3')?.resource?.metadata.labels).toEqual({
      app: 'reviews',
      version: 'v3',
    });
  });

  it('lowers host-not-found to a warning when the server’s mesh lets unknown hosts out', () => {
    const json = JSON.parse(
      JSON.stringify(
        validationSnapshotOf(
          { ...mesh, revision: '1' },
          { ...defaultMeshOptions, outboundTrafficPolicy: 'ALLOW_ANY' },
        ),
      ),
    ) as unknown;
    const found = new DocumentValidator(meshSnapshotFromJson(json)).validate({
      text: reviewsRoute('nowhere', 'v1'),
      file: 'editor.yaml',
    });
    expect(shown(found)).toEqual([
      'warning KIA1107 spec/http[0]/route[0]/destination 11:11',
      'warning KIA1101 spec/http[0]/route[0]/destination/host 12:19',
    ]);
  });

  it('leaves out a manifest that no longer passes its structural check', () => {
    const json = validationSnapshotSchema.parse(
      JSON.parse(JSON.stringify(validationSnapshotOf({ ...mesh, revision: '7' }, defaultMeshOptions))),
    );
    const broken = { ...json.resources[0], spec: { host: 42 } };
    const back = meshSnapshotFromJson({ ...json, resources: [broken, ...json.resources.slice(1)] });
    expect(back.resources).toHaveLength(5);
  });

  it.each([
    [{}, 'revision'],
    [{ revision: '1', resources: [], registry: {}, options: defaultMeshOptions }, 'registry'],
  ])('refuses a malformed snapshot, naming the field (%#)', (json, field) => {
    expect(() => meshSnapshotFromJson(json)).toThrow(field);
  });
});

describe('revisions, paths and endpoints', () => {
  it('reads revisions oldest first, a deletion with no YAML', () => {
    const parsed = configRevisionsSchema.parse({
      revisions: [
        {
          revision: '3',
          operation: 'create',
          timestamp: 't',
          generation: 1,
          apiVersion: 'v',
          uid: 'u',
          yaml: 'a: 1\n',
        },
        {
          revision: '5',
          operation: 'delete',
          timestamp: 't',
          generation: 1,
          apiVersion: 'v',
          uid: 'u',
          yaml: '',
        },
      ],
    });
    expect(parsed.revisions.map((r) => r.operation)).toEqual(['create', 'delete']);
    expect(() => configRevisionsSchema.parse({ revisions: [{ revision: '3', operation: 'moved' }] })).toThrow(
      'operation',
    );
  });

  it('builds Kiali-shaped paths at Kiali’s version of the kind, names encoded', () => {
    const reviews = configObjectLocator('VirtualService', 'bookinfo', 'reviews');
    expect(configRevisionsPath(reviews)).toBe(
      '/api/namespaces/bookinfo/istio/networking.istio.io/v1/VirtualService/reviews/revisions',
    );
    expect(configRollbackPath(configObjectLocator('EnvoyFilter', 'a b', 'x/y'))).toBe(
      '/api/namespaces/a%20b/istio/networking.istio.io/v1alpha3/EnvoyFilter/x%2Fy/rollback',
    );
  });

  it('lists the snapshot, revisions and rollback endpoints', () => {
    expect(istioConfigEditingEndpoints.map((e) => `${e.method} ${e.path}`)).toEqual([
      'get /api/istio/validation-snapshot',
      'get /api/namespaces/{namespace}/istio/{group}/{version}/{kind}/{object}/revisions',
      'post /api/namespaces/{namespace}/istio/{group}/{version}/{kind}/{object}/rollback',
    ]);
  });
});
