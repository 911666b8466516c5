/**
 * A cluster's keep-alive connection pool: a node:http Agent shaped by Istio's `connectionPool`.
 *
 * - `maxConnections` → `maxSockets` per endpoint: beyond it a request waits in the Agent's queue
 *   (the circuit breakers bound how many may wait). It is not a cluster-wide `maxTotalSockets`:
 *   Node's Agent counts idle sockets of one endpoint against every other, so a request to an
 *   endpoint without a connection could wait behind another endpoint's idle socket until it times
 *   out. Envoy avoids the same trap by always letting a host with no connection open one
 *   (conn_pool_base.cc), so a small limit spread over several endpoints behaves the same here.
 * - `maxRequestsPerConnection` (0: unlimited): a connection that has carried that many requests
 *   is closed when the last one ends, as Envoy drains it. Counted on the Agent's `free` event,
 *   which every completed keep-alive request emits, ahead of the Agent's own handler (which hands
 *   the socket to a queued request without asking `keepSocketAlive`): a socket destroyed there is
 *   neither handed on nor kept idle, and the Agent opens a fresh one for whoever waits.
 * - `idleTimeoutMs` → the Agent's `timeout`: Node sets it on idle sockets and destroys them when
 *   it fires (a server's shorter `Keep-Alive: timeout=` hint still wins, as Node applies it).
 *   0: idle connections stay until the upstream closes them.
 * - LIFO reuse, so a quiet period lets the oldest idle connections time out.
 *
 * Retiring (the pool settings changed, or the cluster left the snapshot): idle sockets close now
 * and busy ones when their request ends, so requests in flight finish undisturbed.
 */
import { Agent } from 'node:http';
import { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { ConnectionPool } from '@meshlens/mesh-core/routing';
import { UNLIMITED } from '@meshlens/mesh-core/routing';

export type PoolSettings = Pick<
  ConnectionPool,
  'maxConnections' | 'maxRequestsPerConnection' | 'idleTimeoutMs'
>;

/** Equal keys: the same Agent can serve both settings. */
export function poolKey(pool: PoolSettings): string {
  return `${pool.maxConnections}|${pool.maxRequestsPerConnection}|${pool.idleTimeoutMs}`;
}

const MAX_FREE_SOCKETS = 1024;

export class PoolAgent extends Agent {
  readonly key: string;
  readonly #served = new WeakMap<Duplex, number>();
  #retiring = false;

  constructor(pool: PoolSettings) {
    const limit = pool.maxConnections >= UNLIMITED ? Infinity : pool.maxConnections;
    super({
      keepAlive: true,
      maxSockets: limit,
      maxFreeSockets: Math.min(MAX_FREE_SOCKETS, limit),
      scheduling: 'lifo',
      ...(pool.idleTimeoutMs > 0 ? { timeout: pool.idleTimeoutMs } : {}),
    });
    this.key = poolKey(pool);
    const perConnection = pool.maxRequestsPerConnection;
    this.prependListener('free', (socket: Duplex) => {
      // A socket the Agent just opened for a queued request is announced as `free` too, before it
      // has carried anything (it is still connecting): hand it over untouched.
      if (socket instanceof Socket && socket.connecting) return;
      if (this.#retiring) {
        socket.destroy();
        return;
      }
      if (perConnection === 0) return;
      const served = (this.#served.get(socket) ?? 0) + 1;
      if (served >= perConnection) socket.destroy();
      else this.#served.set(socket, served);
    });
  }

  /** Sockets open (busy or idle) and requests waiting for one. */
  get load(): { readonly sockets: number; readonly idle: number; readonly queued: number } {
    const count = (lists: NodeJS.ReadOnlyDict<readonly unknown[]>): number => {
      let n = 0;
      for (const list of Object.values(lists)) n += list?.length ?? 0;
      return n;
    };
    return { sockets: count(this.sockets), idle: count(this.freeSockets), queued: count(this.requests) };
  }

  get retiring(): boolean {
    return this.#retiring;
  }

  /** Closes idle connections now and every other one when its request ends. */
  retire(): void {
    this.#retiring = true;
    for (const list of Object.values(this.freeSockets))
      for (const socket of [...(list ?? [])]) socket.destroy();
  }

  /** True once a retired Agent has nothing open and nothing waiting. */
  get drained(): boolean {
    const { sockets, idle, queued } = this.load;
    return sockets === 0 && idle === 0 && queued === 0;
  }
}
