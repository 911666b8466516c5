/**
 * The listeners, route tables and clusters of a gateway proxy. Every Gateway whose selector
 * matches the proxy's labels contributes a listener and a route table (`http.<port>`) per server
 * port. A virtual host is the intersection of a server host (`[namespace/]host`, the namespace
 * part limiting which VirtualServices may use it) with the host of a VirtualService bound to that
 * Gateway (`<ns>/<name>`, or a name in the VirtualService's namespace): the more specific of the
 * two when one covers the other. Routes of several VirtualServices on one host follow in order.
 * A gateway carries only the clusters its routes name (destinations and mirrors), as Istio's
 * gateway cluster filter does.
 */
import type { ValidationContext } from '../validation/context.ts';
import { isExportedTo, parseHost, selectorMatches, wildcardCovers } from '../validation/hosts.ts';
import { outboundClusters, specialClusters } from './clusters.ts';
import { boundTo, translateHttpRoutes } from './routes.ts';
import type { Cluster, Listener, ProxySnapshot, Route, RouteTable } from './snapshot.ts';

export interface ProxyScope {
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
}

export type ProxyConfig = Pick<ProxySnapshot, 'listeners' | 'routeTables' | 'clusters'>;

/** The more specific of two hosts when one covers the other (Istio's gateway host intersection). */
function intersectHosts(a: string, b: string): string | undefined {
  if (a === b || wildcardCovers(b, a)) return a;
  if (wildcardCovers(a, b)) return b;
  return undefined;
}

/** A Gateway server host `[namespace/]host`, and whether a VirtualService of `vsNamespace` may use it. */
function serverHost(raw: string, gatewayNamespace: string, vsNamespace: string): string | undefined {
  const slash = raw.indexOf('/');
  if (slash < 0) return raw;
  const ns = raw.slice(0, slash);
  const allowed = ns === '*' || (ns === '.' ? vsNamespace === gatewayNamespace : ns === vsNamespace);
  return allowed ? raw.slice(slash + 1) : undefined;
}

export function gatewayConfig(ctx: ValidationContext, proxy: ProxyScope): ProxyConfig {
  const tables = new Map<number, Map<string, Route[]>>();
  for (const gw of ctx.resourcesOf('Gateway')) {
    if (!selectorMatches(gw.spec.selector, proxy.labels)) continue;
    const key = `${gw.metadata.namespace}/${gw.metadata.name}`;
    const bound = ctx
      .resourcesOf('VirtualService')
      .filter(
        (vs) =>
          boundTo(vs, key) && isExportedTo(vs.spec.exportTo, vs.metadata.namespace, gw.metadata.namespace),
      );
    for (const server of gw.spec.servers ?? []) {
      const port = server.port.number;
      const hosts = tables.get(port) ?? new Map<string, Route[]>();
      tables.set(port, hosts);
      for (const vs of bound) {
        const domains = new Set<string>();
        for (const raw of vs.spec.hosts ?? []) {
          const vsHost = parseHost(raw, vs.metadata.namespace, ctx).fqdn;
          for (const s of server.hosts) {
            const sh = serverHost(s, gw.metadata.namespace, vs.metadata.namespace);
            const d = sh === undefined ? undefined : intersectHosts(vsHost, sh);
            if (d !== undefined) domains.add(d);
          }
        }
        for (const d of domains) {
          const routes = hosts.get(d) ?? [];
          routes.push(...translateHttpRoutes(vs, { ctx, proxy, context: key, port }));
          hosts.set(d, routes);
        }
      }
    }
  }
  const listeners: Listener[] = [];
  const routeTables: RouteTable[] = [];
  const used = new Set<string>();
  for (const [port, hosts] of tables) {
    const name = `http.${port}`;
    listeners.push({
      name: `0.0.0.0_${port}`,
      direction: 'gateway',
      port,
      routeTables: { [String(port)]: name },
    });
    const virtualHosts = [...hosts].map(([d, routes]) => ({
      name: `${d}:${port}`,
      domains: d === '*' ? ['*'] : [d, `${d}:${port}`],
      routes,
    }));
    for (const vh of virtualHosts)
      for (const r of vh.routes) {
        if (r.action.type === 'route') for (const d of r.action.destinations) used.add(d.cluster);
        for (const m of r.policy?.mirrors ?? []) used.add(m.cluster);
      }
    routeTables.push({ name, virtualHosts });
  }
  const clusters: Cluster[] = outboundClusters(ctx, proxy.namespace).filter((c) => used.has(c.name));
  return { listeners, routeTables, clusters: [...clusters, ...specialClusters()] };
}
