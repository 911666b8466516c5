/**
 * Workload logs on the wire: Kiali's pod logs (`GET /api/namespaces/{namespace}/pods/{pod}/logs`,
 * `{entries: [{message, severity, timestamp, timestampUnix, accessLog?}], linesTruncated?}`, the
 * access-log fields as Kiali's engarde parser names them) and Meshlens' workload logs, which merge
 * the lines of a workload's pods. Each entry also names its pod, container and stream.
 */
import { z } from 'zod';
import type { AccessLogFields } from '../telemetry/access-log-parse.ts';
import { parseAccessLogFields } from '../telemetry/access-log-parse.ts';
import type { ApiEndpoint, ApiParam } from './endpoint.ts';

/** The container name of every pod's proxy, as Istio injects it. */
export const PROXY_CONTAINER = 'istio-proxy';

/** Kiali's severities: `INFO` unless the line mentions one of the others. */
export const LOG_SEVERITIES = ['INFO', 'WARN', 'ERROR', 'DEBUG', 'TRACE'] as const;
export type LogSeverity = (typeof LOG_SEVERITIES)[number];

/** Kiali's `logType`; Meshlens runs no ambient mode, so only `app` and `proxy` are served. */
export const LOG_TYPES = ['app', 'proxy', 'ztunnel', 'waypoint'] as const;
export const SERVED_LOG_TYPES = ['app', 'proxy'] as const;

export const LOG_STREAMS = ['stdout', 'stderr'] as const;

/** Kiali's `AccessLog` (engarde's field names); every value is the text the proxy printed. */
export const accessLogSchema = z.object({
  authority: z.string(),
  bytes_received: z.string(),
  bytes_sent: z.string(),
  downstream_local: z.string(),
  downstream_remote: z.string(),
  duration: z.string(),
  forwarded_for: z.string(),
  method: z.string(),
  protocol: z.string(),
  request_id: z.string(),
  requested_server: z.string(),
  response_flags: z.string(),
  route_name: z.string(),
  status_code: z.string(),
  tcp_service_time: z.string(),
  timestamp: z.string(),
  upstream_cluster: z.string(),
  upstream_failure_reason: z.string(),
  upstream_local: z.string(),
  upstream_service: z.string(),
  upstream_service_time: z.string(),
  uri_param: z.string(),
  uri_path: z.string(),
  user_agent: z.string(),
  /** Meshlens: `%RESPONSE_CODE_DETAILS%`, which Kiali's parser does not read. */
  response_code_details: z.string(),
});
export type AccessLogJson = z.infer<typeof accessLogSchema>;

export const logEntrySchema = z.object({
  message: z.string(),
  severity: z.enum(LOG_SEVERITIES),
  /** `2006-01-02 15:04:05.000`, UTC, as Kiali prints it. */
  timestamp: z.string(),
  /** Milliseconds since the epoch (Kiali's `UnixMilli`): the access log's start time when there is one. */
  timestampUnix: z.number().int(),
  accessLog: accessLogSchema.optional(),
  pod: z.string(),
  container: z.string(),
  stream: z.enum(LOG_STREAMS),
});
export type LogEntryJson = z.infer<typeof logEntrySchema>;

export const podLogsSchema = z.object({
  entries: z.array(logEntrySchema),
  /** Present (true) when more lines matched than `maxLines`. */
  linesTruncated: z.boolean().optional(),
});
export type PodLogsJson = z.infer<typeof podLogsSchema>;

/** The path and query of `?uri` split as engarde splits it (path, then `?query` as the param). */
function splitUri(path: string): { uri_path: string; uri_param: string } {
  const q = path.indexOf('?');
  return q < 0
    ? { uri_path: path, uri_param: '-' }
    : { uri_path: path.slice(0, q), uri_param: path.slice(q) };
}

