import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests drive Debian's Chromium (installed by scripts/setup.sh), never a downloaded
 * browser, against a Meshlens stack the global setup starts on loopback (free ports, a fresh data
 * directory). The mesh scenario changes the mesh step by step, so it runs serially in one worker;
 * the page tour only reads, and runs beside it in a second.
 */
export default defineConfig({
  testDir: './tests',
  outputDir: './test-results',
  globalSetup: './global-setup.ts',
  timeout: 120_000,
  expect: { timeout: 10_000 },
  workers: 2,
  fullyParallel: false,
  retries: 0,
  reporter: [['list']],
  use: {
    // The stack's URL: set by the global setup before the workers start.
    baseURL: process.env.MESHLENS_E2E_URL,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
