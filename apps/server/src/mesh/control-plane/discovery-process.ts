/**
 * The server's side of the `meshlens discovery` child process: starting and supervising it,
 * serving it the platform's placement, and reading its proxy status for the config API.
 */
import { fileURLToPath } from 'node:url';
import type { Route } from '../../net/route-server.ts';
import type { LocalPlatform } from '../platform/local-platform.ts';
import { ManagedProcess } from '../platform/supervisor.ts';
import { PLACEMENT_PATH } from './discovery.ts';
import type { ProxyStatus } from './push/protocol.ts';

const meshlensBin = fileURLToPath(new URL('../../../bin/meshlens.js', import.meta.url));

export interface DiscoveryProcessOptions {
  readonly dataDir: string;
  readonly host: string;
  readonly port: number;
  /** The server serving the placement (`GET /v1/platform/placement`). */
  readonly platformUrl: string;
}

/** Starts `meshlens discovery` under supervision: a process that dies is started again. */
export function startDiscoveryProcess(options: DiscoveryProcessOptions): ManagedProcess {
  const process_ = new ManagedProcess({
    name: 'discovery',
    command: process.execPath,
    args: [
      meshlensBin,
      'discovery',
      ...['--data-dir', options.dataDir, '--host', options.host, '--port', String(options.port)],
      ...['--platform-url', options.platformUrl],
    ],
  });
  process_.start();
  return process_;
}

/** Waits until the discovery process answers `/healthz`; fails with its last output if it cannot. */
export async function waitForHealth(url: string, child: ManagedProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1_000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline) {
      const output = [...child.stderr.lines(), ...child.stdout.lines()].slice(-10).join('\n');
      throw new Error(`the discovery process did not start at ${url}:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** `GET /v1/platform/placement`: where every replica runs and whether it is ready. */
export function servePlacement(platform: LocalPlatform): Route {
  return (req, res) => {
    if (req.url !== PLACEMENT_PATH || req.method !== 'GET') return false;
    const body = JSON.stringify(platform.placement());
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
    return true;
  };
}

/** The discovery process's proxy status; empty while it is away (restarting). */
export async function proxyStatusOf(discoveryUrl: string): Promise<readonly ProxyStatus[]> {
  try {
    const r = await fetch(`${discoveryUrl}/v1/proxy-status`, { signal: AbortSignal.timeout(5_000) });
    return r.ok ? ((await r.json()) as ProxyStatus[]) : [];
  } catch {
    return [];
  }
}
