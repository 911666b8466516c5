/**
 * Traffic mirroring (Envoy's request shadowing, Istio's `mirror`/`mirrors`): a copy of the request
 * goes to each mirror cluster its percentage selects, with `-shadow` appended to the host part of
 * the authority. The copy is fire-and-forget: its answer is read and dropped, its failure ignored,
 * and it never delays or fails the request it copies.
 */
import { request } from 'node:http';
import type { OutgoingHttpHeaders } from 'node:http';
import type { Mirror } from '@meshlens/mesh-core/routing';
import type { ActiveConfig } from './active-config.ts';
import type { RequestBody } from './request-body.ts';

/** Envoy's `shadowAppendedHost`: `reviews:9080` → `reviews-shadow:9080`. */
export function shadowAuthority(authority: string): string {
  const colon = authority.lastIndexOf(':');
  if (colon < 0 || authority.endsWith(']')) return `${authority}-shadow`;
  return `${authority.slice(0, colon)}-shadow${authority.slice(colon)}`;
}

export interface MirrorRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: OutgoingHttpHeaders;
  readonly body: RequestBody | undefined;
  readonly timeoutMs: number;
}

/** Sends the copies `mirrors` select for one request; returns how many were sent. */
export function sendMirrors(
  config: ActiveConfig,
  mirrors: readonly Mirror[],
  copy: MirrorRequest,
  random: () => number = Math.random,
): number {
  let sent = 0;
  for (const m of mirrors) {
    if (m.percent < 100 && random() * 100 >= m.percent) continue;
    const cluster = config.clusters.get(m.cluster);
    const endpoint = cluster?.pick(undefined, undefined, 0);
    if (!cluster || !endpoint) continue;
    const breakers = cluster.resilience.breakers;
    if (!breakers.admitRequest()) continue;
    const host = copy.headers.host;
    const headers: OutgoingHttpHeaders = {
      ...copy.headers,
      host: typeof host === 'string' ? shadowAuthority(host) : host,
    };
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      breakers.releaseRequest();
    };
    const upReq = request({
      host: endpoint.host,
      port: endpoint.port,
      method: copy.method,
      path: copy.path,
      headers,
      agent: cluster.resilience.agent,
      setHost: false,
      ...(copy.timeoutMs > 0 ? { timeout: copy.timeoutMs } : {}),
    });
    upReq.on('timeout', () => upReq.destroy());
    upReq.on('response', (up) => {
      up.on('end', release);
      up.on('error', release);
      up.resume();
    });
    upReq.on('error', release);
    upReq.on('close', release);
    if (!copy.body) upReq.end();
    else if (!copy.body.attach(upReq, false)) upReq.destroy();
    sent++;
  }
  return sent;
}
