/**
 * The last N lines of a child process's output, from chunks that may split lines anywhere. Each
 * line keeps the time its first byte arrived (as a container runtime stamps what it reads), so the
 * console can show lines in time order and merge a process's stdout with its stderr.
 */

/** One line and when its first byte arrived. */
export interface TailEntry {
  readonly text: string;
  /** Milliseconds since the epoch, with sub-millisecond precision by default. */
  readonly receivedMs: number;
}

export interface LogTailOptions {
  /**
   * The clock, in milliseconds since the epoch. The default has sub-millisecond resolution, so two
   * tails of one process (stdout and stderr) order their lines as they arrived.
   */
  readonly nowMs?: () => number;
}

const preciseNowMs = (): number => performance.timeOrigin + performance.now();

export class LogTail {
  readonly #entries: TailEntry[] = [];
  #partial = '';
  #partialMs = 0;
  readonly #nowMs: () => number;

  constructor(
    private readonly max: number,
    options: LogTailOptions = {},
  ) {
    this.#nowMs = options.nowMs ?? preciseNowMs;
  }

  write(chunk: string): void {
    const now = this.#nowMs();
    if (this.#partial === '') this.#partialMs = now;
    const parts = (this.#partial + chunk).split('\n');
    this.#partial = parts.pop() ?? '';
    parts.forEach((text, i) => {
      // The first line began with the partial line (or this chunk); the others began in this chunk.
      this.#push({ text, receivedMs: i === 0 ? this.#partialMs : now });
    });
    if (parts.length > 0) this.#partialMs = now;
  }

  /** Complete lines, then the line still being written, if any. */
  lines(): string[] {
    return this.entries().map((e) => e.text);
  }

  /** `lines()` with the time each line began to arrive. */
  entries(): TailEntry[] {
    return this.#partial === ''
      ? [...this.#entries]
      : [...this.#entries, { text: this.#partial, receivedMs: this.#partialMs }];
  }

  text(): string {
    return this.lines().join('\n');
  }

  #push(entry: TailEntry): void {
    this.#entries.push(entry);
    if (this.#entries.length > this.max) this.#entries.splice(0, this.#entries.length - this.max);
  }
}
