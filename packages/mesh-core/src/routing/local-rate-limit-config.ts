/**
 * Envoy's `LocalRateLimit` message as an EnvoyFilter writes it (proto JSON, itself or wrapped in a
 * TypedStruct) → the snapshot's `LocalRateLimit`, with Envoy's defaults for what it leaves out:
 * 1 token per fill, the filter enabled and enforced for 0% of requests, status 429 (also for a
 * status under 400). A config Envoy would refuse gives undefined: no `stat_prefix`, a bucket
 * without `max_tokens` or `fill_interval`, a fill interval under 50 ms, an unknown status, more
 * than 10 response headers, or a per-route config without a bucket.
 */
import type { LocalRateLimit } from './snapshot.ts';

export const localRateLimitType =
  'type.googleapis.com/envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit';
const typedStructTypes = new Set([
  'type.googleapis.com/udpa.type.v1.TypedStruct',
  'type.googleapis.com/xds.type.v3.TypedStruct',
]);

type JsonObject = Readonly<Record<string, unknown>>;

export function jsonObject(value: unknown): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as JsonObject)
    : undefined;
}

/** A proto JSON field under its proto name (`max_tokens`) or its JSON name (`maxTokens`). */
export function protoField(value: unknown, name: string): unknown {
  const o = jsonObject(value);
  if (!o) return undefined;
  if (Object.hasOwn(o, name)) return o[name];
  return o[name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())];
}

/** Envoy's `type.v3.StatusCode` names. */
const statusCodes: ReadonlyMap<string, number> = new Map(
  `Continue:100 OK:200 Created:201 Accepted:202 NonAuthoritativeInformation:203 NoContent:204
  ResetContent:205 PartialContent:206 MultiStatus:207 AlreadyReported:208 IMUsed:226
  MultipleChoices:300 MovedPermanently:301 Found:302 SeeOther:303 NotModified:304 UseProxy:305
  TemporaryRedirect:307 PermanentRedirect:308 BadRequest:400 Unauthorized:401 PaymentRequired:402
  Forbidden:403 NotFound:404 MethodNotAllowed:405 NotAcceptable:406 ProxyAuthenticationRequired:407
  RequestTimeout:408 Conflict:409 Gone:410 LengthRequired:411 PreconditionFailed:412
  PayloadTooLarge:413 URITooLong:414 UnsupportedMediaType:415 RangeNotSatisfiable:416
  ExpectationFailed:417 MisdirectedRequest:421 UnprocessableEntity:422 Locked:423
  FailedDependency:424 UpgradeRequired:426 PreconditionRequired:428 TooManyRequests:429
  RequestHeaderFieldsTooLarge:431 InternalServerError:500 NotImplemented:501 BadGateway:502
  ServiceUnavailable:503 GatewayTimeout:504 HTTPVersionNotSupported:505 VariantAlsoNegotiates:506
  InsufficientStorage:507 LoopDetected:508 NotExtended:510 NetworkAuthenticationRequired:511`
    .split(/\s+/)
    .map((pair): [string, number] => {
      const [name = '', code = ''] = pair.split(':');
      return [name, Number(code)];
    }),
);
const definedCodes: ReadonlySet<number> = new Set(statusCodes.values());

const denominators: ReadonlyMap<unknown, number> = new Map<unknown, number>([
  ['HUNDRED', 100],
  ['TEN_THOUSAND', 10_000],
  ['MILLION', 1_000_000],
  [0, 100],
  [1, 10_000],
  [2, 1_000_000],
]);

/** Proto JSON writes 64-bit and, optionally, 32-bit integers as strings. */
function uint(value: unknown): number | undefined {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : undefined;
}

/** A proto JSON Duration (`60s`, `0.5s`) in milliseconds. */
function durationMs(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^(\d+)(?:\.(\d{1,9}))?s$/.exec(value);
  if (!m) return undefined;
  return Number(m[1]) * 1000 + Number((m[2] ?? '').padEnd(9, '0')) / 1e6;
}

const invalid = Symbol('invalid');
type Parsed<T> = T | typeof invalid;

