/**
 * OTLP/HTTP protobuf bodies. No .proto files ship with our dependencies (the OpenTelemetry JS
 * exporters serialise with a hand-written writer), so the messages of opentelemetry-proto v1
 * (`collector/trace/v1/trace_service.proto`, `trace/v1/trace.proto`, `common/v1/common.proto`,
 * `resource/v1/resource.proto`) are declared here as a protobufjs JSON descriptor, with their
 * upstream field numbers and types. Enums (`SpanKind`, `StatusCode`) are declared as int32, which
 * is the same varint on the wire and keeps unknown values. Deprecated and reserved fields are left
 * out: protobuf skips unknown fields. `google.rpc.Status` is the body of an OTLP/HTTP error.
 */
import protobuf from 'protobufjs';
import type { OtlpExportRequest, OtlpKeyValue, OtlpSpan, OtlpValue } from './otlp-types.ts';
import { OtlpDecodeError, SPAN_ID_BYTES, TRACE_ID_BYTES, idFromBytes } from './otlp-types.ts';

const f = (type: string, id: number, rule?: 'repeated') => (rule ? { type, id, rule } : { type, id });
const keyValues = (id: number) => f('opentelemetry.proto.common.v1.KeyValue', id, 'repeated');

const root = new protobuf.Root();
root.define('opentelemetry.proto.common.v1', {
  AnyValue: {
    oneofs: {
      value: {
        oneof: [
          'stringValue',
          'boolValue',
          'intValue',
          'doubleValue',
          'arrayValue',
          'kvlistValue',
          'bytesValue',
        ],
      },
    },
    fields: {
      stringValue: f('string', 1),
      boolValue: f('bool', 2),
      intValue: f('int64', 3),
      doubleValue: f('double', 4),
      arrayValue: f('ArrayValue', 5),
      kvlistValue: f('KeyValueList', 6),
      bytesValue: f('bytes', 7),
    },
  },
  ArrayValue: { fields: { values: f('AnyValue', 1, 'repeated') } },
  KeyValueList: { fields: { values: f('KeyValue', 1, 'repeated') } },
  KeyValue: { fields: { key: f('string', 1), value: f('AnyValue', 2) } },
  InstrumentationScope: {
    fields: {
      name: f('string', 1),
      version: f('string', 2),
      attributes: keyValues(3),
      droppedAttributesCount: f('uint32', 4),
    },
  },
});
root.define('opentelemetry.proto.resource.v1', {
  Resource: { fields: { attributes: keyValues(1), droppedAttributesCount: f('uint32', 2) } },
});
root.define('opentelemetry.proto.trace.v1', {
  ResourceSpans: {
    fields: {
      resource: f('opentelemetry.proto.resource.v1.Resource', 1),
      scopeSpans: f('ScopeSpans', 2, 'repeated'),
      schemaUrl: f('string', 3),
    },
  },
  ScopeSpans: {
    fields: {
      scope: f('opentelemetry.proto.common.v1.InstrumentationScope', 1),
      spans: f('Span', 2, 'repeated'),
      schemaUrl: f('string', 3),
    },
  },
  Span: {
    fields: {
      traceId: f('bytes', 1),
      spanId: f('bytes', 2),
      traceState: f('string', 3),
      parentSpanId: f('bytes', 4),
      flags: f('fixed32', 16),
      name: f('string', 5),
      kind: f('int32', 6),
      startTimeUnixNano: f('fixed64', 7),
      endTimeUnixNano: f('fixed64', 8),
      attributes: keyValues(9),
      droppedAttributesCount: f('uint32', 10),
      events: f('Event', 11, 'repeated'),
      droppedEventsCount: f('uint32', 12),
      links: f('Link', 13, 'repeated'),
      droppedLinksCount: f('uint32', 14),
      status: f('Status', 15),
    },
  },
  Event: {
    fields: {
      timeUnixNano: f('fixed64', 1),
      name: f('string', 2),
      attributes: keyValues(3),
      droppedAttributesCount: f('uint32', 4),
    },
  },
  Link: {
    fields: {
      traceId: f('bytes', 1),
      spanId: f('bytes', 2),
      traceState: f('string', 3),
      attributes: keyValues(4),
      droppedAttributesCount: f('uint32', 5),
      flags: f('fixed32', 6),
    },
  },
  Status: { fields: { message: f('string', 2), code: f('int32', 3) } },
});
root.define('opentelemetry.proto.collector.trace.v1', {
  ExportTraceServiceRequest: {
    fields: { resourceSpans: f('opentelemetry.proto.trace.v1.ResourceSpans', 1, 'repeated') },
  },
  ExportTraceServiceResponse: { fields: { partialSuccess: f('ExportTracePartialSuccess', 1) } },
  ExportTracePartialSuccess: { fields: { rejectedSpans: f('int64', 1), errorMessage: f('string', 2) } },
});
root.define('google.rpc', { Status: { fields: { code: f('int32', 1), message: f('string', 2) } } });

