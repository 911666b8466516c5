/**
 * KIA1211 / KIA1212: more than one ServiceEntry defines the same host and port number. Istio
 * merges ServiceEntries of one host into one service and the merge loses ports or blackholes
 * traffic (istio/istio#51466, #54988); when the entries also disagree on the port's protocol
 * (compared ignoring case), the conflict is KIA1212 instead of KIA1211 (kiali/kiali
 * `business/checkers/serviceentries/multi_match_checker.go`, kiali/kiali#9800).
 *
 * As Kiali: hosts are compared exactly as written, every (host, port) of every ServiceEntry is
 * one entry (two ports of one ServiceEntry can clash), and each entry involved is reported at
 * `spec/ports[i]`. Kiali builds the groups once per namespace it validates, from the
 * ServiceEntries exported there (`visibility.ts`), so the code can differ between namespaces;
 * each code an entry gets in any namespace is reported once.
 *
 * Kiali (2.x) also leaves out ServiceEntries that a namespace-wide Sidecar does not import;
 * Meshlens does not: it reports the clash wherever the entries are exported together.
 */
import type { IstioResource } from '../../../config/resource.ts';
import type { CheckCode } from '../../catalogue.ts';
import type { RuleFinding } from '../../finding.ts';
import type { ValidationContext } from '../../context.ts';
import { namespaceNames } from '../../hosts.ts';
import { defineRule } from '../../rule.ts';
import { contextIndex } from './context-index.ts';
import type { Visibility } from './visibility.ts';
import { exportVisibility, isVisibleIn } from './visibility.ts';

interface PortEntry {
  readonly se: IstioResource<'ServiceEntry'>;
  readonly port: number;
  readonly protocol: string;
  readonly visibility: Visibility;
}

/** `<host>\0<port number>` → entries. */
type HostPortIndex = ReadonlyMap<string, readonly PortEntry[]>;

const hostPortKey = (host: string, port: number): string => `${host}\u0000${port}`;

function buildHostPortIndex(
  entries: readonly IstioResource<'ServiceEntry'>[],
  ctx: ValidationContext,
): HostPortIndex {
  const index = new Map<string, PortEntry[]>();
  for (const se of entries) {
    const visibility = exportVisibility(se.spec.exportTo, se.metadata.namespace, ctx);
    (se.spec.ports ?? []).forEach((port, i) => {
      const entry = { se, port: i, protocol: (port.protocol ?? '').toUpperCase(), visibility };
      for (const host of se.spec.hosts) {
        const key = hostPortKey(host, port.number);
        const list = index.get(key);
        if (list) list.push(entry);
        else index.set(key, [entry]);
      }
    });
  }
  return index;
}

/**
 * The groups `self` is part of in the namespaces that see it: one per namespace named by an
 * exportTo in the group, and one for all other namespaces (where only mesh-wide entries show).
 */
function groupsSeenWith(
  self: PortEntry,
  members: readonly PortEntry[],
  ctx: ValidationContext,
): PortEntry[][] {
  const named = new Set<string>();
  for (const m of members) {
    if (!m.visibility.everywhere) for (const ns of m.visibility.namespaces) named.add(ns);
  }
  const groups: PortEntry[][] = [];
  for (const ns of named) {
    if (isVisibleIn(self.visibility, ns)) groups.push(members.filter((m) => isVisibleIn(m.visibility, ns)));
  }
  if (self.visibility.everywhere && [...namespaceNames(ctx)].some((ns) => !named.has(ns))) {
    groups.push(members.filter((m) => m.visibility.everywhere));
  }
  return groups;
}

export const serviceEntryMultiMatchRule = defineRule({
  id: 'serviceentry/multi-match',
  kind: 'ServiceEntry',
  check(se, ctx) {
    const index = contextIndex(ctx, 'ServiceEntry', buildHostPortIndex);
    const found = new Map<string, RuleFinding>();
    (se.spec.ports ?? []).forEach((port, i) => {
      for (const host of se.spec.hosts) {
        const members = index.get(hostPortKey(host, port.number)) ?? [];
        if (members.length < 2) continue;
        const self = members.find((m) => m.se === se && m.port === i);
        if (!self) continue;
        for (const group of groupsSeenWith(self, members, ctx)) {
          if (group.length < 2) continue;
          const code: CheckCode = group.some((m) => m.protocol !== self.protocol) ? 'KIA1212' : 'KIA1211';
          found.set(`${code}\u0000${i}`, { code, path: ['spec', 'ports', i] });
        }
      }
    });
    return [...found.values()];
  },
});
