/**
 * KIA0003: a PeerAuthentication, or Sidecar, selects a workload that another object of the same
 * kind in the same namespace also selects.
 *
 * Istio applies one PeerAuthentication (one Sidecar) per workload, so one of the two is silently
 * ignored for that workload. Kiali (`business/checkers/common/multi_match_selector_checker.go`)
 * maps every workload to the objects with non-empty selectors that match it and reports the
 * objects that share a workload with another object of their namespace; as for KIA0002 it leaves
 * AuthorizationPolicy and RequestAuthentication out (Istio combines those). Selectors are matched
 * against the workloads of the object's own namespace, the only ones Istio applies them to (Kiali
 * walks every namespace, which only differs when two objects of one namespace both select a
 * workload of another).
 *
 * The workload → selector count map is built once per kind list and registry, so each object
 * costs the workloads it selects.
 */
import type { MeshRegistry, WorkloadInfo } from '../../../config/kube.ts';
import type { IstioResource } from '../../../config/resource.ts';
import type { ValidationContext } from '../../context.ts';
import type { Rule } from '../../rule.ts';
import { defineRule } from '../../rule.ts';
import type { SelectorKind, SelectorTarget } from './selector-targets.ts';
import { hasLabels, peerAuthenticationTarget, sidecarTarget } from './selector-targets.ts';
import { workloadsSelected } from './workload-selection.ts';

type Labels = Readonly<Record<string, string>>;

interface SelectorGroup {
  readonly selectors: readonly { readonly namespace: string; readonly labels: Labels }[];
  /** How many selectors of the group pick each workload, per registry. */
  readonly counts: WeakMap<MeshRegistry, ReadonlyMap<WorkloadInfo, number>>;
}

function groupSelectors<K extends SelectorKind>(target: SelectorTarget<K>) {
  return (items: readonly IstioResource<K>[]): SelectorGroup => ({
    selectors: items
      .map((r) => ({ namespace: r.metadata.namespace, labels: target.labels(r) }))
      .filter((s) => hasLabels(s.labels)),
    counts: new WeakMap(),
  });
}

// Index builders are module constants so that the context memoises one index per kind.
const groupPeerAuthentications = groupSelectors(peerAuthenticationTarget);
const groupSidecars = groupSelectors(sidecarTarget);

function selectionCounts(group: SelectorGroup, ctx: ValidationContext): ReadonlyMap<WorkloadInfo, number> {
  let counts = group.counts.get(ctx.registry);
  if (!counts) {
    const built = new Map<WorkloadInfo, number>();
    for (const s of group.selectors) {
      for (const w of workloadsSelected(s.namespace, s.labels, ctx)) built.set(w, (built.get(w) ?? 0) + 1);
    }
    group.counts.set(ctx.registry, built);
    counts = built;
  }
  return counts;
}

function multiMatchRule<K extends SelectorKind>(
  target: SelectorTarget<K>,
  group: (items: readonly IstioResource<K>[]) => SelectorGroup,
): Rule {
  return defineRule({
    id: `${target.kind.toLowerCase()}/selector-multi-match`,
    kind: target.kind,
    check(resource, ctx) {
      const labels = target.labels(resource);
      if (!hasLabels(labels)) return [];
      const counts = selectionCounts(ctx.index(target.kind, group), ctx);
      const shared = workloadsSelected(resource.metadata.namespace, labels, ctx).some(
        (w) => (counts.get(w) ?? 0) > 1,
      );
      return shared ? [{ code: 'KIA0003', path: target.selectorPath }] : [];
    },
  });
}

export const selectorMultiMatchRules: readonly Rule[] = [
  multiMatchRule(peerAuthenticationTarget, groupPeerAuthentications),
  multiMatchRule(sidecarTarget, groupSidecars),
];
