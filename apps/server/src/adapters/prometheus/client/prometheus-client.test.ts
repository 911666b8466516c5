import { afterEach, describe, expect, it } from 'vitest';
import { PrometheusError, consoleStatusOf } from './errors.ts';
import { PrometheusClient } from './prometheus-client.ts';
import type { PrometheusClientOptions } from './prometheus-client.ts';
import { parseSampleValue } from './schema.ts';
import { startFakePrometheus, success } from './testing/fake-prometheus.ts';
import type { FakeAnswer, FakePrometheus, RecordedRequest } from './testing/fake-prometheus.ts';

const fakes: FakePrometheus[] = [];
afterEach(async () => {
  for (const fake of fakes.splice(0)) await fake.close();
});

async function serve(
  handler: (request: RecordedRequest) => FakeAnswer,
  options: Omit<PrometheusClientOptions, 'url'> = {},
): Promise<{ fake: FakePrometheus; client: PrometheusClient }> {
  const fake = await startFakePrometheus(handler);
  fakes.push(fake);
  return { fake, client: new PrometheusClient({ url: fake.url, cacheTtlMs: 0, ...options }) };
}

/** The error a call fails with; fails the test if it succeeds or throws something else. */
async function failure(call: Promise<unknown>): Promise<PrometheusError> {
  const error: unknown = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PrometheusError);
  return error as PrometheusError;
}

const productpage = { __name__: 'istio_requests_total', source_workload: 'productpage-v1' };

describe('parseSampleValue', () => {
  it.each([
    ['1', 1],
    ['0.25', 0.25],
    ['-3.5', -3.5],
    ['1e-7', 1e-7],
    ['+Inf', Number.POSITIVE_INFINITY],
    ['-Inf', Number.NEGATIVE_INFINITY],
    ['NaN', Number.NaN],
  ])('%s → %d', (text, value) => {
    expect(parseSampleValue(text)).toBe(value);
  });

  it.each(['', ' ', 'abc', '1,5', 'Infinity', '0x10'])('refuses %j', (text) => {
    expect(parseSampleValue(text)).toBeUndefined();
  });
});

