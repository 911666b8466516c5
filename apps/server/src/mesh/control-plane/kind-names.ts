/**
 * The names users give kinds on the command line, as kubectl accepts them: the kind itself in any
 * case, its plural, its resource name with the group, and Istio's short names (`vs`, `dr`, `gw`…).
 */
import { istioKinds, kubeKinds } from '@meshlens/mesh-core/config';
import type { ResourceKind } from '@meshlens/mesh-core/config';
import { qualifiedResource } from './config-store/index.ts';

const shortNames: Readonly<Record<string, ResourceKind>> = {
  vs: 'VirtualService',
  dr: 'DestinationRule',
  gw: 'Gateway',
  se: 'ServiceEntry',
  we: 'WorkloadEntry',
  wg: 'WorkloadGroup',
  pa: 'PeerAuthentication',
  ra: 'RequestAuthentication',
  ap: 'AuthorizationPolicy',
  ns: 'Namespace',
  svc: 'Service',
  deploy: 'Deployment',
  sa: 'ServiceAccount',
};

const allKinds: readonly ResourceKind[] = [...istioKinds, ...kubeKinds];

/** The kind a user's word names, or undefined. */
export function resolveKind(word: string): ResourceKind | undefined {
  const lower = word.toLowerCase();
  const short = shortNames[lower];
  if (short) return short;
  return allKinds.find((kind) => {
    const resource = qualifiedResource(kind);
    const plural = resource.split('.')[0] ?? '';
    const group = resource.slice(plural.length);
    return [kind.toLowerCase(), plural, resource, `${kind.toLowerCase()}${group}`].includes(lower);
  });
}

/** kubectl's name of an object in its output lines: `virtualservice.networking.istio.io/reviews`. */
export function objectReference(kind: ResourceKind, name: string): string {
  const resource = qualifiedResource(kind);
  const group = resource.slice(resource.indexOf('.') === -1 ? resource.length : resource.indexOf('.'));
  return `${kind.toLowerCase()}${group}/${name}`;
}
