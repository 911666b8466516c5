/** The client's cache, deduplication, timeouts and unreachable servers, against a fake Prometheus. */
import { createServer } from 'node:net';
import type { AddressInfo, Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../../net/free-port.ts';
import { PrometheusError, consoleStatusOf } from './errors.ts';
import { PrometheusClient } from './prometheus-client.ts';
import type { PrometheusClientOptions } from './prometheus-client.ts';
import { startFakePrometheus, success } from './testing/fake-prometheus.ts';
import type { FakeAnswer, FakePrometheus, RecordedRequest } from './testing/fake-prometheus.ts';

const fakes: FakePrometheus[] = [];
const sockets: Server[] = [];
afterEach(async () => {
  for (const fake of fakes.splice(0)) await fake.close();
  for (const s of sockets.splice(0)) await new Promise((r) => s.close(r));
});

const T0_MS = 1_700_000_000_000;

/** A fake answering every query with one sample whose value is the request's number (1, 2, …). */
async function counting(
  options: Omit<PrometheusClientOptions, 'url'> = {},
  answer: (request: RecordedRequest, n: number) => FakeAnswer | undefined = () => undefined,
): Promise<{ fake: FakePrometheus; client: PrometheusClient; clock: { ms: number } }> {
  const clock = { ms: T0_MS };
  const fake = await startFakePrometheus((request) => {
    const n = fake.requests.length;
    return (
      answer(request, n) ??
      success({ resultType: 'vector', result: [{ metric: {}, value: [1700000000, String(n)] }] })
    );
  });
  fakes.push(fake);
  const client = new PrometheusClient({ url: fake.url, clock: () => clock.ms, ...options });
  return { fake, client, clock };
}

async function valueOf(call: Promise<{ result: readonly { value: readonly [number, number] }[] }>) {
  return (await call).result[0]?.value[1];
}

async function failure(call: Promise<unknown>): Promise<PrometheusError> {
  const error: unknown = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PrometheusError);
  return error as PrometheusError;
}

describe('PrometheusClient cache', () => {
  it('makes one request for N identical concurrent queries, all getting its answer', async () => {
    const { fake, client } = await counting({}, () => ({
      ...success({ resultType: 'vector', result: [{ metric: {}, value: [1, '7'] }] }),
      delayMs: 100,
    }));
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => valueOf(client.queryVector('sum(up)', { timeSeconds: 1700000001 }))),
    );
    expect(answers).toEqual(Array<number>(10).fill(7));
    expect(fake.requests).toHaveLength(1);
  });

  it('serves an identical query from cache within the TTL, and asks again after it', async () => {
    const { fake, client, clock } = await counting({ cacheTtlMs: 5000 });
    expect(await valueOf(client.queryVector('sum(up)'))).toBe(1);
    clock.ms += 4000;
    expect(await valueOf(client.queryVector('sum(up)'))).toBe(1);
    clock.ms += 1001;
    expect(await valueOf(client.queryVector('sum(up)'))).toBe(2);
    expect(fake.requests).toHaveLength(2);
  });

  it('treats times within one bucket as the same query, sending the bucket’s start', async () => {
    const { fake, client, clock } = await counting({ timeBucketSeconds: 5, cacheTtlMs: 60_000 });
    clock.ms = T0_MS + 1200; // now = …000.2 s → bucket …000
    expect(await valueOf(client.queryVector('sum(up)'))).toBe(1);
    expect(await valueOf(client.queryVector('sum(up)', { timeSeconds: 1700000004.9 }))).toBe(1);
    expect(await valueOf(client.queryVector('sum(up)', { timeSeconds: 1700000005 }))).toBe(2);
    expect(await valueOf(client.queryVector('sum(down)', { timeSeconds: 1700000005 }))).toBe(3);
    expect(fake.requests.map((r) => [r.params.get('query'), r.params.get('time')])).toEqual([
      ['sum(up)', '1700000000'],
      ['sum(up)', '1700000005'],
      ['sum(down)', '1700000005'],
    ]);
  });

  it('does not keep failures: the next identical call asks again', async () => {
    const { fake, client } = await counting({}, (_, n) =>
      n === 1
        ? { status: 503, body: { status: 'error', errorType: 'unavailable', error: 'starting' } }
        : undefined,
    );
    const error = await failure(client.queryVector('sum(up)', { timeSeconds: 1700000000 }));
    expect(error.errorType).toBe('unavailable');
    expect(await valueOf(client.queryVector('sum(up)', { timeSeconds: 1700000000 }))).toBe(2);
    expect(fake.requests).toHaveLength(2);
  });

  it('keeps at most cacheMaxEntries answers, dropping the least recently used', async () => {
    const { fake, client } = await counting({ cacheMaxEntries: 2 });
    const at = { timeSeconds: 1700000000 };
    await client.queryVector('a', at);
    await client.queryVector('b', at);
    await client.queryVector('a', at); // a is now the most recent
    await client.queryVector('c', at); // drops b
    await client.queryVector('a', at);
    await client.queryVector('b', at);
    expect(fake.requests.map((r) => r.params.get('query'))).toEqual(['a', 'b', 'c', 'b']);
  });

  it('with cacheTtlMs 0 asks every time but still shares a request in flight', async () => {
    const { fake, client } = await counting({ cacheTtlMs: 0 }, () => ({
      ...success({ resultType: 'vector', result: [] }),
      delayMs: 50,
    }));
    await Promise.all([client.query('up'), client.query('up')]);
    await client.query('up');
    expect(fake.requests).toHaveLength(2);
  });
});

describe('PrometheusClient without an answer', () => {
  it('gives up after timeoutMs with an upstream error naming the URL', async () => {
    const { fake, client } = await counting({ timeoutMs: 200 }, () => ({
      ...success({ resultType: 'vector', result: [] }),
      delayMs: 5000,
    }));
    const started = performance.now();
    const error = await failure(client.query('up'));
    expect(performance.now() - started).toBeLessThan(2000);
    expect(error.reason).toBe('upstream');
    expect(error.message).toBe(
      `Prometheus at ${fake.url} is unreachable: /api/v1/query did not answer within 200 ms`,
    );
    expect(consoleStatusOf(error)).toBe(503);
  });

  it('says a server that refuses connections is unreachable, naming the URL and the socket error', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const client = new PrometheusClient({ url, timeoutMs: 5000 });
    const error = await failure(client.buildInfo());
    expect(error).toMatchObject({ reason: 'upstream', url, path: '/api/v1/status/buildinfo' });
    expect(error.message).toBe(`Prometheus at ${url} is unreachable: connect ECONNREFUSED 127.0.0.1:${port}`);
    expect(consoleStatusOf(error)).toBe(503);
  });

  it('says a server that closes the connection without answering is unreachable', async () => {
    const server = createServer((socket) => socket.destroy());
    sockets.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const error = await failure(new PrometheusClient({ url, timeoutMs: 5000 }).query('up'));
    expect(error.reason).toBe('upstream');
    expect(error.message).toMatch(new RegExp(`^Prometheus at ${url} is unreachable: \\S`));
    expect(error.message).not.toMatch(/fetch failed/);
  });
});
