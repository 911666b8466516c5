/**
 * Checking a stream of snapshots piece by piece. A control plane pushes a proxy's whole snapshot
 * every time it changes (state of the world, as xDS does), but one change rarely touches more than
 * a few of its listeners, route tables and clusters. The control plane writes each of those pieces
 * on a line of its own (`snapshotJson`; JSON strings hold no raw line breaks, so the lines split
 * nothing but whitespace), and `SnapshotParser` remembers the pieces of the last snapshot it
 * accepted by their line: a line seen then is neither parsed nor checked again and gives the very
 * same frozen object (so a proxy keeps what it built from it); a new line is parsed on its own,
 * checked against its schema and frozen. Version, revision and proxy identity are checked every
 * time.
 *
 * How, exactly: every line that looks like one JSON object (`{…}`, maybe with the comma after it)
 * is replaced by a placeholder string no input can hold (a random tag), the rest is parsed, and
 * each placeholder in `listeners`, `routeTables` or `clusters` takes the piece its line gives. A
 * line is a whole JSON value at a value's place (or the document fails to parse), so swapping it
 * for a placeholder changes nothing else. When any replaced line does not parse on its own, or a
 * placeholder lands anywhere but in those three arrays, the text is checked whole, as any JSON
 * without that layout is.
 *
 * A refusal is the one `safeParseSnapshot` gives for the same input, issue for issue: each piece's
 * issues carry their place in the snapshot (`clusters[3].endpoints[0].port`) and come in the
 * schema's field order.
 */
import { z } from 'zod';
import type { Cluster, Listener, ProxySnapshot, RouteTable } from './snapshot.ts';
import { clusterSchema, listenerSchema, proxySnapshotSchema, routeTableSchema } from './snapshot.ts';

export type SnapshotCheck =
  | { readonly ok: true; readonly snapshot: ProxySnapshot }
  | {
      readonly ok: false;
      /** Every invalid field, named by its path (zod's pretty print). */
      readonly error: string;
      /** The refused snapshot's revision when it has one, for the NACK. */
      readonly revision: string | undefined;
    };

const pieceFields = ['listeners', 'routeTables', 'clusters'] as const;
type PieceField = (typeof pieceFields)[number];
interface Pieces {
  listeners: Listener;
  routeTables: RouteTable;
  clusters: Cluster;
}

const pieceSchemas: { readonly [F in PieceField]: z.ZodType<Pieces[F]> } = {
  listeners: listenerSchema,
  routeTables: routeTableSchema,
  clusters: clusterSchema,
};

/** The snapshot with its pieces left unchecked: they are checked one by one. */
const shellSchema = proxySnapshotSchema.extend({
  listeners: z.array(z.unknown()),
  routeTables: z.array(z.unknown()),
  clusters: z.array(z.unknown()),
});

/** zod reports an object's issues in the order of its fields; so does the parser. */
const fieldOrder = new Map(Object.keys(proxySnapshotSchema.shape).map((k, i) => [k, i]));

/** Source line → checked piece, per field (a line is checked as the piece its place asks for). */
type Known = { readonly [F in PieceField]: Map<string, Pieces[F]> };

const emptyKnown = (): Known => ({ listeners: new Map(), routeTables: new Map(), clusters: new Map() });

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** Freezes one level, keeping the type (the pieces inside are frozen already). */
function frozen<T>(value: T): T {
  Object.freeze(value);
  return value;
}

function revisionOf(input: unknown): string | undefined {
  if (typeof input !== 'object' || input === null || !('revision' in input)) return undefined;
  return String(input.revision);
}

/** The lines of a document that may each hold one piece, replaced by numbered placeholders. */
interface Lines {
  readonly text: string;
  /** Placeholder number → the line it replaced (without its comma). */
  readonly replaced: readonly string[];
}

function withPlaceholders(lines: readonly string[], tag: string): Lines {
  const replaced: string[] = [];
  const written = JSON.stringify(tag).slice(1, -1); // the tag's control character escaped
  const out = lines.map((line) => {
    const comma = line.endsWith(',');
    const body = comma ? line.slice(0, -1) : line;
    if (body.length < 2 || !body.startsWith('{') || !body.endsWith('}')) return line;
    replaced.push(body);
    return `"${written}${replaced.length - 1}"${comma ? ',' : ''}`;
  });
  return { text: out.join('\n'), replaced };
}

/** Thrown inside one check when the line layout cannot be used: the text is checked whole. */
class NotByLines extends Error {}

export class SnapshotParser {
  #known: Known = emptyKnown();
  /** Marks placeholders; input can hold it only by guessing it, and then it is checked whole. */
  readonly #tag = `\u0000${Math.random().toString(36).slice(2)}#`;

  /** Checks a snapshot received as JSON text, reusing the pieces of the last one accepted. */
  parseJson(text: string): SnapshotCheck {
    const lines = text.split('\n');
    if (lines.length > 2) {
      try {
        return this.#byLines(lines);
      } catch (e) {
        if (!(e instanceof NotByLines)) throw e;
      }
    }
    let input: unknown;
    try {
      input = JSON.parse(text);
    } catch (e) {
      return { ok: false, error: `snapshot is not JSON: ${(e as Error).message}`, revision: undefined };
    }
    return this.parse(input);
  }

  /** Checks a snapshot given as a value, every piece of it. */
  parse(input: unknown): SnapshotCheck {
    return this.#check(input, undefined);
  }

