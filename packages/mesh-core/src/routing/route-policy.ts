/**
 * A VirtualService HTTP rule's resilience and chaos settings → the snapshot's `RoutePolicy`, as
 * pilot's `translateRoute` and `retry.ConvertPolicy` build Envoy's route:
 *
 * - `timeout`, `retries` and `mirror`/`mirrors` belong to Envoy's route action, so only a rule that
 *   routes gets them; `fault` and `corsPolicy` are per-filter config on the route and apply to a
 *   redirect or direct response too.
 * - A routing rule without `retries` gets Istio's default policy; `attempts` of 0 (or none)
 *   disables retries. A rule with `attempts` but no `retryOn` keeps the default conditions.
 * - Faults and timeouts/retries: Istio's docs say timeouts and retries are not enabled when a fault
 *   is, but pilot writes both onto the route regardless. The docs describe Envoy's filter order:
 *   the fault filter runs before the router, so an aborted request never reaches the router
 *   (nothing to retry or time out), and a delay is served before the router starts the route's
 *   timeout, so it does not count against it. The snapshot carries both, as Envoy's config does.
 * - Percentages absent from a fault mean 0%, not 100%: pilot leaves Envoy's FractionalPercent
 *   unset (abort) or writes the deprecated integer `percent`, 0 when absent (delay).
 */
import type { VirtualServiceSpec } from '../config/istio-types.gen.ts';
import type { ValidationContext } from '../validation/context.ts';
import { serviceAt } from '../validation/hosts.ts';
import { goDurationMs } from './cluster-policy.ts';
import { destinationRuleFor } from './clusters.ts';
import type { CorsPolicy, Fault, Mirror, RetryPolicy, RoutePolicy, StringMatch } from './snapshot.ts';

type HttpRule = NonNullable<VirtualServiceSpec['http']>[number];
type IstioRetries = NonNullable<HttpRule['retries']>;
export type IstioDestination = NonNullable<HttpRule['mirror']>;
export type ResolvedDestination = Omit<Mirror, 'percent'>;

const envoyBackoffBaseMs = 25;

/**
 * pilot's `retry.DefaultPolicy()`: what every outbound and gateway route without `retries` gets.
 * Since Istio 1.24 (EXCLUDE_UNSAFE_503_FROM_DEFAULT_RETRY, on by default) it no longer retries a
 * 503, which is unsafe for non-idempotent requests; `retriable-status-codes` stays in `retryOn`
 * with no codes, so only an `x-envoy-retriable-status-codes` request header can add some.
 */
export function defaultRetryPolicy(): RetryPolicy {
  return {
    attempts: 2,
    retryOn: ['connect-failure', 'refused-stream', 'unavailable', 'cancelled', 'retriable-status-codes'],
    retriableStatusCodes: [],
    hostSelectionRetryMaxAttempts: 5,
    backoffBaseMs: envoyBackoffBaseMs,
    backoffMaxMs: 10 * envoyBackoffBaseMs,
  };
}

/**
 * pilot's `BuildDefaultHTTPInboundRoute` (ENABLE_INBOUND_RETRY_POLICY, on by default since Istio
 * 1.24): an inbound request is retried twice when the connection to the application was reset
 * before the request was sent on it (a kept-alive connection the application had closed), which
 * the application cannot have seen. No host predicate: there is one endpoint.
 */
export function inboundRetryPolicy(): RetryPolicy {
  return {
    attempts: 2,
    retryOn: ['reset-before-request'],
    retriableStatusCodes: [],
    hostSelectionRetryMaxAttempts: 0,
    backoffBaseMs: envoyBackoffBaseMs,
    backoffMaxMs: 10 * envoyBackoffBaseMs,
  };
}

/** The codes Go's `http.StatusText` names: pilot takes only these from `retryOn` as status codes. */
const goStatusCodes: ReadonlySet<number> = new Set([
  100, 101, 102, 103, 200, 201, 202, 203, 204, 205, 206, 207, 208, 226, 300, 301, 302, 303, 304, 305, 307,
  308, 400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 418, 421,
  422, 423, 424, 425, 426, 428, 429, 431, 451, 500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511,
]);

