import { describe, expect, it } from 'vitest';
import type { HealthInput } from './health-reasons.ts';
import { healthReasons } from './health-reasons.ts';

const ws = (available: number, desired: number, synced: number) => ({
  name: 'w',
  desiredReplicas: desired,
  currentReplicas: desired,
  availableReplicas: available,
  syncedProxies: synced,
});
const req = (
  inbound: Record<string, Record<string, number>>,
  outbound: Record<string, Record<string, number>> = {},
) => ({
  inbound,
  outbound,
});

describe('healthReasons', () => {
  it.each<[string, HealthInput, [string, string][]]>([
    [
      'all fine',
      {
        status: { status: 'Healthy' },
        requests: req({ http: { '200': 2 } }),
        workloadStatuses: [ws(1, 1, 1)],
      },
      [
        ['Healthy', 'w: 1/1 replicas available'],
        ['Healthy', 'w: 1/1 proxies synced'],
        ['Healthy', 'Inbound requests: no errors (2.00 req/s)'],
      ],
    ],
    [
      'replicas missing and proxies not synced make it Degraded, not the requests',
      {
        status: { status: 'Degraded' },
        requests: req({ http: { '200': 9, '404': 1 } }),
        workloadStatuses: [ws(1, 2, 1)],
      },
      [
        ['Degraded', 'w: 1/2 replicas available'],
        ['Degraded', 'w: 1/2 proxies synced (proxies not synced)'],
        ['Healthy', 'Inbound requests: 10% errors of 10.00 req/s, within tolerance'],
      ],
    ],
    [
      'request errors over the tolerance (worst direction is blamed)',
      {
        status: { status: 'Failure', errorRatio: 50 },
        requests: req({ http: { '200': 3, '503': 1 } }, { grpc: { '0': 1, '14': 1 } }),
        workloadStatuses: [],
      },
      [
        ['Healthy', 'Inbound requests: 25% errors of 4.00 req/s, within tolerance'],
        ['Failure', 'Outbound requests: 50% errors of 2.00 req/s — request errors over the tolerance'],
      ],
    ],
    [
      'no pods available and no traffic',
      { status: { status: 'Failure' }, requests: req({}), workloadStatuses: [ws(0, 1, -1)] },
      [
        ['Failure', 'w: 0/1 replicas available'],
        ['NA', 'No request traffic in the time range'],
      ],
    ],
    [
      'scaled to zero',
      { status: { status: 'Not Ready' }, requests: req({}), workloadStatuses: [ws(0, 0, 0)] },
      [
        ['Not Ready', 'w: scaled to 0 replicas'],
        ['NA', 'No request traffic in the time range'],
      ],
    ],
  ])('%s', (_, input, expected) => {
    expect(healthReasons(input).map((r) => [r.status, r.text])).toEqual(expected);
  });
});