const ExportRequest = root.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest');
const ExportResponse = root.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse');
const RpcStatus = root.lookupType('google.rpc.Status');

type Plain = Readonly<Record<string, unknown>>;

// toObject options: 64-bit integers as decimal strings, defaults filled in, the set oneof case named.
const PLAIN = { longs: String, defaults: true, arrays: true, oneofs: true } as const;

const list = (value: unknown): readonly Plain[] => (Array.isArray(value) ? (value as Plain[]) : []);
const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const bytes = (value: unknown): Uint8Array => (value instanceof Uint8Array ? value : new Uint8Array());
const big = (value: unknown): bigint => (typeof value === 'string' && value !== '' ? BigInt(value) : 0n);
const int = (value: unknown): number => (typeof value === 'number' ? value : 0);
const child = (value: unknown): Plain =>
  value !== null && typeof value === 'object' ? (value as Plain) : {};

function anyValue(v: Plain): OtlpValue {
  switch (v['value']) {
    case 'stringValue':
      return { type: 'string', value: text(v['stringValue']) };
    case 'boolValue':
      return { type: 'bool', value: v['boolValue'] === true };
    case 'intValue':
      return { type: 'int', value: big(v['intValue']) };
    case 'doubleValue':
      return { type: 'double', value: typeof v['doubleValue'] === 'number' ? v['doubleValue'] : 0 };
    case 'bytesValue':
      return { type: 'bytes', value: bytes(v['bytesValue']) };
    case 'arrayValue':
      return { type: 'array', value: list(child(v['arrayValue'])['values']).map(anyValue) };
    case 'kvlistValue':
      return { type: 'kvlist', value: attributes(child(v['kvlistValue'])['values']) };
    default:
      return { type: 'empty' };
  }
}

function attributes(value: unknown): OtlpKeyValue[] {
  return list(value).map((kv) => ({ key: text(kv['key']), value: anyValue(child(kv['value'])) }));
}

function span(s: Plain, path: string): OtlpSpan {
  const status = child(s['status']);
  return {
    traceId: idFromBytes(bytes(s['traceId']), TRACE_ID_BYTES, `${path}.traceId`),
    spanId: idFromBytes(bytes(s['spanId']), SPAN_ID_BYTES, `${path}.spanId`),
    parentSpanId: idFromBytes(bytes(s['parentSpanId']), SPAN_ID_BYTES, `${path}.parentSpanId`),
    traceState: text(s['traceState']),
    name: text(s['name']),
    kind: int(s['kind']),
    startTimeUnixNano: big(s['startTimeUnixNano']),
    endTimeUnixNano: big(s['endTimeUnixNano']),
    attributes: attributes(s['attributes']),
    events: list(s['events']).map((e) => ({
      timeUnixNano: big(e['timeUnixNano']),
      name: text(e['name']),
      attributes: attributes(e['attributes']),
    })),
    links: list(s['links']).map((l, i) => ({
      traceId: idFromBytes(bytes(l['traceId']), TRACE_ID_BYTES, `${path}.links[${i}].traceId`),
      spanId: idFromBytes(bytes(l['spanId']), SPAN_ID_BYTES, `${path}.links[${i}].spanId`),
      traceState: text(l['traceState']),
      attributes: attributes(l['attributes']),
    })),
    status: { code: int(status['code']), message: text(status['message']) },
  };
}

