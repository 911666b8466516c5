/**
 * Reading one YAML document of a multi-document input, fast, and locating its fields.
 *
 * Input is split at its `---` markers (a line starting `---` always starts a document in YAML,
 * even inside a quoted scalar). Each document is read with js-yaml (several times quicker than a
 * full AST); `yaml`'s positioned AST is built only when a position is asked for, when the
 * document has aliases (it bounds their expansion), or to describe a syntax error exactly.
 */
import { CORE_SCHEMA, load as loadYaml } from 'js-yaml';
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Document, Node as YamlNode, ParsedNode } from 'yaml';
import type { Path } from './path.ts';

export interface ParseLimits {
  /** Largest input accepted, in bytes of UTF-8 text. */
  readonly maxBytes: number;
  /** Most documents accepted in one input. */
  readonly maxDocuments: number;
  /** Deepest nesting of mappings and sequences accepted. */
  readonly maxDepth: number;
  /** Most alias expansions accepted per document (YAML "billion laughs" guard). */
  readonly maxAliasCount: number;
}

type ParsedDoc = Document.Parsed;

export interface Chunk {
  readonly text: string;
  /** Lines before the chunk in the whole input. */
  readonly lineOffset: number;
}

const documentStart = /^---(?=[ \t\r\n]|$)/gm;

