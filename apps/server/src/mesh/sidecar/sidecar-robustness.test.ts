/**
 * The proxy under abuse, as clients on raw sockets see it: malformed requests answered the way
 * Envoy's HTTP/1 codec answers them (status line, reason-phrase body, connection closed), logged
 * with DPE and counted; upstreams that reset, clients that vanish or trickle; and a burst of
 * 10,000 bad requests after which the proxy still serves and holds no more sockets than before.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpRequest, MeshHarness } from './testing/mesh-harness.ts';
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
import { takeOverApp } from './testing/scripted-app.ts';
import type { ScriptedApp } from './testing/scripted-app.ts';
import { deployment, service } from './testing/yaml.ts';
import { PROXY_COUNTER_NAMES } from './telemetry/metrics.ts';
import type { ProtocolErrorKind } from './telemetry/metrics.ts';

const PROTOCOL_ERRORS = PROXY_COUNTER_NAMES.protocolError;
const RX_RESETS = PROXY_COUNTER_NAMES.downstreamReset;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const twoServices = [
  service('client') + deployment('client-v1', 'client', 'v1'),
  service('web') + deployment('web-v1', 'web', 'v1'),
];
const workloads = [{ workload: 'client-v1' }, { workload: 'web-v1' }];

interface MalformedCase {
  readonly name: string;
  readonly bytes: string;
  readonly status: 400 | 431;
  /** Envoy's `%RESPONSE_CODE_DETAILS%` for this codec error. */
  readonly details: string;
  readonly kind: ProtocolErrorKind;
}

const reasonPhrase = { 400: 'Bad Request', 431: 'Request Header Fields Too Large' } as const;

/** Each kind of request Envoy's HTTP/1 codec refuses (addressed to `web:9080`). */
const malformed: readonly MalformedCase[] = [
  {
    name: 'a request line that is not HTTP',
    bytes: 'GARBAGE\r\n\r\n',
    status: 400,
    details: 'http1.codec_error',
    kind: 'bad_request',
  },
  {
    name: 'an HTTP version that does not exist',
    bytes: 'GET / HTTP/9.x\r\nhost: web:9080\r\n\r\n',
    status: 400,
    details: 'http1.codec_error',
    kind: 'bad_request',
  },
  {
    name: 'headers over 60 KiB',
    bytes: `GET / HTTP/1.1\r\nhost: web:9080\r\nx-big: ${'a'.repeat(61 * 1024)}\r\n\r\n`,
    status: 431,
    details: 'http1.headers_too_large',
    kind: 'header_too_large',
  },
  {
    name: 'a control character in a header name',
    bytes: 'GET / HTTP/1.1\r\nhost: web:9080\r\nx-b\u0001d: 1\r\n\r\n',
    status: 400,
    details: 'http1.invalid_characters',
    kind: 'invalid_header',
  },
  {
    name: 'a NUL in a header value',
    bytes: 'GET / HTTP/1.1\r\nhost: web:9080\r\nx-bad: a\u0000b\r\n\r\n',
    status: 400,
    details: 'http1.invalid_characters',
    kind: 'invalid_header',
  },
  {
    name: 'Content-Length, then Transfer-Encoding',
    bytes:
      'POST / HTTP/1.1\r\nhost: web:9080\r\ncontent-length: 5\r\ntransfer-encoding: chunked\r\n\r\n0\r\n\r\n',
    status: 400,
    details: 'http1.content_length_and_chunked_not_allowed',
    kind: 'cl_and_te',
  },
  {
    name: 'Transfer-Encoding, then Content-Length',
    bytes:
      'POST / HTTP/1.1\r\nhost: web:9080\r\ntransfer-encoding: chunked\r\ncontent-length: 5\r\n\r\n0\r\n\r\n',
    status: 400,
    details: 'http1.content_length_and_chunked_not_allowed',
    kind: 'cl_and_te',
  },
];

/** A normal request through `port` on a connection of its own (no keep-alive socket lingers). */
function normalRequest(port: number, path = '/'): ReturnType<typeof httpRequest> {
  return httpRequest(port, path, { host: 'web:9080', connection: 'close' });
}

