/**
 * The control plane's side of config push: keeps one event stream per connected proxy, compiles
 * each proxy's snapshot from the current mesh, sends it when its revision changes, and records
 * ACKs and NACKs so `proxy-status` can say Synced, Stale or Not sent for every proxy.
 *
 * Changes arrive in bursts (an `apply` of many documents, a platform scaling replicas); like
 * Istio's PILOT_DEBOUNCE_AFTER, recompilation waits `debounceMs` after the last change. A proxy
 * whose compiled revision did not change is not pushed to: only the proxies a change affects are.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ProxySnapshot } from '@meshlens/mesh-core/routing';
import {
  ACK_PATH,
  ackSchema,
  bootstrapSchema,
  DISCOVERY_PATH,
  PROXY_STATUS_PATH,
  snapshotEvent,
} from './protocol.ts';
import type { Bootstrap, ProxyStatus, SyncState } from './protocol.ts';

export interface PushServerOptions {
  /** The snapshot of one proxy from the current mesh; undefined when the mesh has no such workload. */
  compile(bootstrap: Bootstrap): ProxySnapshot | undefined;
  readonly debounceMs?: number;
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

async function readBody(req: IncomingMessage, limit = 64 * 1024): Promise<string> {
  let text = '';
  for await (const chunk of req) {
    text += String(chunk);
    if (text.length > limit) throw new Error(`body over ${limit} bytes`);
  }
  return text;
}

export class ConfigPushServer {
  readonly #proxies = new Map<string, ProxyRecord>();
  #timer: NodeJS.Timeout | undefined;
  readonly #heartbeat: NodeJS.Timeout;

  constructor(private readonly options: PushServerOptions) {
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

  /** The mesh changed: recompile and push, once the burst settles. */
  meshChanged(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.pushAll();
    }, this.options.debounceMs ?? 100);
  }

  /** Recompiles every connected proxy's snapshot now and sends those whose revision changed. */
  pushAll(): void {
    for (const p of this.#proxies.values()) if (p.stream) this.#push(p);
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
    clearTimeout(this.#timer);
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

  #push(p: ProxyRecord): void {
    let snapshot: ProxySnapshot | undefined;
    try {
      snapshot = this.options.compile(p.bootstrap);
    } catch (e) {
      this.options.log?.(`cannot compile a snapshot for ${p.bootstrap.node}: ${(e as Error).message}`);
      return;
    }
    if (!snapshot || snapshot.revision === p.sent) return;
    p.stream?.write(snapshotEvent(snapshot.revision, JSON.stringify(snapshot)));
    p.sent = snapshot.revision;
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
