/**
 * Jaeger's span model (`jaeger-idl` model/v1) as the store keeps it and the query API serves it:
 * typed tags, logs, references, a process per span. Ids are kept as full-width lower-case hex (32
 * and 16 digits); times and durations in microseconds, the unit of Jaeger's UI JSON.
 */
import { formatGoFloatG10 } from './go-format.ts';

export const TAG_TYPES = ['string', 'bool', 'int64', 'float64', 'binary'] as const;

/**
 * A typed tag. `int64` values are decimal text so that 64-bit values survive exactly (the JSON
 * writer prints them as bare numbers, as Go does); `binary` values are base64 (Go's encoding of
 * `[]byte`); a non-finite `float64` is kept as Go's text for it.
 */
export type JaegerTag =
  | { readonly key: string; readonly type: 'string'; readonly value: string }
  | { readonly key: string; readonly type: 'bool'; readonly value: boolean }
  | { readonly key: string; readonly type: 'int64'; readonly value: string }
  | { readonly key: string; readonly type: 'float64'; readonly value: number | 'NaN' | '+Inf' | '-Inf' }
  | { readonly key: string; readonly type: 'binary'; readonly value: string };

export const REF_TYPES = ['CHILD_OF', 'FOLLOWS_FROM'] as const;
export type RefType = (typeof REF_TYPES)[number];

export interface JaegerReference {
  refType: RefType;
  traceID: string;
  spanID: string;
}

export interface JaegerLog {
  timestamp: number;
  fields: JaegerTag[];
}

export interface JaegerProcess {
  serviceName: string;
  tags: JaegerTag[];
}

/** Mutable on purpose: the query-time adjusters rewrite spans in place, as Jaeger's do. */
export interface JaegerSpan {
  traceID: string;
  spanID: string;
  operationName: string;
  references: JaegerReference[];
  /** Microseconds since the epoch. */
  startTime: number;
  /** Microseconds. */
  duration: number;
  tags: JaegerTag[];
  logs: JaegerLog[];
  process: JaegerProcess;
  warnings: string[] | null;
}

/** Span kinds as the `span.kind` tag spells them (OpenTracing's names). */
export const SPAN_KIND_TAG = 'span.kind';
export const SPAN_KIND_NAMES = ['client', 'server', 'producer', 'consumer', 'internal'] as const;
export type SpanKindName = (typeof SPAN_KIND_NAMES)[number];

/** `KeyValue.AsString()`: how Jaeger compares a tag with a `tags` search value. */
export function tagAsString(tag: JaegerTag): string {
  switch (tag.type) {
    case 'string':
    case 'int64':
      return tag.value;
    case 'bool':
      return tag.value ? 'true' : 'false';
    case 'float64':
      return typeof tag.value === 'number' ? formatGoFloatG10(tag.value) : tag.value;
    case 'binary': {
      // Hex of the bytes, cut at 256 bytes with an ellipsis.
      const raw = Buffer.from(tag.value, 'base64');
      return raw.length > 256 ? `${raw.subarray(0, 256).toString('hex')}...` : raw.toString('hex');
    }
  }
}

/** `Span.GetSpanKind()`: the `span.kind` tag when it names a kind, else unspecified (''). */
export function spanKindOf(tags: readonly JaegerTag[]): SpanKindName | '' {
  const tag = tags.find((t) => t.key === SPAN_KIND_TAG);
  const kind = tag === undefined ? '' : tagAsString(tag);
  return (SPAN_KIND_NAMES as readonly string[]).includes(kind) ? (kind as SpanKindName) : '';
}

/** `Span.ParentSpanID()`: the first CHILD_OF reference within the span's own trace. */
export function parentSpanId(span: Pick<JaegerSpan, 'traceID' | 'references'>): string | undefined {
  return span.references.find((r) => r.refType === 'CHILD_OF' && r.traceID === span.traceID)?.spanID;
}

/**
 * `TraceID.String()`: a 128-bit id whose high half is zero prints as 16 digits, as 64-bit Jaeger
 * and B3 ids always did.
 */
export function formatTraceId(hex32: string): string {
  return hex32.startsWith('0000000000000000') ? hex32.slice(16) : hex32;
}

/**
 * `model.TraceIDFromString`: up to 32 hex digits, left-padded; the error is Go's. Returns the
 * store's 32-digit form.
 */
export function parseTraceId(text: string): { id: string } | { error: string } {
  if (text.length > 32) return { error: `TraceID cannot be longer than 32 hex characters: ${text}` };
  const split = Math.max(0, text.length - 16);
  for (const part of split > 0 ? [text.slice(0, split), text.slice(split)] : [text]) {
    if (!/^[0-9a-fA-F]+$/.test(part)) {
      return { error: `strconv.ParseUint: parsing ${JSON.stringify(part)}: invalid syntax` };
    }
  }
  return { id: text.toLowerCase().padStart(32, '0') };
}
