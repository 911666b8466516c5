/**
 * A namespace's app, service and workload health (kiali business/health.go), from the samples
 * of its health queries and the registry:
 *
 * - apps (by app label): every workload's replica status; inbound requests by
 *   `destination_canonical_service`, outbound by `source_canonical_service`, for apps with a
 *   sidecar;
 * - workloads: replica status and proxy sync; inbound by `destination_workload`, outbound by
 *   `source_workload`, for workloads with a sidecar;
 * - services: inbound requests by `destination_service_name`, for every service.
 *
 * Each object then gets its calculated `status`. Samples are matched to objects by namespace
 * as well as name, so a same-named object in another namespace is never counted.
 */
import type { PromSample } from '../graph/prom-sample.ts';
import { calculateAppHealth, calculateServiceHealth, calculateWorkloadHealth } from './calculator.ts';
import type {
  AppHealth,
  NamespaceAppHealth,
  NamespaceServiceHealth,
  NamespaceWorkloadHealth,
  ServiceHealth,
  WorkloadHealth,
} from './health-objects.ts';
import type { MeshService, MeshWorkload } from './inventory.ts';
import { appLabelOf, healthAnnotationsOf, workloadStatusOf } from './inventory.ts';
import { RequestHealthAccumulator } from './requests.ts';
import type { HealthKind, HealthToleranceMatcher } from './tolerances.ts';

export interface NamespaceHealthInput {
  readonly namespace: string;
  /** Samples of the namespace's health queries (`namespaceHealthQueries`), all together. */
  readonly samples: readonly PromSample[];
  /** The registry's workloads and services of this namespace. */
  readonly workloads: readonly MeshWorkload[];
  readonly services: readonly MeshService[];
  readonly tolerances: HealthToleranceMatcher;
}

/** Which labels name the object a sample's request went to (inbound) and came from (outbound). */
interface NameLabels {
  readonly inbound: string;
  readonly outbound: string;
}

function fill(
  input: NamespaceHealthInput,
  accumulators: Map<string, RequestHealthAccumulator>,
  labels: NameLabels,
): void {
  const ns = input.namespace;
  for (const sample of input.samples) {
    const m = sample.metric;
    if (m.destination_workload_namespace === ns)
      accumulators.get(m[labels.inbound] ?? '')?.addInbound(sample);
    if (m.source_workload_namespace === ns) accumulators.get(m[labels.outbound] ?? '')?.addOutbound(sample);
  }
}

export function namespaceAppHealth(input: NamespaceHealthInput): NamespaceAppHealth {
  const apps = new Map<string, MeshWorkload[]>();
  for (const w of input.workloads) {
    const app = appLabelOf(w.labels);
    if (app === undefined) continue;
    const list = apps.get(app);
    if (list === undefined) apps.set(app, [w]);
    else list.push(w);
  }
  const accumulators = new Map<string, RequestHealthAccumulator>();
  for (const [app, workloads] of apps) {
    if (workloads.some((w) => w.hasSidecar)) accumulators.set(app, new RequestHealthAccumulator());
  }
  fill(input, accumulators, {
    inbound: 'destination_canonical_service',
    outbound: 'source_canonical_service',
  });
  const result: NamespaceAppHealth = {};
  for (const [app, workloads] of [...apps].sort(([a], [b]) => a.localeCompare(b))) {
    const health: AppHealth = {
      workloadStatuses: workloads.map(workloadStatusOf),
      requests: accumulators.get(app)?.build() ?? { inbound: {}, outbound: {}, healthAnnotations: {} },
    };
    result[app] = {
      ...health,
      status: calculateAppHealth(input.tolerances, { namespace: input.namespace, name: app, ...health }),
    };
  }
  return result;
}

export function namespaceWorkloadHealth(input: NamespaceHealthInput): NamespaceWorkloadHealth {
  const accumulators = new Map<string, RequestHealthAccumulator>();
  for (const w of input.workloads) if (w.hasSidecar) accumulators.set(w.name, new RequestHealthAccumulator());
  fill(input, accumulators, { inbound: 'destination_workload', outbound: 'source_workload' });
  const result: NamespaceWorkloadHealth = {};
  for (const w of [...input.workloads].sort((a, b) => a.name.localeCompare(b.name))) {
    const annotations = healthAnnotationsOf(w.annotations);
    const health: WorkloadHealth = {
      workloadStatus: workloadStatusOf(w),
      requests: accumulators.get(w.name)?.build(annotations) ?? {
        inbound: {},
        outbound: {},
        healthAnnotations: annotations,
      },
    };
    result[w.name] = {
      ...health,
      status: calculateWorkloadHealth(input.tolerances, {
        namespace: input.namespace,
        name: w.name,
        requests: health.requests,
        workloadStatus: health.workloadStatus ?? undefined,
      }),
    };
  }
  return result;
}

export function namespaceServiceHealth(input: NamespaceHealthInput): NamespaceServiceHealth {
  const accumulators = new Map<string, RequestHealthAccumulator>();
  for (const s of input.services) accumulators.set(s.name, new RequestHealthAccumulator());
  for (const sample of input.samples) {
    const m = sample.metric;
    if (m.destination_service_namespace !== input.namespace) continue;
    accumulators.get(m.destination_service_name ?? '')?.addInbound(sample);
  }
  const result: NamespaceServiceHealth = {};
  for (const s of [...input.services].sort((a, b) => a.name.localeCompare(b.name))) {
    const health: ServiceHealth = {
      requests: accumulators.get(s.name)?.build(healthAnnotationsOf(s.annotations)) ?? {
        inbound: {},
        outbound: {},
        healthAnnotations: healthAnnotationsOf(s.annotations),
      },
    };
    result[s.name] = {
      ...health,
      status: calculateServiceHealth(input.tolerances, {
        namespace: input.namespace,
        name: s.name,
        ...health,
      }),
    };
  }
  return result;
}

/** The body of Kiali's `GET /api/clusters/health` for one `type`. */
export type ClustersHealth =
  | { readonly namespaceAppHealth: Record<string, NamespaceAppHealth> }
  | { readonly namespaceServiceHealth: Record<string, NamespaceServiceHealth> }
  | { readonly namespaceWorkloadHealth: Record<string, NamespaceWorkloadHealth> }
  | Record<string, never>;

/** Health of several namespaces, shaped as Kiali's cluster health response (empty maps omitted). */
export function clustersHealth(
  kind: HealthKind,
  namespaces: readonly NamespaceHealthInput[],
): ClustersHealth {
  if (namespaces.length === 0) return {};
  switch (kind) {
    case 'app':
      return {
        namespaceAppHealth: Object.fromEntries(namespaces.map((n) => [n.namespace, namespaceAppHealth(n)])),
      };
    case 'service':
      return {
        namespaceServiceHealth: Object.fromEntries(
          namespaces.map((n) => [n.namespace, namespaceServiceHealth(n)]),
        ),
      };
    case 'workload':
      return {
        namespaceWorkloadHealth: Object.fromEntries(
          namespaces.map((n) => [n.namespace, namespaceWorkloadHealth(n)]),
        ),
      };
  }
}
