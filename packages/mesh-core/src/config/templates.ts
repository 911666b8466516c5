/**
 * Starting points for the console's "Create" of each Istio kind: small, valid, commented YAML
 * that passes Istio's structural and admission checks. What the user must fill in is marked
 * `# Replace:`; the placeholders are chosen so that, until replaced, the cross-resource checks
 * report warnings at most (a host in a namespace the mesh does not describe is never reported
 * missing; a selector that matches no workload is a warning in Kiali), unless the caller passes a
 * real `host` or `app` to start from (a service page does).
 */
import { istioGroupOf, istioVersionsOf } from './kinds.ts';
import type { IstioKind } from './kinds.ts';

export interface TemplateOptions {
  readonly namespace: string;
  readonly name: string;
  /** The host routed to or configured (a Service's short name or FQDN); a placeholder otherwise. */
  readonly host?: string;
  /** The `app` label of the workloads selected; a placeholder otherwise. */
  readonly app?: string;
}

/** A host that names no namespace of any real mesh, so no check can prove it missing. */
export const PLACEHOLDER_HOST = 'my-service.my-namespace.svc.cluster.local';
export const PLACEHOLDER_APP = 'my-app';

/** The apiVersion a template is written with: the newest Istio serves for the kind. */
export function templateApiVersion(kind: IstioKind): string {
  return `${istioGroupOf[kind]}/${istioVersionsOf[kind][0] ?? 'v1'}`;
}

/** Quotes a value when YAML would read it as something other than the string. */
function scalar(value: string): string {
  const plain =
    /^[a-z0-9]([-a-z0-9./_]*[a-z0-9])?$/i.test(value) &&
    !/^(true|false|null|yes|no|on|off|y|n)$/i.test(value) &&
    !Number.isFinite(Number(value));
  return plain ? value : JSON.stringify(value);
}

interface Filled {
  readonly namespace: string;
  readonly host: string;
  readonly hostNote: string;
  readonly app: string;
  readonly appNote: string;
}

type SpecTemplate = (f: Filled) => string;

const hostNote = (o: TemplateOptions): string =>
  o.host === undefined ? '  # Replace: the Service’s host (short name or FQDN)' : '';
const appNote = (o: TemplateOptions): string =>
  o.app === undefined ? '  # Replace: the app label of the workloads' : '';

