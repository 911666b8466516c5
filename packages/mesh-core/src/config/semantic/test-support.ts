/**
 * Helpers for the admission-check tests: build a typed resource from a spec written inline,
 * run the checks, and assert on findings the way a user reads them (code, Kiali path, text).
 */
import { expect } from 'vitest';
import type { IstioKind } from '../kinds.ts';
import { istioGroupOf, istioVersionsOf } from '../kinds.ts';
import { formatPath } from '../path.ts';
import type { IstioResource, ObjectMeta } from '../resource.ts';
import type { IstioSpecs } from '../istio-types.gen.ts';
import type { CheckCode } from '../../validation/catalogue.ts';
import { validateSemantics } from './index.ts';

export interface ShownFinding {
  readonly code: CheckCode;
  readonly path: string;
  readonly detail: string;
}

export function istio<K extends IstioKind>(
  kind: K,
  spec: IstioSpecs[K],
  meta: Partial<ObjectMeta> = {},
): IstioResource<K> {
  const metadata: ObjectMeta = {
    name: 'example',
    namespace: 'default',
    labels: {},
    annotations: {},
    ...meta,
  };
  const apiVersion = `${istioGroupOf[kind]}/${istioVersionsOf[kind][0] ?? 'v1'}`;
  return { kind, apiVersion, metadata, body: { spec }, spec };
}

export function check(resource: IstioResource): ShownFinding[] {
  return validateSemantics(resource).map((f) => ({
    code: f.code,
    path: formatPath(f.path),
    detail: f.detail ?? '',
  }));
}

export function errorsOf(resource: IstioResource): ShownFinding[] {
  return check(resource).filter((f) => f.code === 'IST0106');
}

/** One expected finding: its code (IST0106 unless said), its path, and a word its text must contain. */
export interface Expected {
  readonly code?: CheckCode;
  readonly path: string;
  /** Usually the field's name, so that the message says what to fix. */
  readonly mentions: string;
}

export function expectReported(findings: readonly ShownFinding[], expected: Expected): void {
  const code = expected.code ?? 'IST0106';
  const hit = findings.find(
    (f) => f.code === code && f.path === expected.path && f.detail.includes(expected.mentions),
  );
  expect(
    hit,
    `${code} at ${expected.path} mentioning "${expected.mentions}" among ${JSON.stringify(findings, null, 1)}`,
  ).toBeDefined();
  const prefix = code === 'IST0106' ? 'Schema validation error: ' : 'Istio admission warning: ';
  expect(hit?.detail.startsWith(prefix)).toBe(true);
}

export function expectNoErrors(resource: IstioResource): void {
  expect(errorsOf(resource)).toEqual([]);
}
