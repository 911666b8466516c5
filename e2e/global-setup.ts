/**
 * Starts the suite's Meshlens stack (see support/stack.ts) and hands its URL to the tests through
 * the environment, which Playwright passes on to its workers; the returned function stops it.
 * `MESHLENS_WEB_DIST` chooses the console build it serves (default: `apps/web/dist`).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startStack } from './support/stack.ts';
import { STACK_URL_ENV } from './support/env.ts';

const DEFAULT_DIST = fileURLToPath(new URL('../apps/web/dist', import.meta.url));
const LOG = fileURLToPath(new URL('./test-results/meshlens-stack.log', import.meta.url));

// eslint-disable-next-line import-x/no-default-export -- Playwright loads globalSetup's default export
export default async function globalSetup(): Promise<() => Promise<void>> {
  const webDistDir = process.env.MESHLENS_WEB_DIST ?? DEFAULT_DIST;
  if (!existsSync(join(webDistDir, 'index.html')))
    throw new Error(
      `no built console in ${webDistDir}: run "npm run setup", or build one elsewhere and set MESHLENS_WEB_DIST`,
    );
  const stack = await startStack({ webDistDir, loadRate: 20, startTimeoutMs: 120_000, keepLogAt: LOG });
  process.env[STACK_URL_ENV] = stack.url;
  process.stdout.write(`e2e: Meshlens stack (pid ${stack.pid}) at ${stack.url}\n`);
  return () => stack.stop();
}
