/**
 * The local platform: runs every Deployment replica of the registry as processes on this machine,
 * as Kubernetes runs pods. A replica is its app (a built-in Bookinfo app when the image is one of
 * Bookinfo's, else the container's command and args with `PORT` set) plus a `meshlens sidecar`
 * beside it, with `HTTP_PROXY` pointing the app at its sidecar. A Deployment labelled
 * `istio: ingressgateway` runs the proxy alone, in gateway mode. Every proxy bootstraps from the
 * control plane. Replicas follow `replicas`; crashed processes restart with backoff.
 *
 * Everything listens on 127.0.0.1 with ports from the OS; `addressPlan` tells the control plane
 * where each replica's sidecar and app listen, which is what fills snapshot endpoints.
 */
import type { MeshRegistry, WorkloadInfo } from '@meshlens/mesh-core/config';
import { sidecarBundle, sidecarNodeFlags } from '../../../bin/build-sidecar.js';
import { demoAppArgs, demoAppForImage } from './demo-apps/index.ts';
import type { AddressPlan, Placement, PlacementRecord, PlatformView } from './placement.ts';
import { ManagedProcess } from './supervisor.ts';
import { freePort } from '../../net/free-port.ts';

export interface PlatformOptions {
  readonly controlPlaneUrl: string;
  readonly traceEndpoint?: string;
  readonly traceSampling: number;
  /** Gateway listeners bind at their Gateway port plus this. */
  readonly gatewayPortOffset: number;
  /** Called when instances start, stop or change readiness: the control plane recompiles. */
  readonly onChange?: () => void;
}

export interface Instance {
  readonly namespace: string;
  readonly workload: string;
  readonly replica: number;
  readonly pod: string;
  readonly kind: 'sidecar' | 'gateway';
  readonly labels: Readonly<Record<string, string>>;
  readonly adminPort: number;
  readonly outboundPort: number;
  /** Container port → the sidecar's inbound listener for it. */
  readonly inbound: ReadonlyMap<number, number>;
  /** Container port → where the app listens for it. */
  readonly appPorts: ReadonlyMap<number, number>;
  readonly sidecar: ManagedProcess;
  readonly app: ManagedProcess | undefined;
  /** Why no app runs (unknown image and no command), when none does. */
  readonly appProblem: string | undefined;
}

/** What readiness reads of an instance: the state of its processes. */
export interface InstanceProcesses {
  readonly sidecar: Pick<ManagedProcess, 'state'>;
  readonly app: Pick<ManagedProcess, 'state'> | undefined;
}

/** Ready to receive traffic: its sidecar, and its app when it has one, are running. */
export function isRunning(i: InstanceProcesses): boolean {
  return i.sidecar.state === 'running' && (i.app === undefined || i.app.state === 'running');
}

const isGateway = (w: WorkloadInfo): boolean => w.labels.istio === 'ingressgateway';

function containerPorts(w: WorkloadInfo): number[] {
  return [
    ...new Set(
      w.containers.flatMap((c) => c.ports.filter((p) => p.protocol === 'TCP').map((p) => p.containerPort)),
    ),
  ];
}

export class LocalPlatform implements PlatformView {
  readonly #instances = new Map<string, Instance>();

  constructor(private readonly options: PlatformOptions) {}

