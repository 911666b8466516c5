/**
 * Runs the real analysis pipeline (parse → registry → structural and admission checks →
 * cross-resource rules, with positions and suppressions) over YAML text, for the security rules'
 * tests. Findings are summarised to what a user sees: code, severity, object, Kiali path and line.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CheckCode, Severity } from '../../catalogue.ts';
import type { MeshOptions } from '../../context.ts';
import type { Finding } from '../../finding.ts';
import type { Rule } from '../../rule.ts';
import { analyzeManifests } from '../../analyze.ts';
import { MeshValidator } from '../../validate.ts';

export interface FindingSummary {
  readonly code: CheckCode;
  readonly severity: Severity;
  /** `Kind/namespace/name`. */
  readonly object: string;
  readonly path: string;
  readonly line: number | undefined;
}

export interface AnalyzeYamlOptions {
  /**
   * Only findings with these codes, and any refusal of the input itself (unreadable input,
   * schema or admission errors), so that no test passes because its input never reached the rules.
   */
  readonly codes?: readonly CheckCode[];
  /** Run these rules over the analysed snapshot instead of the registered ones (for rule options). */
  readonly rules?: readonly Rule[];
  readonly mesh?: Partial<MeshOptions>;
  readonly file?: string;
}

const refusals = new Set<CheckCode>(['ML0001', 'ML0002', 'ML0003', 'ML0004', 'IST0106']);

export function summarize(f: Finding): FindingSummary {
  return {
    code: f.code,
    severity: f.severity,
    object: f.object ? `${f.object.kind}/${f.object.namespace}/${f.object.name}` : '',
    path: f.path,
    line: f.source?.line,
  };
}

/** Findings of the whole pipeline over `yaml`, as it would run in the editor or `meshlens analyze`. */
export function analyzeYaml(
  yaml: string | readonly { file: string; text: string }[],
  options: AnalyzeYamlOptions = {},
): Finding[] {
  const inputs = typeof yaml === 'string' ? [{ file: options.file ?? 'test.yaml', text: yaml }] : yaml;
  const result = analyzeManifests(inputs, options.mesh ? { mesh: options.mesh } : {});
  const findings = options.rules
    ? new MeshValidator(result.snapshot, options.rules).validateAll()
    : result.findings;
  const codes = options.codes;
  if (!codes) return findings;
  const kept = [
    ...result.findings.filter((f) => refusals.has(f.code)),
    ...findings.filter((f) => codes.includes(f.code)),
  ];
  return [...new Set(kept)];
}

/** Summaries of the findings of `yaml`, for table assertions. */
export function findingsOf(
  yaml: string | readonly { file: string; text: string }[],
  options: AnalyzeYamlOptions = {},
): FindingSummary[] {
  return analyzeYaml(yaml, options).map(summarize);
}

const thirdParty = (relative: string): string =>
  fileURLToPath(new URL(`../../../../../../third_party/istio/${relative}`, import.meta.url));

/** Istio's Bookinfo platform manifest (Services, ServiceAccounts, Deployments). */
export function bookinfoPlatform(): { file: string; text: string } {
  return { file: 'bookinfo.yaml', text: readFileSync(thirdParty('bookinfo/platform/bookinfo.yaml'), 'utf8') };
}

/** Istio's validation dataset: known-valid resources of each kind, one file per kind. */
export function validationDataset(): { file: string; text: string }[] {
  const dir = thirdParty('validation-dataset');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((file) => ({ file, text: readFileSync(`${dir}/${file}`, 'utf8') }));
}

/** Kubernetes objects most tests need: namespaces, a Service and its Deployment with a service account. */
export function workload(options: {
  name: string;
  namespace: string;
  labels?: Readonly<Record<string, string>>;
  serviceAccount?: string;
  port?: number;
}): string {
  const labels = options.labels ?? { app: options.name };
  const labelYaml = Object.entries(labels)
    .map(([k, v]) => `        ${k}: ${v}`)
    .join('\n');
  const selectorYaml = Object.entries(labels)
    .map(([k, v]) => `    ${k}: ${v}`)
    .join('\n');
  const port = options.port ?? 9080;
  return `apiVersion: v1
kind: Service
metadata:
  name: ${options.name}
  namespace: ${options.namespace}
  labels:
${selectorYaml}
spec:
  selector:
${selectorYaml}
  ports:
  - name: http
    port: ${port}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${options.name}
  namespace: ${options.namespace}
  labels:
${selectorYaml}
spec:
  selector:
    matchLabels:
${labelYaml.replace(/^ {8}/gm, '      ')}
  template:
    metadata:
      labels:
${labelYaml}
    spec:
      serviceAccountName: ${options.serviceAccount ?? options.name}
      containers:
      - name: app
        image: example/${options.name}
        ports:
        - containerPort: ${port}
---
`;
}

/**
 * 1-based line of the first line of `text` containing `needle`, skipping `from` such lines (a
 * number) or starting after the first line containing `from` (a string).
 */
export function lineOf(text: string, needle: string, from: number | string = 0): number {
  const lines = text.split('\n');
  let start = 0;
  let skip = typeof from === 'number' ? from : 0;
  if (typeof from === 'string') {
    start = lines.findIndex((l) => l.includes(from)) + 1;
    if (start === 0) throw new Error(`"${from}" not found`);
  }
  for (let i = start; i < lines.length; i++) {
    if (!lines[i]?.includes(needle)) continue;
    if (skip === 0) return i + 1;
    skip--;
  }
  throw new Error(`"${needle}" not found`);
}
