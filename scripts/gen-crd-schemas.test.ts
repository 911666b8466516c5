import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generate } from './gen-crd-schemas.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const read = (path: string): string => readFileSync(`${root}${path}`, 'utf8');

describe('generated CRD files', () => {
  const generated = generate(read('third_party/istio/crd/crd-all.gen.yaml'));

  it.each([
    ['packages/mesh-core/src/config/schema/crd-schemas.gen.ts', generated.schemas],
    ['packages/mesh-core/src/config/istio-types.gen.ts', generated.types],
  ])('%s is what `npm run gen:schemas` writes', (path, text) => {
    // Compared whole, so any edit by hand or any CRD update without regenerating shows here.
    expect(read(path) === text, `${path} is stale: run npm run gen:schemas`).toBe(true);
  });
});
