/**
 * A client of Jaeger's HTTP query API (jaeger-query's `/api/…`, port 16686 by default; the
 * embedded trace store serves the same API). Each call is one GET under a timeout; the answer is
 * parsed with its zod schema from `@meshlens/mesh-core/api/traces`, never trusted by assertion.
 *
 * Failures, as `ConsoleError`s whose message names the server's URL:
 * - no answer (refused, DNS, reset, timeout) or HTTP 503: `unavailable`;
 * - HTTP 404 on `/api/traces/{id}`: `not-found` (Kiali's "Trace <id> not found");
 * - any other non-200 status, a body that is not JSON, or JSON that is not Jaeger's envelope:
 *   `upstream`, with Jaeger's own `errors[0].msg` when it sent one.
 *
 * A real Jaeger cannot run on the machine this was written on: the client is checked against the
 * embedded store (`trace-store/`) and Jaeger's reference payloads (`third_party/jaeger/`).
 */
import type { z } from 'zod';
import {
  jaegerErrorResponseSchema,
  jaegerNamesResponseSchema,
  jaegerTracesResponseSchema,
} from '@meshlens/mesh-core/api/traces';
import type { JaegerTrace } from '@meshlens/mesh-core/api/traces';
import { ConsoleError } from '../../console/errors.ts';
import type { JaegerApi, JaegerTraceQuery, JaegerTraces } from './jaeger-api.ts';
import { traceNotFoundMessage } from './jaeger-api.ts';
import { networkReason } from '../../net/network-reason.ts';

export const DEFAULT_JAEGER_TIMEOUT_MS = 10_000;

export interface JaegerClientOptions {
  /** Base URL of jaeger-query, e.g. `http://127.0.0.1:16686` or `https://tracing.example/jaeger`. */
  readonly url: string;
  /** Per request, connection to last byte; default 10 s. */
  readonly timeoutMs?: number;
  /** Sent with every request (e.g. `authorization` for a server behind a proxy). */
  readonly headers?: Readonly<Record<string, string>>;
}

/** A zod failure as one line naming the paths that failed, e.g. `data[0].spans[1].duration: …`. */
function describeIssues(error: z.ZodError): string {
  const shown = error.issues.slice(0, 3).map((issue) => {
    let path = 'body';
    for (const key of issue.path) path += typeof key === 'number' ? `[${key}]` : `.${String(key)}`;
    return `${path}: ${issue.message}`;
  });
  const more = error.issues.length - shown.length;
  return shown.join('; ') + (more > 0 ? ` (and ${more} more)` : '');
}

const isAbort = (error: unknown): boolean =>
  error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');

/** The `/api/traces` query string of a search, as Jaeger's `query_parser.go` reads it. */
export function traceSearchParams(query: JaegerTraceQuery): URLSearchParams {
  const params = new URLSearchParams({ service: query.service });
  if (query.operation !== undefined && query.operation !== '') params.set('operation', query.operation);
  if (query.tags !== undefined && Object.keys(query.tags).length > 0) {
    params.set('tags', JSON.stringify(query.tags));
  }
  if (query.startUs !== undefined) params.set('start', String(query.startUs));
  if (query.endUs !== undefined) params.set('end', String(query.endUs));
  // Jaeger's HTTP API reads Go durations: a bare number is refused, so the unit is explicit.
  if (query.minDurationUs !== undefined) params.set('minDuration', `${query.minDurationUs}us`);
  if (query.maxDurationUs !== undefined) params.set('maxDuration', `${query.maxDurationUs}us`);
  if (query.limit !== undefined) params.set('limit', String(query.limit));
  if (query.lookback !== undefined && query.lookback !== '') params.set('lookback', query.lookback);
  return params;
}

interface Answer {
  readonly status: number;
  readonly text: string;
}

export function createJaegerClient(options: JaegerClientOptions): JaegerApi {
  const url = options.url.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? DEFAULT_JAEGER_TIMEOUT_MS;

  async function send(path: string): Promise<Answer> {
    try {
      const response = await fetch(`${url}${path}`, {
        headers: { accept: 'application/json', ...options.headers },
        signal: AbortSignal.timeout(timeoutMs),
      });
      return { status: response.status, text: await response.text() };
    } catch (error) {
      const why = isAbort(error) ? `${path} did not answer within ${timeoutMs} ms` : networkReason(error);
      throw new ConsoleError('unavailable', `Jaeger at ${url} is unreachable: ${why}`, { cause: error });
    }
  }

  function json(path: string, answer: Answer): unknown {
    try {
      return JSON.parse(answer.text) as unknown;
    } catch {
      throw new ConsoleError(
        'upstream',
        `Jaeger at ${url} answered ${path} with HTTP ${answer.status} and a body that is not JSON`,
      );
    }
  }

  /** A non-200 answer as the error it is; Jaeger explains itself in `errors[0].msg`. */
  function refusal(path: string, answer: Answer): ConsoleError {
    let body: unknown;
    try {
      body = JSON.parse(answer.text) as unknown;
    } catch {
      body = undefined;
    }
    const parsed = jaegerErrorResponseSchema.safeParse(body);
    const msg = parsed.success ? parsed.data.errors?.[0]?.msg : undefined;
    const message = `Jaeger at ${url} answered ${path} with HTTP ${answer.status}${msg === undefined ? '' : `: ${msg}`}`;
    return new ConsoleError(answer.status === 503 ? 'unavailable' : 'upstream', message);
  }

  function parse<S extends z.ZodType>(path: string, answer: Answer, schema: S): z.infer<S> {
    const parsed = schema.safeParse(json(path, answer));
    if (!parsed.success) {
      throw new ConsoleError(
        'upstream',
        `Jaeger at ${url} answered ${path} with a body that is not a Jaeger API response: ${describeIssues(parsed.error)}`,
      );
    }
    return parsed.data;
  }

  async function get<S extends z.ZodType>(path: string, schema: S): Promise<z.infer<S>> {
    const answer = await send(path);
    if (answer.status !== 200) throw refusal(path, answer);
    return parse(path, answer, schema);
  }

  return {
    url,
    async services() {
      return (await get('/api/services', jaegerNamesResponseSchema)).data ?? [];
    },
    async operations(service) {
      const path = `/api/services/${encodeURIComponent(service)}/operations`;
      return (await get(path, jaegerNamesResponseSchema)).data ?? [];
    },
    async findTraces(query): Promise<JaegerTraces> {
      const answer = await get(
        `/api/traces?${traceSearchParams(query).toString()}`,
        jaegerTracesResponseSchema,
      );
      return { traces: answer.data ?? [], errors: answer.errors };
    },
    async getTrace(traceId): Promise<JaegerTrace> {
      const path = `/api/traces/${encodeURIComponent(traceId)}`;
      const answer = await send(path);
      if (answer.status === 404) throw new ConsoleError('not-found', traceNotFoundMessage(traceId));
      if (answer.status !== 200) throw refusal(path, answer);
      // Older Jaegers answered an unknown id with 200 and no trace (Kiali allows for it).
      const trace = parse(path, answer, jaegerTracesResponseSchema).data?.[0];
      if (trace === undefined) throw new ConsoleError('not-found', traceNotFoundMessage(traceId));
      return trace;
    },
  };
}
