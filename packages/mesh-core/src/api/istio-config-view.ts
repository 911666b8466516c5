/**
 * Stored config and its findings as Kiali's JSON: objects served at Kiali's version of their
 * kind, findings grouped into one `IstioValidation` per object, the list, the details and the
 * per-namespace summary.
 *
 * Every Istio object gets a validation (valid, no checks, when nothing is found), as Kiali
 * validates every object it lists; other objects (a Service whose port name KIA0601 flags) get
 * one only when they have findings. The summary counts, per namespace, the error and warning
 * checks of those validations and the number of them (`objectCount`), as Kiali's
 * `SummarizeValidation` does.
 */
import { isIstioKind } from '../config/kinds.ts';
import { isPlainObject } from '../config/parse.ts';
import type { Finding } from '../validation/finding.ts';
import type {
  IstioConfigDetails,
  IstioConfigList,
  IstioReferences,
  IstioValidation,
  IstioValidations,
  K8sObject,
  ValidationSummary,
} from './istio-config.ts';
import { gvkOfObjectKind, gvkString, KIALI_CONFIG_KINDS, validationTypeKey } from './istio-config-kinds.ts';
import type { Gvk, KialiConfigKind } from './istio-config-kinds.ts';

/** A stored object: its identity and its manifest with server-owned metadata. */
export interface ConfigObject {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly manifest: Readonly<Record<string, unknown>>;
}

type ObjectId = Pick<ConfigObject, 'kind' | 'namespace' | 'name'>;

const ALL_ALLOWED = { create: true, update: true, delete: true } as const;

const idOf = (o: ObjectId): string => `${o.kind}/${o.namespace}/${o.name}`;

/**
 * The object as the API server would serve it at `gvk`'s version: Istio's versions of a kind
 * share one schema, so only `apiVersion` changes. Kiali's console looks validations up by the
 * GVK of each object's `apiVersion`, so it must be Kiali's version, whatever was applied.
 */
export function kialiResource(object: ConfigObject, gvk: Gvk): K8sObject {
  const metadata = isPlainObject(object.manifest.metadata) ? object.manifest.metadata : {};
  return {
    ...object.manifest,
    apiVersion: `${gvk.Group}/${gvk.Version}`,
    kind: gvk.Kind,
    metadata: { ...metadata, name: object.name, namespace: object.namespace },
  };
}

/** One validation per Istio object, and per other object with findings, in `objects` order. */
export function objectValidations(input: {
  readonly objects: readonly ObjectId[];
  readonly findings: readonly Finding[];
  readonly cluster: string;
}): IstioValidation[] {
  const byId = new Map<string, IstioValidation & { checks: IstioValidation['checks'][number][] }>();
  const entry = (o: ObjectId): IstioValidation & { checks: IstioValidation['checks'][number][] } => {
    const id = idOf(o);
    let found = byId.get(id);
    if (!found) {
      found = {
        name: o.name,
        namespace: o.namespace,
        cluster: input.cluster,
        objectGVK: gvkOfObjectKind(o.kind),
        valid: true,
        checks: [],
        references: [],
      };
      byId.set(id, found);
    }
    return found;
  };
  for (const o of input.objects) if (isIstioKind(o.kind)) entry(o);
  for (const f of input.findings) {
    if (!f.object) continue;
    const v = entry(f.object);
    v.checks.push({ code: f.code, message: f.message, severity: f.severity, path: f.path });
    if (f.severity === 'error') v.valid = false;
  }
  return [...byId.values()];
}

/** Kiali's validations map: type key, then `name.namespace`. */
export function validationsMap(validations: readonly IstioValidation[]): IstioValidations {
  const out: Record<string, Record<string, IstioValidation>> = {};
  for (const v of validations) {
    const byName = (out[validationTypeKey(v.objectGVK)] ??= {});
    byName[`${v.name}.${v.namespace}`] = v;
  }
  return out;
}

const sameKind = (gvk: Gvk, k: KialiConfigKind): boolean =>
  gvk.Group === k.gvk.Group && gvk.Kind === k.gvk.Kind;

/**
 * Kiali's IstioConfigList of `objects` (already limited to the namespaces asked for): every
 * kind's key is present, empty when the `kinds` filter leaves it out or nothing is stored.
 * Validations, when given, are limited to the same kinds, as Kiali's `FilterByTypes` does.
 */
export function istioConfigList(input: {
  readonly objects: readonly ConfigObject[];
  readonly namespaces: readonly string[];
  readonly kinds?: readonly KialiConfigKind[];
  readonly validations?: readonly IstioValidation[];
}): IstioConfigList {
  const included = input.kinds ?? KIALI_CONFIG_KINDS;
  const resources: IstioConfigList['resources'] = {};
  for (const k of KIALI_CONFIG_KINDS) {
    const wanted = included.includes(k) && k.stored !== undefined;
    resources[gvkString(k.gvk)] = wanted
      ? input.objects.filter((o) => o.kind === k.stored).map((o) => kialiResource(o, k.gvk))
      : [];
  }
  const validations = (input.validations ?? []).filter(
    (v) => input.kinds === undefined || input.kinds.some((k) => sameKind(v.objectGVK, k)),
  );
  return {
    resources,
    validations: validationsMap(validations),
    permissions: Object.fromEntries(input.namespaces.map((ns) => [ns, { ...ALL_ALLOWED }])),
  };
}

export function istioConfigDetails(input: {
  readonly object: ConfigObject;
  readonly gvk: Gvk;
  readonly cluster: string;
  readonly validation: IstioValidation | null;
  readonly references: IstioReferences | null;
}): IstioConfigDetails {
  return {
    resource: kialiResource(input.object, input.gvk),
    namespace: { name: input.object.namespace, cluster: input.cluster },
    gvk: input.gvk,
    permissions: { ...ALL_ALLOWED },
    validation: input.validation,
    references: input.references,
    help: null,
  };
}

/** Kiali's summary of each namespace, in the order asked for. */
export function validationSummaries(input: {
  readonly validations: readonly IstioValidation[];
  readonly namespaces: readonly string[];
  readonly cluster: string;
}): ValidationSummary[] {
  return input.namespaces.map((namespace) => {
    const summary: ValidationSummary = {
      errors: 0,
      objectCount: 0,
      warnings: 0,
      namespace,
      cluster: input.cluster,
    };
    for (const v of input.validations) {
      if (v.namespace !== namespace || v.cluster !== input.cluster) continue;
      summary.objectCount += 1;
      for (const c of v.checks) {
        if (c.severity === 'error') summary.errors += 1;
        else if (c.severity === 'warning') summary.warnings += 1;
      }
    }
    return summary;
  });
}
