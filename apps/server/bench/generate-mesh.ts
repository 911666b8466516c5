/**
 * Generates a large, realistic mesh as manifest files for benchmarks: namespaces of services,
 * each with two versioned Deployments, a ServiceAccount, and Istio config of every kind that
 * references them (so that every cross-resource check has real work to do).
 */
import type { ManifestInput } from '@meshlens/mesh-core/validation';

export interface GeneratedMesh {
  readonly inputs: ManifestInput[];
  readonly istioResources: number;
  readonly services: number;
}

export interface MeshShape {
  readonly namespaces: number;
  readonly servicesPerNamespace: number;
}

/** Per service: VirtualService, DestinationRule, AuthorizationPolicy, PeerAuthentication, ServiceEntry. */
const istioPerService = 5;

export function generateMesh(shape: MeshShape): GeneratedMesh {
  const inputs: ManifestInput[] = [];
  let istio = 0;
  for (let n = 0; n < shape.namespaces; n++) {
    const ns = `team-${n}`;
    const kube: string[] = [`apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${ns}\n`];
    const config: string[] = [gateway(ns)];
    istio++;
    for (let s = 0; s < shape.servicesPerNamespace; s++) {
      const name = `svc-${s}`;
      kube.push(
        service(ns, name),
        serviceAccount(ns, name),
        deployment(ns, name, 'v1'),
        deployment(ns, name, 'v2'),
      );
      const next = `svc-${(s + 1) % shape.servicesPerNamespace}`;
      config.push(
        virtualService(ns, name, s === 0),
        destinationRule(ns, name),
        authorizationPolicy(ns, name, next),
        peerAuthentication(ns, name),
        serviceEntry(ns, name),
      );
      istio += istioPerService;
    }
    inputs.push({ file: `${ns}/workloads.yaml`, text: kube.join('---\n') });
    inputs.push({ file: `${ns}/istio.yaml`, text: config.join('---\n') });
  }
  return { inputs, istioResources: istio, services: shape.namespaces * shape.servicesPerNamespace };
}

function service(ns: string, name: string): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${ns}
  labels:
    app: ${name}
spec:
  selector:
    app: ${name}
  ports:
  - name: http
    port: 9080
    targetPort: 9080
`;
}

function serviceAccount(ns: string, name: string): string {
  return `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ${name}\n  namespace: ${ns}\n`;
}

function deployment(ns: string, name: string, version: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}-${version}
  namespace: ${ns}
spec:
  replicas: 1
  selector:
    matchLabels:
      app: ${name}
      version: ${version}
  template:
    metadata:
      labels:
        app: ${name}
        version: ${version}
    spec:
      serviceAccountName: ${name}
      containers:
      - name: ${name}
        image: example/${name}:${version}
        ports:
        - containerPort: 9080
`;
}

function gateway(ns: string): string {
  return `apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: ${ns}-gateway
  namespace: ${ns}
spec:
  selector:
    istio: ingressgateway
  servers:
  - port:
      number: 80
      name: http
      protocol: HTTP
    hosts:
    - "${ns}.example.com"
`;
}

function virtualService(ns: string, name: string, exposed: boolean): string {
  return `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  hosts:
  - ${name}${exposed ? `\n  - "${ns}.example.com"\n  gateways:\n  - ${ns}-gateway\n  - mesh` : ''}
  http:
  - match:
    - headers:
        end-user:
          exact: jason
      uri:
        prefix: /api
    route:
    - destination:
        host: ${name}
        subset: v2
  - route:
    - destination:
        host: ${name}
        subset: v1
      weight: 90
    - destination:
        host: ${name}
        subset: v2
      weight: 10
    timeout: 5s
    retries:
      attempts: 3
      perTryTimeout: 2s
      retryOn: gateway-error,connect-failure,refused-stream
`;
}

function destinationRule(ns: string, name: string): string {
  return `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  host: ${name}
  trafficPolicy:
    connectionPool:
      http:
        http1MaxPendingRequests: 100
    outlierDetection:
      consecutive5xxErrors: 5
      interval: 10s
      baseEjectionTime: 30s
  subsets:
  - name: v1
    labels:
      version: v1
  - name: v2
    labels:
      version: v2
`;
}

function authorizationPolicy(ns: string, name: string, caller: string): string {
  return `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  selector:
    matchLabels:
      app: ${name}
  action: ALLOW
  rules:
  - from:
    - source:
        principals: ["cluster.local/ns/${ns}/sa/${caller}"]
    to:
    - operation:
        methods: ["GET", "POST"]
        paths: ["/api/*"]
`;
}

function peerAuthentication(ns: string, name: string): string {
  return `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  selector:
    matchLabels:
      app: ${name}
  mtls:
    mode: PERMISSIVE
`;
}

function serviceEntry(ns: string, name: string): string {
  return `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: ${name}-external
  namespace: ${ns}
spec:
  hosts:
  - ${name}.${ns}.partner.example.com
  location: MESH_EXTERNAL
  ports:
  - number: 443
    name: https
    protocol: TLS
  resolution: DNS
`;
}

/** A VirtualService document of about `lines` lines, replacing `name` in `ns`. */
export function largeVirtualService(ns: string, name: string, lines: number): string {
  const head = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  hosts:
  - ${name}
  http:
`;
  const rule = (i: number): string => `  - name: rule-${i}
    match:
    - uri:
        prefix: /r${i}/
      headers:
        x-tenant:
          regex: "tenant-${i}-[a-z]+"
    route:
    - destination:
        host: ${name}
        subset: v${(i % 2) + 1}
      weight: 100
    timeout: ${(i % 9) + 1}s
`;
  const ruleLines = rule(0).split('\n').length - 1;
  const count = Math.max(1, Math.ceil((lines - head.split('\n').length + 1) / ruleLines));
  return head + Array.from({ length: count }, (_, i) => rule(i)).join('');
}
