/**
 * The logs use case: a pod's lines (Kiali's pod logs) or a workload's pods' lines merged, as
 * Kiali's entries.
 *
 * For each container asked for, every line of its stdout and stderr becomes an entry: its message
 * (trimmed; empty lines are dropped, as Kiali drops them), Kiali's severity (`INFO` unless the line
 * mentions ERROR, WARN, DEBUG or TRACE, case-insensitively), and its time — the access log's start
 * time for a proxy's access-log line (which also gets `accessLog`), else when the line arrived.
 * Then, as Kiali does: lines received before `sinceTime` are left out; with a `duration`, so are
 * lines received after `sinceTime + duration` (or the first line's time + duration). Then the
 * text or regex filter and the severities; entries sort by time (ties: as they arrived), and the
 * first `maxLines` are kept, `linesTruncated` saying more matched.
 */
import type { LogEntryJson, LogSeverity, PodLogsJson } from '@meshlens/mesh-core/api/logs';
import { parseAccessLogJson } from '@meshlens/mesh-core/api/logs';
import { ConsoleError } from '../errors.ts';
import type { PodLogSource, WorkloadLogSource } from '../inventory/log-source.ts';

export interface LogsRequest {
  /** One container; every container of the pods when absent. */
  readonly container?: string;
  /** Unix seconds: lines received before it are left out. */
  readonly sinceTimeSec?: number;
  readonly durationMs?: number;
  readonly maxLines?: number;
  /** Keeps the lines whose message it accepts (the `query` filter). */
  readonly matches?: (message: string) => boolean;
  /** Keeps only these severities. */
  readonly severities?: ReadonlySet<LogSeverity>;
}

export interface LogsService {
  podLogs(namespace: string, pod: string, request: LogsRequest): Promise<PodLogsJson>;
  workloadLogs(namespace: string, workload: string, request: LogsRequest): Promise<PodLogsJson>;
}

export interface LogsServiceDeps {
  readonly source: WorkloadLogSource;
}

const SEVERITY = /ERROR|WARN|DEBUG|TRACE/i;

export function severityOf(line: string): LogSeverity {
  const found = SEVERITY.exec(line)?.[0]?.toUpperCase();
  return found === 'ERROR' || found === 'WARN' || found === 'DEBUG' || found === 'TRACE' ? found : 'INFO';
}

/** Kiali's entry time: `2006-01-02 15:04:05.000`, UTC. */
export function kialiTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 23);
}

interface Candidate {
  readonly entry: LogEntryJson;
  readonly receivedMs: number;
}

function candidates(pods: readonly PodLogSource[], container: string | undefined): Candidate[] {
  const out: Candidate[] = [];
  for (const pod of pods) {
    for (const c of pod.containers) {
      if (container !== undefined && c.name !== container) continue;
      for (const line of c.lines()) {
        const message = line.text.trim();
        if (message === '') continue;
        const accessLog = c.proxy && line.stream === 'stdout' ? parseAccessLogJson(message) : undefined;
        const started = accessLog === undefined ? Number.NaN : Date.parse(accessLog.timestamp);
        const timeMs = Math.floor(Number.isFinite(started) ? started : line.receivedMs);
        out.push({
          receivedMs: line.receivedMs,
          entry: {
            message,
            severity: severityOf(message),
            timestamp: kialiTimestamp(timeMs),
            timestampUnix: timeMs,
            ...(accessLog === undefined ? {} : { accessLog }),
            pod: pod.pod,
            container: c.name,
            stream: line.stream,
          },
        });
      }
    }
  }
  return out;
}

/** Kiali's time window, on the times lines arrived. */
function inWindow(all: readonly Candidate[], request: LogsRequest): Candidate[] {
  const sinceMs = request.sinceTimeSec === undefined ? undefined : request.sinceTimeSec * 1000;
  const after = sinceMs === undefined ? [...all] : all.filter((c) => c.receivedMs >= sinceMs);
  if (request.durationMs === undefined || after.length === 0) return after;
  const startMs = sinceMs ?? after.reduce((min, c) => Math.min(min, c.receivedMs), Infinity);
  const endMs = startMs + request.durationMs;
  return after.filter((c) => c.receivedMs <= endMs);
}

export function selectEntries(pods: readonly PodLogSource[], request: LogsRequest): PodLogsJson {
  const { matches, severities } = request;
  const kept = inWindow(candidates(pods, request.container), request)
    .filter((c) => matches === undefined || matches(c.entry.message))
    .filter((c) => severities === undefined || severities.has(c.entry.severity))
    .sort((a, b) => a.entry.timestampUnix - b.entry.timestampUnix || a.receivedMs - b.receivedMs);
  const max = request.maxLines;
  if (max !== undefined && kept.length > max) {
    return { entries: kept.slice(0, max).map((c) => c.entry), linesTruncated: true };
  }
  return { entries: kept.map((c) => c.entry) };
}

function checkContainer(pods: readonly PodLogSource[], container: string | undefined, of: string): void {
  if (container === undefined || pods.length === 0) return;
  const names = [...new Set(pods.flatMap((p) => p.containers.map((c) => c.name)))];
  if (names.includes(container)) return;
  throw new ConsoleError(
    'input',
    `container [${container}] is not valid for ${of}: choose one of [${names.join(', ')}]`,
    { param: 'container' },
  );
}

export function createLogsService(deps: LogsServiceDeps): LogsService {
  const { source } = deps;
  async function checkNamespace(namespace: string): Promise<void> {
    if (!(await source.namespaces()).includes(namespace)) {
      throw new ConsoleError('not-found', `Namespace [${namespace}] does not exist.`);
    }
  }
  return {
    async podLogs(namespace, pod, request) {
      await checkNamespace(namespace);
      const found = source.pods(namespace).filter((p) => p.pod === pod);
      if (found.length === 0) {
        throw new ConsoleError('not-found', `Pod [${pod}] does not exist in namespace [${namespace}].`);
      }
      checkContainer(found, request.container, `pod [${pod}]`);
      return selectEntries(found, request);
    },
    async workloadLogs(namespace, workload, request) {
      await checkNamespace(namespace);
      if (!(await source.workloads(namespace)).includes(workload)) {
        throw new ConsoleError(
          'not-found',
          `Workload [${workload}] does not exist in namespace [${namespace}].`,
        );
      }
      const pods = source.pods(namespace).filter((p) => p.workload === workload);
      checkContainer(pods, request.container, `workload [${workload}]`);
      return selectEntries(pods, request);
    },
  };
}
