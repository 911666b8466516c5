/**
 * The suite's `test`: Playwright's, plus what every page test wants — the browser's console errors
 * and uncaught exceptions of the page, collected from the start, and a screenshot kept as an
 * attachment (and a file in the test's output directory).
 */
import { test as base } from '@playwright/test';
import type { Page, TestInfo } from '@playwright/test';

export interface ConsoleProblems {
  /** Every `console.error` and uncaught exception so far, each with where it came from. */
  readonly errors: string[];
}

export const test = base.extend<{ consoleProblems: ConsoleProblems }>({
  consoleProblems: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      const { url, lineNumber } = message.location();
      errors.push(`console.error: ${message.text()}${url === '' ? '' : ` (${url}:${lineNumber})`}`);
    });
    page.on('pageerror', (error) => {
      errors.push(`uncaught: ${error.message}`);
    });
    await use({ errors });
  },
});

export { expect } from '@playwright/test';

/** A full-page screenshot, attached to the report and kept as `<name>.png` in the test's output directory. */
export async function keepScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const file = testInfo.outputPath(`${name.replace(/[^a-z0-9-]+/gi, '-').toLowerCase()}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach(name, { path: file, contentType: 'image/png' });
}
