/**
 * The logs endpoints over real HTTP (the router, the console's 404 and error middleware) with a
 * fake log source: Kiali's parameters, the Meshlens filters, and a 400 or 404 naming what is wrong.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { podLogsSchema } from '@meshlens/mesh-core/api/logs';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorBodySchema } from '../errors.ts';
import { createLogsService } from '../services/logs-service.ts';
import { fakeLogSource, line } from '../testing/logs-fake-source.ts';
import { consoleErrorHandler, notFoundHandler } from './error-handler.ts';
import { createLogsRouter, parseGoDuration } from './logs-routes.ts';

const T0 = Date.UTC(2026, 10, 30, 12, 0, 0);

const accessLine = (status: number, flags: string, path: string): string =>
  `[${new Date(T0).toISOString()}] "GET ${path} HTTP/1.1" ${status} ${flags} via_upstream - "-" 0 9 1 1 "-" "curl" ` +
  '"rid" "details:9080" "127.0.0.1:1" outbound|9080||details.default.svc.cluster.local - - - - default';

const source = fakeLogSource({
  pods: [
    {
      namespace: 'default',
      workload: 'details-v1',
      pod: 'details-v1-0',
      containers: {
        details: [line('GET /details/0 took 3ms', T0 + 10), line('error: (a+)+b timeout', T0 + 20, 'stderr')],
        'istio-proxy': [
          line(accessLine(200, '-', '/details/0'), T0 + 30),
          line(accessLine(503, 'UH', '/x'), T0 + 40),
        ],
      },
    },
    {
      namespace: 'default',
      workload: 'details-v1',
      pod: 'details-v1-1',
      containers: { details: [line('GET /details/1 took 1ms', T0 + 15)], 'istio-proxy': [] },
    },
  ],
});

describe('logs endpoints over HTTP', () => {
  let server: Server;
  let base: string;

  beforeAll(async () => {
    const app = express();
    app.use(createLogsRouter({ logs: createLogsService({ source }) }));
    app.use(notFoundHandler);
    app.use(consoleErrorHandler());
    server = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  async function get(path: string): Promise<{ status: number; body: unknown }> {
    const r = await fetch(`${base}${path}`, { signal: AbortSignal.timeout(10_000) });
    return { status: r.status, body: await r.json() };
  }

  it('answers a pod’s proxy access log with its parsed fields', async () => {
    const { status, body } = await get(
      '/api/namespaces/default/pods/details-v1-0/logs?container=istio-proxy&logType=proxy',
    );
    expect(status).toBe(200);
    const logs = podLogsSchema.parse(body);
    expect(
      logs.entries.map((e) => [e.accessLog?.status_code, e.accessLog?.response_flags, e.accessLog?.uri_path]),
    ).toEqual([
      ['200', '-', '/details/0'],
      ['503', 'UH', '/x'],
    ]);
  });

  it('merges a workload’s pods in time order', async () => {
    const { status, body } = await get('/api/namespaces/default/workloads/details-v1/logs?container=details');
    expect(status).toBe(200);
    expect(podLogsSchema.parse(body).entries.map((e) => `${e.pod}: ${e.message}`)).toEqual([
      'details-v1-0: GET /details/0 took 3ms',
      'details-v1-1: GET /details/1 took 1ms',
      'details-v1-0: error: (a+)+b timeout',
    ]);
  });

  it.each([
    ['query=took', ['GET /details/0 took 3ms', 'GET /details/1 took 1ms']],
    // A pattern that backtracks catastrophically elsewhere is linear here.
    [`query=${encodeURIComponent('(a+)+b')}&regex=true`, []],
    [`query=${encodeURIComponent('(a+)+b')}`, ['error: (a+)+b timeout']],
    [
      `query=${encodeURIComponent('details/\\d')}&regex=true&container=details`,
      ['GET /details/0 took 3ms', 'GET /details/1 took 1ms'],
    ],
    ['severity=error', ['error: (a+)+b timeout']],
    ['maxLines=1&container=details', ['GET /details/0 took 3ms']],
    [`sinceTime=${Math.floor((T0 + 1000) / 1000)}`, []],
  ])('filters with %s', async (query, messages) => {
    const { status, body } = await get(`/api/namespaces/default/workloads/details-v1/logs?${query}`);
    expect(status).toBe(200);
    expect(podLogsSchema.parse(body).entries.map((e) => e.message)).toEqual(messages);
  });

  it('says when maxLines cut lines off', async () => {
    const { body } = await get('/api/namespaces/default/pods/details-v1-0/logs?maxLines=1');
    expect(podLogsSchema.parse(body).linesTruncated).toBe(true);
  });

  it.each([
    ['maxLines=0', 'maxLines', 'Invalid maxLines [0]: a positive integer expected'],
    ['maxLines=ten', 'maxLines', 'Invalid maxLines [ten]: a positive integer expected'],
    ['sinceTime=-5', 'sinceTime', 'Invalid sinceTime [-5]: unix seconds expected'],
    ['sinceTime=2026-11-30', 'sinceTime', 'Invalid sinceTime [2026-11-30]: unix seconds expected'],
    ['duration=10', 'duration', 'Invalid duration [10]: a positive Go duration such as 30s or 1h expected'],
    ['container=', 'container', 'Invalid container: it is empty'],
    [
      'container=app',
      'container',
      'container [app] is not valid for pod [details-v1-0]: choose one of [details, istio-proxy]',
    ],
    ['logType=ztunnel', 'logType', 'Invalid logType [ztunnel]: Meshlens runs no ambient mode'],
    ['logType=all', 'logType', 'Invalid logType [all]: use app or proxy'],
    ['query=(&regex=true', 'query', undefined],
    ['query=x&regex=yes', 'regex', 'Invalid regex [yes]: must be true or false'],
    [`query=${encodeURIComponent('(?=x)')}&regex=true`, 'query', undefined],
    [
      `query=${'a'.repeat(1025)}&regex=true`,
      'query',
      'Invalid query: a regex of at most 1024 characters is accepted',
    ],
    ['severity=loud', 'severity', 'Invalid severity [loud]: use INFO, WARN, ERROR, DEBUG, TRACE'],
  ])('answers 400 for %s naming %s', async (query, param, message) => {
    const { status, body } = await get(`/api/namespaces/default/pods/details-v1-0/logs?${query}`);
    expect(status).toBe(400);
    const error = errorBodySchema.parse(body);
    expect(error).toMatchObject({ reason: 'input', param });
    if (message !== undefined) expect(error.error).toBe(message);
  });

  it.each([
    ['/api/namespaces/nope/pods/details-v1-0/logs', 'Namespace [nope] does not exist.'],
    [
      '/api/namespaces/default/pods/details-v9-0/logs',
      'Pod [details-v9-0] does not exist in namespace [default].',
    ],
    [
      '/api/namespaces/default/workloads/ratings-v1/logs',
      'Workload [ratings-v1] does not exist in namespace [default].',
    ],
  ])('answers 404 for %s', async (path, message) => {
    expect(await get(path)).toEqual({ status: 404, body: { error: message, reason: 'not-found' } });
  });
});

describe('parseGoDuration', () => {
  it.each([
    ['30s', 30_000],
    ['1h30m', 5_400_000],
    ['1.5h', 5_400_000],
    ['250ms', 250],
    ['1500us', 1.5],
    ['10', undefined],
    ['', undefined],
    ['5 s', undefined],
    ['-5s', undefined],
    ['1d', undefined],
  ])('%s → %s', (text, ms) => {
    expect(parseGoDuration(text)).toBe(ms);
  });
});
