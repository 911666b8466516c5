/**
 * The Logs tab's lines: which are the proxy's, merging a follow poll's answer into the lines held,
 * and choosing the lines shown.
 *
 * Merging: a follow poll asks for the lines received since the newest line's second
 * (`sinceTime`), so its answer repeats lines already held. Each line is known by its pod,
 * container, stream, time and text; the poll adds, for each such key, only the copies beyond
 * those already held (a line printed twice in the same millisecond stays twice). The two
 * time-ordered lists are then merged (held first on ties, as they arrived), and only the newest
 * `maxHeld` are kept so that a long follow cannot grow without bound.
 */
import type { AccessLogJson, LogEntryJson } from '@meshlens/mesh-core/api/logs';
import { PROXY_CONTAINER } from '@meshlens/mesh-core/api/logs';

export const LINE_KINDS = ['app', 'proxy'] as const;
export type LineKind = (typeof LINE_KINDS)[number];

export function lineKind(entry: LogEntryJson): LineKind {
  return entry.container === PROXY_CONTAINER ? 'proxy' : 'app';
}

const keyOf = (e: LogEntryJson) =>
  [e.pod, e.container, e.stream, String(e.timestampUnix), e.message].join('\u0000');

/** The lines held plus a poll's new ones, in time order, at most `maxHeld` (the newest). */
export function mergeEntries(
  held: readonly LogEntryJson[],
  incoming: readonly LogEntryJson[],
  maxHeld: number,
): LogEntryJson[] {
  const heldCount = new Map<string, number>();
  for (const e of held) heldCount.set(keyOf(e), (heldCount.get(keyOf(e)) ?? 0) + 1);
  const fresh: LogEntryJson[] = [];
  for (const e of incoming) {
    const k = keyOf(e);
    const left = heldCount.get(k) ?? 0;
    if (left > 0) heldCount.set(k, left - 1);
    else fresh.push(e);
  }
  const byTime = (a: LogEntryJson, b: LogEntryJson) => a.timestampUnix - b.timestampUnix;
  fresh.sort(byTime);
  const out: LogEntryJson[] = [];
  let i = 0;
  let j = 0;
  while (i < held.length || j < fresh.length) {
    const a = held[i];
    const b = fresh[j];
    if (b === undefined || (a !== undefined && a.timestampUnix <= b.timestampUnix)) {
      if (a !== undefined) out.push(a);
      i++;
    } else {
      out.push(b);
      j++;
    }
  }
  return out.length > maxHeld ? out.slice(out.length - maxHeld) : out;
}

/** The pods that wrote the lines, sorted. */
export function podsOf(entries: readonly LogEntryJson[]): string[] {
  return [...new Set(entries.map((e) => e.pod))].sort();
}

export interface ShownOptions {
  /** One pod, or every pod when undefined. */
  readonly pod: string | undefined;
  readonly showApp: boolean;
  readonly showProxy: boolean;
  /** The last this many of those lines; all when undefined. */
  readonly tail: number | undefined;
}

/** The lines of the chosen pod and kinds, the newest `tail` of them. */
export function shownEntries(entries: readonly LogEntryJson[], o: ShownOptions): LogEntryJson[] {
  const kept = entries.filter((e) => {
    if (o.pod !== undefined && e.pod !== o.pod) return false;
    return lineKind(e) === 'proxy' ? o.showProxy : o.showApp;
  });
  return o.tail !== undefined && kept.length > o.tail ? kept.slice(kept.length - o.tail) : kept;
}

/** What an access-log line says in short: the request, its answer and where it went. */
export interface AccessSummary {
  /** `GET /reviews/0`, or the protocol for a TCP line. */
  readonly request: string;
  readonly status: string;
  /** `12 ms`. */
  readonly duration: string;
  /** The upstream cluster (`outbound|9080||reviews.default.svc.cluster.local`). */
  readonly upstream: string;
  /** Envoy's response flags (`UF`, `NR`…) when any. */
  readonly flags: string | undefined;
}

const given = (v: string) => (v === '-' || v === '' ? undefined : v);

export function accessSummary(a: AccessLogJson): AccessSummary {
  const method = given(a.method);
  const path = given(a.uri_path);
  const request =
    method === undefined ? (given(a.protocol) ?? 'TCP') : `${method}${path === undefined ? '' : ` ${path}`}`;
  return {
    request,
    status: given(a.status_code) ?? '-',
    duration: given(a.duration) === undefined ? '-' : `${a.duration} ms`,
    upstream: given(a.upstream_cluster) ?? given(a.upstream_service) ?? '-',
    flags: given(a.response_flags),
  };
}

/** The shown lines as text, one a line, for copying and downloading. */
export function linesAsText(entries: readonly LogEntryJson[]): string {
  return entries.map((e) => `${e.timestamp} ${e.pod} ${e.container} ${e.severity} ${e.message}\n`).join('');
}
