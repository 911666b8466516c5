/**
 * The control plane's side of config push: keeps one event stream per connected proxy, compiles
 * each proxy's snapshot from the current mesh, sends it when its revision changes, and records
 * ACKs and NACKs so `proxy-status` can say Synced, Stale or Not sent for every proxy.
 *
 * Changes arrive in bursts (an `apply` of many documents, a platform scaling replicas); as Istio
 * debounces them (`debounce.ts`), recompilation waits `debounceMs` after the last change, and no
 * more than `debounceMaxMs` after the first. A proxy whose compiled revision did not change is not
 * pushed to: only the proxies a change affects are.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Debouncer } from './debounce.ts';
import { ACK_PATH, ackSchema, bootstrapSchema, DISCOVERY_PATH, PROXY_STATUS_PATH } from './protocol.ts';
import type { Bootstrap, ProxyStatus, SyncState } from './protocol.ts';
import type { WireSnapshot } from './snapshot-wire.ts';

export interface PushServerOptions {
  /** The snapshot of one proxy from the current mesh; undefined when the mesh has no such workload. */
  compile(bootstrap: Bootstrap): WireSnapshot | undefined;
  /** Quiet time before a push (Istio's PILOT_DEBOUNCE_AFTER): 100 ms. */
  readonly debounceMs?: number;
  /** Longest a burst of changes delays its push (Istio's PILOT_DEBOUNCE_MAX): 10 s. */
  readonly debounceMaxMs?: number;
  readonly heartbeatMs?: number;
  readonly log?: (line: string) => void;
}

interface ProxyRecord {
  bootstrap: Bootstrap;
  stream: ServerResponse | undefined;
  sent: string | undefined;
  acked: string | undefined;
  rejected: { revision: string; error: string } | undefined;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** The request's body as text; events rather than an async iterator, as every proxy ACKs each push. */
function readBody(req: IncomingMessage, limit = 64 * 1024): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    const onData = (chunk: string): void => {
      text += chunk;
      if (text.length <= limit) return;
      reject(new Error(`body over ${limit} bytes`));
      req.off('data', onData); // the rest is read and dropped, so the answer can still be written
    };
    req.on('data', onData);
    req.on('end', () => {
      resolve(text);
    });
    req.on('error', reject);
  });
}

export class ConfigPushServer {
  readonly #proxies = new Map<string, ProxyRecord>();
  readonly #debounce: Debouncer;
  readonly #heartbeat: NodeJS.Timeout;

