/** Kiali's detail page paths of apps, workloads and services. */
const seg = encodeURIComponent;

export const appDetailPath = (namespace: string, app: string): string =>
  `/namespaces/${seg(namespace)}/applications/${seg(app)}`;
export const workloadDetailPath = (namespace: string, workload: string): string =>
  `/namespaces/${seg(namespace)}/workloads/${seg(workload)}`;
export const serviceDetailPath = (namespace: string, service: string): string =>
  `/namespaces/${seg(namespace)}/services/${seg(service)}`;
