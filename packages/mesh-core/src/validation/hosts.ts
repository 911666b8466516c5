/**
 * Host names as Istio and Kiali read them, and lookups of hosts in the mesh.
 *
 * A host in a rule is one of: a short name (`reviews`, the rule's namespace implied), a
 * `name.namespace` pair (when the second label is a namespace of the mesh, as Kiali decides),
 * a cluster FQDN (`reviews.bookinfo.svc.cluster.local`), a wildcard (`*.bookinfo.svc.cluster.local`,
 * `*.example.com`), or an external name that only a ServiceEntry can define. Lookups are backed
 * by indexes memoised on the validation context, so each costs a few map reads.
 */
import type { IstioResource } from '../config/resource.ts';
import type { MeshRegistry, ServiceInfo, WorkloadInfo } from '../config/kube.ts';
import type { ValidationContext } from './context.ts';

export interface ParsedHost {
  /** As written. */
  readonly raw: string;
  /** Cluster FQDN for hosts inside the cluster; the name as written otherwise. */
  readonly fqdn: string;
  /** True when the host names a service of the cluster (short name, name.namespace or FQDN). */
  readonly internal: boolean;
  /** Service and namespace, for internal hosts. */
  readonly service?: string;
  readonly namespace?: string;
  readonly wildcard: boolean;
}

/**
 * Kiali's ParseHost: a short name is a service of the object's namespace; `a.b.svc.<domain>`
 * (or `*.b.svc.<domain>`) a cluster FQDN; anything else an external name as written.
 */
export function parseHost(raw: string, objectNamespace: string, ctx: ValidationContext): ParsedHost {
  const domain = ctx.options.clusterDomain;
  const wildcard = raw.startsWith('*');
  const parts = raw.split('.');
  const [first = '', second = ''] = parts;
  if (parts.length === 1 && !wildcard) {
    return cluster(raw, raw, objectNamespace, domain);
  }
  if (parts.length > 3 && parts.slice(2).join('.') === `svc.${domain}`) {
    return wildcard
      ? { raw, fqdn: raw, internal: true, namespace: second, wildcard }
      : cluster(raw, first, second, domain);
  }
  return { raw, fqdn: raw, internal: false, wildcard };
}

function cluster(raw: string, service: string, namespace: string, domain: string): ParsedHost {
  return {
    raw,
    fqdn: `${service}.${namespace}.svc.${domain}`,
    internal: true,
    service,
    namespace,
    wildcard: false,
  };
}

/** Whether `host` (a wildcard like `*.example.com`, or `*`) covers `name`. */
export function wildcardCovers(host: string, name: string): boolean {
  if (host === '*') return true;
  if (!host.startsWith('*')) return host === name;
  return name.endsWith(host.slice(1));
}

/**
 * Istio's exportTo: absent or empty means everywhere; `.` the owner's namespace; `*` all
 * namespaces; `~` nowhere; other values name namespaces.
 */
export function isExportedTo(
  exportTo: readonly string[] | undefined,
  ownerNamespace: string,
  viewer: string,
): boolean {
  if (!exportTo || exportTo.length === 0) return true;
  return exportTo.some((e) => e === '*' || (e === '.' && viewer === ownerNamespace) || e === viewer);
}

/** Whether every label of `selector` is on `labels`. An empty selector matches everything. */
export function selectorMatches(
  selector: Readonly<Record<string, string>> | undefined,
  labels: Readonly<Record<string, string>>,
): boolean {
  if (!selector) return true;
  for (const [k, v] of Object.entries(selector)) if (labels[k] !== v) return false;
  return true;
}

interface RegistryIndex {
  readonly namespaces: ReadonlySet<string>;
  readonly described: ReadonlySet<string>;
  readonly servicesByFqdn: ReadonlyMap<string, ServiceInfo>;
  readonly workloadsByNamespace: ReadonlyMap<string, readonly WorkloadInfo[]>;
}

