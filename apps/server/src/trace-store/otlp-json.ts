/**
 * OTLP/JSON, as the OTLP specification defines it on top of the proto3 JSON mapping: field names in
 * lowerCamelCase (the original snake_case names are accepted too, as proto3 JSON parsers must),
 * trace and span ids as hex strings (not base64; a base64 id of the right length is still read,
 * as older exporters wrote them), 64-bit integers as decimal strings or numbers, enums as integers
 * (their names are accepted too). Unknown fields are ignored, as pdata's reader does.
 *
 * `JSON.parse` would round nanosecond timestamps and 64-bit attribute values written as bare
 * numbers (1544712660000000001 is not a double), so such numbers are quoted before parsing: in
 * valid JSON a `"intValue":` or `"…UnixNano":` match can only be an object key.
 */
import type {
  OtlpEvent,
  OtlpExportRequest,
  OtlpKeyValue,
  OtlpLink,
  OtlpSpan,
  OtlpValue,
} from './otlp-types.ts';
import { OtlpDecodeError, SPAN_ID_BYTES, TRACE_ID_BYTES, idFromBytes } from './otlp-types.ts';

type JsonObject = Readonly<Record<string, unknown>>;

const BIG_INTEGER_FIELDS =
  /("(?:startTimeUnixNano|endTimeUnixNano|timeUnixNano|intValue|start_time_unix_nano|end_time_unix_nano|time_unix_nano|int_value)"\s*:\s*)(-?\d+)(?=\s*[,}\]])/g;

const SPAN_KINDS = [
  'SPAN_KIND_UNSPECIFIED',
  'SPAN_KIND_INTERNAL',
  'SPAN_KIND_SERVER',
  'SPAN_KIND_CLIENT',
  'SPAN_KIND_PRODUCER',
  'SPAN_KIND_CONSUMER',
];
const STATUS_CODES = ['STATUS_CODE_UNSET', 'STATUS_CODE_OK', 'STATUS_CODE_ERROR'];

function fail(path: string, message: string): never {
  throw new OtlpDecodeError(`${path}: ${message}`);
}

function object(value: unknown, path: string): JsonObject {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) fail(path, 'expected an object');
  return value as JsonObject;
}

/** A field by its JSON name or its proto name. */
function field(o: JsonObject, jsonName: string, protoName: string = jsonName): unknown {
  return o[jsonName] ?? o[protoName];
}

/** Whether `o` has the field; a function of its own, not a closure, as it runs per attribute. */
function hasField(o: JsonObject, jsonName: string, protoName: string): boolean {
  return field(o, jsonName, protoName) !== undefined;
}

function array(value: unknown, path: string): readonly unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) fail(path, 'expected an array');
  return value;
}

function string(value: unknown, path: string): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') fail(path, 'expected a string');
  return value;
}

function integer(value: unknown, path: string, unsigned: boolean): bigint {
  if (value === undefined || value === null) return 0n;
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  if (typeof value === 'string' && /^-?\d+$/.test(value)) {
    const parsed = BigInt(value);
    const [min, max] = unsigned ? [0n, (1n << 64n) - 1n] : [-(1n << 63n), (1n << 63n) - 1n];
    if (parsed >= min && parsed <= max) return parsed;
    fail(path, `${value} is out of range`);
  }
  fail(path, 'expected an integer (a decimal string or a number)');
}

function double(value: unknown, path: string): number {
  if (typeof value === 'number') return value;
  if (value === 'NaN') return NaN;
  if (value === 'Infinity') return Infinity;
  if (value === '-Infinity') return -Infinity;
  if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
  fail(path, 'expected a number');
}

function enumeration(value: unknown, names: readonly string[], path: string): number {
  if (value === undefined || value === null) return 0;
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && names.includes(value)) return names.indexOf(value);
  fail(path, `expected an integer or one of ${names.join(', ')}`);
}

function base64(value: unknown, path: string): Uint8Array {
  const text = string(value, path);
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(text)) fail(path, 'expected base64');
  return Buffer.from(text, 'base64');
}

function id(value: unknown, size: number, path: string): string {
  const text = string(value, path);
  if (text.length === size * 2 && /^[0-9a-fA-F]+$/.test(text)) return text.toLowerCase();
  if (text === '') return '0'.repeat(size * 2);
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) {
    const bytes = Buffer.from(text, 'base64');
    if (bytes.length === size) return idFromBytes(bytes, size, path);
  }
  fail(path, `expected ${size * 2} hex digits, got ${JSON.stringify(text)}`);
}

