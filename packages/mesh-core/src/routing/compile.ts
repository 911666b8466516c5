/**
 * Istio resources + registry → the snapshot of one proxy.
 *
 * Sidecar: one outbound route table per service port (named by the port, as Istio does), with
 * one virtual host per visible service on that port. Its domains are Istio's: the FQDN,
 * `name.ns.svc` and `name.ns`, plus the bare `name` only for a proxy of the service's own
 * namespace, each also with `:port`. The first VirtualService bound to `mesh` and exported to
 * the proxy's namespace whose hosts cover the service (the proxy's own namespace first) supplies
 * the routes; otherwise a default route to the service's cluster. VirtualService hosts that
 * name no service get a virtual host of their own on port 80. Every table ends with Istio's
 * catch-all virtual host (`*`): PassthroughCluster under ALLOW_ANY, BlackHoleCluster under
 * REGISTRY_ONLY, without retries or timeout, as Istio builds it. Inbound: one route table and
 * cluster per container port of the workload; its route has no timeout and only Istio's inbound
 * retry policy.
 *
 * Gateway: see `gateway-config.ts`. Both kinds then take the local rate limits EnvoyFilters add
 * (`rate-limit-filter.ts`).
 */
import type { MeshRegistry } from '../config/kube.ts';
import type { IstioResource } from '../config/resource.ts';
import { ValidationContext } from '../validation/context.ts';
import type { MeshOptions } from '../validation/context.ts';
import { isExportedTo, parseHost, wildcardCovers } from '../validation/hosts.ts';
import { gatewayConfig } from './gateway-config.ts';
import type { ProxyConfig, ProxyScope } from './gateway-config.ts';
import {
  inboundClusters,
  outboundClusters,
  serviceFqdn,
  specialClusters,
  visibleServices,
} from './clusters.ts';
import { withLocalRateLimits } from './rate-limit-filter.ts';
import { inboundRetryPolicy } from './route-policy.ts';
import { boundTo, defaultRoute, translateHttpRoutes } from './routes.ts';
import type { Cluster, Listener, ProxyKind, ProxySnapshot, RouteTable, VirtualHost } from './snapshot.ts';
import {
  blackHoleCluster,
  contentRevision,
  freezeSnapshot,
  inboundClusterName,
  passthroughCluster,
} from './snapshot.ts';

export interface ProxyIdentity {
  readonly kind: ProxyKind;
  readonly workload: string;
  readonly namespace: string;
  /** Pod labels; by default those of the workload in the registry. */
  readonly labels?: Readonly<Record<string, string>>;
}

export interface CompileInput {
  readonly resources: readonly IstioResource[];
  readonly registry: MeshRegistry;
  readonly options?: Partial<MeshOptions>;
  readonly proxy: ProxyIdentity;
  /** Defaults to a hash of the snapshot's content, so equal config gives equal revisions. */
  readonly revision?: string;
}

export const catchAllRouteTable = 'catch_all';

/**
 * The validation context (the mesh's indexes) of the last mesh compiled from, by its resource
 * list: a control plane compiles every proxy's snapshot from the same mesh in one push, and the
 * context, immutable once built, serves them all.
 */
const contexts = new WeakMap<
  readonly IstioResource[],
  { registry: MeshRegistry; options: Partial<MeshOptions> | undefined; ctx: ValidationContext }
>();

function contextFor(input: CompileInput): ValidationContext {
  const cached = contexts.get(input.resources);
  if (cached && cached.registry === input.registry && cached.options === input.options) return cached.ctx;
  const ctx = ValidationContext.fromSnapshot({
    resources: input.resources,
    registry: input.registry,
    ...(input.options ? { options: input.options } : {}),
  });
  contexts.set(input.resources, { registry: input.registry, options: input.options, ctx });
  return ctx;
}

/**
 * A sidecar's outbound side (clusters, route tables, the virtual outbound listener) depends on the
 * mesh, its namespace and, through VirtualService `sourceLabels` only, its labels. Sidecars of a
 * namespace compiled from one context whose labels agree on every key a `sourceLabels` names share
 * the same objects (frozen with the first snapshot that holds them): a control plane compiles,
 * serializes and hashes them once per push, not once per proxy.
 */
