/**
 * One large, realistic Istio trace for `bench:trace-view`, as sidecars export it over OTLP/JSON:
 * a request through ~10 services, each call a client span in the caller's proxy and a server span
 * in the callee's, calls fanned out breadth first (4 to 10 per server span) until `spans` spans,
 * `depth` levels at most (a client span on the last level calls a backend without a sidecar).
 * Envoy's and Istio's span tags, an event (a Jaeger log) on every 7th span, about 2% errors
 * (503, status ERROR). Spans are grouped per reporting proxy, ≤ 512 a request, as a
 * BatchSpanProcessor sends them. Deterministic for a seed.
 */
const NAMESPACE = 'bookinfo';
export const TRACE_VIEW_SERVICES = [
  'istio-ingressgateway',
  'productpage',
  'details',
  'reviews',
  'ratings',
  'cart',
  'checkout',
  'payments',
  'inventory',
  'shipping',
] as const;
const MAX_EXPORT_BATCH = 512;

type Attr = { key: string; value: { stringValue: string } | { intValue: string } };
interface JsonSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: Attr[];
  events: Array<{ timeUnixNano: string; name: string; attributes: Attr[] }>;
  status: { code: number; message?: string };
}

export interface SyntheticTraceOptions {
  readonly spans: number;
  readonly depth: number;
  readonly seed: number;
  /** When the trace starts, ms since the epoch. */
  readonly startMs: number;
}

export interface SyntheticTrace {
  readonly traceId: string;
  /** OTLP/JSON export request bodies. */
  readonly bodies: readonly string[];
  readonly spans: number;
  readonly maxDepth: number;
}

function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const str = (key: string, value: string): Attr => ({ key, value: { stringValue: value } });
const int = (key: string, value: number): Attr => ({ key, value: { intValue: String(value) } });
const nsOf = (service: string): string => (service === 'istio-ingressgateway' ? 'istio-system' : NAMESPACE);
const host = (service: string): string => `${service}.${nsOf(service)}.svc.cluster.local`;

function proxyTags(service: string, options: { client: boolean; upstream: string; error: boolean }): Attr[] {
  const ns = nsOf(service);
  const pod = `${service}-v1-7d9f8b6c5d-x2k4q`;
  const cluster = options.client ? `outbound|9080||${host(options.upstream)}` : 'inbound|9080||';
  return [
    str(
      'node_id',
      `${service === 'istio-ingressgateway' ? 'router' : 'sidecar'}~10.244.0.17~${pod}.${ns}~${ns}.svc.cluster.local`,
    ),
    str('zone', 'us-central1-a'),
    str('guid:x-request-id', '3f1c2a9e-8d4b-4e7a-9c0f-5b6d7e8f9a0b'),
    str('http.url', `http://${options.upstream}:9080/api/${options.upstream}`),
    str('http.method', 'GET'),
    str('downstream_cluster', '-'),
    str('user_agent', 'Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0'),
    str('http.protocol', 'HTTP/1.1'),
    str('peer.address', '10.244.0.23'),
    int('request_size', 0),
    int('response_size', options.error ? 19 : 1683),
    str('response_flags', options.error ? 'UF' : '-'),
    str('upstream_cluster', cluster),
    str('upstream_cluster.name', cluster),
    str('http.status_code', options.error ? '503' : '200'),
    str('component', 'proxy'),
    str('istio.canonical_revision', 'v1'),
    str('istio.canonical_service', service),
    str('istio.mesh_id', 'cluster.local'),
    str('istio.namespace', ns),
    str('istio.cluster_id', 'Kubernetes'),
  ];
}

interface Pending {
  readonly service: string;
  readonly index: number;
  readonly depth: number;
  readonly startUs: number;
  readonly durationUs: number;
}

