/**
 * A stand-in for a Prometheus server in unit tests: an HTTP server on 127.0.0.1 that records
 * every request (method, path, parameters from the query string or a form body) and answers
 * with what the test's handler returns, after an optional delay.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  /** Parameters from the URL and, for a form POST, the body. */
  readonly params: URLSearchParams;
  readonly contentType: string | undefined;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

export interface FakeAnswer {
  readonly status?: number;
  /** A string is sent as is; anything else as JSON. */
  readonly body: unknown;
  readonly contentType?: string;
  readonly delayMs?: number;
}

export interface FakePrometheus {
  readonly url: string;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

/** `{ status: "success", data }`, Prometheus's envelope. */
export function success(data: unknown, extra: Record<string, unknown> = {}): FakeAnswer {
  return { body: { status: 'success', data, ...extra } };
}

export async function startFakePrometheus(
  handler: (request: RecordedRequest) => FakeAnswer,
): Promise<FakePrometheus> {
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const params = new URLSearchParams(url.search);
      const contentType = req.headers['content-type'];
      if (contentType === 'application/x-www-form-urlencoded') {
        for (const [k, v] of new URLSearchParams(Buffer.concat(chunks).toString('utf8'))) params.append(k, v);
      }
      const request = {
        method: req.method ?? '',
        path: url.pathname,
        params,
        contentType,
        headers: req.headers,
      };
      requests.push(request);
      const answer = handler(request);
      const body = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
      const send = (): void => {
        timers.delete(timer);
        res
          .writeHead(answer.status ?? 200, { 'content-type': answer.contentType ?? 'application/json' })
          .end(body);
      };
      const timer = setTimeout(send, answer.delayMs ?? 0);
      timers.add(timer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
