/**
 * KIA1006: a Sidecar in the root namespace has a `workloadSelector`.
 *
 * The selector-less Sidecar of the root namespace is the mesh-wide default for every namespace
 * without its own; a selector there only ever applies to the root namespace's own workloads, which
 * is rarely what was meant. Kiali: `business/checkers/sidecars/global_checker.go` (reported when
 * the selector has labels).
 */
import { defineRule } from '../../rule.ts';

export const sidecarGlobalSelectorRule = defineRule({
  id: 'sidecar/global-with-selector',
  kind: 'Sidecar',
  check(sidecar, ctx) {
    if (sidecar.metadata.namespace !== ctx.options.rootNamespace) return [];
    const labels = sidecar.spec.workloadSelector?.labels ?? {};
    return Object.keys(labels).length > 0 ? [{ code: 'KIA1006', path: ['spec', 'workloadSelector'] }] : [];
  },
});
