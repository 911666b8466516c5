/**
 * The Meshlens hop: load generator → client sidecar (outbound listener, `Host: server.bench:8000`
 * as an app's request captured by the mesh) → server sidecar (inbound listener) → app, the
 * two-proxy path Istio's own benchmark measures. Both sidecars run from the sidecar bundle with
 * plain node, as the platform runs them, with telemetry, an access
 * log (to a file, as Istio's demo profile logs to stdout) and tracing exported over OTLP to a
 * local sink. Their snapshots are compiled by mesh-core from Kubernetes manifests of namespace
 * `bench`, with endpoint addresses filled in as the local platform would.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeManifests, compileSnapshot, withEndpointAddresses } from '@meshlens/mesh-core';
import type { ProxySnapshot } from '@meshlens/mesh-core';
import { answers200, httpGet } from './http-probe.ts';
import { ensureSidecarBundle, sidecarNodeFlags } from '../../bin/build-sidecar.js';
import { nodeScript, repoRoot } from './paths.ts';
import { announcedPort, freePort, waitUntil } from './processes.ts';
import type { RunContext, RunningScenario, Scenario } from './scenario.ts';

export const benchAuthority = 'server.bench:8000';
const appPort = 8000;

export const benchManifests = `apiVersion: v1
kind: Namespace
metadata: { name: bench }
---
apiVersion: v1
kind: ServiceAccount
metadata: { name: client, namespace: bench }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: client, namespace: bench, labels: { app: client, version: v1 } }
spec:
  replicas: 1
  selector: { matchLabels: { app: client, version: v1 } }
  template:
    metadata: { labels: { app: client, version: v1 } }
    spec:
      serviceAccountName: client
      containers: [{ name: client, image: bench/client }]
---
apiVersion: v1
kind: ServiceAccount
metadata: { name: server, namespace: bench }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: server, namespace: bench, labels: { app: server, version: v1 } }
spec:
  replicas: 1
  selector: { matchLabels: { app: server, version: v1 } }
  template:
    metadata: { labels: { app: server, version: v1 } }
    spec:
      serviceAccountName: server
      containers: [{ name: server, image: bench/server, ports: [{ containerPort: ${appPort} }] }]
---
apiVersion: v1
kind: Service
metadata: { name: server, namespace: bench }
spec:
  selector: { app: server }
  ports: [{ name: http, port: ${appPort}, targetPort: ${appPort} }]
`;

/**
 * Resilience configured on the hop but not triggered: retries, a per-try and a route timeout on a
 * VirtualService, outlier detection and generous circuit breakers on a DestinationRule. What it
 * costs is the router's bookkeeping on a request that never fails.
 */
export const resilienceManifests = `---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: server, namespace: bench }
spec:
  hosts: [server]
  http:
  - route: [{ destination: { host: server } }]
    timeout: 10s
    retries: { attempts: 3, perTryTimeout: 2s, retryOn: "5xx,reset,connect-failure" }
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: server, namespace: bench }
spec:
  host: server
  trafficPolicy:
    connectionPool:
      tcp: { maxConnections: 1000 }
      http: { http1MaxPendingRequests: 1000, maxRetries: 100 }
    outlierDetection: { consecutive5xxErrors: 5, interval: 10s, baseEjectionTime: 30s, maxEjectionPercent: 50 }
`;

export interface SnapshotAddresses {
  /** `host:port` of the server sidecar's inbound listener. */
  readonly serverSidecarInbound: string;
  /** `host:port` of the app. */
  readonly app: string;
}

export function benchSnapshots(
  addresses: SnapshotAddresses,
  extraManifests = '',
): {
  client: ProxySnapshot;
  server: ProxySnapshot;
} {
  const analysis = analyzeManifests([{ file: 'bench.yaml', text: benchManifests + extraManifests }], {
    defaultNamespace: 'bench',
  });
  const errors = analysis.findings.filter((f) => f.severity === 'error');
  if (errors.length > 0) throw new Error(errors.map((f) => `${f.code} ${f.message}`).join('\n'));
  const compile = (workload: string): ProxySnapshot =>
    withEndpointAddresses(
      compileSnapshot({ ...analysis.snapshot, proxy: { kind: 'sidecar', workload, namespace: 'bench' } }),
      (_endpoint, cluster) => {
        if (cluster.kind === 'inbound') return addresses.app;
        if (cluster.kind === 'outbound' && cluster.service?.name === 'server')
          return addresses.serverSidecarInbound;
        return null;
      },
    );
  return { client: compile('client'), server: compile('server') };
}

