/**
 * A `WorkloadLogSource` for unit tests: pods given as plain data, each container's lines with the
 * times they arrived, and namespaces or workloads that run no pod.
 */
import { PROXY_CONTAINER } from '@meshlens/mesh-core/api/logs';
import type { ContainerLine, PodLogSource, WorkloadLogSource } from '../inventory/log-source.ts';

export interface FakePod {
  readonly namespace: string;
  readonly workload: string;
  readonly pod: string;
  /** Container name → its lines; `istio-proxy` is the proxy. */
  readonly containers: Readonly<Record<string, readonly ContainerLine[]>>;
}

export interface FakeLogSourceOptions {
  readonly pods: readonly FakePod[];
  /** Namespaces with no pod. */
  readonly namespaces?: readonly string[];
  /** `namespace/workload` of workloads with no pod. */
  readonly workloads?: readonly string[];
}

/** A line of stdout (or `stream`) received at `receivedMs`. */
export function line(
  text: string,
  receivedMs: number,
  stream: ContainerLine['stream'] = 'stdout',
): ContainerLine {
  return { text, receivedMs, stream };
}

export function fakeLogSource(options: FakeLogSourceOptions): WorkloadLogSource {
  const pods: readonly PodLogSource[] = options.pods.map((p) => ({
    namespace: p.namespace,
    workload: p.workload,
    pod: p.pod,
    containers: Object.entries(p.containers).map(([name, lines]) => ({
      name,
      proxy: name === PROXY_CONTAINER,
      lines: () => lines,
    })),
  }));
  return {
    namespaces: () =>
      Promise.resolve([...new Set([...(options.namespaces ?? []), ...pods.map((p) => p.namespace)])]),
    workloads: (namespace) =>
      Promise.resolve([
        ...new Set([
          ...(options.workloads ?? []).flatMap((key) => {
            const [ns, name] = key.split('/');
            return ns === namespace && name !== undefined ? [name] : [];
          }),
          ...pods.filter((p) => p.namespace === namespace).map((p) => p.workload),
        ]),
      ]),
    pods: (namespace) => pods.filter((p) => p.namespace === namespace),
  };
}
