/**
 * A unified diff of two texts, line by line (the format of `diff -u` and `git diff`).
 *
 * The common head and tail are set aside, then the longest common subsequence of the lines
 * left is found with the classic dynamic programme, and walked into an edit script; changes
 * closer than twice the context are grouped into one hunk. Manifests are small, so the
 * quadratic table is cheap; past `maxCells` the middle is shown as removed and added whole.
 */
type Op = { readonly kind: ' ' | '-' | '+'; readonly line: string };

const maxCells = 16_000_000;

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function editScript(a: readonly string[], b: readonly string[]): Op[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  )
    tail++;
  const x = a.slice(head, a.length - tail);
  const y = b.slice(head, b.length - tail);
  const ops: Op[] = a.slice(0, head).map((line) => ({ kind: ' ', line }));
  if ((x.length + 1) * (y.length + 1) > maxCells) {
    ops.push(
      ...x.map((line) => ({ kind: '-' as const, line })),
      ...y.map((line) => ({ kind: '+' as const, line })),
    );
  } else {
    // lcs[i * w + j]: length of the longest common subsequence of x[i..] and y[j..].
    const w = y.length + 1;
    const lcs = new Uint32Array((x.length + 1) * w);
    for (let i = x.length - 1; i >= 0; i--) {
      for (let j = y.length - 1; j >= 0; j--) {
        lcs[i * w + j] =
          x[i] === y[j]
            ? (lcs[(i + 1) * w + j + 1] ?? 0) + 1
            : Math.max(lcs[(i + 1) * w + j] ?? 0, lcs[i * w + j + 1] ?? 0);
      }
    }
    let i = 0;
    let j = 0;
    while (i < x.length || j < y.length) {
      if (i < x.length && j < y.length && x[i] === y[j]) {
        ops.push({ kind: ' ', line: x[i++] ?? '' });
        j++;
      } else if (
        i < x.length &&
        (j === y.length || (lcs[(i + 1) * w + j] ?? 0) >= (lcs[i * w + j + 1] ?? 0))
      ) {
        // Removals before additions, as diff -u writes them.
        ops.push({ kind: '-', line: x[i++] ?? '' });
      } else ops.push({ kind: '+', line: y[j++] ?? '' });
    }
  }
  ops.push(...a.slice(a.length - tail).map((line) => ({ kind: ' ' as const, line })));
  return ops;
}

function range(start: number, count: number): string {
  // `diff -u` names an empty range by the line before it.
  const first = count === 0 ? start - 1 : start;
  return count === 1 ? `${first}` : `${first},${count}`;
}

export interface DiffLabels {
  readonly from: string;
  readonly to: string;
}

/** `''` when the texts are equal. */
export function unifiedDiff(before: string, after: string, labels: DiffLabels, context = 3): string {
  const ops = editScript(splitLines(before), splitLines(after));
  const changed = ops.flatMap((op, index) => (op.kind === ' ' ? [] : [index]));
  if (changed.length === 0) return '';
  const out = [`--- ${labels.from}`, `+++ ${labels.to}`];
  let k = 0;
  while (k < changed.length) {
    const start = Math.max(0, (changed[k] ?? 0) - context);
    let last = changed[k] ?? 0;
    while (k + 1 < changed.length && (changed[k + 1] ?? 0) - last <= 2 * context) last = changed[++k] ?? 0;
    k++;
    const end = Math.min(ops.length, last + context + 1);
    // Line numbers where the hunk starts: lines of each side before it, plus one.
    let aLine = 1;
    let bLine = 1;
    for (const op of ops.slice(0, start)) {
      if (op.kind !== '+') aLine++;
      if (op.kind !== '-') bLine++;
    }
    const hunk = ops.slice(start, end);
    const aCount = hunk.filter((op) => op.kind !== '+').length;
    const bCount = hunk.filter((op) => op.kind !== '-').length;
    out.push(
      `@@ -${range(aLine, aCount)} +${range(bLine, bCount)} @@`,
      ...hunk.map((op) => op.kind + op.line),
    );
  }
  return `${out.join('\n')}\n`;
}
