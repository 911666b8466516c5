/**
 * The searches of the trace-store benchmark beyond `service=…&limit=20`: what Jaeger's UI sends
 * (`start`, `end`, `lookback=1h`, empty duration bounds) alone and with an operation, a tag many
 * spans carry, a tag one request carries (its `guid:x-request-id`), a tag no span carries, and a
 * minimum duration only some services' spans reach (the others are read to the end of the window).
 * Each variant rotates over the services; the request-id variant looks its ids up first.
 */
import { timedGet } from './measure.ts';

export interface SearchVariant {
  readonly label: string;
  readonly urls: readonly string[];
}

interface UiTrace {
  spans: { processID: string; tags: { key: string; value: unknown }[] }[];
  processes: Record<string, { serviceName: string }>;
}

async function requestIdOf(queryUrl: string, traceId: string): Promise<{ service: string; id: string }> {
  const { body } = await timedGet(`${queryUrl}/api/traces/${traceId}`);
  const trace = (JSON.parse(body) as { data: UiTrace[] }).data[0];
  const span = trace?.spans.at(-1);
  const id = span?.tags.find((t) => t.key === 'guid:x-request-id')?.value;
  const service = trace?.processes[span?.processID ?? '']?.serviceName;
  if (typeof id !== 'string' || service === undefined) throw new Error(`trace ${traceId} has no request id`);
  return { service, id };
}

export async function searchVariants(options: {
  readonly queryUrl: string;
  readonly services: readonly string[];
  readonly sampleTraceIds: readonly string[];
  readonly requests: number;
}): Promise<SearchVariant[]> {
  const { queryUrl, services, requests } = options;
  const nowUs = Date.now() * 1000;
  /** The parameters Jaeger's UI sends, in its order; `extra` adds or replaces some. */
  const ui = (service: string, extra: Record<string, string> = {}): string => {
    const params = new URLSearchParams({
      end: String(nowUs),
      limit: '20',
      lookback: '1h',
      maxDuration: '',
      minDuration: '',
      service,
      start: String(nowUs - 3_600_000_000),
      ...extra,
    });
    return `${queryUrl}/api/traces?${params.toString()}`;
  };
  const each = (build: (service: string, i: number) => string): string[] =>
    Array.from({ length: requests }, (_, i) => build(services[i % services.length] ?? '', i));
  const tags = (json: Record<string, string>): Record<string, string> => ({ tags: JSON.stringify(json) });

  const operations = new Map<string, string>();
  for (const service of services) {
    const { body } = await timedGet(`${queryUrl}/api/services/${encodeURIComponent(service)}/operations`);
    operations.set(service, (JSON.parse(body) as { data: string[] }).data[0] ?? '');
  }
  const requestIds: { service: string; id: string }[] = [];
  for (let i = 0; i < Math.min(requests, options.sampleTraceIds.length); i++) {
    requestIds.push(
      await requestIdOf(queryUrl, options.sampleTraceIds[(i * 7919) % options.sampleTraceIds.length] ?? ''),
    );
  }

  return [
    { label: "Jaeger UI's search (lookback=1h)", urls: each((s) => ui(s)) },
    {
      label: '… and operation',
      urls: each((s) => ui(s, { operation: operations.get(s) ?? '' })),
    },
    {
      label: '… and tag http.method=GET (every span)',
      urls: each((s) => ui(s, tags({ 'http.method': 'GET' }))),
    },
    {
      label: '… and tag guid:x-request-id (one request)',
      urls: each((_s, i) => {
        const r = requestIds[i % requestIds.length] ?? { service: '', id: '' };
        // The sample traces span the whole stored window, older than the UI's default hour.
        const window = { lookback: '2h', start: String(nowUs - 7_200_000_000) };
        return ui(r.service, { ...window, ...tags({ 'guid:x-request-id': r.id }) });
      }),
    },
    {
      label: '… and tag http.status_code=503 (no span)',
      urls: each((s) => ui(s, tags({ 'http.status_code': '503' }))),
    },
    { label: '… and minDuration=10ms (some services)', urls: each((s) => ui(s, { minDuration: '10ms' })) },
  ];
}
