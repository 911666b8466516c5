/**
 * The proxy under abuse: a burst of 10,000 bad requests after which it still serves and holds no
 * more sockets than before; upstreams that reset, clients that vanish or trickle.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MeshHarness } from './testing/mesh-harness.ts';
import type { HarnessMember } from './testing/mesh-harness.ts';
import {
  accessLogLine,
  adminGet,
  adminSamples,
  openSockets,
  parseRawResponse,
  pollUntil,
  rawClient,
  rawExchange,
  sampleSum,
} from './testing/raw-http.ts';
import type { ScriptedApp } from './testing/scripted-app.ts';
import {
  PROTOCOL_ERRORS,
  RX_RESETS,
  malformed,
  normalRequest,
  reasonPhrase,
  sleep,
  startMesh,
  stopMesh,
} from './testing/robustness-mesh.ts';
import type { MalformedCase, TestMesh } from './testing/robustness-mesh.ts';

/** One request of the burst; resolves when its connection is gone. Returns what went wrong, if anything. */
type BurstClient = (port: number) => Promise<string | undefined>;

function expectAnswer(c: MalformedCase): BurstClient {
  return async (port) => {
    const r = await rawExchange(port, [c.bytes]);
    const res = parseRawResponse(r.text);
    if (res.status !== c.status || res.body !== reasonPhrase[c.status] || r.ending !== 'closed')
      return `${c.name}: ${JSON.stringify(r.text.slice(0, 60))} (${r.ending})`;
    return undefined;
  };
}

/**
 * Sends `bytes` and vanishes: closes its socket (a FIN) or resets it (an RST) without waiting for
 * anything. Whether the proxy lets go of its side shows in its socket count.
 */
function vanish(bytes: string, how: 'close' | 'reset'): BurstClient {
  return async (port) => {
    const c = rawClient(port);
    await c.connected;
    if (bytes !== '') await c.write(bytes);
    if (how === 'close') c.socket.destroy();
    else c.socket.resetAndDestroy();
    await c.result;
    return undefined;
  };
}

describe('10,000 mixed bad requests', () => {
  let t: TestMesh | undefined;
  let mesh: MeshHarness;
  beforeAll(async () => {
    t = await startMesh();
    mesh = t.mesh;
  }, 60_000);
  afterAll(async () => stopMesh(t));

  it('leaves the proxy alive, serving, counting and logging each error, with its sockets back to baseline', async () => {
    const client = mesh.member('client-v1');
    const web = mesh.member('web-v1');
    const port = client.outboundPort;
    const pids = [client.sidecar.pid, web.sidecar.pid];

    // Warm up: the upstream pool holds its connection; then the baseline, once it stops moving.
    for (let i = 0; i < 5; i++) expect((await normalRequest(port)).status).toBe(200);
    const before = await adminSamples(client.sidecar.adminUrl);
    const counts = (): number[] => pids.map(openSockets);
    let baseline = counts();
    for (let stable = 0; stable < 3;) {
      await sleep(100);
      const now = counts();
      stable = now.every((n, i) => n === baseline[i]) ? stable + 1 : 0;
      baseline = now;
    }
    const offset = client.sidecar.stdout().length;

    const midHeaders = 'GET /half HTTP/1.1\r\nhost: web:90';
    const midBody = 'POST /part HTTP/1.1\r\nhost: web:9080\r\ncontent-length: 100\r\n\r\nabc';
    const kinds: BurstClient[] = [
      ...malformed.map(expectAnswer),
      vanish(midHeaders, 'close'),
      vanish(midHeaders, 'reset'),
      vanish(midBody, 'close'),
      vanish(midBody, 'reset'),
      vanish('', 'close'),
    ];
    const total = 10_000;
    const concurrency = 50;
    let next = 0;
    let malformedSent = 0;
    const problems: string[] = [];
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < total) {
          const i = next++;
          const kind = i % kinds.length;
          if (kind < malformed.length) malformedSent++;
          const problem = await (kinds[kind] as BurstClient)(port);
          if (problem !== undefined) problems.push(problem);
        }
      }),
    );
    expect(problems.slice(0, 5)).toEqual([]);

    // Still alive and serving, through both sidecars to the app.
    expect(client.sidecar.child.exitCode).toBeNull();
    expect(await adminGet(`${client.sidecar.adminUrl}/ready`)).toBe('LIVE\n');
    for (let i = 0; i < 20; i++) {
      const r = await normalRequest(port, `/after/${i}`);
      expect(r.status).toBe(200);
      expect(r.body).toBe(`GET /after/${i} `);
    }

    // Every malformed request counted once, and logged once with DPE.
    const after = await adminSamples(client.sidecar.adminUrl);
    expect(sampleSum(after, PROTOCOL_ERRORS) - sampleSum(before, PROTOCOL_ERRORS)).toBe(malformedSent);
    const dpeLines = (): number =>
      client.sidecar
        .stdout()
        .slice(offset)
        .split('\n')
        .filter((l) => / DPE http1\./.test(l)).length;
    expect(await pollUntil(dpeLines, (n) => n >= malformedSent)).toBe(malformedSent);

    // No socket leaked, in the sidecar that took the abuse or in the one behind it.
    const settled = await pollUntil(
      counts,
      (now) => now.every((n, i) => n <= (baseline[i] ?? 0)),
      10_000,
      100,
    );
    expect(settled[0]).toBeLessThanOrEqual(baseline[0] ?? 0);
    expect(settled[1]).toBeLessThanOrEqual(baseline[1] ?? 0);
    expect(web.sidecar.child.exitCode).toBeNull();
  }, 90_000);
});

