/**
 * Test support for what a client sees below node:http: raw TCP exchanges with a proxy listener
 * (bytes in, bytes out, how the connection ended), the proxy's open sockets read from /proc, its
 * counters from the admin endpoint, and its access-log lines. Every wait here is a bounded poll.
 */
import { readdirSync, readlinkSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { parseSamples } from './prometheus-text.ts';
import type { Sample } from './prometheus-text.ts';

/** How a raw connection ended: the peer closed it, reset it, or it was still open at the bound. */
export type RawEnding = 'closed' | 'reset' | 'open';

export interface RawResult {
  /** Every byte the proxy sent, as latin1 text. */
  readonly text: string;
  /** The client's port: `%DOWNSTREAM_REMOTE_ADDRESS%` in the proxy's access log is 127.0.0.1:<this>. */
  readonly localPort: number;
  readonly ending: RawEnding;
}

export interface RawOptions {
  /** Longest wait for the proxy to close the connection; past it the result says `open`. */
  readonly boundMs?: number;
}

function settleOnClose(
  socket: Socket,
  boundMs: number,
  onData: ((text: string) => void) | undefined,
): Promise<RawResult> {
  return new Promise((resolve) => {
    let text = '';
    let ending: RawEnding = 'closed';
    let localPort = 0;
    socket.setEncoding('latin1');
    socket.on('connect', () => (localPort = socket.localPort ?? 0));
    socket.on('data', (d: string) => {
      text += d;
      onData?.(text);
    });
    socket.on('error', () => {
      // ECONNRESET (or a refused connect): the result says so; nothing else to do.
      ending = 'reset';
    });
    const bound = setTimeout(() => {
      ending = 'open';
      socket.destroy();
    }, boundMs);
    socket.on('close', () => {
      clearTimeout(bound);
      resolve({ text, localPort, ending });
    });
  });
}

/**
 * Connects to 127.0.0.1:`port`, writes `chunks` in order and collects the answer until the proxy
 * closes the connection (or `boundMs` passes).
 */
export function rawExchange(
  port: number,
  chunks: readonly (string | Buffer)[],
  options: RawOptions = {},
): Promise<RawResult> {
  const socket = connect(port, '127.0.0.1');
  const done = settleOnClose(socket, options.boundMs ?? 5000, undefined);
  socket.on('connect', () => {
    for (const c of chunks) socket.write(typeof c === 'string' ? Buffer.from(c, 'latin1') : c);
  });
  return done;
}

/** A raw connection driven step by step (trickling clients, clients that vanish). */
export interface RawClient {
  readonly socket: Socket;
  /** Resolves once connected. */
  readonly connected: Promise<void>;
  /** Resolves when the connection is gone, with everything received. */
  readonly result: Promise<RawResult>;
  readonly received: () => string;
  write(chunk: string | Buffer): Promise<void>;
}

export function rawClient(port: number, options: RawOptions = {}): RawClient {
  const socket = connect(port, '127.0.0.1');
  const state = { text: '' };
  const result = settleOnClose(socket, options.boundMs ?? 30_000, (text) => (state.text = text));
  const connected = new Promise<void>((resolve) => {
    socket.once('connect', () => {
      resolve();
    });
  });
  return {
    socket,
    connected,
    result,
    received: () => state.text,
    write: (chunk) =>
      new Promise<void>((resolve, reject) => {
        socket.write(typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk, (err) => {
          if (err) reject(err);
          else resolve();
        });
      }),
  };
}

export interface RawResponse {
  /** e.g. `HTTP/1.1 400 Bad Request`. */
  readonly statusLine: string;
  readonly status: number;
  /** Header names lower-cased; a repeated header keeps its last value. */
  readonly headers: Readonly<Record<string, string>>;
  /** Everything after the head (not de-chunked). */
  readonly body: string;
}

/** Splits the first response in `text` into its status line, headers and the bytes after them. */
export function parseRawResponse(text: string): RawResponse {
  const end = text.indexOf('\r\n\r\n');
  const head = end < 0 ? text : text.slice(0, end);
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return {
    statusLine,
    status: Number(statusLine.split(' ')[1] ?? 0),
    headers,
    body: end < 0 ? '' : text.slice(end + 4),
  };
}

/** Open sockets of process `pid`: entries of /proc/<pid>/fd that link to `socket:[…]` (Linux). */
export function openSockets(pid: number): number {
  let n = 0;
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      if (readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith('socket:')) n++;
    } catch {
      // The descriptor closed between the listing and the read: it is not open.
    }
  }
  return n;
}

/** Polls `read` every `intervalMs` until `done` holds or `timeoutMs` passes; returns the last value. */
export async function pollUntil<T>(
  read: () => T | Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 5000,
  intervalMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, intervalMs));
    value = await read();
  }
  return value;
}

/** GET on an admin URL on a connection of its own that closes after it (no keep-alive socket lingers). */
export function adminGet(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false, headers: { connection: 'close' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => {
        resolve(text);
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

export async function adminSamples(adminUrl: string): Promise<Sample[]> {
  return parseSamples(await adminGet(`${adminUrl}/stats/prometheus`));
}

/** Sum of the samples named `name` whose labels include `labels`. */
export function sampleSum(
  samples: readonly Sample[],
  name: string,
  labels: Readonly<Record<string, string>> = {},
): number {
  let sum = 0;
  for (const s of samples)
    if (s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)) sum += s.value;
  return sum;
}

/**
 * `%DOWNSTREAM_REMOTE_ADDRESS%` of an Istio access-log line: the third field from the end
 * (`… %DOWNSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_REMOTE_ADDRESS% %REQUESTED_SERVER_NAME% %ROUTE_NAME%`).
 */
export function downstreamRemote(line: string): string {
  const fields = line.split(' ');
  return fields[fields.length - 3] ?? '';
}

/** Waits (bounded) for the access-log line, written after `offset`, of the client on `localPort`. */
export async function accessLogLine(
  stdout: () => string,
  offset: number,
  localPort: number,
  timeoutMs = 5000,
): Promise<string> {
  const find = (): string =>
    stdout()
      .slice(offset)
      .split('\n')
      .find((l) => downstreamRemote(l) === `127.0.0.1:${localPort}`) ?? '';
  return pollUntil(find, (line) => line !== '', timeoutMs);
}
