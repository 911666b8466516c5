/**
 * The sidecar's side of config push: one event stream to the control plane, each snapshot on it
 * offered to the holder and answered with an ACK (installed) or a NACK (refused, with the reason).
 * When the stream breaks, the proxy keeps serving its last good snapshot and reconnects with
 * exponential backoff (0.5 s doubling to 30 s, with jitter), as Envoy does with its xDS server.
 *
 * Both directions use node:http rather than fetch: a push reaches every proxy of the mesh at once,
 * and what each spends on it is taken from the same cores. ACKs go over one kept-alive connection,
 * in order; a connection the control plane closed while idle is retried once on a new one.
 */
import http from 'node:http';
import https from 'node:https';
import type { ClientRequest, IncomingMessage } from 'node:http';
import { ACK_PATH, DISCOVERY_PATH } from '../control-plane/push/protocol.ts';
import type { Bootstrap } from '../control-plane/push/protocol.ts';
import type { Logger } from './logger.ts';
import type { SnapshotHolder } from './snapshot-source.ts';

export interface ControlPlaneConnection {
  /** Resolves once a first snapshot is installed. */
  readonly firstSnapshot: Promise<void>;
  close(): void;
}

function backoff(attempt: number): number {
  const base = Math.min(30_000, 500 * 2 ** attempt);
  return base / 2 + Math.random() * (base / 2);
}

/** Splits a server-sent-event stream into `{ event, data }` records. */
export function parseEvents(buffer: string): {
  events: Array<{ event: string; data: string }>;
  rest: string;
} {
  const events: Array<{ event: string; data: string }> = [];
  let rest = buffer;
  for (let end = rest.indexOf('\n\n'); end >= 0; end = rest.indexOf('\n\n')) {
    const block = rest.slice(0, end);
    rest = rest.slice(end + 2);
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length > 0) events.push({ event, data: data.join('\n') });
  }
  return { events, rest };
}

/** Idle ACK connections close before the control plane's keep-alive timeout (Node's 5 s) does. */
const ACK_IDLE_MS = 4_000;

/** Reads a response's body as text (for the error of a refused stream). */
function bodyText(res: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => (text += chunk));
    res.on('end', () => {
      resolve(text);
    });
    res.on('error', () => {
      resolve(text);
    });
  });
}

export function connectControlPlane(
  holder: SnapshotHolder,
  base: string,
  bootstrap: Bootstrap,
  log: Logger,
): ControlPlaneConnection {
  // An object, not a let: the loop reads what close() writes from outside it.
  const state: { closed: boolean; stream: ClientRequest | undefined } = { closed: false, stream: undefined };
  const isClosed = (): boolean => state.closed;
  let resolveFirst: () => void = () => undefined;
  const firstSnapshot = new Promise<void>((r) => (resolveFirst = r));
  const query = new URLSearchParams({ ...bootstrap }).toString();
  const client = new URL(base).protocol === 'https:' ? https : http;
  const ackAgent = new client.Agent({ keepAlive: true, maxSockets: 1, timeout: ACK_IDLE_MS });

  const post = (body: string, retry: boolean): void => {
    const req = client.request(`${base}${ACK_PATH}`, {
      method: 'POST',
      agent: ackAgent,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    });
    req.on('response', (res) => res.resume());
    req.on('timeout', () => req.destroy(new Error('no answer in time')));
    req.on('error', (e: NodeJS.ErrnoException) => {
      if (retry && req.reusedSocket && (e.code === 'ECONNRESET' || e.code === 'EPIPE')) post(body, false);
      else log.debug('config', `ack not delivered: ${e.message}`);
    });
    req.end(body);
  };

  const ack = (revision: string, error?: string): void => {
    post(JSON.stringify({ node: bootstrap.node, revision, ...(error !== undefined ? { error } : {}) }), true);
  };

  const onSnapshot = (data: string): void => {
    const result = holder.offerJson(data);
    if (result.ok) {
      const revision = result.config.snapshot.revision;
      log.info('config', `snapshot revision ${revision} installed from ${base}`);
      ack(revision);
      resolveFirst();
    } else {
      const revision = result.revision ?? '';
      log.warn('config', `snapshot revision ${revision} refused: ${result.error}`);
      ack(revision, result.error);
    }
  };

  /** One stream, from connecting to its end: resolves when it ends, rejects when it fails. */
  const stream = (onOpen: () => void): Promise<void> =>
    new Promise((resolve, reject) => {
      const req = client.get(`${base}${DISCOVERY_PATH}?${query}`, { agent: false });
      state.stream = req;
      req.on('error', reject);
      req.on('response', (res) => {
        if (res.statusCode !== 200) {
          void bodyText(res).then((text) => {
            reject(new Error(`HTTP ${res.statusCode ?? 0}: ${text}`));
          });
          return;
        }
        onOpen();
        let buffer = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          const { events, rest } = parseEvents(buffer);
          buffer = rest;
          for (const e of events) if (e.event === 'snapshot') onSnapshot(e.data);
        });
        // 'error' comes first when the connection breaks; 'close' then settles nothing more.
        res.on('error', reject);
        res.on('close', () => {
          resolve();
        });
      });
    });

  const run = async (): Promise<void> => {
    for (let attempt = 0; !state.closed;) {
      try {
        await stream(() => (attempt = 0));
        if (!isClosed())
          log.warn('config', `control plane ${base} closed the stream; serving the last snapshot`);
      } catch (e) {
        if (isClosed()) return;
        log.warn(
          'config',
          `control plane ${base} unreachable (${(e as Error).message}); serving the last snapshot`,
        );
      }
      const wait = backoff(attempt++);
      await new Promise((r) => setTimeout(r, wait).unref());
    }
  };
  void run();
  return {
    firstSnapshot,
    close: () => {
      state.closed = true;
      state.stream?.destroy();
      ackAgent.destroy();
    },
  };
}
