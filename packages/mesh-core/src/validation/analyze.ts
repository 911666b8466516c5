/**
 * The whole check of a set of manifests, as `meshlens analyze`, the control plane and the
 * console's editor run it: parse → Kubernetes kinds into the registry → each Istio resource
 * through structural (CRD schema) and admission checks → cross-resource rules over the
 * resources that passed. A resource Istio would refuse takes no part in cross-resource checks,
 * as it would never reach the mesh.
 */
import { buildRegistry } from '../config/kube.ts';
import type { MeshRegistry } from '../config/kube.ts';
import { isIstioKind } from '../config/kinds.ts';
import { parseManifests } from '../config/parse.ts';
import type { ParseLimits } from '../config/parse.ts';
import type { IstioResource, KubeResource, Resource } from '../config/resource.ts';
import { objectRef, resourceKey } from '../config/resource.ts';
import { validateStructure } from '../config/schema/index.ts';
import { validateSemantics } from '../config/semantic/index.ts';
import type { MeshOptions, MeshSnapshot } from './context.ts';
import type { Finding } from './finding.ts';
import { makeFinding } from './finding.ts';
import { MeshValidator, resourceFindings, sortFindings } from './validate.ts';

export interface ManifestInput {
  readonly file: string;
  readonly text: string;
}

export interface AnalyzeOptions {
  readonly defaultNamespace?: string;
  readonly limits?: Partial<ParseLimits>;
  readonly mesh?: Partial<MeshOptions>;
}

export interface AnalyzeResult {
  readonly findings: Finding[];
  readonly snapshot: MeshSnapshot;
  /** Documents of kinds Meshlens does not read. */
  readonly skipped: number;
  /** Resources read, valid or not. */
  readonly resourceCount: number;
}

/**
 * Structural and admission checks of one Istio resource. Returns the typed resource when it
 * passes, with its findings either way.
 */
export function checkIstioResource(resource: Resource): { valid?: IstioResource; findings: Finding[] } {
  const structural = validateStructure(resource);
  if (structural.length > 0) return { findings: resourceFindings(resource, structural) };
  const typed = { ...resource, spec: resource.body.spec ?? {} } as IstioResource;
  const semantic = validateSemantics(typed);
  const findings = resourceFindings(resource, semantic);
  return findings.some((f) => f.severity === 'error') ? { findings } : { valid: typed, findings };
}

export function analyzeManifests(
  inputs: readonly ManifestInput[],
  options: AnalyzeOptions = {},
): AnalyzeResult {
  const findings: Finding[] = [];
  const all: Resource[] = [];
  let skipped = 0;
  for (const input of inputs) {
    const parsed = parseManifests(input.text, {
      file: input.file,
      ...(options.defaultNamespace !== undefined ? { defaultNamespace: options.defaultNamespace } : {}),
      ...(options.limits ? { limits: options.limits } : {}),
    });
    findings.push(...parsed.findings);
    all.push(...parsed.resources);
    skipped += parsed.skipped;
  }
  // Every definition is checked on its own; only the last one of each kind/namespace/name
  // takes part in the mesh, as `kubectl apply` of the inputs in order would leave it.
  const effective = new Set(lastDefinitions(all, findings));
  const kube: KubeResource[] = [];
  const istio: IstioResource[] = [];
  for (const resource of all) {
    if (!isIstioKind(resource.kind)) {
      if (effective.has(resource)) kube.push(resource as KubeResource);
      continue;
    }
    const checked = checkIstioResource(resource);
    findings.push(...checked.findings);
    if (checked.valid && effective.has(resource)) istio.push(checked.valid);
  }
  const { registry, findings: kubeFindings } = buildRegistry(
    kube,
    istio.map((r) => r.metadata.namespace),
  );
  for (const { resource, finding } of kubeFindings) findings.push(...resourceFindings(resource, [finding]));

  const snapshot: MeshSnapshot = {
    resources: istio,
    registry,
    ...(options.mesh ? { options: options.mesh } : {}),
  };
  findings.push(...new MeshValidator(snapshot).validateAll());
  return { findings: sortFindings(findings), snapshot, skipped, resourceCount: all.length };
}

/** The last definition of each kind/namespace/name; an info finding on each one it replaces. */
function lastDefinitions(resources: readonly Resource[], findings: Finding[]): Resource[] {
  const byKey = new Map<string, Resource>();
  for (const r of resources) {
    const key = resourceKey(r);
    const earlier = byKey.get(key);
    if (earlier) {
      const where = r.source ? ` by the one at ${r.source.file}:${r.source.locate([]).line}` : '';
      findings.push(
        makeFinding({
          code: 'ML0005',
          path: ['metadata', 'name'],
          detail: `${earlier.kind} ${earlier.metadata.namespace}/${earlier.metadata.name} is defined again later; this definition is replaced${where}`,
          object: objectRef(earlier),
          ...(earlier.source ? { source: earlier.source.locate(['metadata', 'name']) } : {}),
        }),
      );
      byKey.delete(key);
    }
    byKey.set(key, r);
  }
  return [...byKey.values()];
}

export type { MeshRegistry };

/**
 * What the console's editor runs on every keystroke: one document's text checked against a
 * mesh snapshot, as if it replaced the resources of the same kind, namespace and name. The
 * snapshot's indexes are built once, on first use, and shared by every keystroke after.
 */
export class DocumentValidator {
  private readonly validator: MeshValidator;

  constructor(snapshot: MeshSnapshot) {
    this.validator = new MeshValidator(snapshot);
  }

  validate(
    input: ManifestInput,
    options: Pick<AnalyzeOptions, 'defaultNamespace' | 'limits'> = {},
  ): Finding[] {
    const parsed = parseManifests(input.text, { file: input.file, ...options });
    const findings: Finding[] = [...parsed.findings];
    const valid: IstioResource[] = [];
    for (const resource of parsed.resources) {
      if (!isIstioKind(resource.kind)) continue;
      const checked = checkIstioResource(resource);
      findings.push(...checked.findings);
      if (checked.valid) valid.push(checked.valid);
    }
    findings.push(...this.validator.validateEdited(valid));
    return sortFindings(findings);
  }
}