  #byLines(lines: readonly string[]): SnapshotCheck {
    const { text, replaced } = withPlaceholders(lines, this.#tag);
    if (replaced.length === 0) throw new NotByLines();
    let input: unknown;
    try {
      input = JSON.parse(text);
    } catch {
      throw new NotByLines();
    }
    const next = emptyKnown();
    const found = new Set<number>();
    const resolve = <F extends PieceField>(field: F, item: unknown): Resolved<Pieces[F]> => {
      if (typeof item !== 'string' || !item.startsWith(this.#tag)) return { kind: 'value', value: item };
      const index = Number(item.slice(this.#tag.length));
      const line = replaced[index];
      if (line === undefined || found.has(index)) throw new NotByLines();
      found.add(index);
      const known = this.#known[field].get(line);
      if (known !== undefined) {
        next[field].set(line, known);
        return { kind: 'known', piece: known };
      }
      try {
        return { kind: 'line', line, value: JSON.parse(line) as unknown };
      } catch {
        throw new NotByLines();
      }
    };
    const result = this.#check(input, { resolve, next });
    // Every placeholder must have stood for a piece; one elsewhere hid part of the document.
    if (found.size !== replaced.length) throw new NotByLines();
    if (result.ok) this.#known = next;
    return result;
  }

  #check(input: unknown, lines: ByLines | undefined): SnapshotCheck {
    const shell = shellSchema.safeParse(input);
    const issues: z.core.$ZodIssue[] = shell.success ? [] : [...shell.error.issues];
    const record = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
    const checked = {
      listeners: this.#pieces('listeners', record.listeners, issues, lines),
      routeTables: this.#pieces('routeTables', record.routeTables, issues, lines),
      clusters: this.#pieces('clusters', record.clusters, issues, lines),
    };
    if (!shell.success || issues.length > 0) {
      const ordered = issues
        .map((issue, i) => ({ issue, i, field: fieldOrder.get(String(issue.path[0])) ?? -1 }))
        .sort((a, b) => a.field - b.field || a.i - b.i)
        .map((x) => x.issue);
      return { ok: false, error: z.prettifyError({ issues: ordered }), revision: revisionOf(input) };
    }
    const snapshot: ProxySnapshot = {
      ...shell.data,
      proxy: deepFreeze(shell.data.proxy),
      listeners: frozen(checked.listeners),
      routeTables: frozen(checked.routeTables),
      clusters: frozen(checked.clusters),
    };
    return { ok: true, snapshot: frozen(snapshot) };
  }

  /** The checked pieces of one field; issues are added with their place in the snapshot. */
  #pieces<F extends PieceField>(
    field: F,
    raw: unknown,
    issues: z.core.$ZodIssue[],
    lines: ByLines | undefined,
  ): Array<Pieces[F]> {
    if (!Array.isArray(raw)) return []; // the shell reports it
    const schema = pieceSchemas[field];
    const result: Array<Pieces[F]> = [];
    raw.forEach((item: unknown, index) => {
      const resolved: Resolved<Pieces[F]> = lines
        ? lines.resolve(field, item)
        : { kind: 'value', value: item };
      if (resolved.kind === 'known') {
        result.push(resolved.piece);
        return;
      }
      const parsed = schema.safeParse(resolved.value);
      if (!parsed.success) {
        for (const issue of parsed.error.issues)
          issues.push({ ...issue, path: [field, index, ...issue.path] });
        return;
      }
      const piece = deepFreeze(parsed.data);
      result.push(piece);
      if (resolved.kind === 'line') lines?.next[field].set(resolved.line, piece);
    });
    return result;
  }
}

/** An item of a piece array: a value to check, or a line's piece known or to check. */
type Resolved<T> =
  | { readonly kind: 'value'; readonly value: unknown }
  | { readonly kind: 'known'; readonly piece: T }
  | { readonly kind: 'line'; readonly line: string; readonly value: unknown };

/** How `#check` reads pieces that came as lines, and where it records them. */
interface ByLines {
  resolve<F extends PieceField>(field: F, item: unknown): Resolved<Pieces[F]>;
  readonly next: Known;
}

export interface SnapshotJsonOptions {
  /** A piece's JSON (a writer that caches it by piece); `JSON.stringify` by default. */
  readonly pieceJson?: (piece: Listener | RouteTable | Cluster) => string;
  /** What ends a line: `\n`, or `\ndata: ` to write the lines as one server-sent event's data. */
  readonly lineBreak?: string;
}

/**
 * A snapshot's JSON in the layout `SnapshotParser` reads fastest: each listener, route table and
 * cluster on a line of its own.
 */
export function snapshotJson(snapshot: ProxySnapshot, options: SnapshotJsonOptions = {}): string {
  const { pieceJson = (piece) => JSON.stringify(piece), lineBreak = '\n' } = options;
  const head = JSON.stringify({
    version: snapshot.version,
    revision: snapshot.revision,
    proxy: snapshot.proxy,
  });
  const section = (field: PieceField): string => {
    const pieces: ReadonlyArray<Listener | RouteTable | Cluster> = snapshot[field];
    const lines = pieces.length > 0 ? `${lineBreak}${pieces.map(pieceJson).join(`,${lineBreak}`)}` : '';
    return `"${field}":[${lines}${lineBreak}]`;
  };
  return `${head.slice(0, -1)},${pieceFields.map(section).join(',')}}`;
}
