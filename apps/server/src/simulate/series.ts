/**
 * The simulated mesh's telemetry as each proxy would report it: per pod, the label sets of its
 * HTTP and TCP series, built by mesh-core's `buildRequestLabels`/`buildTcpLabels` (the functions
 * Meshlens' own sidecars use, so names, order and values are Istio's), with the rate each grows
 * at and the distributions its histograms fill.
 *
 * Reporters: the client's proxy reports an edge as `source` and the server's as `destination`;
 * a client without a sidecar reports nothing, an external host has no server proxy, and a
 * request that never reached a workload (UH, UO, NR) is reported by the client only, with an
 * `unknown` destination workload. Latencies and body sizes are log-normal: the share of
 * observations at or under a bucket bound is the log-normal CDF there.
 */
import type {
  HttpLabels,
  PeerMetadata,
  Reporter,
  ResponseFlag,
  TcpLabels,
} from '@meshlens/mesh-core/telemetry';
import {
  ENVOY_DEFAULT_BUCKETS,
  ISTIO_HTTP_LABELS,
  ISTIO_TCP_LABELS,
  buildRequestLabels,
  buildTcpLabels,
  parseResponseFlags,
} from '@meshlens/mesh-core/telemetry';
import type { Outcome, SimEdge, SimMesh, SimWorkload } from './topology.ts';
import { CLUSTER_ID } from './topology.ts';

/** A log-normal distribution as a histogram fills it. */
export interface Distribution {
  /** Share of observations ≤ each of `ENVOY_DEFAULT_BUCKETS`. */
  readonly cumulative: readonly number[];
  readonly mean: number;
}

export interface HttpSeries {
  /** `name="value",…` in Istio's order, escaped. */
  readonly labels: string;
  readonly requestsPerSec: number;
  readonly durationMs: Distribution;
  readonly requestBytes: Distribution;
  readonly responseBytes: Distribution;
}

export interface TcpSeries {
  readonly labels: string;
  readonly connectionsPerSec: number;
  readonly sentBytesPerSec: number;
  readonly receivedBytesPerSec: number;
}

/** What one proxy (one pod) reports. */
export interface PodSeries {
  readonly workload: SimWorkload;
  readonly http: readonly HttpSeries[];
  readonly tcp: readonly TcpSeries[];
}

/** Abramowitz-Stegun 7.1.26; |error| < 1.5e-7, plenty for bucket shares. */
function erf(x: number): number {
  const sign = x < 0 ? -1 : 1;
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-a * a);
  return sign * y;
}

export function logNormalDistribution(median: number, sigma: number): Distribution {
  const cumulative = ENVOY_DEFAULT_BUCKETS.map(
    (le) => 0.5 * (1 + erf((Math.log(le) - Math.log(median)) / (sigma * Math.SQRT2))),
  );
  return { cumulative, mean: median * Math.exp((sigma * sigma) / 2) };
}

const escape = (value: string): string =>
  value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

export function renderLabels(names: readonly string[], values: Readonly<Record<string, string>>): string {
  return names.map((n) => `${n}="${escape(values[n] ?? '')}"`).join(',');
}

function peer(w: SimWorkload | undefined): PeerMetadata | undefined {
  if (w === undefined) return undefined;
  return {
    name: w.pod,
    namespace: w.namespace,
    workloadName: w.name,
    clusterId: CLUSTER_ID,
    serviceAccount: w.serviceAccount,
    labels: w.labels,
  };
}

function flags(text: string): ResponseFlag[] {
  return parseResponseFlags(text).flags;
}

const REQUEST_BYTES = logNormalDistribution(320, 0.5);
const RESPONSE_BYTES = logNormalDistribution(1800, 0.9);

function httpLabels(edge: SimEdge, outcome: Outcome, reporter: Reporter): HttpLabels {
  const reached = outcome.destinationFlags !== undefined;
  return buildRequestLabels({
    reporter,
    source: peer(edge.source),
    destination: reached ? peer(edge.destination) : undefined,
    destinationService: edge.destinationService,
    responseFlags: flags((reporter === 'source' ? outcome.sourceFlags : outcome.destinationFlags) ?? '-'),
    mtls: edge.mtls,
    requestProtocol: 'http',
    responseCode: outcome.code,
  });
}

