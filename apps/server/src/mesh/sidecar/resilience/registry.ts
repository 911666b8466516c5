/**
 * The proxy's resilience state that outlives snapshots, one per sidecar process (on its runtime):
 * per-cluster state keyed by cluster name, and local rate limit buckets keyed by where they are
 * configured plus their configuration. `activate` syncs it with each snapshot:
 *
 * - a cluster the new snapshot still names keeps its breaker counts, ejections and pool (a new
 *   Agent only when the pool settings changed; the old one closes once its requests end);
 * - a cluster it no longer names is retired: its sweep stops, its series go, its connections
 *   close after their requests;
 * - a bucket whose key and configuration are unchanged keeps its tokens; others start full.
 *
 * `close()` (sidecar shutdown) stops every timer and destroys every connection.
 */
import type { Cluster, LocalRateLimit } from '@meshlens/mesh-core/routing';
import type { Clock } from './clock.ts';
import { systemClock } from './clock.ts';
import { ClusterState } from './cluster-state.ts';
import type { PoolAgent } from './connection-pool.ts';
import { LocalRateLimiter } from './local-rate-limit.ts';
import type { ResilienceStats } from './stats.ts';

export interface ResilienceRegistryOptions {
  readonly stats: ResilienceStats;
  readonly clock?: Clock;
  /** Draws for filter_enabled / filter_enforced (Math.random by default). */
  readonly random?: () => number;
}

/** Collects the rate limiters one snapshot uses, so the rest can be dropped after it. */
export interface RateLimitScope {
  /** The limiter for `config` at `where` (e.g. `listener:virtualInbound`), reused when unchanged. */
  limiter(where: string, config: LocalRateLimit): LocalRateLimiter;
}

export class ResilienceRegistry {
  readonly #clusters = new Map<string, ClusterState>();
  #limiters = new Map<string, LocalRateLimiter>();
  readonly #retired = new Set<PoolAgent>();
  readonly #clock: Clock;
  #closed = false;

  constructor(private readonly options: ResilienceRegistryOptions) {
    this.#clock = options.clock ?? systemClock;
  }

  get clusters(): ReadonlyMap<string, ClusterState> {
    return this.#clusters;
  }

  /** Brings the cluster states in line with a snapshot's clusters; returns them by name. */
  syncClusters(clusters: readonly Cluster[]): ReadonlyMap<string, ClusterState> {
    const wanted = new Set<string>();
    for (const cluster of clusters) {
      wanted.add(cluster.name);
      const state = this.#clusters.get(cluster.name);
      if (state) state.update(cluster);
      else
        this.#clusters.set(
          cluster.name,
          new ClusterState(cluster, {
            stats: this.options.stats.cluster(cluster.name),
            clock: this.#clock,
            retireAgent: (agent) => {
              this.#retire(agent);
            },
          }),
        );
    }
    for (const [name, state] of this.#clusters) {
      if (wanted.has(name)) continue;
      state.retire();
      this.#clusters.delete(name);
    }
    return this.#clusters;
  }

  /**
   * Runs `build` with a scope handing out rate limiters; limiters it did not ask for are dropped
   * afterwards (they hold no timers).
   */
  syncRateLimits<T>(build: (scope: RateLimitScope) => T): T {
    const next = new Map<string, LocalRateLimiter>();
    const result = build({
      limiter: (where, config) => {
        const key = `${where}|${JSON.stringify(config)}`;
        let limiter = next.get(key) ?? this.#limiters.get(key);
        if (limiter === undefined)
          limiter = new LocalRateLimiter(config, {
            stats: this.options.stats.localRateLimit(config.statPrefix),
            clock: this.#clock,
            ...(this.options.random ? { random: this.options.random } : {}),
          });
        next.set(key, limiter);
        return limiter;
      },
    });
    this.#limiters = next;
    return result;
  }

  /** Sidecar shutdown: stops every sweep and destroys every connection, retired ones included. */
  close(): void {
    this.#closed = true;
    for (const state of this.#clusters.values()) state.close();
    this.#clusters.clear();
    for (const agent of this.#retired) agent.destroy();
    this.#retired.clear();
    this.#limiters.clear();
  }

  #retire(agent: PoolAgent): void {
    if (this.#closed) {
      agent.destroy();
      return;
    }
    agent.retire();
    // Forget the ones that have drained; the rest are destroyed at close if still open.
    for (const old of this.#retired) if (old.drained) this.#retired.delete(old);
    if (!agent.drained) this.#retired.add(agent);
  }
}
