/**
 * Jaeger's UI JSON (`model/json` as `model/converter/json.FromDomain` fills it), written by hand
 * rather than with `JSON.stringify` so that int64 tag values print as exact bare numbers, as Go
 * prints them. Field order is Go's struct order; `processes` keys are sorted (Go marshals maps
 * sorted, so `p10` comes before `p2`). Equal processes share a key, numbered `p1`, `p2`, … in span
 * order. Trace ids whose high half is zero print as 16 digits (`TraceID.String()`). Strings are
 * escaped as Go's `json.Encoder` escapes them, and a response ends with its newline.
 */
import { goJsonEscape } from './go-format.ts';
import type { JaegerProcess, JaegerSpan, JaegerTag } from './jaeger-model.ts';
import { formatTraceId } from './jaeger-model.ts';

/** Printable ASCII that JSON and Go's encoder leave as is: no `"`, `\\`, `<`, `>` or `&`. */
const PLAIN = /^[ !#-%'-;=?-[\]-~]*$/;

/**
 * A JSON string as Go's encoder writes it (HTML-significant characters escaped). Most of a
 * trace's strings (ids, keys, hosts, paths) are plain: they are quoted without an escaping pass.
 */
const q = (text: string): string => (PLAIN.test(text) ? `"${text}"` : goJsonEscape(JSON.stringify(text)));

function tagValue(tag: JaegerTag): string {
  switch (tag.type) {
    case 'string':
    case 'binary':
      return q(tag.value);
    case 'bool':
      return String(tag.value);
    case 'int64':
      return tag.value;
    case 'float64':
      return typeof tag.value === 'number' ? JSON.stringify(tag.value) : q(tag.value);
  }
}

function tagsJson(tags: readonly JaegerTag[]): string {
  return `[${tags.map((t) => `{"key":${q(t.key)},"type":"${t.type}","value":${tagValue(t)}}`).join(',')}]`;
}

function processJson(process: JaegerProcess): string {
  return `{"serviceName":${q(process.serviceName)},"tags":${tagsJson(process.tags)}}`;
}

function spanJson(span: JaegerSpan, processId: string): string {
  const references = span.references
    .map((r) => `{"refType":"${r.refType}","traceID":"${formatTraceId(r.traceID)}","spanID":"${r.spanID}"}`)
    .join(',');
  const logs = span.logs.map((l) => `{"timestamp":${l.timestamp},"fields":${tagsJson(l.fields)}}`).join(',');
  const warnings = span.warnings === null ? 'null' : `[${span.warnings.map(q).join(',')}]`;
  return (
    `{"traceID":"${formatTraceId(span.traceID)}","spanID":"${span.spanID}","operationName":${q(span.operationName)},` +
    `"references":[${references}],"startTime":${span.startTime},"duration":${span.duration},` +
    `"tags":${tagsJson(span.tags)},"logs":[${logs}],"processID":"${processId}","warnings":${warnings}}`
  );
}

/** One trace (its spans, non-empty, all of one trace id) in Jaeger's UI model. */
export function traceJson(spans: readonly JaegerSpan[]): string {
  const keys = new Map<string, string>();
  const processes: string[] = [];
  const spanTexts = spans.map((span) => {
    const text = processJson(span.process);
    let key = keys.get(text);
    if (key === undefined) {
      key = `p${keys.size + 1}`;
      keys.set(text, key);
      processes.push(`"${key}":${text}`);
    }
    return spanJson(span, key);
  });
  processes.sort((a, b) => (a < b ? -1 : 1));
  const traceId = formatTraceId(spans[0]?.traceID ?? '');
  return `{"traceID":"${traceId}","spans":[${spanTexts.join(',')}],"processes":{${processes.join(',')}},"warnings":null}`;
}

export interface StructuredError {
  /** Omitted when 0, as Jaeger's `omitempty` does. */
  readonly code?: number;
  readonly msg: string;
  readonly traceID?: string;
}

/** Jaeger's `structuredResponse`: `{data, total, limit, offset, errors}`; `data` is JSON text. */
export function envelopeJson(
  data: string,
  options: { total?: number; errors?: readonly StructuredError[] } = {},
): string {
  const errors =
    options.errors === undefined || options.errors.length === 0
      ? 'null'
      : goJsonEscape(
          JSON.stringify(
            options.errors.map((e) => ({
              ...(e.code === undefined || e.code === 0 ? {} : { code: e.code }),
              msg: e.msg,
              ...(e.traceID === undefined || e.traceID === '' ? {} : { traceID: e.traceID }),
            })),
          ),
        );
  return `{"data":${data},"total":${options.total ?? 0},"limit":0,"offset":0,"errors":${errors}}\n`;
}
