/**
 * Indexes over one kind whose entries depend on the mesh as well as on the resources: a host
 * written `reviews` in namespace `bookinfo` is keyed by its FQDN, which needs the cluster domain
 * and the registry's namespaces. `ctx.index` memoises on the builder function, so each module
 * builder is bound once per registry and mesh options, and the bound function is reused by every
 * context that shares them (the whole-mesh run and every editor keystroke after it).
 *
 * A builder may read the registry and the options through the context it is given, never other
 * kinds' resources: the index is rebuilt only when its own kind's list changes.
 */
import type { IstioKind } from '../../../config/kinds.ts';
import type { MeshRegistry } from '../../../config/kube.ts';
import type { IstioResource } from '../../../config/resource.ts';
import type { ValidationContext } from '../../context.ts';

export type ContextIndexBuilder<K extends IstioKind, T> = (
  items: readonly IstioResource<K>[],
  ctx: ValidationContext,
) => T;

type Bound = (items: readonly IstioResource[]) => unknown;

const boundBuilders = new WeakMap<MeshRegistry, Map<string, Map<unknown, Bound>>>();

export function contextIndex<K extends IstioKind, T>(
  ctx: ValidationContext,
  kind: K,
  build: ContextIndexBuilder<K, T>,
): T {
  let perRegistry = boundBuilders.get(ctx.registry);
  if (!perRegistry) {
    perRegistry = new Map();
    boundBuilders.set(ctx.registry, perRegistry);
  }
  const optionsKey = `${ctx.options.clusterDomain}\u0000${ctx.options.rootNamespace}`;
  let perOptions = perRegistry.get(optionsKey);
  if (!perOptions) {
    perOptions = new Map();
    perRegistry.set(optionsKey, perOptions);
  }
  let bound = perOptions.get(build);
  if (!bound) {
    // Binds the first context seen; the builder reads only registry and options from it,
    // which every context sharing this registry and these options has in common.
    const first = ctx;
    bound = (items) => build(items as readonly IstioResource<K>[], first);
    perOptions.set(build, bound);
  }
  return ctx.index(kind, bound as (items: readonly IstioResource<K>[]) => T);
}
