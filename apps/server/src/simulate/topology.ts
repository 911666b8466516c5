/**
 * The synthetic mesh behind `meshlens simulate`: pure and seeded, so a seed always gives the
 * same mesh. Per namespace, apps with 1-3 versions (one Deployment each) and a Service per app,
 * plus a TCP database; the ingress gateway (`istio-ingressgateway` in `istio-system`) calls the
 * entry apps.
 *
 * The call graph is layered: apps are spread over a few layers, each app past the first gets one
 * caller in the layer above (so every app is reachable from the gateway), then random calls from
 * an app to a deeper one (mostly the next layer, a few to another namespace) are added until the
 * namespace has about 10/3 edges per workload (≈1,000 for 300 workloads). An edge is one source
 * workload → one destination workload through the destination's Service; an app calling a
 * Service reaches every version behind it. Besides: a few apps talk TCP to the database, one
 * entry app takes requests from a client without a sidecar (`unknown` source) and one app calls
 * an external host (a ServiceEntry-like destination with no workload).
 *
 * Outcomes are mostly 200s; about one HTTP edge in five also sees a share of 404, 500 or 503
 * with Envoy's response flags (UH, UO, URX, NR, DC), reported by the side that would see them:
 * failures that never reached a workload (UH, UO, NR) only by the client's proxy.
 */
import type { Random } from './random.ts';
import { seededRandom } from './random.ts';

export const GATEWAY_NAMESPACE = 'istio-system';
export const GATEWAY_WORKLOAD = 'istio-ingressgateway';
export const CLUSTER_ID = 'Kubernetes';
export const HTTP_PORT = 9080;
export const TCP_PORT = 3306;
/** Edges per workload the call graph aims for: ≈1,000 for one namespace of 300 workloads. */
export const EDGES_PER_WORKLOAD = 10 / 3;

export interface SimWorkload {
  readonly namespace: string;
  /** The Deployment, `<app>-v<n>`. */
  readonly name: string;
  readonly app: string;
  /** Absent for the gateway, which carries no `version` label. */
  readonly version?: string;
  readonly serviceAccount: string;
  readonly pod: string;
  readonly kind: 'sidecar' | 'gateway';
  readonly labels: Readonly<Record<string, string>>;
}

export interface SimService {
  readonly namespace: string;
  readonly name: string;
  readonly app: string;
  readonly protocol: 'http' | 'tcp';
  readonly port: number;
}

/** One way requests on an edge end, and which proxies report it with which flags. */
export interface Outcome {
  readonly code: number;
  /** Share of the edge's requests, 0-1. */
  readonly share: number;
  /** The client proxy's flags; absent when the client has no proxy. */
  readonly sourceFlags?: string;
  /** The server proxy's flags; absent when the request never reached a workload. */
  readonly destinationFlags?: string;
  /** Median latency of these requests. */
  readonly medianMs: number;
}

export interface SimEdge {
  /** Absent: a client without a sidecar (`unknown`). */
  readonly source?: SimWorkload;
  /** The Service's FQDN, or an external host. */
  readonly destinationService: string;
  /** Absent: an external host, no workload behind it. */
  readonly destination?: SimWorkload;
  readonly protocol: 'http' | 'tcp';
  readonly mtls: boolean;
  /** Requests per second (HTTP) or connections per second (TCP). */
  readonly rate: number;
  /** HTTP only; shares add up to 1. */
  readonly outcomes: readonly Outcome[];
}

export interface SimMesh {
  readonly seed: number;
  /** The simulated namespaces, without `istio-system`. */
  readonly namespaces: readonly string[];
  /** Every workload, the gateway first. */
  readonly workloads: readonly SimWorkload[];
  readonly services: readonly SimService[];
  readonly edges: readonly SimEdge[];
}

export interface MeshShape {
  readonly namespaces: number;
  /** Workloads per namespace. */
  readonly workloads: number;
  readonly seed: number;
}

const APP_WORDS = [
  'frontend', 'catalog', 'cart', 'checkout', 'payment', 'shipping', 'inventory', 'search', 'auth',
  'profile', 'orders', 'billing', 'pricing', 'recommend', 'media', 'notify', 'ledger', 'quote',
  'tax', 'fraud', 'session', 'reviews', 'ratings', 'email', 'currency', 'ads', 'loyalty', 'stock',
  'warehouse', 'tracking',
] as const; // prettier-ignore

export const EXTERNAL_HOST = 'api.partner.example.com';

export function namespaceName(index: number): string {
  return `sim-${String(index).padStart(2, '0')}`;
}

function appName(index: number): string {
  const word = APP_WORDS[index % APP_WORDS.length] ?? 'app';
  const round = Math.floor(index / APP_WORDS.length);
  return round === 0 ? word : `${word}-${round}`;
}