function parseRetryOn(text: string): { conditions: string[]; codes: number[] } {
  const conditions: string[] = [];
  const codes: number[] = [];
  for (const raw of text.split(',')) {
    const part = raw.trim();
    if (part === '') continue;
    const code = /^[+-]?\d+$/.test(part) ? Number(part) : NaN;
    if (goStatusCodes.has(code)) codes.push(code);
    else conditions.push(part);
  }
  return { conditions, codes };
}

/**
 * pilot's `retry.ConvertPolicy`. `consistentHash`: the route's one destination is load-balanced by
 * a consistent hash, where Istio drops the previous-hosts predicate so a retry stays on the
 * hashed endpoint (0 re-picks here).
 */
export function retryPolicy(
  retries: IstioRetries | undefined,
  options: { readonly consistentHash: boolean },
): RetryPolicy | undefined {
  const base = defaultRetryPolicy();
  const policy = options.consistentHash ? { ...base, hostSelectionRetryMaxAttempts: 0 } : base;
  if (!retries) return policy;
  const attempts = retries.attempts ?? 0;
  if (attempts <= 0) return undefined;
  let out: RetryPolicy = { ...policy, attempts };
  if (retries.retryOn !== undefined && retries.retryOn !== '') {
    const { conditions, codes } = parseRetryOn(retries.retryOn);
    if (codes.length > 0 && !conditions.some((c) => c.includes('retriable-status-codes')))
      conditions.push('retriable-status-codes');
    out = { ...out, retryOn: conditions, retriableStatusCodes: codes };
  }
  const perTryTimeoutMs = goDurationMs(retries.perTryTimeout);
  if (perTryTimeoutMs !== undefined && perTryTimeoutMs > 0) out = { ...out, perTryTimeoutMs };
  if (retries.retryIgnorePreviousHosts !== undefined)
    out = { ...out, hostSelectionRetryMaxAttempts: retries.retryIgnorePreviousHosts ? 5 : 0 };
  const backoffMs = goDurationMs(retries.backoff);
  // Envoy's max_interval defaults to ten times the base interval.
  if (backoffMs !== undefined && backoffMs > 0)
    out = { ...out, backoffBaseMs: backoffMs, backoffMaxMs: 10 * backoffMs };
  return out;
}

/** Istio's `Percent` as Envoy sees it: a millionth-based fraction, truncated, within [0, 100]. */
function percentOf(value: number | undefined): number {
  const share = Math.trunc((value ?? 0) * 10_000) / 10_000;
  return Math.min(100, Math.max(0, share));
}

/** pilot's `TranslateFault`; exponential delays and gRPC or HTTP/2 aborts are not supported. */
export function translateFault(fault: HttpRule['fault']): Fault | undefined {
  if (!fault) return undefined;
  const d = fault.delay;
  const delayMs = goDurationMs(d?.fixedDelay);
  const delay =
    d && delayMs !== undefined
      ? {
          fixedDelayMs: delayMs,
          percent: d.percentage ? percentOf(d.percentage.value) : percentOf(d.percent),
        }
      : undefined;
  const a = fault.abort;
  const status = a?.httpStatus;
  const abort =
    a && status !== undefined && status >= 200 && status <= 599
      ? { httpStatus: status, percent: percentOf(a.percentage?.value) }
      : undefined;
  if (!delay && !abort) return undefined;
  return { ...(delay ? { delay } : {}), ...(abort ? { abort } : {}) };
}

function originMatch(m: { exact?: string; prefix?: string; regex?: string }): StringMatch | undefined {
  if (m.exact !== undefined) return { kind: 'exact', value: m.exact };
  if (m.prefix !== undefined) return { kind: 'prefix', value: m.prefix };
  if (m.regex !== undefined) return { kind: 'regex', value: m.regex };
  return undefined;
}

/** pilot's `TranslateCORSPolicy`: `allowOrigins` wins over the deprecated exact `allowOrigin`. */
export function translateCors(cors: HttpRule['corsPolicy']): CorsPolicy | undefined {
  if (!cors) return undefined;
  const allowOrigins =
    (cors.allowOrigins ?? []).length > 0
      ? (cors.allowOrigins ?? []).flatMap((m) => originMatch(m) ?? [])
      : (cors.allowOrigin ?? []).map((value): StringMatch => ({ kind: 'exact', value }));
  const maxAgeMs = goDurationMs(cors.maxAge);
  return {
    allowOrigins,
    allowMethods: cors.allowMethods ?? [],
    allowHeaders: cors.allowHeaders ?? [],
    exposeHeaders: cors.exposeHeaders ?? [],
    // Envoy's max-age is whole seconds: pilot writes the duration's seconds, truncated.
    ...(maxAgeMs !== undefined ? { maxAgeSeconds: Math.trunc(maxAgeMs / 1000) } : {}),
    ...(cors.allowCredentials !== undefined ? { allowCredentials: cors.allowCredentials } : {}),
    unmatchedPreflights: cors.unmatchedPreflights === 'IGNORE' ? 'IGNORE' : 'FORWARD',
  };
}

