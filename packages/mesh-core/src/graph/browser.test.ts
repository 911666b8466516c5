/**
 * The graph and health modules run unchanged in a browser: bundled for the browser platform and
 * run in a bare context (the language's globals plus TextEncoder/TextDecoder), they plan the
 * queries, build a graph and compute health.
 */
import { fileURLToPath } from 'node:url';
import { createContext, runInContext } from 'node:vm';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const entry = fileURLToPath(new URL('./browser-check.test-support.ts', import.meta.url));

describe('graph and health in a browser', () => {
  it('bundle for the browser and build a graph without any Node API', async () => {
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      platform: 'browser',
      format: 'iife',
      globalName: 'check',
      write: false,
      logLevel: 'silent',
    });
    const sandbox = createContext({ TextEncoder, TextDecoder });
    runInContext(result.outputFiles[0]?.text ?? '', sandbox);
    const output: unknown = runInContext(
      'JSON.stringify({ ...check.run(), hasProcess: typeof process, hasRequire: typeof require })',
      sandbox,
    );
    expect(JSON.parse(String(output))).toEqual({
      queries: 12,
      nodes: 10,
      edges: 10,
      ratingsStatus: 'Degraded',
      nodeIdLength: 64,
      hasProcess: 'undefined',
      hasRequire: 'undefined',
    });
  });
});
