/**
 * What every demo app is to the server that hosts it: a function from a read request to a response.
 * The server (server.ts) owns sockets, the admin switch and the request log; the apps own only
 * their routes, so each reads like the Istio original it follows.
 */
import type { IncomingHttpHeaders } from 'node:http';

export interface DemoRequest {
  readonly method: string;
  /** The request target in origin form (path and query, undecoded), e.g. `/ratings/0?x=1`. */
  readonly url: string;
  /** The decoded path, without the query. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface DemoResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string | string[]>>;
  readonly body: string;
}

export interface DemoAppHandler {
  handle(request: DemoRequest): Promise<DemoResponse>;
  /** Stops the app's own timers, if it has any. */
  close?(): void;
}

export function jsonResponse(status: number, value: unknown): DemoResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) };
}

export function textResponse(
  status: number,
  body: string,
  contentType = 'text/plain; charset=utf-8',
): DemoResponse {
  return { status, headers: { 'content-type': contentType }, body };
}

export function notFound(): DemoResponse {
  return textResponse(404, 'Not Found\n');
}

/** The first value of a request header (node:http joins most repeated headers already). */
export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}
