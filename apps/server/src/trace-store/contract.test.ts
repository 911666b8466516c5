import { describe, expect, it } from 'vitest';
import { decodeOtlpTraces } from './otlp.ts';
import { encodeOtlpProtobuf } from './otlp-proto.ts';
import { fixture, useTraceStore } from './trace-store.test-support.ts';

const store = useTraceStore();

// The fixture's span starts at 1706678909209712 µs; the window brackets it.
const CONTRACT_SEARCH = '/api/traces?service=telemetrygen&start=1706678909000000&end=1706678910000000';

describe("Jaeger's OTLP → /api/traces contract (third_party/jaeger)", () => {
  it('answers the search with exactly the reference response, byte for byte', async () => {
    const expected = fixture('otlp2jaeger-out.api-traces-response.json').toString('utf8');

    const exported = await store().export(fixture('otlp2jaeger-in.otlp.json'));
    const found = await store().query(CONTRACT_SEARCH);

    expect(exported.status).toBe(200);
    expect(found.status).toBe(200);
    expect(found.contentType).toMatch(/^application\/json/);
    expect(found.json).toEqual(JSON.parse(expected));
    expect(found.text).toBe(expected);
  });

  it('gives the same response when the same request arrives as protobuf', async () => {
    const expected: unknown = JSON.parse(
      fixture('otlp2jaeger-out.api-traces-response.json').toString('utf8'),
    );
    const protobufBody = encodeOtlpProtobuf(decodeOtlpTraces(fixture('otlp2jaeger-in.otlp.json'), 'json'));

    const exported = await store().export(protobufBody, { 'content-type': 'application/x-protobuf' });
    const found = await store().query(CONTRACT_SEARCH);

    expect(exported.status).toBe(200);
    expect(exported.contentType).toMatch(/^application\/x-protobuf/);
    expect(found.json).toEqual(expected);
  });

  it('serves the same trace from /api/traces/{traceID}', async () => {
    const expected = JSON.parse(fixture('otlp2jaeger-out.api-traces-response.json').toString('utf8')) as {
      data: unknown[];
    };
    await store().export(fixture('otlp2jaeger-in.otlp.json'));

    const trace = await store().query('/api/traces/83a9efd15c1c98a977e0711cc93ee28b');

    expect(trace.status).toBe(200);
    expect(trace.json).toEqual(expected);
  });

  it("accepts OpenTelemetry's example request (upper-case hex ids, numeric times) and serves it", async () => {
    const exported = await store().export(fixture('otlp-examples-trace.json'));
    // Ids are case-insensitive hex; Jaeger prints them in lower case.
    const trace = await store().query('/api/traces/5B8EFFF798038103D269B633813FC60C');

    expect(exported.status).toBe(200);
    expect(exported.json).toEqual({ partialSuccess: {} });
    expect(trace.json).toEqual({
      data: [
        {
          traceID: '5b8efff798038103d269b633813fc60c',
          spans: [
            {
              traceID: '5b8efff798038103d269b633813fc60c',
              spanID: 'eee19b7ec3c1b174',
              operationName: "I'm a server span",
              references: [
                {
                  refType: 'CHILD_OF',
                  traceID: '5b8efff798038103d269b633813fc60c',
                  spanID: 'eee19b7ec3c1b173',
                },
              ],
              startTime: 1544712660000000,
              duration: 1000000,
              tags: [
                { key: 'otel.library.name', type: 'string', value: 'my.library' },
                { key: 'otel.library.version', type: 'string', value: '1.0.0' },
                { key: 'my.span.attr', type: 'string', value: 'some value' },
                { key: 'span.kind', type: 'string', value: 'server' },
              ],
              logs: [],
              processID: 'p1',
              warnings: null,
            },
          ],
          processes: { p1: { serviceName: 'my.service', tags: [] } },
          warnings: null,
        },
      ],
      total: 0,
      limit: 0,
      offset: 0,
      errors: null,
    });
  });
});
