/**
 * The console API's one error class and its one error body.
 *
 * Every refused or failed console request answers with the status of its `reason` and the body
 *
 *     { "error": "<message>", "reason": "<reason>", "param"?: "<query parameter>", "findings"?: [...] }
 *
 * - `error` is a message for people: it names the parameter, namespace or server involved. It is
 *   also what Kiali's own API answers (`{"error": "..."}`), so a client written for Kiali shows it.
 * - `reason` is the machine-readable class, from the table below; the config API
 *   (`/api/config/*`) answers the same `{error, reason}` with the same reasons and statuses.
 * - `param` names the query parameter at fault, when one is.
 * - `findings` lists why config was refused (422, or a 400 for a body that cannot be read): Kiali's
 *   checks `{code, severity, message, path, object?, source?}`, `source` giving the line.
 *
 * | reason          | status | when                                                            |
 * |-----------------|--------|-----------------------------------------------------------------|
 * | `input`         | 400    | a query parameter is invalid (Kiali's messages where it has them) |
 * | `not-found`     | 404    | a namespace (or endpoint) that does not exist                    |
 * | `conflict`      | 409    | a config write with a stale resourceVersion, or one that exists   |
 * | `unprocessable` | 422    | Prometheus parsed a query but could not evaluate it; refused config |
 * | `upstream`      | 502    | Prometheus or Jaeger answered something that is not their API's  |
 * | `unavailable`   | 503    | Prometheus or the trace store is unreachable; the message has its URL |
 * | `internal`      | 500    | a bug; the message says nothing more, the server log has it      |
 *
 * It lives in mesh-core (no I/O), so that the server throws it and the web console parses the
 * same body; the server's config API answers the same `{error, reason}` with the same table.
 */
import { z } from 'zod';
import { findingSchema } from './istio-config.ts';
import type { FindingWire } from './istio-config.ts';

export const consoleErrorReasons = [
  'input',
  'not-found',
  'conflict',
  'unprocessable',
  'upstream',
  'unavailable',
  'internal',
] as const;
export type ConsoleErrorReason = (typeof consoleErrorReasons)[number];

export const statusOfReason: Readonly<Record<ConsoleErrorReason, number>> = {
  input: 400,
  'not-found': 404,
  conflict: 409,
  unprocessable: 422,
  upstream: 502,
  unavailable: 503,
  internal: 500,
};

/** The reason for a status from another layer's table (Prometheus's `consoleStatusOf`). */
export function reasonOfStatus(status: number): ConsoleErrorReason {
  const found = consoleErrorReasons.find((r) => statusOfReason[r] === status);
  return found ?? (status >= 500 ? 'upstream' : 'input');
}

export const errorBodySchema = z.object({
  error: z.string(),
  reason: z.enum(consoleErrorReasons),
  param: z.string().optional(),
  findings: z.array(findingSchema).optional(),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

export class ConsoleError extends Error {
  override readonly name = 'ConsoleError';
  readonly reason: ConsoleErrorReason;
  /** The query parameter at fault, if one is. */
  readonly param: string | undefined;
  /** Why config was refused, when it was. */
  readonly findings: readonly FindingWire[] | undefined;

  constructor(
    reason: ConsoleErrorReason,
    message: string,
    details: {
      readonly param?: string;
      readonly cause?: unknown;
      readonly findings?: readonly FindingWire[];
    } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.reason = reason;
    this.param = details.param;
    this.findings = details.findings;
  }

  get status(): number {
    return statusOfReason[this.reason];
  }

  body(): ErrorBody {
    return {
      error: this.message,
      reason: this.reason,
      ...(this.param === undefined ? {} : { param: this.param }),
      ...(this.findings === undefined ? {} : { findings: [...this.findings] }),
    };
  }
}

/** A namespace the request names and the mesh does not have. */
export function unknownNamespace(namespace: string, param = 'namespaces'): ConsoleError {
  return new ConsoleError('not-found', `Namespace [${namespace}] does not exist.`, { param });
}
