/**
 * Reads multi-document YAML or JSON into resources, keeping every node's place in the file.
 *
 * Each document is read on its own (`yaml-documents.ts`; JSON is YAML), checked against the
 * limits below, and wrapped with a locator that maps a field path back to line and column.
 * Anything that cannot become a resource is a finding with a position,
 * never an exception: syntax errors, duplicate keys, alias bombs, deep nesting, documents that
 * are not objects or lack apiVersion/kind/metadata.name.
 */
import type { Finding, SourcePosition } from '../validation/finding.ts';
import { makeFinding } from '../validation/finding.ts';
import { isIstioKind, isKubeKind } from './kinds.ts';
import type { ObjectMeta, Resource, ResourceSource } from './resource.ts';
import type { Path } from './path.ts';
import type { ParseLimits } from './yaml-documents.ts';
import { readDocument, splitDocuments } from './yaml-documents.ts';

export type { ParseLimits } from './yaml-documents.ts';

export const defaultParseLimits: ParseLimits = {
  maxBytes: 16 * 1024 * 1024,
  maxDocuments: 50_000,
  maxDepth: 64,
  maxAliasCount: 100,
};

export interface ParseOptions {
  /** Name of the input, used in every position (`vs.yaml`, `-` for stdin). */
  readonly file: string;
  /** Namespace of resources that do not name one (istioctl analyze uses `default`). */
  readonly defaultNamespace?: string;
  readonly limits?: Partial<ParseLimits>;
}

export interface ParseResult {
  readonly resources: Resource[];
  readonly findings: Finding[];
  /** Documents of kinds Meshlens does not read (ConfigMap, …): passed over, as istioctl does. */
  readonly skipped: number;
}

/** Decodes file bytes: UTF-8 (with or without BOM) or UTF-16 with BOM; anything else is refused. */
export function decodeManifestBytes(
  bytes: Uint8Array,
  file: string,
): { ok: true; text: string } | { ok: false; finding: Finding } {
  const fail = (detail: string): { ok: false; finding: Finding } => ({
    ok: false,
    finding: makeFinding({ code: 'ML0004', path: [], detail, source: { file, line: 1, column: 1 } }),
  });
  let encoding = 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) encoding = 'utf-16le';
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) encoding = 'utf-16be';
  let text: string;
  try {
    text = new TextDecoder(encoding, { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return fail(`${file} is not ${encoding === 'utf-8' ? 'UTF-8' : encoding.toUpperCase()} text`);
  }
  const nul = text.indexOf('\u0000');
  if (nul !== -1) return fail(`${file} is a binary file (NUL character at offset ${nul}), not YAML or JSON`);
  return { ok: true, text };
}

export function parseManifests(text: string, options: ParseOptions): ParseResult {
  const limits = { ...defaultParseLimits, ...options.limits };
  const file = options.file;
  const defaultNamespace = options.defaultNamespace ?? 'default';
  const resources: Resource[] = [];
  const findings: Finding[] = [];
  let skipped = 0;
  const at = (line: number, column: number): SourcePosition => ({ file, line, column });

  const size = utf8Length(text, limits.maxBytes);
  if (size > limits.maxBytes) {
    findings.push(
      makeFinding({
        code: 'ML0002',
        path: [],
        detail: `${file} is ${size} bytes, over the limit of ${limits.maxBytes} bytes (maxBytes)`,
        source: at(1, 1),
      }),
    );
    return { resources, findings, skipped };
  }

  // Documents are split at their `---` markers (a line starting `---` always starts a document
  // in YAML, even inside a quoted scalar), so each is read, and located, on its own.
  const chunks = splitDocuments(text);
  if (chunks.length > limits.maxDocuments) {
    findings.push(
      makeFinding({
        code: 'ML0002',
        path: [],
        detail: `${file} holds ${chunks.length} documents, over the limit of ${limits.maxDocuments} (maxDocuments)`,
        source: at(1, 1),
      }),
    );
    return { resources, findings, skipped };
  }

  chunks.forEach((chunk, index) => {
    const doc = readDocument(chunk, limits);
    const shift = (p: { line: number; column: number }): SourcePosition =>
      at(p.line + chunk.lineOffset, p.column);
    if (doc.kind === 'errors') {
      for (const e of doc.errors)
        findings.push(makeFinding({ code: e.code, path: [], detail: e.detail, source: shift(e) }));
      return;
    }
    if (doc.value === undefined || doc.value === null) return; // empty document
    const value = doc.value;
    const locatorFor =
      (base: Path): ((path: Path) => SourcePosition) =>
      (path) =>
        shift(doc.locate([...base, ...path]));

    const read = (obj: unknown, base: Path): void => {
      const where = locatorFor(base);
      if (!isPlainObject(obj)) {
        findings.push(
          makeFinding({
            code: 'ML0003',
            path: base,
            detail: `document is a ${describe(obj)}, not a Kubernetes resource (a mapping with apiVersion, kind and metadata)`,
            source: where([]),
          }),
        );
        return;
      }
      const kind = obj.kind;
      const apiVersion = obj.apiVersion;
      if (typeof kind !== 'string' || typeof apiVersion !== 'string') {
        const field = typeof kind !== 'string' ? 'kind' : 'apiVersion';
        findings.push(
          makeFinding({
            code: 'ML0003',
            path: [...base, field],
            detail: `${field} is ${obj[field] === undefined ? 'missing' : 'not a string'}`,
            source: where(obj[field] === undefined ? [] : [field]),
          }),
        );
        return;
      }
      if (kind === 'List' && apiVersion === 'v1') {
        const items = obj.items;
        if (Array.isArray(items))
          items.forEach((item, i) => {
            read(item, [...base, 'items', i]);
          });
        return;
      }
      if (!isIstioKind(kind) && !isKubeKind(kind)) {
        skipped++;
        return;
      }
      const meta = readMetadata(obj.metadata, defaultNamespace);
      if (typeof meta === 'string') {
        findings.push(
          makeFinding({
            code: 'ML0003',
            path: [...base, 'metadata', ...(meta === 'metadata' ? [] : ['name'])],
            detail: `${kind}: ${meta === 'metadata' ? 'metadata is missing or not a mapping' : 'metadata.name is missing or not a string'}`,
            source: where(meta === 'metadata' ? [] : ['metadata']),
          }),
        );
        return;
      }
      const source: ResourceSource = { file, document: index, locate: where };
      resources.push({ kind, apiVersion, metadata: meta, body: obj, source });
    };
    read(value, []);
  });
  return { resources, findings, skipped };
}
function readMetadata(raw: unknown, defaultNamespace: string): ObjectMeta | 'metadata' | 'name' {
  if (!isPlainObject(raw)) return 'metadata';
  const name = raw.name;
  if (typeof name !== 'string' || name === '') return 'name';
  const namespace =
    typeof raw.namespace === 'string' && raw.namespace !== '' ? raw.namespace : defaultNamespace;
  return { name, namespace, labels: stringMap(raw.labels), annotations: stringMap(raw.annotations) };
}

function stringMap(raw: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isPlainObject(raw)) return out;
  for (const [k, v] of Object.entries(raw)) {
    if (typeof v === 'string') out[k] = v;
    else if (typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
  }
  return out;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'sequence';
  if (value === null) return 'null';
  return `${typeof value} scalar`;
}

/** Deepest nesting of collections under `root`, computed without recursion. */ function utf8Length(
  text: string,
  limit: number,
): number {
  if (text.length * 3 <= limit) return text.length;
  return new TextEncoder().encode(text).length;
}
