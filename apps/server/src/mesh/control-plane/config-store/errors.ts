/**
 * The config store's one error class. Refused config is not an error (it is a result with
 * findings); these are the requests the store cannot carry out: an object that does not exist,
 * a stale resourceVersion, input the API cannot take, a database it cannot use. `reason` maps
 * to an HTTP status in one place (the server's error handler).
 */
import type { ResourceKind } from '@meshlens/mesh-core/config';
import { groupOf } from './object-key.ts';
import type { ObjectKey } from './object-key.ts';

export const configStoreErrorReasons = ['input', 'not-found', 'conflict', 'unavailable'] as const;
export type ConfigStoreErrorReason = (typeof configStoreErrorReasons)[number];

export class ConfigStoreError extends Error {
  override readonly name = 'ConfigStoreError';
  readonly reason: ConfigStoreErrorReason;
  /** The objects the error is about, when it is about objects. */
  readonly objects: readonly ObjectKey[];

  constructor(reason: ConfigStoreErrorReason, message: string, objects: readonly ObjectKey[] = []) {
    super(message);
    this.reason = reason;
    this.objects = objects;
  }
}

/** Kubernetes' name for a kind's resource: `virtualservices.networking.istio.io`, `services`. */
export function qualifiedResource(kind: ResourceKind): string {
  const lower = kind.toLowerCase();
  const plural = /[^aeiou]y$/.test(lower) ? `${lower.slice(0, -1)}ies` : `${lower}s`;
  const group = groupOf(kind);
  return group === '' ? plural : `${plural}.${group}`;
}

/** Kubernetes' message for a write against a version that is no longer current. */
export function modifiedConflict(key: ObjectKey): ConfigStoreError {
  return new ConfigStoreError(
    'conflict',
    `Operation cannot be fulfilled on ${qualifiedResource(key.kind)} "${key.name}": the object has been modified; please apply your changes to the latest version and try again`,
    [key],
  );
}

export function notFound(key: ObjectKey, what = ''): ConfigStoreError {
  const ns = key.namespace === '' ? '' : ` in namespace "${key.namespace}"`;
  return new ConfigStoreError(
    'not-found',
    `${qualifiedResource(key.kind)} "${key.name}"${what} not found${ns}`,
    [key],
  );
}
