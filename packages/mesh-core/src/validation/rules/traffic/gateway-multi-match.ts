/**
 * KIA0301: two Gateways serve the same host on the same port of the same gateway workloads, so
 * which one handles the traffic is undefined (kiali/kiali `business/checkers/gateways/
 * multi_match_checker.go`).
 *
 * As in Kiali, across all namespaces: server hosts are grouped by port number and by the exact
 * selector (same labels, same values; Gateways with different selectors run on different
 * proxies). In a group, two hosts clash when they are equal ignoring case, when either is `*`,
 * or when one is a wildcard (`*.example.com`) covering the other, and only if their target
 * namespaces (`ns/host`, `.` being the Gateway's own) are equal or one of them has none or `*`.
 * Both Gateways are reported at `spec/servers[i]/hosts[j]`. Within one Gateway, Kiali reports
 * only the earlier of two clashing hosts; so does Meshlens.
 *
 * Each group keeps its hosts by name and by dot-suffix, so a host finds what it clashes with in
 * a few map reads, not by comparing with every host of the group.
 */
import type { IstioResource } from '../../../config/resource.ts';
import type { RuleFinding } from '../../finding.ts';
import { defineRule } from '../../rule.ts';

interface ServerHost {
  readonly gateway: IstioResource<'Gateway'>;
  /** Position in the Gateway, to order hosts of one Gateway. */
  readonly order: number;
  readonly server: number;
  readonly host: number;
  /** Lower-cased, without its namespace part. */
  readonly name: string;
  readonly targetNamespace: string;
}

interface Group {
  readonly byName: Map<string, ServerHost[]>;
  /** Every host under each dot-suffix of its name, for wildcards to find what they cover. */
  readonly bySuffix: Map<string, ServerHost[]>;
  readonly any: ServerHost[];
}

interface MultiMatchIndex {
  readonly groups: ReadonlyMap<string, Group>;
  readonly hostsOf: ReadonlyMap<
    IstioResource<'Gateway'>,
    readonly { readonly key: string; readonly host: ServerHost }[]
  >;
}

function selectorKey(selector: Readonly<Record<string, string>> | undefined): string {
  return Object.entries(selector ?? {})
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

function dotSuffixes(name: string): string[] {
  const suffixes: string[] = [];
  for (let i = name.indexOf('.'); i !== -1; i = name.indexOf('.', i + 1)) suffixes.push(name.slice(i));
  return suffixes;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function buildMultiMatchIndex(gateways: readonly IstioResource<'Gateway'>[]): MultiMatchIndex {
  const groups = new Map<string, Group>();
  const hostsOf = new Map<IstioResource<'Gateway'>, { key: string; host: ServerHost }[]>();
  for (const gateway of gateways) {
    const selector = selectorKey(gateway.spec.selector);
    const own: { key: string; host: ServerHost }[] = [];
    let order = 0;
    (gateway.spec.servers ?? []).forEach((server, i) => {
      const key = `${server.port.number}\u0000${selector}`;
      let group = groups.get(key);
      if (!group) {
        group = { byName: new Map(), bySuffix: new Map(), any: [] };
        groups.set(key, group);
      }
      server.hosts.forEach((written, j) => {
        const slash = written.indexOf('/');
        const namespace = slash === -1 ? '*' : written.slice(0, slash);
        const host: ServerHost = {
          gateway,
          order: order++,
          server: i,
          host: j,
          name: (slash === -1 ? written : written.slice(slash + 1)).toLowerCase(),
          targetNamespace: namespace === '.' ? gateway.metadata.namespace : namespace,
        };
        if (host.name === '*') group.any.push(host);
        else push(group.byName, host.name, host);
        for (const suffix of dotSuffixes(host.name)) push(group.bySuffix, suffix, host);
        own.push({ key, host });
      });
    });
    hostsOf.set(gateway, own);
  }
  return { groups, hostsOf };
}

/** Hosts of the group that `host`'s name may clash with (namespace and order not yet checked). */
function* candidates(host: ServerHost, group: Group): Generator<ServerHost> {
  yield* group.any;
  if (host.name === '*') {
    for (const list of group.byName.values()) yield* list;
    return;
  }
  yield* group.byName.get(host.name) ?? [];
  // Wildcards covering this name are named `*` + one of its dot-suffixes.
  for (const suffix of dotSuffixes(host.name)) yield* group.byName.get(`*${suffix}`) ?? [];
  if (host.name.startsWith('*.')) yield* group.bySuffix.get(host.name.slice(1)) ?? [];
}

function clashes(host: ServerHost, other: ServerHost): boolean {
  if (other === host) return false;
  // Within one Gateway, Kiali reports only the earlier host of a clashing pair.
  if (other.gateway === host.gateway && other.order < host.order) return false;
  return (
    host.targetNamespace === other.targetNamespace ||
    host.targetNamespace === '*' ||
    other.targetNamespace === '*'
  );
}

export const gatewayMultiMatchRule = defineRule({
  id: 'gateway/multi-match',
  kind: 'Gateway',
  check(gateway, ctx) {
    const index = ctx.index('Gateway', buildMultiMatchIndex);
    const findings: RuleFinding[] = [];
    for (const { key, host } of index.hostsOf.get(gateway) ?? []) {
      const group = index.groups.get(key);
      if (!group) continue;
      for (const other of candidates(host, group)) {
        if (clashes(host, other)) {
          findings.push({ code: 'KIA0301', path: ['spec', 'servers', host.server, 'hosts', host.host] });
          break;
        }
      }
    }
    return findings;
  },
});
