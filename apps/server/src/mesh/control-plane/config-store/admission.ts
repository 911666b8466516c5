/**
 * What the API server checks before any schema: object names Kubernetes would accept, the
 * apiVersion of Kubernetes kinds (Istio kinds' versions are checked by mesh-core against the
 * CRDs), and a `resourceVersion` that is a string. A change naming one object twice keeps the
 * last definition, as `kubectl apply` of the documents in order would, with an info finding on
 * the one replaced (as mesh-core's analyze reports it).
 */
import { isKubeKind, isPlainObject, kubeApiVersionOf, makeFinding, objectRef } from '@meshlens/mesh-core';
import type { Finding, Path, Resource } from '@meshlens/mesh-core';
import { isClusterScoped, keyOf, keyString, storedDocument } from './object-key.ts';
import type { ObjectKey, StoredDocument } from './object-key.ts';

/** One object of a change, as it will be stored. */
export interface ChangeItem {
  readonly key: ObjectKey;
  /** The input resource with its stored document as body; keeps its source positions. */
  readonly resource: Resource;
  readonly document: StoredDocument;
  /** `metadata.resourceVersion` as written in the input, if any. */
  readonly resourceVersion?: string;
}

const subdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const label = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const dns1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

const subdomainRule = `a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`;
const labelRule = `a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`;
const dns1035Rule = `a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`;

/** Kubernetes' message for an invalid name, or undefined when the name is valid. */
function nameProblem(value: string, kind: 'subdomain' | 'label' | 'dns1035'): string | undefined {
  const [pattern, rule, max] =
    kind === 'subdomain'
      ? [subdomain, subdomainRule, 253]
      : kind === 'label'
        ? [label, labelRule, 63]
        : [dns1035, dns1035Rule, 63];
  if (value.length > max) return `must be no more than ${max} characters`;
  return pattern.test(value) ? undefined : rule;
}

export interface AdmissionResult {
  readonly items: ChangeItem[];
  readonly findings: Finding[];
}

export function admit(resources: readonly Resource[]): AdmissionResult {
  const findings: Finding[] = [];
  const byKey = new Map<string, ChangeItem>();
  for (const input of resources) {
    const key = keyOf(input);
    const normalized: Resource = { ...input, metadata: { ...input.metadata, namespace: key.namespace } };
    const document = storedDocument(normalized);
    const resource: Resource = { ...normalized, body: document };
    const problem = (path: Path, detail: string): void => {
      findings.push(
        makeFinding({
          code: 'IST0106',
          path,
          detail: `Schema validation error: ${path.join('.')}: ${detail}`,
          object: objectRef(resource),
          ...(resource.source ? { source: resource.source.locate(path) } : {}),
        }),
      );
    };
    const nameRule = key.kind === 'Service' ? 'dns1035' : key.kind === 'Namespace' ? 'label' : 'subdomain';
    const badName = nameProblem(key.name, nameRule);
    if (badName) problem(['metadata', 'name'], `Invalid value: ${JSON.stringify(key.name)}: ${badName}`);
    const badNamespace = isClusterScoped(key.kind) ? undefined : nameProblem(key.namespace, 'label');
    if (badNamespace) {
      problem(['metadata', 'namespace'], `Invalid value: ${JSON.stringify(key.namespace)}: ${badNamespace}`);
    }
    if (isKubeKind(key.kind) && !kubeApiVersionOf[key.kind].includes(resource.apiVersion)) {
      const served = kubeApiVersionOf[key.kind].join(', ');
      problem(
        ['apiVersion'],
        `${JSON.stringify(resource.apiVersion)} is not served for ${key.kind}; use ${served}`,
      );
    }
    const metadata = isPlainObject(input.body.metadata) ? input.body.metadata : {};
    const version = metadata.resourceVersion;
    if (version !== undefined && typeof version !== 'string') {
      problem(['metadata', 'resourceVersion'], `Invalid value: ${JSON.stringify(version)}: must be a string`);
    }

    const id = keyString(key);
    const earlier = byKey.get(id);
    if (earlier) {
      const where = resource.source
        ? ` by the one at ${resource.source.file}:${resource.source.locate([]).line}`
        : '';
      findings.push(
        makeFinding({
          code: 'ML0005',
          path: ['metadata', 'name'],
          detail: `${key.kind} ${key.namespace}/${key.name} is defined again later; this definition is replaced${where}`,
          object: objectRef(earlier.resource),
          ...(earlier.resource.source
            ? { source: earlier.resource.source.locate(['metadata', 'name']) }
            : {}),
        }),
      );
      byKey.delete(id);
    }
    byKey.set(id, {
      key,
      resource,
      document,
      // An empty resourceVersion is no precondition, as in Kubernetes.
      ...(typeof version === 'string' && version !== '' ? { resourceVersion: version } : {}),
    });
  }
  return { items: [...byKey.values()], findings };
}
