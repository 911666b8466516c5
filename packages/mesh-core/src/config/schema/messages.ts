/**
 * Wording of schema findings: how a value is described (`string "50"`, `number 1.5`), how a
 * list of alternatives is written, and the "did you mean" hint for a misspelt field or enum
 * value (the closest candidate by edit distance, if close enough to be a likely typo).
 */

const maxQuoted = 60;

function quote(text: string): string {
  return JSON.stringify(text.length > maxQuoted ? `${text.slice(0, maxQuoted)}…` : text);
}

/** The value as a type and, for scalars, the value itself: `string "50"`, `integer 7`, `object`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'string') return `string ${quote(value)}`;
  if (typeof value === 'number') return Number.isInteger(value) ? `integer ${value}` : `number ${value}`;
  if (typeof value === 'bigint') return `integer ${value}`;
  if (typeof value === 'boolean') return `boolean ${value}`;
  return typeof value;
}

/** A scalar as written in a message: strings quoted, others as is. */
export function showScalar(value: unknown): string {
  return typeof value === 'string' ? quote(value) : String(value);
}

/** `1 item`, `2 items`; `entry` becomes `entries`. */
export function count(n: number, noun: string): string {
  if (n === 1) return `1 ${noun}`;
  return `${n} ${noun.endsWith('y') ? `${noun.slice(0, -1)}ies` : `${noun}s`}`;
}

/** `a`, `a or b`, `a, b or c`. */
export function alternatives(items: readonly string[], conjunction = 'or'): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1] ?? ''}`;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** ` (did you mean "route"?)` when one candidate is a likely typo of `word`, else ''. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  if (word.length > 100) return '';
  const lower = word.toLowerCase();
  let best: string | undefined;
  // A third of the word may be wrong; in a word under three letters, only its case.
  let bestDistance = (word.length < 3 ? 0 : Math.max(1, Math.floor(word.length / 3))) + 1;
  for (const candidate of candidates) {
    if (candidate === word) continue;
    const distance = candidate.toLowerCase() === lower ? 0 : editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best === undefined ? '' : ` (did you mean ${JSON.stringify(best)}?)`;
}
