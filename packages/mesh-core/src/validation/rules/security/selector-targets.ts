/**
 * Where each selector-bearing kind keeps its workload selector, and where Kiali points its
 * generic selector findings (KIA0002-KIA0004) on it. AuthorizationPolicy, PeerAuthentication and
 * RequestAuthentication use `selector.matchLabels`; Sidecar uses `workloadSelector.labels`.
 */
import type { Path } from '../../../config/path.ts';
import type { IstioResource } from '../../../config/resource.ts';

type Labels = Readonly<Record<string, string>>;

export type SelectorKind = 'AuthorizationPolicy' | 'PeerAuthentication' | 'RequestAuthentication' | 'Sidecar';

export interface SelectorTarget<K extends SelectorKind> {
  readonly kind: K;
  /** The selector's labels; {} when there is no selector. */
  labels(resource: IstioResource<K>): Labels;
  /** Path of KIA0002 / KIA0003 (the selector). */
  readonly selectorPath: Path;
  /** Path of KIA0004 (the selector's labels). */
  readonly labelsPath: Path;
}

const matchLabels = (r: { spec: { selector?: { matchLabels?: Record<string, string> } } }): Labels =>
  r.spec.selector?.matchLabels ?? {};

export const peerAuthenticationTarget: SelectorTarget<'PeerAuthentication'> = {
  kind: 'PeerAuthentication',
  labels: matchLabels,
  selectorPath: ['spec', 'selector'],
  labelsPath: ['spec', 'selector', 'matchLabels'],
};

export const requestAuthenticationTarget: SelectorTarget<'RequestAuthentication'> = {
  kind: 'RequestAuthentication',
  labels: matchLabels,
  selectorPath: ['spec', 'selector'],
  labelsPath: ['spec', 'selector', 'matchLabels'],
};

export const authorizationPolicyTarget: SelectorTarget<'AuthorizationPolicy'> = {
  kind: 'AuthorizationPolicy',
  labels: matchLabels,
  selectorPath: ['spec', 'selector'],
  labelsPath: ['spec', 'selector', 'matchLabels'],
};

export const sidecarTarget: SelectorTarget<'Sidecar'> = {
  kind: 'Sidecar',
  labels: (r) => r.spec.workloadSelector?.labels ?? {},
  selectorPath: ['spec', 'workloadSelector'],
  labelsPath: ['spec', 'workloadSelector', 'labels'],
};

export function hasLabels(labels: Labels): boolean {
  return Object.keys(labels).length > 0;
}
