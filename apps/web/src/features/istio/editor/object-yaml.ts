/**
 * An object's YAML as the editor shows it: the API server's object with the metadata nobody edits
 * left out, as Kiali's editor does (`managedFields`). `resourceVersion` stays: it is the save's
 * precondition.
 */
import type { K8sObject } from '@meshlens/mesh-core/api/istio-config';
import { stringify } from 'yaml';

const HIDDEN_METADATA: ReadonlySet<string> = new Set(['managedFields']);

export function objectYaml(resource: K8sObject): string {
  const metadata = Object.fromEntries(
    Object.entries(resource.metadata).filter(([key]) => !HIDDEN_METADATA.has(key)),
  );
  return stringify({ ...resource, metadata }, { lineWidth: 0 });
}
