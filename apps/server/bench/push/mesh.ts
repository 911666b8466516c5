/**
 * The mesh of the config-push benchmark: `count` Deployments with a Service each in one namespace
 * (so every sidecar's workload exists and every sidecar sees every service), and the change that
 * affects every proxy: a DestinationRule on the first service, alternating between two
 * connection-pool settings.
 */
export const NAMESPACE = 'push-bench';

export const workloadName = (i: number): string => `svc-${String(i).padStart(2, '0')}`;

export function registryYaml(count: number): string {
  const docs: string[] = [];
  for (let i = 0; i < count; i++) {
    const name = workloadName(i);
    docs.push(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${NAMESPACE}
  labels: { app: ${name}, version: v1 }
spec:
  replicas: 1
  selector:
    matchLabels: { app: ${name}, version: v1 }
  template:
    metadata:
      labels: { app: ${name}, version: v1 }
    spec:
      containers:
        - name: ${name}
          image: docker.io/istio/examples-bookinfo-details-v1:1.20.1
          ports:
            - containerPort: 9080
`);
    docs.push(`apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${NAMESPACE}
  labels: { app: ${name}, service: ${name} }
spec:
  selector: { app: ${name} }
  ports:
    - name: http
      port: 9080
`);
  }
  return docs.join('---\n');
}

/** The change, variant 0 or 1: both are valid and differ in what every proxy compiles. */
export function changeYaml(variant: number): string {
  const target = workloadName(0);
  return `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: ${target}
  namespace: ${NAMESPACE}
spec:
  host: ${target}.${NAMESPACE}.svc.cluster.local
  trafficPolicy:
    connectionPool:
      http:
        http1MaxPendingRequests: ${variant === 0 ? 100 : 200}
        maxRequestsPerConnection: ${variant === 0 ? 10 : 20}
`;
}
