/**
 * The Kubernetes kinds Meshlens reads (Namespace, Service, Deployment, ServiceAccount), as the
 * registry later parts need them. Only the fields listed here are checked; Kubernetes has many
 * more and they pass through untouched.
 */
import { z } from 'zod';
import type { KubeResource } from './resource.ts';
import type { RuleFinding } from '../validation/finding.ts';
import type { PathSegment } from './path.ts';

const labelMap = z.record(z.string(), z.string());
const intOrString = z.union([z.number().int(), z.string()]);
const portNumber = z.number().int().min(1).max(65535);

const servicePortSchema = z.object({
  name: z.string().optional(),
  port: portNumber,
  targetPort: intOrString.optional(),
  protocol: z.enum(['TCP', 'UDP', 'SCTP']).default('TCP'),
  appProtocol: z.string().optional(),
  nodePort: z.number().int().optional(),
});

const serviceSchema = z.object({
  spec: z
    .object({
      selector: labelMap.optional(),
      ports: z.array(servicePortSchema).default([]),
      type: z.string().optional(),
      clusterIP: z.string().optional(),
    })
    .default({ ports: [] }),
});

const containerSchema = z.object({
  name: z.string(),
  image: z.string().optional(),
  ports: z
    .array(
      z.object({
        containerPort: portNumber,
        name: z.string().optional(),
        protocol: z.enum(['TCP', 'UDP', 'SCTP']).default('TCP'),
      }),
    )
    .default([]),
  env: z.array(z.object({ name: z.string(), value: z.string().optional() }).loose()).default([]),
  command: z.array(z.string()).default([]),
  args: z.array(z.string()).default([]),
});

const deploymentSchema = z.object({
  spec: z.object({
    replicas: z.number().int().min(0).default(1),
    selector: z.object({ matchLabels: labelMap.optional() }).loose().optional(),
    template: z.object({
      metadata: z
        .object({ labels: labelMap.default({}), annotations: labelMap.default({}) })
        .loose()
        .default({ labels: {}, annotations: {} }),
      spec: z.object({
        serviceAccountName: z.string().optional(),
        containers: z.array(containerSchema).min(1),
      }),
    }),
  }),
});

export type ServicePort = z.infer<typeof servicePortSchema>;
export type ContainerInfo = z.infer<typeof containerSchema>;

export interface NamespaceInfo {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  /**
   * True when the registry describes this namespace: a Namespace object, or Services,
   * Deployments or ServiceAccounts in it. False when only Istio config names it (offline
   * analysis of partial input): checks cannot conclude that something there is missing.
   */
  readonly described: boolean;
}

export interface ServiceInfo {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  /** Absent: a Service without selector (endpoints managed elsewhere). */
  readonly selector?: Readonly<Record<string, string>>;
  readonly ports: readonly ServicePort[];
  readonly resource?: KubeResource<'Service'>;
}

export interface WorkloadInfo {
  readonly name: string;
  readonly namespace: string;
  readonly kind: 'Deployment';
  /** Pod template labels: what selectors match. */
  readonly labels: Readonly<Record<string, string>>;
  /** Pod template annotations. */
  readonly annotations: Readonly<Record<string, string>>;
  readonly replicas: number;
  readonly serviceAccountName: string;
  readonly containers: readonly ContainerInfo[];
  readonly resource?: KubeResource<'Deployment'>;
}

export interface ServiceAccountInfo {
  readonly name: string;
  readonly namespace: string;
}

/** The mesh's registry as plain data: what exists besides Istio config. */
export interface MeshRegistry {
  readonly namespaces: readonly NamespaceInfo[];
  readonly services: readonly ServiceInfo[];
  readonly workloads: readonly WorkloadInfo[];
  readonly serviceAccounts: readonly ServiceAccountInfo[];
}

export interface KubeReadResult {
  readonly registry: MeshRegistry;
  readonly findings: ReadonlyArray<{ resource: KubeResource; finding: RuleFinding }>;
}

function issuesToFindings(error: z.ZodError): RuleFinding[] {
  return error.issues.map((issue) => {
    const path = issue.path.filter((p): p is PathSegment => typeof p === 'string' || typeof p === 'number');
    const field =
      path.length > 0
        ? path
            .map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`))
            .join('')
            .slice(1)
        : 'resource';
    return {
      code: 'IST0106',
      path,
      detail: `Schema validation error: ${field.replace(/\.\[/g, '[')}: ${issue.message}`,
    };
  });
}

/**
 * Builds the registry from Kubernetes resources. Namespaces are those declared, those Kubernetes
 * resources live in (both described), and those only Istio config names (not described).
 */
export function buildRegistry(
  kube: readonly KubeResource[],
  otherNamespaces: Iterable<string> = [],
): KubeReadResult {
  const findings: Array<{ resource: KubeResource; finding: RuleFinding }> = [];
  const namespaces = new Map<string, NamespaceInfo>();
  const services: ServiceInfo[] = [];
  const workloads: WorkloadInfo[] = [];
  const serviceAccounts: ServiceAccountInfo[] = [];

  for (const resource of kube) {
    const { metadata } = resource;
    switch (resource.kind) {
      case 'Namespace':
        namespaces.set(metadata.name, { name: metadata.name, labels: metadata.labels, described: true });
        break;
      case 'ServiceAccount':
        serviceAccounts.push({ name: metadata.name, namespace: metadata.namespace });
        break;
      case 'Service': {
        const parsed = serviceSchema.safeParse(resource.body);
        if (!parsed.success) {
          for (const finding of issuesToFindings(parsed.error)) findings.push({ resource, finding });
          break;
        }
        const spec = parsed.data.spec;
        services.push({
          name: metadata.name,
          namespace: metadata.namespace,
          labels: metadata.labels,
          annotations: metadata.annotations,
          ...(spec.selector ? { selector: spec.selector } : {}),
          ports: spec.ports,
          resource: resource as KubeResource<'Service'>,
        });
        break;
      }
      case 'Deployment': {
        const parsed = deploymentSchema.safeParse(resource.body);
        if (!parsed.success) {
          for (const finding of issuesToFindings(parsed.error)) findings.push({ resource, finding });
          break;
        }
        const spec = parsed.data.spec;
        workloads.push({
          name: metadata.name,
          namespace: metadata.namespace,
          kind: 'Deployment',
          labels: spec.template.metadata.labels,
          annotations: spec.template.metadata.annotations,
          replicas: spec.replicas,
          serviceAccountName: spec.template.spec.serviceAccountName ?? 'default',
          containers: spec.template.spec.containers,
          resource: resource as KubeResource<'Deployment'>,
        });
        break;
      }
    }
  }
  for (const r of kube) {
    if (r.kind !== 'Namespace' && !namespaces.has(r.metadata.namespace)) {
      namespaces.set(r.metadata.namespace, { name: r.metadata.namespace, labels: {}, described: true });
    }
  }
  for (const name of otherNamespaces) {
    if (!namespaces.has(name)) namespaces.set(name, { name, labels: {}, described: false });
  }
  return {
    registry: { namespaces: [...namespaces.values()], services, workloads, serviceAccounts },
    findings,
  };
}