export function decodeOtlpProtobuf(body: Uint8Array): OtlpExportRequest {
  let plain: Plain;
  try {
    plain = ExportRequest.toObject(ExportRequest.decode(body), PLAIN);
  } catch (error) {
    throw new OtlpDecodeError(`invalid protobuf: ${error instanceof Error ? error.message : String(error)}`);
  }
  return {
    resourceSpans: list(plain['resourceSpans']).map((rs, r) => ({
      resource: { attributes: attributes(child(rs['resource'])['attributes']) },
      scopeSpans: list(rs['scopeSpans']).map((ss, s) => {
        const scope = child(ss['scope']);
        return {
          scope: { name: text(scope['name']), version: text(scope['version']) },
          spans: list(ss['spans']).map((sp, i) =>
            span(sp, `resourceSpans[${r}].scopeSpans[${s}].spans[${i}]`),
          ),
        };
      }),
    })),
  };
}

function valueToPlain(value: OtlpValue): Plain {
  switch (value.type) {
    case 'string':
      return { stringValue: value.value };
    case 'bool':
      return { boolValue: value.value };
    case 'int':
      return { intValue: value.value.toString() };
    case 'double':
      return { doubleValue: value.value };
    case 'bytes':
      return { bytesValue: value.value };
    case 'array':
      return { arrayValue: { values: value.value.map(valueToPlain) } };
    case 'kvlist':
      return { kvlistValue: { values: attributesToPlain(value.value) } };
    case 'empty':
      return {};
  }
}

function attributesToPlain(kvs: readonly OtlpKeyValue[]): Plain[] {
  return kvs.map((kv) => ({ key: kv.key, value: valueToPlain(kv.value) }));
}

const hexBytes = (hex: string): Buffer => Buffer.from(/^0*$/.test(hex) ? '' : hex, 'hex');

/** The protobuf body of an export request: what an OTLP/HTTP protobuf exporter sends. */
export function encodeOtlpProtobuf(request: OtlpExportRequest): Uint8Array {
  const plain = {
    resourceSpans: request.resourceSpans.map((rs) => ({
      resource: { attributes: attributesToPlain(rs.resource.attributes) },
      scopeSpans: rs.scopeSpans.map((ss) => ({
        scope: ss.scope,
        spans: ss.spans.map((s) => ({
          ...s,
          traceId: hexBytes(s.traceId),
          spanId: hexBytes(s.spanId),
          parentSpanId: hexBytes(s.parentSpanId),
          startTimeUnixNano: s.startTimeUnixNano.toString(),
          endTimeUnixNano: s.endTimeUnixNano.toString(),
          attributes: attributesToPlain(s.attributes),
          events: s.events.map((e) => ({
            ...e,
            timeUnixNano: e.timeUnixNano.toString(),
            attributes: attributesToPlain(e.attributes),
          })),
          links: s.links.map((l) => ({
            ...l,
            traceId: hexBytes(l.traceId),
            spanId: hexBytes(l.spanId),
            attributes: attributesToPlain(l.attributes),
          })),
        })),
      })),
    })),
  };
  return ExportRequest.encode(ExportRequest.fromObject(plain)).finish();
}

/** A successful `ExportTraceServiceResponse`: no partial success to report, so no fields. */
export function encodeExportResponse(): Uint8Array {
  return ExportResponse.encode(ExportResponse.create({})).finish();
}

/** `google.rpc.Status`, the body of an OTLP/HTTP error response. */
export function encodeRpcStatus(status: { code: number; message: string }): Uint8Array {
  return RpcStatus.encode(RpcStatus.fromObject(status)).finish();
}
