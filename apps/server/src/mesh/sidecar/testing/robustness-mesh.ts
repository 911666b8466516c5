/**
 * Shared set-up of the robustness tests: a client and a web workload whose app the test scripts,
 * the malformed requests Envoy's HTTP/1 codec refuses, and helpers to send and count them.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { expect } from 'vitest';
import { httpRequest, MeshHarness } from './mesh-harness.ts';
import { takeOverApp } from './scripted-app.ts';
import type { ScriptedApp } from './scripted-app.ts';
import { deployment, service } from './yaml.ts';
import { PROXY_COUNTER_NAMES } from '../telemetry/metrics.ts';
import type { ProtocolErrorKind } from '../telemetry/metrics.ts';

export const PROTOCOL_ERRORS = PROXY_COUNTER_NAMES.protocolError;
export const RX_RESETS = PROXY_COUNTER_NAMES.downstreamReset;
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export const twoServices = [
  service('client') + deployment('client-v1', 'client', 'v1'),
  service('web') + deployment('web-v1', 'web', 'v1'),
];
export const workloads = [{ workload: 'client-v1' }, { workload: 'web-v1' }];

export interface MalformedCase {
  readonly name: string;
  readonly bytes: string;
  readonly status: 400 | 431;
  /** Envoy's `%RESPONSE_CODE_DETAILS%` for this codec error. */
  readonly details: string;
  readonly kind: ProtocolErrorKind;
}

export const reasonPhrase = { 400: 'Bad Request', 431: 'Request Header Fields Too Large' } as const;

/** Each kind of request Envoy's HTTP/1 codec refuses (addressed to `web:9080`). */
export const malformed: readonly MalformedCase[] = [
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
export function normalRequest(port: number, path = '/'): ReturnType<typeof httpRequest> {
  return httpRequest(port, path, { host: 'web:9080', connection: 'close' });
}

/**
 * web-v1's app: resets, stalls, or answers `<method> <path> <body>` once it has read the body. It
 * accepts headers as large as the proxy does, so what the proxy passes on reaches it.
 */
export function webApp(req: IncomingMessage, res: ServerResponse): void {
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

export interface TestMesh {
  readonly mesh: MeshHarness;
  readonly app: ScriptedApp;
}

export async function startMesh(): Promise<TestMesh> {
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
export async function stopMesh(t: TestMesh | undefined): Promise<void> {
  const exited = [...(t?.mesh.members.values() ?? [])]
    .filter((m) => m.sidecar.child.exitCode !== null || m.sidecar.child.signalCode !== null)
    .map((m) => `${m.key}: ${m.sidecar.stderr()}`);
  await t?.app.close();
  await t?.mesh.stop();
  expect(exited).toEqual([]);
}
