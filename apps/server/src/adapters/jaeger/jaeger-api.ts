/**
 * The port the console reads traces through: Jaeger's HTTP query API (`/api/services`,
 * `/api/services/{service}/operations`, `/api/traces`, `/api/traces/{traceID}`), answers typed by
 * the schemas in `@meshlens/mesh-core/api/traces`. `createJaegerClient` (jaeger-client.ts) is the
 * real implementation, `createFakeJaegerApi` (testing/) the in-memory one; both pass
 * `jaeger-api.contract.test.ts`.
 *
 * Failures are `ConsoleError`s: an unreachable or overloaded server is `unavailable` (its message
 * names the URL), an answer that is not Jaeger's is `upstream`, an unknown trace `not-found`.
 */
import type { JaegerStructuredError, JaegerTrace, Microseconds } from '@meshlens/mesh-core/api/traces';

/** A search of `GET /api/traces`; absent fields are left to Jaeger's defaults. */
export interface JaegerTraceQuery {
  /** The Jaeger service name (a process's `serviceName`). */
  readonly service: string;
  readonly operation?: string;
  /** Every entry must be on one span (span tag, process tag or log field), compared as text. */
  readonly tags?: Readonly<Record<string, string>>;
  /** Span start at or after; Jaeger's default is a recent window (see `lookback`). */
  readonly startUs?: Microseconds;
  /** Span start at or before; default now. */
  readonly endUs?: Microseconds;
  readonly minDurationUs?: Microseconds;
  readonly maxDurationUs?: Microseconds;
  /** How many traces, newest first; Jaeger's default is 100. */
  readonly limit?: number;
  /**
   * Jaeger UI's `lookback` (`1h`, `2d`, …). Jaeger itself ignores it; the embedded store reads it
   * as `start = end - lookback` when `startUs` is absent.
   */
  readonly lookback?: string;
}

export interface JaegerTraces {
  /** Whole traces: every span of each trace with a matching span. */
  readonly traces: readonly JaegerTrace[];
  /** Jaeger's `errors` of the answer, as sent (null when there were none). */
  readonly errors: readonly JaegerStructuredError[] | null;
}

export interface JaegerApi {
  /** The server's base URL, for messages. */
  readonly url: string;
  services(): Promise<string[]>;
  operations(service: string): Promise<string[]>;
  findTraces(query: JaegerTraceQuery): Promise<JaegerTraces>;
  /** One trace by id (1 to 32 hex digits); `ConsoleError('not-found')` when Jaeger has none. */
  getTrace(traceId: string): Promise<JaegerTrace>;
}

/** A trace id as Jaeger's `TraceIDFromString` reads it: 32 lower-case digits, left-padded. */
export function normalTraceId(traceId: string): string {
  return traceId.toLowerCase().padStart(32, '0');
}

/** The message of a trace Jaeger does not have (Kiali's wording). */
export function traceNotFoundMessage(traceId: string): string {
  return `Trace ${traceId} not found`;
}
