/** The rows of `proxy-config` tables, in istioctl's words, from a proxy snapshot. */
import type { Cluster, ProxySnapshot, RouteMatch, StringMatch } from '@meshlens/mesh-core/routing';
import type { StoredObjectBody } from './server-client.ts';

type Row = readonly string[];

/** istioctl's DOMAINS cell: the first two, then how many more. */
function domainsCell(domains: readonly string[]): string {
  const shown = domains.slice(0, 2).join(', ');
  return domains.length > 2 ? `${shown} + ${domains.length - 2} more...` : shown;
}

function stringMatch(m: StringMatch): string {
  switch (m.kind) {
    case 'exact':
      return m.value;
    case 'prefix':
      return `${m.value}*`;
    case 'regex':
      return `~${m.value}`;
    case 'present':
      return '*';
  }
}

function matchCell(m: RouteMatch): string {
  const parts = [m.uri ? stringMatch(m.uri) : '/*'];
  for (const h of m.headers) parts.push(`${h.name}=${stringMatch(h.match)}`);
  return parts.join(' ');
}

/** `default/reviews/0` → `reviews.default`; routes no VirtualService wrote show `-`. */
function virtualServiceCell(routeName: string): string {
  const [namespace, name] = routeName.split('/');
  return name === undefined || namespace === undefined ? '-' : `${name}.${namespace}`;
}

export function routeRows(snapshot: ProxySnapshot): Row[] {
  return snapshot.routeTables.flatMap((table) =>
    table.virtualHosts.flatMap((vhost) =>
      vhost.routes.flatMap((route) => {
        const matches = route.matches.length === 0 ? ['/*'] : route.matches.map(matchCell);
        return matches.map((match) => [
          table.name,
          vhost.name,
          domainsCell(vhost.domains),
          match,
          virtualServiceCell(route.name),
        ]);
      }),
    ),
  );
}

/** A DestinationRule's host as an FQDN, as Istio resolves a short name in the rule's namespace. */
function ruleFqdn(host: string, namespace: string, domain: string): string {
  const dots = host.split('.').length - 1;
  if (dots === 0) return `${host}.${namespace}.svc.${domain}`;
  if (dots === 1) return `${host}.svc.${domain}`;
  return host;
}

function ruleFor(cluster: Cluster, rules: readonly StoredObjectBody[], domain: string): string {
  const fqdn = cluster.service?.fqdn;
  if (fqdn === undefined) return '-';
  const rule = rules.find((r) => {
    const spec = r.manifest.spec;
    const host = typeof spec === 'object' && spec !== null ? (spec as { host?: unknown }).host : undefined;
    return typeof host === 'string' && ruleFqdn(host, r.key.namespace, domain) === fqdn;
  });
  return rule ? `${rule.key.name}.${rule.key.namespace}` : '-';
}

const clusterType: Readonly<Record<Cluster['kind'], string>> = {
  outbound: 'EDS',
  inbound: 'ORIGINAL_DST',
  passthrough: 'ORIGINAL_DST',
  blackhole: 'STATIC',
};

export function clusterRows(snapshot: ProxySnapshot, rules: readonly StoredObjectBody[]): Row[] {
  const domain = snapshot.proxy.clusterDomain;
  return snapshot.clusters.map((c) => {
    if (c.kind === 'passthrough' || c.kind === 'blackhole')
      return [c.name, '-', '-', '-', clusterType[c.kind], '-'];
    const port = c.kind === 'inbound' ? (c.endpoints[0]?.port ?? c.service?.port) : c.service?.port;
    return [
      c.kind === 'inbound' ? '' : (c.service?.fqdn ?? c.name),
      port === undefined ? '-' : String(port),
      c.subset ?? '-',
      c.kind,
      clusterType[c.kind],
      c.kind === 'inbound' ? '-' : ruleFor(c, rules, domain),
    ];
  });
}

export function endpointRows(snapshot: ProxySnapshot): Row[] {
  return snapshot.clusters.flatMap((c) =>
    c.endpoints.map((e) => [
      e.address ?? `${e.workload}-${e.replica}:${e.port} (not running)`,
      e.address === null ? 'UNHEALTHY' : 'HEALTHY',
      'OK',
      c.name,
    ]),
  );
}
