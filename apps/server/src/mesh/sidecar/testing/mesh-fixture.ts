/**
 * Test and benchmark support: a mesh written as Kubernetes + Istio YAML, compiled into proxy
 * snapshot files with the same code the control plane uses, with endpoint addresses pointing at
 * real loopback sockets.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeManifests } from '@meshlens/mesh-core/validation';
import { compileSnapshot, withEndpointAddresses } from '@meshlens/mesh-core/routing';
import type { Cluster, Endpoint, ProxySnapshot } from '@meshlens/mesh-core/routing';
import type { MeshSnapshot } from '@meshlens/mesh-core/validation';

/** Reads YAML documents into the registry + resources a snapshot compiles from; refuses errors. */
export function meshFromYaml(texts: readonly string[], namespace = 'default'): MeshSnapshot {
  const result = analyzeManifests(
    texts.map((text, i) => ({ file: `mesh-${i}.yaml`, text })),
    { defaultNamespace: namespace },
  );
  const errors = result.findings.filter((f) => f.code === 'IST0106' || f.code.startsWith('ML0'));
  const fatal = errors.filter((f) => f.severity === 'error');
  if (fatal.length > 0) throw new Error(fatal.map((f) => `${f.code} ${f.message}`).join('\n'));
  return result.snapshot;
}

export interface ProxySpec {
  readonly kind?: 'sidecar' | 'gateway';
  readonly workload: string;
  readonly namespace?: string;
  readonly labels?: Readonly<Record<string, string>>;
}

/** Where each replica's sidecar listens (outbound endpoints) and where each app listens (inbound). */
export interface AddressPlan {
  /** `host:port` of the inbound listener of `namespace/workload` replica `replica`, for container `port`. */
  sidecarInbound(endpoint: Endpoint): string | null;
  /** `host:port` of the app of the proxy being compiled, for container `port`. */
  app(endpoint: Endpoint): string | null;
}

export function compileProxy(mesh: MeshSnapshot, proxy: ProxySpec, plan: AddressPlan): ProxySnapshot {
  const snapshot = compileSnapshot({
    ...mesh,
    proxy: {
      kind: proxy.kind ?? 'sidecar',
      workload: proxy.workload,
      namespace: proxy.namespace ?? 'default',
      ...(proxy.labels ? { labels: proxy.labels } : {}),
    },
  });
  return withEndpointAddresses(snapshot, (endpoint: Endpoint, cluster: Cluster) =>
    cluster.kind === 'inbound' ? plan.app(endpoint) : plan.sidecarInbound(endpoint),
  );
}

export function writeSnapshot(dir: string, name: string, snapshot: ProxySnapshot): string {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(snapshot));
  return file;
}
