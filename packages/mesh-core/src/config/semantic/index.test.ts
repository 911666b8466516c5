import { describe, expect, it } from 'vitest';
import { analyzeManifests } from '../../validation/analyze.ts';
import type { IstioKind } from '../kinds.ts';
import type { IstioResource } from '../resource.ts';
import { validateSemantics } from './index.ts';
import { check, istio } from './test-support.ts';

describe('validateSemantics', () => {
  const refusedByKind: [IstioKind, IstioResource][] = [
    [
      'VirtualService',
      istio('VirtualService', {
        hosts: ['a'],
        http: [{ route: [{ destination: { host: 'a' }, weight: -1 }] }],
      }),
    ],
    ['DestinationRule', istio('DestinationRule', { host: 'a', subsets: [{ name: 'v1' }, { name: 'v1' }] })],
    ['Gateway', istio('Gateway', { servers: [] })],
    ['ServiceEntry', istio('ServiceEntry', { hosts: ['*'] })],
    ['Sidecar', istio('Sidecar', {})],
    ['WorkloadEntry', istio('WorkloadEntry', {})],
    ['WorkloadGroup', istio('WorkloadGroup', { template: {}, probe: {} })],
    ['AuthorizationPolicy', istio('AuthorizationPolicy', { action: 'DENY' })],
    ['PeerAuthentication', istio('PeerAuthentication', { portLevelMtls: { '80': { mode: 'STRICT' } } })],
    ['RequestAuthentication', istio('RequestAuthentication', { jwtRules: [{}] })],
  ];
  it.each(refusedByKind)('checks %s', (_kind, resource) => {
    expect(check(resource).some((f) => f.code === 'IST0106')).toBe(true);
  });

  it.each(['ServiceEntry', 'DestinationRule', 'WorkloadGroup'] as const)(
    'refuses a %s without spec',
    (kind) => {
      const resource = { ...istio(kind, {} as never), spec: undefined } as unknown as IstioResource;
      expect(check(resource)).toEqual([
        expect.objectContaining({
          code: 'IST0106',
          path: expect.stringMatching(/^spec\/(host|hosts|template)$/) as unknown,
        }),
      ]);
    },
  );

  it('checks a VirtualService without spec like an empty one', () => {
    const resource = { ...istio('VirtualService', {}), spec: undefined } as unknown as IstioResource;
    expect(check(resource).map((f) => f.detail)).toEqual([
      'Schema validation error: spec: must provide http, tcp or tls routes',
    ]);
  });

  it('leaves EnvoyFilter to its schema', () => {
    expect(validateSemantics(istio('EnvoyFilter', { configPatches: [] }))).toEqual([]);
  });

  it('refuses the dry-run annotation outside AuthorizationPolicy', () => {
    const dr = istio('DestinationRule', { host: 'a' }, { annotations: { 'istio.io/dry-run': 'true' } });
    expect(check(dr)).toEqual([
      {
        code: 'IST0106',
        path: 'metadata/annotations/istio.io/dry-run',
        detail:
          'Schema validation error: metadata.annotations[istio.io/dry-run]: is not supported on DestinationRule: remove the annotation',
      },
    ]);
  });

  it('reports through analyzeManifests with Kiali paths and file positions', () => {
    const text = [
      'apiVersion: networking.istio.io/v1',
      'kind: VirtualService',
      'metadata: {name: reviews, namespace: bookinfo}',
      'spec:',
      '  hosts: [reviews]',
      '  http:',
      '  - route:',
      '    - destination: {host: reviews}',
      "    retries: {attempts: 3, retryOn: 'server-error'}",
      '',
    ].join('\n');
    const { findings, snapshot } = analyzeManifests([{ file: 'vs.yaml', text }]);
    const finding = findings.find((f) => f.code === 'IST0106');
    expect(finding).toMatchObject({
      severity: 'error',
      path: 'spec/http[0]/retries/retryOn',
      message: expect.stringContaining(
        'Schema validation error: spec.http[0].retries.retryOn: "server-error" is not a valid retryOn policy',
      ) as unknown,
      object: { kind: 'VirtualService', name: 'reviews', namespace: 'bookinfo' },
      source: { file: 'vs.yaml', line: 9 },
    });
    // A resource Istio would refuse never reaches the mesh.
    expect(snapshot.resources).toEqual([]);
  });

  it('keeps a resource with warnings only in the mesh', () => {
    const text =
      'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: r}\nspec:\n  host: r\n  trafficPolicy:\n    outlierDetection: {consecutiveErrors: 5}\n';
    const { findings, snapshot } = analyzeManifests([{ file: 'dr.yaml', text }]);
    expect(findings.map((f) => [f.code, f.severity, f.path])).toContainEqual([
      'ML0006',
      'warning',
      'spec/trafficPolicy/outlierDetection/consecutiveErrors',
    ]);
    expect(snapshot.resources).toHaveLength(1);
  });
});
