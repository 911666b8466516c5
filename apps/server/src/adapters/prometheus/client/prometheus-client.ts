/**
 * A client of Prometheus's HTTP API (`/api/v1/…`) for the console's services: instant and range
 * queries, series, label values and build information.
 *
 * Each call: round its times (below), look the call up in the cache (identical calls in flight
 * share one request; answers are kept `cacheTtlMs`), else send it with `fetch` under a timeout —
 * as a GET, or as a form-encoded POST when its parameters are longer than `maxGetQueryLength`
 * (the query endpoints and `/api/v1/series` accept both) — and parse the answer with the
 * endpoint's zod schema. Every failure is a `PrometheusError` (errors.ts).
 *
 * Times are Unix seconds. Instant query times (or now) and series/label ranges are rounded down
 * to a multiple of `timeBucketSeconds`, range query start and end to a multiple of the step (as
 * Grafana does): calls made within the same bucket are then the same call, so the cache and the
 * deduplication apply, and range results have step-aligned timestamps. The times actually used
 * are returned with the result.
 */
import type { z } from 'zod';
import { PrometheusError, networkReason } from './errors.ts';
import { QueryCache } from './query-cache.ts';
import {
  buildInfoDataSchema,
  describeIssues,
  envelopeSchema,
  labelValuesDataSchema,
  matrixDataSchema,
  queryDataSchema,
  seriesDataSchema,
} from './schema.ts';
import type { Labels, Matrix, PrometheusBuildInfo, QueryData, UnixSeconds, Vector } from './schema.ts';

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_CACHE_TTL_MS = 5_000;
export const DEFAULT_CACHE_MAX_ENTRIES = 500;
export const DEFAULT_TIME_BUCKET_SECONDS = 5;
export const DEFAULT_MAX_GET_QUERY_LENGTH = 2_000;
/** Prometheus refuses range queries of more points per series than this. */
export const MAX_RANGE_POINTS = 11_000;

export interface PrometheusClientOptions {
  /** Base URL of the server, e.g. `http://127.0.0.1:9090` or `https://mon.example/prometheus`. */
  readonly url: string;
  /** Per request, connection to last byte; default 10 s. */
  readonly timeoutMs?: number;
  /** How long an answer is reused for an identical call; default 5 s, 0 for never. */
  readonly cacheTtlMs?: number;
  /** Answers kept at most; default 500. */
  readonly cacheMaxEntries?: number;
  /** Instant query times and series/label ranges are rounded down to a multiple of it; default 5. */
  readonly timeBucketSeconds?: number;
  /** Encoded parameters longer than this are POSTed where the endpoint allows; default 2000. */
  readonly maxGetQueryLength?: number;
  /** Sent with every request (e.g. `authorization` for a server behind a proxy). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Milliseconds since the epoch, for "now" and cache expiry; `Date.now` unless a test drives time. */
  readonly clock?: () => number;
}

export interface InstantQueryOptions {
  /** Evaluation time; now if absent. */
  readonly timeSeconds?: UnixSeconds;
}
export interface RangeQueryOptions {
  readonly startSeconds: UnixSeconds;
  readonly endSeconds: UnixSeconds;
  readonly stepSeconds: number;
}
export interface TimeRangeOptions {
  readonly startSeconds?: UnixSeconds;
  readonly endSeconds?: UnixSeconds;
}
export interface LabelValuesOptions extends TimeRangeOptions {
  /** Series selectors the values are taken from (all series if absent). */
  readonly match?: readonly string[];
}

interface WithWarnings {
  /** Prometheus's warnings (and infos), e.g. a partial answer; empty when there were none. */
  readonly warnings: readonly string[];
}
export type QueryResult = QueryData & WithWarnings & { readonly timeSeconds: UnixSeconds };
export interface VectorResult extends WithWarnings {
  readonly result: Vector;
  readonly timeSeconds: UnixSeconds;
}
export interface MatrixResult extends WithWarnings, RangeQueryOptions {
  readonly result: Matrix;
}
export interface SeriesResult extends WithWarnings {
  readonly result: readonly Labels[];
}
export interface LabelValuesResult extends WithWarnings {
  readonly result: readonly string[];
}

/** What services depend on; `PrometheusClient` is the implementation over HTTP. */
export interface PrometheusApi {
  readonly url: string;
  query(query: string, options?: InstantQueryOptions): Promise<QueryResult>;
  /** An instant query whose expression must be an instant vector (a `malformed` error otherwise). */
  queryVector(query: string, options?: InstantQueryOptions): Promise<VectorResult>;
  queryRange(query: string, options: RangeQueryOptions): Promise<MatrixResult>;
  series(match: readonly string[], options?: TimeRangeOptions): Promise<SeriesResult>;
  labelValues(label: string, options?: LabelValuesOptions): Promise<LabelValuesResult>;
  buildInfo(): Promise<PrometheusBuildInfo>;
}

interface Call<T> {
  readonly path: string;
  readonly params: readonly (readonly [string, string])[];
  readonly allowPost: boolean;
  readonly schema: z.ZodType<T>;
  readonly query?: string;
}

