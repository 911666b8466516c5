/**
 * The demo's steady traffic: `rate` requests per second to Bookinfo's product page through the
 * ingress gateway, a share of them as the signed-in user `jason` (so header-based routes such as
 * virtual-service-reviews-test-v2 show on the graph). Off the request path of anything; errors
 * are counted, never thrown.
 */
import { request } from 'node:http';

export interface LoadGeneratorOptions {
  /** `host:port` of the ingress gateway's Bookinfo listener. */
  readonly gateway: { readonly host: string; readonly port: number };
  readonly rate: number;
  /** Fraction of requests sent as jason. */
  readonly jasonShare?: number;
}

export interface LoadGenerator {
  stats(): { sent: number; ok: number; failed: number };
  stop(): void;
}

function send(
  gateway: LoadGeneratorOptions['gateway'],
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; cookie: string | undefined }> {
  return new Promise((resolve) => {
    const req = request(
      { ...gateway, method, path, headers: { host: 'bookinfo.local', ...headers }, timeout: 10_000 },
      (res) => {
        res.resume();
        res.on('end', () => {
          const setCookie = res.headers['set-cookie']?.[0];
          resolve({ status: res.statusCode ?? 0, cookie: setCookie?.split(';')[0] });
        });
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => {
      resolve({ status: 0, cookie: undefined });
    });
    req.end(body);
  });
}

export function startLoadGenerator(options: LoadGeneratorOptions): LoadGenerator {
  const counts = { sent: 0, ok: 0, failed: 0 };
  let jasonCookie: string | undefined;
  const login = async (): Promise<void> => {
    const r = await send(
      options.gateway,
      'POST',
      '/login',
      { 'content-type': 'application/x-www-form-urlencoded' },
      'username=jason&passwd=jason',
    );
    if (r.cookie !== undefined) jasonCookie = r.cookie;
  };
  const tick = (): void => {
    const asJason = Math.random() < (options.jasonShare ?? 0.3);
    if (asJason && jasonCookie === undefined) void login();
    const headers: Record<string, string> =
      asJason && jasonCookie !== undefined ? { cookie: jasonCookie } : {};
    counts.sent++;
    void send(options.gateway, 'GET', '/productpage', headers).then((r) => {
      if (r.status >= 200 && r.status < 400) counts.ok++;
      else counts.failed++;
    });
  };
  const timer = options.rate > 0 ? setInterval(tick, 1000 / options.rate) : undefined;
  timer?.unref();
  return {
    stats: () => ({ ...counts }),
    stop: () => {
      clearInterval(timer);
    },
  };
}
