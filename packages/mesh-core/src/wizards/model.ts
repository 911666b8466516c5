/**
 * The form models of the service traffic wizards (Kiali's `IstioWizards`), one per wizard, and
 * what they are built for: a service, its namespace and the versions of its workloads. The
 * wizards mark what they made with Kiali's `kiali_wizard` label, whose value names the wizard
 * (Kiali's four values, plus `circuit_breaker` for the wizard Kiali keeps in its advanced options).
 */
import type { DestinationRuleSpec, VirtualServiceSpec } from '../config/istio-types.gen.ts';

export const WIZARD_KINDS = [
  'request_routing',
  'fault_injection',
  'traffic_shifting',
  'request_timeouts',
  'circuit_breaker',
] as const;
export type WizardKind = (typeof WIZARD_KINDS)[number];

export const WIZARD_TITLES: Readonly<Record<WizardKind, string>> = {
  request_routing: 'Request Routing',
  fault_injection: 'Fault Injection',
  traffic_shifting: 'Traffic Shifting',
  request_timeouts: 'Request Timeouts',
  circuit_breaker: 'Circuit Breaker',
};

export function isWizardKind(value: unknown): value is WizardKind {
  return typeof value === 'string' && (WIZARD_KINDS as readonly string[]).includes(value);
}

/** Kiali's label on the objects a wizard made; its value is the wizard's kind. */
export const KIALI_WIZARD_LABEL = 'kiali_wizard';
/** The workload label whose values name the DestinationRule's subsets (Istio's convention). */
export const VERSION_LABEL = 'version';
export const NETWORKING_API_VERSION = 'networking.istio.io/v1';

/** What a wizard is built for. */
export interface WizardTarget {
  readonly namespace: string;
  readonly service: string;
  /** Values of the `version` label of the service's workloads, in display order. */
  readonly versions: readonly string[];
  /** Istio's identity domain; `cluster.local` unless the mesh says otherwise. */
  readonly clusterDomain?: string;
}

/** `<svc>.<ns>.svc.<domain>`: the host the wizards route to and the DestinationRule is for. */
export function serviceFqdn(target: Pick<WizardTarget, 'namespace' | 'service' | 'clusterDomain'>): string {
  return `${target.service}.${target.namespace}.svc.${target.clusterDomain ?? 'cluster.local'}`;
}

export const STRING_MATCH_OPS = ['exact', 'prefix', 'regex'] as const;
export type StringMatchOp = (typeof STRING_MATCH_OPS)[number];

export interface StringMatchModel {
  readonly op: StringMatchOp;
  readonly value: string;
}

export interface HeaderMatchModel extends StringMatchModel {
  readonly name: string;
}

/** One of Istio's HTTPMatchRequests: every condition in it must hold. */
export interface MatchModel {
  readonly headers: readonly HeaderMatchModel[];
  readonly uri?: StringMatchModel;
  readonly method?: StringMatchModel;
}

/** The share of a route's requests one version gets, in percent. */
export interface VersionWeight {
  readonly version: string;
  readonly weight: number;
}

/** A request routing rule: requests matching any of `matches` go to `routes`. */
export interface RoutingRuleModel {
  /** Empty: every request (only sensible as the last rule). */
  readonly matches: readonly MatchModel[];
  readonly routes: readonly VersionWeight[];
}

export interface DelayModel {
  /** Percent of requests delayed, 0–100. */
  readonly percentage: number;
  /** Istio duration: `5s`, `100ms`. */
  readonly fixedDelay: string;
}

export interface AbortModel {
  /** Percent of requests aborted, 0–100. */
  readonly percentage: number;
  readonly httpStatus: number;
}

export interface RetriesModel {
  readonly attempts: number;
  readonly perTryTimeout?: string;
  /** Envoy's retry policies, comma-separated: `gateway-error,connect-failure,refused-stream`. */
  readonly retryOn?: string;
}

export interface ConnectionPoolModel {
  /** tcp.maxConnections */
  readonly maxConnections?: number;
  /** http.http1MaxPendingRequests */
  readonly http1MaxPendingRequests?: number;
  /** http.http2MaxRequests */
  readonly http2MaxRequests?: number;
  /** http.maxRequestsPerConnection */
  readonly maxRequestsPerConnection?: number;
  /** http.maxRetries */
  readonly maxRetries?: number;
}

