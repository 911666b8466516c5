/**
 * KIA0201: two DestinationRules configure the same host and subset. Istio merges them in no
 * guaranteed order and keeps the first definition of each subset, so one rule's policy is
 * silently ignored (kiali/kiali `business/checkers/destinationrules/multi_match_checker.go`).
 *
 * Hosts are compared by FQDN (read with GetHost in each rule's namespace), and a wildcard host
 * (`*.bookinfo.svc.cluster.local`, `*.example.com`, or a bare `*` standing for the rule's
 * namespace) clashes with every host it covers. A rule without subsets configures every subset
 * of its host, so it clashes with any rule for that host. Wildcard rules that turn on
 * ISTIO_MUTUAL (namespace- and mesh-wide mTLS) are left out, as in Kiali. Only rules that some
 * namespace sees together clash (`visibility.ts`). Path: `spec/host`, on every rule involved.
 *
 * Kiali compares a wildcard rule with every host seen before it, in list order; Meshlens uses
 * what the wildcard covers, in either order.
 */
import type { IstioResource } from '../../../config/resource.ts';
import type { ValidationContext } from '../../context.ts';
import { getHost } from '../../hosts.ts';
import { defineRule } from '../../rule.ts';
import { contextIndex } from './context-index.ts';
import type { Visibility } from './visibility.ts';
import { exportVisibility, visibilitiesOverlap } from './visibility.ts';

interface Entry {
  readonly dr: IstioResource<'DestinationRule'>;
  readonly fqdn: string;
  readonly wildcard: boolean;
  /** Subset names; undefined: the rule applies to the whole host. */
  readonly subsets: ReadonlySet<string> | undefined;
  readonly visibility: Visibility;
}

interface MultiMatchIndex {
  readonly entries: ReadonlyMap<IstioResource<'DestinationRule'>, Entry>;
  readonly byHost: ReadonlyMap<string, readonly Entry[]>;
  /** Every entry under each dot-suffix of its host (`.bookinfo.svc.cluster.local`, …, `.local`). */
  readonly bySuffix: ReadonlyMap<string, readonly Entry[]>;
}

function dotSuffixes(host: string): string[] {
  const suffixes: string[] = [];
  for (let i = host.indexOf('.'); i !== -1; i = host.indexOf('.', i + 1)) suffixes.push(host.slice(i));
  return suffixes;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function enablesMeshOrNamespaceMtls(dr: IstioResource<'DestinationRule'>, wildcard: boolean): boolean {
  return wildcard && dr.spec.trafficPolicy?.tls?.mode === 'ISTIO_MUTUAL';
}

function buildMultiMatchIndex(
  rules: readonly IstioResource<'DestinationRule'>[],
  ctx: ValidationContext,
): MultiMatchIndex {
  const entries = new Map<IstioResource<'DestinationRule'>, Entry>();
  const byHost = new Map<string, Entry[]>();
  const bySuffix = new Map<string, Entry[]>();
  for (const dr of rules) {
    const host = getHost(dr.spec.host, dr.metadata.namespace, ctx);
    if (enablesMeshOrNamespaceMtls(dr, host.wildcard)) continue;
    const subsets =
      dr.spec.subsets && dr.spec.subsets.length > 0 ? new Set(dr.spec.subsets.map((s) => s.name)) : undefined;
    const entry = {
      dr,
      fqdn: host.fqdn,
      wildcard: host.wildcard,
      subsets,
      visibility: exportVisibility(dr.spec.exportTo, dr.metadata.namespace, ctx),
    };
    entries.set(dr, entry);
    push(byHost, host.fqdn, entry);
    for (const suffix of dotSuffixes(host.fqdn)) push(bySuffix, suffix, entry);
  }
  return { entries, byHost, bySuffix };
}

function subsetsClash(a: Entry, b: Entry): boolean {
  if (!a.subsets || !b.subsets) return true;
  for (const name of a.subsets) if (b.subsets.has(name)) return true;
  return false;
}

/** Entries whose host is the same as, covered by, or covering `entry`'s host. */
function* overlapping(entry: Entry, index: MultiMatchIndex): Generator<Entry> {
  yield* index.byHost.get(entry.fqdn) ?? [];
  // Wildcards covering this host are keyed by `*` + one of its dot-suffixes.
  for (const suffix of dotSuffixes(entry.fqdn)) yield* index.byHost.get(`*${suffix}`) ?? [];
  if (entry.wildcard) yield* index.bySuffix.get(entry.fqdn.slice(1)) ?? [];
}

export const destinationRuleMultiMatchRule = defineRule({
  id: 'destinationrule/multi-match',
  kind: 'DestinationRule',
  check(dr, ctx) {
    const index = contextIndex(ctx, 'DestinationRule', buildMultiMatchIndex);
    const self = index.entries.get(dr);
    if (!self) return [];
    for (const other of overlapping(self, index)) {
      if (other.dr === dr) continue;
      if (subsetsClash(self, other) && visibilitiesOverlap(self.visibility, other.visibility)) {
        return [{ code: 'KIA0201', path: ['spec', 'host'] }];
      }
    }
    return [];
  },
});
