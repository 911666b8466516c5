/**
 * Which workloads a label selector picks in a namespace, answered from an index of the registry's
 * workloads by namespace and label, so that a selector costs the size of its smallest label
 * bucket rather than a scan of the namespace.
 *
 * Two label sets are indexed: the pod template's labels (what Istio selectors and Service
 * selectors match) and the Deployment's own metadata labels (what Kiali's Service port check
 * matches a Service selector against).
 */
import type { MeshRegistry, WorkloadInfo } from '../../../config/kube.ts';
import type { ValidationContext } from '../../context.ts';
import { selectorMatches } from '../../hosts.ts';

type Labels = Readonly<Record<string, string>>;

interface NamespaceWorkloads {
  readonly all: readonly WorkloadInfo[];
  readonly byLabel: ReadonlyMap<string, readonly WorkloadInfo[]>;
}

type LabelIndex = ReadonlyMap<string, NamespaceWorkloads>;

const labelKey = (key: string, value: string): string => `${key}\u0000${value}`;

function indexByLabels(registry: MeshRegistry, labelsOf: (w: WorkloadInfo) => Labels): LabelIndex {
  const index = new Map<string, { all: WorkloadInfo[]; byLabel: Map<string, WorkloadInfo[]> }>();
  for (const w of registry.workloads) {
    let ns = index.get(w.namespace);
    if (!ns) {
      ns = { all: [], byLabel: new Map() };
      index.set(w.namespace, ns);
    }
    ns.all.push(w);
    for (const [k, v] of Object.entries(labelsOf(w))) {
      const key = labelKey(k, v);
      const bucket = ns.byLabel.get(key) ?? [];
      bucket.push(w);
      ns.byLabel.set(key, bucket);
    }
  }
  return index;
}

function buildPodLabelIndex(registry: MeshRegistry): LabelIndex {
  return indexByLabels(registry, podLabels);
}

function buildDeploymentLabelIndex(registry: MeshRegistry): LabelIndex {
  return indexByLabels(registry, deploymentLabels);
}

function podLabels(w: WorkloadInfo): Labels {
  return w.labels;
}

/** The Deployment's metadata labels (falling back to the pod labels for a registry built without resources). */
export function deploymentLabels(w: WorkloadInfo): Labels {
  return w.resource?.metadata.labels ?? w.labels;
}

const none: readonly WorkloadInfo[] = [];

function select(
  index: LabelIndex,
  namespace: string,
  selector: Labels,
  labelsOf: (w: WorkloadInfo) => Labels,
): readonly WorkloadInfo[] {
  const ns = index.get(namespace);
  if (!ns) return none;
  const entries = Object.entries(selector);
  if (entries.length === 0) return ns.all;
  let smallest: readonly WorkloadInfo[] | undefined;
  for (const [k, v] of entries) {
    const bucket = ns.byLabel.get(labelKey(k, v));
    if (!bucket) return none;
    if (!smallest || bucket.length < smallest.length) smallest = bucket;
  }
  return (smallest ?? none).filter((w) => selectorMatches(selector, labelsOf(w)));
}

/** Workloads of `namespace` whose pod labels match `selector`; an empty selector picks them all. */
export function workloadsSelected(
  namespace: string,
  selector: Labels,
  ctx: ValidationContext,
): readonly WorkloadInfo[] {
  return select(ctx.registryIndex(buildPodLabelIndex), namespace, selector, podLabels);
}

/** Workloads of `namespace` whose Deployment metadata labels match `selector`, in registry order. */
export function deploymentsSelected(
  namespace: string,
  selector: Labels,
  ctx: ValidationContext,
): readonly WorkloadInfo[] {
  return select(ctx.registryIndex(buildDeploymentLabelIndex), namespace, selector, deploymentLabels);
}

/** Whether `namespace` has any workload at all. */
export function hasWorkloads(namespace: string, ctx: ValidationContext): boolean {
  return (ctx.registryIndex(buildPodLabelIndex).get(namespace)?.all.length ?? 0) > 0;
}
