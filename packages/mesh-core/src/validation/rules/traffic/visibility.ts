/**
 * Where a VirtualService, DestinationRule or ServiceEntry takes part in Kiali's validation.
 *
 * Kiali validates namespace by namespace: for each namespace N it gathers the objects exported
 * to N and runs every check over that set, then merges the findings. So two objects can only
 * clash if some namespace sees both, and a reference (a route to a subset, a host defined by a
 * ServiceEntry) must be satisfied in every namespace that sees the referring object. Kiali keeps
 * an object in N when exportTo is empty, or names `*`, N, `.` (N being the object's own
 * namespace), or a namespace that does not exist (so that KIA0005 can show on it).
 *
 * A visibility is computed once per object (indexes store it) and compared in constant time,
 * except coverage of a mesh-wide viewer by restricted providers, which counts namespaces.
 */
import type { ValidationContext } from '../../context.ts';
import { namespaceNames } from '../../hosts.ts';

export type Visibility =
  { readonly everywhere: true } | { readonly everywhere: false; readonly namespaces: ReadonlySet<string> };

export const visibleEverywhere: Visibility = { everywhere: true };

export function exportVisibility(
  exportTo: readonly string[] | undefined,
  owner: string,
  ctx: ValidationContext,
): Visibility {
  if (!exportTo || exportTo.length === 0) return visibleEverywhere;
  const known = namespaceNames(ctx);
  const namespaces = new Set<string>();
  for (const target of exportTo) {
    if (target === '*') return visibleEverywhere;
    if (target === '.') namespaces.add(owner);
    else if (known.has(target)) namespaces.add(target);
    else return visibleEverywhere;
  }
  return { everywhere: false, namespaces };
}

export function isVisibleIn(visibility: Visibility, namespace: string): boolean {
  return visibility.everywhere || visibility.namespaces.has(namespace);
}

/** Whether some namespace validates both objects. */
export function visibilitiesOverlap(a: Visibility, b: Visibility): boolean {
  if (a.everywhere) return b.everywhere || b.namespaces.size > 0;
  if (b.everywhere) return a.namespaces.size > 0;
  const [small, large] =
    a.namespaces.size <= b.namespaces.size ? [a.namespaces, b.namespaces] : [b.namespaces, a.namespaces];
  for (const ns of small) if (large.has(ns)) return true;
  return false;
}

/** Whether every namespace that validates `viewer` also sees at least one of `providers`. */
export function visibilityCovered(
  viewer: Visibility,
  providers: Iterable<Visibility>,
  ctx: ValidationContext,
): boolean {
  const union = new Set<string>();
  let any = false;
  for (const p of providers) {
    if (p.everywhere) return true;
    any = true;
    for (const ns of p.namespaces) union.add(ns);
  }
  if (!any) return false;
  const needed = viewer.everywhere ? namespaceNames(ctx) : viewer.namespaces;
  for (const ns of needed) if (!union.has(ns)) return false;
  return true;
}