const labelName = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const gatewayStatuses = new Set([502, 503, 504]);

function positive(name: string, value: number | undefined, fallback: number, zeroAllowed = false): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0 || (value === 0 && !zeroAllowed)) {
    throw new RangeError(
      `PrometheusClient option ${name} ${value} is not a number ${zeroAllowed ? '≥ 0' : '> 0'}`,
    );
  }
  return value;
}

function floorTo(seconds: number, multiple: number): number {
  return Math.floor(seconds / multiple) * multiple;
}

/** Seconds as Prometheus parses them: no exponent, at most millisecond precision. */
function formatSeconds(seconds: number): string {
  return String(Math.round(seconds * 1000) / 1000);
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat === '' ? '(empty body)' : flat;
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}

export class PrometheusClient implements PrometheusApi {
  /** Base URL, no trailing slash. */
  readonly url: string;
  readonly #timeoutMs: number;
  readonly #timeBucketSeconds: number;
  readonly #maxGetQueryLength: number;
  readonly #headers: Readonly<Record<string, string>>;
  readonly #clock: () => number;
  readonly #cache: QueryCache;

  constructor(options: PrometheusClientOptions) {
    let base: URL;
    try {
      base = new URL(options.url);
    } catch {
      throw new TypeError(`Prometheus URL ${JSON.stringify(options.url)} is not a URL`);
    }
    if (base.protocol !== 'http:' && base.protocol !== 'https:') {
      throw new TypeError(`Prometheus URL ${JSON.stringify(options.url)} is not an http(s) URL`);
    }
    this.url = `${base.origin}${base.pathname}`.replace(/\/+$/, '');
    this.#timeoutMs = positive('timeoutMs', options.timeoutMs, DEFAULT_TIMEOUT_MS);
    this.#timeBucketSeconds = positive(
      'timeBucketSeconds',
      options.timeBucketSeconds,
      DEFAULT_TIME_BUCKET_SECONDS,
    );
    this.#maxGetQueryLength = positive(
      'maxGetQueryLength',
      options.maxGetQueryLength,
      DEFAULT_MAX_GET_QUERY_LENGTH,
      true,
    );
    this.#headers = options.headers ?? {};
    this.#clock = options.clock ?? Date.now;
    this.#cache = new QueryCache({
      ttlMs: positive('cacheTtlMs', options.cacheTtlMs, DEFAULT_CACHE_TTL_MS, true),
      maxEntries: positive('cacheMaxEntries', options.cacheMaxEntries, DEFAULT_CACHE_MAX_ENTRIES, true),
      clock: this.#clock,
    });
  }

  async query(query: string, options: InstantQueryOptions = {}): Promise<QueryResult> {
    const timeSeconds = floorTo(this.#time('timeSeconds', options.timeSeconds), this.#timeBucketSeconds);
    const { data, warnings } = await this.#call({
      path: '/api/v1/query',
      params: [
        ['query', query],
        ['time', formatSeconds(timeSeconds)],
      ],
      allowPost: true,
      schema: queryDataSchema,
      query,
    });
    return { ...data, timeSeconds, warnings };
  }

  async queryVector(query: string, options: InstantQueryOptions = {}): Promise<VectorResult> {
    const answer = await this.query(query, options);
    if (answer.resultType === 'vector') {
      return { result: answer.result, timeSeconds: answer.timeSeconds, warnings: answer.warnings };
    }
    throw new PrometheusError(
      'malformed',
      `Prometheus at ${this.url} answered a ${answer.resultType} where an instant vector was expected`,
      { url: this.url, path: '/api/v1/query', query },
    );
  }

  async queryRange(query: string, options: RangeQueryOptions): Promise<MatrixResult> {
    const step = options.stepSeconds;
    if (!Number.isFinite(step) || step <= 0) this.#input(`stepSeconds ${step} is not a positive number`);
    const startSeconds = floorTo(this.#time('startSeconds', options.startSeconds), step);
    const endSeconds = floorTo(this.#time('endSeconds', options.endSeconds), step);
    if (endSeconds < startSeconds) {
      this.#input(`endSeconds ${options.endSeconds} is before startSeconds ${options.startSeconds}`);
    }
    const points = (endSeconds - startSeconds) / step + 1;
    if (points > MAX_RANGE_POINTS) {
      this.#input(
        `a range of ${endSeconds - startSeconds} s at a step of ${step} s has ${Math.floor(points)} points; ` +
          `Prometheus allows ${MAX_RANGE_POINTS}: use a larger step`,
      );
    }
    const { data, warnings } = await this.#call({
      path: '/api/v1/query_range',
      params: [
        ['query', query],
        ['start', formatSeconds(startSeconds)],
        ['end', formatSeconds(endSeconds)],
        ['step', formatSeconds(step)],
      ],
      allowPost: true,
      schema: matrixDataSchema,
      query,
    });
    return { result: data.result, startSeconds, endSeconds, stepSeconds: step, warnings };
  }

  async series(match: readonly string[], options: TimeRangeOptions = {}): Promise<SeriesResult> {
    if (match.length === 0) this.#input('series needs at least one match[] selector');
    const { data, warnings } = await this.#call({
      path: '/api/v1/series',
      params: [...match.map((m) => ['match[]', m] as const), ...this.#range(options)],
      allowPost: true,
      schema: seriesDataSchema,
    });
    return { result: data, warnings };
  }

  async labelValues(label: string, options: LabelValuesOptions = {}): Promise<LabelValuesResult> {
    if (!labelName.test(label)) this.#input(`${JSON.stringify(label)} is not a label name`);
    const { data, warnings } = await this.#call({
      path: `/api/v1/label/${label}/values`,
      params: [...(options.match ?? []).map((m) => ['match[]', m] as const), ...this.#range(options)],
      // Prometheus serves label values on GET only.
      allowPost: false,
      schema: labelValuesDataSchema,
    });
    return { result: data, warnings };
  }

  async buildInfo(): Promise<PrometheusBuildInfo> {
    const { data } = await this.#call({
      path: '/api/v1/status/buildinfo',
      params: [],
      allowPost: false,
      schema: buildInfoDataSchema,
    });
    return data;
  }

  #input(message: string): never {
    throw new PrometheusError('input', message, { url: this.url });
  }

  #time(name: string, seconds: UnixSeconds | undefined): UnixSeconds {
    if (seconds === undefined) return this.#clock() / 1000;
    if (!Number.isFinite(seconds)) this.#input(`${name} ${seconds} is not a time in Unix seconds`);
    return seconds;
  }

  #range(options: TimeRangeOptions): [string, string][] {
    const params: [string, string][] = [];
    for (const name of ['startSeconds', 'endSeconds'] as const) {
      const value = options[name];
      if (value === undefined) continue;
      const rounded = floorTo(this.#time(name, value), this.#timeBucketSeconds);
      params.push([name === 'startSeconds' ? 'start' : 'end', formatSeconds(rounded)]);
    }
    return params;
  }

  #call<T>(call: Call<T>): Promise<{ data: T; warnings: readonly string[] }> {
    const encoded = new URLSearchParams(call.params.map(([k, v]): [string, string] => [k, v])).toString();
    return this.#cache.get(`${call.path}?${encoded}`, () => this.#send(call, encoded));
  }

  async #send<T>(call: Call<T>, encoded: string): Promise<{ data: T; warnings: readonly string[] }> {
    const details = { url: this.url, path: call.path, query: call.query };
    const post = call.allowPost && encoded.length > this.#maxGetQueryLength;
    const target = `${this.url}${call.path}${post || encoded === '' ? '' : `?${encoded}`}`;
    let status: number;
    let text: string;
    try {
      const response = await fetch(target, {
        method: post ? 'POST' : 'GET',
        headers: {
          accept: 'application/json',
          ...(post ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
          ...this.#headers,
        },
        body: post ? encoded : null,
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
      status = response.status;
      text = await response.text();
    } catch (e) {
      const why = isAbort(e) ? `${call.path} did not answer within ${this.#timeoutMs} ms` : networkReason(e);
      throw new PrometheusError('upstream', `Prometheus at ${this.url} is unreachable: ${why}`, {
        ...details,
        cause: e,
      });
    }

    let json: unknown = undefined;
    try {
      json = JSON.parse(text);
    } catch {
      // Reported below, with the HTTP status.
    }
    const envelope = envelopeSchema.safeParse(json);
    if (!envelope.success) {
      const withStatus = { ...details, httpStatus: status };
      if (gatewayStatuses.has(status)) {
        throw new PrometheusError(
          'upstream',
          `Prometheus at ${this.url} is unreachable: ${call.path} answered HTTP ${status}: ${excerpt(text)}`,
          withStatus,
        );
      }
      const what =
        json === undefined
          ? `a body that is not JSON: ${excerpt(text)}`
          : `a body that is not a Prometheus API response: ${describeIssues(envelope.error, 'body')}`;
      throw new PrometheusError(
        'malformed',
        `Prometheus at ${this.url} answered ${call.path} with HTTP ${status} and ${what}`,
        withStatus,
      );
    }
    const body = envelope.data;
    if (body.status === 'error') {
      const errorType = body.errorType ?? '';
      const message = body.error ?? '(no message)';
      throw new PrometheusError(
        'query',
        `Prometheus at ${this.url} answered ${call.path} with an error (${errorType || 'no type'}): ${message}`,
        { ...details, httpStatus: status, errorType, prometheusMessage: message },
      );
    }
    const data = call.schema.safeParse(body.data);
    if (!data.success) {
      throw new PrometheusError(
        'malformed',
        `Prometheus at ${this.url} answered ${call.path} with data that does not parse: ${describeIssues(data.error, 'data')}`,
        { ...details, httpStatus: status },
      );
    }
    return { data: data.data, warnings: [...(body.warnings ?? []), ...(body.infos ?? [])] };
  }
}
