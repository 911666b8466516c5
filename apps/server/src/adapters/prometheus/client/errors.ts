/**
 * The Prometheus client's one error class. Every failure of a call is a `PrometheusError` whose
 * `reason` says whose fault it is, so the console API can answer with one status table
 * (`consoleStatusOf`) and a message that names the server tried:
 *
 * | reason      | when                                                          | console status |
 * |-------------|---------------------------------------------------------------|----------------|
 * | `input`     | the call's own arguments are unusable (step ≤ 0, end < start)  | 400            |
 * | `upstream`  | no answer: refused, reset, DNS, timeout, or a gateway 502/503/504 | 503        |
 * | `query`     | Prometheus answered `status: "error"`; see `errorType` below   | by errorType   |
 * | `malformed` | an answer that is not the Prometheus API response expected    | 502            |
 *
 * For `query`, Prometheus's `errorType` decides: `bad_data` (the query or a parameter does not
 * parse) → 400; `execution` (it parses but cannot be evaluated: many-to-many matching, too many
 * samples) → 422; `timeout`, `canceled`, `unavailable` (Prometheus is overloaded or shutting down)
 * → 503; anything else (`internal`, `not_found`, a type a later Prometheus adds) → 502.
 */

export const prometheusErrorReasons = ['input', 'upstream', 'query', 'malformed'] as const;
export type PrometheusErrorReason = (typeof prometheusErrorReasons)[number];

/** The error types Prometheus's HTTP API documents; others are passed through as they come. */
export const prometheusErrorTypes = [
  'bad_data',
  'execution',
  'timeout',
  'canceled',
  'unavailable',
  'internal',
  'not_found',
] as const;
export type PrometheusErrorType = (typeof prometheusErrorTypes)[number];

export interface PrometheusErrorDetails {
  /** Base URL of the Prometheus server the call went to. */
  readonly url: string;
  /** API path of the call, e.g. `/api/v1/query`. */
  readonly path?: string;
  /** The PromQL text, when the call had one (kept for logs, not put in the message). */
  readonly query?: string;
  /** For `query`: Prometheus's `errorType` (`bad_data`, `execution`, …). */
  readonly errorType?: string;
  /** For `query`: Prometheus's own `error` text. */
  readonly prometheusMessage?: string;
  /** The HTTP status Prometheus (or a proxy in front of it) answered, if it answered. */
  readonly httpStatus?: number;
  readonly cause?: unknown;
}

export class PrometheusError extends Error {
  override readonly name = 'PrometheusError';
  readonly reason: PrometheusErrorReason;
  readonly url: string;
  readonly path: string | undefined;
  readonly query: string | undefined;
  readonly errorType: string | undefined;
  readonly prometheusMessage: string | undefined;
  readonly httpStatus: number | undefined;

  constructor(reason: PrometheusErrorReason, message: string, details: PrometheusErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.reason = reason;
    this.url = details.url;
    this.path = details.path;
    this.query = details.query;
    this.errorType = details.errorType;
    this.prometheusMessage = details.prometheusMessage;
    this.httpStatus = details.httpStatus;
  }
}

const statusOfReason: Readonly<Record<Exclude<PrometheusErrorReason, 'query'>, number>> = {
  input: 400,
  upstream: 503,
  malformed: 502,
};

const statusOfErrorType: Readonly<Record<PrometheusErrorType, number>> = {
  bad_data: 400,
  execution: 422,
  timeout: 503,
  canceled: 503,
  unavailable: 503,
  internal: 502,
  not_found: 502,
};

function isKnownErrorType(type: string | undefined): type is PrometheusErrorType {
  return (prometheusErrorTypes as readonly (string | undefined)[]).includes(type);
}

/** The status the console API answers for this error (the table in this module's comment). */
export function consoleStatusOf(error: PrometheusError): number {
  if (error.reason !== 'query') return statusOfReason[error.reason];
  return isKnownErrorType(error.errorType) ? statusOfErrorType[error.errorType] : 502;
}

export { networkReason } from '../../../net/network-reason.ts';
