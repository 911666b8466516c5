import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/**/*.test.ts', 'apps/**/*.test.ts', 'apps/**/*.test.tsx', 'scripts/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'e2e/**'],
    testTimeout: 20_000,
    pool: 'threads',
    // Proxy tests spawn the sidecar bundle; build it once, from current sources.
    globalSetup: ['apps/server/src/mesh/sidecar/testing/global-setup.ts'],
  },
});
