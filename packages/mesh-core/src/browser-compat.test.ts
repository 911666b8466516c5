/**
 * mesh-core must run unchanged in a browser: the console's editor validates on every keystroke
 * with exactly the checks the control plane applies. This bundles the package for the browser
 * platform (where Node built-ins do not resolve) and runs the whole analysis in a bare
 * JavaScript context whose only globals are the language's own plus TextEncoder/TextDecoder.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createContext, runInContext } from 'node:vm';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const entry = fileURLToPath(new URL('./index.ts', import.meta.url));
const bookinfo = readFileSync(
  fileURLToPath(new URL('../../../third_party/istio/bookinfo/platform/bookinfo.yaml', import.meta.url)),
  'utf8',
);

describe('mesh-core in a browser', () => {
  it('bundles for the browser and analyzes manifests without any Node API', async () => {
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      platform: 'browser',
      format: 'iife',
      globalName: 'meshCore',
      write: false,
      logLevel: 'silent',
    });
    const code = result.outputFiles[0]?.text ?? '';
    const sandbox = createContext({ TextEncoder, TextDecoder });
    runInContext(code, sandbox);
    const output: unknown = runInContext(
      `(() => {
        const r = meshCore.analyzeManifests([{ file: 'bookinfo.yaml', text: input }]);
        const vs = meshCore.analyzeManifests([{ file: 'vs.yaml', text: 'apiVersion: networking.istio.io/v1\\nkind: VirtualService\\nmetadata: {name: x}\\nspec: {hosts: [x], htp: []}\\n' }]);
        return JSON.stringify({ services: r.snapshot.registry.services.length, codes: vs.findings.map((f) => f.code), hasProcess: typeof process, hasRequire: typeof require });
      })()`,
      Object.assign(sandbox, { input: bookinfo }),
    );
    expect(JSON.parse(String(output))).toEqual({
      services: 4,
      codes: ['IST0106'],
      hasProcess: 'undefined',
      hasRequire: 'undefined',
    });
  });
});
