/**
 * The mesh as the store holds it at one revision, and the check of a change against it.
 *
 * A change is checked the way mesh-core's analyze checks a set of manifests, but over the
 * whole mesh as it would be after the change: every Istio resource through structural and
 * admission checks (those that fail take no part in the mesh), Kubernetes kinds into the
 * registry, then every cross-resource rule over the whole mesh. Findings are then split:
 * those on the change's own objects (they decide whether it is accepted), and those the change
 * newly raises on objects it leaves alone (reported, never blocking: the object did not change).
 *
 * Structural checks of stored objects are memoised per object and resourceVersion, and the
 * findings of the mesh at a revision are memoised with it, so a change costs one pass over the
 * mesh after it.
 */
import { buildRegistry, isIstioKind, objectRef } from '@meshlens/mesh-core/config';
import type { IstioResource, KubeResource, Resource } from '@meshlens/mesh-core/config';
import { checkIstioResource, makeFinding, MeshValidator } from '@meshlens/mesh-core/validation';
import type { Finding, MeshOptions, MeshSnapshot } from '@meshlens/mesh-core/validation';
import type { ChangeItem } from './admission.ts';
import { keyString, toResource } from './object-key.ts';
import type { ObjectKey } from './object-key.ts';
import type { ObjectRow } from './tables.ts';

interface Checked {
  readonly resourceVersion: number;
  readonly resource: Resource;
  /** The typed resource when it passes structural and admission checks. */
  readonly valid?: IstioResource;
  readonly findings: readonly Finding[];
}

/** One entry of a mesh: a resource and the outcome of its own checks. */
type Entry = Omit<Checked, 'resourceVersion'>;

function check(resource: Resource): Entry {
  if (!isIstioKind(resource.kind)) return { resource, findings: [] };
  const checked = checkIstioResource(resource);
  return { resource, findings: checked.findings, ...(checked.valid ? { valid: checked.valid } : {}) };
}

/** Checked forms of stored objects, reused while their resourceVersion stays the same. */
export class CheckedObjects {
  private readonly byKey = new Map<string, Checked>();

  entry(row: ObjectRow): Entry {
    const id = keyString(row.key);
    const known = this.byKey.get(id);
    if (known?.resourceVersion === row.resourceVersion) return known;
    const checked = {
      resourceVersion: row.resourceVersion,
      ...check(toResource(row.key, row.apiVersion, row.document)),
    };
    this.byKey.set(id, checked);
    return checked;
  }

  /** Forgets objects that are no longer stored. */
  retain(rows: ReadonlyMap<string, ObjectRow>): void {
    for (const id of this.byKey.keys()) if (!rows.has(id)) this.byKey.delete(id);
  }
}

export interface MeshBuild {
  readonly snapshot: MeshSnapshot;
  readonly findings: Finding[];
}

/** The mesh made of `entries`, and every finding on it. */
function buildMesh(entries: Iterable<Entry>, options: Partial<MeshOptions> | undefined): MeshBuild {
  const findings: Finding[] = [];
  const istio: IstioResource[] = [];
  const kube: KubeResource[] = [];
  for (const entry of entries) {
    findings.push(...entry.findings);
    if (entry.valid) istio.push(entry.valid);
    else if (!isIstioKind(entry.resource.kind)) kube.push(entry.resource as KubeResource);
  }
  const built = buildRegistry(
    kube,
    istio.map((r) => r.metadata.namespace),
  );
  for (const { resource, finding } of built.findings) {
    // Schema errors of Kubernetes kinds: never suppressed by annotations, as IST0106 never is.
    findings.push(
      makeFinding({
        ...finding,
        object: objectRef(resource),
        ...(resource.source ? { source: resource.source.locate(finding.path) } : {}),
      }),
    );
  }
  const snapshot: MeshSnapshot = {
    resources: istio,
    registry: built.registry,
    ...(options ? { options } : {}),
  };
  findings.push(...new MeshValidator(snapshot).validateAll());
  return { snapshot, findings: findings.sort(byPlace) };
}

/** The stored objects at one store revision. */
export class MeshState {
  readonly revision: number;
  readonly rows: ReadonlyMap<string, ObjectRow>;
  private readonly checked: CheckedObjects;
  readonly meshOptions: Partial<MeshOptions> | undefined;
  private built?: MeshBuild;

  constructor(options: {
    revision: number;
    rows: readonly ObjectRow[];
    checked: CheckedObjects;
    mesh?: Partial<MeshOptions>;
    built?: MeshBuild;
  }) {
    this.revision = options.revision;
    this.rows = new Map(options.rows.map((row) => [keyString(row.key), row]));
    this.checked = options.checked;
    this.meshOptions = options.mesh;
    if (options.built) this.built = options.built;
    this.checked.retain(this.rows);
  }

  mesh(): MeshBuild {
    this.built ??= buildMesh(
      [...this.rows.values()].map((row) => this.checked.entry(row)),
      this.meshOptions,
    );
    return this.built;
  }

  /**
   * The mesh after writing `puts` and removing `deletes`, with the findings on the changed
   * objects (and on the input as a whole) apart from those newly raised on other objects.
   */
  evaluate(
    puts: readonly ChangeItem[],
    deletes: readonly ObjectKey[],
    /** Every object the change names, written or not: their findings are the change's own. */
    named: ReadonlySet<string>,
  ): ChangeEvaluation {
    const changed = new Set([...puts.map((p) => keyString(p.key)), ...deletes.map(keyString)]);
    const entries: Entry[] = [];
    for (const [id, row] of this.rows) if (!changed.has(id)) entries.push(this.checked.entry(row));
    for (const put of puts) entries.push(check(put.resource));
    const after = buildMesh(entries, this.meshOptions);
    const before = new Set(this.mesh().findings.map(findingId));
    const own: Finding[] = [];
    const related: Finding[] = [];
    for (const finding of after.findings) {
      const object = finding.object;
      if (!object || named.has(`${object.kind}/${object.namespace}/${object.name}`)) own.push(finding);
      else if (!before.has(findingId(finding))) related.push(finding);
    }
    return { after, findings: own, related };
  }
}

export interface ChangeEvaluation {
  /** The mesh after the change; becomes the next state's if the change is committed. */
  readonly after: MeshBuild;
  readonly findings: Finding[];
  readonly related: Finding[];
}

function findingId(f: Finding): string {
  const o = f.object;
  return `${f.code}|${o ? `${o.kind}/${o.namespace}/${o.name}` : ''}|${f.path}|${f.message}`;
}

/** Findings in the order a reader checks them: by object, then by place in the file. */
function byPlace(a: Finding, b: Finding): number {
  const ref = (f: Finding): string =>
    f.object ? `${f.object.kind}/${f.object.namespace}/${f.object.name}` : '';
  return (
    (a.source?.file ?? '').localeCompare(b.source?.file ?? '') ||
    ref(a).localeCompare(ref(b)) ||
    (a.source?.line ?? 0) - (b.source?.line ?? 0) ||
    (a.source?.column ?? 0) - (b.source?.column ?? 0) ||
    a.path.localeCompare(b.path) ||
    a.code.localeCompare(b.code)
  );
}
