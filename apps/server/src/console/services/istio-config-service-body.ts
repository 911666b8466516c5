/**
 * Request bodies of the console's config writes, read as YAML or JSON (JSON is YAML) and checked
 * against the path before the store sees them: one object, of the path's kind and group, in the
 * path's namespace, with the path's name on update. A body that cannot be read is a 400 whose
 * message names the line and column; nothing reaches the store.
 */
import { parseDocument } from 'yaml';
import { isWholeObject } from '@meshlens/mesh-core/api/istio-config-patch';
import { isPlainObject, istioGroupOf, parseManifests, parsePath } from '@meshlens/mesh-core/config';
import type { IstioKind, Resource } from '@meshlens/mesh-core/config';
import type { Finding } from '@meshlens/mesh-core/validation';
import { ConsoleError } from '../errors.ts';

/** The name findings on a create's body point into. */
export const REQUEST_BODY = 'request body';

export interface BodyTarget {
  readonly namespace: string;
  readonly kind: IstioKind;
  /** The object's name, on update. */
  readonly name?: string;
}

const at = (f: Finding): string => (f.source ? `line ${f.source.line}, column ${f.source.column}: ` : '');

function unreadable(findings: readonly Finding[]): ConsoleError {
  const first = findings.find((f) => f.severity === 'error') ?? findings[0];
  const message = first ? `${at(first)}${first.message}` : 'it holds nothing';
  return new ConsoleError('input', `The ${REQUEST_BODY} cannot be read: ${message}`, { findings });
}

/** A value of the body for a message: strings as they are, anything else as JSON. */
const shown = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

const groupOfApiVersion = (apiVersion: string): string =>
  apiVersion.includes('/') ? (apiVersion.split('/')[0] ?? '') : '';

/** The object's identity checked against the path's: kind, group, namespace and name. */
function checkIdentity(
  object: { kind: unknown; apiVersion: unknown; namespace: unknown; name: unknown },
  target: BodyTarget,
): void {
  if (object.kind !== target.kind) {
    throw new ConsoleError(
      'input',
      `The body's kind [${shown(object.kind)}] is not the path's kind [${target.kind}]`,
      { param: 'kind' },
    );
  }
  const group = typeof object.apiVersion === 'string' ? groupOfApiVersion(object.apiVersion) : '';
  if (group !== istioGroupOf[target.kind]) {
    throw new ConsoleError(
      'input',
      `The body's apiVersion [${shown(object.apiVersion)}] is not in the path's group [${istioGroupOf[target.kind]}]`,
      { param: 'group' },
    );
  }
  if (object.namespace !== undefined && object.namespace !== target.namespace) {
    throw new ConsoleError(
      'input',
      `The body's namespace [${shown(object.namespace)}] is not the path's namespace [${target.namespace}]`,
      { param: 'namespace' },
    );
  }
  if (target.name !== undefined && object.name !== target.name) {
    throw new ConsoleError(
      'input',
      `The body's name [${shown(object.name)}] is not the path's object [${target.name}]: an update cannot rename`,
      { param: 'object' },
    );
  }
}

/** A create's body: exactly one object of the path's kind, read with positions. */
export function createBody(text: string, target: BodyTarget): Resource {
  if (text.trim() === '') throw new ConsoleError('input', `The ${REQUEST_BODY} is empty: send the object`);
  const parsed = parseManifests(text, { file: REQUEST_BODY, defaultNamespace: target.namespace });
  if (parsed.findings.some((f) => f.severity === 'error')) throw unreadable(parsed.findings);
  const [resource, ...others] = parsed.resources;
  if (!resource || others.length > 0 || parsed.skipped > 0) {
    const count = parsed.resources.length + parsed.skipped;
    throw new ConsoleError('input', `The ${REQUEST_BODY} must hold one ${target.kind}, not ${count} objects`);
  }
  const metadata = isPlainObject(resource.body.metadata) ? resource.body.metadata : {};
  checkIdentity(
    {
      kind: resource.kind,
      apiVersion: resource.apiVersion,
      namespace: metadata.namespace,
      name: resource.metadata.name,
    },
    target,
  );
  return resource;
}

/** An update's body: one mapping (a merge patch or a whole object). */
export function updateBody(text: string): Record<string, unknown> {
  if (text.trim() === '') throw new ConsoleError('input', `The ${REQUEST_BODY} is empty: send a patch`);
  const doc = parseDocument(text, { uniqueKeys: true });
  const error = doc.errors[0];
  if (error) {
    const position = error.linePos?.[0];
    const where = position ? `line ${position.line}, column ${position.col}: ` : '';
    // The library's message ends with its own position and an excerpt: keep the sentence.
    const what = error.message.split(/ at line \d+, column \d+/, 1)[0] ?? error.message;
    throw new ConsoleError('input', `The ${REQUEST_BODY} cannot be read: ${where}${what}`);
  }
  let value: unknown;
  try {
    // Aliases are bounded as mesh-core's parser bounds them (no billion laughs).
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    throw new ConsoleError('input', `The ${REQUEST_BODY} cannot be read: ${(e as Error).message}`);
  }
  if (!isPlainObject(value)) {
    throw new ConsoleError(
      'input',
      `The ${REQUEST_BODY} must be an object (a JSON merge patch or the whole object)`,
    );
  }
  return value;
}

/** The updated object checked against the path, its namespace filled in when it names none. */
export function checkUpdated(updated: Record<string, unknown>, target: BodyTarget & { name: string }): void {
  const metadata = isPlainObject(updated.metadata) ? updated.metadata : {};
  checkIdentity(
    {
      kind: updated.kind,
      apiVersion: updated.apiVersion,
      namespace: metadata.namespace,
      name: metadata.name,
    },
    target,
  );
  updated.metadata = { ...metadata, namespace: target.namespace };
}

/**
 * Findings of an update pointed into its body, when the body is the whole object (the editor's
 * text): the store read the YAML the update produced, whose lines are not the user's. Findings
 * on other objects, and those of a merge patch, keep their place.
 */
export function findingsInBody(
  findings: readonly Finding[],
  body: string,
  target: BodyTarget & { name: string },
): Finding[] {
  const whole = (() => {
    try {
      return isWholeObject(updateBody(body));
    } catch {
      return false;
    }
  })();
  if (!whole) return [...findings];
  const parsed = parseManifests(body, { file: REQUEST_BODY, defaultNamespace: target.namespace });
  const source = parsed.resources.length === 1 ? parsed.resources[0]?.source : undefined;
  if (!source) return [...findings];
  return findings.map((f) => {
    const own =
      f.object?.kind === target.kind &&
      f.object.namespace === target.namespace &&
      f.object.name === target.name;
    const path = own ? parsePath(f.path) : undefined;
    return path ? { ...f, source: source.locate(path) } : f;
  });
}

/** Metadata the server keeps across an update, for the object a dry run answers. */
const KEPT_METADATA = ['uid', 'resourceVersion', 'generation', 'creationTimestamp'] as const;

/** The object an update would leave: the updated object with the stored one's server metadata. */
export function proposedManifest(
  current: { readonly manifest: Readonly<Record<string, unknown>> },
  updated: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const stored = isPlainObject(current.manifest.metadata) ? current.manifest.metadata : {};
  const metadata = isPlainObject(updated.metadata) ? updated.metadata : {};
  const kept = Object.fromEntries(KEPT_METADATA.filter((k) => k in stored).map((k) => [k, stored[k]]));
  return { ...updated, metadata: { ...metadata, ...kept } };
}
