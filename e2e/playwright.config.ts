import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests drive Debian's Chromium (installed by scripts/setup.sh), never a downloaded
 * browser, against a Meshlens stack started on loopback. The suite is empty until the console
 * has pages to test.
 */
export default defineConfig({
  testDir: './tests',
  timeout: 60_000,
  use: {
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
