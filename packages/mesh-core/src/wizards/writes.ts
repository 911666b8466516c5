/**
 * The config API requests that apply a wizard, and the objects they leave stored. A new object
 * is created (POST of the object). An existing one is updated with a JSON merge patch of the
 * fields the wizard owns (labels, host, subsets, routes and, for the circuit breaker, its
 * policies, `null` removing the policy it no longer sets), so what the wizard does not know
 * (another label, a DestinationRule's TLS settings) survives, as Kiali's update patch keeps it.
 * The stored result is computed with the server's own merge, so the preview shows exactly what
 * will be stored and the browser validates exactly that.
 */
import { updatedObject } from '../api/istio-config-patch.ts';
import type {
  DestinationRuleManifest,
  VirtualServiceManifest,
  WizardKind,
  WizardManifests,
} from './model.ts';

export type RoutingKind = 'VirtualService' | 'DestinationRule';

export interface WizardWrite {
  readonly kind: RoutingKind;
  readonly name: string;
  readonly operation: 'create' | 'update';
  /** The request body: the object (create) or a JSON merge patch (update). */
  readonly body: Readonly<Record<string, unknown>>;
  /** The object as it will be stored. */
  readonly result: Readonly<Record<string, unknown>>;
}

/** The stored manifests the wizard replaces, as the API answers them. */
export interface ExistingManifests {
  readonly virtualService?: Readonly<Record<string, unknown>>;
  readonly destinationRule?: Readonly<Record<string, unknown>>;
}

function patchOf(
  object: VirtualServiceManifest | DestinationRuleManifest,
  wizard: WizardKind,
): Record<string, unknown> {
  const spec: Record<string, unknown> = { ...object.spec };
  if (object.kind === 'DestinationRule' && wizard === 'circuit_breaker') {
    const policy = object.spec.trafficPolicy;
    spec.trafficPolicy = {
      connectionPool: policy?.connectionPool ?? null,
      outlierDetection: policy?.outlierDetection ?? null,
    };
  }
  return { metadata: { labels: { ...object.metadata.labels } }, spec };
}

function writeOf(
  object: VirtualServiceManifest | DestinationRuleManifest,
  current: Readonly<Record<string, unknown>> | undefined,
  wizard: WizardKind,
): WizardWrite {
  const name = object.metadata.name;
  if (current === undefined) {
    const body = { ...object } as Record<string, unknown>;
    return { kind: object.kind, name, operation: 'create', body, result: body };
  }
  const body = patchOf(object, wizard);
  return { kind: object.kind, name, operation: 'update', body, result: tidy(updatedObject(current, body)) };
}

const isEmptyMap = (v: unknown): boolean =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0;

/**
 * The merged object in manifest order (apiVersion, kind, metadata, spec), without the empty
 * label and annotation maps the API's views add: what `kubectl get -o yaml` would show.
 */
function tidy(o: Record<string, unknown>): Record<string, unknown> {
  const { apiVersion, kind, metadata, spec, ...rest } = o;
  const meta =
    typeof metadata === 'object' && metadata !== null
      ? Object.fromEntries(
          Object.entries(metadata).filter(
            ([k, v]) => !((k === 'labels' || k === 'annotations') && isEmptyMap(v)),
          ),
        )
      : metadata;
  return { apiVersion, kind, metadata: meta, spec, ...rest };
}

/** The writes of `built`, VirtualService first, given what is stored now. */
export function wizardWrites(
  built: WizardManifests,
  existing: ExistingManifests,
  wizard: WizardKind,
): WizardWrite[] {
  const writes: WizardWrite[] = [];
  if (built.virtualService) writes.push(writeOf(built.virtualService, existing.virtualService, wizard));
  writes.push(writeOf(built.destinationRule, existing.destinationRule, wizard));
  return writes;
}

const destinationPath = /^spec\/http\[(\d+)\]\/route\[(\d+)\]\/destination$/;
const SUBSET_NOT_FOUND = 'KIA1107';

type Json = Readonly<Record<string, unknown>>;
const field = (o: unknown, key: string | number): unknown =>
  typeof o === 'object' && o !== null ? (o as Json)[key] : undefined;

/**
 * Whether a finding of the server's dry run of the VirtualService write is only there because
 * the dry run checks each object against the mesh as it is now: "subset not found" for a subset
 * that the DestinationRule write, applied first, defines.
 */
export function isPendingSubsetFinding(
  finding: { readonly code: string; readonly path: string },
  writes: readonly WizardWrite[],
): boolean {
  if (finding.code !== SUBSET_NOT_FOUND) return false;
  const at = destinationPath.exec(finding.path);
  const vs = writes.find((w) => w.kind === 'VirtualService');
  const dr = writes.find((w) => w.kind === 'DestinationRule');
  if (!at || !vs || !dr) return false;
  const route = field(field(field(vs.result.spec, 'http'), Number(at[1])), 'route');
  const subset = field(field(field(route, Number(at[2])), 'destination'), 'subset');
  const subsets = field(dr.result.spec, 'subsets');
  return (
    typeof subset === 'string' && Array.isArray(subsets) && subsets.some((s) => field(s, 'name') === subset)
  );
}