function buildRegistryIndex(registry: MeshRegistry, domain: string): RegistryIndex {
  const servicesByFqdn = new Map<string, ServiceInfo>();
  for (const s of registry.services) servicesByFqdn.set(`${s.name}.${s.namespace}.svc.${domain}`, s);
  const workloadsByNamespace = new Map<string, WorkloadInfo[]>();
  for (const w of registry.workloads) {
    const list = workloadsByNamespace.get(w.namespace) ?? [];
    list.push(w);
    workloadsByNamespace.set(w.namespace, list);
  }
  return {
    namespaces: new Set(registry.namespaces.map((n) => n.name)),
    described: new Set(registry.namespaces.filter((n) => n.described).map((n) => n.name)),
    servicesByFqdn,
    workloadsByNamespace,
  };
}

function registryIndex(ctx: ValidationContext): RegistryIndex {
  // One builder per cluster domain, so that the memo key (the builder) stays stable.
  return ctx.registryIndex(registryIndexBuilder(ctx.options.clusterDomain));
}

const registryIndexBuilders = new Map<string, (registry: MeshRegistry) => RegistryIndex>();
function registryIndexBuilder(domain: string): (registry: MeshRegistry) => RegistryIndex {
  let builder = registryIndexBuilders.get(domain);
  if (!builder) {
    builder = (registry) => buildRegistryIndex(registry, domain);
    registryIndexBuilders.set(domain, builder);
  }
  return builder;
}

/**
 * Whether the registry describes `namespace` (see NamespaceInfo.described). Checks that report
 * something missing from the registry stay silent about namespaces it does not describe: with
 * partial input, absence there proves nothing.
 */
export function registryDescribes(namespace: string, ctx: ValidationContext): boolean {
  return registryIndex(ctx).described.has(namespace);
}

export function namespaceNames(ctx: ValidationContext): ReadonlySet<string> {
  return registryIndex(ctx).namespaces;
}

/** The Kubernetes Service at a cluster FQDN. */
export function serviceAt(fqdn: string, ctx: ValidationContext): ServiceInfo | undefined {
  return registryIndex(ctx).servicesByFqdn.get(fqdn);
}

export function workloadsIn(namespace: string, ctx: ValidationContext): readonly WorkloadInfo[] {
  return registryIndex(ctx).workloadsByNamespace.get(namespace) ?? [];
}

interface ServiceEntryHost {
  readonly host: string;
  readonly entry: IstioResource<'ServiceEntry'>;
}

interface ServiceEntryIndex {
  readonly exact: ReadonlyMap<string, readonly ServiceEntryHost[]>;
  readonly wildcards: readonly ServiceEntryHost[];
}

function buildServiceEntryIndex(entries: readonly IstioResource<'ServiceEntry'>[]): ServiceEntryIndex {
  const exact = new Map<string, ServiceEntryHost[]>();
  const wildcards: ServiceEntryHost[] = [];
  for (const entry of entries) {
    for (const host of entry.spec.hosts) {
      const item = { host, entry };
      if (host.startsWith('*')) wildcards.push(item);
      else {
        const list = exact.get(host) ?? [];
        list.push(item);
        exact.set(host, list);
      }
    }
  }
  return { exact, wildcards };
}

