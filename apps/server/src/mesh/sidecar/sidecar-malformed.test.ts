/**
 * Malformed requests through real sidecar processes, as clients on raw sockets see them: answered
 * the way Envoy's HTTP/1 codec answers them (status line, reason-phrase body, connection closed),
 * logged with DPE and counted, on the outbound and the inbound listener.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpRequest } from './testing/mesh-harness.ts';
import type { MeshHarness } from './testing/mesh-harness.ts';
import type { HarnessMember } from './testing/mesh-harness.ts';
import {
  accessLogLine,
  adminSamples,
  parseRawResponse,
  pollUntil,
  rawClient,
  rawExchange,
  sampleSum,
} from './testing/raw-http.ts';
import type { ScriptedApp } from './testing/scripted-app.ts';
import { PROTOCOL_ERRORS, malformed, reasonPhrase, startMesh, stopMesh } from './testing/robustness-mesh.ts';
import type { TestMesh } from './testing/robustness-mesh.ts';

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
