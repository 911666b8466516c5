/**
 * OTLP spans into Jaeger spans, as Jaeger's collector converts what its OTLP receiver gets
 * (opentelemetry-collector-contrib `pkg/translator/jaeger` `ProtoFromTraces`, then Jaeger's
 * span sanitizers):
 *
 * - the resource becomes the process: `service.name` its service name (`OTLPResourceNoServiceName`
 *   when the resource has no attributes at all, `empty-service-name` when it is missing or empty),
 *   every other resource attribute a process tag, in order;
 * - span tags, in this order: `otel.library.name` and `otel.library.version` from the scope, the
 *   span's attributes, `span.kind` (`client`, `server`, `producer`, `consumer`, `internal`; none
 *   when unspecified), `otel.status_code` (`OK`/`ERROR`, none when unset), `error=true` for
 *   ERROR, `otel.status_description` for a status message, `w3c.tracestate`;
 * - attribute values keep their type (string, bool, int64, float64, binary); maps and arrays
 *   become strings holding their JSON, as pdata's `AsString()` writes it;
 * - the parent becomes the first reference (CHILD_OF); links follow as FOLLOWS_FROM unless their
 *   `opentracing.ref_type` attribute says `child_of`; a link to the parent itself only retypes it;
 * - events become logs: an `event` field with the event name (unless an attribute already is
 *   `event`), then the attributes;
 * - start and duration are truncated to microseconds; a negative duration becomes zero (Jaeger's
 *   negative-duration sanitizer sets 1 ns).
 */
import { goJsonEscape } from './go-format.ts';
import type { JaegerLog, JaegerProcess, JaegerReference, JaegerSpan, JaegerTag } from './jaeger-model.ts';
import type { OtlpExportRequest, OtlpKeyValue, OtlpLink, OtlpSpan, OtlpValue } from './otlp-types.ts';
import { isZeroId } from './otlp-types.ts';

const SERVICE_NAME = 'service.name';
const NO_SERVICE_NAME = 'OTLPResourceNoServiceName';
const EMPTY_SERVICE_NAME = 'empty-service-name';
const SPAN_KINDS: Readonly<Record<number, string>> = {
  1: 'internal',
  2: 'server',
  3: 'client',
  4: 'producer',
  5: 'consumer',
};
const STATUS_OK = 1;
const STATUS_ERROR = 2;

/** pdata's `Value.AsRaw()` as Go's `json.Marshal` writes it; undefined where Go's would fail (NaN). */
function rawJson(value: OtlpValue): string | undefined {
  switch (value.type) {
    case 'string':
      return goJsonEscape(JSON.stringify(value.value));
    case 'bool':
      return String(value.value);
    case 'int':
      return value.value.toString();
    case 'double':
      return Number.isFinite(value.value) ? JSON.stringify(value.value) : undefined;
    case 'bytes':
      return JSON.stringify(Buffer.from(value.value).toString('base64'));
    case 'empty':
      return 'null';
    case 'array': {
      const items = value.value.map(rawJson);
      return items.includes(undefined) ? undefined : `[${items.join(',')}]`;
    }
    case 'kvlist': {
      // A Go map: the last value of a key wins, and keys are written sorted.
      const entries = new Map(value.value.map((kv) => [kv.key, kv.value]));
      const parts: string[] = [];
      for (const key of [...entries.keys()].sort()) {
        const item = rawJson(entries.get(key) ?? { type: 'empty' });
        if (item === undefined) return undefined;
        parts.push(`${goJsonEscape(JSON.stringify(key))}:${item}`);
      }
      return `{${parts.join(',')}}`;
    }
  }
}

function toTag(key: string, value: OtlpValue): JaegerTag {
  switch (value.type) {
    case 'string':
      return { key, type: 'string', value: value.value };
    case 'bool':
      return { key, type: 'bool', value: value.value };
    case 'int':
      return { key, type: 'int64', value: value.value.toString() };
    case 'double': {
      const v = value.value;
      const special = Number.isNaN(v)
        ? 'NaN'
        : v === Infinity
          ? '+Inf'
          : v === -Infinity
            ? '-Inf'
            : undefined;
      return { key, type: 'float64', value: special ?? v };
    }
    case 'bytes':
      return { key, type: 'binary', value: Buffer.from(value.value).toString('base64') };
    case 'array':
    case 'kvlist':
      return { key, type: 'string', value: rawJson(value) ?? '' };
    case 'empty':
      return { key, type: 'string', value: '' };
  }
}