/** A RuntimeFractionalPercent's default as a percentage; absent: Envoy's 0%. */
function runtimePercent(value: unknown): Parsed<number> {
  if (value === undefined) return 0;
  const fraction = protoField(value, 'default_value');
  if (fraction === undefined) return 0;
  const numerator = protoField(fraction, 'numerator') ?? 0;
  const n = uint(numerator);
  const d = denominators.get(protoField(fraction, 'denominator') ?? 'HUNDRED');
  if (n === undefined || d === undefined) return invalid;
  // Envoy treats a numerator above its denominator as the whole.
  return Math.min(100, (n / d) * 100);
}

function tokenBucket(value: unknown): Parsed<LocalRateLimit['tokenBucket']> {
  if (value === undefined) return undefined;
  const maxTokens = uint(protoField(value, 'max_tokens'));
  const perFill = protoField(value, 'tokens_per_fill');
  const tokensPerFill = perFill === undefined ? 1 : uint(perFill);
  const fillIntervalMs = durationMs(protoField(value, 'fill_interval'));
  if (maxTokens === undefined || maxTokens < 1 || tokensPerFill === undefined || tokensPerFill < 1)
    return invalid;
  // The filter refuses a bucket refilled more often than every 50 ms.
  if (fillIntervalMs === undefined || fillIntervalMs < 50) return invalid;
  return { maxTokens, tokensPerFill, fillIntervalMs };
}

function status(value: unknown): Parsed<number> {
  if (value === undefined) return 429;
  const code = protoField(value, 'code');
  const n = typeof code === 'string' && !/^\d+$/.test(code) ? statusCodes.get(code) : uint(code);
  if (n === undefined || !definedCodes.has(n)) return invalid;
  return n < 400 ? 429 : n;
}

function responseHeaders(value: unknown): Parsed<Array<[string, string]>> {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.length > 10) return invalid;
  const headers: Array<[string, string]> = [];
  for (const option of value) {
    const header = protoField(option, 'header');
    const key = protoField(header, 'key');
    const text = protoField(header, 'value') ?? '';
    if (typeof key !== 'string' || key === '' || typeof text !== 'string') return invalid;
    headers.push([key.toLowerCase(), text]);
  }
  return headers;
}

/** The LocalRateLimit fields of a typed config naming that message, if it does. */
function unwrap(typedConfig: unknown): JsonObject | undefined {
  const type = protoField(typedConfig, '@type');
  if (typeof type === 'string' && typedStructTypes.has(type)) {
    if (protoField(typedConfig, 'type_url') !== localRateLimitType) return undefined;
    return jsonObject(protoField(typedConfig, 'value')) ?? {};
  }
  return type === localRateLimitType ? jsonObject(typedConfig) : undefined;
}

/**
 * The rate limit a `typed_config` (an HTTP filter's) or a `typed_per_filter_config` entry (a
 * route's, `perRoute`) sets up; undefined when it is not a LocalRateLimit or Envoy would refuse it.
 */
export function parseLocalRateLimit(
  typedConfig: unknown,
  options: { readonly perRoute: boolean },
): LocalRateLimit | undefined {
  const fields = unwrap(typedConfig);
  if (!fields) return undefined;
  const statPrefix = protoField(fields, 'stat_prefix');
  const bucket = tokenBucket(protoField(fields, 'token_bucket'));
  const enabled = runtimePercent(protoField(fields, 'filter_enabled'));
  const enforced = runtimePercent(protoField(fields, 'filter_enforced'));
  const headers = responseHeaders(protoField(fields, 'response_headers_to_add'));
  const code = status(protoField(fields, 'status'));
  if (typeof statPrefix !== 'string' || statPrefix === '') return undefined;
  if (bucket === invalid || enabled === invalid || enforced === invalid) return undefined;
  if (headers === invalid || code === invalid) return undefined;
  if (options.perRoute && !bucket) return undefined;
  return {
    statPrefix,
    ...(bucket ? { tokenBucket: bucket } : {}),
    filterEnabledPercent: enabled,
    filterEnforcedPercent: enforced,
    responseHeadersToAdd: headers,
    status: code,
  };
}