/**
 * web-v1's app: resets, stalls, or answers `<method> <path> <body>` once it has read the body. It
 * accepts headers as large as the proxy does, so what the proxy passes on reaches it.
 */
function webApp(req: IncomingMessage, res: ServerResponse): void {
  switch (req.url ?? '/') {
    case '/reset-before-headers':
      req.socket.destroy();
      return;
    case '/reset-mid-body':
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '1000' });
      res.write('x'.repeat(100), () => req.socket.destroy());
      return;
    case '/slow':
      // Never answers: the client gives up first.
      return;
    case '/early':
      // Answers before it has read the request body, and finishes once it has.
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '10' });
      res.write('early');
      req.resume();
      req.on('end', () => res.end('-done'));
      return;
    default: {
      let body = '';
      req.setEncoding('latin1');
      req.on('data', (d: string) => (body += d));
      req.on('end', () => {
        const text = `${req.method ?? ''} ${req.url ?? ''} ${body}`;
        res.writeHead(200, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(text) });
        res.end(text);
      });
    }
  }
}

interface TestMesh {
  readonly mesh: MeshHarness;
  readonly app: ScriptedApp;
}

async function startMesh(): Promise<TestMesh> {
  const mesh = await MeshHarness.start(twoServices, workloads);
  try {
    const app = await takeOverApp(mesh.member('web-v1'), webApp, { maxHeaderSize: 64 * 1024 });
    return { mesh, app };
  } catch (e) {
    await mesh.stop();
    throw e;
  }
}

/** Stops everything; whatever the tests did, no proxy may have exited on its own before that. */
async function stopMesh(t: TestMesh | undefined): Promise<void> {
  const exited = [...(t?.mesh.members.values() ?? [])]
    .filter((m) => m.sidecar.child.exitCode !== null || m.sidecar.child.signalCode !== null)
    .map((m) => `${m.key}: ${m.sidecar.stderr()}`);
  await t?.app.close();
  await t?.mesh.stop();
  expect(exited).toEqual([]);
}

