/**
 * The scrape targets of the local mesh, in Prometheus's HTTP service discovery format: one
 * target group per proxy (sidecar or gateway), at its admin address, with the target labels
 * Istio's `kubernetes-pods` job gives a pod (samples/addons/prometheus.yaml): every pod label
 * through `labelmap` (`app`, `version`, …, names sanitized as Prometheus does), then `namespace`
 * and `pod`; and `__metrics_path__` from the pod's `prometheus.io/path` annotation, which Istio's
 * injector sets to `/stats/prometheus`. Meshlens adds `workload`. So a dashboard or PromQL query
 * written for Istio's Prometheus finds the same labels here.
 *
 * `serveTargets` serves the document on the control plane (`GET /v1/prometheus/targets`); the
 * generated Prometheus configuration polls it (`http_sd_configs`), so scaled or restarted
 * workloads are scraped within one refresh interval.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export const PROMETHEUS_TARGETS_PATH = '/v1/prometheus/targets';
export const ENVOY_METRICS_PATH = '/stats/prometheus';

export type ProxyKind = 'sidecar' | 'gateway';

/** One proxy to scrape, as the control plane's registry knows it. */
export interface ScrapeProxy {
  /** `host:port` of the proxy's admin endpoint, which serves `/stats/prometheus`. */
  readonly adminAddress: string;
  readonly namespace: string;
  readonly pod: string;
  readonly workload: string;
  /** The pod's labels (`app`, `version`, `service.istio.io/canonical-name`, …). */
  readonly labels: Readonly<Record<string, string>>;
  readonly kind: ProxyKind;
}

/** One entry of an HTTP SD document. */
export interface TargetGroup {
  readonly targets: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
}

const validLabelName = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const hostPort = /^(\[[0-9a-fA-F:.]+\]|[^\s:/[\]@?#]+):(\d{1,5})$/;

/** Prometheus's sanitizing of Kubernetes label names (`security.istio.io/tlsMode` → `security_istio_io_tlsMode`). */
export function sanitizeLabelName(name: string): string {
  return name.replace(/[^a-zA-Z0-9_]/g, '_');
}

/**
 * Pod labels that would not be plain target labels: names Prometheus reserves (`__…`), names
 * that stay invalid after sanitizing, and `job` and `instance`, which must keep naming the scrape
 * job and the target.
 */
function podLabelKept(name: string): boolean {
  return validLabelName.test(name) && !name.startsWith('__') && name !== 'job' && name !== 'instance';
}

/** `host:port` (IPv6 hosts in brackets), as Prometheus takes a target address: no scheme, no path. */
export function isHostPort(address: string): boolean {
  const port = hostPort.exec(address)?.[2];
  return port !== undefined && Number(port) >= 1 && Number(port) <= 65535;
}

function checkAddress(proxy: ScrapeProxy): void {
  if (!isHostPort(proxy.adminAddress)) {
    throw new Error(
      `proxy ${proxy.namespace}/${proxy.pod}: adminAddress ${JSON.stringify(proxy.adminAddress)} is not host:port`,
    );
  }
}

function targetGroup(proxy: ScrapeProxy): TargetGroup {
  checkAddress(proxy);
  const labels: Record<string, string> = {};
  for (const [name, value] of Object.entries(proxy.labels)) {
    const sanitized = sanitizeLabelName(name);
    if (podLabelKept(sanitized)) labels[sanitized] = value;
  }
  // Applied after the pod labels, as Istio's relabelling does: they win over a pod label of that name.
  labels['namespace'] = proxy.namespace;
  labels['pod'] = proxy.pod;
  labels['workload'] = proxy.workload;
  labels['__metrics_path__'] = ENVOY_METRICS_PATH;
  // Visible to relabelling rules only; Prometheus drops `__meta_*` labels after relabelling.
  labels['__meta_meshlens_proxy_kind'] = proxy.kind;
  return { targets: [proxy.adminAddress], labels };
}

/** The HTTP SD document for these proxies, ordered by namespace, pod and address. */
export function prometheusTargets(proxies: readonly ScrapeProxy[]): TargetGroup[] {
  return [...proxies]
    .sort(
      (a, b) =>
        a.namespace.localeCompare(b.namespace) ||
        a.pod.localeCompare(b.pod) ||
        a.adminAddress.localeCompare(b.adminAddress),
    )
    .map(targetGroup);
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/**
 * A node:http handler for `GET /v1/prometheus/targets`: returns false for any other path, so the
 * control plane can chain it with its other handlers. A failure to list the proxies answers 500,
 * on which Prometheus keeps the targets it had.
 */
export function serveTargets(
  getProxies: () => readonly ScrapeProxy[] | Promise<readonly ScrapeProxy[]>,
): (req: IncomingMessage, res: ServerResponse) => boolean {
  return (req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://control-plane');
    if (pathname !== PROMETHEUS_TARGETS_PATH) return false;
    if (req.method !== 'GET') {
      sendJson(
        res,
        405,
        { error: `${req.method ?? ''} not allowed on ${pathname}: use GET` },
        { allow: 'GET' },
      );
      return true;
    }
    void (async () => {
      try {
        sendJson(res, 200, prometheusTargets(await getProxies()));
      } catch (e) {
        sendJson(res, 500, {
          error: `listing scrape targets failed: ${e instanceof Error ? e.message : String(e)}`,
        });
      }
    })();
    return true;
  };
}
