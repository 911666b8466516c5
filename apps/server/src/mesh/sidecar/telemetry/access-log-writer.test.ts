import type { AccessLogRecord } from '@meshlens/mesh-core/telemetry';
import { formatAccessLogLine } from '@meshlens/mesh-core/telemetry';
import { execFile } from 'node:child_process';
import { PassThrough, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createAccessLogWriter } from './access-log-writer.ts';

/** Every record formats to a line of the same length, so batch sizes can be computed. */
function record(i: number): AccessLogRecord {
  const id = String(i).padStart(6, '0');
  return {
    startTimeMs: Date.UTC(2024, 5, 2, 13, 24, 57, 930),
    method: 'GET',
    path: `/reviews/${id}`,
    protocol: 'HTTP/1.1',
    responseCode: 200,
    responseFlags: [],
    responseCodeDetails: 'via_upstream',
    bytesReceived: 0,
    bytesSent: 295,
    durationMs: 3,
    requestId: `5457526c-0e6c-92eb-b0bd-000000${id}`,
    authority: 'reviews:9080',
    upstreamHost: '10.244.1.7:9080',
    upstreamCluster: 'outbound|9080|v1|reviews.default.svc.cluster.local',
  };
}

/** Everything written so far, one entry per `write` call on the stream. */
function chunksOf(stream: PassThrough): string[] {
  const chunks: string[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  return chunks;
}

function nextChunk(stream: PassThrough, timeoutMs = 2000): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`no access-log write within ${timeoutMs} ms`));
    }, timeoutMs);
    stream.once('data', (chunk: Buffer) => {
      clearTimeout(timer);
      resolve(chunk.toString('utf8'));
    });
  });
}

describe('access-log writer', () => {
  it("writes Istio's lines in one batch when flushed", () => {
    const stream = new PassThrough();
    const chunks = chunksOf(stream);
    const writer = createAccessLogWriter(stream, { flushMs: 60_000 });
    writer.write(record(1));
    writer.write(record(2));
    writer.write(record(3));
    expect(chunks).toEqual([]);

    writer.flush();
    expect(chunks).toEqual([[1, 2, 3].map((i) => formatAccessLogLine(record(i))).join('')]);
  });

  it('flushes on its own shortly after the first buffered line', async () => {
    const stream = new PassThrough();
    const writer = createAccessLogWriter(stream, { flushMs: 10 });
    const written = nextChunk(stream);
    writer.write(record(1));
    writer.write(record(2));
    expect(await written).toBe(formatAccessLogLine(record(1)) + formatAccessLogLine(record(2)));
  });

  it('writes as soon as the buffer passes 64 KiB, without waiting for the timer', () => {
    const stream = new PassThrough();
    const chunks = chunksOf(stream);
    const writer = createAccessLogWriter(stream, { flushMs: 60_000 });
    const lineSize = formatAccessLogLine(record(0)).length;
    const perBatch = Math.ceil((64 * 1024) / lineSize);
    for (let i = 0; i < perBatch - 1; i++) writer.write(record(i));
    expect(chunks).toEqual([]);

    writer.write(record(perBatch));
    expect(chunks).toHaveLength(1);
    expect(chunks[0]?.split('\n').filter(Boolean)).toHaveLength(perBatch);
    writer.close();
  });

  it('writes nothing when disabled', () => {
    const stream = new PassThrough();
    const chunks = chunksOf(stream);
    const writer = createAccessLogWriter(stream, { enabled: false });
    writer.write(record(1));
    writer.flush();
    writer.close();
    expect(chunks).toEqual([]);
  });

  it('writes what is left on close, then ignores further lines, leaving the stream open', () => {
    const stream = new PassThrough();
    const chunks = chunksOf(stream);
    const writer = createAccessLogWriter(stream, { flushMs: 60_000 });
    writer.write(record(1));
    writer.close();
    writer.write(record(2));
    writer.flush();
    expect(chunks).toEqual([formatAccessLogLine(record(1))]);
    expect(stream.writable).toBe(true);
  });

  it('holds lines while the stream waits for drain, drops past 4 MiB and counts the drops', async () => {
    const release: (() => void)[] = [];
    const received: string[] = [];
    const slow = new Writable({
      highWaterMark: 1,
      write(chunk: Buffer, _encoding, callback) {
        received.push(chunk.toString('utf8'));
        release.push(callback);
      },
    });
    const writer = createAccessLogWriter(slow, { flushMs: 60_000 });
    writer.write(record(0));
    writer.flush();
    expect(received).toHaveLength(1);

    const lineSize = formatAccessLogLine(record(0)).length;
    const fitting = Math.ceil((4 * 1024 * 1024) / lineSize);
    for (let i = 1; i <= fitting + 10; i++) writer.write(record(i));
    writer.flush();
    expect(received).toHaveLength(1);
    expect(writer.dropped).toBe(10);

    const drained = new Promise((resolve) => slow.once('drain', resolve));
    release.shift()?.();
    await drained;
    expect(received).toHaveLength(2);
    expect(received[1]?.split('\n').filter(Boolean)).toHaveLength(fitting);
  });

  it('never keeps the process alive for a pending flush', async () => {
    const module = fileURLToPath(new URL('./access-log-writer.ts', import.meta.url));
    const script = [
      `import { createAccessLogWriter } from ${JSON.stringify(module)};`,
      'const writer = createAccessLogWriter(process.stderr, { flushMs: 600000 });',
      'writer.write({ startTimeMs: 0, responseCode: 200, responseFlags: [], bytesReceived: 0, bytesSent: 0, durationMs: 1 });',
    ].join('\n');
    const code = await new Promise<number | string>((resolve) => {
      execFile(
        process.execPath,
        ['--import', 'tsx', '--input-type=module', '-e', script],
        { timeout: 15_000 },
        (error) => {
          resolve(error ? (error.signal ?? error.code ?? -1) : 0);
        },
      );
    });
    expect(code).toBe(0);
  });
});