interface Outbound {
  readonly listener: Listener;
  readonly routeTables: readonly RouteTable[];
  readonly clusters: readonly Cluster[];
  readonly special: readonly Cluster[];
}

interface SharedOutbound {
  /** The label keys any VirtualService's `sourceLabels` names, sorted. */
  readonly sourceLabelKeys: readonly string[];
  readonly byProxy: Map<string, Outbound>;
}

const sharedOutbound = new WeakMap<ValidationContext, SharedOutbound>();

function sourceLabelKeys(ctx: ValidationContext): string[] {
  const keys = new Set<string>();
  for (const vs of ctx.resourcesOf('VirtualService'))
    for (const rule of vs.spec.http ?? [])
      for (const m of rule.match ?? []) for (const k of Object.keys(m.sourceLabels ?? {})) keys.add(k);
  return [...keys].sort();
}

function outboundOf(ctx: ValidationContext, proxy: ProxyScope): Outbound {
  let shared = sharedOutbound.get(ctx);
  if (!shared) {
    shared = { sourceLabelKeys: sourceLabelKeys(ctx), byProxy: new Map() };
    sharedOutbound.set(ctx, shared);
  }
  const labels = shared.sourceLabelKeys.map((k) => proxy.labels[k] ?? null);
  const key = JSON.stringify([proxy.namespace, labels]);
  let outbound = shared.byProxy.get(key);
  if (!outbound) {
    outbound = sidecarOutbound(ctx, proxy);
    shared.byProxy.set(key, outbound);
  }
  return outbound;
}

export function compileSnapshot(input: CompileInput): ProxySnapshot {
  const ctx = contextFor(input);
  const workload = input.registry.workloads.find(
    (w) => w.name === input.proxy.workload && w.namespace === input.proxy.namespace,
  );
  const proxy = {
    kind: input.proxy.kind,
    workload: input.proxy.workload,
    namespace: input.proxy.namespace,
    labels: { ...(input.proxy.labels ?? workload?.labels ?? {}) },
    clusterDomain: ctx.options.clusterDomain,
  };
  const config = proxy.kind === 'gateway' ? gatewayConfig(ctx, proxy) : sidecarConfig(ctx, proxy, workload);
  const built = withLocalRateLimits(config, { ctx, proxy });
  const body = { version: 1 as const, proxy, ...built };
  return freezeSnapshot({ ...body, revision: input.revision ?? contentRevision(body) });
}

function catchAll(ctx: ValidationContext): VirtualHost {
  const registryOnly = ctx.options.outboundTrafficPolicy === 'REGISTRY_ONLY';
  const cluster = registryOnly ? blackHoleCluster : passthroughCluster;
  const name = registryOnly ? 'block_all' : 'allow_any';
  return {
    name,
    domains: ['*'],
    routes: [
      {
        name,
        matches: [],
        action: { type: 'route', destinations: [{ cluster, host: cluster, port: 0, weight: 100 }] },
      },
    ],
  };
}

function serviceDomains(
  fqdn: string,
  name: string,
  namespace: string,
  port: number,
  proxyNamespace: string,
): string[] {
  const hosts = [fqdn, `${name}.${namespace}.svc`, `${name}.${namespace}`];
  if (namespace === proxyNamespace) hosts.push(name);
  return hosts.flatMap((h) => [h, `${h}:${port}`]);
}

