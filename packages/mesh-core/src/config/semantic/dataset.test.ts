/**
 * Istio's own samples and its validation dataset of known-valid resources must pass Istio's
 * admission checks here too: a false refusal would stop users applying YAML that Istio takes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isIstioKind } from '../kinds.ts';
import { parseManifests } from '../parse.ts';
import type { IstioResource } from '../resource.ts';
import { validateSemantics } from './index.ts';

const istioDir = fileURLToPath(new URL('../../../../../third_party/istio/', import.meta.url));

function yamlFiles(dir: string, recursive: boolean): string[] {
  return readdirSync(`${istioDir}${dir}`, { recursive })
    .map(String)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => `${dir}/${f}`)
    .sort();
}

function istioResources(file: string): IstioResource[] {
  const parsed = parseManifests(readFileSync(`${istioDir}${file}`, 'utf8'), { file });
  expect(parsed.findings).toEqual([]);
  return parsed.resources
    .filter((r) => isIstioKind(r.kind))
    .map((r) => ({ ...r, spec: r.body.spec }) as IstioResource);
}

const files = [...yamlFiles('bookinfo', true), ...yamlFiles('validation-dataset', false)];

describe("Istio's samples and validation dataset", () => {
  it('covers every sample file', () => {
    expect(files.length).toBeGreaterThanOrEqual(30);
    expect(files.flatMap(istioResources).length).toBeGreaterThanOrEqual(40);
  });

  it.each(files)('%s has no admission errors', (file) => {
    for (const resource of istioResources(file)) {
      const errors = validateSemantics(resource).filter((f) => f.code === 'IST0106');
      expect(errors, `${resource.kind}/${resource.metadata.name}`).toEqual([]);
    }
  });
});
