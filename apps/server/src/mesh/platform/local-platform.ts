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
 *
 * Rollout: each replica remembers the hash of the pod template it runs (labels, annotations,
 * service account, containers with their image, command, env and ports), as Kubernetes labels
 * pods with `pod-template-hash`. When an applied Deployment changes the template, its replicas
 * are replaced one at a time, as a rolling update with maxSurge 1 and maxUnavailable 0: the new
 * replica (a new pod name, `<workload>-<hash>-<replica>`) starts, becomes the endpoint once its
 * proxy and app answer, and the old one keeps running for a drain period, while the proxies learn
 * of the change, before it is stopped. An apply that changes nothing restarts nothing.
 */
import type { MeshRegistry, WorkloadInfo } from '@meshlens/mesh-core/config';
import { sidecarBundle, sidecarNodeFlags } from '../../../bin/build-sidecar.js';
import { DEMO_APP_VERSIONS, demoAppArgs, demoAppForImage } from './demo-apps/index.ts';
import type { AddressPlan, Placement, PlacementRecord, PlatformView } from './placement.ts';
import { accepts, podTemplateHash } from './pod-template.ts';
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
  /**
   * How long a replaced replica keeps running after its successor became the endpoint, so that
   * every proxy has its new endpoints before the old one stops answering. Default 3 s.
   */
  readonly rolloutDrainMs?: number;
  /** How long a rollout waits for a new replica to answer before it replaces the old anyway. Default 30 s. */
  readonly rolloutReadyTimeoutMs?: number;
}

export interface Instance {
  readonly namespace: string;
  readonly workload: string;
  readonly replica: number;
  readonly pod: string;
  readonly kind: 'sidecar' | 'gateway';
  readonly labels: Readonly<Record<string, string>>;
  /** Hash of the pod template this replica runs (`podTemplateHash`). */
  readonly templateHash: string;
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

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class LocalPlatform implements PlatformView {
  readonly #instances = new Map<string, Instance>();
  /** Replaced replicas still draining, with the timer that stops them; `stop()` stops them at once. */
  readonly #retiring = new Map<Instance, NodeJS.Timeout>();
  /** The template hash each workload first ran: its replicas keep Kubernetes-less `<name>-<n>` pod names. */
  readonly #firstTemplate = new Map<string, string>();
  /** Reconciles run one after another: two at once would both roll the same replica. */
  #queue: Promise<void> = Promise.resolve();

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

  /**
   * Starts the replicas the registry wants, stops those it no longer does, and rolls out the
   * workloads whose pod template changed. Resolves once every replica runs the current template;
   * replaced replicas still drain for a while after.
   */
  reconcile(registry: MeshRegistry): Promise<void> {
    const run = this.#queue.then(() => this.#reconcile(registry));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #reconcile(registry: MeshRegistry): Promise<void> {
    const wanted = new Set<string>();
    const rollouts: Array<{ w: WorkloadInfo; hash: string; replicas: number[] }> = [];
    for (const w of registry.workloads) {
      const hash = podTemplateHash(w);
      const workloadKey = `${w.namespace}/${w.name}`;
      if (!this.#firstTemplate.has(workloadKey)) this.#firstTemplate.set(workloadKey, hash);
      const outdated: number[] = [];
      for (let replica = 0; replica < w.replicas; replica++) {
        const key = `${workloadKey}/${replica}`;
        wanted.add(key);
        const current = this.#instances.get(key);
        if (!current) this.#instances.set(key, await this.#start(w, replica, hash));
        else if (current.templateHash !== hash) outdated.push(replica);
      }
      if (outdated.length > 0) rollouts.push({ w, hash, replicas: outdated });
    }
    const gone = [...this.#instances.entries()].filter(([key]) => !wanted.has(key));
    for (const [key] of gone) this.#instances.delete(key);
    // A workload deleted outright starts from its own template again if it comes back.
    const workloads = new Set(registry.workloads.map((w) => `${w.namespace}/${w.name}`));
    for (const key of this.#firstTemplate.keys()) if (!workloads.has(key)) this.#firstTemplate.delete(key);
    await Promise.all(gone.map(([, i]) => stopInstance(i)));
    this.options.onChange?.();
    // Workloads roll in parallel; within one, replica after replica (maxSurge 1, maxUnavailable 0).
    await Promise.all(
      rollouts.map(async ({ w, hash, replicas }) => {
        for (const replica of replicas) await this.#replace(w, replica, hash);
      }),
    );
  }

  /** One step of a rolling update: the replica's successor starts, serves, then the old one goes. */
  async #replace(w: WorkloadInfo, replica: number, hash: string): Promise<void> {
    const key = `${w.namespace}/${w.name}/${replica}`;
    const next = await this.#start(w, replica, hash);
    await this.#untilAnswering(next);
    const old = this.#instances.get(key);
    this.#instances.set(key, next);
    this.options.onChange?.();
    if (old) this.#retire(old);
  }

  /**
   * Stops a replaced replica after the drain period, in the background: later reconciles (and
   * with them config pushes) do not wait for it.
   */
  #retire(old: Instance): void {
    const timer = setTimeout(() => {
      this.#retiring.delete(old);
      void stopInstance(old);
    }, this.options.rolloutDrainMs ?? 3000);
    timer.unref();
    this.#retiring.set(old, timer);
  }

  /** Waits until the replica's proxy is ready and its app accepts connections (a readiness probe). */
  async #untilAnswering(i: Instance): Promise<void> {
    const deadline = Date.now() + (this.options.rolloutReadyTimeoutMs ?? 30_000);
    const answering = async (): Promise<boolean> => {
      if (!isRunning(i)) return false;
      const ready = await fetch(`http://127.0.0.1:${i.adminPort}/ready`, {
        signal: AbortSignal.timeout(1000),
      }).then(
        (r) => {
          void r.body?.cancel();
          return r.ok;
        },
        () => false,
      );
      if (!ready) return false;
      const ports = [...i.appPorts.values()];
      return (await Promise.all(ports.map(accepts))).every(Boolean);
    };
    // Past the deadline the replacement goes ahead: readiness (`isRunning`) still keeps a
    // replica that is down out of the endpoints.
    while (Date.now() < deadline && !(await answering())) await sleep(100);
  }

  async stop(): Promise<void> {
    for (const timer of this.#retiring.values()) clearTimeout(timer);
    const all = [...this.instances(), ...this.#retiring.keys()];
    this.#instances.clear();
    this.#retiring.clear();
    await Promise.all(all.map(stopInstance));
  }

  async #start(w: WorkloadInfo, replica: number, templateHash: string): Promise<Instance> {
    // The first template keeps the short `<workload>-<replica>` names; later ones are new pods,
    // with new names, so that old and new proxies never share an identity during a rollout.
    const first = this.#firstTemplate.get(`${w.namespace}/${w.name}`) === templateHash;
    const pod = first ? `${w.name}-${replica}` : `${w.name}-${templateHash}-${replica}`;
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
      templateHash,
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
    const env: Record<string, string> = {
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
      // Bookinfo's images set SERVICE_VERSION to their version and the apps read it (ratings.js:
      // `v-faulty`, `v-delayed`…); a container's env overrides an image's, as in Docker.
      const override = env.SERVICE_VERSION;
      const versions: readonly string[] = DEMO_APP_VERSIONS[demo.app];
      const version = override !== undefined && versions.includes(override) ? override : demo.version;
      args = demoAppArgs(demo.app, version);
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

function stopInstance(i: Instance): Promise<unknown> {
  return Promise.all([i.sidecar.stop(), i.app?.stop()]);
}
