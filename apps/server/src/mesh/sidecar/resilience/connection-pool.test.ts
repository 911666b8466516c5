import { createServer, request } from 'node:http';
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { UNLIMITED } from '@meshlens/mesh-core/routing';
import { afterEach, describe, expect, it } from 'vitest';
import { PoolAgent } from './connection-pool.ts';
import type { PoolSettings } from './connection-pool.ts';

interface Upstream {
  readonly port: number;
  /** Connections accepted so far, how many are open now / at most at once, requests at most at once. */
  readonly seen: { connections: number; open: number; maxOpen: number; maxBusy: number };
  readonly sockets: Socket[];
  close(): Promise<void>;
}

const servers: Server[] = [];
const agents: PoolAgent[] = [];

async function upstream(delayMs = 0): Promise<Upstream> {
  const seen = { connections: 0, open: 0, maxOpen: 0, maxBusy: 0 };
  const sockets: Socket[] = [];
  let busy = 0;
  const server = createServer((_req, res) => {
    seen.maxBusy = Math.max(seen.maxBusy, ++busy);
    setTimeout(() => {
      busy--;
      res.end('ok');
    }, delayMs);
  });
  server.keepAliveTimeout = 60_000;
  server.on('connection', (socket: Socket) => {
    seen.connections++;
    seen.open++;
    seen.maxOpen = Math.max(seen.maxOpen, seen.open);
    sockets.push(socket);
    socket.on('close', () => seen.open--);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  servers.push(server);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    seen,
    sockets,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => {
          r();
        });
      }),
  };
}

function pool(settings: Partial<PoolSettings>): PoolAgent {
  const agent = new PoolAgent({
    maxConnections: UNLIMITED,
    maxRequestsPerConnection: 0,
    idleTimeoutMs: 3_600_000,
    ...settings,
  });
  agents.push(agent);
  return agent;
}

function get(agent: PoolAgent, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/', agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => {
        resolve(body);
      });
    });
    req.on('error', reject);
    req.end();
  });
}

function until(check: () => boolean, ms = 2_000): Promise<void> {
  const deadline = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const poll = (): void => {
      if (check()) resolve();
      else if (Date.now() > deadline) reject(new Error('condition not met in time'));
      else setTimeout(poll, 5);
    };
    poll();
  });
}

afterEach(async () => {
  for (const a of agents.splice(0)) a.destroy();
  await Promise.all(
    servers.splice(0).map(
      (s) =>
        new Promise<void>((r) => {
          s.closeAllConnections();
          s.close(() => {
            r();
          });
        }),
    ),
  );
});

describe('connection pool agent', () => {
  it('reuses one keep-alive connection for sequential requests', async () => {
    const up = await upstream();
    const agent = pool({});
    for (let i = 0; i < 5; i++) expect(await get(agent, up.port)).toBe('ok');
    expect(up.seen.connections).toBe(1);
  });

  it('opens a new connection per request with maxRequestsPerConnection 1', async () => {
    const up = await upstream();
    const agent = pool({ maxRequestsPerConnection: 1 });
    for (let i = 0; i < 3; i++) await get(agent, up.port);
    expect(up.seen.connections).toBe(3);
  });

  it('closes a connection after maxRequestsPerConnection requests, even with requests queued for it', async () => {
    const up = await upstream(10);
    const agent = pool({ maxConnections: 1, maxRequestsPerConnection: 2 });
    await Promise.all(Array.from({ length: 6 }, () => get(agent, up.port)));
    expect(up.seen.connections).toBe(3);
    expect(up.seen.maxBusy).toBe(1);
  });

  it('never opens more than maxConnections connections to an endpoint; the rest wait', async () => {
    const up = await upstream(20);
    const agent = pool({ maxConnections: 2 });
    const bodies = await Promise.all(Array.from({ length: 8 }, () => get(agent, up.port)));
    expect(bodies.every((b) => b === 'ok')).toBe(true);
    expect(up.seen.maxOpen).toBe(2);
  });

  it('closes a connection idle for idleTimeout', async () => {
    const up = await upstream();
    const agent = pool({ idleTimeoutMs: 50 });
    await get(agent, up.port);
    expect(up.seen.open).toBe(1);
    await until(() => up.seen.open === 0);
    expect(agent.load.idle).toBe(0);
  });

  it('when retired, closes idle connections at once and busy ones after their response', async () => {
    const up = await upstream(80);
    const agent = pool({});
    await get(agent, up.port);
    const busy = get(agent, up.port);
    const other = get(agent, up.port);
    await until(() => up.seen.connections === 2 && agent.load.idle === 0);
    await get(pool({}), up.port); // a third connection from another pool stays untouched
    const idleAgent = pool({});
    await get(idleAgent, up.port);
    idleAgent.retire();
    await until(() => idleAgent.drained);
    agent.retire();
    expect(await busy).toBe('ok');
    expect(await other).toBe('ok');
    await until(() => agent.drained);
    expect(agent.retiring).toBe(true);
  });
});
