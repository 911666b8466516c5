/**
 * A request body read once from the client and fed to every upstream leg that needs it: the try in
 * flight, later retries (which replay what was kept) and mirrors. Envoy keeps a body for retries
 * and shadows up to a buffer limit; past it the body can no longer be replayed, so no retry or
 * mirror can start after that point, while the try in flight keeps streaming.
 *
 * Back-pressure comes from the primary leg only: a slow mirror never slows the caller.
 */
import type { IncomingMessage } from 'node:http';

/** Envoy's default per-connection buffer limit, which bounds what a retry can replay. */
export const REPLAY_LIMIT_BYTES = 1024 * 1024;

/** What a body is written into: an upstream ClientRequest. */
export interface BodySink {
  write(chunk: Buffer): boolean;
  end(): void;
  once(event: 'drain', listener: () => void): unknown;
}

export class RequestBody {
  readonly #req: IncomingMessage;
  readonly #limit: number;
  #chunks: Buffer[] = [];
  #size = 0;
  #ended = false;
  #replayable = true;
  #primary: BodySink | undefined;
  readonly #others = new Set<BodySink>();
  /** Bytes received from the client so far. */
  get size(): number {
    return this.#size;
  }

  constructor(req: IncomingMessage, onBytes: (n: number) => void, limit = REPLAY_LIMIT_BYTES) {
    this.#req = req;
    this.#limit = limit;
    req.on('data', (chunk: Buffer) => {
      this.#size += chunk.length;
      onBytes(chunk.length);
      if (this.#replayable) {
        if (this.#size > this.#limit) {
          this.#replayable = false;
          this.#chunks = [];
        } else this.#chunks.push(chunk);
      }
      for (const sink of this.#others) sink.write(chunk);
      const primary = this.#primary;
      // Between tries (back-off) nothing reads: hold the client until the next try attaches.
      if (!primary) req.pause();
      else if (!primary.write(chunk)) {
        req.pause();
        primary.once('drain', () => req.resume());
      }
    });
    req.on('end', () => {
      this.#ended = true;
      this.#primary?.end();
      for (const sink of this.#others) sink.end();
      this.#others.clear();
    });
  }

  /** Whether a new leg can still be given the whole body. */
  get replayable(): boolean {
    return this.#replayable;
  }

  /**
   * Feeds the body to `sink`: what was kept, then what is still to come. The primary leg sets the
   * pace; there is one at a time. False when the body can no longer be replayed.
   */
  attach(sink: BodySink, primary: boolean): boolean {
    if (!this.#replayable) return false;
    for (const chunk of this.#chunks) sink.write(chunk);
    if (this.#ended) {
      sink.end();
      return true;
    }
    if (primary) {
      this.#primary = sink;
      this.#req.resume();
    } else this.#others.add(sink);
    return true;
  }

  /** Stops feeding `sink` (its try failed or was abandoned). */
  detach(sink: BodySink): void {
    if (this.#primary === sink) this.#primary = undefined;
    this.#others.delete(sink);
  }
}
