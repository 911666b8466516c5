import type { LbPolicy } from '@meshlens/mesh-core/routing';
import { describe, expect, it } from 'vitest';
import { endpointRuntimes, LoadBalancer } from './load-balancer.ts';
import type { HashInput, HealthView } from './load-balancer.ts';
import { testCluster as cluster } from './resilience/fixtures.test-support.ts';

/** A detector stand-in: the test ejects addresses, the balancer sees the version move. */
class FakeHealth implements HealthView {
  version = 0;
  readonly out = new Set<string>();
  eject(address: string): void {
    this.out.add(address);
    this.version++;
  }
  restore(address: string): void {
    this.out.delete(address);
    this.version++;
  }
  isEjected(address: string): boolean {
    return this.out.has(address);
  }
}

const policies: LbPolicy[] = [
  { type: 'ROUND_ROBIN' },
  { type: 'LEAST_REQUEST' },
  { type: 'RANDOM' },
  { type: 'CONSISTENT_HASH', hashOn: { httpHeaderName: 'x-user' } },
];

function byHeader(value: string | undefined): HashInput {
  return {
    header: (name) => (name === 'x-user' ? value : undefined),
    cookie: () => undefined,
    query: () => undefined,
    sourceIp: '10.1.1.1',
  };
}

function picks(lb: LoadBalancer, n: number, input?: HashInput): Set<string> {
  const seen = new Set<string>();
  for (let i = 0; i < n; i++) seen.add(lb.pick(input)?.address ?? 'none');
  return seen;
}

describe('load balancer', () => {
  it.each(policies)('%o spreads requests over every endpoint', (policy) => {
    const lb = new LoadBalancer({ policy, endpoints: endpointRuntimes(cluster(3)) });
    // Without a hash key, ring hash falls back to random.
    expect(picks(lb, 300).size).toBe(3);
  });

  it('round robin visits each endpoint in turn', () => {
    const lb = new LoadBalancer({ policy: { type: 'ROUND_ROBIN' }, endpoints: endpointRuntimes(cluster(3)) });
    const first = [0, 1, 2].map(() => lb.pick(undefined)?.address);
    const second = [0, 1, 2].map(() => lb.pick(undefined)?.address);
    expect(new Set(first).size).toBe(3);
    expect(second).toEqual(first);
  });

  it('least request prefers the endpoint with fewer requests in flight', () => {
    const endpoints = endpointRuntimes(cluster(2));
    const [busy, idle] = endpoints;
    if (!busy || !idle) throw new Error('two endpoints');
    busy.active = 10;
    const lb = new LoadBalancer({ policy: { type: 'LEAST_REQUEST' }, endpoints });
    const counts = { busy: 0, idle: 0 };
    for (let i = 0; i < 400; i++) counts[lb.pick(undefined) === busy ? 'busy' : 'idle']++;
    // Busy wins only when both random choices land on it: about a quarter of the time.
    expect(counts.idle).toBeGreaterThan(counts.busy * 2);
  });

  it('ring hash keeps one key on one endpoint', () => {
    const lb = new LoadBalancer({ policy: policies[3] as LbPolicy, endpoints: endpointRuntimes(cluster(3)) });
    for (const user of ['ann', 'bob', 'cyd']) expect(picks(lb, 20, byHeader(user)).size).toBe(1);
  });

  it.each(policies)('%o never picks an ejected endpoint, and picks it again once it returns', (policy) => {
    const health = new FakeHealth();
    const lb = new LoadBalancer({ policy, endpoints: endpointRuntimes(cluster(3)), health });
    health.eject('10.0.0.2:9080');
    for (const user of ['ann', 'bob', 'cyd', 'dee', 'eve', undefined])
      expect(picks(lb, 50, byHeader(user))).not.toContain('10.0.0.2:9080');
    health.restore('10.0.0.2:9080');
    expect(picks(lb, 300)).toContain('10.0.0.2:9080');
  });

  it('moves every key of an ejected endpoint on the ring, and few others', () => {
    const health = new FakeHealth();
    const lb = new LoadBalancer({
      policy: policies[3] as LbPolicy,
      endpoints: endpointRuntimes(cluster(3)),
      health,
    });
    const users = Array.from({ length: 300 }, (_, i) => `user-${i}`);
    const before = new Map(users.map((u) => [u, lb.pick(byHeader(u))?.address]));
    health.eject('10.0.0.1:9080');
    const after = new Map(users.map((u) => [u, lb.pick(byHeader(u))?.address]));
    const stayed = users.filter((u) => before.get(u) !== '10.0.0.1:9080');
    expect(users.filter((u) => after.get(u) === '10.0.0.1:9080')).toEqual([]);
    // The ring over two hosts gains points for them, as Envoy's does, so a few keys move between them.
    expect(stayed.filter((u) => after.get(u) === before.get(u)).length).toBeGreaterThan(stayed.length * 0.7);
  });

  it('picks nothing when every endpoint is ejected and panic is off (minHealthPercent 0)', () => {
    const health = new FakeHealth();
    const lb = new LoadBalancer({
      policy: { type: 'ROUND_ROBIN' },
      endpoints: endpointRuntimes(cluster(2)),
      health,
    });
    health.eject('10.0.0.1:9080');
    health.eject('10.0.0.2:9080');
    expect(lb.pick(undefined)).toBeUndefined();
  });

  it('panics below minHealthPercent and uses every endpoint, ejected or not', () => {
    const health = new FakeHealth();
    const lb = new LoadBalancer({
      policy: { type: 'ROUND_ROBIN' },
      endpoints: endpointRuntimes(cluster(4)),
      health,
      panicThresholdPercent: 50,
    });
    health.eject('10.0.0.1:9080');
    health.eject('10.0.0.2:9080');
    // 50% healthy is not below 50%: no panic.
    expect(picks(lb, 40)).toEqual(new Set(['10.0.0.3:9080', '10.0.0.4:9080']));
    health.eject('10.0.0.3:9080');
    expect(picks(lb, 40).size).toBe(4);
  });

  it.each(policies)('%o re-picks to avoid the endpoints already tried', (policy) => {
    const lb = new LoadBalancer({ policy, endpoints: endpointRuntimes(cluster(3)) });
    const tried = new Set(['10.0.0.1:9080', '10.0.0.2:9080']);
    let other = 0;
    for (let i = 0; i < 200; i++)
      if (lb.pick(byHeader(`u${i}`), tried, 5)?.address === '10.0.0.3:9080') other++;
    // Six random picks from three endpoints all miss the untried one 9% of the time; the ring
    // walks to the next points, which may belong to a tried endpoint too.
    expect(other).toBeGreaterThan(policy.type === 'CONSISTENT_HASH' ? 120 : 160);
  });

  it('keeps the last pick when every endpoint was tried', () => {
    const lb = new LoadBalancer({ policy: { type: 'ROUND_ROBIN' }, endpoints: endpointRuntimes(cluster(2)) });
    expect(lb.pick(undefined, new Set(['10.0.0.1:9080', '10.0.0.2:9080']), 5)).toBeDefined();
  });

  it('does not re-pick without host selection retries', () => {
    const lb = new LoadBalancer({ policy: policies[3] as LbPolicy, endpoints: endpointRuntimes(cluster(3)) });
    const first = lb.pick(byHeader('ann'))?.address ?? '';
    expect(lb.pick(byHeader('ann'), new Set([first]), 0)?.address).toBe(first);
  });
});