  constructor(private readonly options: PushServerOptions) {
    this.#debounce = new Debouncer({
      afterMs: options.debounceMs ?? 100,
      maxMs: options.debounceMaxMs ?? 10_000,
      run: () => {
        this.pushAll();
      },
    });
    this.#heartbeat = setInterval(() => {
      for (const p of this.#proxies.values()) p.stream?.write(': keep-alive\n\n');
    }, options.heartbeatMs ?? 15_000);
    this.#heartbeat.unref();
  }

  /** Serves the protocol's paths; returns false for any other request. */
  handle(req: IncomingMessage, res: ServerResponse): boolean {
    const url = new URL(req.url ?? '/', 'http://control-plane');
    if (url.pathname === DISCOVERY_PATH && req.method === 'GET') this.#open(url, req, res);
    else if (url.pathname === ACK_PATH && req.method === 'POST') void this.#ack(req, res);
    else if (url.pathname === PROXY_STATUS_PATH && req.method === 'GET') sendJson(res, 200, this.status());
    else return false;
    return true;
  }

  /**
   * The mesh changed: recompile and push, once the burst settles. The first change of a burst also
   * compiles every connected proxy's snapshot at once, without sending anything: the compiler keeps
   * what it built, so the push after the quiet period only redoes what changed meanwhile, and the
   * proxies get their snapshots that much sooner.
   */
  meshChanged(): void {
    const first = !this.#debounce.pending;
    this.#debounce.trigger();
    if (first)
      setImmediate(() => {
        this.#prepare();
      });
  }

  /** Recompiles every connected proxy's snapshot now and sends those whose revision changed. */
  pushAll(): void {
    const started = performance.now();
    let connected = 0;
    let sent = 0;
    for (const p of this.#proxies.values()) {
      if (!p.stream) continue;
      connected++;
      if (this.#push(p)) sent++;
    }
    // As pilot logs each push: how many proxies it reached and what compiling and writing took.
    this.options.log?.(
      `push: ${sent} of ${connected} connected proxies sent a new snapshot (${(performance.now() - started).toFixed(1)} ms)`,
    );
  }

  #prepare(): void {
    for (const p of this.#proxies.values()) {
      if (!p.stream) continue;
      try {
        this.options.compile(p.bootstrap);
      } catch {
        // The push itself reports it.
      }
    }
  }

  status(): ProxyStatus[] {
    return [...this.#proxies.entries()].map(([node, p]) => {
      let state: SyncState;
      if (p.sent === undefined) state = 'Not sent';
      else state = p.acked === p.sent ? 'Synced' : 'Stale';
      return {
        node,
        kind: p.bootstrap.kind,
        namespace: p.bootstrap.namespace,
        workload: p.bootstrap.workload,
        connected: p.stream !== undefined,
        sent: p.sent,
        acked: p.acked,
        state,
        rejected: p.rejected,
      };
    });
  }

  close(): void {
    this.#debounce.cancel();
    clearInterval(this.#heartbeat);
    for (const p of this.#proxies.values()) p.stream?.destroy();
  }

  #open(url: URL, req: IncomingMessage, res: ServerResponse): void {
    const parsed = bootstrapSchema.safeParse(Object.fromEntries(url.searchParams));
    if (!parsed.success) {
      const fields = parsed.error.issues.map((i) => i.path.join('.')).join(', ');
      sendJson(res, 400, { error: `bad bootstrap: parameter(s) ${fields} missing or invalid` });
      return;
    }
    const bootstrap = parsed.data;
    const record = this.#proxies.get(bootstrap.node) ?? {
      bootstrap,
      stream: undefined,
      sent: undefined,
      acked: undefined,
      rejected: undefined,
    };
    record.bootstrap = bootstrap;
    record.stream?.destroy();
    record.stream = res;
    // A reconnecting proxy gets its snapshot again: what it holds may predate the control plane's restart.
    record.sent = undefined;
    this.#proxies.set(bootstrap.node, record);
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    res.write(': connected\n\n');
    req.on('close', () => {
      if (record.stream === res) record.stream = undefined;
    });
    this.#push(record);
  }

  /** Sends the proxy its snapshot if its revision changed; whether it did. */
  #push(p: ProxyRecord): boolean {
    let snapshot: WireSnapshot | undefined;
    try {
      snapshot = this.options.compile(p.bootstrap);
    } catch (e) {
      this.options.log?.(`cannot compile a snapshot for ${p.bootstrap.node}: ${(e as Error).message}`);
      return false;
    }
    if (!snapshot || snapshot.revision === p.sent) return false;
    p.stream?.write(snapshot.event);
    p.sent = snapshot.revision;
    return true;
  }

  async #ack(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req));
    } catch (e) {
      sendJson(res, 400, { error: `ack body is not JSON: ${(e as Error).message}` });
      return;
    }
    const parsed = ackSchema.safeParse(body);
    if (!parsed.success) {
      sendJson(res, 400, {
        error: `bad ack: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`,
      });
      return;
    }
    const record = this.#proxies.get(parsed.data.node);
    if (!record) {
      sendJson(res, 404, { error: `unknown proxy ${parsed.data.node}` });
      return;
    }
    if (parsed.data.error === undefined) {
      record.acked = parsed.data.revision;
      record.rejected = undefined;
    } else {
      record.rejected = { revision: parsed.data.revision, error: parsed.data.error };
      this.options.log?.(
        `${parsed.data.node} refused revision ${parsed.data.revision}: ${parsed.data.error}`,
      );
    }
    res.writeHead(204);
    res.end();
  }
}