describe('PrometheusClient responses', () => {
  it('parses a vector, keeping NaN and ±Inf as numbers, and sends query and time', async () => {
    const { fake, client } = await serve(() =>
      success({
        resultType: 'vector',
        result: [
          { metric: productpage, value: [1700000000, '2.5'] },
          { metric: { le: '+Inf' }, value: [1700000000, '+Inf'] },
          { metric: { le: '-Inf' }, value: [1700000000, '-Inf'] },
          { metric: {}, value: [1700000000.5, 'NaN'] },
        ],
      }),
    );
    const answer = await client.queryVector('sum(rate(istio_requests_total[1m]))', {
      timeSeconds: 1700000003.2,
    });
    expect(answer).toEqual({
      result: [
        { metric: productpage, value: [1700000000, 2.5] },
        { metric: { le: '+Inf' }, value: [1700000000, Number.POSITIVE_INFINITY] },
        { metric: { le: '-Inf' }, value: [1700000000, Number.NEGATIVE_INFINITY] },
        { metric: {}, value: [1700000000.5, Number.NaN] },
      ],
      timeSeconds: 1700000000,
      warnings: [],
    });
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]?.method).toBe('GET');
    expect(fake.requests[0]?.path).toBe('/api/v1/query');
    expect(Object.fromEntries(fake.requests[0]?.params ?? [])).toEqual({
      query: 'sum(rate(istio_requests_total[1m]))',
      time: '1700000000',
    });
  });

  it.each([
    [{ resultType: 'scalar', result: [1700000000, '42'] }, [1700000000, 42]],
    [{ resultType: 'string', result: [1700000000, 'hello'] }, [1700000000, 'hello']],
    [
      { resultType: 'matrix', result: [{ metric: {}, values: [[1700000000, '1']] }] },
      [{ metric: {}, values: [[1700000000, 1]] }],
    ],
  ])('parses an instant %j', async (data, result) => {
    const { client } = await serve(() => success(data));
    const answer = await client.query('x', { timeSeconds: 1700000000 });
    expect(answer).toMatchObject({ resultType: data.resultType, result });
  });

  it('returns a range query’s matrix with the step-aligned range it asked for', async () => {
    const { fake, client } = await serve(() =>
      success(
        {
          resultType: 'matrix',
          result: [
            {
              metric: productpage,
              values: [
                [1700000010, '1'],
                [1700000025, 'NaN'],
              ],
            },
          ],
        },
        { warnings: ['partial answer'], infos: ['PromQL info: metric might not be a counter'] },
      ),
    );
    const answer = await client.queryRange('rate(istio_requests_total[1m])', {
      startSeconds: 1700000012,
      endSeconds: 1700000031.9,
      stepSeconds: 15,
    });
    expect(answer).toEqual({
      result: [
        {
          metric: productpage,
          values: [
            [1700000010, 1],
            [1700000025, Number.NaN],
          ],
        },
      ],
      startSeconds: 1700000010,
      endSeconds: 1700000025,
      stepSeconds: 15,
      warnings: ['partial answer', 'PromQL info: metric might not be a counter'],
    });
    expect(fake.requests[0]?.path).toBe('/api/v1/query_range');
    expect(Object.fromEntries(fake.requests[0]?.params ?? [])).toMatchObject({
      start: '1700000010',
      end: '1700000025',
      step: '15',
    });
  });

  it('lists series with every match[] and label values, and reads buildinfo', async () => {
    const { fake, client } = await serve((request) => {
      if (request.path === '/api/v1/series') return success([productpage]);
      if (request.path === '/api/v1/label/destination_workload/values') return success(['reviews-v2']);
      return success({ version: '2.42.0', revision: 'abc', goVersion: 'go1.19', extra: 1 });
    });
    const series = await client.series(['istio_requests_total', 'up'], {
      startSeconds: 1700000001,
      endSeconds: 1700000009,
    });
    expect(series).toEqual({ result: [productpage], warnings: [] });
    expect(fake.requests[0]?.params.getAll('match[]')).toEqual(['istio_requests_total', 'up']);
    expect(fake.requests[0]?.params.get('start')).toBe('1700000000');
    expect(fake.requests[0]?.params.get('end')).toBe('1700000005');

    const values = await client.labelValues('destination_workload', { match: ['istio_requests_total'] });
    expect(values.result).toEqual(['reviews-v2']);
    expect(fake.requests[1]?.params.getAll('match[]')).toEqual(['istio_requests_total']);

    expect(await client.buildInfo()).toEqual({ version: '2.42.0', revision: 'abc', goVersion: 'go1.19' });
  });

  it('POSTs a form when the parameters are longer than maxGetQueryLength, GETs otherwise', async () => {
    const { fake, client } = await serve(
      (request) => success(request.path === '/api/v1/query' ? { resultType: 'vector', result: [] } : []),
      {
        maxGetQueryLength: 100,
      },
    );
    const long = `sum(rate(istio_requests_total{source_workload=~"${'a|'.repeat(100)}b"}[1m]))`;
    await client.query('up', { timeSeconds: 1700000000 });
    await client.query(long, { timeSeconds: 1700000000 });
    await client.series([long]);
    await client.labelValues('app', { match: [long] });
    expect(fake.requests.map((r) => [r.method, r.contentType])).toEqual([
      ['GET', undefined],
      ['POST', 'application/x-www-form-urlencoded'],
      ['POST', 'application/x-www-form-urlencoded'],
      // Prometheus serves label values on GET only.
      ['GET', undefined],
    ]);
    expect(fake.requests[1]?.params.get('query')).toBe(long);
    expect(fake.requests[2]?.params.get('match[]')).toBe(long);
  });

  it('sends the configured headers and keeps a base path', async () => {
    const fake = await startFakePrometheus(() => success({ version: '2.42.0' }));
    fakes.push(fake);
    const client = new PrometheusClient({
      url: `${fake.url}/prometheus/`,
      headers: { authorization: 'Bearer t' },
    });
    expect(client.url).toBe(`${fake.url}/prometheus`);
    await client.buildInfo();
    expect(fake.requests[0]?.path).toBe('/prometheus/api/v1/status/buildinfo');
    expect(fake.requests[0]?.headers['authorization']).toBe('Bearer t');
  });
});

