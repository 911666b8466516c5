/**
 * What one upstream cluster keeps across snapshots: circuit-breaker counts, outlier-detection
 * state per endpoint address, the keep-alive pool and the cluster's bound Envoy counters. The
 * registry (registry.ts) holds one per cluster name; every snapshot that names the cluster shares
 * it, so a swap changes thresholds, not counts.
 */
import type { Cluster } from '@meshlens/mesh-core/routing';
import type { Clock } from './clock.ts';
import { CircuitBreakers } from './circuit-breakers.ts';
import { PoolAgent, poolKey } from './connection-pool.ts';
import type { ClusterCounter, ClusterResilience } from './contracts.ts';
import { OutlierDetector } from './outlier-detector.ts';
import type { ClusterStats } from './stats.ts';

export interface ClusterStateDeps {
  readonly stats: ClusterStats;
  readonly clock: Clock;
  /** Takes an Agent the cluster no longer uses; it closes once its requests end. */
  readonly retireAgent: (agent: PoolAgent) => void;
}

function endpointAddresses(cluster: Cluster): string[] {
  const out: string[] = [];
  for (const e of cluster.endpoints) if (e.address !== null) out.push(e.address);
  return out;
}

export class ClusterState implements ClusterResilience {
  readonly name: string;
  readonly breakers: CircuitBreakers;
  #cluster: Cluster;
  #outlier: OutlierDetector | undefined;
  #agent: PoolAgent;

  constructor(
    cluster: Cluster,
    private readonly deps: ClusterStateDeps,
  ) {
    this.name = cluster.name;
    this.#cluster = cluster;
    this.breakers = new CircuitBreakers(cluster.connectionPool, deps.stats.counters);
    this.#agent = new PoolAgent(cluster.connectionPool);
    this.#syncOutlier(cluster);
  }

  /** The cluster as the latest snapshot defines it. */
  get cluster(): Cluster {
    return this.#cluster;
  }

  get outlier(): OutlierDetector | undefined {
    return this.#outlier;
  }

  get agent(): PoolAgent {
    return this.#agent;
  }

  count(counter: ClusterCounter): void {
    this.deps.stats.counters[counter].inc();
  }

  /** A new snapshot's definition of the same cluster. */
  update(cluster: Cluster): void {
    this.#cluster = cluster;
    this.breakers.update(cluster.connectionPool);
    if (poolKey(cluster.connectionPool) !== this.#agent.key) {
      this.deps.retireAgent(this.#agent);
      this.#agent = new PoolAgent(cluster.connectionPool);
    }
    this.#syncOutlier(cluster);
  }

  /** The cluster left the configuration: requests in flight finish, then its connections close. */
  retire(): void {
    this.#outlier?.stop();
    this.deps.retireAgent(this.#agent);
    this.deps.stats.remove();
  }

  /** Process shutdown: every connection closes now. */
  close(): void {
    this.#outlier?.stop();
    this.#agent.destroy();
  }

  #syncOutlier(cluster: Cluster): void {
    const config = cluster.outlierDetection;
    if (config === undefined) {
      this.#outlier?.stop();
      this.#outlier = undefined;
      return;
    }
    if (this.#outlier) this.#outlier.update(config);
    else this.#outlier = new OutlierDetector(config, this.deps.stats.outlier(), this.deps.clock);
    this.#outlier.setHosts(endpointAddresses(cluster));
  }
}
