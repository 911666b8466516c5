/** Bookinfo from Istio's samples, read through the same analysis the control plane runs. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeManifests } from '../validation/analyze.ts';
import type { MeshSnapshot } from '../validation/context.ts';

const bookinfo = fileURLToPath(new URL('../../../../third_party/istio/bookinfo/', import.meta.url));

/** Bookinfo's platform manifests plus the named `networking/` files, and any extra YAML. */
export function bookinfoMesh(networking: readonly string[], extra: readonly string[] = []): MeshSnapshot {
  const files = ['platform/bookinfo.yaml', ...networking.map((f) => `networking/${f}`)];
  const inputs = [
    ...files.map((file) => ({ file, text: readFileSync(join(bookinfo, file), 'utf8') })),
    ...extra.map((text, i) => ({ file: `extra-${i}.yaml`, text })),
  ];
  const result = analyzeManifests(inputs, { defaultNamespace: 'default' });
  // Cross-resource findings (Bookinfo's DestinationRules name subsets it does not deploy) are
  // fine here; a resource Istio would refuse is not, as it would silently drop out.
  const errors = result.findings.filter((f) => f.severity === 'error' && f.code === 'IST0106');
  if (errors.length > 0) throw new Error(errors.map((f) => `${f.code} ${f.message}`).join('\n'));
  return result.snapshot;
}

/** A deterministic [0, 1) source (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
