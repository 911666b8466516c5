/**
 * Every reply the proxy writes itself instead of forwarding an upstream response, as Envoy (the
 * way Istio configures it) writes them: status, body, response flags and `%RESPONSE_CODE_DETAILS%`.
 * Failures are values (DESIGN.md): the proxy picks a reply from this one table and records the
 * same triple in its metrics, access log and span.
 *
 * Sources (envoyproxy/envoy unless noted):
 * - router `Filter::decodeHeaders`: no route → 404, empty body, NR, `route_not_found`; unknown
 *   cluster → `cluster_not_found_response_code` (default 503), empty body, NC, `cluster_not_found`.
 * - router `sendNoHealthyUpstreamResponse`: 503 `no healthy upstream`, UH, `no_healthy_upstream`.
 * - router `onUpstreamReset`: 503 (502 for a protocol error) `upstream connect error or
 *   disconnect/reset before headers. [retried and the latest ]reset reason: <reason>[, transport
 *   failure reason: <tfr>]`; details `upstream_reset_before_response_started{<reason>[|<tfr>]}`
 *   with spaces replaced by `_`; the flag from `streamResetReasonToResponseFlag`.
 * - router `onUpstreamTimeoutAbort`: 504 `upstream request timeout`, UT, `response_timeout`.
 * - fault filter `abortWithStatus`: the configured status, `fault filter abort`, FI,
 *   `fault_filter_abort`. A delay-only fault sends no reply; it adds DI to the forwarded request.
 * - RBAC filter: 403 `RBAC: access denied`, no flag, `rbac_access_denied_matched_policy[<id>]`.
 * - local rate limit filter: 429 `local_rate_limited`, RL, `local_rate_limited`.
 * - istio/istio: REGISTRY_ONLY sends unknown hosts to the `block_all` route, a direct response 502
 *   with no body and no flag (`direct_response`).
 * - HTTP/1 codec `ServerConnectionImpl::sendProtocolError` (with `early_errors_via_hcm`): a local
 *   reply whose body is the status's reason phrase (`Request Header Fields Too Large`, `Bad
 *   Request`) and whose details name the error (`http1.headers_too_large`, `http1.codec_error`,
 *   `http1.invalid_characters`, …); the connection manager adds DPE.
 * - A buffered request over its limit: 413 `Payload Too Large`, `request_payload_too_large`.
 * - HTTP/1.0 (and 0.9) requests, which Istio's listeners do not accept (`accept_http_10` is off):
 *   426 `Upgrade Required`, no flag, `low_version`.
 * - A downstream disconnect writes nothing: status 0 in logs and metrics, DC,
 *   `downstream_remote_disconnect`.
 */
import type { ResponseFlag } from './response-flags.ts';

/** A reply the proxy writes itself. `status` 0 means nothing was written (the client left). */
export interface LocalReply {
  readonly status: number;
  readonly body: string;
  readonly flags: readonly ResponseFlag[];
  /** Envoy's `%RESPONSE_CODE_DETAILS%` for this reply. */
  readonly details: string;
}

/** Envoy's `Http::StreamResetReason`, as `Http::Utility::resetReasonToString` names them. */
export const UPSTREAM_RESET_REASONS = [
  'local connection failure',
  'remote connection failure',
  'connection timeout',
  'connection termination',
  'local reset',
  'local refused stream reset',
  'overflow',
  'remote reset',
  'remote refused stream reset',
  'remote error with CONNECT request',
  'protocol error',
  'overload manager reset',
] as const;
export type UpstreamResetReason = (typeof UPSTREAM_RESET_REASONS)[number];

/** `Filter::streamResetReasonToResponseFlag`. */
const RESET_REASON_FLAG: Readonly<Record<UpstreamResetReason, ResponseFlag>> = {
  'local connection failure': 'UF',
  'remote connection failure': 'UF',
  'connection timeout': 'UF',
  'connection termination': 'UC',
  'local reset': 'LR',
  'local refused stream reset': 'LR',
  overflow: 'UO',
  'remote reset': 'UR',
  'remote refused stream reset': 'UR',
  'remote error with CONNECT request': 'UR',
  'protocol error': 'UPE',
  'overload manager reset': 'OM',
};

/** The reasons the proxy answers a request itself. */
export const LOCAL_REPLY_REASONS = [
  'no_route',
  'cluster_not_found',
  'no_healthy_upstream',
  'upstream_reset_before_headers',
  'upstream_request_timeout',
  'fault_abort',
  'rate_limited',
  'rbac_denied',
  'registry_only_blackhole',
  'request_header_too_large',
  'bad_request',
  'payload_too_large',
  'http10_not_accepted',
  'downstream_disconnect',
] as const;
export type LocalReplyReason = (typeof LOCAL_REPLY_REASONS)[number];

