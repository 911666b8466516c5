/**
 * The time range a metrics query runs over, bounded to the namespace's lifetime as Kiali bounds
 * it (kiali handlers/metrics.go `extractBaseMetricsQueryParams`): a rate window reaching back
 * before the namespace existed is shortened to start at its creation, the range then starts no
 * earlier than one such window after the creation, and its start is rounded down to a multiple
 * of the step, so every point's window holds only the namespace's own traffic.
 */
import type { MetricsQuery } from './params.ts';

export interface MetricsRange {
  readonly startSec: number;
  readonly endSec: number;
  readonly stepSec: number;
  /** The rate window, shortened when the namespace is younger than asked for. */
  readonly rateIntervalSec: number;
}

export type MetricsRangeResult =
  | { readonly ok: true; readonly range: MetricsRange }
  | { readonly ok: false; readonly param: 'queryTime'; readonly message: string };

export function metricsRange(
  query: Pick<MetricsQuery, 'queryTimeSec' | 'durationSec' | 'stepSec' | 'rateIntervalSec'>,
  /** When the namespace came to exist, in unix seconds; unknown: no bound. */
  namespaceCreatedSec: number | undefined,
): MetricsRangeResult {
  const endSec = query.queryTimeSec;
  let startSec = endSec - query.durationSec;
  let rateIntervalSec = query.rateIntervalSec;
  if (namespaceCreatedSec !== undefined) {
    if (endSec - rateIntervalSec < namespaceCreatedSec) rateIntervalSec = endSec - namespaceCreatedSec;
    // Kiali would send a window of 0 s or less to Prometheus, which refuses it.
    if (rateIntervalSec < 1) {
      return {
        ok: false,
        param: 'queryTime',
        message: `after checks, query start time is after end time: the namespace did not exist before queryTime [${endSec}]`,
      };
    }
    startSec = Math.max(startSec, namespaceCreatedSec + rateIntervalSec);
  }
  startSec = Math.floor(startSec / query.stepSec) * query.stepSec;
  return { ok: true, range: { startSec, endSec, stepSec: query.stepSec, rateIntervalSec } };
}
