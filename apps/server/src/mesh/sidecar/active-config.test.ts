import { routeRequest, safeParseSnapshot, SnapshotParser, snapshotJson } from '@meshlens/mesh-core/routing';
import type { ProxySnapshot, RouteResult } from '@meshlens/mesh-core/routing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { activate } from './active-config.ts';
import type { ActiveConfig } from './active-config.ts';
import { address, CLUSTER, fakeClock, testCluster, testStats } from './resilience/fixtures.test-support.ts';
import { ResilienceRegistry } from './resilience/registry.ts';

const OTHER = 'outbound|9080||db.default.svc.cluster.local';
const bucket = { maxTokens: 2, tokensPerFill: 2, fillIntervalMs: 60_000 };
const limit = {
  statPrefix: 'http_local_rate_limiter',
  filterEnabledPercent: 100,
  filterEnforcedPercent: 100,
};

interface Options {
  readonly revision?: string;
  readonly pool?: Record<string, unknown>;
  readonly outlier?: Record<string, unknown> | undefined;
  readonly withOther?: boolean;
  readonly otherOutlier?: Record<string, unknown>;
  readonly listenerLimit?: Record<string, unknown> | undefined;
  readonly routeLimit?: Record<string, unknown> | undefined;
}

function snapshot(o: Options = {}): ProxySnapshot {
  const web = testCluster(2, {
    connectionPool: o.pool ?? { maxConnections: 1, maxPendingRequests: 1 },
    ...(o.outlier ? { outlierDetection: o.outlier } : {}),
  });
  const route = (name: string, prefix: string, policy: Record<string, unknown> | undefined) => ({
    name,
    matches: [{ uri: { kind: 'prefix', value: prefix } }],
    action: {
      type: 'route',
      destinations: [{ cluster: CLUSTER, host: 'web.default.svc.cluster.local', port: 9080, weight: 100 }],
    },
    ...(policy ? { policy } : {}),
  });
  const parsed = safeParseSnapshot({
    version: 1,
    revision: o.revision ?? '1',
    proxy: { kind: 'sidecar', workload: 'web-v1', namespace: 'default', labels: {} },
    listeners: [
      {
        name: 'virtualInbound',
        direction: 'inbound',
        port: 15006,
        routeTables: { '9080': 'inbound|9080' },
        ...(o.listenerLimit ? { localRateLimit: o.listenerLimit } : {}),
      },
    ],
    routeTables: [
      {
        name: 'inbound|9080',
        virtualHosts: [
          {
            name: 'inbound|http|9080',
            domains: ['*'],
            routes: [
              route(
                'default/web/limited',
                '/limited',
                o.routeLimit ? { localRateLimit: o.routeLimit } : undefined,
              ),
              route('default/web/cors', '/cors', {
                cors: { allowOrigins: [{ kind: 'exact', value: 'https://example.com' }] },
              }),
              route('default/web/plain', '/', undefined),
            ],
          },
        ],
      },
    ],
    clusters: [
      web,
      ...(o.withOther === false
        ? []
        : [testCluster(1, o.otherOutlier ? { outlierDetection: o.otherOutlier } : {}, OTHER)]),
    ],
  });
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.snapshot;
}

function routed(config: ActiveConfig, path: string): RouteResult {
  const table = config.routes.tableFor('virtualInbound', 9080);
  if (!table) throw new Error('no table');
  return routeRequest(table, { method: 'GET', path, authority: 'web:9080', headers: {} });
}

function policyOf(result: RouteResult) {
  return result.kind === 'localReply' ? undefined : result.policy;
}

let stats: ReturnType<typeof testStats>;
let registry: ResilienceRegistry;

beforeEach(() => {
  vi.useFakeTimers();
  stats = testStats();
  registry = new ResilienceRegistry({ stats: stats.stats, clock: fakeClock });
});
afterEach(() => {
  registry.close();
  vi.useRealTimers();
});

function web(config: ActiveConfig) {
  const c = config.clusters.get(CLUSTER);
  if (!c) throw new Error('no web cluster');
  return c;
}