export interface OutlierDetectionModel {
  readonly consecutive5xxErrors?: number;
  readonly interval?: string;
  readonly baseEjectionTime?: string;
  readonly maxEjectionPercent?: number;
}

export interface TrafficShiftingModel {
  readonly kind: 'traffic_shifting';
  readonly weights: readonly VersionWeight[];
}

export interface RequestRoutingModel {
  readonly kind: 'request_routing';
  /** In order: the first rule whose matches hold takes the request. */
  readonly rules: readonly RoutingRuleModel[];
}

export interface FaultInjectionModel {
  readonly kind: 'fault_injection';
  readonly weights: readonly VersionWeight[];
  readonly delay?: DelayModel;
  readonly abort?: AbortModel;
}

export interface RequestTimeoutsModel {
  readonly kind: 'request_timeouts';
  readonly weights: readonly VersionWeight[];
  /** Istio duration. */
  readonly timeout?: string;
  readonly retries?: RetriesModel;
}

export interface CircuitBreakerModel {
  readonly kind: 'circuit_breaker';
  readonly connectionPool?: ConnectionPoolModel;
  readonly outlierDetection?: OutlierDetectionModel;
}

export type WizardModel =
  | TrafficShiftingModel
  | RequestRoutingModel
  | FaultInjectionModel
  | RequestTimeoutsModel
  | CircuitBreakerModel;

export type ModelOf<K extends WizardKind> = Extract<WizardModel, { kind: K }>;

interface ManifestMetadata {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

export interface VirtualServiceManifest {
  readonly apiVersion: string;
  readonly kind: 'VirtualService';
  readonly metadata: ManifestMetadata;
  readonly spec: VirtualServiceSpec;
}

export interface DestinationRuleManifest {
  readonly apiVersion: string;
  readonly kind: 'DestinationRule';
  readonly metadata: ManifestMetadata;
  readonly spec: DestinationRuleSpec;
}

/** What a wizard builds: a DestinationRule always; a VirtualService unless it only sets policy. */
export interface WizardManifests {
  readonly virtualService?: VirtualServiceManifest;
  readonly destinationRule: DestinationRuleManifest;
}

/** Kiali's default split: equal whole shares, the remainder to the last version. */
export function defaultWeights(versions: readonly string[]): VersionWeight[] {
  if (versions.length === 0) return [];
  const share = Math.floor(100 / versions.length);
  const rest = 100 - share * versions.length;
  return versions.map((version, i) => ({
    version,
    weight: i === versions.length - 1 ? share + rest : share,
  }));
}

/** Values a section of the form starts with when the user turns it on (Kiali's). */
export const DEFAULT_DELAY: DelayModel = { percentage: 100, fixedDelay: '5s' };
export const DEFAULT_ABORT: AbortModel = { percentage: 100, httpStatus: 503 };
export const DEFAULT_TIMEOUT = '2s';
export const DEFAULT_RETRIES: RetriesModel = {
  attempts: 3,
  perTryTimeout: '2s',
  retryOn: 'gateway-error,connect-failure,refused-stream',
};
export const DEFAULT_CONNECTION_POOL: ConnectionPoolModel = {
  maxConnections: 100,
  http1MaxPendingRequests: 10,
  maxRequestsPerConnection: 10,
};
export const DEFAULT_OUTLIER_DETECTION: OutlierDetectionModel = {
  consecutive5xxErrors: 5,
  interval: '10s',
  baseEjectionTime: '30s',
  maxEjectionPercent: 100,
};

/**
 * A new wizard's form. As in Kiali, faults, timeouts and retries start off (the user turns on
 * what they want); the circuit breaker, which is nothing else, starts with both of its sections.
 */
export function defaultModel<K extends WizardKind>(kind: K, target: WizardTarget): ModelOf<K>;
export function defaultModel(kind: WizardKind, target: WizardTarget): WizardModel {
  const weights = defaultWeights(target.versions);
  switch (kind) {
    case 'traffic_shifting':
    case 'fault_injection':
    case 'request_timeouts':
      return { kind, weights };
    case 'request_routing':
      return { kind, rules: [{ matches: [], routes: weights }] };
    case 'circuit_breaker':
      return {
        kind,
        connectionPool: DEFAULT_CONNECTION_POOL,
        outlierDetection: DEFAULT_OUTLIER_DETECTION,
      };
  }
}
