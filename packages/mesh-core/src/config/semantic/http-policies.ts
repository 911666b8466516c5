/**
 * The per-route HTTP policies of a VirtualService: retries (Envoy's `retryOn` vocabulary),
 * fault injection, CORS, redirects, direct responses and rewrites, as Istio's admission
 * checks them.
 */
import type { Path } from '../path.ts';
import { isPort } from './addresses.ts';
import { checkPercentage } from './common.ts';
import { checkDuration } from './durations.ts';
import { isValidHeaderName } from './headers.ts';
import type { HttpRoute } from './http-match.ts';
import { checkStringMatch } from './http-match.ts';
import { checkRegex } from './regex.ts';
import type { Report } from './report.ts';

// Envoy's x-envoy-retry-on and x-envoy-retry-grpc-on policies, as Istio accepts them.
const retryOnPolicies: ReadonlySet<string> = new Set([
  '5xx',
  'gateway-error',
  'reset',
  'reset-before-request',
  'connect-failure',
  'envoy-ratelimited',
  'retriable-4xx',
  'refused-stream',
  'retriable-status-codes',
  'retriable-headers',
  'http3-post-connect-failure',
  'cancelled',
  'deadline-exceeded',
  'internal',
  'resource-exhausted',
  'unavailable',
]);

// The status codes Go's http.StatusText knows: Istio accepts a bare code in retryOn if it is one.
const knownStatusCodes: ReadonlySet<number> = new Set([
  100, 101, 102, 103, 200, 201, 202, 203, 204, 205, 206, 207, 208, 226, 300, 301, 302, 303, 304, 305, 307,
  308, 400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 418, 421,
  422, 423, 424, 425, 426, 428, 429, 431, 451, 500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511,
]);
const integer = /^[+-]?[0-9]+$/;
const base64Padding = /=+$/;

const grpcStatuses: ReadonlySet<string> = new Set([
  'OK',
  'CANCELLED',
  'UNKNOWN',
  'INVALID_ARGUMENT',
  'DEADLINE_EXCEEDED',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'PERMISSION_DENIED',
  'RESOURCE_EXHAUSTED',
  'FAILED_PRECONDITION',
  'ABORTED',
  'OUT_OF_RANGE',
  'UNIMPLEMENTED',
  'INTERNAL',
  'UNAVAILABLE',
  'DATA_LOSS',
  'UNAUTHENTICATED',
]);

const corsMethods: ReadonlySet<string> = new Set([
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'CONNECT',
  'OPTIONS',
  'TRACE',
  '*',
]);

const kib = 1024;
const mib = 1024 * kib;

export function checkRetries(report: Report, path: Path, retries: NonNullable<HttpRoute['retries']>): void {
  const attempts = retries.attempts ?? 0;
  if (attempts < 0) report.field([...path, 'attempts'], `cannot be negative (got ${attempts})`);
  if (
    attempts === 0 &&
    (retries.perTryTimeout !== undefined ||
      (retries.retryOn ?? '') !== '' ||
      retries.retryRemoteLocalities !== undefined)
  ) {
    report.field(
      [...path, 'attempts'],
      'is 0 (retries disabled), but a retry policy is configured: set attempts, or remove the policy',
    );
  }
  checkDuration(report, [...path, 'perTryTimeout'], retries.perTryTimeout);
  checkDuration(report, [...path, 'backoff'], retries.backoff);
  if (retries.retryOn) {
    // Istio splits on "," without trimming: "5xx, reset" names the policy " reset".
    for (const policy of retries.retryOn.split(',')) {
      const isStatus = integer.test(policy) && knownStatusCodes.has(Number(policy));
      if (!isStatus && !retryOnPolicies.has(policy)) {
        report.field(
          [...path, 'retryOn'],
          `${JSON.stringify(policy)} is not a valid retryOn policy (Envoy's policies such as 5xx, gateway-error, reset, connect-failure, retriable-4xx, or an HTTP status code, comma-separated without spaces)`,
        );
      }
    }
  }
}

export function checkFault(report: Report, path: Path, fault: NonNullable<HttpRoute['fault']>): void {
  const { abort, delay } = fault;
  if (!abort && !delay) report.field(path, 'must have an abort and/or a delay');
  if (abort) {
    const at = [...path, 'abort'];
    checkPercentage(report, [...at, 'percentage', 'value'], abort.percentage?.value);
    if (abort.grpcStatus !== undefined) {
      if (!grpcStatuses.has(abort.grpcStatus)) {
        report.field(
          [...at, 'grpcStatus'],
          `${JSON.stringify(abort.grpcStatus)} is not a supported gRPC status (use a name such as NOT_FOUND or UNAVAILABLE)`,
        );
      }
    } else if (abort.http2Error !== undefined) report.field([...at, 'http2Error'], 'is not supported yet');
    else if (abort.httpStatus !== undefined) checkHttpStatus(report, [...at, 'httpStatus'], abort.httpStatus);
    else report.fieldWarning(at, 'is configured, but sets no error type (httpStatus or grpcStatus)');
  }
  if (delay) {
    const at = [...path, 'delay'];
    checkPercentage(report, [...at, 'percentage', 'value'], delay.percentage?.value);
    if (delay.percent !== undefined && (delay.percent < 0 || delay.percent > 100))
      report.field([...at, 'percent'], `must be in range 0..100 (got ${delay.percent})`);
    checkDuration(report, [...at, 'fixedDelay'], delay.fixedDelay);
    if (delay.exponentialDelay !== undefined) {
      checkDuration(report, [...at, 'exponentialDelay'], delay.exponentialDelay);
      report.field([...at, 'exponentialDelay'], 'is not supported yet: use fixedDelay');
    }
  }
}

