/**
 * Istio's default access-log lines, written in batches.
 *
 * One `write()` per request formats the line (`formatAccessLogLine`) and appends it to a buffer;
 * the buffer goes to the stream in one `write` call when it passes 64 KiB or `flushMs` after its
 * first line, whichever comes first. Envoy batches its file access logs the same way (a flush timer,
 * `file_flush_interval_msec`, and a 64 KiB flush size). The timer is unref'd so a pending flush
 * never keeps the process alive; `close()` writes what is left.
 *
 * Backpressure: while the stream asks to wait for `drain`, lines stay here; past 4 MiB pending,
 * new lines are dropped and counted in `dropped`, so a stalled log reader cannot exhaust the
 * proxy's memory. Sizes are counted in UTF-16 code units, which equal bytes for the ASCII these
 * lines almost always are.
 */
import type { AccessLogRecord } from '@meshlens/mesh-core/telemetry';
import { formatAccessLogLine } from '@meshlens/mesh-core/telemetry';

export interface AccessLogWriter {
  write(record: AccessLogRecord): void;
  /** Writes buffered lines now (unless the stream is waiting for `drain`). */
  flush(): void;
  /** Writes what is left and stops accepting lines; the stream itself is left open. */
  close(): void;
  /** Lines dropped because the stream stayed blocked while 4 MiB were pending. */
  readonly dropped: number;
}

export interface AccessLogWriterOptions {
  /** Default true; when false, nothing is formatted or written. */
  enabled?: boolean;
  /** Longest time a line waits in the buffer (default 100 ms). */
  flushMs?: number;
}

const FLUSH_SIZE = 64 * 1024;
const MAX_PENDING = 4 * 1024 * 1024;

const DISABLED: AccessLogWriter = Object.freeze({
  write() {},
  flush() {},
  close() {},
  dropped: 0,
});

export function createAccessLogWriter(
  stream: NodeJS.WritableStream,
  options: AccessLogWriterOptions = {},
): AccessLogWriter {
  if (options.enabled === false) return DISABLED;
  const flushMs = options.flushMs ?? 100;

  let lines: string[] = [];
  let size = 0;
  let timer: NodeJS.Timeout | undefined;
  let blocked = false;
  let closed = false;
  let dropped = 0;

  function writeOut(): void {
    if (timer !== undefined) {
      clearTimeout(timer);
      timer = undefined;
    }
    if (lines.length === 0) return;
    const chunk = lines.join('');
    lines = [];
    size = 0;
    if (!stream.write(chunk) && !closed) {
      blocked = true;
      stream.once('drain', onDrain);
    }
  }

  function onDrain(): void {
    blocked = false;
    writeOut();
  }

  function flush(): void {
    if (!blocked) writeOut();
  }

  return {
    write(record) {
      if (closed) return;
      if (size >= MAX_PENDING) {
        dropped++;
        return;
      }
      const line = formatAccessLogLine(record);
      lines.push(line);
      size += line.length;
      if (blocked) return;
      if (size >= FLUSH_SIZE) writeOut();
      else if (timer === undefined) {
        timer = setTimeout(flush, flushMs);
        timer.unref();
      }
    },
    flush,
    close() {
      if (closed) return;
      closed = true;
      stream.removeListener('drain', onDrain);
      // At shutdown, hand everything to the stream even if it is slow: it buffers, we stop.
      writeOut();
    },
    get dropped() {
      return dropped;
    },
  };
}
