/**
 * The push server over real HTTP on loopback, with streams read the way a sidecar reads them:
 * changes in a burst make one push, and only proxies whose snapshot changed receive one.
 */
import { createServer, get } from 'node:http';
import type { ClientRequest, Server } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseEvents } from '../../sidecar/control-plane-source.ts';
import { ACK_PATH, DISCOVERY_PATH, snapshotEventOf } from './protocol.ts';
import type { ProxyStatus } from './protocol.ts';
import { ConfigPushServer } from './push-server.ts';

interface Stream {
  readonly revisions: string[];
  readonly req: ClientRequest;
}

const until = async (what: string, check: () => boolean): Promise<void> => {
  const deadline = Date.now() + 5_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('ConfigPushServer', () => {
  /** Each workload's current content; its revision is the content. */
  const content = new Map<string, string>();
  let push: ConfigPushServer;
  let server: Server;
  let base = '';
  const streams: Stream[] = [];

  const open = async (workload: string): Promise<Stream> => {
    const query = new URLSearchParams({
      node: `sidecar~127.0.0.1~${workload}-0.default~default.svc.cluster.local`,
      kind: 'sidecar',
      namespace: 'default',
      workload,
    });
    const revisions: string[] = [];
    const req = get(`${base}${DISCOVERY_PATH}?${query.toString()}`);
    req.on('error', () => undefined);
    req.on('response', (res) => {
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        const { events, rest } = parseEvents(buffer + chunk);
        buffer = rest;
        for (const e of events) revisions.push(JSON.parse(e.data) as string);
      });
    });
    const stream = { revisions, req };
    streams.push(stream);
    await until(`${workload} has its first snapshot`, () => revisions.length === 1);
    return stream;
  };

  const status = (): ProxyStatus[] => push.status();

  beforeEach(async () => {
    content.clear();
    push = new ConfigPushServer({
      compile: (b) => {
        const revision = content.get(b.workload) ?? 'none';
        return { revision, event: snapshotEventOf(revision, JSON.stringify(revision)) };
      },
      debounceMs: 150,
    });
    server = createServer((req, res) => {
      if (!push.handle(req, res)) {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });

  afterEach(async () => {
    for (const s of streams.splice(0)) s.req.destroy();
    push.close();
    server.closeAllConnections();
    await new Promise<void>((r) => {
      server.close(() => {
        r();
      });
    });
  });

  it('sends a burst of changes as one push, to the proxies whose snapshot changed only', async () => {
    content.set('a', 'a1');
    content.set('b', 'b1');
    const a = await open('a');
    const b = await open('b');
    for (let i = 2; i <= 5; i++) {
      content.set('a', `a${i}`);
      push.meshChanged();
      await new Promise((r) => setTimeout(r, 5));
    }
    await until('a has the last change', () => a.revisions.at(-1) === 'a5');
    await new Promise((r) => setTimeout(r, 200));
    expect(a.revisions).toEqual(['a1', 'a5']);
    expect(b.revisions).toEqual(['b1']);
    expect(status().find((s) => s.workload === 'a')).toMatchObject({ sent: 'a5', state: 'Stale' });
  });

  it('records ACKs and NACKs: Synced, then Stale with the reason', async () => {
    content.set('a', 'a1');
    await open('a');
    const node = status()[0]?.node ?? '';
    const ack = (body: object) =>
      fetch(`${base}${ACK_PATH}`, { method: 'POST', body: JSON.stringify(body) }).then((r) => r.status);
    expect(await ack({ node, revision: 'a1' })).toBe(204);
    expect(status()[0]).toMatchObject({ acked: 'a1', state: 'Synced', rejected: undefined });
    content.set('a', 'a2');
    push.meshChanged();
    await until('a2 sent', () => status()[0]?.sent === 'a2');
    expect(await ack({ node, revision: 'a2', error: 'clusters[0].name: required' })).toBe(204);
    expect(status()[0]).toMatchObject({
      acked: 'a1',
      state: 'Stale',
      rejected: { revision: 'a2', error: 'clusters[0].name: required' },
    });
    expect(await ack({ node: 'nobody', revision: 'a2' })).toBe(404);
    expect(await ack({ revision: 'a2' })).toBe(400);
  });
});
