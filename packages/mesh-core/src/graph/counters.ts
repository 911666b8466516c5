/**
 * Small data structures for the graph's hot paths, where a few thousand samples must not turn
 * into tens of megabytes of throwaway strings and maps.
 */

/**
 * Rates by key, in insertion order. Responses carry one to three flags and hosts, so keys are
 * found by a linear scan; past a handful of keys an index takes over.
 */
export class RateCounter {
  readonly keys: string[] = [];
  readonly values: number[] = [];
  private index: Map<string, number> | undefined;

  add(key: string, value: number): void {
    let i: number;
    if (this.index !== undefined) i = this.index.get(key) ?? -1;
    else i = this.keys.indexOf(key);
    if (i >= 0) {
      this.values[i] = (this.values[i] ?? 0) + value;
      return;
    }
    this.keys.push(key);
    this.values.push(value);
    if (this.index !== undefined) this.index.set(key, this.keys.length - 1);
    else if (this.keys.length > 8) this.index = new Map(this.keys.map((k, j) => [k, j]));
  }

  get size(): number {
    return this.keys.length;
  }

  sum(): number {
    let total = 0;
    for (const v of this.values) total += v;
    return total;
  }
}

/**
 * An exact set of string tuples that builds no string per tuple: each value is interned to a
 * number, the numbers are hashed to one safe integer, and tuples sharing a hash are compared
 * value by value.
 */
export class TupleSet {
  private readonly interned = new Map<string, number>();
  private readonly buckets = new Map<number, Uint32Array[]>();

  /** Adds the tuple; false when it was already there. */
  add(values: readonly string[]): boolean {
    const ids = new Uint32Array(values.length);
    let h1 = 0x811c9dc5;
    let h2 = 0x01000193;
    for (let i = 0; i < values.length; i++) {
      const v = values[i] ?? '';
      let id = this.interned.get(v);
      if (id === undefined) {
        id = this.interned.size + 1;
        this.interned.set(v, id);
      }
      ids[i] = id;
      h1 = Math.imul(h1 ^ id, 0x01000193);
      h2 = Math.imul(h2 ^ id, 0x5bd1e995) ^ (h2 >>> 15);
    }
    const hash = (h1 >>> 0) * 0x200000 + ((h2 >>> 0) & 0x1fffff);
    const bucket = this.buckets.get(hash);
    if (bucket === undefined) {
      this.buckets.set(hash, [ids]);
      return true;
    }
    for (const other of bucket) if (sameIds(other, ids)) return false;
    bucket.push(ids);
    return true;
  }
}

function sameIds(a: Uint32Array, b: Uint32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
