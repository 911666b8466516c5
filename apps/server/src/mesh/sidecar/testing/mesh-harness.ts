/**
 * A small mesh of real processes on loopback for end-to-end proxy tests: a test app per workload,
 * a `meshlens sidecar` process beside each, snapshots compiled from the YAML given. Requests enter
 * through a workload's sidecar outbound port, as its app would send them.
 */
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProxySnapshot } from '@meshlens/mesh-core/routing';
import type { MeshOptions, MeshSnapshot } from '@meshlens/mesh-core/validation';
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
  /** Extra `meshlens sidecar` flags for this workload's proxy (e.g. its `--cluster-id`). */
  readonly args?: readonly string[];
}

export interface HarnessOptions {
  readonly sidecarArgs?: readonly string[];
  /** Gateways bind at their Gateway ports plus this. */
  readonly portOffset?: number;
  /** Flags for the sidecars' node processes (profiling). */
  readonly nodeArgs?: readonly string[];
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

interface MemberPorts {
  readonly inbound: number;
  readonly outbound: number;
  readonly admin: number;
  readonly app: TestApp | undefined;
}

export class MeshHarness {
  readonly dir: string;
  readonly members = new Map<string, HarnessMember>();
  readonly #ports = new Map<string, MemberPorts>();

  private constructor(
    dir: string,
    private readonly workloads: readonly HarnessWorkload[],
    private readonly options: HarnessOptions,
  ) {
    this.dir = dir;
  }

  static async start(
    yaml: readonly string[],
    workloads: readonly HarnessWorkload[],
    options: HarnessOptions = {},
  ): Promise<MeshHarness> {
    const h = new MeshHarness(mkdtempSync(join(tmpdir(), 'meshlens-harness-')), workloads, options);
    try {
      const mesh = h.#mesh(yaml);
      for (const w of workloads) {
        const app = w.gateway || w.app === false ? undefined : await startTestApp(w.workload);
        h.#ports.set(keyOf(w), {
          inbound: await freePort(),
          outbound: await freePort(),
          admin: await freePort(),
          app,
        });
      }
      await Promise.all(workloads.map((w) => h.#startMember(mesh, w)));
      return h;
    } catch (e) {
      await h.stop();
      throw e;
    }
  }

  #mesh(yaml: readonly string[]): MeshSnapshot {
    const parsed = meshFromYaml(yaml);
    const extra = this.options.meshOptions;
    return extra ? { ...parsed, options: { ...parsed.options, ...extra } } : parsed;
  }

  #compile(mesh: MeshSnapshot, w: HarnessWorkload): ProxySnapshot {
    const self = keyOf(w);
    return compileProxy(
      mesh,
      { kind: w.gateway ? 'gateway' : 'sidecar', workload: w.workload, namespace: w.namespace ?? 'default' },
      {
        sidecarInbound: (e) => {
          const p = this.#ports.get(`${e.namespace}/${e.workload}`);
          return p ? `127.0.0.1:${p.inbound}` : null;
        },
        app: () => {
          const p = this.#ports.get(self)?.app;
          return p ? `127.0.0.1:${p.port}` : null;
        },
      },
    );
  }

  async #startMember(mesh: MeshSnapshot, w: HarnessWorkload): Promise<void> {
    const key = keyOf(w);
    const p = this.#ports.get(key);
    if (!p) throw new Error(`no ports for ${key}`);
    const snapshot = this.#compile(mesh, w);
    const snapshotFile = writeSnapshot(this.dir, key.replace('/', '_'), snapshot);
    const sidecar = await spawnSidecar({
      snapshot: snapshotFile,
      adminPort: p.admin,
      outboundPort: p.outbound,
      ...(w.gateway ? {} : { inboundPort: p.inbound }),
      ...(this.options.nodeArgs ? { nodeArgs: this.options.nodeArgs } : {}),
      args: [
        ...(w.gateway ? ['--port-offset', String(this.options.portOffset ?? 0)] : []),
        ...(this.options.sidecarArgs ?? []),
        ...(w.args ?? []),
      ],
    });
    if (p.app) p.app.proxyPort = p.outbound;
    this.members.set(key, {
      key,
      app: p.app,
      sidecar,
      outboundPort: p.outbound,
      inboundPort: p.inbound,
      snapshotFile,
      snapshot,
    });
  }

  /**
   * Compiles new snapshots from `yaml` and swaps them in as the control plane would: each file is
   * replaced atomically (write, then rename) and the call returns once every sidecar reports the
   * new revision on /config_dump. Returns the new revisions by member.
   */
  async reconfigure(yaml: readonly string[], timeoutMs = 10_000): Promise<Map<string, string>> {
    const mesh = this.#mesh(yaml);
    const revisions = new Map<string, string>();
    const gatewayListeners = new Map<string, number>();
    for (const w of this.workloads) {
      const member = this.members.get(keyOf(w));
      if (!member) continue;
      const snapshot = this.#compile(mesh, w);
      const tmp = `${member.snapshotFile}.tmp`;
      writeFileSync(tmp, JSON.stringify(snapshot));
      renameSync(tmp, member.snapshotFile);
      revisions.set(member.key, snapshot.revision);
      gatewayListeners.set(member.key, snapshot.listeners.filter((l) => l.direction === 'gateway').length);
    }
    const deadline = Date.now() + timeoutMs;
    for (const [key, revision] of revisions) {
      const member = this.members.get(key);
      if (!member) continue;
      // A gateway binds the ports of a new snapshot just after installing it.
      const wanted = gatewayListeners.get(key) ?? 0;
      while (
        (await configVersion(member.sidecar.adminUrl)) !== revision ||
        (await listenerCount(member.sidecar.adminUrl)) < wanted
      ) {
        if (Date.now() > deadline) throw new Error(`${key} did not install revision ${revision}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    }
    return revisions;
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
      }),
    );
    await Promise.all([...this.#ports.values()].map(async (p) => p.app?.close()));
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function keyOf(w: HarnessWorkload): string {
  return `${w.namespace ?? 'default'}/${w.workload}`;
}

/** How many listeners a proxy has bound, from its admin `/listeners`. */
async function listenerCount(adminUrl: string): Promise<number> {
  const text = await (await fetch(`${adminUrl}/listeners`)).text();
  return text.split('\n').filter((l) => l !== '').length;
}

/** The snapshot revision a sidecar serves, from its admin `/config_dump`. */
export async function configVersion(adminUrl: string): Promise<string | undefined> {
  const dump = (await (await fetch(`${adminUrl}/config_dump`)).json()) as {
    configs: Array<{ version_info: string }>;
  };
  return dump.configs[0]?.version_info;
}
