import { describe, expect, it } from 'vitest';
import type { HealthStatus } from './status.ts';
import { HEALTH_STATUS_NAMES, workloadStatusHealth, worseHealthStatus } from './status.ts';

/** A workload status from `desired/current/available` replicas, with `synced` proxies (-1: no sidecar). */
const ws = (replicas: string, synced = -1) => {
  const [desired = 0, current = 0, available = 0] = replicas.split('/').map(Number);
  return {
    name: 'w',
    desiredReplicas: desired,
    currentReplicas: current,
    availableReplicas: available,
    syncedProxies: synced,
  };
};

describe('workloadStatusHealth', () => {
  it.each([
    [ws('1/1/1'), 'Healthy'],
    [ws('3/3/3', 3), 'Healthy'],
    [ws('0/0/0'), 'Not Ready'],
    [ws('3/3/2'), 'Degraded'],
    [ws('3/2/2'), 'Degraded'],
    [ws('2/2/0'), 'Failure'],
    [ws('1/2/1'), 'Failure'],
    [ws('2/2/2', 1), 'Degraded'],
    [ws('2/2/2', -1), 'Healthy'],
    [undefined, 'NA'],
  ] as const)('%j is %s', (status, expected) => {
    expect(workloadStatusHealth(status)).toBe(expected);
  });
});

describe('worseHealthStatus', () => {
  it.each([
    ['Healthy', 'Degraded', 'Degraded'],
    ['Failure', 'Degraded', 'Failure'],
    ['Not Ready', 'Healthy', 'Not Ready'],
    ['Degraded', 'Not Ready', 'Degraded'],
    ['NA', 'Healthy', 'Healthy'],
    ['NA', 'NA', 'NA'],
  ] as const)('the worse of %s and %s is %s', (a, b, worse) => {
    expect(worseHealthStatus(a, b)).toBe(worse);
    expect(worseHealthStatus(b, a)).toBe(worse);
  });

  it('names NA as Kiali does', () => {
    expect(HEALTH_STATUS_NAMES.NA satisfies string).toBe('No health information');
    const all: HealthStatus[] = ['Healthy', 'Degraded', 'Failure', 'Not Ready', 'NA'];
    expect(all.map((s) => HEALTH_STATUS_NAMES[s])).toHaveLength(5);
  });
});
