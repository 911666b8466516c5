import type { CheckCode } from './catalogue.ts';

/** Kiali's per-object annotation: empty value ignores every code, else a comma list of codes. */
export const ignoreValidationsAnnotation = 'kiali.io/ignore-validations';

/** Whether `annotations` suppress Kiali code `code` on their object. Only KIA codes can be ignored. */
export function isSuppressed(annotations: Readonly<Record<string, string>>, code: CheckCode): boolean {
  if (!code.startsWith('KIA')) return false;
  const value = annotations[ignoreValidationsAnnotation];
  if (value === undefined) return false;
  const codes = value
    .split(',')
    .map((c) => c.trim().toUpperCase())
    .filter((c) => c !== '');
  return codes.length === 0 || codes.includes(code);
}