/** Route tables per service port, the catch-all table and the listener over them; clusters. */
function sidecarOutbound(ctx: ValidationContext, proxy: ProxyScope): Outbound {
  const virtualServices = ctx
    .resourcesOf('VirtualService')
    .filter(
      (vs) =>
        boundTo(vs, 'mesh') &&
        isExportedTo(vs.spec.exportTo, vs.metadata.namespace, proxy.namespace) &&
        (vs.spec.http ?? []).length > 0,
    )
    .sort(
      (a, b) =>
        Number(b.metadata.namespace === proxy.namespace) - Number(a.metadata.namespace === proxy.namespace),
    );
  const vsHosts = virtualServices.map((vs) => ({
    vs,
    hosts: (vs.spec.hosts ?? []).map((h) => parseHost(h, vs.metadata.namespace, ctx).fqdn),
  }));
  const byPort = new Map<number, VirtualHost[]>();
  const addHost = (port: number, host: VirtualHost): void => {
    const list = byPort.get(port) ?? [];
    list.push(host);
    byPort.set(port, list);
  };
  const covered = new Set<string>();
  for (const service of visibleServices(ctx, proxy.namespace)) {
    const fqdn = serviceFqdn(service, ctx);
    const found = vsHosts.find(({ hosts }) =>
      hosts.some((h) => h === fqdn || (h.startsWith('*') && wildcardCovers(h, fqdn))),
    );
    for (const h of found?.hosts ?? []) if (h === fqdn) covered.add(h);
    for (const port of service.ports) {
      if (port.protocol !== 'TCP') continue;
      const scope = { ctx, proxy, context: 'mesh', port: port.port };
      addHost(port.port, {
        name: `${fqdn}:${port.port}`,
        domains: serviceDomains(fqdn, service.name, service.namespace, port.port, proxy.namespace),
        routes: found ? translateHttpRoutes(found.vs, scope) : [defaultRoute(fqdn, port.port)],
      });
    }
  }
  // Hosts only a VirtualService names (external names): Istio serves them on port 80.
  const seen = new Set<string>();
  for (const { vs, hosts } of vsHosts) {
    for (const host of hosts) {
      if (
        host.startsWith('*') ||
        covered.has(host) ||
        seen.has(host) ||
        host.endsWith(`.svc.${ctx.options.clusterDomain}`)
      )
        continue;
      seen.add(host);
      addHost(80, {
        name: `${host}:80`,
        domains: [host, `${host}:80`],
        routes: translateHttpRoutes(vs, { ctx, proxy, context: 'mesh', port: 80 }),
      });
    }
  }
  const routeTables: RouteTable[] = [...byPort].map(([port, hosts]) => ({
    name: String(port),
    virtualHosts: [...hosts, catchAll(ctx)],
  }));
  routeTables.push({ name: catchAllRouteTable, virtualHosts: [catchAll(ctx)] });
  return {
    listener: {
      name: 'virtualOutbound',
      direction: 'outbound',
      port: 15001,
      routeTables: Object.fromEntries([...byPort.keys()].map((p) => [String(p), String(p)])),
      fallbackRouteTable: catchAllRouteTable,
    },
    routeTables,
    clusters: outboundClusters(ctx, proxy.namespace),
    special: specialClusters(),
  };
}

function sidecarConfig(
  ctx: ValidationContext,
  proxy: ProxyScope,
  workload: MeshRegistry['workloads'][number] | undefined,
): ProxyConfig {
  const outbound = outboundOf(ctx, proxy);
  const routeTables: RouteTable[] = [...outbound.routeTables];
  const listeners: Listener[] = [outbound.listener];
  const inbound = workload ? inboundClusters(workload, ctx) : [];
  if (inbound.length > 0) {
    const ports = inbound.map((c) => Number(c.name.split('|')[1]));
    for (const port of ports) {
      const cluster = inboundClusterName(port);
      routeTables.push({
        name: `inbound|${port}`,
        virtualHosts: [
          {
            name: `inbound|http|${port}`,
            domains: ['*'],
            routes: [
              {
                name: 'default',
                matches: [],
                action: { type: 'route', destinations: [{ cluster, host: cluster, port, weight: 100 }] },
                policy: { retries: inboundRetryPolicy(), mirrors: [] },
              },
            ],
          },
        ],
      });
    }
    listeners.push({
      name: 'virtualInbound',
      direction: 'inbound',
      port: 15006,
      routeTables: Object.fromEntries(ports.map((p) => [String(p), `inbound|${p}`])),
    });
  }
  return {
    listeners,
    routeTables,
    clusters: [...outbound.clusters, ...inbound, ...outbound.special],
  };
}