function anyValue(value: unknown, path: string): OtlpValue {
  const o = object(value, path);
  if (hasField(o, 'stringValue', 'string_value')) {
    return { type: 'string', value: string(field(o, 'stringValue', 'string_value'), path) };
  }
  if (hasField(o, 'boolValue', 'bool_value')) {
    const b = field(o, 'boolValue', 'bool_value');
    if (typeof b !== 'boolean') fail(`${path}.boolValue`, 'expected a boolean');
    return { type: 'bool', value: b };
  }
  if (hasField(o, 'intValue', 'int_value')) {
    return { type: 'int', value: integer(field(o, 'intValue', 'int_value'), `${path}.intValue`, false) };
  }
  if (hasField(o, 'doubleValue', 'double_value')) {
    return { type: 'double', value: double(field(o, 'doubleValue', 'double_value'), `${path}.doubleValue`) };
  }
  if (hasField(o, 'bytesValue', 'bytes_value')) {
    return { type: 'bytes', value: base64(field(o, 'bytesValue', 'bytes_value'), `${path}.bytesValue`) };
  }
  if (hasField(o, 'arrayValue', 'array_value')) {
    const p = `${path}.arrayValue`;
    const values = array(object(field(o, 'arrayValue', 'array_value'), p)['values'], `${p}.values`);
    return { type: 'array', value: values.map((v, i) => anyValue(v, `${p}.values[${i}]`)) };
  }
  if (hasField(o, 'kvlistValue', 'kvlist_value')) {
    const p = `${path}.kvlistValue`;
    return {
      type: 'kvlist',
      value: keyValues(object(field(o, 'kvlistValue', 'kvlist_value'), p)['values'], p),
    };
  }
  return { type: 'empty' };
}

function keyValues(value: unknown, path: string): OtlpKeyValue[] {
  return array(value, path).map((item, i) => {
    const p = `${path}[${i}]`;
    const kv = object(item, p);
    return { key: string(kv['key'], `${p}.key`), value: anyValue(kv['value'], `${p}.value`) };
  });
}

function event(value: unknown, path: string): OtlpEvent {
  const o = object(value, path);
  return {
    timeUnixNano: integer(field(o, 'timeUnixNano', 'time_unix_nano'), `${path}.timeUnixNano`, true),
    name: string(o['name'], `${path}.name`),
    attributes: keyValues(o['attributes'], `${path}.attributes`),
  };
}

function link(value: unknown, path: string): OtlpLink {
  const o = object(value, path);
  return {
    traceId: id(field(o, 'traceId', 'trace_id'), TRACE_ID_BYTES, `${path}.traceId`),
    spanId: id(field(o, 'spanId', 'span_id'), SPAN_ID_BYTES, `${path}.spanId`),
    traceState: string(field(o, 'traceState', 'trace_state'), `${path}.traceState`),
    attributes: keyValues(o['attributes'], `${path}.attributes`),
  };
}

function span(value: unknown, path: string): OtlpSpan {
  const o = object(value, path);
  const status = object(o['status'], `${path}.status`);
  return {
    traceId: id(field(o, 'traceId', 'trace_id'), TRACE_ID_BYTES, `${path}.traceId`),
    spanId: id(field(o, 'spanId', 'span_id'), SPAN_ID_BYTES, `${path}.spanId`),
    parentSpanId: id(field(o, 'parentSpanId', 'parent_span_id'), SPAN_ID_BYTES, `${path}.parentSpanId`),
    traceState: string(field(o, 'traceState', 'trace_state'), `${path}.traceState`),
    name: string(o['name'], `${path}.name`),
    kind: enumeration(o['kind'], SPAN_KINDS, `${path}.kind`),
    startTimeUnixNano: integer(
      field(o, 'startTimeUnixNano', 'start_time_unix_nano'),
      `${path}.startTimeUnixNano`,
      true,
    ),
    endTimeUnixNano: integer(
      field(o, 'endTimeUnixNano', 'end_time_unix_nano'),
      `${path}.endTimeUnixNano`,
      true,
    ),
    attributes: keyValues(o['attributes'], `${path}.attributes`),
    events: array(o['events'], `${path}.events`).map((e, i) => event(e, `${path}.events[${i}]`)),
    links: array(o['links'], `${path}.links`).map((l, i) => link(l, `${path}.links[${i}]`)),
    status: {
      code: enumeration(status['code'], STATUS_CODES, `${path}.status.code`),
      message: string(status['message'], `${path}.status.message`),
    },
  };
}

export function decodeOtlpJson(text: string): OtlpExportRequest {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(BIG_INTEGER_FIELDS, '$1"$2"'));
  } catch (error) {
    throw new OtlpDecodeError(`invalid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const request = object(parsed, 'body');
  const resourceSpans = array(field(request, 'resourceSpans', 'resource_spans'), 'resourceSpans');
  return {
    resourceSpans: resourceSpans.map((rsValue, r) => {
      const path = `resourceSpans[${r}]`;
      const rs = object(rsValue, path);
      const resource = object(rs['resource'], `${path}.resource`);
      // `instrumentationLibrarySpans` is the pre-1.0 name of `scopeSpans`; pdata still reads it.
      const scopeKey =
        field(rs, 'scopeSpans', 'scope_spans') === undefined ? 'instrumentationLibrarySpans' : 'scopeSpans';
      const scopeSpans = array(field(rs, scopeKey, 'scope_spans'), `${path}.${scopeKey}`);
      return {
        resource: { attributes: keyValues(resource['attributes'], `${path}.resource.attributes`) },
        scopeSpans: scopeSpans.map((ssValue, s) => {
          const ssPath = `${path}.${scopeKey}[${s}]`;
          const ss = object(ssValue, ssPath);
          const scope = object(ss['scope'] ?? ss['instrumentationLibrary'], `${ssPath}.scope`);
          return {
            scope: {
              name: string(scope['name'], `${ssPath}.scope.name`),
              version: string(scope['version'], `${ssPath}.scope.version`),
            },
            spans: array(ss['spans'], `${ssPath}.spans`).map((sp, i) => span(sp, `${ssPath}.spans[${i}]`)),
          };
        }),
      };
    }),
  };
}
