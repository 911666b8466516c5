/**
 * Collects the findings of one resource's admission checks. Istio's webhook answers with errors
 * (the object is refused) and warnings (accepted, likely not what was meant); they become
 * `IST0106` and `ML0006` findings whose detail starts with the offending field as Kubernetes
 * prints field paths, like the schema validator's findings: `spec.http[0].route[1].weight`,
 * map keys in brackets (`spec.selector.matchLabels[app]`). Which segments are map keys is read
 * from the kind's CRD schema, only when a finding is made.
 */
import type { Path } from '../path.ts';
import type { CrdSchema } from '../schema/crd-schema.ts';
import type { RuleFinding } from '../../validation/finding.ts';

const errorPrefix = 'Schema validation error: ';
const warningPrefix = 'Istio admission warning: ';

export class Report {
  readonly findings: RuleFinding[] = [];

  /** `schema`: the CRD schema of the resource's kind and version, to tell map keys from fields. */
  constructor(private readonly schema?: CrdSchema) {}

  /** An error on the field at `path`: `spec.http[0].route[1].weight: must not be negative`. */
  field(path: Path, problem: string): void {
    this.findings.push({
      code: 'IST0106',
      path,
      detail: `${errorPrefix}${fieldLabel(path, this.schema)}: ${problem}`,
    });
  }

  /** A warning on the field at `path`. */
  fieldWarning(path: Path, problem: string): void {
    this.findings.push({
      code: 'ML0006',
      path,
      detail: `${warningPrefix}${fieldLabel(path, this.schema)}: ${problem}`,
    });
  }
}

/** Whether `name` is a key of a map (`additionalProperties`) rather than a declared field. */
function step(schema: CrdSchema | undefined, name: string): { key: boolean; next: CrdSchema | undefined } {
  const prop = schema?.properties?.[name];
  if (prop) return { key: false, next: prop };
  const values = schema?.additionalProperties;
  if (typeof values === 'object') return { key: true, next: values };
  return { key: false, next: undefined };
}

/** The field a path points at, as Kubernetes prints it: `spec.hosts[0]`, `spec.ports[http]`. */
export function fieldLabel(path: Path, schema?: CrdSchema): string {
  let out = '';
  let current = schema;
  for (const [i, seg] of path.entries()) {
    if (typeof seg === 'number') {
      out += `[${seg}]`;
      current = current?.items;
      continue;
    }
    // metadata is not in the CRD schema: only its labels and annotations are maps.
    const metadataKey =
      i === 2 && path[0] === 'metadata' && (path[1] === 'labels' || path[1] === 'annotations');
    const { key, next } = step(current, seg);
    current = next;
    if (key || metadataKey) out += `[${seg}]`;
    else out += out === '' ? seg : `.${seg}`;
  }
  return out === '' ? '<root>' : out;
}
