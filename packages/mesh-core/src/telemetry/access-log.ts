/**
 * Istio's default access-log line (`EnvoyTextLogFormat`, istio/istio
 * `pilot/pkg/model/telemetry_logging.go`, Istio 1.9 onwards), formatted from a plain record the
 * proxy fills in as the request completes.
 *
 * Envoy's rules that matter for byte-for-byte equality:
 * - A missing or empty value prints `-` (quoted fields print `"-"`).
 * - `%START_TIME%` defaults to `%Y-%m-%dT%H:%M:%E3SZ` in UTC, e.g. `2024-06-02T13:24:57.930Z`.
 * - `%RESPONSE_CODE%` is 0 when no response was sent; `%DURATION%` and the byte counts are integers.
 * - `%REQ(X-ENVOY-ORIGINAL-PATH?:PATH)%` prints the path before any rewrite when there was one.
 * - Each line ends with a newline.
 */
import type { ResponseFlag } from './response-flags.ts';
import { formatResponseFlags } from './response-flags.ts';

/** Istio's default text format, verbatim, for reference and for configuration dumps. */
export const ISTIO_DEFAULT_ACCESS_LOG_FORMAT =
  '[%START_TIME%] "%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%" ' +
  '%RESPONSE_CODE% %RESPONSE_FLAGS% %RESPONSE_CODE_DETAILS% %CONNECTION_TERMINATION_DETAILS% ' +
  '"%UPSTREAM_TRANSPORT_FAILURE_REASON%" %BYTES_RECEIVED% %BYTES_SENT% %DURATION% ' +
  '%RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)% "%REQ(X-FORWARDED-FOR)%" "%REQ(USER-AGENT)%" ' +
  '"%REQ(X-REQUEST-ID)%" "%REQ(:AUTHORITY)%" "%UPSTREAM_HOST%" %UPSTREAM_CLUSTER_RAW% ' +
  '%UPSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_REMOTE_ADDRESS% ' +
  '%REQUESTED_SERVER_NAME% %ROUTE_NAME%\n';

/** Everything one access-log line needs. Optional fields print `-` when absent. */
export interface AccessLogRecord {
  /** When the first downstream byte arrived, in milliseconds since the Unix epoch. */
  readonly startTimeMs: number;
  readonly method?: string;
  /** The request path as received (`:path`). */
  readonly path?: string;
  /** The path before a rewrite (`x-envoy-original-path`); printed instead of `path` when set. */
  readonly originalPath?: string;
  /** `HTTP/1.1`, `HTTP/2`, … */
  readonly protocol?: string;
  /** The status sent downstream; 0 when none was sent. */
  readonly responseCode: number;
  readonly responseFlags: readonly ResponseFlag[];
  readonly responseCodeDetails?: string;
  readonly connectionTerminationDetails?: string;
  readonly upstreamTransportFailureReason?: string;
  readonly bytesReceived: number;
  readonly bytesSent: number;
  readonly durationMs: number;
  /** The `x-envoy-upstream-service-time` response header, in milliseconds. */
  readonly upstreamServiceTimeMs?: number;
  readonly xForwardedFor?: string;
  readonly userAgent?: string;
  readonly requestId?: string;
  readonly authority?: string;
  /** `ip:port` of the upstream host. */
  readonly upstreamHost?: string;
  /** The upstream cluster name, e.g. `outbound|9080|v1|reviews.default.svc.cluster.local`. */
  readonly upstreamCluster?: string;
  readonly upstreamLocalAddress?: string;
  readonly downstreamLocalAddress?: string;
  readonly downstreamRemoteAddress?: string;
  readonly requestedServerName?: string;
  readonly routeName?: string;
}

const NONE = '-';

function text(value: string | undefined): string {
  return value === undefined || value === '' ? NONE : value;
}

function integer(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? NONE : String(Math.trunc(value));
}

/** Envoy's default `%START_TIME%`: UTC with millisecond precision and a `Z` suffix. */
export function formatStartTime(startTimeMs: number): string {
  return new Date(startTimeMs).toISOString();
}

/** One access-log line in Istio's default format, newline included. */
export function formatAccessLogLine(record: AccessLogRecord): string {
  const path = text(record.originalPath) === NONE ? text(record.path) : text(record.originalPath);
  const fields = [
    `[${formatStartTime(record.startTimeMs)}]`,
    `"${text(record.method)} ${path} ${text(record.protocol)}"`,
    integer(record.responseCode),
    formatResponseFlags(record.responseFlags),
    text(record.responseCodeDetails),
    text(record.connectionTerminationDetails),
    `"${text(record.upstreamTransportFailureReason)}"`,
    integer(record.bytesReceived),
    integer(record.bytesSent),
    integer(record.durationMs),
    integer(record.upstreamServiceTimeMs),
    `"${text(record.xForwardedFor)}"`,
    `"${text(record.userAgent)}"`,
    `"${text(record.requestId)}"`,
    `"${text(record.authority)}"`,
    `"${text(record.upstreamHost)}"`,
    text(record.upstreamCluster),
    text(record.upstreamLocalAddress),
    text(record.downstreamLocalAddress),
    text(record.downstreamRemoteAddress),
    text(record.requestedServerName),
    text(record.routeName),
  ];
  return `${fields.join(' ')}\n`;
}
