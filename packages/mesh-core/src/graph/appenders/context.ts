/**
 * What an appender works with. Namespace appenders run on one namespace's traffic map before it
 * is merged into the graph; finalizers run once on the merged graph.
 */
import type { HealthToleranceMatcher } from '../../health/tolerances.ts';
import type { InventoryIndex } from '../inventory-index.ts';
import type { GraphOptions } from '../model.ts';
import type { PromSample } from '../prom-sample.ts';
import type { GraphQuery } from '../query-plan.ts';
import type { TrafficMap } from '../traffic-map.ts';

export interface AppenderContext {
  readonly options: GraphOptions;
  readonly inventory: InventoryIndex;
  readonly tolerances: HealthToleranceMatcher;
  readonly istioNamespace: string;
  /** Samples of a query of the plan, by query id (empty when absent). */
  samples(query: GraphQuery): readonly PromSample[];
}

/** A namespace appender's view: the namespace being built and its part of the query plan. */
export interface NamespaceContext extends AppenderContext {
  readonly namespace: string;
  readonly plan: readonly GraphQuery[];
}

export interface NamespaceAppender {
  readonly name: string;
  append(map: TrafficMap, ctx: NamespaceContext): void;
}

export interface Finalizer {
  readonly name: string;
  finalize(map: TrafficMap, ctx: AppenderContext): void;
}

/** True when a node has any in or out rate above zero. */
export function hasTraffic(rates: Readonly<Record<string, number>>): boolean {
  for (const key of ['grpcIn', 'grpcOut', 'httpIn', 'httpOut', 'tcpIn', 'tcpOut']) {
    if ((rates[key] ?? 0) > 0) return true;
  }
  return false;
}
