/**
 * The traces use case (Kiali's `business/tracing.go`): the traces of an app, service or workload,
 * and one trace, read from Jaeger.
 *
 * Jaeger knows processes by service name, not mesh objects, so each object is mapped to the
 * Jaeger service of its app, then the app's traces are filtered down to the object:
 *
 * - app `a` in namespace `ns`: Jaeger service `a.ns` (or `a`, see `serviceNaming`); no filter.
 * - service `s`: its app is the app label of its selector (`app`, then `app.kubernetes.io/name`),
 *   or `s` without one. When the app is `s` itself, no filter; otherwise only traces with a span
 *   whose operation starts with `s.ns` (Envoy names operations `<host>:<port>/*`).
 * - workload `w`: its app is the app label of its pod template (the workload's name without one,
 *   which is also what Meshlens' sidecars report); only traces with a span from `w` are kept: a
 *   `node_id` tag (`sidecar~<ip>~<pod>.<ns>~<ns>.svc.<domain>`) whose pod part starts with `w` and
 *   ends with the namespace, or a `hostname` span or process tag starting with `w`.
 *
 * The search carries Kiali's tags: the request's, plus `istio.cluster_id` = the requested cluster
 * (the home cluster by default), unless cluster filtering is off (`fromAllClusters: true`), as
 * Kiali does when its tracing backend's spans have no cluster tag.
 */
import type {
  JaegerSpan,
  JaegerTrace,
  Microseconds,
  TracingResponse,
  TracingSingleTrace,
} from '@meshlens/mesh-core/api/traces';
import { ISTIO_CLUSTER_TAG } from '@meshlens/mesh-core/api/traces';
import { DEFAULT_CLUSTER, appLabelOf } from '@meshlens/mesh-core/health';
import type { JaegerApi, JaegerTraceQuery } from '../../adapters/jaeger/jaeger-api.ts';
import { traceNotFoundMessage } from '../../adapters/jaeger/jaeger-api.ts';
import { ConsoleError, unknownNamespace } from '../errors.ts';
import type { MeshState, MeshStateSource } from '../inventory/mesh-state.ts';

/** How the Jaeger service name of an app is made (Kiali's `namespace_selector` true or false). */
export const SERVICE_NAMINGS = ['app.namespace', 'app'] as const;
export type ServiceNaming = (typeof SERVICE_NAMINGS)[number];

/** What Meshlens' sidecars write as `service.name`: `<canonical service>.<namespace>`, as Istio's. */
export const DEFAULT_SERVICE_NAMING: ServiceNaming = 'app.namespace';

/** Kiali's `models.TracingQuery`, checked. */
export interface TracingQuery {
  /** Absent: from the epoch (Kiali queries from Go's zero time). */
  readonly startUs?: Microseconds;
  readonly endUs: Microseconds;
  readonly tags: Readonly<Record<string, string>>;
  readonly minDurationUs?: Microseconds;
  readonly limit: number;
  /** `clusterName`; absent: the home cluster. */
  readonly cluster?: string;
}

export interface TracesServiceDeps {
  readonly jaeger: JaegerApi;
  readonly mesh: MeshStateSource;
  /** Default `app.namespace`, what Meshlens' sidecars write. */
  readonly serviceNaming?: ServiceNaming;
  /** The home cluster's id; default Istio's `Kubernetes`. */
  readonly homeCluster?: string;
  /** Do not filter by `istio.cluster_id` (for spans that lack it); answers `fromAllClusters`. */
  readonly ignoreCluster?: boolean;
  /**
   * The embedded trace store when it runs in this process (ADR 0011): one trace is read from it
   * directly, its JSON passed on as written, instead of over HTTP and parsed again.
   */
  readonly embedded?: EmbeddedTraceReader;
}

/** One trace's Jaeger UI JSON as `GET /api/traces/{id}` answers it in `data[0]`; undefined when unknown. */
export interface EmbeddedTraceReader {
  traceJson(traceId: string): string | undefined;
}

export interface TracesService {
  appTraces(namespace: string, app: string, query: TracingQuery): Promise<TracingResponse>;
  serviceTraces(namespace: string, service: string, query: TracingQuery): Promise<TracingResponse>;
  workloadTraces(namespace: string, workload: string, query: TracingQuery): Promise<TracingResponse>;
  traceDetail(traceId: string): Promise<TracingSingleTrace>;
  /** `traceDetail`'s answer as JSON text (from the embedded store without parsing it again). */
  traceDetailJson(traceId: string): Promise<string>;
}

/** Kiali's `ValidTraceIDRe`. */
const TRACE_ID = /^[0-9a-fA-F]{1,32}$/;

function checkTraceId(traceId: string): void {
  if (!TRACE_ID.test(traceId)) {
    throw new ConsoleError('input', `Invalid trace ID format [${traceId}]: 1 to 32 hexadecimal digits`, {
      param: 'traceID',
    });
  }
}

