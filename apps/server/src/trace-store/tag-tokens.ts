/**
 * The tag index's vocabulary. A `tags` search matches a span's tags, process tags and log fields
 * by key and `KeyValue.AsString()` text, on a span of the searched service; so each such
 * (service, key, text) triple becomes one token: a 64-bit digest written as 16 hex digits. A span's
 * tokens go into an FTS5 table (`span_tags`, no positions, no stored text), whose posting lists
 * answer "which spans carry all these triples" with one compact index instead of a row per tag.
 *
 * The digest is two 32-bit FNV-1a lanes with different seeds and primes over
 * service NUL key NUL text, computed in JavaScript because a crypto hash per tag costs more than
 * the insert. Two triples could share a token, so the store confirms every span a token
 * search returns against its real tags (`spanHasTags`) before counting it as a match.
 *
 * Stored rows are indexed under these digests: changing them (or `tagAsString`) needs a new schema
 * version whose migration rebuilds `span_tags`.
 */
import type { JaegerSpan, JaegerTag } from './jaeger-model.ts';
import { tagAsString } from './jaeger-model.ts';

const SEED_A = 0x811c9dc5;
const SEED_B = 0x9747b28c;
const PRIME_A = 0x01000193;
const PRIME_B = 0x5bd1e995;
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

interface Lanes {
  a: number;
  b: number;
}

function mix(lanes: Lanes, text: string): void {
  let { a, b } = lanes;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, PRIME_A);
    b = Math.imul(b ^ c, PRIME_B);
  }
  // The separator: keys and values cannot run into each other.
  lanes.a = Math.imul(a, PRIME_A);
  lanes.b = Math.imul(b ^ 0xff, PRIME_B);
}

const byteHex = (n: number): string => HEX[n & 255] ?? '00';
const hex32 = (n: number): string => byteHex(n >>> 24) + byteHex(n >>> 16) + byteHex(n >>> 8) + byteHex(n);

function tokenAfter(service: Lanes, key: string, value: string): string {
  const lanes = { a: service.a, b: service.b };
  mix(lanes, key);
  mix(lanes, value);
  return hex32(lanes.a) + hex32(lanes.b);
}

function serviceLanes(service: string): Lanes {
  const lanes = { a: SEED_A, b: SEED_B };
  mix(lanes, service);
  return lanes;
}

/** Calls `visit` with every tag a `tags` search can match on this span: span tags, process tags, log fields. */
function forEachSearchableTag(span: JaegerSpan, visit: (tag: JaegerTag) => void): void {
  for (const tag of span.tags) visit(tag);
  for (const tag of span.process.tags) visit(tag);
  for (const log of span.logs) for (const tag of log.fields) visit(tag);
}

/** The span's tokens, space-separated, as the FTS5 table takes them (repeats are harmless). */
export function spanTokens(span: JaegerSpan): string {
  const service = serviceLanes(span.process.serviceName);
  let tokens = '';
  forEachSearchableTag(span, (tag) => {
    tokens += `${tokenAfter(service, tag.key, tagAsString(tag))} `;
  });
  return tokens;
}

/** An FTS5 query matching the spans of `service` that carry every tag (`key → AsString text`). */
export function tagsMatchQuery(service: string, tags: Readonly<Record<string, string>>): string {
  const lanes = serviceLanes(service);
  return Object.entries(tags)
    .map(([key, value]) => `"${tokenAfter(lanes, key, value)}"`)
    .join(' AND ');
}

/** Jaeger's memory-store test: every searched tag is one of the span's searchable tags. */
export function spanHasTags(span: JaegerSpan, tags: Readonly<Record<string, string>>): boolean {
  const present = new Set<string>();
  forEachSearchableTag(span, (tag) => {
    present.add(`${tag.key}\u0000${tagAsString(tag)}`);
  });
  return Object.entries(tags).every(([key, value]) => present.has(`${key}\u0000${value}`));
}