const specs: Readonly<Record<IstioKind, { readonly about: string; readonly spec: SpecTemplate }>> = {
  VirtualService: {
    about: 'Routes requests for a host: matches, destinations, weights, timeouts and retries.',
    spec: (f) => `spec:
  hosts:
    - ${f.host}${f.hostNote}
  http:
    - name: default
      route:
        - destination:
            host: ${f.host}
            # Name a subset of a DestinationRule to pin a version, e.g. \`subset: v1\`.
      timeout: 10s
      retries:
        attempts: 2
        perTryTimeout: 4s
        retryOn: 5xx,connect-failure,reset`,
  },
  DestinationRule: {
    about: 'Policies for traffic to a host once routed: subsets (versions), load balancing, TLS, limits.',
    spec: (f) => `spec:
  host: ${f.host}${f.hostNote}
  trafficPolicy:
    loadBalancer:
      simple: ROUND_ROBIN
    connectionPool:
      http:
        http1MaxPendingRequests: 100
    outlierDetection:
      consecutive5xxErrors: 5
      interval: 30s
      baseEjectionTime: 30s
  subsets:
    # One subset per version; its labels must match the workloads' pod labels.
    - name: v1
      labels:
        version: v1`,
  },
  Gateway: {
    about: 'A load balancer at the edge of the mesh: the ports and hosts it accepts.',
    spec: () => `spec:
  # The gateway workloads that serve it (Istio's ingress gateway by default).
  selector:
    istio: ingressgateway
  servers:
    - port:
        number: 80
        name: http
        protocol: HTTP
      hosts:
        - my-app.example.com  # Replace: the host names clients use`,
  },
  ServiceEntry: {
    about: 'Adds a service outside the mesh (an external API) to the registry.',
    spec: () => `spec:
  hosts:
    - api.example.com  # Replace: the external host
  location: MESH_EXTERNAL
  resolution: DNS
  ports:
    - number: 443
      name: https
      protocol: TLS`,
  },
  Sidecar: {
    about: 'Limits what the proxies of this namespace see and reach, to save memory and push time.',
    spec: (f) => `spec:
  egress:
    - hosts:
        # This namespace and the control plane's; add others the workloads call.
        - ./*
        - istio-system/*
  outboundTrafficPolicy:
    mode: ALLOW_ANY
  # Without a workloadSelector, the Sidecar applies to every workload of ${f.namespace}.`,
  },
  WorkloadEntry: {
    about: 'A workload outside Kubernetes (a VM) that takes part in the mesh.',
    spec: (f) => `spec:
  address: 10.0.0.10  # Replace: the workload's IP address or DNS name
  labels:
    app: ${f.app}${f.appNote}
    version: v1
  serviceAccount: default`,
  },
  WorkloadGroup: {
    about: 'A template for WorkloadEntries of VMs that register themselves.',
    spec: (f) => `spec:
  metadata:
    labels:
      app: ${f.app}${f.appNote}
  template:
    serviceAccount: default
    ports:
      http: 8080`,
  },
  EnvoyFilter: {
    about: 'Patches the generated Envoy configuration directly (use with care: no validation of the patch).',
    spec: (f) => `spec:
  workloadSelector:
    labels:
      app: ${f.app}${f.appNote}
  configPatches:
    - applyTo: HTTP_FILTER
      match:
        context: SIDECAR_INBOUND
      patch:
        operation: INSERT_BEFORE
        value:
          name: envoy.filters.http.lua
          typed_config:
            "@type": type.googleapis.com/envoy.extensions.filters.http.lua.v3.Lua
            default_source_code:
              inline_string: |
                function envoy_on_request(handle)
                end`,
  },
  PeerAuthentication: {
    about: 'Which mTLS mode the workloads accept: STRICT, PERMISSIVE or DISABLE.',
    spec: (f) => `spec:
  # Without a selector, the policy covers every workload of ${f.namespace}.
  mtls:
    mode: PERMISSIVE`,
  },
  RequestAuthentication: {
    about: 'Which JWTs the workloads accept (requests with an invalid token are refused).',
    spec: (f) => `spec:
  selector:
    matchLabels:
      app: ${f.app}${f.appNote}
  jwtRules:
    - issuer: https://issuer.example.com  # Replace: the token issuer
      jwksUri: https://issuer.example.com/.well-known/jwks.json`,
  },
  AuthorizationPolicy: {
    about: 'Who may call the workloads: ALLOW, DENY, CUSTOM or AUDIT rules.',
    spec: (f) => `spec:
  selector:
    matchLabels:
      app: ${f.app}${f.appNote}
  action: ALLOW
  rules:
    - from:
        - source:
            # Callers from this namespace; use principals for service accounts.
            namespaces:
              - ${f.namespace}
      to:
        - operation:
            methods:
              - GET`,
  },
};

/**
 * The template of `kind` for an object named `name` in `namespace`: apiVersion, kind and
 * metadata filled in, then a commented spec.
 */
export function istioConfigTemplate(kind: IstioKind, options: TemplateOptions): string {
  const template = specs[kind];
  const filled: Filled = {
    namespace: options.namespace,
    host: scalar(options.host ?? PLACEHOLDER_HOST),
    hostNote: hostNote(options),
    app: scalar(options.app ?? PLACEHOLDER_APP),
    appNote: appNote(options),
  };
  return `# ${kind}: ${template.about}
apiVersion: ${templateApiVersion(kind)}
kind: ${kind}
metadata:
  name: ${scalar(options.name)}
  namespace: ${scalar(options.namespace)}
${template.spec(filled)}
`;
}
