/**
 * health finalizer (kiali appender/health.go, and Kiali's server-side graph health): each app,
 * service and workload node gets Kiali's health data — request rates by protocol and code built
 * from the graph's own edges (inbound for the destination, outbound for the source), replica
 * statuses from the registry and the `health.kiali.io/rate` annotation — and its `healthStatus`;
 * each edge gets a `healthStatus` from its responses, judged against the source's outbound and
 * the destination's inbound tolerances. A versioned app node's app box uses health for the whole
 * app (all of its workloads and every version's traffic).
 */
import {
  calculateAppHealth,
  calculateServiceHealth,
  calculateWorkloadHealth,
  edgeHealthStatus,
} from '../../health/calculator.ts';
import type { EdgeEnd } from '../../health/calculator.ts';
import type { AppHealth, ServiceHealth, WorkloadHealth } from '../../health/health-objects.ts';
import { healthAnnotationsOf, workloadStatusOf } from '../../health/inventory.ts';
import type { RequestHealth, RequestRates } from '../../health/requests.ts';
import { emptyRequestHealth } from '../../health/requests.ts';
import type { WorkloadStatus } from '../../health/status.ts';
import { isOK } from '../node-id.ts';
import type { GraphEdge, GraphNode, TrafficMap } from '../traffic-map.ts';
import type { AppenderContext, Finalizer } from './context.ts';

type Codes = ReadonlyArray<readonly [string, number]>;

/** An edge's rate by response code (the flags of a code add up to its rate). */
function edgeCodes(edge: GraphEdge): Codes {
  const codes: Array<readonly [string, number]> = [];
  for (const [code, detail] of edge.responses) {
    const sum = detail.flags.sum();
    if (sum > 0) codes.push([code, sum]);
  }
  return codes;
}

function edgeEnd(node: GraphNode): EdgeEnd | undefined {
  const annotations = node.meta.hasHealthConfig;
  switch (node.nodeType) {
    case 'app':
      return { namespace: node.namespace, name: node.app, kind: 'app', annotations };
    case 'service':
      return { namespace: node.namespace, name: node.service, kind: 'service', annotations };
    case 'workload':
      return { namespace: node.namespace, name: node.workload, kind: 'workload', annotations };
    case 'aggregate':
    case 'box':
    case 'unknown':
      return undefined;
  }
}

const appKey = (node: GraphNode): string => `${node.cluster}\u0000${node.namespace}\u0000${node.app}`;

/** App-wide health shared by every version node of an app (its box's health). */
interface SharedAppHealth extends AppHealth {
  readonly workloadStatuses: WorkloadStatus[];
}

function initHealth(node: GraphNode, appHealth: Map<string, SharedAppHealth>): void {
  switch (node.nodeType) {
    case 'service':
      node.meta.healthData = { requests: emptyRequestHealth() } satisfies ServiceHealth;
      return;
    case 'workload':
      node.meta.healthData = {
        workloadStatus: null,
        requests: emptyRequestHealth(),
      } satisfies WorkloadHealth;
      return;
    case 'app': {
      node.meta.healthData = { workloadStatuses: [], requests: emptyRequestHealth() } satisfies AppHealth;
      if (isOK(node.workload)) {
        const key = appKey(node);
        let shared = appHealth.get(key);
        if (shared === undefined) {
          shared = { workloadStatuses: [], requests: emptyRequestHealth() };
          appHealth.set(key, shared);
        }
        node.meta.healthDataApp = shared;
      }
      return;
    }
    case 'aggregate':
    case 'box':
    case 'unknown':
      return;
  }
}

/** Replica statuses and health annotations from the registry. */
function attachRegistryHealth(
  node: GraphNode,
  ctx: AppenderContext,
  shared: SharedAppHealth | undefined,
): void {
  const inv = ctx.inventory;
  const requests = node.meta.healthData?.requests;
  if (requests === undefined) return;
  switch (node.nodeType) {
    case 'service': {
      const service = inv.service(node.namespace, node.service);
      if (service !== undefined) {
        const annotations = healthAnnotationsOf(service.annotations);
        node.meta.hasHealthConfig = annotations;
        node.meta.healthData = { requests: emptyRequestHealth(annotations) };
      }
      return;
    }
    case 'workload': {
      const workload = inv.workload(node.namespace, node.workload);
      if (workload !== undefined) {
        const annotations = healthAnnotationsOf(workload.annotations);
        node.meta.hasHealthConfig = annotations;
        node.meta.healthData = {
          workloadStatus: workloadStatusOf(workload),
          requests: emptyRequestHealth(annotations),
        };
      }
      return;
    }
    case 'app': {
      const all = inv.appWorkloads(node.namespace, node.app).map(workloadStatusOf);
      if (shared === undefined) {
        node.meta.healthData = { workloadStatuses: all, requests };
        return;
      }
      const own = inv.workload(node.namespace, node.workload);
      node.meta.healthData = { workloadStatuses: own === undefined ? [] : [workloadStatusOf(own)], requests };
      if (shared.workloadStatuses.length === 0) shared.workloadStatuses.push(...all);
      return;
    }
    case 'aggregate':
    case 'box':
    case 'unknown':
      return;
  }
}

