/**
 * The load generator, run as its own process (pinned to a core by the parent):
 * `node --import tsx loadgen.ts '<LoadConfig JSON>'`.
 *
 * Open mode is open-loop at a fixed rate: request i is due at start + i / rate whatever the
 * responses do. A due request goes out on an idle keep-alive connection or waits in a backlog
 * until one frees, and its latency is measured from when it was due, not when it was written,
 * so a stall shows up in every request it delays (no coordinated omission, as in wrk2). The
 * scheduler spins on setImmediate so it notices a due request within microseconds instead of
 * the millisecond granularity of timers; its lateness is reported as the generator's own
 * health, with the backlog depth and anything dropped.
 *
 * Closed mode measures saturation: every connection sends its next request as soon as the
 * previous one has ended.
 */
import { build, encodeIntoCompressedBase64 } from 'hdr-histogram-js';
import type { Histogram } from 'hdr-histogram-js';
import { HttpConnection } from './http-connection.ts';
import type { ResponseInfo } from './http-connection.ts';
import { loadConfigSchema } from './loadgen-protocol.ts';
import type { LoadConfig, LoadEvent, LoadResult } from './loadgen-protocol.ts';

const drainTimeoutMs = 5_000;
/** Backlog limit, in seconds of requests: past it the target is hopelessly saturated. */
const backlogSeconds = 10;

function emit(event: LoadEvent): void {
  process.stdout.write(`${JSON.stringify(event)}\n`);
}

function histogram(): Histogram {
  return build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, autoResize: true });
}

class Generator {
  private readonly connections: HttpConnection[];
  private readonly idle: HttpConnection[] = [];
  private readonly backlog: number[] = [];
  private backlogHead = 0;
  private readonly latency = histogram();
  private readonly lag = histogram();
  private windowStart = 0;
  private windowEnd = 0;
  private scheduled = 0;
  private completed = 0;
  private badResponses = 0;
  private badStatus: number | undefined;
  private connectionErrors = 0;
  private dropped = 0;
  private maxBacklog = 0;

  constructor(private readonly config: LoadConfig) {
    const request = Buffer.from(
      `GET / HTTP/1.1\r\nHost: ${config.authority}\r\nUser-Agent: meshlens-proxy-bench\r\n\r\n`,
      'latin1',
    );
    const handlers = {
      onResponse: (c: HttpConnection, r: ResponseInfo) => {
        this.onResponse(c, r);
      },
      onFailure: (c: HttpConnection, _error: Error, inFlight: boolean) => {
        this.onFailure(c, inFlight);
      },
    };
    this.connections = Array.from(
      { length: config.connections },
      () => new HttpConnection(config.host, config.port, request, handlers),
    );
  }

  async run(): Promise<LoadResult> {
    await Promise.all(this.connections.map((c) => c.open()));
    const start = performance.now() + 5;
    this.windowStart = start + this.config.warmupSeconds * 1000;
    this.windowEnd = this.windowStart + this.config.durationSeconds * 1000;
    const windowDone = new Promise<void>((resolve) => {
      setTimeout(() => {
        emit({ type: 'window-start' });
      }, this.windowStart - performance.now());
      setTimeout(
        () => {
          emit({ type: 'window-end' });
          resolve();
        },
        this.windowEnd - performance.now() + 1,
      );
    });
    if (this.config.mode === 'open') {
      this.idle.push(...this.connections);
      this.schedule(start, 1000 / this.config.rate);
    } else {
      for (const c of this.connections) this.sendNow(c);
    }
    await windowDone;
    await this.drain();
    return this.result();
  }

  private measured(t: number): boolean {
    return t >= this.windowStart && t < this.windowEnd;
  }

