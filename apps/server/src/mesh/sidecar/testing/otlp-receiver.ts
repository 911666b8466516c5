/**
 * A real OTLP/HTTP traces receiver for tests: a node:http server on 127.0.0.1:0 that decodes the
 * JSON export requests the OTLP/HTTP exporter POSTs and keeps the spans, flattened with their
 * resource's `service.name` and string attributes.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';

const anyValue = z.object({
  stringValue: z.string().optional(),
  intValue: z.union([z.string(), z.number()]).optional(),
  boolValue: z.boolean().optional(),
});
const keyValue = z.object({ key: z.string(), value: anyValue });
const span = z.object({
  traceId: z.string(),
  spanId: z.string(),
  parentSpanId: z.string().optional(),
  name: z.string(),
  kind: z.number(),
  attributes: z.array(keyValue).default([]),
});
const exportRequest = z.object({
  resourceSpans: z.array(
    z.object({
      resource: z.object({ attributes: z.array(keyValue).default([]) }),
      scopeSpans: z.array(z.object({ spans: z.array(span).default([]) })).default([]),
    }),
  ),
});

type KeyValue = z.infer<typeof keyValue>;

/** OTLP's `SpanKind` numbers. */
export const OTLP_SPAN_KIND = { server: 2, client: 3 } as const;

export interface ReceivedSpan {
  readonly traceId: string;
  readonly spanId: string;
  /** Absent (or empty) for a root span. */
  readonly parentSpanId: string | undefined;
  readonly name: string;
  readonly kind: number;
  readonly serviceName: string | undefined;
  /** Attributes by key; every proxy tag is a string, other types are rendered as text. */
  readonly attributes: Readonly<Record<string, string>>;
}

function attributeMap(attributes: readonly KeyValue[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const { key, value } of attributes) {
    map[key] = value.stringValue ?? String(value.intValue ?? value.boolValue ?? '');
  }
  return map;
}

export interface OtlpReceiver {
  /** The traces endpoint to give the exporter. */
  readonly url: string;
  readonly spans: readonly ReceivedSpan[];
  /** Resolves once at least `count` spans arrived; rejects after `timeoutMs`. */
  waitForSpans(count: number, timeoutMs?: number): Promise<readonly ReceivedSpan[]>;
  close(): Promise<void>;
}

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      let json: unknown;
      try {
        json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        json = undefined;
      }
      const parsed = exportRequest.safeParse(json);
      if (!parsed.success || request.url !== '/v1/traces') {
        response.writeHead(400).end();
        return;
      }
      for (const resourceSpans of parsed.data.resourceSpans) {
        const serviceName = attributeMap(resourceSpans.resource.attributes)['service.name'];
        for (const scope of resourceSpans.scopeSpans) {
          for (const s of scope.spans) {
            spans.push({
              traceId: s.traceId,
              spanId: s.spanId,
              parentSpanId: s.parentSpanId === '' ? undefined : s.parentSpanId,
              name: s.name,
              kind: s.kind,
              serviceName,
              attributes: attributeMap(s.attributes),
            });
          }
        }
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1/traces`,
    spans,
    async waitForSpans(count, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (spans.length < count) {
        if (Date.now() > deadline) {
          throw new Error(
            `OTLP receiver got ${spans.length} spans, expected ${count}, within ${timeoutMs} ms`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return spans;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve, reject) => {
        server.close((error) => {
          if (error) reject(error);
          else resolve();
        });
      });
    },
  };
}
