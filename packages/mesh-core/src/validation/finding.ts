import type { Path } from '../config/path.ts';
import { formatPath } from '../config/path.ts';
import type { CheckCode, Severity } from './catalogue.ts';
import { catalogue } from './catalogue.ts';

/** The object a finding is about, as Kiali keys it. */
export interface ObjectRef {
  readonly kind: string;
  readonly apiVersion: string;
  readonly name: string;
  readonly namespace: string;
}

/** A place in an input file; line and column are 1-based. */
export interface SourcePosition {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** One finding: Kiali's `{code, severity, message, path}` plus where it points. */
export interface Finding {
  readonly code: CheckCode;
  readonly severity: Severity;
  readonly message: string;
  /** Kiali's path format: `spec/http[0]/route[1]/destination/host`. */
  readonly path: string;
  readonly object?: ObjectRef;
  readonly source?: SourcePosition;
}

export interface FindingOptions {
  readonly code: CheckCode;
  readonly path: Path;
  /** Replaces the catalogue message, for codes whose message carries detail (IST0106, ML*). */
  readonly detail?: string;
  /** Replaces the catalogue severity where Kiali lowers a check in context. */
  readonly severity?: Severity;
  readonly object?: ObjectRef;
  readonly source?: SourcePosition;
}

export function makeFinding(options: FindingOptions): Finding {
  const entry = catalogue[options.code];
  return {
    code: options.code,
    severity: options.severity ?? entry.severity,
    message: options.detail ?? entry.message,
    path: formatPath(options.path),
    ...(options.object ? { object: options.object } : {}),
    ...(options.source ? { source: options.source } : {}),
  };
}

export function isError(finding: Finding): boolean {
  return finding.severity === 'error';
}

/** How many findings of each severity (a CLI summary line, the editor's counts); any other severity (`unknown`, the editor's `info`) counts as info. */
export interface FindingCounts {
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
}

export function countFindings(findings: readonly { readonly severity: string }[]): FindingCounts {
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  for (const f of findings) {
    if (f.severity === 'error') errors++;
    else if (f.severity === 'warning') warnings++;
    else infos++;
  }
  return { errors, warnings, infos };
}

/** What a check reports: the framework adds message, severity, object and position. */
export interface RuleFinding {
  readonly code: CheckCode;
  /** Segments from the resource root: `['spec', 'http', 0, 'route', 1, 'destination', 'host']`. */
  readonly path: Path;
  readonly detail?: string;
  /** Only where Kiali lowers the catalogue severity in context (e.g. KIA0203 to info). */
  readonly severity?: Severity;
}