  /** The open-loop scheduler: every due request goes out (or joins the backlog) on each spin. */
  private schedule(first: number, intervalMs: number): void {
    let next = first;
    const limit = Math.max(1, Math.ceil(this.config.rate * backlogSeconds));
    const tick = (): void => {
      const now = performance.now();
      while (next <= now && next < this.windowEnd) {
        if (this.measured(next)) {
          this.scheduled++;
          this.lag.recordValue(Math.max(1, Math.round((now - next) * 1000)));
        }
        const connection = this.idle.pop();
        if (connection) connection.send(next);
        else if (this.backlog.length - this.backlogHead >= limit) {
          if (this.measured(next)) this.dropped++;
        } else {
          this.backlog.push(next);
          this.maxBacklog = Math.max(this.maxBacklog, this.backlog.length - this.backlogHead);
        }
        next += intervalMs;
      }
      if (next < this.windowEnd) setImmediate(tick);
    };
    tick();
  }

  private sendNow(connection: HttpConnection): void {
    const now = performance.now();
    if (now >= this.windowEnd) {
      this.idle.push(connection);
      return;
    }
    if (this.measured(now)) this.scheduled++;
    connection.send(now);
  }

  private onResponse(connection: HttpConnection, response: ResponseInfo): void {
    const sentAt = connection.tag;
    if (this.measured(sentAt)) {
      this.completed++;
      this.latency.recordValue(Math.max(1, Math.round((performance.now() - sentAt) * 1000)));
      const ok = response.status >= 200 && response.status < 300;
      if (!ok || response.bodyBytes !== this.config.expectBodyBytes) {
        this.badResponses++;
        this.badStatus ??= response.status;
      }
    }
    if (connection.isOpen) this.next(connection);
  }

  /** A free connection takes the oldest due request (open) or sends again (closed). */
  private next(connection: HttpConnection): void {
    if (this.config.mode === 'closed') {
      this.sendNow(connection);
      return;
    }
    if (this.backlogHead < this.backlog.length) {
      const due = this.backlog[this.backlogHead++] ?? 0;
      if (this.backlogHead > 4096 && this.backlogHead * 2 > this.backlog.length) {
        this.backlog.splice(0, this.backlogHead);
        this.backlogHead = 0;
      }
      connection.send(due);
    } else {
      this.idle.push(connection);
    }
  }

  private onFailure(connection: HttpConnection, inFlight: boolean): void {
    if (inFlight && this.measured(connection.tag)) this.connectionErrors++;
    const reopen = (): void => {
      connection.open().then(
        () => {
          this.next(connection);
        },
        () => setTimeout(reopen, 100),
      );
    };
    reopen();
  }

  private async drain(): Promise<void> {
    const deadline = performance.now() + drainTimeoutMs;
    const busy = (): boolean =>
      this.backlogHead < this.backlog.length || this.connections.some((c) => c.busy && this.measured(c.tag));
    while (busy() && performance.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    const waiting = this.backlog.slice(this.backlogHead).filter((t) => this.measured(t)).length;
    const inFlight = this.connections.filter((c) => c.busy && this.measured(c.tag)).length;
    this.dropped += waiting + inFlight;
    for (const c of this.connections) c.close();
  }

  private result(): LoadResult {
    const seconds = this.config.durationSeconds;
    const at = (p: number): number => this.latency.getValueAtPercentile(p);
    return {
      type: 'result',
      mode: this.config.mode,
      windowSeconds: seconds,
      scheduled: this.scheduled,
      completed: this.completed,
      achievedRps: this.completed / seconds,
      badResponses: this.badResponses,
      ...(this.badStatus !== undefined ? { badStatus: this.badStatus } : {}),
      connectionErrors: this.connectionErrors,
      dropped: this.dropped,
      latencyUs: {
        p50: at(50),
        p90: at(90),
        p99: at(99),
        p999: at(99.9),
        max: this.latency.maxValue,
        count: this.latency.totalCount,
      },
      histogram: encodeIntoCompressedBase64(this.latency),
      scheduleLagUs: { p99: this.lag.getValueAtPercentile(99), max: this.lag.maxValue },
      maxBacklog: this.maxBacklog,
    };
  }
}

try {
  const config = loadConfigSchema.parse(JSON.parse(process.argv[2] ?? '""'));
  const result = await new Generator(config).run();
  process.stdout.write(`${JSON.stringify(result)}\n`, () => process.exit(0));
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  process.stdout.write(`${JSON.stringify({ type: 'error', message } satisfies LoadEvent)}\n`, () =>
    process.exit(1),
  );
}
