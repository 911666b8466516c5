/** YAML builders for the Service port rules' tests: a Service and the Deployment behind it. */
export function service(options: {
  ports: string;
  selector?: string;
  labels?: string;
  namespace?: string;
}): string {
  const selector = options.selector ?? '    app: web\n';
  return `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: ${options.namespace ?? 'shop'}
${options.labels ? `  labels:\n${options.labels}` : ''}spec:
${selector === '' ? '' : `  selector:\n${selector}`}  ports:
${options.ports}---
`;
}

export function deployment(options: {
  ports?: string;
  replicas?: number;
  podAnnotations?: string;
  labels?: string;
  namespace?: string;
  name?: string;
}): string {
  const ports = options.ports ?? '        - containerPort: 8080\n          name: web-http\n';
  const labels = options.labels ?? '    app: web\n';
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${options.name ?? 'web'}
  namespace: ${options.namespace ?? 'shop'}
  labels:
${labels}spec:
  replicas: ${options.replicas ?? 1}
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
${options.podAnnotations ? `      annotations:\n${options.podAnnotations}` : ''}    spec:
      containers:
      - name: web
        image: example/web
        ports:
${ports}---
`;
}
