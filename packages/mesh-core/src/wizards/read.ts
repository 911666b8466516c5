/**
 * The inverse of the builders: a wizard's form read back from the VirtualService and
 * DestinationRule it made, so reopening it shows the current settings (Kiali's `getInitWeights`,
 * `getInitRules`, `getInitFaultInjectionRoute`, …). Objects are read as untyped JSON: a field
 * the form cannot show is left out rather than failing. Subsets map to versions through the
 * DestinationRule's `version` labels; versions of the service that the objects do not route to
 * are added with weight 0, as Kiali does.
 *
 * Also here: who owns the service's routing (the `kiali_wizard` label), and so which wizards
 * the Actions menu offers, and in which mode.
 */
import { isPlainObject } from '../config/parse.ts';
import type {
  AbortModel,
  ConnectionPoolModel,
  DelayModel,
  HeaderMatchModel,
  MatchModel,
  ModelOf,
  OutlierDetectionModel,
  RetriesModel,
  StringMatchModel,
  VersionWeight,
  WizardKind,
  WizardModel,
  WizardTarget,
} from './model.ts';
import {
  KIALI_WIZARD_LABEL,
  STRING_MATCH_OPS,
  VERSION_LABEL,
  WIZARD_TITLES,
  defaultModel,
  isWizardKind,
} from './model.ts';

/** An object as the API answers it; only `metadata` and `spec` are read. */
// A type, not an interface: it must be assignable to the plain records the merge takes.
export type ExistingObject = {
  readonly metadata: { readonly name: string; readonly labels?: Readonly<Record<string, string>> };
  readonly spec?: unknown;
};

/** The service's current routing objects (those the service details list). */
export interface ExistingRouting {
  readonly virtualService?: ExistingObject;
  readonly destinationRule?: ExistingObject;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (isPlainObject(v) ? v : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? (v as unknown[]) : []);
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Subset name → version, from the DestinationRule's subsets (the name itself when unlabelled). */
function subsetVersions(dr: ExistingObject | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const subset of list(obj(dr?.spec).subsets)) {
    const name = str(obj(subset).name);
    if (name === undefined) continue;
    out.set(name, str(obj(obj(subset).labels)[VERSION_LABEL]) ?? name);
  }
  return out;
}

function readStringMatch(v: unknown): StringMatchModel | undefined {
  const m = obj(v);
  for (const op of STRING_MATCH_OPS) {
    const value = str(m[op]);
    if (value !== undefined) return { op, value };
  }
  return undefined;
}

function readMatch(v: unknown): MatchModel {
  const m = obj(v);
  const headers: HeaderMatchModel[] = [];
  for (const [name, match] of Object.entries(obj(m.headers))) {
    const sm = readStringMatch(match);
    if (sm) headers.push({ name, ...sm });
  }
  const uri = readStringMatch(m.uri);
  const method = readStringMatch(m.method);
  return { headers, ...(uri ? { uri } : {}), ...(method ? { method } : {}) };
}

function readWeights(route: unknown, versions: ReadonlyMap<string, string>): VersionWeight[] {
  const dests = list(obj(route).route);
  const out: VersionWeight[] = [];
  for (const d of dests) {
    const subset = str(obj(obj(d).destination).subset);
    if (subset === undefined) continue;
    // Istio: a lone destination without a weight takes everything.
    const weight = num(obj(d).weight) ?? (dests.length === 1 ? 100 : 0);
    out.push({ version: versions.get(subset) ?? subset, weight });
  }
  return out;
}

/** Read weights, plus the service's other versions at 0; Kiali's defaults when none were read. */
function withAllVersions(read: VersionWeight[], target: WizardTarget, fallback: readonly VersionWeight[]) {
  if (read.length === 0) return [...fallback];
  const seen = new Set(read.map((w) => w.version));
  return [...read, ...target.versions.filter((v) => !seen.has(v)).map((version) => ({ version, weight: 0 }))];
}

function readDelay(v: unknown): DelayModel | undefined {
  if (!isPlainObject(v)) return undefined;
  return { percentage: num(obj(v.percentage).value) ?? 100, fixedDelay: str(v.fixedDelay) ?? '' };
}

function readAbort(v: unknown): AbortModel | undefined {
  if (!isPlainObject(v)) return undefined;
  return { percentage: num(obj(v.percentage).value) ?? 100, httpStatus: num(v.httpStatus) ?? 503 };
}

function readRetries(v: unknown): RetriesModel | undefined {
  if (!isPlainObject(v)) return undefined;
  const perTryTimeout = str(v.perTryTimeout);
  const retryOn = str(v.retryOn);
  return {
    attempts: num(v.attempts) ?? 0,
    ...(perTryTimeout !== undefined ? { perTryTimeout } : {}),
    ...(retryOn !== undefined ? { retryOn } : {}),
  };
}

function readPool(v: unknown): ConnectionPoolModel | undefined {
  if (!isPlainObject(v)) return undefined;
  const tcp = obj(v.tcp);
  const http = obj(v.http);
  return dropUndefined({
    maxConnections: num(tcp.maxConnections),
    http1MaxPendingRequests: num(http.http1MaxPendingRequests),
    http2MaxRequests: num(http.http2MaxRequests),
    maxRequestsPerConnection: num(http.maxRequestsPerConnection),
    maxRetries: num(http.maxRetries),
  });
}

