/**
 * An app whose behaviour a test scripts: it takes over the port of a harness workload's test app
 * (where that workload's inbound cluster points), so tests can make the upstream reset, stall or
 * read slowly, and see which of its requests were abandoned by the proxy.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerOptions, ServerResponse } from 'node:http';
import type { HarnessMember } from './mesh-harness.ts';

export interface ScriptedApp {
  readonly port: number;
  readonly server: Server;
  /** Paths of the requests received, in order. */
  readonly received: string[];
  /** Paths of the requests whose connection closed before the app finished answering. */
  readonly abandoned: string[];
  close(): Promise<void>;
}

export type ScriptedHandler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Stops `member`'s test app and serves `handler` on the same port, with node:http `options`
 * (e.g. a `maxHeaderSize` as large as the proxy's, for requests the proxy must pass on).
 */
export async function takeOverApp(
  member: HarnessMember,
  handler: ScriptedHandler,
  options: ServerOptions = {},
): Promise<ScriptedApp> {
  const app = member.app;
  if (!app) throw new Error(`${member.key} has no app to take over`);
  await app.close();
  const received: string[] = [];
  const abandoned: string[] = [];
  const server = createServer(options, (req, res) => {
    const path = req.url ?? '/';
    received.push(path);
    res.on('close', () => {
      if (!res.writableFinished) abandoned.push(path);
    });
    handler(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(app.port, '127.0.0.1', () => {
      resolve();
    });
  });
  return {
    port: app.port,
    server,
    received,
    abandoned,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => {
          done();
        });
        server.closeAllConnections();
      }),
  };
}
