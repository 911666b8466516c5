/**
 * The shapes shared by the schema compiler's parts: a check reports at a walk's path, a matcher
 * only answers, and presence says whether a field counts as set.
 */
import type { Walk } from './walk.ts';

/** A compiled check: reports problems of `value` at the walk's current path. */
export type Check = (value: unknown, walk: Walk) => void;
/** Whether a value satisfies a schema branch, reporting nothing. */
export type Matcher = (value: unknown) => boolean;
/** Whether `field` counts as present on `object` (Kubernetes prunes some nulls first). */
export type Presence = (object: Readonly<Record<string, unknown>>, field: string) => boolean;

export function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
