/**
 * Starts the embedded trace store: the OTLP/HTTP receiver and Jaeger's query API on two
 * listeners, by default on Jaeger's own ports (4318 and 16686), so that sidecars and the console
 * can be pointed at a real Jaeger instead by changing nothing but a URL.
 */
import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { adjustedTraceJson, createJaegerQueryRouter } from './jaeger-api.ts';
import { parseTraceId } from './jaeger-model.ts';
import { createOtlpReceiverRouter } from './otlp-receiver.ts';
import type { RetentionOptions } from './retention.ts';
import { TraceStore } from './store.ts';

export interface TraceStoreServerOptions {
  /** The SQLite file (created if missing) or `:memory:`. */
  readonly dbPath: string;
  /** Default 4318, OTLP/HTTP's port; 0 picks a free one. */
  readonly otlpPort?: number;
  /** Default 16686, Jaeger's query port; 0 picks a free one. */
  readonly queryPort?: number;
  /** Default 127.0.0.1; `0.0.0.0` to accept sidecars on other hosts. */
  readonly host?: string;
  readonly retention?: Partial<RetentionOptions>;
  /** Largest OTLP body accepted, decompressed; default 20 MiB. */
  readonly maxBodyBytes?: number;
  /** The clock for retention and default query windows; defaults to `Date.now`. */
  readonly nowMs?: () => number;
}

export interface RunningTraceStore {
  /** The OTLP/HTTP base URL; exporters post to `${otlpUrl}/v1/traces`. */
  readonly otlpUrl: string;
  /** The Jaeger query base URL, e.g. `http://127.0.0.1:16686` (the API is under `/api`). */
  readonly queryUrl: string;
  readonly store: TraceStore;
  /**
   * One trace's Jaeger UI JSON exactly as `GET /api/traces/{traceID}` answers it in `data[0]`
   * (adjusted); undefined when the store has none. `traceId` is 1 to 32 hexadecimal digits, any
   * case. For a console in the same process: no HTTP hop, no re-parsing of its own output.
   */
  traceJson(traceId: string): string | undefined;
  /** Stops both listeners and closes the database. */
  close(): Promise<void>;
}

async function listen(app: express.Express, port: number, host: string): Promise<Server> {
  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}

async function stop(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve, reject) => {
    server.close((error) => {
      if (error) reject(error);
      else resolve();
    });
  });
}

function urlOf(server: Server): string {
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${port}`;
}

export async function startTraceStore(options: TraceStoreServerOptions): Promise<RunningTraceStore> {
  const host = options.host ?? '127.0.0.1';
  const store = new TraceStore({ path: options.dbPath, retention: options.retention, nowMs: options.nowMs });
  const otlpApp = express();
  otlpApp.disable('x-powered-by');
  otlpApp.use(createOtlpReceiverRouter({ store, maxBodyBytes: options.maxBodyBytes }));
  const queryApp = express();
  queryApp.disable('x-powered-by');
  queryApp.use(createJaegerQueryRouter({ store, nowMs: options.nowMs }));

  const servers: Server[] = [];
  try {
    servers.push(await listen(otlpApp, options.otlpPort ?? 4318, host));
    servers.push(await listen(queryApp, options.queryPort ?? 16686, host));
  } catch (error) {
    await Promise.all(servers.map(stop));
    store.close();
    throw error;
  }
  const [otlpServer, queryServer] = servers as [Server, Server];
  return {
    otlpUrl: urlOf(otlpServer),
    queryUrl: urlOf(queryServer),
    store,
    traceJson(traceId) {
      const parsed = parseTraceId(traceId);
      if ('error' in parsed) throw new Error(`not a trace id: ${traceId} (${parsed.error})`);
      return adjustedTraceJson(store, parsed.id, { maxClockSkewAdjustUs: 0 });
    },
    async close() {
      await Promise.all([stop(otlpServer), stop(queryServer)]);
      store.close();
    },
  };
}
