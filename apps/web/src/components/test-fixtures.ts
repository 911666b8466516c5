/**
 * Builders of API answers for the console's tests, complete enough for their schemas to parse
 * (the tests then change only the fields they are about).
 */
import type { HealthStatus } from '@meshlens/mesh-core/health';

const gvk = (Group: string, Version: string, Kind: string) => ({ Group, Version, Kind });

export const ref = (kind: string, name: string, namespace = 'bookinfo') => ({
  objectGVK: gvk(kind === 'AuthorizationPolicy' ? 'security.istio.io' : 'networking.istio.io', 'v1', kind),
  name,
  namespace,
  cluster: 'Kubernetes',
});

export function requests(inbound: Record<string, Record<string, number>> = { http: { '200': 1 } }) {
  return { inbound, outbound: {}, healthAnnotations: {} };
}

export function workloadStatus(name: string, available = 1, desired = 1, synced = desired) {
  return {
    name,
    desiredReplicas: desired,
    currentReplicas: desired,
    availableReplicas: available,
    syncedProxies: synced,
  };
}

export function calculated(status: HealthStatus, errorRatio = 0) {
  return { status, errorRatio, totalRequestRate: 1 };
}

const flags = { isAmbient: false, isGateway: false, isWaypoint: false, isZtunnel: false };

export function appItem(name: string, status: HealthStatus, extra: Record<string, unknown> = {}) {
  return {
    name,
    namespace: 'bookinfo',
    cluster: 'Kubernetes',
    ...flags,
    istioSidecar: true,
    labels: { app: name, version: 'v1' },
    istioReferences: [],
    health: {
      workloadStatuses: [workloadStatus(`${name}-v1`)],
      requests: requests(),
      status: calculated(status),
    },
    ...extra,
  };
}

export function workloadItem(name: string, status: HealthStatus, extra: Record<string, unknown> = {}) {
  return {
    name,
    namespace: 'bookinfo',
    cluster: 'Kubernetes',
    gvk: gvk('apps', 'v1', 'Deployment'),
    createdAt: '2026-01-01T00:00:00Z',
    resourceVersion: '1',
    ...flags,
    istioSidecar: true,
    labels: { app: name.replace(/-v\d+$/, ''), version: 'v1' },
    annotations: {},
    appLabel: true,
    versionLabel: true,
    podCount: 1,
    healthAnnotations: {},
    istioReferences: [],
    notCoveredAuthPolicy: false,
    health: { workloadStatus: workloadStatus(name), requests: requests(), status: calculated(status) },
    ...extra,
  };
}

export function serviceItem(name: string, status: HealthStatus, extra: Record<string, unknown> = {}) {
  return {
    name,
    namespace: 'bookinfo',
    cluster: 'Kubernetes',
    istioSidecar: true,
    isAmbient: false,
    appLabel: true,
    labels: { app: name },
    selector: { app: name },
    ports: { http: 9080 },
    istioReferences: [],
    kialiWizard: '',
    serviceRegistry: 'Kubernetes',
    health: { requests: requests(), status: calculated(status) },
    ...extra,
  };
}

export function pod(name: string, proxyStatus: Record<string, string> | null = syncedProxy()) {
  return {
    name,
    labels: {},
    createdAt: '2026-01-01T00:00:00Z',
    createdBy: [],
    containers: [],
    istioContainers: [{ name: 'istio-proxy', image: 'proxy', isProxy: true, isReady: true }],
    istioInitContainers: [],
    status: 'Running',
    statusMessage: '',
    statusReason: '',
    appLabel: true,
    versionLabel: true,
    annotations: {},
    serviceAccountName: 'default',
    proxyStatus,
  };
}

export function syncedProxy(over: Record<string, string> = {}) {
  return { CDS: 'Synced', EDS: 'Synced', LDS: 'Synced', RDS: 'Synced', ...over };
}

export function validation(kind: string, name: string, checks: { severity: string; message: string }[] = []) {
  return {
    name,
    namespace: 'bookinfo',
    cluster: 'Kubernetes',
    objectGVK:
      kind === 'workload' || kind === 'service' ? gvk('', '', kind) : gvk('networking.istio.io', 'v1', kind),
    valid: !checks.some((c) => c.severity === 'error'),
    checks: checks.map((c) => ({ code: 'KIA0000', path: '', ...c })),
    references: [],
  };
}

export function istioObject(kind: string, name: string, namespace = 'bookinfo') {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind,
    metadata: { name, namespace, labels: {}, annotations: {} },
    spec: {},
  };
}

export function componentHealth(name: string, url: string, status = 'Healthy', error?: string) {
  return { name, url, status, latencyMs: 1.5, version: '1.0', ...(error === undefined ? {} : { error }) };
}

export function meshStatus(over: Record<string, unknown> = {}) {
  return {
    status: 'Healthy',
    components: {
      controlPlane: componentHealth('istiod', 'http://127.0.0.1:15012'),
      prometheus: componentHealth('prometheus', 'http://127.0.0.1:9090'),
      traceStore: componentHealth('jaeger', 'http://127.0.0.1:16686'),
      ...over,
    },
    proxies: { total: 1, synced: 1, stale: 0, notSent: 0, disconnected: 0 },
    checkedAt: 1_700_000_000_000,
  };
}
