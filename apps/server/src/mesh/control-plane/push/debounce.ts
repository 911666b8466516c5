/**
 * Istio's push debounce (pilot's `debounce`, with PILOT_DEBOUNCE_AFTER and PILOT_DEBOUNCE_MAX): the
 * first change after a push starts a wait of `afterMs`; each further change extends it, and the
 * push runs once `afterMs` has passed without a change, or `maxMs` after the first change of the
 * burst at the latest, so a steady stream of changes cannot hold pushes back for ever. A push here
 * runs to its end before the next timer can fire, so changes arriving meanwhile simply make the
 * next burst, as pilot's one push in flight does.
 */
export interface DebounceOptions {
  /** Quiet time before a push (Istio's PILOT_DEBOUNCE_AFTER, 100 ms). */
  readonly afterMs: number;
  /** Longest a burst of changes delays its push (Istio's PILOT_DEBOUNCE_MAX, 10 s). */
  readonly maxMs: number;
  readonly run: () => void;
  /** Milliseconds from a monotonic clock. */
  readonly now?: () => number;
}

export class Debouncer {
  #first: number | undefined;
  #last = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: DebounceOptions) {}

  /** Whether a push is waiting for things to quiet down. */
  get pending(): boolean {
    return this.#first !== undefined;
  }

  /** A change happened: push once things are quiet. */
  trigger(): void {
    const now = this.#now();
    this.#last = now;
    if (this.#first !== undefined) return;
    this.#first = now;
    this.#arm(this.options.afterMs);
  }

  cancel(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#first = undefined;
  }

  #fire(): void {
    const now = this.#now();
    const quiet = now - this.#last;
    const waited = now - (this.#first ?? now);
    const { afterMs, maxMs } = this.options;
    if (quiet >= afterMs || waited >= maxMs) {
      this.#timer = undefined;
      this.#first = undefined;
      this.options.run();
    } else {
      this.#arm(Math.min(afterMs - quiet, maxMs - waited));
    }
  }

  #arm(ms: number): void {
    this.#timer = setTimeout(() => {
      this.#fire();
    }, ms);
  }

  #now(): number {
    return this.options.now?.() ?? performance.now();
  }
}