/** The mirror's share: an explicit 0 turns it off; nothing written means every request. */
function mirrorShare(percentage: { value?: number } | undefined, legacy?: number): number | undefined {
  if (percentage) return (percentage.value ?? 0) > 0 ? percentOf(percentage.value) : undefined;
  if (legacy !== undefined) return legacy > 0 ? Math.min(100, legacy) : undefined;
  return 100;
}

/** pilot's `MirrorPercent` and `MirrorPercentByPolicy`: `mirror` first, then each of `mirrors`. */
export function translateMirrors(
  rule: HttpRule,
  resolve: (destination: IstioDestination) => ResolvedDestination,
): Mirror[] {
  const mirrors: Mirror[] = [];
  if (rule.mirror) {
    const percent = mirrorShare(rule.mirrorPercentage, rule.mirrorPercent ?? rule.mirror_percent);
    if (percent !== undefined) mirrors.push({ ...resolve(rule.mirror), percent });
  }
  for (const m of rule.mirrors ?? []) {
    const percent = mirrorShare(m.percentage);
    if (percent !== undefined) mirrors.push({ ...resolve(m.destination), percent });
  }
  return mirrors;
}

/**
 * Whether pilot's `hashForHTTPDestination` finds a consistent hash for a destination: the subset's
 * port-level setting, the subset's, the top-level port-level one, then the top-level one; the
 * port-level ones only when the destination names its port.
 */
export function hashesConsistently(
  destination: {
    readonly fqdn: string;
    readonly subset: string | undefined;
    readonly port: number | undefined;
  },
  ctx: ValidationContext,
  proxyNamespace: string,
): boolean {
  const service = serviceAt(destination.fqdn, ctx);
  const dr = service && destinationRuleFor(service, ctx, proxyNamespace);
  if (!dr) return false;
  type Policy = NonNullable<typeof dr.spec.trafficPolicy>;
  const atPort = (p: Policy | undefined) =>
    destination.port === undefined
      ? undefined
      : p?.portLevelSettings?.find((s) => s.port?.number === destination.port)?.loadBalancer?.consistentHash;
  const subset = dr.spec.subsets?.find((s) => s.name === destination.subset)?.trafficPolicy;
  const top = dr.spec.trafficPolicy;
  const hash =
    atPort(subset) ??
    subset?.loadBalancer?.consistentHash ??
    atPort(top) ??
    top?.loadBalancer?.consistentHash;
  return hash !== undefined;
}

export interface RulePolicyInput {
  readonly rule: HttpRule;
  /** The rule routes to destinations (not a redirect or a direct response). */
  readonly forwards: boolean;
  readonly resolve: (destination: IstioDestination) => ResolvedDestination;
  /** The rule has exactly one destination, and it is load-balanced by a consistent hash. */
  readonly consistentHash: boolean;
}

/** The policy of one translated rule; undefined when it has none. */
export function rulePolicy(input: RulePolicyInput): RoutePolicy | undefined {
  const { rule } = input;
  const fault = translateFault(rule.fault);
  const cors = translateCors(rule.corsPolicy);
  const timeoutMs = input.forwards ? goDurationMs(rule.timeout) : undefined;
  const retries = input.forwards
    ? retryPolicy(rule.retries, { consistentHash: input.consistentHash })
    : undefined;
  const mirrors = input.forwards ? translateMirrors(rule, input.resolve) : [];
  if (!fault && !cors && !timeoutMs && !retries && mirrors.length === 0) return undefined;
  return {
    ...(timeoutMs ? { timeoutMs } : {}),
    ...(retries ? { retries } : {}),
    ...(fault ? { fault } : {}),
    mirrors,
    ...(cors ? { cors } : {}),
  };
}