export function syntheticIstioTrace(options: SyntheticTraceOptions): SyntheticTrace {
  const rand = random(options.seed);
  const hex = (bytes: number): string =>
    Array.from({ length: bytes }, () =>
      Math.floor(rand() * 256)
        .toString(16)
        .padStart(2, '0'),
    ).join('');
  const traceId = hex(16);
  const spans: Array<{ service: string; span: JsonSpan }> = [];
  const t0Us = options.startMs * 1000;
  let maxDepth = 0;
  const add = (o: {
    service: string;
    parent: number;
    depth: number;
    client: boolean;
    upstream: string;
    startUs: number;
    durationUs: number;
  }): number => {
    const error = rand() < 0.02;
    const i = spans.length;
    maxDepth = Math.max(maxDepth, o.depth);
    const ns = (us: number): string => (BigInt(Math.round(us)) * 1000n).toString();
    spans.push({
      service: o.service,
      span: {
        traceId,
        spanId: hex(8),
        parentSpanId: o.parent < 0 ? '' : (spans[o.parent]?.span.spanId ?? ''),
        name: `${host(o.upstream)}:9080/api/${o.upstream}`,
        kind: o.client ? 3 : 2,
        startTimeUnixNano: ns(o.startUs),
        endTimeUnixNano: ns(o.startUs + o.durationUs),
        attributes: proxyTags(o.service, { client: o.client, upstream: o.upstream, error }),
        events:
          i % 7 === 0
            ? [
                {
                  timeUnixNano: ns(o.startUs + o.durationUs / 2),
                  name: error ? 'upstream_reset_before_response_started' : 'retry',
                  attributes: [str('retry.attempt', '1')],
                },
              ]
            : [],
        status: error ? { code: 2, message: 'upstream connect error' } : { code: 0 },
      },
    });
    return i;
  };

  const queue: Pending[] = [];
  const rootDuration = 900_000;
  const root = add({
    service: 'istio-ingressgateway',
    parent: -1,
    depth: 0,
    client: true,
    upstream: 'productpage',
    startUs: t0Us,
    durationUs: rootDuration,
  });
  const first = add({
    service: 'productpage',
    parent: root,
    depth: 1,
    client: false,
    upstream: 'productpage',
    startUs: t0Us + 150,
    durationUs: rootDuration - 300,
  });
  queue.push({
    service: 'productpage',
    index: first,
    depth: 1,
    startUs: t0Us + 150,
    durationUs: rootDuration - 300,
  });
  for (let q = 0; q < queue.length && spans.length < options.spans; q++) {
    const caller = queue[q];
    if (caller === undefined || caller.depth + 1 >= options.depth) continue;
    const calls = 4 + Math.floor(rand() * 7);
    // Calls partly in sequence, partly in parallel, inside the caller's time.
    const slot = caller.durationUs / calls;
    for (let c = 0; c < calls && spans.length < options.spans; c++) {
      const upstream =
        TRACE_VIEW_SERVICES[1 + Math.floor(rand() * (TRACE_VIEW_SERVICES.length - 1))] ?? 'details';
      const startUs = caller.startUs + slot * c * (0.6 + 0.4 * rand()) + 50;
      const durationUs = Math.max(
        200,
        Math.min(caller.startUs + caller.durationUs - startUs - 50, slot * (0.5 + rand())),
      );
      const client = add({
        service: caller.service,
        parent: caller.index,
        depth: caller.depth + 1,
        client: true,
        upstream,
        startUs,
        durationUs,
      });
      if (caller.depth + 2 >= options.depth || spans.length >= options.spans) continue;
      const server = add({
        service: upstream,
        parent: client,
        depth: caller.depth + 2,
        client: false,
        upstream,
        startUs: startUs + 100,
        durationUs: Math.max(50, durationUs - 200),
      });
      queue.push({
        service: upstream,
        index: server,
        depth: caller.depth + 2,
        startUs: startUs + 100,
        durationUs: Math.max(50, durationUs - 200),
      });
    }
  }

  const byService = new Map<string, JsonSpan[]>();
  for (const { service, span } of spans) {
    const list = byService.get(service) ?? [];
    list.push(span);
    byService.set(service, list);
  }
  const bodies: string[] = [];
  for (const [service, list] of byService) {
    for (let i = 0; i < list.length; i += MAX_EXPORT_BATCH) {
      bodies.push(
        JSON.stringify({
          resourceSpans: [
            {
              resource: {
                attributes: [
                  str('service.name', `${service}.${nsOf(service)}`),
                  str('telemetry.sdk.name', 'envoy'),
                ],
              },
              scopeSpans: [
                { scope: { name: 'envoy', version: '1.29' }, spans: list.slice(i, i + MAX_EXPORT_BATCH) },
              ],
            },
          ],
        }),
      );
    }
  }
  return { traceId, bodies, spans: spans.length, maxDepth };
}