/** Istio's `validateHTTPStatus`: 200–600 (its message says 599; 600 is let through). */
function checkHttpStatus(report: Report, path: Path, status: number): void {
  if (status < 200 || status > 600) report.field(path, `HTTP status ${status} is not in range 200-599`);
}

export function checkCors(report: Report, path: Path, cors: NonNullable<HttpRoute['corsPolicy']>): void {
  cors.allowOrigins?.forEach((origin, i) => {
    const at = [...path, 'allowOrigins', i];
    const value = origin.exact ?? origin.prefix ?? origin.regex;
    if (value === undefined || value === '') report.field(at, 'must set a non-empty exact, prefix or regex');
    else checkStringMatch(report, at, origin);
  });
  cors.allowMethods?.forEach((method, i) => {
    if (!corsMethods.has(method))
      report.field([...path, 'allowMethods', i], `${JSON.stringify(method)} is not a supported HTTP method`);
  });
  for (const field of ['allowHeaders', 'exposeHeaders'] as const) {
    cors[field]?.forEach((name, i) => {
      const at = [...path, field, i];
      if (name === '') report.field(at, 'header name cannot be empty');
      else if (name !== '*' && !isValidHeaderName(name))
        report.field(at, `${JSON.stringify(name)} is not a valid header name`);
    });
  }
  checkDuration(report, [...path, 'maxAge'], cors.maxAge, { seconds: true });
}

export function checkRedirect(
  report: Report,
  path: Path,
  redirect: NonNullable<HttpRoute['redirect']>,
): void {
  const { uri, authority, port, derivePort, scheme, prefixRewrite } = redirect;
  // prefixRewrite (newer than Istio's check) also says where to redirect, so it counts here.
  if (!uri && !authority && port === undefined && derivePort === undefined && !scheme && !prefixRewrite) {
    report.field(path, 'must specify uri, prefixRewrite, authority, scheme, or port');
  }
  if (uri && prefixRewrite)
    report.fieldWarning([...path, 'prefixRewrite'], 'and uri are both set: only one of them applies');
  const code = redirect.redirectCode ?? 0;
  if (code !== 0 && (code < 300 || code > 399))
    report.field([...path, 'redirectCode'], `${code} is not a valid redirect code, must be 3xx`);
  if (scheme !== undefined && scheme !== '' && scheme !== 'http' && scheme !== 'https') {
    report.field([...path, 'scheme'], `must be "http" or "https" (got ${JSON.stringify(scheme)})`);
  }
  if (port !== undefined && port > 0 && !isPort(port))
    report.field([...path, 'port'], `must be in the range 1..65535 (got ${port})`);
}

export function checkDirectResponse(
  report: Report,
  path: Path,
  response: NonNullable<HttpRoute['directResponse']>,
): void {
  const body = response.body;
  let size = 0;
  if (body?.string !== undefined) size = utf8Length(body.string);
  else if (body?.bytes !== undefined) size = base64Length(body.bytes);
  // The body travels in every config push to every proxy.
  if (size > mib)
    report.field(
      [...path, 'body'],
      'must be less than 1MB: large direct responses impact control plane performance',
    );
  else if (size > 100 * kib)
    report.fieldWarning(
      [...path, 'body'],
      'is over 100KB: large direct responses may impact control plane performance',
    );
  checkHttpStatus(report, [...path, 'status'], response.status);
}

export function checkRewrite(report: Report, path: Path, rewrite: NonNullable<HttpRoute['rewrite']>): void {
  const regexRewrite = rewrite.uriRegexRewrite;
  if (rewrite.uri && regexRewrite) report.field(path, 'may only contain one of uri or uriRegexRewrite');
  else if (!rewrite.uri && !regexRewrite && !rewrite.authority)
    report.field(path, 'must specify at least one of uri, uriRegexRewrite or authority');
  if (regexRewrite) {
    const at = [...path, 'uriRegexRewrite'];
    if (!regexRewrite.match || !regexRewrite.rewrite) report.field(at, 'requires both match and rewrite');
    else checkRegex(report, [...at, 'match'], regexRewrite.match);
  }
}

function utf8Length(text: string): number {
  let n = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return n;
}

function base64Length(text: string): number {
  const trimmed = text.replace(base64Padding, '');
  return Math.floor((trimmed.length * 3) / 4);
}
