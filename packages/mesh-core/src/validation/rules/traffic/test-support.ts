/**
 * Runs the real analysis pipeline (parse → registry → structural and admission checks →
 * cross-resource rules, with positions and suppressions) over YAML text, for the traffic rules'
 * tests, and summarises each finding as a user reads it: code, severity, object, Kiali path,
 * line and column.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CheckCode, Severity } from '../../catalogue.ts';
import type { MeshOptions } from '../../context.ts';
import type { Finding } from '../../finding.ts';
import { analyzeManifests } from '../../analyze.ts';

export interface Manifest {
  readonly file: string;
  readonly text: string;
}

export interface Shown {
  readonly code: CheckCode;
  readonly severity: Severity;
  /** `Kind/namespace/name`. */
  readonly object: string;
  readonly path: string;
  readonly line?: number;
  readonly column?: number;
}

export interface AnalyzeOptions {
  /** Only findings with these codes (all KIA codes when absent). */
  readonly codes?: readonly CheckCode[];
  readonly mesh?: Partial<MeshOptions>;
  /**
   * Resources that Istio would refuse take no part in cross-resource checks, which would make a
   * test pass for the wrong reason; so any schema, admission or input error fails the test
   * unless this is set.
   */
  readonly allowRefused?: boolean;
}

export function show(f: Finding): Shown {
  return {
    code: f.code,
    severity: f.severity,
    object: f.object ? `${f.object.kind}/${f.object.namespace}/${f.object.name}` : '',
    path: f.path,
    ...(f.source ? { line: f.source.line, column: f.source.column } : {}),
  };
}

/** Every finding of the pipeline over the manifests, as `meshlens analyze` reports them. */
export function analyze(input: string | readonly Manifest[], options: AnalyzeOptions = {}): Finding[] {
  const inputs = typeof input === 'string' ? [{ file: 'test.yaml', text: input }] : input;
  const findings = analyzeManifests(inputs, options.mesh ? { mesh: options.mesh } : {}).findings;
  const refused = findings.filter((f) => !f.code.startsWith('KIA') && f.severity === 'error');
  if (refused.length > 0 && options.allowRefused !== true) {
    throw new Error(
      `input refused before cross-resource checks: ${refused.map((f) => `${f.code} ${f.path}: ${f.message}`).join('; ')}`,
    );
  }
  return findings;
}

/** The KIA findings (or those of `codes`) of the manifests, summarised. */
export function kiaFindings(input: string | readonly Manifest[], options: AnalyzeOptions = {}): Shown[] {
  const codes = options.codes;
  return analyze(input, options)
    .filter((f) => (codes ? codes.includes(f.code) : f.code.startsWith('KIA')))
    .map(show);
}

/** `kiaFindings` without positions, for tables that assert code, severity, object and path. */
export function kiaChecks(
  input: string | readonly Manifest[],
  options: AnalyzeOptions = {},
): Omit<Shown, 'line' | 'column'>[] {
  return kiaFindings(input, options).map(({ code, severity, object, path }) => ({
    code,
    severity,
    object,
    path,
  }));
}

const thirdParty = (relative: string): string =>
  fileURLToPath(new URL(`../../../../../../third_party/istio/${relative}`, import.meta.url));

/** A file of Istio's Bookinfo sample: `platform/bookinfo.yaml`, `networking/<name>.yaml`. */
export function bookinfo(relative: string): Manifest {
  return { file: relative, text: readFileSync(thirdParty(`bookinfo/${relative}`), 'utf8') };
}

/** The names of Bookinfo's networking samples. */
export function bookinfoNetworkingFiles(): string[] {
  return readdirSync(thirdParty('bookinfo/networking'))
    .filter((f) => f.endsWith('.yaml'))
    .sort();
}

/** A Service with a selector and one Deployment per version behind it, with `app`/`version` labels. */
export function service(options: {
  name: string;
  namespace?: string;
  versions?: readonly string[];
  annotations?: Record<string, string>;
}): string {
  const ns = options.namespace ?? 'default';
  const annotations = Object.entries(options.annotations ?? {});
  const meta =
    annotations.length > 0
      ? `\n  annotations:\n${annotations.map(([k, v]) => `    ${k}: "${v}"`).join('\n')}`
      : '';
  const docs = [
    `apiVersion: v1
kind: Service
metadata:
  name: ${options.name}
  namespace: ${ns}${meta}
spec:
  selector:
    app: ${options.name}
  ports:
  - name: http
    port: 9080
`,
  ];
  for (const version of options.versions ?? ['v1'])
    docs.push(deployment({ name: options.name, namespace: ns, version }));
  return docs.join('---\n');
}

/** A Deployment whose pods carry `app: <name>` and `version: <version>` (and any `labels`). */
export function deployment(options: {
  name: string;
  namespace?: string;
  version?: string;
  labels?: Record<string, string>;
}): string {
  const labels: Record<string, string> = options.labels ?? {
    app: options.name,
    version: options.version ?? 'v1',
  };
  const labelLines = (indent: string): string =>
    Object.entries(labels)
      .map(([k, v]) => `${indent}${k}: ${v}`)
      .join('\n');
  const suffix = options.version ?? Object.values(labels).join('-');
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${options.name}-${suffix}
  namespace: ${options.namespace ?? 'default'}
spec:
  selector:
    matchLabels:
${labelLines('      ')}
  template:
    metadata:
      labels:
${labelLines('        ')}
    spec:
      containers:
      - name: app
        image: example/${options.name}
`;
}

/** Namespace objects, so that exportTo and `name.namespace` hosts can name them. */
export function namespaces(...names: string[]): string {
  return names.map((n) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${n}\n`).join('---\n');
}

/** Joins YAML documents into one stream. */
export function docs(...parts: string[]): string {
  return parts.map((p) => p.replace(/\n?$/, '\n')).join('---\n');
}

/** 1-based line of the `skip`+1-th line of `text` containing `needle`. */
export function lineOf(text: string, needle: string, skip = 0): number {
  let seen = 0;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]?.includes(needle)) {
      if (seen === skip) return i + 1;
      seen++;
    }
  }
  throw new Error(`"${needle}" not found`);
}

/** 1-based line and column where the `skip`+1-th occurrence of `needle` starts in `text`. */
export function positionOf(text: string, needle: string, skip = 0): { line: number; column: number } {
  const line = lineOf(text, needle, skip);
  const column = (text.split('\n')[line - 1] ?? '').indexOf(needle) + 1;
  return { line, column };
}
