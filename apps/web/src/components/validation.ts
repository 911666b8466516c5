/**
 * A validation (Kiali's `IstioValidation`) as the lists show it: valid or not, and how many
 * errors and warnings, with their messages. Infos (`unknown`) are not counted, as in Kiali.
 */
import { validationTypeKey } from '@meshlens/mesh-core/api/istio-config-kinds';

export interface ValidationSummary {
  readonly valid: boolean;
  readonly errors: number;
  readonly warnings: number;
  readonly messages: readonly string[];
}

export interface ValidationLike {
  readonly valid: boolean;
  readonly checks: readonly { readonly severity: string; readonly message: string; readonly path: string }[];
}

export function summarizeValidation(v: ValidationLike): ValidationSummary {
  const problems = v.checks.filter((c) => c.severity === 'error' || c.severity === 'warning');
  return {
    valid: v.valid,
    errors: problems.filter((c) => c.severity === 'error').length,
    warnings: problems.filter((c) => c.severity === 'warning').length,
    messages: problems.map((c) => `${c.severity}: ${c.message}${c.path === '' ? '' : ` (${c.path})`}`),
  };
}

/** "Valid", "2 errors", "1 warning", "1 error, 2 warnings". */
export function validationText(v: ValidationSummary): string {
  const parts: string[] = [];
  if (v.errors > 0) parts.push(`${v.errors} ${v.errors === 1 ? 'error' : 'errors'}`);
  if (v.warnings > 0) parts.push(`${v.warnings} ${v.warnings === 1 ? 'warning' : 'warnings'}`);
  if (parts.length === 0) return v.valid ? 'Valid' : 'Not valid';
  return parts.join(', ');
}

interface GvkLike {
  readonly Group: string;
  readonly Version: string;
  readonly Kind: string;
}

/** Kiali's validations map: type key (`validationTypeKey`), then `name.namespace`. */
export type ValidationsLike = Readonly<Record<string, Readonly<Record<string, ValidationLike>> | undefined>>;

/** The validation of one object, looked up the way Kiali keys them. */
export function validationOf(
  validations: ValidationsLike,
  gvk: GvkLike,
  name: string,
  namespace: string,
): ValidationSummary | undefined {
  const v = validations[validationTypeKey(gvk)]?.[`${name}.${namespace}`];
  return v === undefined ? undefined : summarizeValidation(v);
}