export function splitDocuments(text: string): Chunk[] {
  const starts = [0];
  for (const m of text.matchAll(documentStart)) if (m.index !== 0) starts.push(m.index);
  const chunks: Chunk[] = [];
  let lineOffset = 0;
  for (let i = 0; i < starts.length; i++) {
    const from = starts[i] ?? 0;
    const chunkText = text.slice(from, starts[i + 1] ?? text.length);
    // A chunk of directives only (`%YAML 1.2`) belongs to the document that follows it.
    const next = starts[i + 1];
    if (next !== undefined && /^(\s*(%.*|#.*)?\n)*\s*$/.test(chunkText) && /^%/m.test(chunkText)) {
      starts[i + 1] = from;
      continue;
    }
    chunks.push({ text: chunkText, lineOffset });
    lineOffset += countLines(chunkText);
  }
  return chunks;
}

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

export interface ChunkError {
  readonly code: 'ML0001' | 'ML0002';
  readonly detail: string;
  readonly line: number;
  readonly column: number;
}

export type ReadDocument =
  | { kind: 'errors'; errors: ChunkError[] }
  | { kind: 'value'; value: unknown; locate: (path: Path) => { line: number; column: number } };

// An alias (`*name`) where YAML allows one. Documents with aliases take the careful path,
// which bounds how many times aliases expand.
const aliasToken = /(^|[\s[\]{},:?-])\*[^\s[\]{},]/m;

/**
 * Reads one document. The fast path is js-yaml (several times quicker than a full AST);
 * `yaml`'s positioned AST is built only when a position is asked for, when the document has
 * aliases (it counts their expansion), or to describe a syntax error.
 */
export function readDocument(chunk: Chunk, limits: ParseLimits): ReadDocument {
  if (!aliasToken.test(chunk.text)) {
    let value: unknown;
    let failed = false;
    try {
      value = loadYaml(chunk.text, { schema: CORE_SCHEMA });
    } catch (error) {
      if (error instanceof RangeError) return { kind: 'errors', errors: [tooDeep(limits)] };
      failed = true;
    }
    if (!failed) {
      const depth = plainDepth(value);
      if (depth > limits.maxDepth) return { kind: 'errors', errors: [tooDeep(limits, depth)] };
      let ast: ParsedDoc | undefined;
      let lines: LineCounter | undefined;
      return {
        kind: 'value',
        value,
        locate: (path) => {
          if (!ast || !lines) {
            lines = new LineCounter();
            ast = parseDocument(chunk.text, { lineCounter: lines, uniqueKeys: false });
          }
          const p = lines.linePos(ast.contents ? offsetOf(ast.contents, path) : 0);
          return { line: p.line, column: p.col };
        },
      };
    }
  }
  return readCarefully(chunk, limits);
}

function tooDeep(limits: ParseLimits, depth?: number): ChunkError {
  return {
    code: 'ML0002',
    detail:
      depth === undefined
        ? `document nests too deep to read, over the limit of ${limits.maxDepth} levels (maxDepth)`
        : `document nests ${depth} levels deep, over the limit of ${limits.maxDepth} (maxDepth)`,
    line: 1,
    column: 1,
  };
}

/** `yaml`'s composer: exact error positions and messages, and a bound on alias expansion. */
function readCarefully(chunk: Chunk, limits: ParseLimits): ReadDocument {
  const lineCounter = new LineCounter();
  const pos = (offset: number): { line: number; column: number } => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  };
  let doc: ParsedDoc;
  try {
    // Merge keys (`<<: *base`) as kubectl's YAML reader accepts them.
    doc = parseDocument(chunk.text, { lineCounter, uniqueKeys: true, prettyErrors: false, merge: true });
  } catch (error) {
    if (error instanceof RangeError) return { kind: 'errors', errors: [tooDeep(limits)] };
    throw error;
  }
  if (doc.errors.length > 0) {
    const errors: ChunkError[] = [];
    for (const err of doc.errors) {
      // The composer recurses per nesting level and reports a stack overflow as an error.
      if (err.message.includes('call stack'))
        return { kind: 'errors', errors: [{ ...tooDeep(limits), ...pos(err.pos[0]) }] };
      errors.push({
        code: 'ML0001',
        detail: `YAML syntax error: ${firstLine(err.message)}`,
        ...pos(err.pos[0]),
      });
    }
    return { kind: 'errors', errors };
  }
  const contents = doc.contents;
  if (contents === null) return { kind: 'value', value: null, locate: () => ({ line: 1, column: 1 }) };
  const depth = nestingDepth(contents);
  if (depth > limits.maxDepth)
    return { kind: 'errors', errors: [{ ...tooDeep(limits, depth), ...pos(doc.range[0]) }] };
  try {
    const value: unknown = doc.toJS({ maxAliasCount: limits.maxAliasCount });
    return { kind: 'value', value, locate: (path) => pos(offsetOf(contents, path)) };
  } catch (error) {
    const detail =
      error instanceof ReferenceError
        ? `document expands aliases more than ${limits.maxAliasCount} times (maxAliasCount)`
        : `document could not be read: ${error instanceof Error ? error.message : String(error)}`;
    return { kind: 'errors', errors: [{ code: 'ML0002', detail, ...pos(doc.range[0]) }] };
  }
}

/** Nesting depth of plain data (a tree: documents with aliases never come here). */
function plainDepth(root: unknown): number {
  let max = 0;
  const stack: Array<[unknown, number]> = [[root, 1]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop() ?? [null, 0];
    if (typeof value !== 'object' || value === null) continue;
    if (depth > max) max = depth;
    for (const child of Array.isArray(value) ? value : Object.values(value)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return max;
}

function nestingDepth(root: ParsedNode): number {
  let max = 0;
  const stack: Array<[YamlNode | null, number]> = [[root, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() ?? [null, 0];
    if (!node || (!isMap(node) && !isSeq(node))) continue;
    if (depth > max) max = depth;
    for (const item of node.items) {
      if (isMap(node)) {
        const pair = item as { key: YamlNode | null; value: YamlNode | null };
        stack.push([pair.key, depth + 1], [pair.value, depth + 1]);
      } else {
        stack.push([item as YamlNode | null, depth + 1]);
      }
    }
  }
  return max;
}

/**
 * Offset of the field at `path` under `root`. A scalar points at its value; a mapping or
 * sequence at its key (or list item). A path that goes past what exists stops at the
 * deepest ancestor found.
 */
function offsetOf(root: ParsedNode, path: Path): number {
  let node: YamlNode | null = root;
  let anchor = root.range[0];
  for (const seg of path) {
    if (!node || isAlias(node)) break;
    if (isMap(node) && typeof seg === 'string') {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === seg);
      if (!pair) break;
      const key = pair.key as YamlNode;
      anchor = key.range?.[0] ?? anchor;
      node = pair.value as YamlNode | null;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg] as YamlNode | null | undefined;
      if (!item) break;
      anchor = item.range?.[0] ?? anchor;
      node = item;
    } else {
      break;
    }
  }
  if (node && isScalar(node) && node.range) return node.range[0];
  return anchor;
}

/** UTF-8 length of `text`, exact only when it may exceed `limit` (most inputs are far below). */
function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}
