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