describe('cluster state across snapshot swaps', () => {
  it('keeps circuit breaker counts: requests in flight on the old snapshot still count', () => {
    const first = activate(snapshot(), registry);
    expect(web(first).resilience.breakers.admitRequest()).toBe(true);
    expect(web(first).resilience.breakers.admitRequest()).toBe(true);
    const second = activate(snapshot({ revision: '2' }), registry);
    expect(web(second).resilience.breakers.admitRequest()).toBe(false);
    web(first).resilience.breakers.releaseRequest();
    expect(web(second).resilience.breakers.admitRequest()).toBe(true);
  });

  it('keeps ejections: an endpoint ejected before the swap is not picked after it', () => {
    const outlier = { consecutive5xxErrors: 1, baseEjectionTimeMs: 10_000, maxEjectionPercent: 100 };
    const first = activate(snapshot({ outlier }), registry);
    web(first).resilience.outlier?.report(address(1), 503);
    const second = activate(snapshot({ revision: '2', outlier }), registry);
    const picks = new Set(Array.from({ length: 10 }, () => web(second).pick(undefined)?.address));
    expect(picks).toEqual(new Set([address(2)]));
    vi.advanceTimersByTime(20_000);
    expect(new Set(Array.from({ length: 10 }, () => web(second).pick(undefined)?.address)).size).toBe(2);
  });

  it('keeps the keep-alive pool while its settings are equal, and retires it when they change', () => {
    const first = activate(snapshot(), registry);
    const agent = web(first).resilience.agent;
    expect(web(activate(snapshot({ revision: '2' }), registry)).resilience.agent).toBe(agent);
    const third = activate(snapshot({ revision: '3', pool: { maxConnections: 5 } }), registry);
    expect(web(third).resilience.agent).not.toBe(agent);
    expect(agent.retiring).toBe(true);
    // Thresholds follow the new snapshot; counts stay.
    expect(web(third).resilience.breakers.thresholds.maxConnections).toBe(5);
  });

  it('drops a cluster gone from the snapshot: its sweep stops, its pool retires, its series go', async () => {
    const first = activate(snapshot({ otherOutlier: { consecutive5xxErrors: 1 } }), registry);
    expect(vi.getTimerCount()).toBe(1);
    expect(await stats.value('envoy_cluster_upstream_rq_pending_overflow', { cluster_name: OTHER })).toBe(0);
    const otherAgent = first.clusters.get(OTHER)?.resilience.agent;
    const agent = web(first).resilience.agent;
    activate(snapshot({ revision: '2', withOther: false }), registry);
    expect(vi.getTimerCount()).toBe(0);
    expect(otherAgent?.retiring).toBe(true);
    expect(
      await stats.value('envoy_cluster_upstream_rq_pending_overflow', { cluster_name: OTHER }),
    ).toBeUndefined();
    expect(registry.clusters.has(OTHER)).toBe(false);
    expect(web(first).resilience.agent).toBe(agent);
  });

  it('clears every timer and pool on close', () => {
    const config = activate(snapshot({ outlier: { consecutive5xxErrors: 1 } }), registry);
    const agent = web(config).resilience.agent;
    const destroy = vi.spyOn(agent, 'destroy');
    registry.close();
    expect(vi.getTimerCount()).toBe(0);
    expect(destroy).toHaveBeenCalled();
  });

  it('counts cluster counters under envoy_cluster_<counter>{cluster_name}', async () => {
    const config = activate(snapshot(), registry);
    web(config).resilience.count('upstream_rq_retry');
    expect(await stats.value('envoy_cluster_upstream_rq_retry', { cluster_name: CLUSTER })).toBe(1);
  });
});