  instances(): Instance[] {
    return [...this.#instances.values()];
  }

  instance(namespace: string, workload: string, replica: number): Instance | undefined {
    return this.#instances.get(`${namespace}/${workload}/${replica}`);
  }

  byPod(namespace: string, pod: string): Instance | undefined {
    return this.instances().find((i) => i.namespace === namespace && i.pod === pod);
  }

  /** Where the control plane sends traffic for `endpoint`, seen from the proxy of `self`. */
  addressPlan(self: Placement | undefined): AddressPlan {
    return {
      sidecarInbound: (e) => {
        const target = this.instance(e.namespace, e.workload, e.replica);
        // An instance whose app or sidecar is down (restarting) is not an endpoint meanwhile.
        if (!target || !isRunning(target)) return null;
        const port = target.inbound.get(e.port);
        return port === undefined ? null : `127.0.0.1:${port}`;
      },
      app: (e) => {
        const port = self?.appPorts.get(e.port);
        return port === undefined ? null : `127.0.0.1:${port}`;
      },
    };
  }

  /** Every replica's placement and readiness, for a control plane in another process. */
  placement(): PlacementRecord[] {
    return this.instances().map((i) => ({
      namespace: i.namespace,
      workload: i.workload,
      replica: i.replica,
      pod: i.pod,
      kind: i.kind,
      ready: isRunning(i),
      inbound: [...i.inbound],
      appPorts: [...i.appPorts],
    }));
  }

  /** Starts the replicas the registry wants and stops those it no longer does. */
  async reconcile(registry: MeshRegistry): Promise<void> {
    const wanted = new Set<string>();
    for (const w of registry.workloads) {
      for (let replica = 0; replica < w.replicas; replica++) {
        const key = `${w.namespace}/${w.name}/${replica}`;
        wanted.add(key);
        if (!this.#instances.has(key)) this.#instances.set(key, await this.#start(w, replica));
      }
    }
    const gone = [...this.#instances.entries()].filter(([key]) => !wanted.has(key));
    for (const [key] of gone) this.#instances.delete(key);
    await Promise.all(gone.map(([, i]) => Promise.all([i.sidecar.stop(), i.app?.stop()])));
    this.options.onChange?.();
  }

  async stop(): Promise<void> {
    const all = this.instances();
    this.#instances.clear();
    await Promise.all(all.map((i) => Promise.all([i.sidecar.stop(), i.app?.stop()])));
  }

  async #start(w: WorkloadInfo, replica: number): Promise<Instance> {
    const pod = `${w.name}-${replica}`;
    const gateway = isGateway(w);
    const ports = containerPorts(w);
    const inbound = new Map<number, number>();
    const appPorts = new Map<number, number>();
    if (!gateway) for (const p of ports) inbound.set(p, await freePort());
    const adminPort = await freePort();
    const outboundPort = await freePort();
    let app: ManagedProcess | undefined;
    let appProblem: string | undefined;
    if (!gateway) {
      const started = await this.#app(w, pod, outboundPort, appPorts);
      app = started.process;
      appProblem = started.problem;
    }
    const sidecar = new ManagedProcess(
      {
        name: `${w.namespace}/${pod}/istio-proxy`,
        command: process.execPath,
        args: [
          ...sidecarNodeFlags,
          sidecarBundle,
          'sidecar',
          ...[
            '--control-plane',
            this.options.controlPlaneUrl,
            '--workload',
            w.name,
            '--namespace',
            w.namespace,
          ],
          ...['--kind', gateway ? 'gateway' : 'sidecar', '--pod-name', pod],
          ...['--admin-port', String(adminPort), '--outbound-port', String(outboundPort)],
          ...[...inbound].flatMap(([c, l]) => ['--inbound', `${c}=${l}`]),
          ...(gateway ? ['--port-offset', String(this.options.gatewayPortOffset)] : []),
          ...(this.options.traceEndpoint !== undefined
            ? [
                '--trace-endpoint',
                this.options.traceEndpoint,
                '--trace-sampling',
                String(this.options.traceSampling),
              ]
            : []),
          ...['--service-account', w.serviceAccountName || 'default'],
        ],
      },
      () => this.options.onChange?.(),
    );
    sidecar.start();
    return {
      namespace: w.namespace,
      workload: w.name,
      replica,
      pod,
      kind: gateway ? 'gateway' : 'sidecar',
      labels: w.labels,
      adminPort,
      outboundPort,
      inbound,
      appPorts,
      sidecar,
      app,
      appProblem,
    };
  }

  async #app(
    w: WorkloadInfo,
    pod: string,
    outboundPort: number,
    appPorts: Map<number, number>,
  ): Promise<{ process: ManagedProcess | undefined; problem: string | undefined }> {
    const container = w.containers[0];
    const containerPort = containerPorts(w)[0];
    if (!container) return { process: undefined, problem: 'no container' };
    const port = await freePort();
    if (containerPort !== undefined) appPorts.set(containerPort, port);
    const env = {
      PORT: String(port),
      HTTP_PROXY: `http://127.0.0.1:${outboundPort}`,
      HOSTNAME: pod,
      ...Object.fromEntries(container.env.flatMap((e) => (e.value !== undefined ? [[e.name, e.value]] : []))),
    };
    const demo = container.image === undefined ? undefined : demoAppForImage(container.image);
    let command: string;
    let args: string[];
    if (demo) {
      command = process.execPath;
      args = demoAppArgs(demo.app, demo.version);
    } else if (container.command.length > 0) {
      command = container.command[0] ?? '';
      args = [...container.command.slice(1), ...container.args];
    } else {
      return {
        process: undefined,
        problem: `image ${container.image ?? '(none)'} is not a built-in demo app and the container has no command`,
      };
    }
    const app = new ManagedProcess(
      { name: `${w.namespace}/${pod}/${container.name}`, command, args, env },
      () => this.options.onChange?.(),
    );
    app.start();
    return { process: app, problem: undefined };
  }
}
