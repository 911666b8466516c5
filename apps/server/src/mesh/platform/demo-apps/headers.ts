/**
 * The headers Bookinfo's apps copy from their inbound request to the requests they make, so that
 * the proxies can join their spans into one trace and route on the user. The lists are Istio's own:
 * productpage.py `getForwardHeaders` and reviews' LibertyRestEndpoint.java `headers_to_propagate`
 * (samples/bookinfo/src in istio/istio). details and ratings call no other service.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { ROOT_CONTEXT, defaultTextMapGetter } from '@opentelemetry/api';
import { B3InjectEncoding, B3Propagator } from '@opentelemetry/propagator-b3';
import { headerValue } from './handler.ts';

/**
 * productpage's `incoming_headers`. The B3 `x-b3-*` headers are not in it: productpage passes
 * them through OpenTelemetry's B3 propagator instead (see `b3Headers`), and it sends `end-user`
 * from its session only, never from the inbound request.
 */
export const PRODUCTPAGE_FORWARDED_HEADERS = [
  'x-request-id',
  'x-ot-span-context',
  'x-datadog-trace-id',
  'x-datadog-parent-id',
  'x-datadog-sampling-priority',
  'traceparent',
  'tracestate',
  'x-cloud-trace-context',
  'grpc-trace-bin',
  'sw8',
  'user-agent',
  'cookie',
  'authorization',
  'jwt',
] as const;

/** reviews' `headers_to_propagate`: the same, plus the B3 family and `end-user`, copied verbatim. */
export const REVIEWS_FORWARDED_HEADERS = [
  ...PRODUCTPAGE_FORWARDED_HEADERS,
  'x-b3-traceid',
  'x-b3-spanid',
  'x-b3-parentspanid',
  'x-b3-sampled',
  'x-b3-flags',
  'end-user',
] as const;

/** The named headers present on `incoming`, lower-cased. */
export function pickHeaders(incoming: IncomingHttpHeaders, names: readonly string[]): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of names) {
    const value = headerValue(incoming, name);
    if (value !== undefined) picked[name] = value;
  }
  return picked;
}

// Stateless: extract and inject keep nothing between calls.
const b3 = new B3Propagator({ injectEncoding: B3InjectEncoding.MULTI_HEADER });

/**
 * productpage's B3 handling: `B3MultiFormat().extract` of the inbound headers (single `b3` or
 * `x-b3-*`), then `inject` into the outbound ones. What comes out is `x-b3-traceid` (padded to 32
 * hex digits), `x-b3-spanid` and `x-b3-sampled` (`1` or `0`), or `x-b3-flags: 1` for a debug
 * trace; no `x-b3-parentspanid`; nothing at all when the inbound context is missing or invalid.
 */
export function b3Headers(incoming: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  const context = b3.extract(ROOT_CONTEXT, incoming, defaultTextMapGetter);
  b3.inject(context, out, {
    set(carrier: Record<string, string>, key: string, value: string) {
      carrier[key] = value;
    },
  });
  return out;
}
