import type { Finding, Severity } from '@meshlens/mesh-core/validation';

const severityWord: Readonly<Record<Severity, string>> = {
  error: 'Error',
  warning: 'Warning',
  unknown: 'Info',
};

/** A finding as printed: the API's JSON carries the code as a plain string. */
export type PrintedFinding = Omit<Finding, 'code'> & { readonly code: string };

/**
 * One finding a line, istioctl-analyze style:
 * `Error [KIA1101] VirtualService reviews.default (vs.yaml:12:11) spec/http[0]/…/host: message`.
 */
export function formatFinding(finding: PrintedFinding): string {
  const parts = [`${severityWord[finding.severity]} [${finding.code}]`];
  if (finding.object) parts.push(`${finding.object.kind} ${finding.object.name}.${finding.object.namespace}`);
  if (finding.source) parts.push(`(${finding.source.file}:${finding.source.line}:${finding.source.column})`);
  const head = parts.join(' ');
  return finding.path === '' ? `${head}: ${finding.message}` : `${head} ${finding.path}: ${finding.message}`;
}

export { countFindings } from '@meshlens/mesh-core/validation';
