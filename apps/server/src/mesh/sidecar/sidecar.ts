/**
 * One sidecar (or gateway) process: loads its snapshot, binds its listeners and admin endpoint,
 * swaps snapshots as they come, and shuts down gracefully. The composition root of the proxy.
 */
import type { Server } from 'node:http';
import type { FSWatcher } from 'node:fs';
import type { ProxySnapshot } from '@meshlens/mesh-core/routing';
import { startAdmin } from './admin.ts';
import type { ActiveConfig } from './active-config.ts';
import { RequestMetrics } from './exchange.ts';
import { PeerCache, proxyIdentity } from './identity.ts';
import { listen } from './listeners.ts';
import type { ProxyListener } from './listeners.ts';
import { Logger } from './logger.ts';
import type { LogLevel } from './logger.ts';
import { ResilienceRegistry } from './resilience/registry.ts';
import type { SidecarRuntime } from './runtime.ts';
import { loadSnapshotFile, SnapshotHolder, watchSnapshotFile } from './snapshot-source.ts';
import { connectControlPlane } from './control-plane-source.ts';
import type { ControlPlaneConnection } from './control-plane-source.ts';
import type { Bootstrap } from '../control-plane/push/protocol.ts';
import { createAccessLogWriter, createProxyMetrics, createProxyTracer } from './telemetry/index.ts';

export interface SidecarOptions {
  /** Where snapshots come from: a file (re-read when it changes), or the control plane's push. */
  readonly snapshotFile?: string;
  readonly controlPlane?: { readonly url: string; readonly bootstrap: Bootstrap };
  readonly bind: string;
  readonly adminPort: number;
  readonly outboundPort: number;
  /** Container port → port the inbound listener for it binds. */
  readonly inbound: ReadonlyMap<number, number>;
  /** Shorthand for a workload with one container port: the port its inbound listener binds. */
  readonly inboundPort?: number;
  /** Gateway listeners bind at their Gateway port plus this offset. */
  readonly portOffset: number;
  readonly traceEndpoint?: string;
  readonly traceSampling: number;
  readonly accessLog: boolean;
  readonly clusterId: string;
  readonly serviceAccount: string;
  readonly podName?: string;
  readonly meshId: string;
  readonly logLevel: LogLevel;
  readonly watch: boolean;
  readonly stdout?: NodeJS.WritableStream;
}

export interface RunningSidecar {
  readonly adminUrl: string;
  readonly listeners: () => readonly ProxyListener[];
  readonly runtime: SidecarRuntime;
  close(): Promise<void>;
}

/** Raised for configuration the sidecar cannot start with; its message is for the user. */
export class SidecarStartError extends Error {}

function inboundBindings(snapshot: ProxySnapshot, options: SidecarOptions): Array<[number, number]> {
  const inbound = snapshot.listeners.find((l) => l.direction === 'inbound');
  if (!inbound) return [];
  const ports = Object.keys(inbound.routeTables).map(Number);
  if (options.inbound.size > 0) {
    for (const port of options.inbound.keys())
      if (!ports.includes(port))
        throw new SidecarStartError(
          `--inbound ${port}=…: the workload has no container port ${port} (it has ${ports.join(', ')})`,
        );
    return [...options.inbound];
  }
  if (options.inboundPort === undefined) return [];
  if (ports.length > 1)
    throw new SidecarStartError(
      `--inbound-port: the workload has container ports ${ports.join(', ')}; give each its listener with --inbound <containerPort>=<port>`,
    );
  const only = ports[0];
  return only === undefined ? [] : [[only, options.inboundPort]];
}