/** Kiali's `accessLog` of an access-log line's fields. */
export function accessLogJsonOf(f: AccessLogFields): AccessLogJson {
  return {
    authority: f.authority,
    bytes_received: f.bytesReceived,
    bytes_sent: f.bytesSent,
    downstream_local: f.downstreamLocalAddress,
    downstream_remote: f.downstreamRemoteAddress,
    duration: f.duration,
    forwarded_for: f.xForwardedFor,
    method: f.method,
    protocol: f.protocol,
    request_id: f.requestId,
    requested_server: f.requestedServerName,
    response_flags: f.responseFlags,
    route_name: f.routeName,
    status_code: f.responseCode,
    // Envoy's TCP proxy lines print `-` here in Istio's format; there is no separate field.
    tcp_service_time: '-',
    timestamp: f.startTime,
    upstream_cluster: f.upstreamCluster,
    upstream_failure_reason: f.upstreamTransportFailureReason,
    upstream_local: f.upstreamLocalAddress,
    upstream_service: f.upstreamHost,
    upstream_service_time: f.upstreamServiceTime,
    ...splitUri(f.path),
    user_agent: f.userAgent,
    response_code_details: f.responseCodeDetails,
  };
}

/** Kiali's `accessLog` of a proxy stdout line, or undefined when the line is not an access-log line. */
export function parseAccessLogJson(line: string): AccessLogJson | undefined {
  const fields = parseAccessLogFields(line);
  return fields === undefined ? undefined : accessLogJsonOf(fields);
}

const logsParams: readonly ApiParam[] = [
  {
    name: 'container',
    in: 'query',
    description: `One container: the app's container name or \`${PROXY_CONTAINER}\` (default: every container, merged)`,
  },
  {
    name: 'sinceTime',
    in: 'query',
    description: 'Unix seconds: only lines received at or after it',
    schema: z.string().regex(/^\d+$/),
  },
  {
    name: 'duration',
    in: 'query',
    description:
      'A Go duration (`30s`, `1h30m`): only lines received within it of `sinceTime` (or of the first line)',
  },
  {
    name: 'maxLines',
    in: 'query',
    description:
      'At most this many entries, the earliest first, as Kiali does; `linesTruncated` says more matched',
    schema: z.string().regex(/^[1-9]\d*$/),
  },
  {
    name: 'logType',
    in: 'query',
    description: 'Kiali’s log type; `app` or `proxy` (no ambient mode, so no `ztunnel` or `waypoint`)',
    schema: z.enum(SERVED_LOG_TYPES),
  },
  {
    name: 'query',
    in: 'query',
    description:
      'Only lines containing this text (case-sensitive), or matching it as an RE2 regex when `regex=true`',
  },
  {
    name: 'regex',
    in: 'query',
    description: '`true`: `query` is an RE2 regex',
    schema: z.enum(['true', 'false']),
  },
  {
    name: 'severity',
    in: 'query',
    description: `Comma-separated severities to keep (${LOG_SEVERITIES.join(', ')})`,
  },
];

const logsErrors = [
  { status: 400, description: 'A parameter is invalid; `param` names it' },
  { status: 404, description: 'The namespace, pod or workload does not exist; the message names it' },
] as const;

export const logsEndpoints: readonly ApiEndpoint[] = [
  {
    method: 'get',
    path: '/api/namespaces/{namespace}/pods/{pod}/logs',
    tag: 'logs',
    summary: 'A pod’s recent log lines (Kiali’s pod logs)',
    description:
      'The last lines each container wrote (the platform keeps 500 per stream), in time order. The proxy’s ' +
      'access-log lines carry `accessLog` and their start time.',
    params: [
      { name: 'namespace', in: 'path', description: 'The pod’s namespace', required: true },
      { name: 'pod', in: 'path', description: 'The pod (`<workload>-<replica>`)', required: true },
      ...logsParams,
    ],
    responses: [{ status: 200, description: 'The matching lines', schema: podLogsSchema }, ...logsErrors],
  },
  {
    method: 'get',
    path: '/api/namespaces/{namespace}/workloads/{workload}/logs',
    tag: 'logs',
    summary: 'The log lines of every pod of a workload, merged in time order (Meshlens)',
    params: [
      { name: 'namespace', in: 'path', description: 'The workload’s namespace', required: true },
      { name: 'workload', in: 'path', description: 'The workload (Deployment) name', required: true },
      ...logsParams,
    ],
    responses: [{ status: 200, description: 'The matching lines', schema: podLogsSchema }, ...logsErrors],
  },
];
