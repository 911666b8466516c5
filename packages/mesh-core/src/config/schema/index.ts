/**
 * Structural validation of an Istio resource against Istio's CRD schema for its
 * group/version/kind, as the Kubernetes API server applies it before Istio sees the resource.
 *
 * The apiVersion picks the schema (`crdSchemas['networking.istio.io/v1/VirtualService']`); a
 * version Istio does not serve for the kind is the one finding. Otherwise the whole body is
 * checked by the schema's compiled validator (`compile.ts`), reporting every problem as an
 * IST0106 finding at the offending field's path. The CRDs' root schema declares only `spec` and
 * `status`: like the API server, this accepts `apiVersion`, `kind` and `metadata` beside them
 * (metadata is checked elsewhere), and ignores `status`, which the API server drops from
 * writes to the main resource of a kind with a status subresource, as all of Istio's are.
 */
import type { Resource } from '../resource.ts';
import type { RuleFinding } from '../../validation/finding.ts';
import { isIstioKind } from '../kinds.ts';
import type { CrdSchema } from './crd-schema.ts';
import { crdSchemas } from './crd-schemas.gen.ts';
import { compileSchema } from './compile.ts';
import { schemaErrorPrefix, Walk } from './walk.ts';

export { celRuleSupport } from './cel.ts';

const rootFields: Readonly<Record<string, CrdSchema>> = {
  apiVersion: { type: 'string' },
  kind: { type: 'string' },
  metadata: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
  status: { 'x-kubernetes-preserve-unknown-fields': true },
};

// One resource schema per CRD schema object, so the compiled validator is memoised with it.
const resourceSchemas = new WeakMap<CrdSchema, CrdSchema>();

function resourceSchema(crd: CrdSchema): CrdSchema {
  let schema = resourceSchemas.get(crd);
  if (!schema) {
    schema = { ...crd, type: 'object', properties: { ...crd.properties, ...rootFields } };
    resourceSchemas.set(crd, schema);
  }
  return schema;
}

/** Kubernetes' version priority: GA before beta before alpha, higher numbers first. */
function versionRank(apiVersion: string): [number, number, number] {
  const m = /\/v(\d+)(?:(alpha|beta)(\d+))?$/.exec(apiVersion);
  if (!m) return [3, 0, 0];
  const stability = m[2] === undefined ? 0 : m[2] === 'beta' ? 1 : 2;
  return [stability, -Number(m[1]), -Number(m[3] ?? 0)];
}

function byVersionPriority(a: string, b: string): number {
  const [ra, rb] = [versionRank(a), versionRank(b)];
  for (let i = 0; i < 3; i++) if (ra[i] !== rb[i]) return (ra[i] ?? 0) - (rb[i] ?? 0);
  return a.localeCompare(b);
}

/** `group/version` values Istio's CRDs serve for a kind, preferred (GA) first. */
export function servedApiVersions(kind: string): string[] {
  const suffix = `/${kind}`;
  return Object.keys(crdSchemas)
    .filter((key) => key.endsWith(suffix))
    .map((key) => key.slice(0, -suffix.length))
    .sort(byVersionPriority);
}

function schemaFor(resource: Resource): CrdSchema | undefined {
  // Exactly `group/version`: anything else must not be able to form another kind's key.
  if (!/^[^/]+\/[^/]+$/.test(resource.apiVersion)) return undefined;
  return crdSchemas[`${resource.apiVersion}/${resource.kind}`];
}

/**
 * Every structural problem of an Istio resource: unknown fields, wrong types, values outside
 * an enum or range, missing required fields, mutually exclusive fields, failed CEL rules.
 * Resources of other kinds have no CRD here and get no findings.
 */
export function validateStructure(resource: Resource): RuleFinding[] {
  if (!isIstioKind(resource.kind)) return [];
  const crd = schemaFor(resource);
  if (!crd) {
    const served = servedApiVersions(resource.kind);
    return [
      {
        code: 'IST0106',
        path: ['apiVersion'],
        detail: `${schemaErrorPrefix}apiVersion: ${JSON.stringify(resource.apiVersion)} is not served for ${resource.kind}; use one of ${served.join(', ')}`,
      },
    ];
  }
  const walk = new Walk();
  compileSchema(resourceSchema(crd)).check(resource.body, walk);
  return walk.findings;
}
