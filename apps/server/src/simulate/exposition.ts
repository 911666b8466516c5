/**
 * Prometheus text exposition of simulated pods at a moment: every counter is its rate times the
 * seconds since the simulation started (floored to a whole count, as Envoy's counters are), so
 * `rate()` over any window gives back the rate; a histogram's bucket holds the floored share of
 * the count at or under its bound, and its sum the count times the distribution's mean. Values
 * only grow, so Prometheus never sees a counter reset.
 *
 * Families come one at a time, each with its HELP and TYPE, and within a family pod after pod, so
 * the text of many pods is still one group per metric as the format requires. Chunks are yielded
 * per family and pod, for the server to stream.
 */
import type { IstioMetricDefinition } from '@meshlens/mesh-core/telemetry';
import {
  ENVOY_DEFAULT_BUCKETS,
  ISTIO_REQUESTS_TOTAL,
  ISTIO_REQUEST_BYTES,
  ISTIO_REQUEST_DURATION_MILLISECONDS,
  ISTIO_RESPONSE_BYTES,
  ISTIO_TCP_CONNECTIONS_CLOSED_TOTAL,
  ISTIO_TCP_CONNECTIONS_OPENED_TOTAL,
  ISTIO_TCP_RECEIVED_BYTES_TOTAL,
  ISTIO_TCP_SENT_BYTES_TOTAL,
} from '@meshlens/mesh-core/telemetry';
import type { Distribution, HttpSeries, PodSeries, TcpSeries } from './series.ts';

const BUCKET_BOUNDS = [...ENVOY_DEFAULT_BUCKETS.map(String), '+Inf'];

const header = (m: IstioMetricDefinition): string =>
  `# HELP ${m.name} ${m.help}\n# TYPE ${m.name} ${m.type}\n`;

const countAt = (perSec: number, elapsedSec: number): number => Math.floor(perSec * elapsedSec);

function counterLines<T extends { readonly labels: string }>(
  name: string,
  series: readonly T[],
  value: (s: T) => number,
): string {
  let out = '';
  for (const s of series) out += `${name}{${s.labels}} ${value(s)}\n`;
  return out;
}

function histogramLines(options: {
  name: string;
  series: readonly HttpSeries[];
  distribution: (s: HttpSeries) => Distribution;
  elapsedSec: number;
}): string {
  const { name, elapsedSec } = options;
  let out = '';
  for (const s of options.series) {
    const count = countAt(s.requestsPerSec, elapsedSec);
    const d = options.distribution(s);
    for (let b = 0; b < BUCKET_BOUNDS.length; b++) {
      const share = d.cumulative[b] ?? 1;
      out += `${name}_bucket{${s.labels},le="${BUCKET_BOUNDS[b] ?? '+Inf'}"} ${Math.floor(count * share)}\n`;
    }
    out += `${name}_sum{${s.labels}} ${Math.round(count * d.mean * 1000) / 1000}\n`;
    out += `${name}_count{${s.labels}} ${count}\n`;
  }
  return out;
}

type Family = (pod: PodSeries, elapsedSec: number) => string;

const HISTOGRAMS = [
  [ISTIO_REQUEST_DURATION_MILLISECONDS, (s: HttpSeries) => s.durationMs],
  [ISTIO_REQUEST_BYTES, (s: HttpSeries) => s.requestBytes],
  [ISTIO_RESPONSE_BYTES, (s: HttpSeries) => s.responseBytes],
] as const;

const TCP_COUNTERS: ReadonlyArray<
  readonly [IstioMetricDefinition, (s: TcpSeries, elapsedSec: number) => number]
> = [
  [ISTIO_TCP_SENT_BYTES_TOTAL, (s, t) => countAt(s.sentBytesPerSec, t)],
  [ISTIO_TCP_RECEIVED_BYTES_TOTAL, (s, t) => countAt(s.receivedBytesPerSec, t)],
  [ISTIO_TCP_CONNECTIONS_OPENED_TOTAL, (s, t) => countAt(s.connectionsPerSec, t)],
  // Connections last about a second: closed trails opened.
  [ISTIO_TCP_CONNECTIONS_CLOSED_TOTAL, (s, t) => countAt(s.connectionsPerSec, Math.max(0, t - 1))],
];

const FAMILIES: ReadonlyArray<readonly [IstioMetricDefinition, Family, 'http' | 'tcp']> = [
  [
    ISTIO_REQUESTS_TOTAL,
    (pod, t) => counterLines(ISTIO_REQUESTS_TOTAL.name, pod.http, (s) => countAt(s.requestsPerSec, t)),
    'http',
  ],
  ...HISTOGRAMS.map(
    ([metric, distribution]) =>
      [
        metric,
        (pod: PodSeries, elapsedSec: number) =>
          histogramLines({ name: metric.name, series: pod.http, distribution, elapsedSec }),
        'http',
      ] as const,
  ),
  ...TCP_COUNTERS.map(
    ([metric, value]) =>
      [
        metric,
        (pod: PodSeries, t: number) => counterLines(metric.name, pod.tcp, (s) => value(s, t)),
        'tcp',
      ] as const,
  ),
];

/** The exposition of `pods` at `elapsedSec` after the start, in chunks. */
export function* exposition(pods: readonly PodSeries[], elapsedSec: number): Generator<string> {
  for (const [metric, render, protocol] of FAMILIES) {
    const reporting = pods.filter((p) => (protocol === 'http' ? p.http.length : p.tcp.length) > 0);
    if (reporting.length === 0) continue;
    yield header(metric);
    for (const pod of reporting) yield render(pod, elapsedSec);
  }
}

export function expositionText(pods: readonly PodSeries[], elapsedSec: number): string {
  return [...exposition(pods, elapsedSec)].join('');
}