describe('PrometheusClient errors', () => {
  it.each([
    ['bad_data', 400, 400],
    ['execution', 422, 422],
    ['timeout', 503, 503],
    ['canceled', 503, 503],
    ['internal', 500, 502],
    ['something_new', 500, 502],
  ])(
    'carries Prometheus’s %s error and its message; the console answers %i→%i',
    async (errorType, status, consoleStatus) => {
      const message = 'invalid parameter "query": 1:5: parse error: unclosed left parenthesis';
      const { fake, client } = await serve(() => ({
        status,
        body: { status: 'error', errorType, error: message },
      }));
      const error = await failure(client.query('sum(', { timeSeconds: 1700000000 }));
      expect(error).toMatchObject({
        reason: 'query',
        errorType,
        prometheusMessage: message,
        httpStatus: status,
        url: fake.url,
        path: '/api/v1/query',
        query: 'sum(',
      });
      expect(error.message).toBe(
        `Prometheus at ${fake.url} answered /api/v1/query with an error (${errorType}): ${message}`,
      );
      expect(consoleStatusOf(error)).toBe(consoleStatus);
    },
  );

  it.each([
    [
      'a sample value that is not a number',
      { resultType: 'vector', result: [{ metric: {}, value: [1, 'abc'] }] },
      /data that does not parse: data\.result\[0\]\.value\[1\]: "abc" is not a sample value/,
    ],
    [
      'an unknown result type',
      { resultType: 'histogram', result: [] },
      /data that does not parse: data\.resultType: /,
    ],
    ['no data', undefined, /a body that is not a Prometheus API response: body\.data: missing/],
    [
      'a label value that is not a string',
      { resultType: 'vector', result: [{ metric: { code: 200 }, value: [1, '1'] }] },
      /data\.result\[0\]\.metric\.code: /,
    ],
  ])('names what failed to parse: %s', async (_, data, message) => {
    const { client } = await serve(() => ({ body: { status: 'success', data } }));
    const error = await failure(client.query('up'));
    expect(error.reason).toBe('malformed');
    expect(error.message).toMatch(message);
    expect(consoleStatusOf(error)).toBe(502);
  });

  it.each([
    [
      200,
      'not json at all',
      'malformed',
      /answered \/api\/v1\/query with HTTP 200 and a body that is not JSON: not json at all/,
    ],
    [404, '404 page not found', 'malformed', /with HTTP 404 and a body that is not JSON: 404 page not found/],
    [
      200,
      { data: [] },
      'malformed',
      /with HTTP 200 and a body that is not a Prometheus API response: body\.status: /,
    ],
    [
      502,
      '<html>Bad Gateway</html>',
      'upstream',
      /is unreachable: \/api\/v1\/query answered HTTP 502: <html>Bad Gateway<\/html>/,
    ],
  ])('HTTP %i with %j → %s', async (status, body, reason, message) => {
    const { fake, client } = await serve(() => ({ status, body, contentType: 'text/plain' }));
    const error = await failure(client.query('up'));
    expect(error).toMatchObject({ reason, httpStatus: status });
    expect(error.message).toMatch(new RegExp(`^Prometheus at ${fake.url} `));
    expect(error.message).toMatch(message);
  });

  it('refuses a vector query whose expression is not an instant vector', async () => {
    const { client } = await serve(() => success({ resultType: 'scalar', result: [1, '1'] }));
    const error = await failure(client.queryVector('scalar(up)'));
    expect(error.reason).toBe('malformed');
    expect(error.message).toMatch(/answered a scalar where an instant vector was expected/);
  });

  it.each([
    [
      'a step of 0',
      (c: PrometheusClient) => c.queryRange('up', { startSeconds: 0, endSeconds: 60, stepSeconds: 0 }),
      /stepSeconds 0/,
    ],
    [
      'end before start',
      (c: PrometheusClient) => c.queryRange('up', { startSeconds: 60, endSeconds: 0, stepSeconds: 15 }),
      /endSeconds 0 is before startSeconds 60/,
    ],
    [
      'too many points',
      (c: PrometheusClient) => c.queryRange('up', { startSeconds: 0, endSeconds: 86400, stepSeconds: 1 }),
      /86401 points; Prometheus allows 11000: use a larger step/,
    ],
    [
      'a non-finite time',
      (c: PrometheusClient) => c.query('up', { timeSeconds: Number.NaN }),
      /timeSeconds NaN is not a time/,
    ],
    ['no series selector', (c: PrometheusClient) => c.series([]), /at least one match\[\]/],
    [
      'a bad label name',
      (c: PrometheusClient) => c.labelValues('../status/config'),
      /"..\/status\/config" is not a label name/,
    ],
  ])('refuses %s as input, sending nothing', async (_, call, message) => {
    const { fake, client } = await serve(() => success([]));
    const error = await failure(call(client));
    expect(error.reason).toBe('input');
    expect(error.message).toMatch(message);
    expect(consoleStatusOf(error)).toBe(400);
    expect(fake.requests).toHaveLength(0);
  });

  it.each([
    [{ timeoutMs: 0 }, /option timeoutMs 0 is not a number > 0/],
    [{ cacheTtlMs: -1 }, /option cacheTtlMs -1 is not a number ≥ 0/],
    [{ timeBucketSeconds: Number.NaN }, /option timeBucketSeconds NaN/],
  ])('refuses the option %j', (options, message) => {
    expect(() => new PrometheusClient({ url: 'http://127.0.0.1:9090', ...options })).toThrow(message);
  });

  it.each(['prometheus:9090', 'ftp://prometheus', 'not a url'])('refuses the base URL %j', (url) => {
    expect(() => new PrometheusClient({ url })).toThrow(/is not an http\(s\) URL|is not a URL/);
  });
});
