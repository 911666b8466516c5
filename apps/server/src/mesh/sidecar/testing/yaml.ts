/** Kubernetes manifests for test meshes, written the way users write them. */

export function service(name: string, port = 9080, namespace = 'default'): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${namespace}
  labels:
    app: ${name}
spec:
  ports:
  - port: ${port}
    name: http
  selector:
    app: ${name}
---
`;
}

export function deployment(
  name: string,
  app: string,
  version: string,
  port = 9080,
  namespace = 'default',
  extraLabels: Readonly<Record<string, string>> = {},
): string {
  const labels = { app, version, ...extraLabels };
  const labelLines = Object.entries(labels)
    .map(([k, v]) => `        ${k}: ${v}`)
    .join('\n');
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  replicas: 1
  selector:
    matchLabels:
      app: ${app}
      version: ${version}
  template:
    metadata:
      labels:
${labelLines}
    spec:
      serviceAccountName: ${app}
      containers:
      - name: ${app}
        image: docker.io/istio/examples-bookinfo-${app}-${version}:1.20.3
        ports:
        - containerPort: ${port}
---
`;
}
