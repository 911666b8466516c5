/**
 * The console's only caller of `fetch`. Every answer is parsed with its schema from
 * `@meshlens/mesh-core/api` (never typed by assertion); every failure becomes an `ApiError`
 * carrying the server's one error body (`{error, reason, param?}`) or what went wrong on the way.
 */
import { consoleErrorReasons, errorBodySchema } from '@meshlens/mesh-core/api/errors';
import type { z } from 'zod';

/** The server's reasons, and two of the console's own: no answer, or an answer not as agreed. */
export const API_ERROR_REASONS = [...consoleErrorReasons, 'network', 'bad-response'] as const;
export type ApiErrorReason = (typeof API_ERROR_REASONS)[number];

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    message: string,
    readonly reason: ApiErrorReason,
    readonly status: number,
    readonly details: { readonly param?: string; readonly body?: unknown } = {},
  ) {
    super(message);
  }
}

async function errorOf(response: Response): Promise<ApiError> {
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const body = errorBodySchema.safeParse(json);
  if (body.success) {
    const { error, reason, param } = body.data;
    return new ApiError(error, reason, response.status, {
      ...(param === undefined ? {} : { param }),
      body: json,
    });
  }
  // Not the console's error body (a proxy's page, a crash): the text itself is the message.
  return new ApiError(
    text || `HTTP ${response.status}`,
    response.status >= 500 ? 'upstream' : 'input',
    response.status,
  );
}

export interface RequestOptions {
  readonly signal?: AbortSignal;
  readonly method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Sent as is (YAML or JSON text) or as JSON when it is not a string. */
  readonly body?: unknown;
  /** The GET's response when it was started earlier (a route prefetching while its page loads). */
  readonly started?: Promise<Response>;
}

/** `path` plus its query string; parameters that are undefined are left out. */
export function apiPath(
  path: string,
  query: Readonly<Record<string, string | number | boolean | undefined>> = {},
): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return qs === '' ? path : `${path}?${qs}`;
}

export async function fetchJson<S extends z.ZodType>(
  path: string,
  schema: S,
  options: RequestOptions = {},
): Promise<z.infer<S>> {
  let response: Response;
  const body =
    options.body === undefined
      ? undefined
      : typeof options.body === 'string'
        ? options.body
        : JSON.stringify(options.body);
  try {
    response = await (options.started ??
      fetch(path, {
        method: options.method ?? 'GET',
        headers: {
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body }),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      }));
  } catch (e) {
    if (options.signal?.aborted === true) throw e;
    throw new ApiError(`The Meshlens server cannot be reached (${(e as Error).message})`, 'network', 0);
  }
  if (!response.ok) throw await errorOf(response);
  const json: unknown = await response.json();
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue === undefined ? '' : ` at ${issue.path.join('.') || '(root)'}: ${issue.message}`;
    throw new ApiError(`Unexpected answer from ${path}${where}`, 'bad-response', response.status);
  }
  return parsed.data;
}
