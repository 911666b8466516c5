/**
 * The resource kinds Meshlens understands, with every API version Istio serves for each.
 */
export const istioKinds = [
  'VirtualService',
  'DestinationRule',
  'Gateway',
  'ServiceEntry',
  'Sidecar',
  'WorkloadEntry',
  'WorkloadGroup',
  'EnvoyFilter',
  'PeerAuthentication',
  'RequestAuthentication',
  'AuthorizationPolicy',
] as const;
export type IstioKind = (typeof istioKinds)[number];

export const kubeKinds = ['Namespace', 'Service', 'Deployment', 'ServiceAccount'] as const;
export type KubeKind = (typeof kubeKinds)[number];

export type ResourceKind = IstioKind | KubeKind;

export const istioGroupOf: Readonly<Record<IstioKind, 'networking.istio.io' | 'security.istio.io'>> = {
  VirtualService: 'networking.istio.io',
  DestinationRule: 'networking.istio.io',
  Gateway: 'networking.istio.io',
  ServiceEntry: 'networking.istio.io',
  Sidecar: 'networking.istio.io',
  WorkloadEntry: 'networking.istio.io',
  WorkloadGroup: 'networking.istio.io',
  EnvoyFilter: 'networking.istio.io',
  PeerAuthentication: 'security.istio.io',
  RequestAuthentication: 'security.istio.io',
  AuthorizationPolicy: 'security.istio.io',
};

/** API versions Istio serves for each kind (from its CRDs). */
export const istioVersionsOf: Readonly<Record<IstioKind, readonly string[]>> = {
  VirtualService: ['v1', 'v1beta1', 'v1alpha3'],
  DestinationRule: ['v1', 'v1beta1', 'v1alpha3'],
  Gateway: ['v1', 'v1beta1', 'v1alpha3'],
  ServiceEntry: ['v1', 'v1beta1', 'v1alpha3'],
  Sidecar: ['v1', 'v1beta1', 'v1alpha3'],
  WorkloadEntry: ['v1', 'v1beta1', 'v1alpha3'],
  WorkloadGroup: ['v1', 'v1beta1', 'v1alpha3'],
  EnvoyFilter: ['v1alpha3'],
  PeerAuthentication: ['v1', 'v1beta1'],
  RequestAuthentication: ['v1', 'v1beta1'],
  AuthorizationPolicy: ['v1', 'v1beta1'],
};

export const kubeApiVersionOf: Readonly<Record<KubeKind, readonly string[]>> = {
  Namespace: ['v1'],
  Service: ['v1'],
  ServiceAccount: ['v1'],
  Deployment: ['apps/v1'],
};

export function isIstioKind(kind: string): kind is IstioKind {
  return (istioKinds as readonly string[]).includes(kind);
}

export function isKubeKind(kind: string): kind is KubeKind {
  return (kubeKinds as readonly string[]).includes(kind);
}
