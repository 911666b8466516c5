/**
 * The demo `meshlens start` installs into an empty store: Istio's Bookinfo, unchanged, with the
 * ingress gateway Istio would have installed, the Bookinfo Gateway and its DestinationRules.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bookinfoDir = fileURLToPath(new URL('../../../../../third_party/istio/bookinfo/', import.meta.url));

/** The ingress gateway Deployment Istio installs, which Bookinfo's Gateway selects (`istio: ingressgateway`). */
export const INGRESS_GATEWAY_YAML = `apiVersion: v1
kind: Namespace
metadata:
  name: istio-system
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: istio-ingressgateway
  namespace: istio-system
spec:
  replicas: 1
  selector:
    matchLabels: {istio: ingressgateway}
  template:
    metadata:
      labels: {app: istio-ingressgateway, istio: ingressgateway}
    spec:
      serviceAccountName: istio-ingressgateway-service-account
      containers:
      - name: istio-proxy
        image: docker.io/istio/proxyv2:1.24.0
        ports:
        - containerPort: 8080
`;

/** The demo's documents in the order they are applied: `[file, text]`. */
export function bookinfoDemo(): Array<[string, string]> {
  const sample = (file: string): [string, string] => [file, readFileSync(join(bookinfoDir, file), 'utf8')];
  return [
    sample('platform/bookinfo.yaml'),
    ['istio-ingressgateway.yaml', INGRESS_GATEWAY_YAML],
    sample('networking/bookinfo-gateway.yaml'),
    sample('networking/destination-rule-all.yaml'),
  ];
}
