/**
 * Builds the VirtualService and DestinationRule of a wizard's form, as Kiali's
 * `buildIstioConfig` does: the DestinationRule has one subset per workload version (named by
 * the version, selecting `version: <v>`) for the service's FQDN; the VirtualService routes the
 * service's short name to those subsets. Both are named after the service (or after the objects
 * they replace) and carry the `kiali_wizard` label naming the wizard.
 */
import { stringify } from 'yaml';
import type { DestinationRuleSpec, VirtualServiceSpec } from '../config/istio-types.gen.ts';
import type {
  CircuitBreakerModel,
  DestinationRuleManifest,
  MatchModel,
  RoutingRuleModel,
  StringMatchModel,
  VersionWeight,
  VirtualServiceManifest,
  WizardKind,
  WizardManifests,
  WizardModel,
  WizardTarget,
} from './model.ts';
import { KIALI_WIZARD_LABEL, NETWORKING_API_VERSION, VERSION_LABEL, serviceFqdn } from './model.ts';

type HttpRoute = NonNullable<VirtualServiceSpec['http']>[number];
type HttpMatch = NonNullable<HttpRoute['match']>[number];
type TrafficPolicy = NonNullable<DestinationRuleSpec['trafficPolicy']>;

export interface BuildOptions {
  /** Names of the objects being replaced, when they are not the service's name (Kiali keeps them). */
  readonly names?: { readonly virtualService?: string; readonly destinationRule?: string };
}

const stringMatch = (m: StringMatchModel): Record<string, string> => ({ [m.op]: m.value });

function httpMatch(m: MatchModel): HttpMatch {
  const out: HttpMatch = {};
  if (m.headers.length > 0) {
    out.headers = Object.fromEntries(m.headers.map((h) => [h.name, stringMatch(h)]));
  }
  if (m.uri) out.uri = stringMatch(m.uri);
  if (m.method) out.method = stringMatch(m.method);
  return out;
}

function destinations(
  target: WizardTarget,
  weights: readonly VersionWeight[],
): NonNullable<HttpRoute['route']> {
  const host = serviceFqdn(target);
  return weights.map((w) => ({ destination: { host, subset: w.version }, weight: w.weight }));
}

function ruleRoute(target: WizardTarget, rule: RoutingRuleModel): HttpRoute {
  return {
    ...(rule.matches.length > 0 ? { match: rule.matches.map(httpMatch) } : {}),
    route: destinations(target, rule.routes),
  };
}

/** The http routes of a wizard's VirtualService; undefined for a wizard that makes none. */
function httpRoutes(model: WizardModel, target: WizardTarget): HttpRoute[] | undefined {
  switch (model.kind) {
    case 'traffic_shifting':
      return [{ route: destinations(target, model.weights) }];
    case 'request_routing':
      return model.rules.map((rule) => ruleRoute(target, rule));
    case 'fault_injection': {
      const route: HttpRoute = { route: destinations(target, model.weights) };
      if (model.delay || model.abort) {
        route.fault = {
          ...(model.delay
            ? {
                delay: {
                  percentage: { value: model.delay.percentage },
                  fixedDelay: model.delay.fixedDelay,
                },
              }
            : {}),
          ...(model.abort
            ? { abort: { percentage: { value: model.abort.percentage }, httpStatus: model.abort.httpStatus } }
            : {}),
        };
      }
      return [route];
    }
    case 'request_timeouts': {
      const route: HttpRoute = { route: destinations(target, model.weights) };
      if (model.timeout !== undefined) route.timeout = model.timeout;
      if (model.retries) {
        route.retries = {
          attempts: model.retries.attempts,
          ...(model.retries.perTryTimeout !== undefined
            ? { perTryTimeout: model.retries.perTryTimeout }
            : {}),
          ...(model.retries.retryOn !== undefined ? { retryOn: model.retries.retryOn } : {}),
        };
      }
      return [route];
    }
    case 'circuit_breaker':
      return undefined;
  }
}

/** Only the fields the user set: Istio reads an absent field as its default. */
function defined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function trafficPolicy(model: CircuitBreakerModel): TrafficPolicy | undefined {
  const policy: TrafficPolicy = {};
  const pool = model.connectionPool;
  if (pool) {
    const tcp = defined({ maxConnections: pool.maxConnections });
    const http = defined({
      http1MaxPendingRequests: pool.http1MaxPendingRequests,
      http2MaxRequests: pool.http2MaxRequests,
      maxRequestsPerConnection: pool.maxRequestsPerConnection,
      maxRetries: pool.maxRetries,
    });
    policy.connectionPool = {
      ...(Object.keys(tcp).length > 0 ? { tcp } : {}),
      ...(Object.keys(http).length > 0 ? { http } : {}),
    };
  }
  if (model.outlierDetection) policy.outlierDetection = defined(model.outlierDetection);
  return Object.keys(policy).length > 0 ? policy : undefined;
}

const labelsOf = (kind: WizardKind): Record<string, string> => ({ [KIALI_WIZARD_LABEL]: kind });

/** The wizard's objects for `model` on `target`. */
export function buildWizard(
  model: WizardModel,
  target: WizardTarget,
  options: BuildOptions = {},
): WizardManifests {
  const host = serviceFqdn(target);
  const drSpec: DestinationRuleSpec = { host };
  if (target.versions.length > 0) {
    drSpec.subsets = target.versions.map((v) => ({ name: v, labels: { [VERSION_LABEL]: v } }));
  }
  if (model.kind === 'circuit_breaker') {
    const policy = trafficPolicy(model);
    if (policy) drSpec.trafficPolicy = policy;
  }
  const destinationRule: DestinationRuleManifest = {
    apiVersion: NETWORKING_API_VERSION,
    kind: 'DestinationRule',
    metadata: {
      name: options.names?.destinationRule ?? target.service,
      namespace: target.namespace,
      labels: labelsOf(model.kind),
    },
    spec: drSpec,
  };
  const http = httpRoutes(model, target);
  if (!http) return { destinationRule };
  const virtualService: VirtualServiceManifest = {
    apiVersion: NETWORKING_API_VERSION,
    kind: 'VirtualService',
    metadata: {
      name: options.names?.virtualService ?? target.service,
      namespace: target.namespace,
      labels: labelsOf(model.kind),
    },
    spec: { hosts: [target.service], http },
  };
  return { virtualService, destinationRule };
}

/** The objects as one YAML stream, VirtualService first (the order `kubectl apply` reads well). */
export function manifestsYaml(objects: readonly object[]): string {
  // No line folding: a long regex or header value stays on its line, as the user typed it.
  return objects.map((o) => stringify(o, { lineWidth: 0 })).join('---\n');
}

export function wizardYaml(manifests: WizardManifests): string {
  return manifestsYaml(
    manifests.virtualService
      ? [manifests.virtualService, manifests.destinationRule]
      : [manifests.destinationRule],
  );
}
