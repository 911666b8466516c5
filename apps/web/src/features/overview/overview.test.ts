import type { MtlsStatusValue } from '@meshlens/mesh-core/inventory';
import { describe, expect, it } from 'vitest';
import { countHealth, inboundRate, namespaceMtls } from './overview.ts';

describe('namespaceMtls (Kiali nsWideMTLSStatus)', () => {
  it.each<[MtlsStatusValue, MtlsStatusValue | undefined, MtlsStatusValue, boolean]>([
    ['MTLS_NOT_ENABLED', 'MTLS_ENABLED', 'MTLS_ENABLED', true],
    ['MTLS_DISABLED', 'MTLS_ENABLED', 'MTLS_DISABLED', false],
    ['MTLS_PARTIALLY_ENABLED', 'MTLS_ENABLED', 'MTLS_PARTIALLY_ENABLED', false],
    ['MTLS_NOT_ENABLED', 'MTLS_NOT_ENABLED', 'MTLS_NOT_ENABLED', false],
    ['MTLS_ENABLED', undefined, 'MTLS_ENABLED', false],
  ])('%s with mesh %s is %s', (ns, mesh, status, inherited) => {
    expect(namespaceMtls(ns, mesh)).toEqual({ status, inherited });
  });
});

describe('countHealth', () => {
  it('counts each status, objects without a status as NA', () => {
    const req = { inbound: {}, outbound: {}, healthAnnotations: {} };
    const health = {
      namespaceAppHealth: {
        ns: {
          a: {
            workloadStatuses: [],
            requests: req,
            status: { status: 'Healthy' as const, totalRequestRate: 0 },
          },
          b: {
            workloadStatuses: [],
            requests: req,
            status: { status: 'Failure' as const, totalRequestRate: 0 },
          },
          c: { workloadStatuses: [], requests: req },
        },
      },
    };
    expect(countHealth(health, 'app', 'ns')).toEqual({
      Healthy: 1,
      Degraded: 0,
      Failure: 1,
      'Not Ready': 0,
      NA: 1,
    });
    expect(countHealth(health, 'service', 'ns')).toEqual({
      Healthy: 0,
      Degraded: 0,
      Failure: 0,
      'Not Ready': 0,
      NA: 0,
    });
  });
});

describe('inboundRate', () => {
  it('sums series per time', () => {
    expect(
      inboundRate({
        request_count: [
          {
            name: 'request_count',
            labels: { a: '1' },
            datapoints: [
              [2, '1'],
              [1, '0.5'],
            ],
          },
          {
            name: 'request_count',
            labels: { a: '2' },
            datapoints: [
              [2, '2'],
              [1, 'NaN'],
            ],
          },
        ],
      }),
    ).toEqual([
      { t: 1, rps: 0.5 },
      { t: 2, rps: 3 },
    ]);
  });
});
