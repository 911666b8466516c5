/**
 * The one catalogue of finding codes: Kiali's KIA codes with Kiali's messages and severities,
 * Istio's IST0106 for schema errors, and Meshlens's own ML codes for input that could not be
 * read as resources at all. Every finding in Meshlens is built from an entry here.
 */
export const severities = ['error', 'warning', 'unknown'] as const;
/** Kiali's severities: `unknown` is what Kiali shows as "info". */
export type Severity = (typeof severities)[number];

interface CheckDescriptor {
  readonly message: string;
  readonly severity: Severity;
}

export const catalogue = {
  // Generic
  KIA0002: { message: 'More than one selector-less object in the same namespace', severity: 'error' },
  KIA0003: { message: 'More than one object applied to the same workload', severity: 'error' },
  KIA0004: { message: 'No matching workload found for the selector in this namespace', severity: 'warning' },
  KIA0005: { message: 'No matching namespace found or namespace is not accessible', severity: 'error' },
  // AuthorizationPolicy
  KIA0101: { message: 'Namespace not found for this rule', severity: 'warning' },
  KIA0102: { message: 'Only HTTP methods and fully-qualified gRPC names are allowed', severity: 'warning' },
  KIA0104: { message: 'This host has no matching entry in the service registry', severity: 'error' },
  KIA0105: { message: 'This field requires mTLS to be enabled', severity: 'error' },
  KIA0106: { message: 'Service Account not found for this principal', severity: 'error' },
  // DestinationRule
  KIA0201: {
    message: 'More than one DestinationRules for the same host subset combination',
    severity: 'warning',
  },
  KIA0202: {
    message: 'This host has no matching entry in the service registry (service, workload or service entries)',
    severity: 'error',
  },
  KIA0203: { message: "This subset's labels are not found in any matching host", severity: 'error' },
  KIA0204: { message: 'mTLS settings of a non-local Destination Rule are overridden', severity: 'warning' },
  KIA0205: { message: 'PeerAuthentication enabling mTLS at mesh level is missing', severity: 'error' },
  KIA0206: { message: 'PeerAuthentication enabling namespace-wide mTLS is missing', severity: 'error' },
  KIA0207: {
    message: 'PeerAuthentication with TLS strict mode found, it should be permissive',
    severity: 'error',
  },
  KIA0208: { message: 'PeerAuthentication enabling mTLS found, permissive mode needed', severity: 'error' },
  KIA0209: { message: 'This subset has not labels', severity: 'warning' },
  // Gateway
  KIA0301: { message: 'More than one Gateway for the same host port combination', severity: 'warning' },
  KIA0302: {
    message: 'No matching workload found for gateway selector in this namespace',
    severity: 'warning',
  },
  // Mesh-wide PeerAuthentication
  KIA0401: { message: 'Mesh-wide Destination Rule enabling mTLS is missing', severity: 'error' },
  // PeerAuthentication
  KIA0501: { message: 'Destination Rule enabling namespace-wide mTLS is missing', severity: 'error' },
  KIA0505: { message: 'Destination Rule disabling namespace-wide mTLS is missing', severity: 'error' },
  KIA0506: { message: 'Destination Rule disabling mesh-wide mTLS is missing', severity: 'error' },
  // Service ports
  KIA0601: { message: 'Port name must follow <protocol>[-suffix] form', severity: 'error' },
  KIA0602: { message: 'Port appProtocol must follow <protocol> form', severity: 'error' },
  KIA0701: { message: 'Deployment exposing same port as Service not found', severity: 'warning' },
  // Sidecar
  KIA1004: { message: 'This host has no matching entry in the service registry', severity: 'warning' },
  KIA1006: { message: 'Global default sidecar should not have workloadSelector', severity: 'warning' },
  // VirtualService
  KIA1101: {
    message: "DestinationWeight on route doesn't have a valid service (host not found)",
    severity: 'error',
  },
  KIA1102: { message: 'VirtualService is pointing to a non-existent gateway', severity: 'error' },
  KIA1104: {
    message: 'The weight is assumed to be 100 because there is only one route destination',
    severity: 'warning',
  },
  KIA1105: {
    message: 'This host subset combination is already referenced in another route destination',
    severity: 'warning',
  },
  KIA1106: { message: 'More than one Virtual Service for same host', severity: 'warning' },
  KIA1107: { message: 'Subset not found', severity: 'warning' },
  KIA1108: { message: 'Preferred nomenclature: <gateway namespace>/<gateway name>', severity: 'unknown' },
  // ServiceEntry
  KIA1211: { message: 'More than one ServiceEntry for the same host and port', severity: 'warning' },
  KIA1212: {
    message: 'ServiceEntries have conflicting protocols for the same host and port',
    severity: 'warning',
  },
  // Istio's analyzer code for schema (structural and admission) errors
  IST0106: { message: 'Schema validation error', severity: 'error' },
  // Meshlens: input that could not be read as resources
  ML0001: { message: 'YAML syntax error', severity: 'error' },
  ML0002: { message: 'Input exceeds a limit', severity: 'error' },
  ML0003: { message: 'Not a Kubernetes resource', severity: 'error' },
  ML0004: { message: 'Input is not text', severity: 'error' },
  ML0005: { message: 'Resource defined more than once', severity: 'unknown' },
  // Istio's admission validation also returns warnings (accepted, but likely not what was meant)
  ML0006: { message: 'Istio admission warning', severity: 'warning' },
} as const satisfies Record<string, CheckDescriptor>;

export type CheckCode = keyof typeof catalogue;

export function isCheckCode(code: string): code is CheckCode {
  return Object.hasOwn(catalogue, code);
}
