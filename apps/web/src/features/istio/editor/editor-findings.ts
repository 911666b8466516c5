/**
 * Findings as the editor shows them: mesh-core's findings (computed in the browser) and a refused
 * save's findings (from the server), each at a line and column of the editor's text, turned into
 * CodeMirror diagnostics and counted for the "Validation" list.
 *
 * The server's findings point into the YAML the server checked, which for an update is the object
 * it re-serialised, not the user's text: they are placed by their Kiali path (`spec/http[0]/…`),
 * located in the editor's text with mesh-core's parser, and by their line only when they point
 * into the request body itself (a create's) or no path can be found.
 */
import type { FindingWire } from '@meshlens/mesh-core/api/istio-config';
import { parseManifests, parsePath } from '@meshlens/mesh-core/config';
import type { Finding, FindingCounts } from '@meshlens/mesh-core/validation';

export { countFindings } from '@meshlens/mesh-core/validation';

export const FINDING_SEVERITIES = ['error', 'warning', 'info'] as const;
export type FindingSeverity = (typeof FINDING_SEVERITIES)[number];

export const FINDING_ORIGINS = ['browser', 'server'] as const;
export type FindingOrigin = (typeof FINDING_ORIGINS)[number];

export interface EditorFinding {
  readonly code: string;
  readonly severity: FindingSeverity;
  readonly message: string;
  /** Kiali's path of the field (`spec/http[0]/route[0]/destination/host`); empty for the document. */
  readonly path: string;
  /** 1-based, in the editor's text. */
  readonly line: number;
  readonly column: number;
  readonly origin: FindingOrigin;
}

/** The file name findings of the editor's text carry (what the validator is told it reads). */
export const EDITOR_FILE = 'editor';
/** The file name the server gives findings that point into a create's request body. */
const REQUEST_BODY = 'request body';

/** Kiali's `unknown` severity is its "info". */
function severityOf(severity: Finding['severity']): FindingSeverity {
  return severity === 'unknown' ? 'info' : severity;
}

/** mesh-core's findings of the editor's text, as the editor shows them. */
export function browserFindings(findings: readonly Finding[]): EditorFinding[] {
  return findings.map((f) => ({
    code: f.code,
    severity: severityOf(f.severity),
    message: f.message,
    path: f.path,
    line: f.source?.line ?? 1,
    column: f.source?.column ?? 1,
    origin: 'browser',
  }));
}

/**
 * A refused save's findings placed in `text`: by path in the document the finding is about (or
 * the first), else at the request body's line, else at the top.
 */
export function serverFindings(
  findings: readonly FindingWire[],
  text: string,
  defaultNamespace: string,
): EditorFinding[] {
  const parsed = parseManifests(text, { file: EDITOR_FILE, defaultNamespace });
  const resourceOf = (f: FindingWire) =>
    parsed.resources.find(
      (r) =>
        f.object !== undefined &&
        r.kind === f.object.kind &&
        r.metadata.name === f.object.name &&
        r.metadata.namespace === f.object.namespace,
    ) ?? parsed.resources[0];
  return findings.map((f) => {
    const segments = f.path === '' ? undefined : parsePath(f.path);
    const located = segments === undefined ? undefined : resourceOf(f)?.source?.locate(segments);
    const position =
      located ??
      (f.source !== undefined && f.source.file === REQUEST_BODY
        ? { line: f.source.line, column: f.source.column }
        : { line: 1, column: 1 });
    return {
      code: f.code,
      severity: severityOf(f.severity),
      message: f.message,
      path: f.path,
      line: position.line,
      column: position.column,
      origin: 'server',
    };
  });
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** "2 errors, 1 warning" — or "No findings". Infos are counted too: they are shown in the list. */
export function countsText(c: FindingCounts): string {
  const parts: string[] = [];
  if (c.errors > 0) parts.push(plural(c.errors, 'error'));
  if (c.warnings > 0) parts.push(plural(c.warnings, 'warning'));
  if (c.infos > 0) parts.push(plural(c.infos, 'info'));
  return parts.length === 0 ? 'No findings' : parts.join(', ');
}

/** The text a marker's tooltip and the list show: code first, as Kiali writes it. */
export function findingText(f: EditorFinding): string {
  return `${f.code} ${f.message}`;
}

/** What CodeMirror needs of a document to place a finding: lines by 1-based number. */
export interface LineSource {
  readonly lines: number;
  line(n: number): { readonly from: number; readonly to: number; readonly text: string };
}

export interface DiagnosticRange {
  readonly from: number;
  readonly to: number;
}

/**
 * Where a finding's marker goes: from its column to the end of the line's text (the field and its
 * value), at least one character when the line has one; clamped to the document.
 */
export function findingRange(f: Pick<EditorFinding, 'line' | 'column'>, doc: LineSource): DiagnosticRange {
  const lineNo = Math.min(Math.max(1, f.line), Math.max(1, doc.lines));
  const line = doc.line(lineNo);
  const from = Math.min(line.from + Math.max(0, f.column - 1), line.to);
  const end = line.from + line.text.trimEnd().length;
  const to = Math.max(end, from === line.to ? from : from + 1);
  return { from, to: Math.min(to, line.to) };
}

/** The offset a click on a finding moves the cursor to. */
export function findingOffset(f: Pick<EditorFinding, 'line' | 'column'>, doc: LineSource): number {
  return findingRange(f, doc).from;
}

const SEVERITY_RANK: Readonly<Record<FindingSeverity, number>> = { error: 0, warning: 1, info: 2 };

/** The list's order: by position, errors before warnings at the same place. */
export function sortEditorFindings(findings: readonly EditorFinding[]): EditorFinding[] {
  return [...findings].sort(
    (a, b) =>
      a.line - b.line ||
      a.column - b.column ||
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      a.code.localeCompare(b.code),
  );
}
