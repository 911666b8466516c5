/**
 * `meshlens sidecar`: runs one proxy process (a sidecar, or a gateway when its snapshot says so)
 * from a snapshot file. Options are checked here and refused with the option's name; the proxy
 * itself refuses a snapshot that does not conform, naming the fields.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { isLogLevel, LOG_LEVELS } from '../mesh/sidecar/logger.ts';
import type { LogLevel } from '../mesh/sidecar/logger.ts';
import { SidecarStartError, startSidecar } from '../mesh/sidecar/sidecar.ts';
import type { SidecarOptions } from '../mesh/sidecar/sidecar.ts';

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError('must be a port number (0-65535)');
  return n;
}

function inboundPair(value: string, previous: Map<number, number>): Map<number, number> {
  const m = /^(\d+)=(\d+)$/.exec(value);
  if (!m) throw new InvalidArgumentError('must be <containerPort>=<listenPort>, e.g. 9080=15006');
  const next = new Map(previous);
  next.set(port(m[1] ?? ''), port(m[2] ?? ''));
  return next;
}

function percent(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 100)
    throw new InvalidArgumentError('must be a percentage from 0 to 100');
  return n;
}

function traceUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError('must be an http(s) URL, e.g. http://127.0.0.1:4318/v1/traces');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new InvalidArgumentError('must be an http(s) URL');
  return value;
}

function httpUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError('must be an http(s) URL, e.g. http://127.0.0.1:15010');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new InvalidArgumentError('must be an http(s) URL');
  return value.replace(/\/+$/, '');
}

/** A combination of options that cannot run: a usage error (exit 2), like commander's own. */
class SidecarUsageError extends SidecarStartError {}

/** Where the snapshots come from, checked: exactly one source, and an identity for the control plane. */
function snapshotSource(flags: SidecarFlags): Pick<SidecarOptions, 'snapshotFile' | 'controlPlane'> {
  if (flags.snapshot !== undefined && flags.controlPlane !== undefined)
    throw new SidecarUsageError('give either --snapshot or --control-plane, not both');
  if (flags.snapshot !== undefined) return { snapshotFile: flags.snapshot };
  if (flags.controlPlane === undefined)
    throw new SidecarUsageError('a snapshot source is required: --snapshot <file> or --control-plane <url>');
  if (flags.workload === undefined) throw new SidecarUsageError('--control-plane needs --workload <name>');
  const pod = flags.podName ?? `${flags.workload}-0`;
  const prefix = flags.kind === 'gateway' ? 'router' : 'sidecar';
  return {
    controlPlane: {
      url: flags.controlPlane,
      bootstrap: {
        node: `${prefix}~${flags.bind}~${pod}.${flags.namespace}~${flags.namespace}.svc.cluster.local`,
        kind: flags.kind,
        namespace: flags.namespace,
        workload: flags.workload,
      },
    },
  };
}

function logLevel(value: string): LogLevel {
  if (!isLogLevel(value)) throw new InvalidArgumentError(`must be one of ${LOG_LEVELS.join(', ')}`);
  return value;
}

interface SidecarFlags {
  snapshot?: string;
  controlPlane?: string;
  workload?: string;
  namespace: string;
  kind: 'sidecar' | 'gateway';
  bind: string;
  adminPort: number;
  outboundPort: number;
  inboundPort?: number;
  inbound: Map<number, number>;
  portOffset: number;
  traceEndpoint?: string;
  traceSampling: number;
  accessLog: 'stdout' | 'off';
  clusterId: string;
  serviceAccount: string;
  podName?: string;
  meshId: string;
  logLevel: LogLevel;
  watch: boolean;
}

export function sidecarCommand(): Command {
  return new Command('sidecar')
    .description(
      'Run a sidecar proxy (or, when its snapshot is a gateway, the ingress gateway) from a snapshot file. ' +
        'Apps send outbound traffic to it with HTTP_PROXY or a Host header; it forwards inbound traffic to the app.',
    )
    .option('--snapshot <file>', 'proxy snapshot (JSON, format v1), re-read when it changes')
    .option(
      '--control-plane <url>',
      'control plane to receive snapshots from (instead of --snapshot)',
      httpUrl,
    )
    .option('--workload <name>', 'with --control-plane: the workload this proxy serves')
    .option('-n, --namespace <ns>', 'with --control-plane: the workload namespace', 'default')
    .addOption(
      new Option('--kind <kind>', 'with --control-plane: proxy kind')
        .choices(['sidecar', 'gateway'])
        .default('sidecar'),
    )
    .option('--bind <address>', 'address every listener binds', '127.0.0.1')
    .option('--admin-port <port>', 'admin endpoint port', port, 15000)
    .option('--outbound-port <port>', 'outbound listener port (HTTP_PROXY target)', port, 15001)
    .option('--inbound-port <port>', 'inbound listener port, for a workload with one container port', port)
    .option(
      '--inbound <containerPort=port>',
      'inbound listener for one container port (repeatable)',
      inboundPair,
      new Map<number, number>(),
    )
    .option('--port-offset <n>', 'gateway listeners bind at their Gateway port plus this', port, 0)
    .option('--trace-endpoint <url>', 'OTLP/HTTP traces endpoint; tracing is off without it', traceUrl)
    .option(
      '--trace-sampling <percent>',
      'random sampling percentage when the request carries no decision',
      percent,
      1,
    )
    .addOption(
      new Option('--access-log <where>', 'access log destination')
        .choices(['stdout', 'off'])
        .default('stdout'),
    )
    .option('--cluster-id <id>', "Istio's cluster id in peer metadata and metrics", 'Kubernetes')
    .option('--service-account <name>', 'service account of the workload', 'default')
    .option('--pod-name <name>', 'instance name (default <workload>-0)')
    .option('--mesh-id <id>', 'mesh id', 'cluster.local')
    .option('--log-level <level>', `proxy log level (${LOG_LEVELS.join(', ')})`, logLevel, 'info')
    .option('--no-watch', 'do not re-read the snapshot file when it changes')
    .action(async (flags: SidecarFlags) => {
      try {
        const sidecar = await startSidecar({
          ...snapshotSource(flags),
          bind: flags.bind,
          adminPort: flags.adminPort,
          outboundPort: flags.outboundPort,
          inbound: flags.inbound,
          ...(flags.inboundPort !== undefined ? { inboundPort: flags.inboundPort } : {}),
          portOffset: flags.portOffset,
          ...(flags.traceEndpoint !== undefined ? { traceEndpoint: flags.traceEndpoint } : {}),
          traceSampling: flags.traceSampling,
          accessLog: flags.accessLog === 'stdout',
          clusterId: flags.clusterId,
          serviceAccount: flags.serviceAccount,
          ...(flags.podName !== undefined ? { podName: flags.podName } : {}),
          meshId: flags.meshId,
          logLevel: flags.logLevel,
          watch: flags.watch,
        });
        const stop = (): void => {
          void sidecar.close().then(() => process.exit(0));
        };
        process.once('SIGTERM', stop);
        process.once('SIGINT', stop);
      } catch (e) {
        if (!(e instanceof SidecarStartError)) throw e;
        process.stderr.write(`meshlens sidecar: ${e.message}\n`);
        process.exitCode = e instanceof SidecarUsageError ? 2 : 1;
      }
    });
}
