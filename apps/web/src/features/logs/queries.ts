/**
 * TanStack Query options of a workload's log lines (every pod's, merged by the server in time
 * order). Without follow, each fetch asks for the shared time range (`sinceTime` = now − duration)
 * and replaces the lines held; with follow, each poll asks only for the lines received since the
 * newest line's second and merges them into those held (`mergeEntries`).
 */
import type { LogEntryJson } from '@meshlens/mesh-core/api/logs';
import { podLogsSchema } from '@meshlens/mesh-core/api/logs';
import { queryOptions } from '@tanstack/react-query';
import { apiPath, fetchJson } from '../../api/http.ts';
import { mergeEntries } from './log-lines.ts';

/** A long follow keeps at most this many lines (the newest). */
export const MAX_HELD_LINES = 20_000;

export interface HeldLogs {
  readonly entries: readonly LogEntryJson[];
}

export interface WorkloadLogsTarget {
  readonly namespace: string;
  readonly workload: string;
  readonly durationSec: number;
}

export const logsKeys = {
  workload: (t: WorkloadLogsTarget) => ['logs', 'workload', t.namespace, t.workload, t.durationSec] as const,
};

const seg = encodeURIComponent;

async function fetchSince(t: WorkloadLogsTarget, sinceSec: number, signal: AbortSignal) {
  const path = apiPath(`/api/namespaces/${seg(t.namespace)}/workloads/${seg(t.workload)}/logs`, {
    sinceTime: Math.max(0, sinceSec),
  });
  return (await fetchJson(path, podLogsSchema, { signal })).entries;
}

export function workloadLogsQuery(t: WorkloadLogsTarget, options: { readonly follow: boolean }) {
  const key = logsKeys.workload(t);
  return queryOptions({
    queryKey: key,
    queryFn: async ({ signal, client }): Promise<HeldLogs> => {
      const held = options.follow ? client.getQueryData<HeldLogs>(key) : undefined;
      const newest = held?.entries.at(-1);
      if (held === undefined || newest === undefined) {
        const nowSec = Math.floor(Date.now() / 1000);
        return { entries: await fetchSince(t, nowSec - t.durationSec, signal) };
      }
      // The server's clock stamped the newest line, so asking from its second misses nothing the
      // browser's clock might skew past; the overlap is removed by the merge.
      const incoming = await fetchSince(t, Math.floor(newest.timestampUnix / 1000), signal);
      return { entries: mergeEntries(held.entries, incoming, MAX_HELD_LINES) };
    },
  });
}
