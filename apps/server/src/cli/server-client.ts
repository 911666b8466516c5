/**
 * The CLI's client of the running server's config API. Every response is parsed with a schema
 * before use. A server that cannot be reached is `ServerUnreachable` (exit 2, naming the URL); an
 * error response is `ServerError`, with the API's message.
 */
import { z } from 'zod';

export const defaultServer = 'http://127.0.0.1:15010';

export const exitCodes = { ok: 0, refused: 1, unreachable: 2 } as const;

export class ServerUnreachable extends Error {
  override readonly name = 'ServerUnreachable';
}

export class ServerError extends Error {
  override readonly name = 'ServerError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const objectKeySchema = z.object({ kind: z.string(), namespace: z.string(), name: z.string() });

export const findingSchema = z.object({
  code: z.string(),
  severity: z.enum(['error', 'warning', 'unknown']),
  message: z.string(),
  path: z.string(),
  object: z
    .object({ kind: z.string(), apiVersion: z.string(), name: z.string(), namespace: z.string() })
    .optional(),
  source: z.object({ file: z.string(), line: z.number(), column: z.number() }).optional(),
});

export const applyResultSchema = z.object({
  status: z.enum(['applied', 'unchanged', 'refused']),
  dryRun: z.boolean(),
  revision: z.string(),
  objects: z.array(
    z.object({
      key: objectKeySchema,
      outcome: z.enum(['created', 'configured', 'unchanged', 'deleted']),
      resourceVersion: z.string().optional(),
    }),
  ),
  findings: z.array(findingSchema),
  related: z.array(findingSchema),
  skipped: z.number(),
});
export type ApplyResultBody = z.infer<typeof applyResultSchema>;

export const storedObjectSchema = z.object({
  key: objectKeySchema,
  resourceVersion: z.string(),
  generation: z.number(),
  creationTimestamp: z.string(),
  manifest: z.record(z.string(), z.unknown()),
});
export type StoredObjectBody = z.infer<typeof storedObjectSchema>;

export const objectListSchema = z.object({ revision: z.string(), items: z.array(storedObjectSchema) });

export const historySchema = z.object({
  revisions: z.array(
    z.object({
      revision: z.string(),
      operation: z.string(),
      timestamp: z.string(),
      generation: z.number(),
      rollbackOf: z.string().optional(),
      source: z.object({ file: z.string(), document: z.number().optional() }).optional(),
    }),
  ),
});

export const proxyStatusSchema = z.object({
  revision: z.string(),
  proxies: z.array(
    z.object({
      node: z.string(),
      kind: z.string(),
      namespace: z.string(),
      workload: z.string(),
      connected: z.boolean(),
      sent: z.string().optional(),
      acked: z.string().optional(),
      state: z.enum(['Synced', 'Stale', 'Not sent']),
      rejected: z.object({ revision: z.string(), error: z.string() }).optional(),
    }),
  ),
});

const errorBodySchema = z.object({ error: z.string() });

export interface RequestOptions {
  readonly method?: string;
  readonly query?: Readonly<Record<string, string | undefined>>;
  readonly body?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Statuses whose body is a result rather than an error (422: refused config). */
  readonly resultStatuses?: readonly number[];
}

export class ServerClient {
  constructor(readonly server: string) {}

  async request<T>(path: string, schema: z.ZodType<T>, options: RequestOptions = {}): Promise<T> {
    const url = new URL(path, `${this.server.replace(/\/+$/, '')}/`);
    for (const [name, value] of Object.entries(options.query ?? {}))
      if (value !== undefined) url.searchParams.set(name, value);
    let response: Response;
    try {
      response = await fetch(url, {
        method: options.method ?? 'GET',
        ...(options.body !== undefined ? { body: options.body } : {}),
        ...(options.headers ? { headers: options.headers } : {}),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
      const why = typeof cause?.code === 'string' ? cause.code : String(cause?.message ?? error);
      throw new ServerUnreachable(`cannot reach the Meshlens server at ${this.server} (${why})`);
    }
    const text = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new ServerError(
        response.status,
        `${url.href}: HTTP ${response.status}, not JSON: ${text.slice(0, 200)}`,
      );
    }
    if (!response.ok && !(options.resultStatuses ?? []).includes(response.status)) {
      const parsed = errorBodySchema.safeParse(body);
      throw new ServerError(response.status, parsed.success ? parsed.data.error : `HTTP ${response.status}`);
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success)
      throw new ServerError(
        response.status,
        `unexpected response from ${url.href}: ${z.prettifyError(parsed.error)}`,
      );
    return parsed.data;
  }
}

/** kubectl's words for the API's statuses: `Error from server (NotFound): …`. */
const statusReasons: Readonly<Record<number, string>> = {
  400: 'BadRequest',
  404: 'NotFound',
  409: 'Conflict',
  413: 'RequestEntityTooLarge',
  503: 'ServiceUnavailable',
};

/** Runs a command body, turning server failures into an error line and an exit code. */
export async function withServer(err: (text: string) => void, run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ServerUnreachable) {
      err(`Error: ${error.message}`);
      return exitCodes.unreachable;
    }
    if (error instanceof ServerError) {
      const reason = statusReasons[error.status];
      err(`Error from server${reason ? ` (${reason})` : ''}: ${error.message}`);
      return exitCodes.refused;
    }
    throw error;
  }
}