/**
 * Rates by protocol and code, gathered in maps and written into the health object's records
 * once: records keyed by codes like "200" are slow to update one value at a time.
 */
class RatesBuilder {
  private readonly byProtocol = new Map<string, Map<string, number>>();

  add(protocol: string, codes: Codes): void {
    let byCode = this.byProtocol.get(protocol);
    if (byCode === undefined) {
      byCode = new Map();
      this.byProtocol.set(protocol, byCode);
    }
    for (const [code, value] of codes) byCode.set(code, (byCode.get(code) ?? 0) + value);
  }

  writeTo(rates: RequestRates): void {
    for (const [protocol, byCode] of this.byProtocol) {
      const target = (rates[protocol] ??= {});
      for (const [code, value] of byCode) target[code] = (target[code] ?? 0) + value;
    }
  }
}

/** The rate builders of each health object's inbound and outbound requests. */
class HealthRequests {
  private readonly builders = new Map<RequestHealth, { inbound: RatesBuilder; outbound: RatesBuilder }>();

  private builder(requests: RequestHealth): { inbound: RatesBuilder; outbound: RatesBuilder } {
    let b = this.builders.get(requests);
    if (b === undefined) {
      b = { inbound: new RatesBuilder(), outbound: new RatesBuilder() };
      this.builders.set(requests, b);
    }
    return b;
  }

  /** Counts an edge's responses as outbound for its source and inbound for its destination. */
  addEdge(edge: GraphEdge, codes: Codes): void {
    if (codes.length === 0) return;
    for (const requests of [
      edge.source.meta.healthData?.requests,
      edge.source.meta.healthDataApp?.requests,
    ]) {
      if (requests !== undefined) this.builder(requests).outbound.add(edge.protocol, codes);
    }
    for (const requests of [edge.dest.meta.healthData?.requests, edge.dest.meta.healthDataApp?.requests]) {
      if (requests !== undefined) this.builder(requests).inbound.add(edge.protocol, codes);
    }
  }

  flush(): void {
    for (const [requests, b] of this.builders) {
      b.inbound.writeTo(requests.inbound);
      b.outbound.writeTo(requests.outbound);
    }
  }
}

export const healthFinalizer: Finalizer = {
  name: 'health',
  finalize(map: TrafficMap, ctx: AppenderContext): void {
    const appHealth = new Map<string, SharedAppHealth>();
    for (const node of map.values()) initHealth(node, appHealth);
    for (const node of map.values()) {
      if (node.meta.isInaccessible === true) continue;
      const shared = node.meta.healthDataApp === undefined ? undefined : appHealth.get(appKey(node));
      attachRegistryHealth(node, ctx, shared);
    }
    const codesByEdge = new Map<GraphEdge, Codes>();
    const requests = new HealthRequests();
    for (const node of map.values()) {
      for (const edge of node.edges) {
        const codes = edgeCodes(edge);
        codesByEdge.set(edge, codes);
        requests.addEdge(edge, codes);
      }
    }
    requests.flush();
    const tolerances = ctx.tolerances;
    for (const node of map.values()) {
      const data = node.meta.healthData;
      if (data === undefined) continue;
      if ('workloadStatuses' in data) {
        node.meta.healthStatus = calculateAppHealth(tolerances, {
          namespace: node.namespace,
          name: node.app,
          ...data,
        }).status;
        const app = node.meta.healthDataApp;
        if (app !== undefined) {
          node.meta.healthStatusApp = calculateAppHealth(tolerances, {
            namespace: node.namespace,
            name: node.app,
            ...app,
          }).status;
        }
      } else if ('workloadStatus' in data) {
        node.meta.healthStatus = calculateWorkloadHealth(tolerances, {
          namespace: node.namespace,
          name: node.workload,
          requests: data.requests,
          workloadStatus: data.workloadStatus ?? undefined,
        }).status;
      } else {
        node.meta.healthStatus = calculateServiceHealth(tolerances, {
          namespace: node.namespace,
          name: node.service,
          requests: data.requests,
        }).status;
      }
    }
    for (const [edge, codes] of codesByEdge) {
      edge.meta.healthStatus = edgeHealthStatus(tolerances, {
        protocol: edge.protocol,
        codes,
        total: edge.rates[edge.protocol] ?? 0,
        source: edgeEnd(edge.source),
        dest: edgeEnd(edge.dest),
      });
    }
  },
};
