/**
 * Changing the stack's mesh the way a user of `meshlens apply` does: through the control plane's
 * config API (`POST /api/config/apply`, body YAML or JSON), with Istio's own Bookinfo samples.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { APIRequestContext } from '@playwright/test';

const NETWORKING = fileURLToPath(new URL('../../third_party/istio/bookinfo/networking/', import.meta.url));

/** One of Istio's `samples/bookinfo/networking` files, as vendored in third_party. */
export function bookinfoSample(file: string): string {
  return readFileSync(`${NETWORKING}${file}`, 'utf8');
}

export async function apply(request: APIRequestContext, file: string, text: string): Promise<void> {
  const response = await request.post(`/api/config/apply?file=${encodeURIComponent(file)}`, { data: text });
  if (!response.ok()) throw new Error(`apply ${file}: ${response.status()} ${await response.text()}`);
}

interface Container {
  env?: Array<{ name: string; value?: string }>;
  [key: string]: unknown;
}

interface Deployment {
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec: { template: { spec: { containers: Container[] } } };
  [key: string]: unknown;
}

/**
 * Re-applies a Deployment as stored with one env variable set in its first container, as
 * `kubectl set env deployment/<name> NAME=value` does; the platform rolls the replicas.
 */
export async function setDeploymentEnv(
  request: APIRequestContext,
  target: {
    readonly namespace: string;
    readonly name: string;
    readonly env: Readonly<Record<string, string>>;
  },
): Promise<void> {
  const response = await request.get(`/api/config/objects/Deployment/${target.namespace}/${target.name}`);
  if (!response.ok()) throw new Error(`get deployment ${target.name}: ${response.status()}`);
  const stored = (await response.json()) as { manifest: Deployment };
  const { manifest } = stored;
  const container = manifest.spec.template.spec.containers[0];
  if (!container) throw new Error(`deployment ${target.name} has no container`);
  const others = (container.env ?? []).filter((e) => !(e.name in target.env));
  container.env = [...others, ...Object.entries(target.env).map(([name, value]) => ({ name, value }))];
  // What the server keeps about the object (uid, resourceVersion, timestamps) is not the user's to send.
  const { name, namespace, labels } = manifest.metadata;
  const body = {
    ...manifest,
    metadata: { name, ...(namespace !== undefined ? { namespace } : {}), ...(labels ? { labels } : {}) },
  };
  await apply(request, `${target.name}.json`, JSON.stringify(body));
}
