/**
 * The sidecar's side of config push: one event stream to the control plane, each snapshot on it
 * offered to the holder and answered with an ACK (installed) or a NACK (refused, with the reason).
 * When the stream breaks, the proxy keeps serving its last good snapshot and reconnects with
 * exponential backoff (0.5 s doubling to 30 s, with jitter), as Envoy does with its xDS server.
 */
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

export function connectControlPlane(
  holder: SnapshotHolder,
  base: string,
  bootstrap: Bootstrap,
  log: Logger,
): ControlPlaneConnection {
  // An object, not a let: the loop reads what close() writes from outside it.
  const state = { closed: false };
  const isClosed = (): boolean => state.closed;
  let controller: AbortController | undefined;
  let resolveFirst: () => void = () => undefined;
  const firstSnapshot = new Promise<void>((r) => (resolveFirst = r));
  const query = new URLSearchParams({ ...bootstrap }).toString();

  const ack = (revision: string, error?: string): void => {
    const body = JSON.stringify({
      node: bootstrap.node,
      revision,
      ...(error !== undefined ? { error } : {}),
    });
    fetch(`${base}${ACK_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    }).catch((e: unknown) => {
      log.debug('config', `ack not delivered: ${(e as Error).message}`);
    });
  };

  const onSnapshot = (data: string): void => {
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch (e) {
      ack('', `snapshot is not JSON: ${(e as Error).message}`);
      return;
    }
    const revision =
      typeof json === 'object' && json !== null && 'revision' in json ? String(json.revision) : '';
    const result = holder.offer(json);
    if (result.ok) {
      log.info('config', `snapshot revision ${revision} installed from ${base}`);
      ack(revision);
      resolveFirst();
    } else {
      log.warn('config', `snapshot revision ${revision} refused: ${result.error}`);
      ack(revision, result.error);
    }
  };

  const run = async (): Promise<void> => {
    for (let attempt = 0; !state.closed;) {
      controller = new AbortController();
      try {
        const res = await fetch(`${base}${DISCOVERY_PATH}?${query}`, { signal: controller.signal });
        if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
        attempt = 0;
        const decoder = new TextDecoder();
        let buffer = '';
        for await (const chunk of res.body) {
          buffer += decoder.decode(chunk as Uint8Array, { stream: true });
          const { events, rest } = parseEvents(buffer);
          buffer = rest;
          for (const e of events) if (e.event === 'snapshot') onSnapshot(e.data);
        }
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
      controller?.abort();
    },
  };
}
