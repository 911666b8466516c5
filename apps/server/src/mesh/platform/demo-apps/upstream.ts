/**
 * How a demo app calls another Bookinfo service: `GET http://<service>:9080/<path>` with the
 * headers it forwards, through the workload's sidecar when `HTTP_PROXY` names one (absolute-form
 * request URI, as Python's `requests` sends it to a proxy), else straight to an address given for
 * the service (tests, or a platform without service DNS), else to `<service>:9080` by name.
 *
 * A new connection per call, as Istio's apps make them (productpage.py `send_request`: "We
 * intentionally do not pool so that we can easily test load distribution"; reviews builds a new
 * JAX-RS client per call). The timeout is an inactivity timeout on the socket, covering the connect
 * and every read, like `requests`' `timeout=` and the Liberty client's connection/receive timeouts.
 */
import { request } from 'node:http';
import { BOOKINFO_PORT } from './apps.ts';
import type { UpstreamService } from './apps.ts';

export interface HostPort {
  readonly host: string;
  readonly port: number;
}

export interface UpstreamRoutes {
  /** The sidecar's outbound listener (`HTTP_PROXY`). */
  readonly proxy?: HostPort | undefined;
  /** Direct addresses of services; one given here is called directly even when a proxy is set. */
  readonly services?: Partial<Record<UpstreamService, HostPort>> | undefined;
}

export interface UpstreamCall {
  readonly service: UpstreamService;
  /** Path and query, starting with `/`. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
}

export type UpstreamResult =
  | { readonly ok: true; readonly status: number; readonly body: string }
  /** No HTTP response: connection refused or reset, timeout, or a body too large. */
  | { readonly ok: false; readonly reason: string };

const MAX_BODY_BYTES = 1024 * 1024;

export function callUpstream(routes: UpstreamRoutes, call: UpstreamCall): Promise<UpstreamResult> {
  const authority = `${call.service}:${BOOKINFO_PORT}`;
  const direct = routes.services?.[call.service];
  const target: HostPort = direct ?? routes.proxy ?? { host: call.service, port: BOOKINFO_PORT };
  const viaProxy = direct === undefined && routes.proxy !== undefined;
  return new Promise((resolve) => {
    let settled = false;
    const settle = (result: UpstreamResult): void => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    const req = request(
      {
        host: target.host,
        port: target.port,
        method: 'GET',
        path: viaProxy ? `http://${authority}${call.path}` : call.path,
        headers: { ...call.headers, host: authority },
        agent: false,
        timeout: call.timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BODY_BYTES) {
            req.destroy(new Error(`response from ${authority} larger than ${MAX_BODY_BYTES} bytes`));
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () => {
          settle({ ok: true, status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', (error) => {
          settle({ ok: false, reason: error.message });
        });
        res.on('close', () => {
          settle({ ok: false, reason: `${authority} closed the connection before the response ended` });
        });
      },
    );
    req.on('timeout', () => {
      req.destroy(new Error(`no answer from ${authority} within ${call.timeoutMs} ms`));
    });
    req.on('error', (error) => {
      settle({ ok: false, reason: error.message });
    });
    req.end();
  });
}

/** `JSON.parse` that answers `undefined` for a body that is not JSON. */
export function parseJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}
