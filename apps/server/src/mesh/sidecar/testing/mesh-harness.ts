/**
 * A small mesh of real processes on loopback for end-to-end proxy tests: a test app per workload,
 * a `meshlens sidecar` process beside each, snapshots compiled from the YAML given. Requests enter
 * through a workload's sidecar outbound port, as its app would send them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProxySnapshot } from '@meshlens/mesh-core/routing';
import type { MeshOptions } from '@meshlens/mesh-core/validation';
import { compileProxy, meshFromYaml, writeSnapshot } from './mesh-fixture.ts';
import { freePort, spawnSidecar } from './processes.ts';
import type { SidecarProcess } from './processes.ts';
import { startTestApp } from './test-app.ts';
import type { TestApp } from './test-app.ts';

export interface HarnessWorkload {
  readonly workload: string;
  readonly namespace?: string;
  /** A gateway proxy (no app); its listeners bind at Gateway port + `portOffset`. */
  readonly gateway?: boolean;
  /** Start the test app (default true for sidecars). */
  readonly app?: boolean;
}

export interface HarnessOptions {
  readonly sidecarArgs?: readonly string[];
  /** Gateways bind at their Gateway ports plus this. */
  readonly portOffset?: number;
  /** MeshConfig settings (outboundTrafficPolicy, …). */
  readonly meshOptions?: Partial<MeshOptions>;
}

export interface HarnessMember {
  readonly key: string;
  readonly app: TestApp | undefined;
  readonly sidecar: SidecarProcess;
  readonly outboundPort: number;
  readonly inboundPort: number;
  readonly snapshotFile: string;
  readonly snapshot: ProxySnapshot;
}

export interface HttpResult {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** One HTTP/1.1 request to 127.0.0.1:`port` with the given request target and headers. */
export function httpRequest(
  port: number,
  target: string,
  headers: Record<string, string>,
  method = 'GET',
  body?: string,
): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: target, method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

export class MeshHarness {
  readonly dir: string;
  readonly members = new Map<string, HarnessMember>();

  private constructor(dir: string) {
    this.dir = dir;
  }

  static async start(
    yaml: readonly string[],
    workloads: readonly HarnessWorkload[],
    options: HarnessOptions = {},
  ): Promise<MeshHarness> {
    const h = new MeshHarness(mkdtempSync(join(tmpdir(), 'meshlens-harness-')));
    try {
      const parsed = meshFromYaml(yaml);
      const mesh = options.meshOptions
        ? { ...parsed, options: { ...parsed.options, ...options.meshOptions } }
        : parsed;
      const ports = new Map<
        string,
        { inbound: number; outbound: number; admin: number; app: TestApp | undefined }
      >();
      for (const w of workloads) {
        const key = `${w.namespace ?? 'default'}/${w.workload}`;
        const app = w.gateway || w.app === false ? undefined : await startTestApp(w.workload);
        ports.set(key, {
          inbound: await freePort(),
          outbound: await freePort(),
          admin: await freePort(),
          app,
        });
      }
      const plan = (self: string) => ({
        sidecarInbound: (e: { namespace: string; workload: string }) => {
          const p = ports.get(`${e.namespace}/${e.workload}`);
          return p ? `127.0.0.1:${p.inbound}` : null;
        },
        app: () => {
          const p = ports.get(self)?.app;
          return p ? `127.0.0.1:${p.port}` : null;
        },
      });
      await Promise.all(
        workloads.map(async (w) => {
          const key = `${w.namespace ?? 'default'}/${w.workload}`;
          const p = ports.get(key);
          if (!p) throw new Error(`no ports for ${key}`);
          const snapshot = compileProxy(
            mesh,
            {
              kind: w.gateway ? 'gateway' : 'sidecar',
              workload: w.workload,
              namespace: w.namespace ?? 'default',
            },
            plan(key),
          );
          const snapshotFile = writeSnapshot(h.dir, key.replace('/', '_'), snapshot);
          const sidecar = await spawnSidecar({
            snapshot: snapshotFile,
            adminPort: p.admin,
            outboundPort: p.outbound,
            ...(w.gateway ? {} : { inboundPort: p.inbound }),
            args: [
              ...(w.gateway ? ['--port-offset', String(options.portOffset ?? 0)] : []),
              ...(options.sidecarArgs ?? []),
            ],
          });
          if (p.app) p.app.proxyPort = p.outbound;
          h.members.set(key, {
            key,
            app: p.app,
            sidecar,
            outboundPort: p.outbound,
            inboundPort: p.inbound,
            snapshotFile,
            snapshot,
          });
        }),
      );
      return h;
    } catch (e) {
      await h.stop();
      throw e;
    }
  }

  member(workload: string, namespace = 'default'): HarnessMember {
    const m = this.members.get(`${namespace}/${workload}`);
    if (!m) throw new Error(`no workload ${namespace}/${workload} in the harness`);
    return m;
  }

  /** A request from `workload`'s app through its sidecar, with a Host header (iptables-style). */
  send(
    workload: string,
    authority: string,
    path = '/',
    headers: Record<string, string> = {},
    method = 'GET',
  ): Promise<HttpResult> {
    return httpRequest(this.member(workload).outboundPort, path, { host: authority, ...headers }, method);
  }

  async stop(): Promise<void> {
    await Promise.all(
      [...this.members.values()].map(async (m) => {
        await m.sidecar.stop();
        await m.app?.close();
      }),
    );
    rmSync(this.dir, { recursive: true, force: true });
  }
}