/** A Service's exportTo, from Istio's `networking.istio.io/exportTo` annotation. */
export function serviceExportTo(service: ServiceInfo): string[] | undefined {
  const value = service.annotations['networking.istio.io/exportTo'];
  if (value === undefined) return undefined;
  return value
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

/**
 * Kiali's GetHost: `parseHost`, plus the forms Kiali reads beyond it. `name.namespace` (when the
 * second label is the object's namespace or one of the mesh) and `name.namespace.svc` name a
 * service of the cluster, and a bare `*` is a short name like any other, so it stands for every
 * service of the object's namespace (`*.<namespace>.svc.<domain>`).
 */
export function getHost(raw: string, objectNamespace: string, ctx: ValidationContext): ParsedHost {
  const domain = ctx.options.clusterDomain;
  if (raw === '*') {
    return {
      raw,
      fqdn: `*.${objectNamespace}.svc.${domain}`,
      internal: true,
      namespace: objectNamespace,
      wildcard: true,
    };
  }
  if (!raw.startsWith('*')) {
    const parts = raw.split('.');
    const [first = '', second = '', third = ''] = parts;
    const isNamespace = second === objectNamespace || namespaceNames(ctx).has(second);
    if ((parts.length === 2 && isNamespace) || (parts.length === 3 && third === 'svc')) {
      return cluster(raw, first, second, domain);
    }
  }
  return parseHost(raw, objectNamespace, ctx);
}

/** Every ServiceEntry that defines `name` (exactly or by wildcard), whatever its exportTo. */
export function serviceEntriesDefining(
  name: string,
  ctx: ValidationContext,
): IstioResource<'ServiceEntry'>[] {
  const index = ctx.index('ServiceEntry', buildServiceEntryIndex);
  const found = new Set<IstioResource<'ServiceEntry'>>();
  for (const e of index.exact.get(name) ?? []) found.add(e.entry);
  for (const e of index.wildcards) if (wildcardCovers(e.host, name)) found.add(e.entry);
  return [...found];
}

interface WorkloadLabelIndex {
  readonly all: readonly WorkloadInfo[];
  /** `key\0value` → workloads of any namespace with that pod label. */
  readonly byLabel: ReadonlyMap<string, readonly WorkloadInfo[]>;
  /** `namespace\0key\0value` → workloads of that namespace with that pod label. */
  readonly byNamespaceLabel: ReadonlyMap<string, readonly WorkloadInfo[]>;
}

const workloadLabelKey = (key: string, value: string): string => `${key}\u0000${value}`;

function buildWorkloadLabelIndex(registry: MeshRegistry): WorkloadLabelIndex {
  const byLabel = new Map<string, WorkloadInfo[]>();
  const byNamespaceLabel = new Map<string, WorkloadInfo[]>();
  const add = (map: Map<string, WorkloadInfo[]>, key: string, w: WorkloadInfo): void => {
    const bucket = map.get(key);
    if (bucket) bucket.push(w);
    else map.set(key, [w]);
  };
  for (const w of registry.workloads) {
    for (const [k, v] of Object.entries(w.labels)) {
      add(byLabel, workloadLabelKey(k, v), w);
      add(byNamespaceLabel, `${w.namespace}\u0000${workloadLabelKey(k, v)}`, w);
    }
  }
  return { all: registry.workloads, byLabel, byNamespaceLabel };
}

/**
 * Whether a workload of `namespace` has every label of each of `selectors` (empty selectors
 * match any workload). Costs the size of the smallest first-label bucket of the selectors.
 */
export function anyWorkloadMatchesAll(
  namespace: string,
  selectors: readonly (Readonly<Record<string, string>> | undefined)[],
  ctx: ValidationContext,
): boolean {
  const index = ctx.registryIndex(buildWorkloadLabelIndex);
  let candidates: readonly WorkloadInfo[] | undefined;
  for (const selector of selectors) {
    const first = Object.entries(selector ?? {})[0];
    if (!first) continue;
    const bucket =
      index.byNamespaceLabel.get(`${namespace}\u0000${workloadLabelKey(first[0], first[1])}`) ?? [];
    if (!candidates || bucket.length < candidates.length) candidates = bucket;
  }
  return (candidates ?? workloadsIn(namespace, ctx)).some((w) =>
    selectors.every((s) => selectorMatches(s, w.labels)),
  );
}

/**
 * Whether any workload of the mesh, in any namespace, has every label of `selector` (an empty
 * selector matches any workload). Costs the size of the selector's first label bucket.
 */
export function anyWorkloadMatches(
  selector: Readonly<Record<string, string>> | undefined,
  ctx: ValidationContext,
): boolean {
  const index = ctx.registryIndex(buildWorkloadLabelIndex);
  const first = Object.entries(selector ?? {})[0];
  if (!first) return index.all.length > 0;
  const bucket = index.byLabel.get(workloadLabelKey(first[0], first[1])) ?? [];
  return bucket.some((w) => selectorMatches(selector, w.labels));
}