export function jaegerServiceName(naming: ServiceNaming, namespace: string, app: string): string {
  switch (naming) {
    case 'app.namespace':
      return `${app}.${namespace}`;
    case 'app':
      return app;
  }
}

function tagValue(span: Pick<JaegerSpan, 'tags'>, key: string): string | undefined {
  const tag = span.tags.find((t) => t.key === key);
  return tag?.type === 'string' ? tag.value : undefined;
}

/** Kiali's `spanMatchesWorkload` (sidecar spans; waypoints do not exist here). */
export function spanFromWorkload(
  trace: JaegerTrace,
  span: JaegerSpan,
  namespace: string,
  workload: string,
): boolean {
  const nodeId = tagValue(span, 'node_id');
  if (nodeId !== undefined) {
    const pod = nodeId.split('~')[2];
    if (pod?.startsWith(workload) === true && pod.endsWith(namespace)) return true;
  }
  if (tagValue(span, 'hostname')?.startsWith(workload) === true) return true;
  const process = trace.processes[span.processID];
  return process !== undefined && (tagValue(process, 'hostname')?.startsWith(workload) ?? false);
}

function checkNamespace(state: MeshState, namespace: string): void {
  if (!state.registry.namespaces.some((n) => n.name === namespace))
    throw unknownNamespace(namespace, 'namespace');
}

export function createTracesService(deps: TracesServiceDeps): TracesService {
  const naming = deps.serviceNaming ?? DEFAULT_SERVICE_NAMING;
  const homeCluster = deps.homeCluster ?? DEFAULT_CLUSTER;

  async function appTracesOf(
    namespace: string,
    app: string,
    query: TracingQuery,
    keep?: (trace: JaegerTrace) => boolean,
  ): Promise<TracingResponse> {
    const service = jaegerServiceName(naming, namespace, app);
    const tags =
      deps.ignoreCluster === true
        ? Object.fromEntries(Object.entries(query.tags).filter(([key]) => key !== ISTIO_CLUSTER_TAG))
        : { ...query.tags, [ISTIO_CLUSTER_TAG]: query.cluster ?? homeCluster };
    const search: JaegerTraceQuery = {
      service,
      startUs: query.startUs ?? 0,
      endUs: query.endUs,
      tags,
      limit: query.limit,
      ...(query.minDurationUs === undefined || query.minDurationUs === 0
        ? {}
        : { minDurationUs: query.minDurationUs }),
    };
    const found = await deps.jaeger.findTraces(search);
    return {
      data: keep === undefined ? [...found.traces] : found.traces.filter(keep),
      errors: found.errors === null ? null : [...found.errors],
      ...(deps.ignoreCluster === true ? { fromAllClusters: true } : {}),
      tracingServiceName: service,
    };
  }

  return {
    async appTraces(namespace, app, query) {
      const state = await deps.mesh.read();
      checkNamespace(state, namespace);
      const known = state.registry.workloads.some(
        (w) => w.namespace === namespace && appLabelOf(w.labels) === app,
      );
      if (!known) throw new ConsoleError('not-found', `App [${namespace}/${app}] does not exist.`);
      return appTracesOf(namespace, app, query);
    },

    async serviceTraces(namespace, service, query) {
      const state = await deps.mesh.read();
      checkNamespace(state, namespace);
      const svc = state.registry.services.find((s) => s.namespace === namespace && s.name === service);
      if (svc === undefined)
        throw new ConsoleError('not-found', `Service [${namespace}/${service}] does not exist.`);
      const app = appLabelOf(svc.selector ?? {}) ?? service;
      if (app === service) return appTracesOf(namespace, app, query);
      const prefix = `${service}.${namespace}`;
      return appTracesOf(namespace, app, query, (t) =>
        t.spans.some((s) => s.operationName.startsWith(prefix)),
      );
    },

    async workloadTraces(namespace, workload, query) {
      const state = await deps.mesh.read();
      checkNamespace(state, namespace);
      const w = state.registry.workloads.find((x) => x.namespace === namespace && x.name === workload);
      if (w === undefined)
        throw new ConsoleError('not-found', `Workload [${namespace}/${workload}] does not exist.`);
      const app = appLabelOf(w.labels) ?? workload;
      return appTracesOf(namespace, app, query, (t) =>
        t.spans.some((s) => spanFromWorkload(t, s, namespace, workload)),
      );
    },

    async traceDetail(traceId) {
      checkTraceId(traceId);
      return { data: await deps.jaeger.getTrace(traceId), errors: null };
    },

    async traceDetailJson(traceId) {
      checkTraceId(traceId);
      if (deps.embedded === undefined) return JSON.stringify(await this.traceDetail(traceId));
      const json = deps.embedded.traceJson(traceId);
      if (json === undefined) throw new ConsoleError('not-found', traceNotFoundMessage(traceId));
      return `{"data":${json},"errors":null}`;
    },
  };
}