/**
 * The sidecar's bundle, built first if missing or stale, as the platform runs it: plain `node`,
 * no TypeScript loader. Null, with the reason, when the build fails or it lacks the CLI contract.
 */
export async function sidecarBundleReady(
  log: (line: string) => void,
): Promise<{ bundle: string } | { error: string }> {
  try {
    const bundle = await ensureSidecarBundle({ log });
    const help = execFileSync(process.execPath, [bundle, 'sidecar', '--help'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 30_000,
    });
    if (!help.includes('--snapshot')) return { error: '`meshlens sidecar --help` does not offer --snapshot' };
    return { bundle };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

export interface SidecarScenarioOptions {
  /** The sidecar bundle (`sidecarBundleReady`). */
  readonly bundle: string;
  readonly id: string;
  readonly label: string;
  /** Percentage of requests traced, as `--trace-sampling` (Istio's default is 1). */
  readonly samplingPercent: number;
  /** Istio resources added to the bench namespace's manifests. */
  readonly extraManifests?: string;
  /** When set, each sidecar runs with `node --cpu-prof` writing its profile here on exit. */
  readonly cpuProfileDir?: string;
}

interface SidecarPorts {
  readonly admin: number;
  readonly outbound: number;
  readonly inbound: number;
}

async function sidecarPorts(): Promise<SidecarPorts> {
  return { admin: await freePort(), outbound: await freePort(), inbound: await freePort() };
}

export function sidecarScenario(options: SidecarScenarioOptions): Scenario {
  return {
    id: options.id,
    label: options.label,
    sidecarTargets: true,
    async start(ctx: RunContext): Promise<RunningScenario> {
      const sink = ctx.group.start({
        name: 'OTLP sink',
        ...nodeScript('otlp-sink.ts'),
        cpu: ctx.serverCpu,
        stdout: 'pipe',
        cwd: repoRoot,
      });
      const sinkPort = await announcedPort(sink);
      const traceEndpoint = `http://127.0.0.1:${sinkPort}/v1/traces`;
      const clientPorts = await sidecarPorts();
      const serverPorts = await sidecarPorts();
      const snapshots = benchSnapshots(
        {
          serverSidecarInbound: `127.0.0.1:${serverPorts.inbound}`,
          app: `${ctx.app.host}:${ctx.app.port}`,
        },
        options.extraManifests,
      );
      const start = async (name: string, snapshot: ProxySnapshot, ports: SidecarPorts): Promise<number> => {
        const file = join(ctx.dir, `${snapshot.proxy.workload}-snapshot.json`);
        writeFileSync(file, JSON.stringify(snapshot, null, 2));
        const accessLog = openSync(join(ctx.dir, `${snapshot.proxy.workload}-access.log`), 'a');
        // One directory per sidecar: Node writes one profile per thread.
        const profile = options.cpuProfileDir
          ? ['--cpu-prof', '--cpu-prof-dir', join(options.cpuProfileDir, name)]
          : [];
        const sidecar = ctx.group.start({
          name,
          command: process.execPath,
          args: [
            ...profile,
            ...sidecarNodeFlags,
            options.bundle,
            'sidecar',
            ...['--snapshot', file, '--bind', '127.0.0.1'],
            ...['--admin-port', String(ports.admin)],
            ...['--outbound-port', String(ports.outbound), '--inbound-port', String(ports.inbound)],
            ...['--trace-endpoint', traceEndpoint, '--trace-sampling', String(options.samplingPercent)],
            ...['--access-log', 'stdout'],
          ],
          cpu: ctx.serverCpu,
          stdout: accessLog,
          cwd: repoRoot,
        });
        closeSync(accessLog);
        await waitUntil(sidecar, () => answers200(`http://127.0.0.1:${ports.admin}/ready`), 30_000);
        return sidecar.pid;
      };
      const serverPid = await start('server-sidecar', snapshots.server, serverPorts);
      const clientPid = await start('client-sidecar', snapshots.client, clientPorts);
      return {
        entry: { host: '127.0.0.1', port: clientPorts.outbound },
        proxies: [
          { label: 'client sidecar', pids: [clientPid] },
          { label: 'server sidecar', pids: [serverPid] },
        ],
        helpers: [{ label: 'OTLP sink', pids: [sink.pid] }],
        stats: async () => {
          const traces = JSON.parse((await httpGet(`http://127.0.0.1:${sinkPort}/stats`)).body) as unknown;
          const logBytes = (workload: string): number =>
            statSync(join(ctx.dir, `${workload}-access.log`)).size;
          return {
            traces,
            accessLogBytes: { client: logBytes('client'), server: logBytes('server') },
          };
        },
      };
    },
  };
}
