/**
 * What a check sees: the mesh snapshot as plain data (Istio resources that passed structural
 * validation, plus the registry), with memoised indexes so that every check runs in time
 * proportional to the objects it looks at, not to the mesh.
 *
 * Indexes are memoised per kind's resource list and per registry. A context derived for an
 * editor keystroke (`withReplaced`) shares every list, and so every index, of the kinds the
 * edit does not touch.
 */
import type { IstioKind } from '../config/kinds.ts';
import type { MeshRegistry } from '../config/kube.ts';
import type { IstioResource } from '../config/resource.ts';
import { resourceKey } from '../config/resource.ts';

/** The MeshConfig settings that checks depend on, with Istio's defaults. */
export interface MeshOptions {
  /** Istio's root namespace: mesh-wide policies live here. */
  readonly rootNamespace: string;
  readonly clusterDomain: string;
  /** MeshConfig `enableAutoMtls` (Istio's default: true). */
  readonly autoMtls: boolean;
  /**
   * MeshConfig `outboundTrafficPolicy.mode` when set explicitly. Kiali lowers "host not found"
   * to a warning when it is ALLOW_ANY (traffic to unknown hosts still goes out).
   */
  readonly outboundTrafficPolicy?: 'ALLOW_ANY' | 'REGISTRY_ONLY';
}

/**
 * Kiali's severity for "host not found in the registry": an error, lowered to a warning when
 * the mesh explicitly lets traffic to unknown hosts out (outboundTrafficPolicy ALLOW_ANY).
 */
export function hostNotFoundSeverity(options: MeshOptions): { severity?: 'warning' } {
  return options.outboundTrafficPolicy === 'ALLOW_ANY' ? { severity: 'warning' } : {};
}

export const defaultMeshOptions: MeshOptions = {
  rootNamespace: 'istio-system',
  clusterDomain: 'cluster.local',
  autoMtls: true,
};

export interface MeshSnapshot {
  readonly resources: readonly IstioResource[];
  readonly registry: MeshRegistry;
  readonly options?: Partial<MeshOptions>;
}

type ByKind = { readonly [K in IstioKind]?: readonly IstioResource<K>[] };
type IndexBuilder<T> = (items: never) => T;

export class ValidationContext {
  readonly registry: MeshRegistry;
  readonly options: MeshOptions;
  private readonly byKind: ByKind;
  private readonly memo: WeakMap<object, Map<IndexBuilder<unknown>, unknown>>;

  private constructor(options: {
    registry: MeshRegistry;
    meshOptions: MeshOptions;
    byKind: ByKind;
    memo: WeakMap<object, Map<IndexBuilder<unknown>, unknown>>;
  }) {
    this.registry = options.registry;
    this.options = options.meshOptions;
    this.byKind = options.byKind;
    this.memo = options.memo;
  }

  static fromSnapshot(snapshot: MeshSnapshot): ValidationContext {
    const byKind: Partial<Record<IstioKind, IstioResource[]>> = {};
    for (const r of snapshot.resources) (byKind[r.kind] ??= []).push(r);
    return new ValidationContext({
      registry: snapshot.registry,
      meshOptions: { ...defaultMeshOptions, ...snapshot.options },
      byKind: byKind as ByKind,
      memo: new WeakMap(),
    });
  }

  /** A context where `resources` replace those with the same kind, namespace and name. */
  withReplaced(resources: readonly IstioResource[]): ValidationContext {
    const touched = new Map<IstioKind, IstioResource[]>();
    for (const r of resources) {
      const list = touched.get(r.kind) ?? [];
      list.push(r);
      touched.set(r.kind, list);
    }
    const byKind: Partial<Record<IstioKind, readonly IstioResource[]>> = { ...this.byKind };
    for (const [kind, added] of touched) {
      const keys = new Set(added.map(resourceKey));
      const kept = (this.byKind[kind] ?? []).filter((r) => !keys.has(resourceKey(r)));
      byKind[kind] = [...kept, ...added];
    }
    return new ValidationContext({
      registry: this.registry,
      meshOptions: this.options,
      byKind: byKind as ByKind,
      memo: this.memo,
    });
  }

  /** Every resource of `kind` in the snapshot, including the one being checked. */
  resourcesOf<K extends IstioKind>(kind: K): readonly IstioResource<K>[] {
    return this.byKind[kind] ?? emptyList;
  }

  /** An index over one kind's resources, built once per distinct list of them. */
  index<K extends IstioKind, T>(kind: K, build: (items: readonly IstioResource<K>[]) => T): T {
    return this.memoise(this.resourcesOf(kind), build, () => build(this.resourcesOf(kind)));
  }

  /** An index over the registry, built once per registry. */
  registryIndex<T>(build: (registry: MeshRegistry) => T): T {
    return this.memoise(this.registry, build, () => build(this.registry));
  }

  private memoise<T>(owner: object, key: IndexBuilder<T>, make: () => T): T {
    let perOwner = this.memo.get(owner);
    if (!perOwner) {
      perOwner = new Map();
      this.memo.set(owner, perOwner);
    }
    if (perOwner.has(key)) return perOwner.get(key) as T;
    const value = make();
    perOwner.set(key, value);
    return value;
  }
}

const emptyList: readonly never[] = Object.freeze([]);