function workload(options: {
  namespace: string;
  app: string;
  version?: string;
  kind: 'sidecar' | 'gateway';
  labels: Readonly<Record<string, string>>;
  random: Random;
}): SimWorkload {
  const { namespace, app, version, kind, labels } = options;
  const name = version === undefined ? app : `${app}-${version}`;
  // A ReplicaSet hash and pod suffix, as Kubernetes names pods.
  const hash = options.random.int(0x10000000, 0x7fffffff).toString(36).slice(0, 9);
  const suffix = options.random.int(0x100000, 0xffffff).toString(36).slice(0, 5);
  return {
    namespace,
    name,
    app,
    ...(version === undefined ? {} : { version }),
    serviceAccount: kind === 'gateway' ? 'istio-ingressgateway-service-account' : app,
    pod: `${name}-${hash}-${suffix}`,
    kind,
    labels,
  };
}

export const serviceHost = (s: Pick<SimService, 'name' | 'namespace'>): string =>
  `${s.name}.${s.namespace}.svc.cluster.local`;

interface App {
  readonly service: SimService;
  readonly workloads: readonly SimWorkload[];
  readonly layer: number;
}

/** Apps of one namespace over `layers` layers, with a TCP database last. */
function namespaceApps(namespace: string, count: number, random: Random): App[] {
  const apps: App[] = [];
  const hasDb = count >= 4;
  let left = hasDb ? count - 1 : count;
  const plain: Array<{ name: string; versions: number }> = [];
  for (let i = 0; left > 0; i++) {
    const wanted = random.chance(0.45) ? 1 : random.chance(0.6) ? 2 : 3;
    const versions = Math.min(wanted, left);
    plain.push({ name: appName(i), versions });
    left -= versions;
  }
  const layers = Math.max(2, Math.min(6, Math.round(Math.log2(plain.length + 1))));
  const entries = Math.max(1, Math.round(plain.length * 0.05));
  plain.forEach((p, i) => {
    const layer = i < entries ? 0 : 1 + Math.floor(((i - entries) * (layers - 1)) / (plain.length - entries));
    const service: SimService = { namespace, name: p.name, app: p.name, protocol: 'http', port: HTTP_PORT };
    const workloads = Array.from({ length: p.versions }, (_, v) =>
      workload({
        namespace,
        app: p.name,
        version: `v${v + 1}`,
        kind: 'sidecar',
        labels: { app: p.name, version: `v${v + 1}` },
        random,
      }),
    );
    apps.push({ service, workloads, layer });
  });
  if (hasDb) {
    const service: SimService = {
      namespace,
      name: 'mysqldb',
      app: 'mysqldb',
      protocol: 'tcp',
      port: TCP_PORT,
    };
    const db = workload({
      namespace,
      app: 'mysqldb',
      version: 'v1',
      kind: 'sidecar',
      labels: { app: 'mysqldb', version: 'v1' },
      random,
    });
    apps.push({ service, workloads: [db], layer: layers });
  }
  return apps;
}

const ERRORS: ReadonlyArray<Omit<Outcome, 'share'>> = [
  { code: 404, sourceFlags: '-', destinationFlags: '-', medianMs: 3 },
  { code: 500, sourceFlags: '-', destinationFlags: '-', medianMs: 8 },
  { code: 503, sourceFlags: 'URX', destinationFlags: '-', medianMs: 40 },
  { code: 503, sourceFlags: 'UH', medianMs: 0.4 },
  { code: 503, sourceFlags: 'UO', medianMs: 0.4 },
  { code: 404, sourceFlags: 'NR', medianMs: 0.4 },
  { code: 0, sourceFlags: 'DC', destinationFlags: 'DC', medianMs: 120 },
];

function httpOutcomes(random: Random, medianMs: number, failing: boolean): Outcome[] {
  if (!failing) return [{ code: 200, share: 1, sourceFlags: '-', destinationFlags: '-', medianMs }];
  const error = random.pick(ERRORS);
  const share = Math.round(random.logNormal(0.04, 0.7) * 1000) / 1000;
  const bad = Math.min(0.5, Math.max(0.005, share));
  return [
    { code: 200, share: 1 - bad, sourceFlags: '-', destinationFlags: '-', medianMs },
    { ...error, share: bad },
  ];
}

/** Edges from one source workload to every workload behind `callee`. */
function callEdges(options: {
  source: SimWorkload | undefined;
  callee: App;
  random: Random;
  rate: number;
  failing: boolean;
}): SimEdge[] {
  const { source, callee, random } = options;
  const perVersion = options.rate / callee.workloads.length;
  return callee.workloads.map((destination) => ({
    ...(source === undefined ? {} : { source }),
    destinationService: serviceHost(callee.service),
    destination,
    protocol: callee.service.protocol,
    mtls: source !== undefined,
    rate: Math.round(perVersion * 1000) / 1000,
    outcomes:
      callee.service.protocol === 'tcp'
        ? []
        : httpOutcomes(random, random.logNormal(12, 0.6), options.failing).map((o) =>
            source === undefined ? { ...o, sourceFlags: undefined } : o,
          ),
  }));
}

