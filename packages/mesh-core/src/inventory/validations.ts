/**
 * The config store's findings as Kiali's validations of the objects a page shows (kiali
 * models/istio_validation.go): one `IstioValidation` per object, `valid` unless a check is an
 * error, keyed as Kiali marshals `IstioValidations` — the object type (`<group>/<version>,
 * Kind=<Kind>` for Istio kinds, `service` and `workload` for Services and Deployments), then
 * `<name>.<namespace>`.
 */
import { isIstioKind } from '../config/kinds.ts';
import type { Finding } from '../validation/finding.ts';
import { INVENTORY_CLUSTER } from './model.ts';
import { gvkOf } from './references.ts';
import type { GroupVersionKind, IstioValidation, Validations } from './wire.ts';

/** An object whose validation a page shows. */
export interface ValidatedObject {
  /** `Service`, `Deployment` or an Istio kind. */
  readonly kind: string;
  readonly apiVersion?: string;
  readonly namespace: string;
  readonly name: string;
}

function gvkOfObject(o: ValidatedObject): GroupVersionKind {
  if (isIstioKind(o.kind)) return gvkOf({ kind: o.kind, apiVersion: o.apiVersion ?? '' });
  // Kiali's own types for its list pages: no group, a lower-case kind.
  if (o.kind === 'Deployment') return { Group: '', Version: '', Kind: 'workload' };
  if (o.kind === 'Service') return { Group: '', Version: '', Kind: 'service' };
  return { Group: '', Version: '', Kind: o.kind };
}

/** Kiali's map key for a type: `GroupVersionKind.String()`, or the kind for its own types. */
export function objectTypeKey(gvk: GroupVersionKind): string {
  return gvk.Group === '' ? gvk.Kind : `${gvk.Group}/${gvk.Version}, Kind=${gvk.Kind}`;
}

function sameObject(f: Finding, o: ValidatedObject): boolean {
  return f.object?.kind === o.kind && f.object.namespace === o.namespace && f.object.name === o.name;
}

/** The validation of one object from the findings on it: valid with no checks when there are none. */
export function validationOf(findings: readonly Finding[], object: ValidatedObject): IstioValidation {
  const checks = findings
    .filter((f) => sameObject(f, object))
    .map((f) => ({ code: f.code, message: f.message, severity: f.severity, path: f.path }));
  return {
    name: object.name,
    namespace: object.namespace,
    cluster: INVENTORY_CLUSTER,
    objectGVK: gvkOfObject(object),
    valid: checks.every((c) => c.severity !== 'error'),
    checks,
    references: [],
  };
}

/** The validations of `objects`, keyed as Kiali sends them. */
export function validationsOf(
  findings: readonly Finding[],
  objects: readonly ValidatedObject[],
): Validations {
  const out: Record<string, Record<string, IstioValidation>> = {};
  for (const o of objects) {
    const validation = validationOf(findings, o);
    const byName = (out[objectTypeKey(validation.objectGVK)] ??= {});
    byName[`${o.name}.${o.namespace}`] = validation;
  }
  return out;
}
