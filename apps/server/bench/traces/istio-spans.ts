/**
 * Realistic Istio traces for the trace-store benchmark: Bookinfo's request path as Envoy sidecars
 * report it, 8 spans a trace (gateway → productpage → details, reviews → ratings, a client span in
 * the caller's proxy and a server span in the callee's), with Envoy's span tags. Batches are
 * grouped by reporting proxy, at most 512 spans each, as an OTel BatchSpanProcessor exports them.
 */
import { randomBytes } from 'node:crypto';

export const NAMESPACE = 'bookinfo';
export const SPANS_PER_TRACE = 8;
export const MAX_EXPORT_BATCH = 512;

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
  status: { code: number };
}

/** One hop: the proxy that reports the span, its peer, and whether it is the client side. */
interface Hop {
  readonly service: string;
  readonly parent: number;
  readonly client: boolean;
  readonly upstream: string;
  readonly path: string;
}

const svc = (name: string): string => `${name}.${NAMESPACE}.svc.cluster.local`;
const HOPS: readonly Hop[] = [
  {
    service: 'istio-ingressgateway',
    parent: -1,
    client: true,
    upstream: 'productpage',
    path: '/productpage',
  },
  { service: 'productpage', parent: 0, client: false, upstream: 'productpage', path: '/productpage' },
  { service: 'productpage', parent: 1, client: true, upstream: 'details', path: '/details/0' },
  { service: 'details', parent: 2, client: false, upstream: 'details', path: '/details/0' },
  { service: 'productpage', parent: 1, client: true, upstream: 'reviews', path: '/reviews/0' },
  { service: 'reviews', parent: 4, client: false, upstream: 'reviews', path: '/reviews/0' },
  { service: 'reviews', parent: 5, client: true, upstream: 'ratings', path: '/ratings/0' },
  { service: 'ratings', parent: 6, client: false, upstream: 'ratings', path: '/ratings/0' },
];
const serviceName = (s: string): string =>
  s === 'istio-ingressgateway' ? `${s}.istio-system` : `${s}.${NAMESPACE}`;
/** The `service.name` of every reporting proxy. */
export const SERVICES = [...new Set(HOPS.map((h) => serviceName(h.service)))];

const str = (key: string, value: string): Attr => ({ key, value: { stringValue: value } });
const int = (key: string, value: number): Attr => ({ key, value: { intValue: String(value) } });
const hex = (bytes: number): string => randomBytes(bytes).toString('hex');

function envoyTags(hop: Hop, requestId: string): Attr[] {
  const ns = hop.service === 'istio-ingressgateway' ? 'istio-system' : NAMESPACE;
  const pod = `${hop.service}-v1-7d9f8b6c5d-x2k4q`;
  const cluster = `outbound|9080||${svc(hop.upstream)}`;
  return [
    str('node_id', `sidecar~10.244.0.17~${pod}.${ns}~${ns}.svc.cluster.local`),
    str('zone', 'us-central1-a'),
    str('guid:x-request-id', requestId),
    str('http.url', `http://${hop.upstream}:9080${hop.path}`),
    str('http.method', 'GET'),
    str('downstream_cluster', '-'),
    str('user_agent', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36'),
    str('http.protocol', 'HTTP/1.1'),
    str('peer.address', '10.244.0.23'),
    int('request_size', 0),
    int('response_size', 1683),
    str('response_flags', '-'),
    str('upstream_cluster', hop.client ? cluster : `inbound|9080||`),
    str('upstream_cluster.name', hop.client ? cluster : `inbound|9080||`),
    str('upstream_address', '10.244.0.31:9080'),
    str('http.status_code', '200'),
    str('component', 'proxy'),
    str('istio.canonical_revision', 'v1'),
    str('istio.canonical_service', hop.service),
    str('istio.mesh_id', 'cluster.local'),
    str('istio.namespace', ns),
  ];
}

/** The 8 spans of one trace starting at `startMs`, each labelled with its reporting service. */
export function istioTrace(startMs: number): { service: string; span: JsonSpan }[] {
  const traceId = hex(16);
  const requestId = `${hex(4)}-${hex(2)}-${hex(2)}-${hex(2)}-${hex(6)}`;
  const ids = HOPS.map(() => hex(8));
  const baseNs = BigInt(Math.round(startMs * 1000)) * 1000n;
  return HOPS.map((hop, i) => {
    const offsetUs = i * 300;
    const durationUs = 12_000 - i * 1_200;
    const start = baseNs + BigInt(offsetUs) * 1000n;
    return {
      service: serviceName(hop.service),
      span: {
        traceId,
        spanId: ids[i] ?? '',
        parentSpanId: hop.parent < 0 ? '' : (ids[hop.parent] ?? ''),
        name: `${svc(hop.upstream)}:9080${hop.path}`,
        kind: hop.client ? 3 : 2,
        startTimeUnixNano: String(start),
        endTimeUnixNano: String(start + BigInt(durationUs) * 1000n),
        attributes: envoyTags(hop, requestId),
        status: { code: 0 },
      },
    };
  });
}

/** One OTLP/JSON export request body from one proxy. */
function exportBody(service: string, spans: readonly JsonSpan[]): string {
  return JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [str('service.name', service), str('telemetry.sdk.name', 'envoy')] },
        scopeSpans: [{ scope: { name: 'envoy', version: '1.29' }, spans }],
      },
    ],
  });
}

export interface ExportBatch {
  readonly body: string;
  readonly spans: number;
  /** One trace id of the batch, for lookups. */
  readonly traceId: string;
}

/**
 * Export bodies for `traceCount` traces starting at `startMs`, `stepMs` apart: traces are taken
 * 128 at a time and their spans sent per reporting proxy, ≤ 512 spans a request.
 */
export function* exportBatches(traceCount: number, startMs: number, stepMs: number): Generator<ExportBatch> {
  const chunk = 128;
  for (let first = 0; first < traceCount; first += chunk) {
    const byService = new Map<string, JsonSpan[]>();
    for (let t = first; t < Math.min(traceCount, first + chunk); t++) {
      for (const { service, span } of istioTrace(startMs + t * stepMs)) {
        const list = byService.get(service) ?? [];
        list.push(span);
        byService.set(service, list);
      }
    }
    for (const [service, spans] of byService) {
      for (let i = 0; i < spans.length; i += MAX_EXPORT_BATCH) {
        const part = spans.slice(i, i + MAX_EXPORT_BATCH);
        yield { body: exportBody(service, part), spans: part.length, traceId: part[0]?.traceId ?? '' };
      }
    }
  }
}