export async function startSidecar(options: SidecarOptions): Promise<RunningSidecar> {
  const log = new Logger(options.logLevel);
  const source = options.controlPlane ? options.controlPlane.url : `file:${options.snapshotFile ?? ''}`;
  const proxyMetrics = createProxyMetrics();
  const resilience = new ResilienceRegistry({ stats: proxyMetrics.resilienceStats });
  const holder = new SnapshotHolder(source, resilience);
  let connection: ControlPlaneConnection | undefined;
  if (options.controlPlane) {
    const { url, bootstrap } = options.controlPlane;
    connection = connectControlPlane(holder, url, bootstrap, log);
    log.info('main', `waiting for a snapshot from the control plane at ${url}`);
    await connection.firstSnapshot;
  } else if (options.snapshotFile !== undefined) {
    const loaded = loadSnapshotFile(holder, options.snapshotFile);
    if (!loaded.ok) throw new SidecarStartError(loaded.error);
  }
  if (!holder.current)
    throw new SidecarStartError('no snapshot: give --snapshot <file> or --control-plane <url>');
  const first = holder.current.snapshot;
  const identityOptions = {
    clusterId: options.clusterId,
    serviceAccount: options.serviceAccount,
    ip: options.bind,
    meshId: options.meshId,
    ...(options.podName !== undefined ? { podName: options.podName } : {}),
  };
  const identity = proxyIdentity(first, identityOptions);
  const runtime: SidecarRuntime = {
    holder,
    identity,
    peers: new PeerCache(),
    metrics: new RequestMetrics((labels) => proxyMetrics.recorderFor(labels)),
    proxyMetrics,
    tracer: createProxyTracer({
      ...(options.traceEndpoint !== undefined ? { endpoint: options.traceEndpoint } : {}),
      samplingPercent: options.traceSampling,
      nodeId: identity.nodeId,
      serviceName: `${identity.canonicalService}.${first.proxy.namespace}`,
      canonicalService: identity.canonicalService,
      canonicalRevision: identity.canonicalRevision,
      namespace: first.proxy.namespace,
      meshId: options.meshId,
      clusterId: options.clusterId,
    }),
    accessLog: createAccessLogWriter(options.stdout ?? process.stdout, { enabled: options.accessLog }),
    log,
    resilience,
  };
  const startedAt = Date.now();
  let listeners: ProxyListener[] = [];
  let ready = false;
  let closing: Promise<void> | undefined;
  const watching: { watcher?: FSWatcher } = {};
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      ready = false;
      watching.watcher?.close();
      connection?.close();
      await Promise.all(listeners.map((l) => l.close()));
      await new Promise<void>((done) =>
        admin.close(() => {
          done();
        }),
      );
      admin.closeAllConnections();
      runtime.resilience.close();
      runtime.accessLog.close();
      await runtime.tracer.shutdown();
    })());
  const admin: Server = await startAdmin(
    {
      runtime,
      startedAt,
      ready: () => ready,
      listenerAddresses: () => listeners.map((l) => `${l.binding.listener}::${l.binding.localAddress}`),
      shutdown: () => void close().then(() => process.exit(0)),
    },
    options.bind,
    options.adminPort,
  );
  const host = options.bind;
  try {
    if (first.proxy.kind === 'gateway') {
      listeners = await reconcileGateway(runtime, holder.current, [], host, options.portOffset);
    } else {
      if (first.listeners.some((l) => l.name === 'virtualOutbound'))
        listeners.push(
          await listen(
            runtime,
            { role: 'outbound', listener: 'virtualOutbound', port: 15001 },
            host,
            options.outboundPort,
          ),
        );
      for (const [containerPort, bindPort] of inboundBindings(first, options))
        listeners.push(
          await listen(
            runtime,
            { role: 'inbound', listener: 'virtualInbound', port: containerPort },
            host,
            bindPort,
          ),
        );
    }
  } catch (e) {
    await close();
    throw e instanceof SidecarStartError
      ? e
      : new SidecarStartError(`cannot bind a listener: ${(e as Error).message}`);
  }
  holder.onSwap((config: ActiveConfig) => {
    runtime.identity = proxyIdentity(config.snapshot, identityOptions);
    if (config.snapshot.proxy.kind === 'gateway') {
      reconcileGateway(runtime, config, listeners, host, options.portOffset).then(
        (next) => (listeners = next),
        (e: unknown) => {
          log.error('config', `gateway listeners: ${(e as Error).message}`);
        },
      );
    }
  });
  if (options.watch && options.snapshotFile !== undefined)
    watching.watcher = watchSnapshotFile(holder, options.snapshotFile, log);
  ready = true;
  const address = admin.address();
  const adminPort = typeof address === 'object' && address ? address.port : options.adminPort;
  log.info(
    'main',
    `${first.proxy.kind} ${first.proxy.namespace}/${first.proxy.workload} serving revision ${first.revision}`,
  );
  return {
    adminUrl: `http://${host.includes(':') ? `[${host}]` : host}:${adminPort}`,
    listeners: () => listeners,
    runtime,
    close,
  };
}

/** Binds the gateway listeners the snapshot names and closes those it no longer does. */
async function reconcileGateway(
  runtime: SidecarRuntime,
  config: ActiveConfig,
  current: readonly ProxyListener[],
  host: string,
  offset: number,
): Promise<ProxyListener[]> {
  const wanted = config.snapshot.listeners.filter((l) => l.direction === 'gateway');
  const next: ProxyListener[] = [];
  for (const l of current) {
    if (wanted.some((w) => w.name === l.binding.listener)) next.push(l);
    else void l.close();
  }
  for (const w of wanted) {
    if (next.some((l) => l.binding.listener === w.name)) continue;
    next.push(
      await listen(runtime, { role: 'gateway', listener: w.name, port: w.port }, host, w.port + offset),
    );
  }
  return next;
}