function tcpLabels(edge: SimEdge, reporter: Reporter): TcpLabels {
  return buildTcpLabels({
    reporter,
    source: peer(edge.source),
    destination: peer(edge.destination),
    destinationService: edge.destinationService,
    responseFlags: [],
    mtls: edge.mtls,
  });
}

/** Every pod's series, in workload order; pods that report nothing are left out. */
export function meshSeries(mesh: SimMesh): PodSeries[] {
  // Keyed by label set: a proxy counts requests with equal labels in one series (a client's
  // 503 UH to each version of a service all read `destination_workload="unknown"`).
  type Sets<T> = Map<string, T>;
  const byPod = new Map<string, { http: Sets<HttpSeries>; tcp: Sets<TcpSeries> }>();
  const add = <T extends { readonly labels: string }>(
    sets: Sets<T>,
    series: T,
    merge: (a: T, b: T) => T,
  ): void => {
    const known = sets.get(series.labels);
    sets.set(series.labels, known === undefined ? series : merge(known, series));
  };
  const mergeHttp = (a: HttpSeries, b: HttpSeries): HttpSeries => ({
    ...a,
    requestsPerSec: a.requestsPerSec + b.requestsPerSec,
  });
  const mergeTcp = (a: TcpSeries, b: TcpSeries): TcpSeries => ({
    ...a,
    connectionsPerSec: a.connectionsPerSec + b.connectionsPerSec,
    sentBytesPerSec: a.sentBytesPerSec + b.sentBytesPerSec,
    receivedBytesPerSec: a.receivedBytesPerSec + b.receivedBytesPerSec,
  });
  const of = (w: SimWorkload): { http: Sets<HttpSeries>; tcp: Sets<TcpSeries> } => {
    const key = `${w.namespace}/${w.pod}`;
    let entry = byPod.get(key);
    if (entry === undefined) {
      entry = { http: new Map(), tcp: new Map() };
      byPod.set(key, entry);
    }
    return entry;
  };
  for (const edge of mesh.edges) {
    if (edge.protocol === 'tcp') {
      const series = (reporter: Reporter): TcpSeries => ({
        labels: renderLabels(ISTIO_TCP_LABELS, tcpLabels(edge, reporter)),
        connectionsPerSec: edge.rate,
        sentBytesPerSec: Math.round(edge.rate * 24_000),
        receivedBytesPerSec: Math.round(edge.rate * 3_500),
      });
      if (edge.source !== undefined) add(of(edge.source).tcp, series('source'), mergeTcp);
      if (edge.destination !== undefined) add(of(edge.destination).tcp, series('destination'), mergeTcp);
      continue;
    }
    for (const outcome of edge.outcomes) {
      const series = (reporter: Reporter): HttpSeries => ({
        labels: renderLabels(ISTIO_HTTP_LABELS, httpLabels(edge, outcome, reporter)),
        requestsPerSec: edge.rate * outcome.share,
        durationMs: logNormalDistribution(outcome.medianMs, 0.7),
        requestBytes: REQUEST_BYTES,
        responseBytes: outcome.code === 200 ? RESPONSE_BYTES : logNormalDistribution(120, 0.3),
      });
      if (edge.source !== undefined && outcome.sourceFlags !== undefined)
        add(of(edge.source).http, series('source'), mergeHttp);
      if (edge.destination !== undefined && outcome.destinationFlags !== undefined)
        add(of(edge.destination).http, series('destination'), mergeHttp);
    }
  }
  return mesh.workloads.flatMap((workload) => {
    const entry = byPod.get(`${workload.namespace}/${workload.pod}`);
    return entry === undefined
      ? []
      : [{ workload, http: [...entry.http.values()], tcp: [...entry.tcp.values()] }];
  });
}
