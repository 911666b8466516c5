/**
 * Istio's expected metric samples (istio/proxy `testdata/metric/*.yaml.tmpl`, vendored unmodified
 * in third_party/istio/proxy-metric-expectations) rendered with the variables a test gives, so
 * tests compare Meshlens's samples with Istio's own files rather than with transcriptions.
 *
 * The files are Go templates using a small subset: `{{ .Vars.X }}` / `{{ .Ports.X }}` values,
 * `if` / `else if` / `else` / `end` on a value's truthiness or on `eq`/`ne` with a string, and the
 * `{{-` / `-}}` whitespace trims. That subset is rendered here; anything else is refused.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { load } from 'js-yaml';
import type { PeerMetadata } from './peer-metadata.ts';

const dir = fileURLToPath(
  new URL('../../../../third_party/istio/proxy-metric-expectations/', import.meta.url),
);

export interface TemplateInput {
  readonly vars?: Readonly<Record<string, string>>;
  readonly ports?: Readonly<Record<string, string | number>>;
}

interface Token {
  readonly text: string;
  readonly action: string | undefined;
}

function tokenize(template: string): Token[] {
  const tokens: Token[] = [];
  const re = /\{\{(-?)\s*(.*?)\s*(-?)\}\}/g;
  let last = 0;
  let trimNext = false;
  for (let m = re.exec(template); m; m = re.exec(template)) {
    let text = template.slice(last, m.index);
    if (trimNext) text = text.replace(/^\s+/, '');
    if (m[1] === '-') text = text.replace(/\s+$/, '');
    tokens.push({ text, action: m[2] ?? '' });
    trimNext = m[3] === '-';
    last = re.lastIndex;
  }
  const tail = template.slice(last);
  tokens.push({ text: trimNext ? tail.replace(/^\s+/, '') : tail, action: undefined });
  return tokens;
}

function value(expr: string, input: TemplateInput): string {
  const m = /^\.(Vars|Ports)\.(\w+)$/.exec(expr);
  if (!m) throw new Error(`unsupported template value: ${expr}`);
  const source = m[1] === 'Vars' ? input.vars : input.ports;
  const v = source?.[m[2] ?? ''];
  return v === undefined ? '' : String(v);
}

function condition(expr: string, input: TemplateInput): boolean {
  const cmp = /^(eq|ne) (\S+) "(.*)"$/.exec(expr);
  if (cmp) {
    const equal = value(cmp[2] ?? '', input) === cmp[3];
    return cmp[1] === 'eq' ? equal : !equal;
  }
  return value(expr, input) !== '';
}

/** Renders a template with Go's `text/template` semantics for the subset these files use. */
export function renderTemplate(template: string, input: TemplateInput): string {
  let out = '';
  // Each open `if`: whether its current branch emits, and whether a branch was taken already.
  const stack: Array<{ emitting: boolean; taken: boolean; outer: boolean }> = [];
  const emitting = (): boolean => stack.every((s) => s.emitting);
  for (const token of tokenize(template)) {
    if (emitting()) out += token.text;
    const action = token.action;
    if (action === undefined) break;
    const top = stack[stack.length - 1];
    if (action.startsWith('if ')) {
      const outer = emitting();
      const yes = outer && condition(action.slice(3), input);
      stack.push({ emitting: yes, taken: yes, outer });
    } else if (action.startsWith('else if ') && top) {
      const yes = top.outer && !top.taken && condition(action.slice(8), input);
      top.emitting = yes;
      top.taken ||= yes;
    } else if (action === 'else' && top) {
      top.emitting = top.outer && !top.taken;
      top.taken = true;
    } else if (action === 'end' && top) {
      stack.pop();
    } else if (emitting()) out += value(action, input);
  }
  return out;
}

export interface ExpectedSample {
  readonly value: number;
  /** Label name → value, in the file's order. */
  readonly labels: Readonly<Record<string, string>>;
}

export interface ExpectedMetric {
  readonly name: string;
  readonly type: string;
  readonly samples: readonly ExpectedSample[];
}

interface MetricFile {
  name: string;
  type: string;
  metric: Array<{
    counter?: { value: number };
    gauge?: { value: number };
    histogram?: { sample_count: number };
    label?: Array<{ name: string; value: unknown }>;
  }>;
}

/** One expectation file, rendered and read. `file` is e.g. `client_request_total.yaml.tmpl`. */
export function istioExpectation(file: string, input: TemplateInput = {}): ExpectedMetric {
  const doc = load(renderTemplate(readFileSync(`${dir}${file}`, 'utf8'), input)) as MetricFile;
  return {
    name: doc.name,
    type: doc.type,
    samples: doc.metric.map((m) => ({
      value: m.counter?.value ?? m.gauge?.value ?? m.histogram?.sample_count ?? Number.NaN,
      labels: Object.fromEntries((m.label ?? []).map((l) => [l.name, String(l.value)])),
    })),
  };
}

/**
 * The two workloads of istio/proxy's stats tests, whose samples the expectation files hold:
 * productpage-v1 (client, in `client-cluster`) calling ratings-v1 (server, in `server-cluster`)
 * through the Service `server`.
 */
export const ISTIO_STATS_PEERS: { readonly productpage: PeerMetadata; readonly ratings: PeerMetadata } = {
  productpage: {
    name: 'productpage-v1-84975bc778-pxz2w',
    namespace: 'default',
    workloadName: 'productpage-v1',
    clusterId: 'client-cluster',
    serviceAccount: 'client',
    labels: {
      app: 'productpage',
      version: 'v1',
      'service.istio.io/canonical-name': 'productpage-v1',
      'service.istio.io/canonical-revision': 'version-1',
    },
  },
  ratings: {
    name: 'ratings-v1-58b8d8c8d4-k2lxn',
    namespace: 'default',
    workloadName: 'ratings-v1',
    clusterId: 'server-cluster',
    serviceAccount: 'server',
    labels: {
      app: 'ratings',
      version: 'v1',
      'service.istio.io/canonical-name': 'ratings',
      'service.istio.io/canonical-revision': 'version-1',
    },
  },
};
