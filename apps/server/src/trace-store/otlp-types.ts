/**
 * An OTLP trace export request (`opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest`)
 * decoded from either wire encoding into one shape: ids as lower-case hex (all zeros when
 * absent, as pdata reads an empty id), 64-bit integers as bigint, attribute values tagged by their
 * `AnyValue` case. `otlp-json.ts` and `otlp-proto.ts` produce it; `otlp-to-jaeger.ts` consumes it.
 */
export type OtlpValue =
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'bool'; readonly value: boolean }
  | { readonly type: 'int'; readonly value: bigint }
  | { readonly type: 'double'; readonly value: number }
  | { readonly type: 'bytes'; readonly value: Uint8Array }
  | { readonly type: 'array'; readonly value: readonly OtlpValue[] }
  | { readonly type: 'kvlist'; readonly value: readonly OtlpKeyValue[] }
  | { readonly type: 'empty' };

export interface OtlpKeyValue {
  readonly key: string;
  readonly value: OtlpValue;
}

export interface OtlpEvent {
  readonly timeUnixNano: bigint;
  readonly name: string;
  readonly attributes: readonly OtlpKeyValue[];
}

export interface OtlpLink {
  readonly traceId: string;
  readonly spanId: string;
  readonly traceState: string;
  readonly attributes: readonly OtlpKeyValue[];
}

export interface OtlpSpan {
  readonly traceId: string;
  readonly spanId: string;
  /** All zeros for a root span. */
  readonly parentSpanId: string;
  readonly traceState: string;
  readonly name: string;
  /** OTLP `SpanKind`: 0 unspecified, 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  readonly kind: number;
  readonly startTimeUnixNano: bigint;
  readonly endTimeUnixNano: bigint;
  readonly attributes: readonly OtlpKeyValue[];
  readonly events: readonly OtlpEvent[];
  readonly links: readonly OtlpLink[];
  /** OTLP `StatusCode`: 0 unset, 1 ok, 2 error. */
  readonly status: { readonly code: number; readonly message: string };
}

export interface OtlpScopeSpans {
  readonly scope: { readonly name: string; readonly version: string };
  readonly spans: readonly OtlpSpan[];
}

export interface OtlpResourceSpans {
  readonly resource: { readonly attributes: readonly OtlpKeyValue[] };
  readonly scopeSpans: readonly OtlpScopeSpans[];
}

export interface OtlpExportRequest {
  readonly resourceSpans: readonly OtlpResourceSpans[];
}

export const OTLP_ENCODINGS = ['json', 'protobuf'] as const;
export type OtlpEncoding = (typeof OTLP_ENCODINGS)[number];

/** A body that is not a valid export request; the message says where and why. */
export class OtlpDecodeError extends Error {
  override readonly name = 'OtlpDecodeError';
}

export const TRACE_ID_BYTES = 16;
export const SPAN_ID_BYTES = 8;

/** Raw id bytes as lower-case hex; an empty id reads as all zeros, another length is refused. */
export function idFromBytes(bytes: Uint8Array, size: number, path: string): string {
  if (bytes.length === 0) return '0'.repeat(size * 2);
  if (bytes.length !== size) {
    throw new OtlpDecodeError(`${path}: an id must be ${size} bytes, got ${bytes.length}`);
  }
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('hex');
}

export function isZeroId(id: string): boolean {
  return /^0*$/.test(id);
}
