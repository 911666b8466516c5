/**
 * The vocabulary of Kiali's graph: graph types, node types, boxing, requested rates and
 * appenders, and the options of one graph request (Kiali's query parameters, typed).
 */
import type { MeshService, MeshWorkload } from '../health/inventory.ts';
import type { HealthRate } from '../health/tolerances.ts';

export const GRAPH_TYPES = ['app', 'versionedApp', 'workload', 'service'] as const;
export type GraphType = (typeof GRAPH_TYPES)[number];

export const NODE_TYPES = ['aggregate', 'app', 'box', 'service', 'unknown', 'workload'] as const;
export type NodeType = (typeof NODE_TYPES)[number];

export const BOX_BY = ['app', 'cluster', 'namespace'] as const;
export type BoxBy = (typeof BOX_BY)[number];

export const HTTP_RATES = ['none', 'requests'] as const;
export type HttpRate = (typeof HTTP_RATES)[number];
export const GRPC_RATES = ['none', 'received', 'requests', 'sent', 'total'] as const;
export type GrpcRate = (typeof GRPC_RATES)[number];
export const TCP_RATES = ['none', 'received', 'sent', 'total'] as const;
export type TcpRate = (typeof TCP_RATES)[number];

export const RESPONSE_TIMES = ['avg', '50', '95', '99'] as const;
export type ResponseTime = (typeof RESPONSE_TIMES)[number];

export const THROUGHPUT_TYPES = ['request', 'response'] as const;
export type ThroughputType = (typeof THROUGHPUT_TYPES)[number];

/** Every appender name Kiali accepts in `appenders`. */
export const APPENDER_NAMES = [
  'aggregateNode',
  'ambient',
  'deadNode',
  'health',
  'idleNode',
  'istio',
  'labeler',
  'meshCheck',
  'outsider',
  'responseTime',
  'securityPolicy',
  'serviceEntry',
  'sidecarsCheck',
  'throughput',
  'trafficGenerator',
  'workloadEntry',
] as const;
export type AppenderName = (typeof APPENDER_NAMES)[number];

export interface RequestedRates {
  readonly grpc: GrpcRate;
  readonly http: HttpRate;
  readonly tcp: TcpRate;
}

export interface GraphOptions {
  /** Namespaces to graph; each gets its own queries and appender pass. */
  readonly namespaces: readonly string[];
  readonly graphType: GraphType;
  /** Query range, in seconds (Kiali's `duration`, default 10m). */
  readonly durationSec: number;
  /** Evaluation time, unix seconds (Kiali's `queryTime`). */
  readonly queryTimeSec: number;
  /** Empty: no boxing (app and versionedApp graphs still box by app, as Kiali does). */
  readonly boxBy: readonly BoxBy[];
  readonly includeIdleEdges: boolean;
  /** Always true for service graphs. */
  readonly injectServiceNodes: boolean;
  readonly rates: RequestedRates;
  readonly responseTime: ResponseTime;
  readonly throughputType: ThroughputType;
  /** `all` when the request names no appenders (Kiali's default). */
  readonly appenders: 'all' | readonly AppenderName[];
}

export const DEFAULT_GRAPH_OPTIONS = {
  graphType: 'workload',
  durationSec: 600,
  boxBy: [],
  includeIdleEdges: false,
  injectServiceNodes: false,
  rates: { grpc: 'requests', http: 'requests', tcp: 'sent' },
  responseTime: '95',
  throughputType: 'response',
  appenders: 'all',
} as const satisfies Omit<GraphOptions, 'namespaces' | 'queryTimeSec'>;

/** Istio configuration facts about one service, for the `istio` appender's badges. */
export interface ServiceIstioConfig {
  /** VirtualServices whose hosts include the service: name → hosts (Kiali's `hasVS`). */
  readonly virtualServices?: Readonly<Record<string, readonly string[]>>;
  readonly hasRequestRouting?: boolean;
  readonly hasFaultInjection?: boolean;
  readonly hasTrafficShifting?: boolean;
  readonly hasTCPTrafficShifting?: boolean;
  readonly hasRequestTimeout?: boolean;
  readonly hasMirroring?: boolean;
  /**
   * DestinationRule circuit breakers (a connection pool or outlier detection) for the service:
   * in the top-level traffic policy, and in subsets (by their `version` label).
   */
  readonly circuitBreaker?: {
    readonly serviceWide: boolean;
    readonly subsetVersions: readonly string[];
    /** Some subset without a version label has one. */
    readonly unversionedSubset?: boolean;
  };
}

export interface GraphService extends MeshService {
  readonly istio?: ServiceIstioConfig;
}

/** What the appenders know besides telemetry: the registry and its Istio configuration. */
export interface GraphInventory {
  readonly workloads: readonly MeshWorkload[];
  readonly services: readonly GraphService[];
  /** Namespaces the caller may see; undefined: all of them. Others are marked inaccessible. */
  readonly accessibleNamespaces?: readonly string[];
  /** Namespaces of the control plane (Kiali's `istio_namespace`); skipped by the mesh check. */
  readonly istioNamespaces?: readonly string[];
  /** The cluster name registry objects without one belong to. */
  readonly cluster?: string;
  /** Kiali's `health_config.rate`, before the defaults. */
  readonly healthRates?: readonly HealthRate[];
}