describe('upstream resets, vanishing and slow clients', () => {
  let t: TestMesh | undefined;
  let mesh: MeshHarness;
  let app: ScriptedApp;
  beforeAll(async () => {
    t = await startMesh();
    ({ mesh, app } = t);
  }, 60_000);
  afterAll(async () => stopMesh(t));

  const outboundPort = (): number => mesh.member('client-v1').outboundPort;
  const sidecars = (): { out: HarnessMember['sidecar']; in: HarnessMember['sidecar'] } => ({
    out: mesh.member('client-v1').sidecar,
    in: mesh.member('web-v1').sidecar,
  });
  /** The (bounded-wait) access-log line of the inbound sidecar for `request` written after `offset`. */
  const inboundLine = (offset: number, request: string): Promise<string> =>
    pollUntil(
      () =>
        sidecars()
          .in.stdout()
          .slice(offset)
          .split('\n')
          .find((l) => l.includes(`"${request} HTTP/1.1"`)) ?? '',
      (l) => l !== '',
    );

  it('passes the headers, then resets the client stream, when the app resets in mid-body (UC)', async () => {
    const offsets = { out: sidecars().out.stdout().length, in: sidecars().in.stdout().length };
    const r = await rawExchange(outboundPort(), ['GET /reset-mid-body HTTP/1.1\r\nhost: web:9080\r\n\r\n']);
    // No hang: the connection ends with the response incomplete.
    expect(r.ending).not.toBe('open');
    const res = parseRawResponse(r.text);
    expect(res.status).toBe(200);
    expect(res.headers['content-length']).toBe('1000');
    expect(res.body).toBe('x'.repeat(100));

    const details = 'upstream_reset_after_response_started{connection_termination}';
    const out = await accessLogLine(() => sidecars().out.stdout(), offsets.out, r.localPort);
    expect(out).toContain(`"GET /reset-mid-body HTTP/1.1" 200 UC ${details} `);
    expect(await inboundLine(offsets.in, 'GET /reset-mid-body')).toContain(` 200 UC ${details} `);
  });

  it("answers 503 with Envoy's reset body when the app resets before its headers (UC)", async () => {
    const offsets = { out: sidecars().out.stdout().length, in: sidecars().in.stdout().length };
    const r = await rawExchange(outboundPort(), [
      'GET /reset-before-headers HTTP/1.1\r\nhost: web:9080\r\nconnection: close\r\n\r\n',
    ]);
    expect(r.ending).toBe('closed');
    const res = parseRawResponse(r.text);
    expect(res.statusLine).toBe('HTTP/1.1 503 Service Unavailable');
    expect(res.body).toBe(
      'upstream connect error or disconnect/reset before headers. reset reason: connection termination',
    );
    // The sidecar beside the app saw the reset; the client's sidecar forwarded its 503.
    expect(await inboundLine(offsets.in, 'GET /reset-before-headers')).toContain(
      ' 503 UC upstream_reset_before_response_started{connection_termination} ',
    );
    const out = await accessLogLine(() => sidecars().out.stdout(), offsets.out, r.localPort);
    expect(out).toContain('"GET /reset-before-headers HTTP/1.1" 503 ');
  });

  it('logs 0 DC and aborts the upstream request when the client leaves before the app answers', async () => {
    const offsets = { out: sidecars().out.stdout().length, in: sidecars().in.stdout().length };
    const c = rawClient(outboundPort());
    await c.connected;
    const localPort = c.socket.localPort ?? 0;
    await c.write('GET /slow HTTP/1.1\r\nhost: web:9080\r\n\r\n');
    expect(await pollUntil(() => app.received.includes('/slow'), Boolean)).toBe(true);
    c.socket.destroy();
    await c.result;

    // The proxy reset the upstream stream: the app sees its request closed, unanswered.
    expect(await pollUntil(() => app.abandoned.includes('/slow'), Boolean)).toBe(true);
    const out = await accessLogLine(() => sidecars().out.stdout(), offsets.out, localPort);
    expect(out).toContain('"GET /slow HTTP/1.1" 0 DC downstream_remote_disconnect ');
    expect(await inboundLine(offsets.in, 'GET /slow')).toContain(' 0 DC downstream_remote_disconnect ');
  });

  it('sends no reply and counts no protocol error when the client closes mid-request', async () => {
    const out = sidecars().out;
    const before = await adminSamples(out.adminUrl);
    const offset = out.stdout().length;

    const midHeaders = rawClient(outboundPort());
    await midHeaders.write('GET /never-finished HTTP/1.1\r\nhost: web:90');
    midHeaders.socket.end();
    const headersResult = await midHeaders.result;
    expect(headersResult.text).toBe('');
    expect(headersResult.ending).toBe('closed');

    const midBody = rawClient(outboundPort());
    await midBody.write('POST /upload HTTP/1.1\r\nhost: web:9080\r\ncontent-length: 100\r\n\r\nfirst ten.');
    expect(await pollUntil(() => app.received.includes('/upload'), Boolean)).toBe(true);
    midBody.socket.end();
    const bodyResult = await midBody.result;
    expect(bodyResult.text).toBe('');

    // The forwarded request ends as a downstream disconnect, upstream aborted.
    expect(await pollUntil(() => app.abandoned.includes('/upload'), Boolean)).toBe(true);
    const line = await accessLogLine(() => out.stdout(), offset, bodyResult.localPort);
    expect(line).toContain('"POST /upload HTTP/1.1" 0 DC downstream_remote_disconnect ');
    const after = await adminSamples(out.adminUrl);
    expect(sampleSum(after, PROTOCOL_ERRORS)).toBe(sampleSum(before, PROTOCOL_ERRORS));
    expect(sampleSum(after, RX_RESETS)).toBe(sampleSum(before, RX_RESETS) + 2);
    expect(out.stdout().slice(offset)).not.toContain(' DPE ');
  });

  it('completes a request whose body the client trickles', async () => {
    const c = rawClient(outboundPort());
    const pieces = Array.from({ length: 20 }, (_, i) => `piece-${String(i).padStart(2, '0')};`);
    const body = pieces.join('');
    await c.write(
      `POST /trickle HTTP/1.1\r\nhost: web:9080\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n`,
    );
    for (const piece of pieces) {
      await c.write(piece);
      await sleep(20);
    }
    const r = await c.result;
    expect(r.ending).toBe('closed');
    const res = parseRawResponse(r.text);
    expect(res.status).toBe(200);
    expect(res.body).toBe(`POST /trickle ${body}`);
  });

  it('serves other clients while one sends its headers a byte at a time', async () => {
    const slow = rawClient(outboundPort());
    const head = 'GET /slow-headers HTTP/1.1\r\nhost: web:9080\r\nx-slow: yes\r\nconnection: close\r\n';
    const trickle = (async () => {
      for (const ch of head) {
        await slow.write(ch);
        await sleep(5);
      }
    })();
    const others = await Promise.all(
      Array.from({ length: 20 }, (_, i) => normalRequest(outboundPort(), `/other/${i}`)),
    );
    await trickle;
    expect(others.map((r) => r.status)).toEqual(others.map(() => 200));
    // All of them were served while the slow client's head was still incomplete.
    expect(slow.received()).toBe('');
    expect(app.received).not.toContain('/slow-headers');

    await slow.write('\r\n');
    const r = await slow.result;
    expect(parseRawResponse(r.text).status).toBe(200);
    expect(parseRawResponse(r.text).body).toBe('GET /slow-headers ');
  });
});