const toTags = (attributes: readonly OtlpKeyValue[]): JaegerTag[] =>
  attributes.map((a) => toTag(a.key, a.value));
const str = (key: string, value: string): JaegerTag => ({ key, type: 'string', value });

function toProcess(attributes: readonly OtlpKeyValue[]): JaegerProcess {
  if (attributes.length === 0) return { serviceName: NO_SERVICE_NAME, tags: [] };
  const service = attributes.find((a) => a.key === SERVICE_NAME)?.value;
  const serviceName = service?.type === 'string' ? service.value : '';
  return {
    serviceName: serviceName === '' ? EMPTY_SERVICE_NAME : serviceName,
    tags: toTags(attributes.filter((a) => a.key !== SERVICE_NAME)),
  };
}

function refType(link: OtlpLink): JaegerReference['refType'] {
  const type = link.attributes.find((a) => a.key === 'opentracing.ref_type')?.value;
  return type?.type === 'string' && type.value === 'child_of' ? 'CHILD_OF' : 'FOLLOWS_FROM';
}

function toReferences(span: OtlpSpan): JaegerReference[] {
  const refs: JaegerReference[] = [];
  const parent = isZeroId(span.parentSpanId) ? undefined : span.parentSpanId;
  if (parent !== undefined) refs.push({ refType: 'CHILD_OF', traceID: span.traceId, spanID: parent });
  for (const link of span.links) {
    const first = refs[0];
    if (
      parent !== undefined &&
      first !== undefined &&
      link.traceId === span.traceId &&
      link.spanId === parent
    ) {
      first.refType = refType(link);
      continue;
    }
    refs.push({ refType: refType(link), traceID: link.traceId, spanID: link.spanId });
  }
  return refs;
}

function spanTags(span: OtlpSpan, scope: { name: string; version: string }): JaegerTag[] {
  const tags: JaegerTag[] = [];
  if (scope.name !== '') tags.push(str('otel.library.name', scope.name));
  if (scope.version !== '') tags.push(str('otel.library.version', scope.version));
  tags.push(...toTags(span.attributes));
  const kind = SPAN_KINDS[span.kind];
  if (kind !== undefined) tags.push(str('span.kind', kind));
  if (span.status.code === STATUS_OK) tags.push(str('otel.status_code', 'OK'));
  if (span.status.code === STATUS_ERROR) {
    tags.push(str('otel.status_code', 'ERROR'), { key: 'error', type: 'bool', value: true });
  }
  if (span.status.message !== '') tags.push(str('otel.status_description', span.status.message));
  if (span.traceState !== '') tags.push(str('w3c.tracestate', span.traceState));
  return tags;
}

function toLogs(span: OtlpSpan): JaegerLog[] {
  return span.events.map((event) => {
    const fields: JaegerTag[] = [];
    if (event.name !== '' && !event.attributes.some((a) => a.key === 'event'))
      fields.push(str('event', event.name));
    fields.push(...toTags(event.attributes));
    return { timestamp: Number(event.timeUnixNano / 1000n), fields };
  });
}

export function toJaegerSpans(request: OtlpExportRequest): JaegerSpan[] {
  const spans: JaegerSpan[] = [];
  for (const rs of request.resourceSpans) {
    const process = toProcess(rs.resource.attributes);
    for (const ss of rs.scopeSpans) {
      for (const span of ss.spans) {
        const durationNs = span.endTimeUnixNano - span.startTimeUnixNano;
        spans.push({
          traceID: span.traceId,
          spanID: span.spanId,
          operationName: span.name,
          references: toReferences(span),
          startTime: Number(span.startTimeUnixNano / 1000n),
          duration: durationNs > 0n ? Number(durationNs / 1000n) : 0,
          tags: spanTags(span, ss.scope),
          logs: toLogs(span),
          process: { serviceName: process.serviceName, tags: [...process.tags] },
          warnings: null,
        });
      }
    }
  }
  return spans;
}
