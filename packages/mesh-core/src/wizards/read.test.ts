import { describe, expect, it } from 'vitest';
import type { WizardKind } from './model.ts';
import type { ExistingObject } from './read.ts';
import { existingRoutingOf, readWizard, routingOwnership, wizardAvailability } from './read.ts';

const object = (name: string, wizard?: string, spec: unknown = {}): ExistingObject => ({
  metadata: { name, ...(wizard === undefined ? {} : { labels: { kiali_wizard: wizard } }) },
  spec,
});

describe('routing ownership and the Actions menu', () => {
  const table: readonly {
    name: string;
    vs: ExistingObject[];
    dr: ExistingObject[];
    expected: Partial<Record<WizardKind, string>>;
  }[] = [
    {
      name: 'nothing configured: every wizard creates',
      vs: [],
      dr: [],
      expected: { traffic_shifting: 'create', request_routing: 'create', circuit_breaker: 'create' },
    },
    {
      name: 'a hand-written DestinationRule only (Bookinfo’s subsets): every wizard creates',
      vs: [],
      dr: [object('reviews')],
      expected: { traffic_shifting: 'create', fault_injection: 'create' },
    },
    {
      name: 'traffic shifting owns it: only it opens, to update',
      vs: [object('reviews', 'traffic_shifting')],
      dr: [object('reviews', 'traffic_shifting')],
      expected: { traffic_shifting: 'update', request_routing: 'disabled', circuit_breaker: 'disabled' },
    },
    {
      name: 'the circuit breaker owns the DestinationRule',
      vs: [],
      dr: [object('reviews', 'circuit_breaker')],
      expected: { circuit_breaker: 'update', traffic_shifting: 'disabled' },
    },
    {
      name: 'a hand-written VirtualService blocks every wizard',
      vs: [object('reviews')],
      dr: [],
      expected: { traffic_shifting: 'disabled', circuit_breaker: 'disabled' },
    },
  ];
  it.each(table)('$name', ({ vs, dr, expected }) => {
    const ownership = routingOwnership(vs, dr);
    for (const [kind, state] of Object.entries(expected)) {
      const a = wizardAvailability(kind as WizardKind, ownership);
      expect([kind, a.enabled ? a.mode : 'disabled']).toEqual([kind, state]);
    }
  });

  it('says why a wizard is disabled', () => {
    const owned = routingOwnership([object('reviews', 'fault_injection')], []);
    expect(wizardAvailability('traffic_shifting', owned).reason).toBe(
      'Traffic routing already exists for this service (made by the Fault Injection wizard): update it, or delete the traffic routing first',
    );
    expect(wizardAvailability('traffic_shifting', routingOwnership([object('bookinfo')], [])).reason).toBe(
      'VirtualService bookinfo was not made by a wizard: edit it in Istio Config, or delete the traffic routing first',
    );
  });

  it('reads the wizard-made objects first', () => {
    const ownership = routingOwnership([object('other'), object('mine', 'request_routing')], [object('dr')]);
    expect(existingRoutingOf(ownership).virtualService?.metadata.name).toBe('mine');
  });
});

describe('readWizard', () => {
  const target = { namespace: 'default', service: 'reviews', versions: ['v1', 'v2', 'v3'] };
  const dr = object('reviews', undefined, {
    host: 'reviews',
    subsets: [
      { name: 'blue', labels: { version: 'v1' } },
      { name: 'green', labels: { version: 'v3' } },
    ],
  });

  it('maps subsets to versions through the DestinationRule and adds missing versions at 0', () => {
    const vs = object('reviews', 'traffic_shifting', {
      http: [
        {
          route: [
            { destination: { host: 'reviews', subset: 'blue' }, weight: 75 },
            { destination: { host: 'reviews', subset: 'green' }, weight: 25 },
          ],
        },
      ],
    });
    expect(
      readWizard('traffic_shifting', { virtualService: vs, destinationRule: dr }, target).weights,
    ).toEqual([
      { version: 'v1', weight: 75 },
      { version: 'v3', weight: 25 },
      { version: 'v2', weight: 0 },
    ]);
  });

  it('reads a lone destination without weight as 100%', () => {
    const vs = object('reviews', 'fault_injection', {
      http: [
        {
          route: [{ destination: { host: 'reviews', subset: 'v2' } }],
          fault: { abort: { httpStatus: 500 } },
        },
      ],
    });
    expect(readWizard('fault_injection', { virtualService: vs }, target)).toEqual({
      kind: 'fault_injection',
      weights: [
        { version: 'v2', weight: 100 },
        { version: 'v1', weight: 0 },
        { version: 'v3', weight: 0 },
      ],
      abort: { percentage: 100, httpStatus: 500 },
    });
  });

  it('gives Kiali’s defaults when nothing is configured', () => {
    expect(readWizard('traffic_shifting', {}, target).weights.map((w) => w.weight)).toEqual([33, 33, 34]);
  });
});
