/**
 * The console API's one error middleware: every error a route throws (or an async route
 * rejects with) becomes the status of its reason and the one body `{error, reason, param?}`
 * (errors.ts). Prometheus failures take their status from the client's table
 * (`consoleStatusOf`) and keep its message, which names the Prometheus URL tried. Anything else is
 * a bug: a 500 that says so, with the stack in the server log only.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { PrometheusError, consoleStatusOf } from '../../adapters/prometheus/client/index.ts';
import type { ErrorBody } from '../errors.ts';
import { ConsoleError, reasonOfStatus } from '../errors.ts';

export interface ErrorResponse {
  readonly status: number;
  readonly body: ErrorBody;
}

/** An error thrown by Express itself or its parsers: `http-errors` with a 4xx status. */
function clientErrorStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const status = (error as { status?: unknown }).status;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

export function errorResponseOf(error: unknown): ErrorResponse {
  if (error instanceof ConsoleError) return { status: error.status, body: error.body() };
  if (error instanceof PrometheusError) {
    const status = consoleStatusOf(error);
    return { status, body: { error: error.message, reason: reasonOfStatus(status) } };
  }
  const status = clientErrorStatus(error);
  if (status !== undefined) {
    const message = error instanceof Error ? error.message : 'bad request';
    return { status, body: { error: message, reason: reasonOfStatus(status) } };
  }
  return { status: 500, body: { error: 'internal error (see the server log)', reason: 'internal' } };
}

export function consoleErrorHandler(
  deps: { readonly log?: (line: string) => void } = {},
): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const { status, body } = errorResponseOf(error);
    if (status >= 500) {
      // A bug gets its stack; an upstream failure its message, which names the server.
      const detail = status === 500 && error instanceof Error ? (error.stack ?? error.message) : body.error;
      deps.log?.(`console: ${req.method} ${req.originalUrl}: ${status}: ${detail}`);
    }
    res.status(status).json(body);
  };
}

/** Paths under the console's prefixes that no route serves. */
export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new ConsoleError('not-found', `no such endpoint: ${req.method} ${req.path}`));
};