describe('route policies', () => {
  it('finds the route’s own local rate limit from a RouteResult, else the listener’s', () => {
    const config = activate(
      snapshot({
        listenerLimit: { ...limit, tokenBucket: bucket },
        routeLimit: { ...limit, tokenBucket: bucket },
      }),
      registry,
    );
    const own = config.rateLimiter('virtualInbound', policyOf(routed(config, '/limited')));
    const shared = config.rateLimiter('virtualInbound', policyOf(routed(config, '/plain')));
    expect(own).toBeDefined();
    expect(shared).toBeDefined();
    expect(own).not.toBe(shared);
    expect(config.rateLimiter('virtualInbound', policyOf(routed(config, '/cors')))).toBe(shared);
  });

  it('ignores a route’s local rate limit on a listener without the filter, as Envoy does', () => {
    const config = activate(snapshot({ routeLimit: { ...limit, tokenBucket: bucket } }), registry);
    expect(config.rateLimiter('virtualInbound', policyOf(routed(config, '/limited')))).toBeUndefined();
  });

  it('keeps a bucket’s tokens across swaps while its configuration is unchanged', () => {
    const o = { listenerLimit: { ...limit, tokenBucket: bucket } };
    const first = activate(snapshot(o), registry);
    const limiter = first.rateLimiter('virtualInbound', undefined);
    expect([limiter?.decide(), limiter?.decide(), limiter?.decide()]).toEqual(['ok', 'ok', 'limited']);
    const second = activate(snapshot({ ...o, revision: '2' }), registry);
    expect(second.rateLimiter('virtualInbound', undefined)?.decide()).toBe('limited');
    const changed = activate(
      snapshot({ listenerLimit: { ...limit, tokenBucket: { ...bucket, maxTokens: 3 } }, revision: '3' }),
      registry,
    );
    expect(changed.rateLimiter('virtualInbound', undefined)?.decide()).toBe('ok');
  });

  it('finds the route’s compiled CORS policy from a RouteResult', () => {
    const config = activate(snapshot(), registry);
    expect(config.cors(policyOf(routed(config, '/cors')))?.allowOrigin('https://example.com')).toBe(true);
    expect(config.cors(policyOf(routed(config, '/plain')))).toBeUndefined();
  });
});

describe('a pushed snapshot that shares pieces with the one before', () => {
  /** Both snapshots through one parser, as a sidecar reads pushes: unchanged pieces are shared. */
  function pushed(...snapshots: ProxySnapshot[]): ProxySnapshot[] {
    const parser = new SnapshotParser();
    return snapshots.map((s) => {
      const parsed = parser.parseJson(snapshotJson(s));
      if (!parsed.ok) throw new Error(parsed.error);
      return parsed.snapshot;
    });
  }

  it('keeps the runtime of a cluster it did not change (balancer and endpoint counters), rebuilds the rest', () => {
    const [one, two] = pushed(
      snapshot(),
      snapshot({ revision: '2', otherOutlier: { consecutive5xxErrors: 2 } }),
    );
    if (!one || !two) throw new Error('not parsed');
    expect(two.clusters[0]).toBe(one.clusters[0]);
    const first = activate(one, registry);
    const endpoint = web(first).pick(undefined);
    if (endpoint) endpoint.active++;
    const second = activate(two, registry, { previous: first });
    expect(web(second)).toBe(web(first));
    expect(second.clusters.get(OTHER)).not.toBe(first.clusters.get(OTHER));
    expect(second.clusters.get(OTHER)?.cluster).toBe(two.clusters[1]);
    // Routes resolve to the new snapshot's clusters.
    const result = routed(second, '/');
    expect(result.kind === 'forward' ? result.cluster : undefined).toBe(two.clusters[0]);
  });

  it('builds a new runtime for a cluster whose settings changed, and for one not shared', () => {
    const [one, two] = pushed(snapshot(), snapshot({ revision: '2', pool: { maxConnections: 7 } }));
    if (!one || !two) throw new Error('not parsed');
    const first = activate(one, registry);
    const second = activate(two, registry, { previous: first });
    expect(web(second)).not.toBe(web(first));
    expect(web(second).cluster.connectionPool.maxConnections).toBe(7);
    const unshared = activate(snapshot({ revision: '3', pool: { maxConnections: 7 } }), registry, {
      previous: second,
    });
    expect(web(unshared)).not.toBe(web(second));
  });

  it('keeps the compiled CORS policy of a route it did not change', () => {
    const [one, two] = pushed(snapshot(), snapshot({ revision: '2' }));
    if (!one || !two) throw new Error('not parsed');
    const first = activate(one, registry);
    const second = activate(two, registry, { previous: first });
    const policy = policyOf(routed(second, '/cors'));
    expect(second.cors(policy)).toBeDefined();
    expect(second.cors(policy)).toBe(first.cors(policyOf(routed(first, '/cors'))));
  });
});
