/**
 * Every wizard's form, built, written as YAML, read back as the API would answer it, gives the
 * same form; and the objects pass the whole mesh check against Istio's Bookinfo with no error.
 */
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { analyzeManifests } from '../validation/analyze.ts';
import { bookinfo } from '../validation/rules/traffic/test-support.ts';
import { buildWizard, wizardYaml } from './build.ts';
import type { WizardModel, WizardTarget } from './model.ts';
import { defaultModel, WIZARD_KINDS } from './model.ts';
import type { ExistingObject } from './read.ts';
import { readWizard } from './read.ts';

const reviews: WizardTarget = { namespace: 'default', service: 'reviews', versions: ['v1', 'v2', 'v3'] };
const ratings: WizardTarget = { namespace: 'default', service: 'ratings', versions: ['v1'] };

const cases: readonly { name: string; target: WizardTarget; model: WizardModel }[] = [
  {
    name: 'traffic shifting 80/20 v1/v3',
    target: reviews,
    model: {
      kind: 'traffic_shifting',
      weights: [
        { version: 'v1', weight: 80 },
        { version: 'v2', weight: 0 },
        { version: 'v3', weight: 20 },
      ],
    },
  },
  {
    name: 'request routing: jason to v2, the rest to v1',
    target: reviews,
    model: {
      kind: 'request_routing',
      rules: [
        {
          matches: [{ headers: [{ name: 'end-user', op: 'exact', value: 'jason' }] }],
          routes: [{ version: 'v2', weight: 100 }],
        },
        {
          matches: [
            {
              headers: [{ name: 'x-canary', op: 'regex', value: '^(yes|true)$' }],
              uri: { op: 'prefix', value: '/reviews' },
              method: { op: 'exact', value: 'GET' },
            },
            { headers: [], uri: { op: 'regex', value: '/reviews/[0-9]+' } },
          ],
          routes: [
            { version: 'v1', weight: 50 },
            { version: 'v3', weight: 50 },
          ],
        },
        { matches: [], routes: [{ version: 'v1', weight: 100 }] },
      ],
    },
  },
  {
    name: 'fault injection: abort 100% for ratings',
    target: ratings,
    model: {
      kind: 'fault_injection',
      weights: [{ version: 'v1', weight: 100 }],
      abort: { percentage: 100, httpStatus: 500 },
    },
  },
  {
    name: 'fault injection: delay and abort',
    target: reviews,
    model: {
      kind: 'fault_injection',
      weights: [
        { version: 'v1', weight: 33 },
        { version: 'v2', weight: 33 },
        { version: 'v3', weight: 34 },
      ],
      delay: { percentage: 50, fixedDelay: '7s' },
      abort: { percentage: 10.5, httpStatus: 503 },
    },
  },
  {
    name: 'request timeouts with retries',
    target: ratings,
    model: {
      kind: 'request_timeouts',
      weights: [{ version: 'v1', weight: 100 }],
      timeout: '2s',
      retries: {
        attempts: 3,
        perTryTimeout: '500ms',
        retryOn: 'gateway-error,connect-failure,refused-stream',
      },
    },
  },
  {
    name: 'request timeouts: retries only',
    target: ratings,
    model: { kind: 'request_timeouts', weights: [{ version: 'v1', weight: 100 }], retries: { attempts: 2 } },
  },
  {
    name: 'circuit breaker: pool and outlier detection',
    target: reviews,
    model: {
      kind: 'circuit_breaker',
      connectionPool: {
        maxConnections: 1,
        http1MaxPendingRequests: 1,
        maxRequestsPerConnection: 1,
        maxRetries: 2,
      },
      outlierDetection: {
        consecutive5xxErrors: 1,
        interval: '1s',
        baseEjectionTime: '3m',
        maxEjectionPercent: 100,
      },
    },
  },
  {
    name: 'circuit breaker: outlier detection only',
    target: reviews,
    model: { kind: 'circuit_breaker', outlierDetection: { consecutive5xxErrors: 7, interval: '5m' } },
  },
  ...WIZARD_KINDS.map((kind) => ({
    name: `${kind} defaults`,
    target: reviews,
    model: defaultModel(kind, reviews),
  })),
];

function modelOf(name: string): WizardModel {
  const found = cases.find((c) => c.name === name);
  if (!found) throw new Error(`no case ${name}`);
  return found.model;
}

