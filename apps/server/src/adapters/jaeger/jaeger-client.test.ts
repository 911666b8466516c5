/**
 * The real client against Jaeger's reference payloads (third_party/jaeger, vendored from
 * ../shared/jaeger) served by the embedded store or by a stub answering them verbatim, and
 * against servers that fail: unreachable, silent, overloaded, or not Jaeger at all.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { jaegerTraceSchema } from '@meshlens/mesh-core/api/traces';
import { fixture, useTraceStore } from '../../trace-store/trace-store.test-support.ts';
import { createJaegerClient } from './jaeger-client.ts';

const json = (name: string): unknown => JSON.parse(fixture(name).toString('utf8'));

let stubs: Server[] = [];
afterEach(async () => {
  await Promise.all(
    stubs.map(
      (s) =>
        new Promise<void>((resolve) => {
          s.closeAllConnections();
          s.close(() => {
            resolve();
          });
        }),
    ),
  );
  stubs = [];
});

/** A server on 127.0.0.1:0 answering with `handle`; its base URL. */
async function stub(handle: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const server = createServer(handle);
  stubs.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const answer =
  (status: number, body: string, seen?: string[]) =>
  (req: IncomingMessage, res: ServerResponse): void => {
    seen?.push(req.url ?? '');
    res.writeHead(status, { 'content-type': 'application/json' }).end(body);
  };

describe('Jaeger client: reference payloads', () => {
  const store = useTraceStore();

  it("reads back Jaeger's OTLP reference input exactly as Jaeger's reference /api/traces answer has it", async () => {
    const expected = json('otlp2jaeger-out.api-traces-response.json') as { data: unknown[] };
    await store().export(fixture('otlp2jaeger-in.otlp.json'));
    const client = createJaegerClient({ url: store().queryUrl });

    const found = await client.findTraces({
      service: 'telemetrygen',
      startUs: 1706678909000000,
      endUs: 1706678910000000,
    });
    const one = await client.getTrace('83a9efd15c1c98a977e0711cc93ee28b');

    expect(found).toEqual({ traces: expected.data, errors: null });
    expect(one).toEqual(expected.data[0]);
  });

  it("reads OpenTelemetry's example trace (upper-case ids) after it went in over OTLP", async () => {
    await store().export(fixture('otlp-examples-trace.json'));
    const client = createJaegerClient({ url: store().queryUrl });

    const trace = await client.getTrace('5B8EFFF798038103D269B633813FC60C');

    expect(trace.traceID).toBe('5b8efff798038103d269b633813fc60c');
    expect(trace.spans.map((s) => [s.operationName, s.startTime, s.duration])).toEqual([
      ["I'm a server span", 1544712660000000, 1000000],
    ]);
    expect(trace.processes).toEqual({ p1: { serviceName: 'my.service', tags: [] } });
  });

  it('passes on, as upstream, what the store refuses, with its message', async () => {
    const client = createJaegerClient({ url: store().queryUrl });

    const refused = client.findTraces({ service: 'x', lookback: 'fortnight' });

    await expect(refused).rejects.toMatchObject({ reason: 'upstream' });
    await expect(refused).rejects.toThrow(/HTTP 400: unable to parse param 'lookback'/);
  });
});

describe('Jaeger client: what it sends and parses', () => {
  it("parses Jaeger's UI model with every tag type, logs, references and warnings (ui_01)", async () => {
    const ui01 = json('ui_01.trace.json');
    const url = await stub(
      answer(200, JSON.stringify({ data: [ui01], total: 0, limit: 0, offset: 0, errors: null })),
    );

    const trace = await createJaegerClient({ url }).getTrace('1');

    expect(jaegerTraceSchema.safeParse(ui01).success).toBe(true);
    expect(trace).toEqual(ui01);
  });

  it('sends a search as Jaeger reads it: tags as JSON, durations with a unit, times in µs', async () => {
    const seen: string[] = [];
    const url = await stub(answer(200, '{"data":[],"total":0,"limit":0,"offset":0,"errors":null}', seen));

    const found = await createJaegerClient({ url }).findTraces({
      service: 'reviews.default',
      operation: 'op/*',
      tags: { error: 'true' },
      startUs: 1,
      endUs: 2,
      minDurationUs: 1500,
      maxDurationUs: 9000,
      limit: 20,
    });

    expect(found).toEqual({ traces: [], errors: null });
    const params = new URL(seen[0] ?? '', url).searchParams;
    expect(new URL(seen[0] ?? '', url).pathname).toBe('/api/traces');
    expect(Object.fromEntries(params)).toEqual({
      service: 'reviews.default',
      operation: 'op/*',
      tags: '{"error":"true"}',
      start: '1',
      end: '2',
      minDuration: '1500us',
      maxDuration: '9000us',
      limit: '20',
    });
  });

  it('reads service and operation names, an absent list as empty', async () => {
    const url = await stub((req, res) => {
      const body = req.url === '/api/services' ? '["a","b"]' : 'null';
      res.end(`{"data":${body},"total":2,"limit":0,"offset":0,"errors":null}`);
    });
    const client = createJaegerClient({ url });

    expect(await client.services()).toEqual(['a', 'b']);
    expect(await client.operations('a')).toEqual([]);
  });
});

describe('Jaeger client: failures', () => {
  it('calls an unreachable server unavailable, naming its URL', async () => {
    const url = await stub(answer(200, '{}'));
    const server = stubs.pop();
    await new Promise<void>((resolve) =>
      server?.close(() => {
        resolve();
      }),
    );

    const failed = createJaegerClient({ url }).services();

    await expect(failed).rejects.toMatchObject({ reason: 'unavailable' });
    await expect(failed).rejects.toThrow(`Jaeger at ${url} is unreachable`);
  });

  it('gives up on a server that does not answer in time, as unavailable', async () => {
    const url = await stub(() => undefined);

    const failed = createJaegerClient({ url, timeoutMs: 200 }).findTraces({ service: 'x' });

    await expect(failed).rejects.toMatchObject({ reason: 'unavailable' });
    await expect(failed).rejects.toThrow(/did not answer within 200 ms/);
  });

  it("calls Jaeger's 503 unavailable and other statuses upstream, with Jaeger's message", async () => {
    const busy = await stub(
      answer(
        503,
        '{"data":null,"total":0,"limit":0,"offset":0,"errors":[{"code":503,"msg":"storage busy"}]}',
      ),
    );
    const broken = await stub(answer(500, 'oops'));

    const a = createJaegerClient({ url: busy }).services();
    const b = createJaegerClient({ url: broken }).services();

    await expect(a).rejects.toMatchObject({
      reason: 'unavailable',
      message: `Jaeger at ${busy} answered /api/services with HTTP 503: storage busy`,
    });
    await expect(b).rejects.toMatchObject({
      reason: 'upstream',
      message: `Jaeger at ${broken} answered /api/services with HTTP 500`,
    });
  });

  it('refuses a body that is not Jaeger’s answer as upstream, saying what is wrong', async () => {
    const html = await stub(answer(200, '<html>login</html>'));
    const prometheus = await stub(
      answer(200, '{"status":"success","data":{"resultType":"vector","result":[]}}'),
    );
    const badSpan = await stub(
      answer(
        200,
        '{"data":[{"traceID":"1","spans":[{"spanID":"2"}],"processes":{},"warnings":null}],"total":0,"limit":0,"offset":0,"errors":null}',
      ),
    );

    const a = createJaegerClient({ url: html }).services();
    const b = createJaegerClient({ url: prometheus }).findTraces({ service: 'x' });
    const c = createJaegerClient({ url: badSpan }).getTrace('1');

    await expect(a).rejects.toMatchObject({
      reason: 'upstream',
      message: `Jaeger at ${html} answered /api/services with HTTP 200 and a body that is not JSON`,
    });
    await expect(b).rejects.toMatchObject({ reason: 'upstream' });
    await expect(b).rejects.toThrow(/not a Jaeger API response: body\.data: /);
    await expect(c).rejects.toThrow(/body\.data\[0\]\.spans\[0\]\.traceID/);
  });

  it('calls a 404 trace, or an empty answer for it, not found', async () => {
    const missing = await stub(
      answer(
        404,
        '{"data":null,"total":0,"limit":0,"offset":0,"errors":[{"code":404,"msg":"trace not found"}]}',
      ),
    );
    const empty = await stub(answer(200, '{"data":[],"total":0,"limit":0,"offset":0,"errors":null}'));

    await expect(createJaegerClient({ url: missing }).getTrace('ab')).rejects.toMatchObject({
      reason: 'not-found',
      message: 'Trace ab not found',
    });
    await expect(createJaegerClient({ url: empty }).getTrace('ab')).rejects.toMatchObject({
      reason: 'not-found',
    });
  });
});
