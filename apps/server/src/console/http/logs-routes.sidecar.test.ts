/**
 * The logs endpoint over a real sidecar and app process, run as the local platform runs them
 * (`ManagedProcess`, whose `LogTail`s keep the lines): requests sent through the sidecar come back
 * from `GET /api/namespaces/{ns}/pods/{pod}/logs` as access-log entries with their parsed status,
 * flags and upstream cluster, and the app's stderr comes back with its severity.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PodLogsJson } from '@meshlens/mesh-core/api/logs';
import { podLogsSchema } from '@meshlens/mesh-core/api/logs';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sidecarBundle, sidecarNodeFlags } from '../../../bin/build-sidecar.js';
import { ManagedProcess } from '../../mesh/platform/supervisor.ts';
import { compileProxy, meshFromYaml, writeSnapshot } from '../../mesh/sidecar/testing/mesh-fixture.ts';
import { httpRequest } from '../../mesh/sidecar/testing/mesh-harness.ts';
import { startTestApp } from '../../mesh/sidecar/testing/test-app.ts';
import type { TestApp } from '../../mesh/sidecar/testing/test-app.ts';
import { deployment, service } from '../../mesh/sidecar/testing/yaml.ts';
import { freePort } from '../../net/free-port.ts';
import { localLogSource } from '../inventory/log-source.ts';
import { createLogsService } from '../services/logs-service.ts';
import { consoleErrorHandler, notFoundHandler } from './error-handler.ts';
import { createLogsRouter } from './logs-routes.ts';

const yaml = [
  deployment('client-v1', 'client', 'v1'),
  service('ratings') + deployment('ratings-v1', 'ratings', 'v1'),
  // A service whose replica serves nothing: the sidecar answers 503 UH.
  service('idle') + deployment('idle-v1', 'idle', 'v1'),
];

async function waitUntil<T>(read: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('logs of a real sidecar and app', () => {
  /** What beforeAll started, stopped in reverse order even if it failed halfway. */
  const stops: (() => Promise<unknown> | undefined)[] = [];
  let base: string;
  let outboundPort: number;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshlens-logs-'));
    stops.push(() => {
      rmSync(dir, { recursive: true, force: true });
      return undefined;
    });
    const ratings: TestApp = await startTestApp('ratings');
    stops.push(() => ratings.close());
    const snapshot = compileProxy(
      meshFromYaml(yaml),
      { workload: 'client-v1' },
      {
        sidecarInbound: (e) => (e.workload === 'ratings-v1' ? `127.0.0.1:${ratings.port}` : null),
        app: () => null,
      },
    );
    const file = writeSnapshot(dir, 'client', snapshot);
    const adminPort = await freePort();
    outboundPort = await freePort();
    const sidecar = new ManagedProcess({
      name: 'default/client-v1-0/istio-proxy',
      command: process.execPath,
      args: [
        ...sidecarNodeFlags,
        sidecarBundle,
        'sidecar',
        ...['--snapshot', file, '--admin-port', String(adminPort), '--outbound-port', String(outboundPort)],
      ],
    });
    const app = new ManagedProcess({
      name: 'default/client-v1-0/client',
      command: process.execPath,
      args: [
        '-e',
        "console.log('client started'); console.error('WARN: cache cold'); setInterval(() => {}, 1e9);",
      ],
    });
    sidecar.start();
    stops.push(() => sidecar.stop());
    app.start();
    stops.push(() => app.stop());
    const ready = await waitUntil(
      () =>
        fetch(`http://127.0.0.1:${adminPort}/ready`).then(
          (r) => r.ok,
          () => false,
        ),
      (ok) => ok,
    );
    if (!ready) throw new Error(`sidecar not ready: ${sidecar.stderr.text()}`);

    const source = localLogSource({
      platform: {
        instances: () => [{ namespace: 'default', workload: 'client-v1', pod: 'client-v1-0', sidecar, app }],
      },
    });
    const api = express();
    api.use(createLogsRouter({ logs: createLogsService({ source }) }));
    api.use(notFoundHandler);
    api.use(consoleErrorHandler());
    const server: Server = api.listen(0, '127.0.0.1');
    stops.push(() => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    });
    await new Promise<void>((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }, 60_000);

  afterAll(async () => {
    for (const stop of stops.reverse()) await stop();
  });

  async function logs(query: string): Promise<PodLogsJson> {
    const r = await fetch(`${base}/api/namespaces/default/pods/client-v1-0/logs?${query}`);
    expect(r.status).toBe(200);
    return podLogsSchema.parse(await r.json());
  }

  it('answers the access-log lines of requests through the sidecar, parsed', async () => {
    const ok = await httpRequest(outboundPort, '/ratings/0', {
      host: 'ratings:9080',
      'x-request-id': 'logs-ok',
    });
    const uh = await httpRequest(outboundPort, '/', { host: 'idle:9080', 'x-request-id': 'logs-uh' });
    expect([ok.status, uh.status]).toEqual([200, 503]);

    const answer = await waitUntil(
      () => logs('container=istio-proxy&query=logs-'),
      (l) => l.entries.length >= 2,
    );
    const byId = new Map(answer.entries.map((e) => [e.accessLog?.request_id, e]));
    expect(byId.get('logs-ok')?.accessLog).toMatchObject({
      status_code: '200',
      response_flags: '-',
      method: 'GET',
      uri_path: '/ratings/0',
      authority: 'ratings:9080',
      upstream_cluster: 'outbound|9080||ratings.default.svc.cluster.local',
    });
    expect(byId.get('logs-uh')?.accessLog).toMatchObject({
      status_code: '503',
      response_flags: 'UH',
      response_code_details: 'no_healthy_upstream',
      upstream_cluster: 'outbound|9080||idle.default.svc.cluster.local',
    });
    const entry = byId.get('logs-uh');
    expect(entry).toMatchObject({ pod: 'client-v1-0', container: 'istio-proxy', stream: 'stdout' });
    // Its time is the request's start, as the line prints it.
    expect(entry?.timestampUnix).toBe(Date.parse(entry?.accessLog?.timestamp ?? ''));
  });

  it('answers the app’s own lines with their severity, and filters by severity', async () => {
    const answer = await waitUntil(
      () => logs('container=client'),
      (l) => l.entries.length >= 2,
    );
    // Two pipes: which of the two lines arrived first is the OS's choice.
    expect(answer.entries.map((e) => [e.stream, e.severity, e.message]).sort()).toEqual([
      ['stderr', 'WARN', 'WARN: cache cold'],
      ['stdout', 'INFO', 'client started'],
    ]);
    const warnings = await logs('severity=WARN');
    expect(warnings.entries.map((e) => e.container)).toContain('client');
    expect(warnings.entries.every((e) => e.severity === 'WARN')).toBe(true);
  });

  it('refuses a container the pod does not have', async () => {
    const r = await fetch(`${base}/api/namespaces/default/pods/client-v1-0/logs?container=ratings`);
    expect(r.status).toBe(400);
    expect(await r.json()).toMatchObject({ param: 'container' });
  });
});