/** The YAML read back as the API answers objects: plain JSON. */
function readBack(yaml: string): { virtualService?: ExistingObject; destinationRule?: ExistingObject } {
  const out: { virtualService?: ExistingObject; destinationRule?: ExistingObject } = {};
  for (const doc of parseAllDocuments(yaml)) {
    if (!('toJS' in doc)) throw new Error('unreadable YAML');
    const o = doc.toJS() as ExistingObject & { kind: string };
    if (o.kind === 'VirtualService') out.virtualService = o;
    if (o.kind === 'DestinationRule') out.destinationRule = o;
  }
  return out;
}

describe('wizard builders', () => {
  it.each(cases)('$name: build → YAML → read back gives the same form', ({ target, model }) => {
    const yaml = wizardYaml(buildWizard(model, target));
    expect(readWizard(model.kind, readBack(yaml), target)).toEqual(model);
  });

  it.each(cases)('$name: passes the mesh check against Bookinfo without errors', ({ target, model }) => {
    const yaml = wizardYaml(buildWizard(model, target));
    const { findings } = analyzeManifests([
      bookinfo('platform/bookinfo.yaml'),
      { file: 'wizard.yaml', text: yaml },
    ]);
    expect(findings.filter((f) => f.severity === 'error' || f.severity === 'warning')).toEqual([]);
  });

  it('is checked for real: a subset for a version no workload has is an error', () => {
    const target = { ...reviews, versions: ['v1', 'v4'] };
    const yaml = wizardYaml(buildWizard(defaultModel('traffic_shifting', target), target));
    const { findings } = analyzeManifests([
      bookinfo('platform/bookinfo.yaml'),
      { file: 'wizard.yaml', text: yaml },
    ]);
    expect(findings.filter((f) => f.severity === 'error').map((f) => `${f.code} ${f.path}`)).toEqual([
      'KIA0203 spec/subsets[1]',
    ]);
  });

  it('builds Kiali’s objects: FQDN host, a subset per version, the wizard label, the service’s names', () => {
    const built = buildWizard(modelOf('traffic shifting 80/20 v1/v3'), reviews);
    expect(built.destinationRule.metadata).toEqual({
      name: 'reviews',
      namespace: 'default',
      labels: { kiali_wizard: 'traffic_shifting' },
    });
    expect(built.destinationRule.spec).toEqual({
      host: 'reviews.default.svc.cluster.local',
      subsets: ['v1', 'v2', 'v3'].map((v) => ({ name: v, labels: { version: v } })),
    });
    expect(built.virtualService?.spec.hosts).toEqual(['reviews']);
    expect(built.virtualService?.spec.http?.[0]?.route?.map((r) => [r.destination.subset, r.weight])).toEqual(
      [
        ['v1', 80],
        ['v2', 0],
        ['v3', 20],
      ],
    );
  });

  it('keeps the names of the objects it replaces', () => {
    const built = buildWizard(modelOf('traffic shifting 80/20 v1/v3'), reviews, {
      names: { virtualService: 'rv', destinationRule: 'rd' },
    });
    expect([built.virtualService?.metadata.name, built.destinationRule.metadata.name]).toEqual(['rv', 'rd']);
  });

  it('makes no VirtualService for the circuit breaker, only the DestinationRule’s policy', () => {
    const yaml = wizardYaml(buildWizard(modelOf('circuit breaker: pool and outlier detection'), reviews));
    expect(yaml).not.toContain('kind: VirtualService');
    expect(yaml).toContain('kiali_wizard: circuit_breaker');
    expect(yaml).toContain(`    connectionPool:
      tcp:
        maxConnections: 1
      http:
        http1MaxPendingRequests: 1`);
  });

  it('writes both objects in one YAML stream, VirtualService first', () => {
    const yaml = wizardYaml(buildWizard(modelOf('fault injection: abort 100% for ratings'), ratings));
    const kinds = yaml.split('---\n').map((doc) => /^kind: (\w+)$/m.exec(doc)?.[1]);
    expect(kinds).toEqual(['VirtualService', 'DestinationRule']);
    expect(yaml).toContain(`      fault:
        abort:
          percentage:
            value: 100
          httpStatus: 500`);
  });
});
