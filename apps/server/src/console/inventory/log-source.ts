/**
 * Where the console reads workloads' logs: the `WorkloadLogSource` port, and its implementation
 * over the local platform's instances, whose app and sidecar processes keep their last lines
 * (`ManagedProcess.stdout`/`stderr`, a `LogTail` each). A pod has its app's container (named as in
 * its Deployment) and `istio-proxy`, its sidecar; a gateway pod has only `istio-proxy`.
 */
import { PROXY_CONTAINER } from '@meshlens/mesh-core/api/logs';
import type { Instance } from '../../mesh/platform/local-platform.ts';
import type { ManagedProcess } from '../../mesh/platform/supervisor.ts';
import type { TailEntry } from '../../process/log-tail.ts';
import { meshNamespaces } from './graph-inventory.ts';
import type { MeshStateSource } from './mesh-state.ts';

export type LogStream = 'stdout' | 'stderr';

/** One line a container wrote. */
export interface ContainerLine extends TailEntry {
  readonly stream: LogStream;
}

export interface ContainerLogs {
  readonly name: string;
  /** The sidecar (`istio-proxy`): its stdout is the access log. */
  readonly proxy: boolean;
  /** Its stdout lines, then its stderr lines, each stream in the order written. */
  lines(): readonly ContainerLine[];
}

export interface PodLogSource {
  readonly namespace: string;
  readonly workload: string;
  readonly pod: string;
  readonly containers: readonly ContainerLogs[];
}

export interface WorkloadLogSource {
  /** Every namespace of the mesh, also those running no pod. */
  namespaces(): Promise<readonly string[]>;
  /** Every workload of the namespace, also those running no pod (zero replicas). */
  workloads(namespace: string): Promise<readonly string[]>;
  /** The namespace's pods as they run now. */
  pods(namespace: string): readonly PodLogSource[];
}

/** What the log source reads of a platform instance. */
export type LogInstance = Pick<Instance, 'namespace' | 'workload' | 'pod'> & {
  readonly sidecar: Pick<ManagedProcess, 'stdout' | 'stderr'>;
  readonly app: Pick<ManagedProcess, 'spec' | 'stdout' | 'stderr'> | undefined;
};

function containerOf(
  name: string,
  proxy: boolean,
  p: Pick<ManagedProcess, 'stdout' | 'stderr'>,
): ContainerLogs {
  return {
    name,
    proxy,
    lines: () => [
      ...p.stdout.entries().map((e) => ({ ...e, stream: 'stdout' as const })),
      ...p.stderr.entries().map((e) => ({ ...e, stream: 'stderr' as const })),
    ],
  };
}

/** The app's container name: the last part of its process name (`<namespace>/<pod>/<container>`). */
export function appContainerName(app: Pick<ManagedProcess, 'spec'>): string {
  return app.spec.name.split('/').at(-1) ?? app.spec.name;
}

export function podLogSourceOf(i: LogInstance): PodLogSource {
  const containers: ContainerLogs[] = [];
  if (i.app) containers.push(containerOf(appContainerName(i.app), false, i.app));
  containers.push(containerOf(PROXY_CONTAINER, true, i.sidecar));
  return { namespace: i.namespace, workload: i.workload, pod: i.pod, containers };
}

export interface LocalLogSourceDeps {
  readonly platform: { instances(): readonly LogInstance[] };
  /**
   * The mesh, for namespaces and workloads that run no pod; without it, only those that run one
   * are known.
   */
  readonly mesh?: MeshStateSource;
}

/** The logs of the pods Meshlens' local platform runs. */
export function localLogSource(deps: LocalLogSourceDeps): WorkloadLogSource {
  const instances = (): readonly LogInstance[] => deps.platform.instances();
  return {
    async namespaces() {
      const running = instances().map((i) => i.namespace);
      const declared = deps.mesh ? meshNamespaces(await deps.mesh.read()) : [];
      return [...new Set([...declared, ...running])];
    },
    async workloads(namespace) {
      const running = instances()
        .filter((i) => i.namespace === namespace)
        .map((i) => i.workload);
      const declared = deps.mesh
        ? (await deps.mesh.read()).registry.workloads
            .filter((w) => w.namespace === namespace)
            .map((w) => w.name)
        : [];
      return [...new Set([...declared, ...running])];
    },
    pods(namespace) {
      return instances()
        .filter((i) => i.namespace === namespace)
        .map(podLogSourceOf);
    },
  };
}
