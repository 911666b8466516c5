/**
 * Reading Istio's default access-log line (`ISTIO_DEFAULT_ACCESS_LOG_FORMAT`, written by
 * `formatAccessLogLine`) back into its fields: the inverse of the formatter, for the console's logs
 * view.
 *
 * The line is a sequence of 22 space-separated fields; seven of them (the request line, the upstream
 * transport failure reason, x-forwarded-for, user-agent, request id, authority and upstream host)
 * are double-quoted and may hold spaces. The scanner walks the line once, left to right: a quoted
 * field runs to the next `"` followed by a space or the end of the line (Envoy prints quotes inside
 * values unescaped, so a quote inside a value is only taken as one when no space follows it), a
 * plain field to the next space. The
 * request line splits at its first and last space, so a path never loses a piece. Anything that
 * does not fit (too few fields, no `[time]`, a non-numeric status) is not an access-log line: the
 * proxy's other output on stdout stays a plain message.
 */
import type { AccessLogRecord } from './access-log.ts';
import type { ResponseFlag } from './response-flags.ts';
import { isResponseFlag } from './response-flags.ts';

/** Every field of the line as printed (`-` where Envoy had no value). */
export interface AccessLogFields {
  /** `%START_TIME%` without its brackets, e.g. `2024-06-02T13:24:57.930Z`. */
  readonly startTime: string;
  readonly method: string;
  /** The original path (before a rewrite) when there was one, else `:path`. */
  readonly path: string;
  readonly protocol: string;
  readonly responseCode: string;
  readonly responseFlags: string;
  readonly responseCodeDetails: string;
  readonly connectionTerminationDetails: string;
  readonly upstreamTransportFailureReason: string;
  readonly bytesReceived: string;
  readonly bytesSent: string;
  readonly duration: string;
  readonly upstreamServiceTime: string;
  readonly xForwardedFor: string;
  readonly userAgent: string;
  readonly requestId: string;
  readonly authority: string;
  readonly upstreamHost: string;
  readonly upstreamCluster: string;
  readonly upstreamLocalAddress: string;
  readonly downstreamLocalAddress: string;
  readonly downstreamRemoteAddress: string;
  readonly requestedServerName: string;
  readonly routeName: string;
}

/** The fields after the start time and the request line, in line order, and whether each is quoted. */
const TAIL: readonly (readonly [keyof AccessLogFields, boolean])[] = [
  ['responseCode', false],
  ['responseFlags', false],
  ['responseCodeDetails', false],
  ['connectionTerminationDetails', false],
  ['upstreamTransportFailureReason', true],
  ['bytesReceived', false],
  ['bytesSent', false],
  ['duration', false],
  ['upstreamServiceTime', false],
  ['xForwardedFor', true],
  ['userAgent', true],
  ['requestId', true],
  ['authority', true],
  ['upstreamHost', true],
  ['upstreamCluster', false],
  ['upstreamLocalAddress', false],
  ['downstreamLocalAddress', false],
  ['downstreamRemoteAddress', false],
  ['requestedServerName', false],
  ['routeName', false],
];

/** A field and where the scan goes on, or undefined when the line does not have one there. */
type Scan = { readonly value: string; readonly next: number } | undefined;

function plain(line: string, at: number): Scan {
  if (at >= line.length || line[at] === ' ') return undefined;
  const end = line.indexOf(' ', at);
  return end < 0
    ? { value: line.slice(at), next: line.length }
    : { value: line.slice(at, end), next: end + 1 };
}

function quoted(line: string, at: number): Scan {
  if (line[at] !== '"') return undefined;
  let end = line.indexOf('"', at + 1);
  // A quote inside the value (Envoy does not escape them) is one not followed by a space or the end.
  while (end >= 0 && end + 1 < line.length && line[end + 1] !== ' ') end = line.indexOf('"', end + 1);
  if (end < 0) return undefined;
  return { value: line.slice(at + 1, end), next: Math.min(end + 2, line.length) };
}

const START = /^\[(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z)\] /;

/** The fields of one access-log line (a trailing newline is ignored), or undefined if it is not one. */
export function parseAccessLogFields(text: string): AccessLogFields | undefined {
  const line = text.endsWith('\n') ? text.slice(0, -1) : text;
  const start = START.exec(line);
  if (!start?.[1]) return undefined;
  const request = quoted(line, start[0].length);
  if (!request) return undefined;
  const first = request.value.indexOf(' ');
  const last = request.value.lastIndexOf(' ');
  if (first < 0 || last === first) return undefined;
  const out: Record<string, string> = {
    startTime: start[1],
    method: request.value.slice(0, first),
    path: request.value.slice(first + 1, last),
    protocol: request.value.slice(last + 1),
  };
  let at = request.next;
  for (const [name, isQuoted] of TAIL) {
    const field = isQuoted ? quoted(line, at) : plain(line, at);
    if (!field) return undefined;
    out[name] = field.value;
    at = field.next;
  }
  if (at < line.length || !/^\d+$/.test(out.responseCode ?? '')) return undefined;
  // Every key of AccessLogFields was set above: the start, the request line's three and TAIL's.
  return out as unknown as AccessLogFields;
}

const NONE = '-';

function text(value: string): string | undefined {
  return value === NONE ? undefined : value;
}

function integer(value: string): number | undefined {
  return /^\d+$/.test(value) ? Number(value) : undefined;
}

/** The flags of `%RESPONSE_FLAGS%` (`UF,URX`), leaving out codes this Envoy version does not know. */
export function parseResponseFlags(value: string): ResponseFlag[] {
  if (value === NONE) return [];
  return value.split(',').filter(isResponseFlag);
}

/**
 * One access-log line as the record it was formatted from (`formatAccessLogLine`), or undefined if
 * it is not one. A rewritten request prints only its original path; it comes back as `path`.
 */
export function parseAccessLogLine(line: string): AccessLogRecord | undefined {
  const f = parseAccessLogFields(line);
  if (!f) return undefined;
  const startTimeMs = Date.parse(f.startTime);
  if (!Number.isFinite(startTimeMs)) return undefined;
  const record: Record<string, unknown> = {
    startTimeMs,
    method: text(f.method),
    path: text(f.path),
    protocol: text(f.protocol),
    responseCode: Number(f.responseCode),
    responseFlags: parseResponseFlags(f.responseFlags),
    responseCodeDetails: text(f.responseCodeDetails),
    connectionTerminationDetails: text(f.connectionTerminationDetails),
    upstreamTransportFailureReason: text(f.upstreamTransportFailureReason),
    bytesReceived: integer(f.bytesReceived) ?? 0,
    bytesSent: integer(f.bytesSent) ?? 0,
    durationMs: integer(f.duration) ?? 0,
    upstreamServiceTimeMs: integer(f.upstreamServiceTime),
    xForwardedFor: text(f.xForwardedFor),
    userAgent: text(f.userAgent),
    requestId: text(f.requestId),
    authority: text(f.authority),
    upstreamHost: text(f.upstreamHost),
    upstreamCluster: text(f.upstreamCluster),
    upstreamLocalAddress: text(f.upstreamLocalAddress),
    downstreamLocalAddress: text(f.downstreamLocalAddress),
    downstreamRemoteAddress: text(f.downstreamRemoteAddress),
    requestedServerName: text(f.requestedServerName),
    routeName: text(f.routeName),
  };
  // Built field by field from AccessLogRecord's keys above; absent optional fields are left out.
  return Object.fromEntries(
    Object.entries(record).filter(([, v]) => v !== undefined),
  ) as unknown as AccessLogRecord;
}
