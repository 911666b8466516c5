import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { RequestListener, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { freePort } from '../../../mesh/sidecar/testing/processes.ts';
import { prometheusConfigYaml } from './config.ts';
import { PrometheusRuntimeError, resolvePrometheus, startPrometheus } from './prometheus-process.ts';
import type { PrometheusProcess } from './prometheus-process.ts';
import { PROMETHEUS_TARGETS_PATH, serveTargets } from './targets.ts';
import type { ScrapeProxy } from './targets.ts';

let dir = '';
const servers: Server[] = [];
const started: PrometheusProcess[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'meshlens-prometheus-'));
});
afterEach(async () => {
  for (const p of started.splice(0)) await p.stop();
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function listen(handler: RequestListener): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A stand-in for a sidecar's admin endpoint: one Istio request counter for its workload. */
function adminEndpoint(workload: string, app: string, version: string): Promise<string> {
  const sample =
    '# TYPE istio_requests_total counter\n' +
    `istio_requests_total{reporter="destination",destination_workload="${workload}",` +
    `destination_workload_namespace="default",destination_app="${app}",destination_version="${version}",` +
    `source_workload="productpage-v1",response_code="200",response_flags="-"} 3\n`;
  return listen((req, res) => {
    if (req.url === '/stats/prometheus') res.writeHead(200, { 'content-type': 'text/plain' }).end(sample);
    else res.writeHead(404).end();
  });
}

function proxy(address: string, pod: string, workload: string, version: string): ScrapeProxy {
  return {
    adminAddress: address,
    namespace: 'default',
    pod,
    workload,
    labels: { app: workload.replace(/-v\d+$/, ''), version },
    kind: 'sidecar',
  };
}

const queryResponse = z.object({
  status: z.literal('success'),
  data: z.object({
    result: z.array(
      z.object({ metric: z.record(z.string(), z.string()), value: z.tuple([z.number(), z.string()]) }),
    ),
  }),
});
type Series = z.infer<typeof queryResponse>['data']['result'];

/** Polls Prometheus's query API until the query returns series, for at most 30 s. */
async function seriesOf(prometheusUrl: string, query: string): Promise<Series> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const response = await fetch(
      `${prometheusUrl}/api/v1/query?${new URLSearchParams({ query }).toString()}`,
    );
    const result = queryResponse.parse(await response.json()).data.result;
    if (result.length > 0) return result;
    if (Date.now() > deadline) throw new Error(`no series for ${query} in 30 s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function gone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

describe('startPrometheus', () => {
  it('runs Prometheus on the proxies the control plane lists, with their labels, until stopped', async () => {
    const proxies = [
      proxy(await adminEndpoint('reviews-v1', 'reviews', 'v1'), 'reviews-v1-0', 'reviews-v1', 'v1'),
    ];
    const targetsUrl = `http://${await listen((req, res) => {
      if (!serveTargets(() => proxies)(req, res)) res.writeHead(404).end();
    })}${PROMETHEUS_TARGETS_PATH}`;
    const dataDir = join(dir, 'mesh');
    const prometheus = await startPrometheus({ dataDir, port: await freePort(), targetsUrl });
    started.push(prometheus);

    const [reviews] = await seriesOf(
      prometheus.url,
      'istio_requests_total{destination_workload="reviews-v1"}',
    );
    expect(reviews?.metric).toEqual({
      __name__: 'istio_requests_total',
      job: 'kubernetes-pods',
      instance: proxies[0]?.adminAddress,
      namespace: 'default',
      pod: 'reviews-v1-0',
      workload: 'reviews-v1',
      app: 'reviews',
      version: 'v1',
      reporter: 'destination',
      destination_workload: 'reviews-v1',
      destination_workload_namespace: 'default',
      destination_app: 'reviews',
      destination_version: 'v1',
      source_workload: 'productpage-v1',
      response_code: '200',
      response_flags: '-',
    });
    expect(reviews?.value[1]).toBe('3');

    // A proxy that joins later is scraped after the next target refresh (5 s).
    proxies.push(
      proxy(await adminEndpoint('ratings-v1', 'ratings', 'v1'), 'ratings-v1-0', 'ratings-v1', 'v1'),
    );
    const [ratings] = await seriesOf(prometheus.url, 'istio_requests_total{pod="ratings-v1-0"}');
    expect(ratings?.metric).toMatchObject({ namespace: 'default', app: 'ratings', version: 'v1' });

    expect(await readFile(prometheus.configFile, 'utf8')).toBe(prometheusConfigYaml({ targetsUrl }));
    expect(prometheus.configFile).toBe(join(dataDir, 'prometheus', 'prometheus.yml'));
    expect(await readdir(join(dataDir, 'prometheus', 'data'))).toContain('wal');
    expect(prometheus.log().join('\n')).toContain('Server is ready to receive web requests.');

    // A second Prometheus on the same data directory is refused by the TSDB lock, and says so.
    const second = startPrometheus({ dataDir, port: await freePort(), targetsUrl }).then((p) => {
      started.push(p);
      return p;
    });
    await expect(second).rejects.toMatchObject({
      code: 'data-dir-locked',
      message: expect.stringContaining(
        `another Prometheus is using ${join(dataDir, 'prometheus', 'data')}`,
      ) as unknown,
    });

    await prometheus.stop();
    expect(await prometheus.exited).toEqual({ code: 0, signal: null });
    expect(gone(prometheus.pid)).toBe(true);
  }, 90_000);

  it('says how to get Prometheus when the binary is missing', async () => {
    const start = startPrometheus({
      dataDir: join(dir, 'missing'),
      port: await freePort(),
      targetsUrl: 'http://127.0.0.1:1/v1/prometheus/targets',
      binary: join(dir, 'no-such-prometheus'),
    });
    await expect(start).rejects.toBeInstanceOf(PrometheusRuntimeError);
    await expect(start).rejects.toMatchObject({
      code: 'binary-missing',
      message: expect.stringMatching(
        /not found: run `bash scripts\/setup.sh`.*or set PROMETHEUS_URL/,
      ) as unknown,
    });
  });

  it('names the port when it is in use, and starts nothing', async () => {
    const taken = Number((await listen((_, res) => res.end())).split(':')[1]);
    await expect(
      startPrometheus({ dataDir: join(dir, 'taken'), port: taken, targetsUrl: 'http://127.0.0.1:1/t' }),
    ).rejects.toMatchObject({
      code: 'port-in-use',
      message: expect.stringContaining(`port ${taken} on 127.0.0.1`) as unknown,
    });
  });

  it('reports an exit during start-up with the process’s last log lines', async () => {
    const script = join(dir, 'exits.sh');
    await writeFile(script, '#!/bin/sh\necho "err: bad flag $1" >&2\nexit 3\n');
    await chmod(script, 0o755);
    const start = startPrometheus({
      dataDir: join(dir, 'exits'),
      port: await freePort(),
      targetsUrl: 'http://127.0.0.1:1/t',
      binary: script,
    });
    await expect(start).rejects.toMatchObject({
      code: 'exited',
      message: expect.stringMatching(
        /exited with code 3 while starting.*\nerr: bad flag --config.file=/s,
      ) as unknown,
    });
  });

  it('kills a process that ignores SIGTERM once the stop timeout passes', async () => {
    // A stand-in binary that serves /-/ready on the address it is given and ignores SIGTERM.
    const script = join(dir, 'stubborn.mjs');
    await writeFile(
      script,
      `#!${process.execPath}\n` +
        "import { createServer } from 'node:http';\n" +
        "const [host, port] = process.argv.find((a) => a.startsWith('--web.listen-address=')).split('=')[1].split(':');\n" +
        "process.on('SIGTERM', () => console.log('ignoring SIGTERM'));\n" +
        'createServer((_, res) => res.end()).listen(Number(port), host);\n',
    );
    await chmod(script, 0o755);
    const stubborn = await startPrometheus({
      dataDir: join(dir, 'stubborn'),
      port: await freePort(),
      targetsUrl: 'http://127.0.0.1:1/t',
      binary: script,
      stopTimeoutMs: 300,
    });
    started.push(stubborn);
    await stubborn.stop();
    expect(await stubborn.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(stubborn.log()).toContain('ignoring SIGTERM');
    expect(gone(stubborn.pid)).toBe(true);
  });
});

