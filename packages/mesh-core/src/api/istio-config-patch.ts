/**
 * How a console update turns into the object to store. Kiali's editor sends a JSON merge patch
 * (RFC 7386): objects merge key by key, `null` removes a key, anything else (arrays included)
 * replaces. A body that names `apiVersion` and `kind` is a whole object and replaces the stored
 * one, as `kubectl replace` does; its `null`s are dropped the same way. Kiali's editor patch,
 * which is the edited object with `null` for every removed field, reads the same either way.
 */
import { isPlainObject } from '../config/parse.ts';

/** RFC 7386 merge of `patch` onto `target`. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return patch;
  const out = new Map(Object.entries(isPlainObject(target) ? target : {}));
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) out.delete(key);
    else out.set(key, mergePatch(out.get(key), value));
  }
  return Object.fromEntries(out);
}

/** Metadata the API server owns: never taken from an update (resourceVersion is a precondition). */
const SERVER_METADATA: ReadonlySet<string> = new Set([
  'uid',
  'generation',
  'creationTimestamp',
  'managedFields',
  'selfLink',
]);

const without = (
  value: Readonly<Record<string, unknown>>,
  drop: (key: string) => boolean,
): Record<string, unknown> => Object.fromEntries(Object.entries(value).filter(([key]) => !drop(key)));

/** A body naming `apiVersion` and `kind` is a whole object, not a patch. */
export function isWholeObject(body: Readonly<Record<string, unknown>>): boolean {
  return typeof body.apiVersion === 'string' && typeof body.kind === 'string';
}

/**
 * The object an update asks for: `body` merged onto the stored manifest, or, for a whole object,
 * onto nothing. Server-owned metadata and `status` are left out; `metadata.resourceVersion`
 * is kept when the body gives one, so the store checks it.
 */
export function updatedObject(
  current: Readonly<Record<string, unknown>>,
  body: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  let base: Record<string, unknown> = {};
  if (!isWholeObject(body)) {
    base = without(current, (key) => key === 'status');
    if (isPlainObject(current.metadata)) {
      base.metadata = without(
        current.metadata,
        (key) => SERVER_METADATA.has(key) || key === 'resourceVersion',
      );
    }
  }
  const merged = mergePatch(base, body);
  const out = without(isPlainObject(merged) ? merged : {}, (key) => key === 'status');
  if (isPlainObject(out.metadata)) out.metadata = without(out.metadata, (key) => SERVER_METADATA.has(key));
  return out;
}

/** The resourceVersion an update body names, if any (a number is read as its text). */
export function resourceVersionOf(body: Readonly<Record<string, unknown>>): string | undefined {
  const metadata = body.metadata;
  if (!isPlainObject(metadata)) return undefined;
  const version = metadata.resourceVersion;
  if (typeof version === 'string' && version !== '') return version;
  if (typeof version === 'number') return String(version);
  return undefined;
}
