import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodeOtlpProtobuf, encodeRpcStatus } from './otlp-proto.ts';
import type { OtlpExportRequest } from './otlp-types.ts';
import type { Envelope, UiTrace } from './trace-store.test-support.ts';
import { NOW_US, otlpJson, spanId, traceId, traceIds, useTraceStore } from './trace-store.test-support.ts';

const store = useTraceStore({ maxBodyBytes: 64 * 1024 });

const oneSpan = (n: number): string =>
  otlpJson([
    {
      service: 'details',
      spans: [
        {
          traceId: traceId(n),
          spanId: spanId(n),
          name: 'GET /details',
          kind: 2,
          startUs: NOW_US - 1000,
          durationUs: 10,
        },
      ],
    },
  ]);

describe('POST /v1/traces', () => {
  it('stores a gzip-compressed JSON body', async () => {
    const result = await store().export(gzipSync(oneSpan(1)), {
      'content-type': 'application/json; charset=utf-8',
      'content-encoding': 'gzip',
    });

    expect(result.status).toBe(200);
    expect(result.json).toEqual({ partialSuccess: {} });
    expect(traceIds(await store().query('/api/traces?service=details'))).toEqual([traceId(1)]);
  });

  it('stores a gzip-compressed protobuf body and answers in protobuf', async () => {
    const request: OtlpExportRequest = {
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { type: 'string', value: 'details' } }] },
          scopeSpans: [
            {
              scope: { name: '', version: '' },
              spans: [
                {
                  traceId: traceId(2),
                  spanId: spanId(2),
                  parentSpanId: '0000000000000000',
                  traceState: '',
                  name: 'GET /details',
                  kind: 3,
                  startTimeUnixNano: BigInt(NOW_US - 1000) * 1000n + 999n,
                  endTimeUnixNano: BigInt(NOW_US - 1000) * 1000n + 1500n,
                  attributes: [
                    { key: 'retries', value: { type: 'int', value: 9007199254740993n } },
                    { key: 'ratio', value: { type: 'double', value: 0.25 } },
                  ],
                  events: [],
                  links: [],
                  status: { code: 0, message: '' },
                },
              ],
            },
          ],
        },
      ],
    };
    const result = await store().export(gzipSync(encodeOtlpProtobuf(request)), {
      'content-type': 'application/x-protobuf',
      'content-encoding': 'gzip',
    });
    const found = await store().query(`/api/traces/${traceId(2)}`);
    const span = (found.json as Envelope<UiTrace[]>).data[0]?.spans[0];

    expect(result.status).toBe(200);
    expect(result.contentType).toMatch(/^application\/x-protobuf/);
    expect(result.bytes).toEqual(new Uint8Array());
    // Times are truncated to microseconds; the duration is computed in nanoseconds first.
    expect(span).toMatchObject({ startTime: NOW_US - 1000, duration: 0 });
    // A 64-bit value comes back as the exact number Jaeger would print.
    expect(found.text).toContain('{"key":"retries","type":"int64","value":9007199254740993}');
    expect(span?.tags).toContainEqual({ key: 'ratio', type: 'float64', value: 0.25 });
  });

  it('refuses a body that is not JSON with 400 and a google.rpc.Status in JSON', async () => {
    const result = await store().export('{"resourceSpans": [');

    expect(result.status).toBe(400);
    expect(result.json).toMatchObject({
      code: 3,
      message: expect.stringMatching(/^invalid JSON: /) as unknown,
    });
  });

  it('refuses an id of the wrong length, saying which span', async () => {
    const body = oneSpan(3).replace(traceId(3), 'abc');
    const result = await store().export(body);

    expect(result.status).toBe(400);
    expect(result.json).toEqual({
      code: 3,
      message: 'resourceSpans[0].scopeSpans[0].spans[0].traceId: expected 32 hex digits, got "abc"',
    });
    expect((await store().query('/api/services')).json).toMatchObject({ data: [] });
  });

  it('refuses bad protobuf with 400 and a google.rpc.Status in protobuf', async () => {
    // Field 1 (resource_spans) as a length-delimited message containing a span whose trace id is 3 bytes.
    const span = Buffer.from([0x0a, 0x03, 1, 2, 3]);
    const scopeSpans = Buffer.concat([Buffer.from([0x12, span.length]), span]);
    const resourceSpans = Buffer.concat([Buffer.from([0x12, scopeSpans.length]), scopeSpans]);
    const body = Buffer.concat([Buffer.from([0x0a, resourceSpans.length]), resourceSpans]);

    const result = await store().export(body, { 'content-type': 'application/x-protobuf' });

    expect(result.status).toBe(400);
    expect(Buffer.from(result.bytes)).toEqual(
      Buffer.from(
        encodeRpcStatus({
          code: 3,
          message: 'resourceSpans[0].scopeSpans[0].spans[0].traceId: an id must be 16 bytes, got 3',
        }),
      ),
    );
  });

  it('answers 415 for another content type and 405 for another method', async () => {
    const text = await store().export(oneSpan(4), { 'content-type': 'text/plain' });
    const get = await fetch(`${store().otlpUrl}/v1/traces`);

    expect(text.status).toBe(415);
    expect(text.text).toBe(
      '415 unsupported media type, supported: [application/json, application/x-protobuf]',
    );
    expect(get.status).toBe(405);
    expect(await get.text()).toBe('405 method not allowed, supported: [POST]');
  });

  it('refuses a body larger than the limit once decompressed', async () => {
    const huge = oneSpan(5).replace('"GET /details"', JSON.stringify('x'.repeat(100 * 1024)));
    const result = await store().export(gzipSync(huge), {
      'content-type': 'application/json',
      'content-encoding': 'gzip',
    });

    expect(result.status).toBe(413);
    expect(result.json).toMatchObject({ code: 3 });
  });
});
