import { describe, expect, it } from 'vitest';
import type { Envelope, UiTrace } from './trace-store.test-support.ts';
import { NOW_US, useTraceStore } from './trace-store.test-support.ts';

const store = useTraceStore();

const TRACE = '00000000000000000123456789abcdef';
const startNs = BigInt(NOW_US - 5_000) * 1000n;
const ns = (offsetUs: number): string => String(startNs + BigInt(offsetUs) * 1000n);

/** One span exercising every part of the translation, from a resource without a service name. */
const richExport = JSON.stringify({
  resourceSpans: [
    {
      resource: {
        attributes: [
          { key: 'ip', value: { intValue: '167772161' } },
          { key: 'host.name', value: { stringValue: 'node-1' } },
        ],
      },
      scopeSpans: [
        {
          scope: { name: 'io.opentelemetry.http', version: '2.1.0' },
          spans: [
            {
              traceId: TRACE,
              spanId: '00000000000000a1',
              parentSpanId: '00000000000000a0',
              traceState: 'vendor=1',
              name: 'POST /checkout',
              kind: 'SPAN_KIND_CLIENT',
              startTimeUnixNano: ns(0),
              endTimeUnixNano: ns(1500),
              attributes: [
                { key: 'telemetry.sdk.language', value: { stringValue: 'nodejs' } },
                { key: 'payload', value: { bytesValue: 'AAEC' } },
                {
                  key: 'items',
                  value: { arrayValue: { values: [{ intValue: 1 }, { stringValue: '<b>' }] } },
                },
                {
                  key: 'user',
                  value: {
                    kvlistValue: {
                      values: [
                        { key: 'z', value: { boolValue: true } },
                        { key: 'a', value: {} },
                      ],
                    },
                  },
                },
              ],
              events: [
                {
                  timeUnixNano: ns(100),
                  name: 'retry',
                  attributes: [
                    { key: 'zone', value: { stringValue: 'b' } },
                    { key: 'attempt', value: { intValue: '2' } },
                  ],
                },
              ],
              links: [
                { traceId: '0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f', spanId: '0000000000000001' },
                {
                  traceId: TRACE,
                  spanId: '00000000000000a2',
                  attributes: [{ key: 'opentracing.ref_type', value: { stringValue: 'child_of' } }],
                },
              ],
              status: { code: 2, message: 'upstream reset' },
            },
          ],
        },
      ],
    },
    {
      resource: {},
      scopeSpans: [
        {
          spans: [
            {
              traceId: TRACE,
              spanId: '00000000000000a0',
              name: 'root',
              startTimeUnixNano: ns(0),
              endTimeUnixNano: ns(2000),
            },
          ],
        },
      ],
    },
  ],
});

async function fetchTrace(query = ''): Promise<UiTrace | undefined> {
  expect((await store().export(richExport)).status).toBe(200);
  const result = await store().query(`/api/traces/${TRACE}${query}`);
  return (result.json as Envelope<UiTrace[]>).data[0];
}

describe('OTLP spans as Jaeger shows them', () => {
  it('converts the span as Jaeger’s collector does, then adjusts it as Jaeger’s query service does', async () => {
    const trace = await fetchTrace();
    const span = trace?.spans.find((s) => s.spanID === '00000000000000a1');

    // A 128-bit id whose high half is zero prints as 16 digits.
    expect(trace?.traceID).toBe('0123456789abcdef');
    expect(span?.tags).toEqual([
      { key: 'otel.library.name', type: 'string', value: 'io.opentelemetry.http' },
      { key: 'otel.library.version', type: 'string', value: '2.1.0' },
      { key: 'payload', type: 'binary', value: 'AAEC' },
      { key: 'items', type: 'string', value: '[1,"\\u003cb\\u003e"]' },
      { key: 'user', type: 'string', value: '{"a":null,"z":true}' },
      { key: 'span.kind', type: 'string', value: 'client' },
      { key: 'otel.status_code', type: 'string', value: 'ERROR' },
      { key: 'error', type: 'bool', value: true },
      { key: 'otel.status_description', type: 'string', value: 'upstream reset' },
      { key: 'w3c.tracestate', type: 'string', value: 'vendor=1' },
    ]);
    expect(span?.references).toEqual([
      { refType: 'CHILD_OF', traceID: '0123456789abcdef', spanID: '00000000000000a0' },
      { refType: 'FOLLOWS_FROM', traceID: '0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f', spanID: '0000000000000001' },
      { refType: 'CHILD_OF', traceID: '0123456789abcdef', spanID: '00000000000000a2' },
    ]);
    // Logs: the event name first, the other fields sorted.
    expect(span?.logs).toEqual([
      {
        timestamp: NOW_US - 5_000 + 100,
        fields: [
          { key: 'event', type: 'string', value: 'retry' },
          { key: 'attempt', type: 'int64', value: 2 },
          { key: 'zone', type: 'string', value: 'b' },
        ],
      },
    ]);
    // The SDK tag moved to the process; process tags sorted; a numeric `ip` as a dotted quad.
    expect(trace?.processes[span?.processID ?? '']).toEqual({
      serviceName: 'empty-service-name',
      tags: [
        { key: 'host.name', type: 'string', value: 'node-1' },
        { key: 'ip', type: 'string', value: '10.0.0.1' },
        { key: 'telemetry.sdk.language', type: 'string', value: 'nodejs' },
      ],
    });
    const root = trace?.spans.find((s) => s.spanID === '00000000000000a0');
    expect(trace?.processes[root?.processID ?? '']?.serviceName).toBe('OTLPResourceNoServiceName');
  });

  it('serves the span as stored with raw=true', async () => {
    const trace = await fetchTrace('?raw=true');
    const span = trace?.spans.find((s) => s.spanID === '00000000000000a1');

    expect(span?.tags.map((t) => t.key)).toContain('telemetry.sdk.language');
    expect(span?.logs[0]?.fields.map((f) => f.key)).toEqual(['event', 'zone', 'attempt']);
    expect(trace?.processes[span?.processID ?? '']?.tags).toEqual([
      { key: 'ip', type: 'int64', value: 167772161 },
      { key: 'host.name', type: 'string', value: 'node-1' },
    ]);
  });

  it('finds the span by a log field, as Jaeger searches them too', async () => {
    await store().export(richExport);
    const found = await store().query('/api/traces?service=empty-service-name&tag=attempt:2');

    expect((found.json as Envelope<UiTrace[]>).data.map((t) => t.traceID)).toEqual(['0123456789abcdef']);
  });

  it('keeps one copy of spans an exporter sends twice', async () => {
    await store().export(richExport);
    const trace = await fetchTrace();

    expect(trace?.spans.map((s) => s.spanID)).toEqual(['00000000000000a1', '00000000000000a0']);
  });
});