/** What the proxy knows when it answers; reasons with parameters carry them. */
export type LocalReplyCause =
  | {
      readonly reason: 'upstream_reset_before_headers';
      readonly resetReason: UpstreamResetReason;
      /** The transport's explanation, e.g. `delayed connect error: Connection refused`. */
      readonly transportFailureReason?: string;
      /** True when the router retried and this is the last attempt's failure. */
      readonly retried?: boolean;
    }
  | { readonly reason: 'fault_abort'; readonly status: number }
  | { readonly reason: 'rbac_denied'; readonly policyId?: string }
  | { readonly reason: 'bad_request'; readonly codecDetails?: string }
  | {
      readonly reason: Exclude<
        LocalReplyReason,
        'upstream_reset_before_headers' | 'fault_abort' | 'rbac_denied' | 'bad_request'
      >;
    };

/** Envoy's `StringUtil::replaceAllEmptySpace`: details must stay one access-log token. */
function oneToken(text: string): string {
  return text.replace(/\s/g, '_');
}

/** Envoy's connection-failure body prefix, shared by every reset before response headers. */
export const UPSTREAM_RESET_BODY_PREFIX = 'upstream connect error or disconnect/reset before headers. ';

function upstreamResetReply(
  cause: Extract<LocalReplyCause, { reason: 'upstream_reset_before_headers' }>,
): LocalReply {
  const tfr = cause.transportFailureReason ?? '';
  const body =
    UPSTREAM_RESET_BODY_PREFIX +
    (cause.retried === true ? 'retried and the latest ' : '') +
    `reset reason: ${cause.resetReason}` +
    (tfr === '' ? '' : `, transport failure reason: ${tfr}`);
  const details = oneToken(
    `upstream_reset_before_response_started{${cause.resetReason}${tfr === '' ? '' : `|${tfr}`}}`,
  );
  return {
    status: cause.resetReason === 'protocol error' ? 502 : 503,
    body,
    flags: [RESET_REASON_FLAG[cause.resetReason]],
    details,
  };
}

/** The one table of local replies. */
export function localReply(cause: LocalReplyCause): LocalReply {
  switch (cause.reason) {
    case 'no_route':
      return { status: 404, body: '', flags: ['NR'], details: 'route_not_found' };
    case 'cluster_not_found':
      return { status: 503, body: '', flags: ['NC'], details: 'cluster_not_found' };
    case 'no_healthy_upstream':
      return {
        status: 503,
        body: 'no healthy upstream',
        flags: ['UH'],
        details: 'no_healthy_upstream',
      };
    case 'upstream_reset_before_headers':
      return upstreamResetReply(cause);
    case 'upstream_request_timeout':
      return {
        status: 504,
        body: 'upstream request timeout',
        flags: ['UT'],
        details: 'response_timeout',
      };
    case 'fault_abort':
      return {
        status: cause.status,
        body: 'fault filter abort',
        flags: ['FI'],
        details: 'fault_filter_abort',
      };
    case 'rate_limited':
      return {
        status: 429,
        body: 'local_rate_limited',
        flags: ['RL'],
        details: 'local_rate_limited',
      };
    case 'rbac_denied':
      return {
        status: 403,
        body: 'RBAC: access denied',
        flags: [],
        details: oneToken(`rbac_access_denied_matched_policy[${cause.policyId ?? 'none'}]`),
      };
    case 'registry_only_blackhole':
      return { status: 502, body: '', flags: [], details: 'direct_response' };
    case 'request_header_too_large':
      return {
        status: 431,
        body: 'Request Header Fields Too Large',
        flags: ['DPE'],
        details: 'http1.headers_too_large',
      };
    case 'bad_request':
      return {
        status: 400,
        body: 'Bad Request',
        flags: ['DPE'],
        details: cause.codecDetails ?? 'http1.codec_error',
      };
    case 'payload_too_large':
      return {
        status: 413,
        body: 'Payload Too Large',
        flags: [],
        details: 'request_payload_too_large',
      };
    case 'http10_not_accepted':
      return { status: 426, body: 'Upgrade Required', flags: [], details: 'low_version' };
    case 'downstream_disconnect':
      return { status: 0, body: '', flags: ['DC'], details: 'downstream_remote_disconnect' };
  }
}

/** The reply recent Envoy versions give when the upstream refuses the connection (ECONNREFUSED). */
export const CONNECTION_REFUSED_REPLY: LocalReply = localReply({
  reason: 'upstream_reset_before_headers',
  resetReason: 'remote connection failure',
  transportFailureReason: 'delayed connect error: Connection refused',
});