describe('resolvePrometheus', () => {
  it.each([
    [{}, { mode: 'managed' }],
    [{ PROMETHEUS_URL: '' }, { mode: 'managed' }],
    [{ PROMETHEUS_URL: 'http://prometheus:9090' }, { mode: 'external', url: 'http://prometheus:9090' }],
    [
      { PROMETHEUS_URL: 'https://mon.example/prometheus/' },
      { mode: 'external', url: 'https://mon.example/prometheus' },
    ],
  ])('%j → %j, starting nothing', (env, expected) => {
    expect(resolvePrometheus(env)).toEqual(expected);
  });

  it.each([
    ['prometheus:9090', /has scheme prometheus:, not http or https/],
    ['localhost', /is not a URL/],
    ['ftp://prometheus:9090', /has scheme ftp:/],
    ['http://prometheus:9090/?x=1', /has a query or fragment/],
  ])('refuses PROMETHEUS_URL=%s, naming the variable', (value, reason) => {
    expect(() => resolvePrometheus({ PROMETHEUS_URL: value })).toThrow(PrometheusRuntimeError);
    expect(() => resolvePrometheus({ PROMETHEUS_URL: value })).toThrow(
      new RegExp(`^PROMETHEUS_URL "${value.replace(/[.?/]/g, '\\$&')}" ${reason.source}`),
    );
  });
});
