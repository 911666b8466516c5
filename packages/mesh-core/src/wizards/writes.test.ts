import { describe, expect, it } from 'vitest';
import { buildWizard } from './build.ts';
import type { WizardTarget } from './model.ts';
import { isPendingSubsetFinding, wizardWrites } from './writes.ts';

const target: WizardTarget = { namespace: 'default', service: 'reviews', versions: ['v1', 'v3'] };
const handWrittenDr = {
  apiVersion: 'networking.istio.io/v1',
  kind: 'DestinationRule',
  metadata: {
    name: 'reviews',
    namespace: 'default',
    resourceVersion: '7',
    labels: { team: 'a' },
    annotations: {},
  },
  spec: {
    host: 'reviews',
    trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } },
    subsets: [{ name: 'v1', labels: { version: 'v1' } }],
  },
};

describe('wizardWrites', () => {
  const shifting = buildWizard(
    {
      kind: 'traffic_shifting',
      weights: [
        { version: 'v1', weight: 80 },
        { version: 'v3', weight: 20 },
      ],
    },
    target,
  );

  it('creates objects that do not exist', () => {
    const writes = wizardWrites(shifting, {}, 'traffic_shifting');
    expect(writes.map((w) => [w.operation, w.kind, w.name])).toEqual([
      ['create', 'VirtualService', 'reviews'],
      ['create', 'DestinationRule', 'reviews'],
    ]);
    expect(writes[0]?.body).toEqual(shifting.virtualService);
  });

  it('patches an existing DestinationRule, keeping what the wizard does not set', () => {
    const [, dr] = wizardWrites(shifting, { destinationRule: handWrittenDr }, 'traffic_shifting');
    expect(dr?.operation).toBe('update');
    expect(dr?.body).toEqual({
      metadata: { labels: { kiali_wizard: 'traffic_shifting' } },
      spec: shifting.destinationRule.spec,
    });
    expect(Object.keys(dr?.result ?? {})).toEqual(['apiVersion', 'kind', 'metadata', 'spec']);
    expect(dr?.result).toEqual({
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: {
        name: 'reviews',
        namespace: 'default',
        labels: { team: 'a', kiali_wizard: 'traffic_shifting' },
      },
      spec: {
        host: 'reviews.default.svc.cluster.local',
        trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } },
        subsets: [
          { name: 'v1', labels: { version: 'v1' } },
          { name: 'v3', labels: { version: 'v3' } },
        ],
      },
    });
  });

  it('removes the circuit breaker policy the form no longer sets', () => {
    const existing = {
      ...handWrittenDr,
      spec: {
        ...handWrittenDr.spec,
        trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' }, connectionPool: { tcp: { maxConnections: 1 } } },
      },
    };
    const built = buildWizard(
      { kind: 'circuit_breaker', outlierDetection: { consecutive5xxErrors: 2 } },
      target,
    );
    const writes = wizardWrites(built, { destinationRule: existing }, 'circuit_breaker');
    expect(writes).toHaveLength(1);
    expect((writes[0]?.result.spec as { trafficPolicy: unknown }).trafficPolicy).toEqual({
      tls: { mode: 'ISTIO_MUTUAL' },
      outlierDetection: { consecutive5xxErrors: 2 },
    });
  });
});

describe('isPendingSubsetFinding', () => {
  const built = buildWizard(
    {
      kind: 'traffic_shifting',
      weights: [
        { version: 'v1', weight: 80 },
        { version: 'v3', weight: 20 },
      ],
    },
    target,
  );
  const writes = wizardWrites(built, {}, 'traffic_shifting');
  it.each([
    ['KIA1107', 'spec/http[0]/route[1]/destination', true],
    ['KIA1107', 'spec/http[0]/route[2]/destination', false],
    ['KIA1101', 'spec/http[0]/route[0]/destination', false],
  ])('%s at %s: %s', (code, path, expected) => {
    expect(isPendingSubsetFinding({ code, path }, writes)).toBe(expected);
  });
  it('is false for a subset the DestinationRule does not define', () => {
    const v9 = buildWizard({ kind: 'traffic_shifting', weights: [{ version: 'v9', weight: 100 }] }, target);
    const other = wizardWrites(v9, {}, 'traffic_shifting');
    expect(
      isPendingSubsetFinding({ code: 'KIA1107', path: 'spec/http[0]/route[0]/destination' }, other),
    ).toBe(false);
  });
});