function readOutlier(v: unknown): OutlierDetectionModel | undefined {
  if (!isPlainObject(v)) return undefined;
  return dropUndefined({
    consecutive5xxErrors: num(v.consecutive5xxErrors),
    interval: str(v.interval),
    baseEjectionTime: str(v.baseEjectionTime),
    maxEjectionPercent: num(v.maxEjectionPercent),
  });
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** The form of wizard `kind` as the existing objects configure it (its defaults where they do not). */
export function readWizard<K extends WizardKind>(
  kind: K,
  existing: ExistingRouting,
  target: WizardTarget,
): ModelOf<K>;
export function readWizard(kind: WizardKind, existing: ExistingRouting, target: WizardTarget): WizardModel {
  const defaults = defaultModel(kind, target);
  const versions = subsetVersions(existing.destinationRule);
  const http = list(obj(existing.virtualService?.spec).http);
  // The single-route wizards read the first route, as Kiali does.
  const first = obj(http[0]);
  const weights = withAllVersions(
    readWeights(first, versions),
    target,
    'weights' in defaults ? defaults.weights : [],
  );
  switch (kind) {
    case 'traffic_shifting':
      return { kind, weights };
    case 'request_routing': {
      const rules = http
        .map((route) => ({
          matches: list(obj(route).match).map(readMatch),
          routes: readWeights(route, versions),
        }))
        .filter((rule) => rule.routes.length > 0);
      return { kind, rules: rules.length > 0 ? rules : defaultModel(kind, target).rules };
    }
    case 'fault_injection': {
      if (existing.virtualService === undefined) return defaults;
      const delay = readDelay(obj(first.fault).delay);
      const abort = readAbort(obj(first.fault).abort);
      return { kind, weights, ...(delay ? { delay } : {}), ...(abort ? { abort } : {}) };
    }
    case 'request_timeouts': {
      if (existing.virtualService === undefined) return defaults;
      const timeout = str(first.timeout);
      const retries = readRetries(first.retries);
      return {
        kind,
        weights,
        ...(timeout !== undefined ? { timeout } : {}),
        ...(retries ? { retries } : {}),
      };
    }
    case 'circuit_breaker': {
      if (existing.destinationRule === undefined) return defaults;
      const policy = obj(obj(existing.destinationRule.spec).trafficPolicy);
      const connectionPool = readPool(policy.connectionPool);
      const outlierDetection = readOutlier(policy.outlierDetection);
      return {
        kind,
        ...(connectionPool ? { connectionPool } : {}),
        ...(outlierDetection ? { outlierDetection } : {}),
      };
    }
  }
}

/** Which wizard made an object, by its `kiali_wizard` label. */
export function wizardOf(object: ExistingObject | undefined): WizardKind | undefined {
  const label = object?.metadata.labels?.[KIALI_WIZARD_LABEL];
  return isWizardKind(label) ? label : undefined;
}

export interface RoutingOwnership {
  /** The wizard that configured the service's routing. */
  readonly owner?: WizardKind;
  /** Why no wizard may touch the routing (a VirtualService written by hand). */
  readonly blockedBy?: string;
  /** The objects a wizard would replace or a deletion would remove. */
  readonly virtualServices: readonly ExistingObject[];
  readonly destinationRules: readonly ExistingObject[];
}

/**
 * Kiali's rule: while a wizard owns the service's routing only that wizard opens (to update it).
 * A VirtualService no wizard made blocks every wizard, as a wizard would overwrite its routes.
 * Unlike Kiali, a DestinationRule alone (Bookinfo's `destination-rule-all`) does not block: it only
 * names subsets, and the wizard's own DestinationRule takes its place, keeping its name.
 */
export function routingOwnership(
  virtualServices: readonly ExistingObject[],
  destinationRules: readonly ExistingObject[],
): RoutingOwnership {
  const vsOwner = virtualServices.map(wizardOf).find((k) => k !== undefined);
  const base = { virtualServices, destinationRules };
  if (vsOwner) return { ...base, owner: vsOwner };
  const handWritten = virtualServices[0];
  if (handWritten) {
    return {
      ...base,
      blockedBy: `VirtualService ${handWritten.metadata.name} was not made by a wizard: edit it in Istio Config, or delete the traffic routing first`,
    };
  }
  const drOwner = destinationRules.map(wizardOf).find((k) => k !== undefined);
  return drOwner ? { ...base, owner: drOwner } : base;
}

export interface WizardAvailability {
  readonly enabled: boolean;
  readonly mode: 'create' | 'update';
  /** Why it is disabled. */
  readonly reason?: string;
}

export function wizardAvailability(kind: WizardKind, ownership: RoutingOwnership): WizardAvailability {
  if (ownership.blockedBy !== undefined)
    return { enabled: false, mode: 'create', reason: ownership.blockedBy };
  if (ownership.owner === undefined) return { enabled: true, mode: 'create' };
  if (ownership.owner === kind) return { enabled: true, mode: 'update' };
  return {
    enabled: false,
    mode: 'create',
    reason: `Traffic routing already exists for this service (made by the ${WIZARD_TITLES[ownership.owner]} wizard): update it, or delete the traffic routing first`,
  };
}

/** The objects a wizard reads and replaces: the wizard-made ones first. */
export function existingRoutingOf(ownership: RoutingOwnership): ExistingRouting {
  const virtualService =
    ownership.virtualServices.find((o) => wizardOf(o) !== undefined) ?? ownership.virtualServices[0];
  const destinationRule =
    ownership.destinationRules.find((o) => wizardOf(o) !== undefined) ?? ownership.destinationRules[0];
  return {
    ...(virtualService ? { virtualService } : {}),
    ...(destinationRule ? { destinationRule } : {}),
  };
}