describe('malformed requests through real sidecars', () => {
  let t: TestMesh | undefined;
  let mesh: MeshHarness;
  let app: ScriptedApp;
  beforeAll(async () => {
    t = await startMesh();
    ({ mesh, app } = t);
  }, 60_000);
  afterAll(async () => stopMesh(t));

  const listeners = [
    {
      listener: 'outbound',
      member: () => mesh.member('client-v1'),
      port: (m: HarnessMember) => m.outboundPort,
    },
    { listener: 'inbound', member: () => mesh.member('web-v1'), port: (m: HarnessMember) => m.inboundPort },
  ];

  describe.each(listeners)('on the $listener listener', ({ member, port }) => {
    it.each(malformed)(
      'answers $name with $status and the reason phrase, closes, logs DPE and counts it',
      async (c) => {
        const m = member();
        const before = await adminSamples(m.sidecar.adminUrl);
        const offset = m.sidecar.stdout().length;

        const r = await rawExchange(port(m), [c.bytes]);

        expect(r.ending).toBe('closed');
        const res = parseRawResponse(r.text);
        const phrase = reasonPhrase[c.status];
        expect(res.statusLine).toBe(`HTTP/1.1 ${c.status} ${phrase}`);
        expect(res.body).toBe(phrase);
        expect(res.headers['content-length']).toBe(String(phrase.length));
        expect(res.headers['content-type']).toBe('text/plain');
        expect(res.headers.connection).toBe('close');

        // Istio's access-log line for a codec error: no method or path, the codec's protocol.
        const line = await accessLogLine(() => m.sidecar.stdout(), offset, r.localPort);
        expect(line).toContain(`"- - HTTP/1.1" ${c.status} DPE ${c.details} `);

        const after = await adminSamples(m.sidecar.adminUrl);
        expect(sampleSum(after, PROTOCOL_ERRORS, { kind: c.kind })).toBe(
          sampleSum(before, PROTOCOL_ERRORS, { kind: c.kind }) + 1,
        );
        // Summed over kinds, the counter is Envoy's `downstream_cx_protocol_error`.
        expect(sampleSum(after, PROTOCOL_ERRORS)).toBe(sampleSum(before, PROTOCOL_ERRORS) + 1);
      },
    );
  });

  it('serves a request whose headers are large but within 60 KiB', async () => {
    const r = await httpRequest(mesh.member('client-v1').outboundPort, '/', {
      host: 'web:9080',
      connection: 'close',
      'x-big': 'a'.repeat(50 * 1024),
    });
    expect(r.status).toBe(200);
    expect(r.body).toBe('GET / ');
  });

  it('answers HTTP/1.0 with 426 Upgrade Required, as Istio-configured Envoy does, without forwarding it', async () => {
    const seenBefore = app.received.length;
    const r = await rawExchange(mesh.member('client-v1').outboundPort, [
      'GET /legacy HTTP/1.0\r\nHost: web:9080\r\n\r\n',
    ]);
    expect(r.text).toMatch(/^HTTP\/1\.1 426 Upgrade Required\r\n/);
    expect(r.text.endsWith('\r\n\r\nUpgrade Required')).toBe(true);
    expect(app.received.length).toBe(seenBefore);
  });

  it('refuses Content-Length with Transfer-Encoding without forwarding it or a request smuggled behind it', async () => {
    const seenBefore = app.received.length;
    const r = await rawExchange(mesh.member('client-v1').outboundPort, [
      'POST /cl-te HTTP/1.1\r\nhost: web:9080\r\ntransfer-encoding: chunked\r\ncontent-length: 4\r\n\r\n' +
        '0\r\n\r\nGET /smuggled HTTP/1.1\r\nhost: web:9080\r\n\r\n',
    ]);
    expect(parseRawResponse(r.text).statusLine).toBe('HTTP/1.1 400 Bad Request');
    expect(r.ending).toBe('closed');
    // One answer only: nothing after the 400 on this connection.
    expect(r.text.match(/HTTP\/1\.1 /g)).toHaveLength(1);
    const paths = app.received.slice(seenBefore);
    expect(paths).not.toContain('/cl-te');
    expect(paths).not.toContain('/smuggled');
  });
});

describe('a malformed request body after the response began', () => {
  let t: TestMesh | undefined;
  let mesh: MeshHarness;
  beforeAll(async () => {
    t = await startMesh();
    mesh = t.mesh;
  }, 60_000);
  afterAll(async () => stopMesh(t));

  const chunkedHead =
    'POST /early HTTP/1.1\r\nhost: web:9080\r\ntransfer-encoding: chunked\r\n\r\n3\r\nabc\r\n';

  it('completes when the rest of the body is well-formed', async () => {
    const c = rawClient(mesh.member('client-v1').outboundPort);
    await c.write(chunkedHead);
    await pollUntil(c.received, (text) => text.endsWith('early'));
    await c.write('0\r\n\r\n');
    const text = await pollUntil(c.received, (received) => received.endsWith('early-done'));
    c.socket.destroy();
    expect(parseRawResponse(text).body).toBe('early-done');
  });

  it('resets the stream instead of writing a 400 into the response, and counts the protocol error', async () => {
    const sidecar = mesh.member('client-v1').sidecar;
    const before = await adminSamples(sidecar.adminUrl);
    const c = rawClient(mesh.member('client-v1').outboundPort);
    await c.write(chunkedHead);
    await pollUntil(c.received, (text) => text.endsWith('early'));
    await c.write('zz\r\n');
    const r = await c.result;

    expect(r.ending).not.toBe('open');
    const res = parseRawResponse(r.text);
    expect(res.status).toBe(200);
    // The client holds 5 of 10 promised bytes and a closed connection: a reset stream, not a reply.
    expect(res.body).toBe('early');
    const after = await adminSamples(sidecar.adminUrl);
    expect(sampleSum(after, PROTOCOL_ERRORS, { kind: 'bad_request' })).toBe(
      sampleSum(before, PROTOCOL_ERRORS, { kind: 'bad_request' }) + 1,
    );
  });
});

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
