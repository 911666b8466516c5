/**
 * Config push with real sidecar processes: they bootstrap from the control plane, ACK what they
 * install, NACK what they refuse (and keep serving), and ride out a control-plane restart.
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProxySnapshot } from '@meshlens/mesh-core/routing';
import type { MeshSnapshot } from '@meshlens/mesh-core/validation';
import { compileProxy, meshFromYaml } from '../../sidecar/testing/mesh-fixture.ts';
import { httpRequest } from '../../sidecar/testing/mesh-harness.ts';
import { freePort, spawnSidecar } from '../../sidecar/testing/processes.ts';
import type { SidecarProcess } from '../../sidecar/testing/processes.ts';
import { startTestApp } from '../../sidecar/testing/test-app.ts';
import type { TestApp } from '../../sidecar/testing/test-app.ts';
import { deployment, service } from '../../sidecar/testing/yaml.ts';
import { ConfigPushServer } from './push-server.ts';
import { wireSnapshot } from './snapshot-wire.ts';
import type { ProxyStatus } from './protocol.ts';

const platform = [
  service('client') + deployment('client-v1', 'client', 'v1'),
  service('web') + deployment('web-v1', 'web', 'v1') + deployment('web-v2', 'web', 'v2'),
  `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: web}
spec:
  host: web
  subsets:
  - {name: v1, labels: {version: v1}}
  - {name: v2, labels: {version: v2}}
`,
];
const routeTo = (subset: string): string => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: web}
spec:
  hosts: [web]
  http:
  - route: [{destination: {host: web, subset: ${subset}}}]
`;

const workloads = ['client-v1', 'web-v1', 'web-v2'];

describe('config push to real sidecars', () => {
  let mesh: MeshSnapshot = meshFromYaml([...platform, routeTo('v1')]);
  let broken = false;
  const ports = new Map<string, { inbound: number; outbound: number; admin: number }>();
  const apps = new Map<string, TestApp>();
  const sidecars: SidecarProcess[] = [];
  let cpPort = 0;
  let push: ConfigPushServer;
  let server: Server;

  const compile = (workload: string): ProxySnapshot =>
    compileProxy(
      mesh,
      { workload },
      {
        sidecarInbound: (e) => `127.0.0.1:${ports.get(e.workload)?.inbound ?? 0}`,
        app: () => `127.0.0.1:${apps.get(workload)?.port ?? 0}`,
      },
    );

  const startControlPlane = async (): Promise<void> => {
    push = new ConfigPushServer({
      compile: (b) => {
        const snapshot = compile(b.workload);
        // A snapshot the proxy must refuse: a listener without its fields.
        return wireSnapshot(
          broken && b.workload === 'client-v1'
            ? ({ ...snapshot, revision: 'broken-1', listeners: [{ name: 'x' }] } as unknown as ProxySnapshot)
            : snapshot,
        );
      },
      debounceMs: 20,
    });
    server = createServer((req, res) => {
      if (!push.handle(req, res)) {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((r) => server.listen(cpPort, '127.0.0.1', r));
  };

  const stopControlPlane = async (): Promise<void> => {
    push.close();
    server.closeAllConnections();
    await new Promise<void>((r) =>
      server.close(() => {
        r();
      }),
    );
  };

  const status = async (): Promise<ProxyStatus[]> =>
    (await (await fetch(`http://127.0.0.1:${cpPort}/v1/proxy-status`)).json()) as ProxyStatus[];

  const until = async (what: string, check: () => Promise<boolean>): Promise<void> => {
    const deadline = Date.now() + 15_000;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  const call = async (): Promise<{ status: number; workload: string }> => {
    const r = await httpRequest(ports.get('client-v1')?.outbound ?? 0, '/', { host: 'web:9080' });
    return {
      status: r.status,
      workload: r.status === 200 ? (JSON.parse(r.body) as { workload: string }).workload : '',
    };
  };

  beforeAll(async () => {
    cpPort = await freePort();
    for (const w of workloads) {
      ports.set(w, { inbound: await freePort(), outbound: await freePort(), admin: await freePort() });
      apps.set(w, await startTestApp(w));
    }
    await startControlPlane();
    for (const w of workloads) {
      const p = ports.get(w);
      if (!p) continue;
      sidecars.push(
        await spawnSidecar({
          adminPort: p.admin,
          outboundPort: p.outbound,
          inboundPort: p.inbound,
          args: ['--control-plane', `http://127.0.0.1:${cpPort}`, '--workload', w, '--namespace', 'default'],
        }),
      );
    }
  }, 60_000);

  afterAll(async () => {
    await Promise.all(sidecars.map((s) => s.stop()));
    await stopControlPlane();
    await Promise.all([...apps.values()].map((a) => a.close()));
  });

  it('bootstraps every sidecar from the control plane and reports them Synced', async () => {
    await until('all synced', async () => (await status()).filter((s) => s.state === 'Synced').length === 3);
    const client = (await status()).find((s) => s.workload === 'client-v1');
    expect(client).toMatchObject({ kind: 'sidecar', namespace: 'default', connected: true, state: 'Synced' });
    expect(client?.node).toBe('sidecar~127.0.0.1~client-v1-0.default~default.svc.cluster.local');
    expect(client?.acked).toBe(compile('client-v1').revision);
    expect(await call()).toEqual({ status: 200, workload: 'web-v1' });
  });

  it('pushes a change to the proxies and the traffic follows', async () => {
    mesh = meshFromYaml([...platform, routeTo('v2')]);
    push.meshChanged();
    const wanted = compile('client-v1').revision;
    await until('client acked the change', async () => (await status()).some((s) => s.acked === wanted));
    expect(await call()).toEqual({ status: 200, workload: 'web-v2' });
  });

  it('records a NACK with its reason, shows the proxy Stale, and the proxy keeps serving', async () => {
    broken = true;
    push.meshChanged();
    await until('NACK recorded', async () => (await status()).some((s) => s.rejected !== undefined));
    const client = (await status()).find((s) => s.workload === 'client-v1');
    expect(client?.state).toBe('Stale');
    expect(client?.rejected?.revision).toBe('broken-1');
    expect(client?.rejected?.error).toMatch(/listeners\[0\]/);
    expect(await call()).toEqual({ status: 200, workload: 'web-v2' });
    broken = false;
  });

  it('keeps serving while the control plane is away and resyncs when it returns', async () => {
    await stopControlPlane();
    for (let i = 0; i < 5; i++) expect((await call()).status).toBe(200);
    mesh = meshFromYaml([...platform, routeTo('v1')]);
    await startControlPlane();
    await until('all reconnected and synced', async () => {
      const all = await status().catch(() => []);
      return all.length === 3 && all.every((s) => s.state === 'Synced' && s.connected);
    });
    expect(await call()).toEqual({ status: 200, workload: 'web-v1' });
  });
});
