/**
 * A metrics endpoint with known series for the contract suite, standing in for a sidecar's
 * `/stats/prometheus`: Istio's request counter and duration histogram for a few Bookinfo edges,
 * each growing at a fixed rate from the moment the exporter starts (value = rate × seconds since
 * start, computed at scrape time), so `rate()` over any window is that rate. Every request of an
 * edge lasts `durationMs`, so each histogram's observations fall in one bucket and its quantiles
 * are known exactly. A gauge carries the special values NaN, +Inf and -Inf.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FixtureTraffic {
  readonly labels: Readonly<Record<string, string>>;
  readonly requestsPerSecond: number;
  readonly durationMs: number;
}

/** Istio's default buckets for istio_request_duration_milliseconds. */
export const DURATION_BUCKETS_MS = [
  0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000,
  3600000,
] as const;

function edge(
  source: string,
  destination: string,
  responseCode: string,
  requestsPerSecond: number,
  durationMs: number,
): FixtureTraffic {
  const app = (workload: string): string => workload.replace(/-v\d+$/, '');
  const version = (workload: string): string => /-(v\d+)$/.exec(workload)?.[1] ?? 'unknown';
  return {
    labels: {
      reporter: 'source',
      source_workload: source,
      source_workload_namespace: 'default',
      source_app: app(source),
      source_version: version(source),
      destination_workload: destination,
      destination_workload_namespace: 'default',
      destination_app: app(destination),
      destination_version: version(destination),
      destination_service: `${app(destination)}.default.svc.cluster.local`,
      destination_service_name: app(destination),
      destination_service_namespace: 'default',
      request_protocol: 'http',
      response_code: responseCode,
      response_flags: '-',
      connection_security_policy: 'unknown',
    },
    requestsPerSecond,
    durationMs,
  };
}

/** productpage calls reviews-v2 (mostly 200, some 500) and details-v1. */
export const BOOKINFO_TRAFFIC: readonly FixtureTraffic[] = [
  edge('productpage-v1', 'reviews-v2', '200', 4, 30),
  edge('productpage-v1', 'reviews-v2', '500', 1, 30),
  edge('productpage-v1', 'details-v1', '200', 2, 3),
];

/** The special values of `meshlens_fixture_special{value=…}`. */
export const SPECIAL_VALUES = { nan: 'NaN', inf: '+Inf', neg_inf: '-Inf' } as const;

function labelText(labels: Readonly<Record<string, string>>): string {
  const pairs = Object.entries(labels).map(
    ([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`,
  );
  return `{${pairs.join(',')}}`;
}

/** The exposition text at `elapsedSeconds` after start. */
export function exposition(traffic: readonly FixtureTraffic[], elapsedSeconds: number): string {
  const lines = ['# TYPE istio_requests_total counter'];
  for (const t of traffic) {
    lines.push(`istio_requests_total${labelText(t.labels)} ${t.requestsPerSecond * elapsedSeconds}`);
  }
  lines.push('# TYPE istio_request_duration_milliseconds histogram');
  for (const t of traffic) {
    const count = t.requestsPerSecond * elapsedSeconds;
    for (const le of DURATION_BUCKETS_MS) {
      const inBucket = t.durationMs <= le ? count : 0;
      lines.push(
        `istio_request_duration_milliseconds_bucket${labelText({ ...t.labels, le: String(le) })} ${inBucket}`,
      );
    }
    lines.push(
      `istio_request_duration_milliseconds_bucket${labelText({ ...t.labels, le: '+Inf' })} ${count}`,
    );
    lines.push(`istio_request_duration_milliseconds_sum${labelText(t.labels)} ${count * t.durationMs}`);
    lines.push(`istio_request_duration_milliseconds_count${labelText(t.labels)} ${count}`);
  }
  lines.push('# TYPE meshlens_fixture_special gauge');
  for (const [name, value] of Object.entries(SPECIAL_VALUES)) {
    lines.push(`meshlens_fixture_special{value="${name}"} ${value}`);
  }
  return `${lines.join('\n')}\n`;
}

export interface FixtureExporter {
  /** `host:port` on 127.0.0.1, as a scrape target. */
  readonly address: string;
  /** How many times it was scraped. */
  scrapes(): number;
  close(): Promise<void>;
}

export async function startFixtureExporter(
  options: { readonly traffic?: readonly FixtureTraffic[]; readonly path?: string } = {},
): Promise<FixtureExporter> {
  const traffic = options.traffic ?? BOOKINFO_TRAFFIC;
  const path = options.path ?? '/stats/prometheus';
  const startedAt = performance.now();
  let scrapes = 0;
  const server = createServer((req, res) => {
    if (req.url !== path) {
      res.writeHead(404).end();
      return;
    }
    scrapes++;
    const text = exposition(traffic, (performance.now() - startedAt) / 1000);
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    scrapes: () => scrapes,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