export function generateMesh(shape: MeshShape): SimMesh {
  const random = seededRandom(shape.seed);
  const gateway = workload({
    namespace: GATEWAY_NAMESPACE,
    app: GATEWAY_WORKLOAD,
    kind: 'gateway',
    labels: { app: GATEWAY_WORKLOAD, istio: 'ingressgateway' },
    random,
  });
  const namespaces = Array.from({ length: shape.namespaces }, (_, i) => namespaceName(i));
  const appsByNamespace = namespaces.map((ns) => namespaceApps(ns, shape.workloads, random));
  const edges: SimEdge[] = [];
  const calls = new Set<string>();
  const call = (caller: App | undefined, callee: App, rate: number): number => {
    const key = `${caller === undefined ? '' : serviceHost(caller.service)}>${serviceHost(callee.service)}`;
    if (calls.has(key)) return 0;
    calls.add(key);
    const sources = caller?.workloads ?? [gateway];
    const failing = random.chance(0.2);
    const added = sources.flatMap((source) => callEdges({ source, callee, random, rate, failing }));
    edges.push(...added);
    return added.length;
  };

  appsByNamespace.forEach((apps, n) => {
    const target = Math.round(shape.workloads * EDGES_PER_WORKLOAD);
    const before = edges.length;
    const byLayer = (l: number): App[] => apps.filter((a) => a.layer === l && a.service.protocol === 'http');
    const maxLayer = Math.max(...apps.filter((a) => a.service.protocol === 'http').map((a) => a.layer));
    for (const entry of byLayer(0)) call(undefined, entry, Math.round(random.logNormal(40, 0.5)));
    for (const app of apps) {
      if (app.layer === 0 || app.service.protocol === 'tcp') continue;
      const above = byLayer(app.layer - 1);
      if (above.length > 0) call(random.pick(above), app, random.logNormal(5, 0.8));
    }
    const db = apps.find((a) => a.service.protocol === 'tcp');
    if (db !== undefined) {
      const deep = apps.filter((a) => a.service.protocol === 'http' && a.layer >= Math.max(1, maxLayer - 1));
      for (let i = 0; i < Math.min(3, deep.length); i++)
        call(random.pick(deep), db, random.logNormal(1, 0.5));
    }
    const entry = byLayer(0)[0];
    if (entry !== undefined) {
      edges.push(
        ...callEdges({
          source: undefined,
          callee: entry,
          random,
          rate: random.logNormal(2, 0.3),
          failing: false,
        }),
      );
    }
    const external = random.pick(apps.filter((a) => a.service.protocol === 'http'));
    const caller = external.workloads[0];
    if (caller !== undefined) {
      edges.push({
        source: caller,
        destinationService: EXTERNAL_HOST,
        protocol: 'http',
        mtls: false,
        rate: Math.round(random.logNormal(1.5, 0.4) * 1000) / 1000,
        outcomes: httpOutcomes(random, random.logNormal(150, 0.5), random.chance(0.5)).map((o) => {
          const { destinationFlags: _reported, ...sourceOnly } = o;
          return sourceOnly;
        }),
      });
    }
    // Random deeper calls until the namespace has its share of edges; bounded in attempts, so
    // a namespace too small to reach the target stops.
    for (let attempt = 0; edges.length - before < target && attempt < target * 20; attempt++) {
      const from = random.pick(apps.filter((a) => a.layer < maxLayer && a.service.protocol === 'http'));
      const otherNs = namespaces.length > 1 && random.chance(0.04);
      const pool = otherNs
        ? (appsByNamespace[(n + random.int(1, namespaces.length - 1)) % namespaces.length] ?? [])
        : apps;
      const deeper = pool.filter(
        (a) => a.service.protocol === 'http' && (otherNs ? a.layer > 0 : a.layer > from.layer),
      );
      const next = deeper.filter((a) => a.layer === from.layer + 1);
      const candidates = !otherNs && next.length > 0 && random.chance(0.7) ? next : deeper;
      if (candidates.length === 0) continue;
      call(from, random.pick(candidates), random.logNormal(3, 0.9));
    }
  });

  const all = appsByNamespace.flat();
  return {
    seed: shape.seed,
    namespaces,
    workloads: [gateway, ...all.flatMap((a) => a.workloads)],
    services: all.map((a) => a.service),
    edges,
  };
}
