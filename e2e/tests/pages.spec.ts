/**
 * Every page of the console, reached as a user reaches it (the main navigation, then a list's
 * link for the detail pages), renders its title without a browser console error or an uncaught
 * exception, and is kept as a screenshot. It only reads the mesh, so it runs beside the scenario.
 */
import { expect, keepScreenshot, test } from '../support/fixtures.ts';
import type { ConsoleProblems } from '../support/fixtures.ts';
import type { Page, TestInfo } from '@playwright/test';

/** Where `/` leads, with Bookinfo's namespace chosen: the navigation keeps it from page to page. */
const START = '/graph/namespaces?namespaces=default';

const NAV_PAGES = [
  'Overview',
  'Traffic Graph',
  'Applications',
  'Workloads',
  'Services',
  'Istio Config',
  'Traces',
  'Mesh',
] as const;

/** The page in the main region shows its title and has finished loading what it polls. */
async function expectRendered(page: Page): Promise<void> {
  const main = page.getByRole('main');
  await expect(main.getByRole('heading', { level: 1 })).toBeVisible({ timeout: 20_000 });
  await expect(main.getByText('This page is not built yet.')).toHaveCount(0);
  await page.waitForLoadState('networkidle');
}

async function finish(
  page: Page,
  testInfo: TestInfo,
  name: string,
  problems: ConsoleProblems,
): Promise<void> {
  await keepScreenshot(page, testInfo, name);
  expect(problems.errors, `browser console errors on ${name}`).toEqual([]);
}

for (const name of NAV_PAGES) {
  test(`${name} renders without console errors`, async ({ page, consoleProblems }, testInfo) => {
    // Start at the home page (the graph) and move through the navigation, as a user does.
    await page.goto(START);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();
    await expectRendered(page);
    await finish(page, testInfo, name, consoleProblems);
  });
}

const DETAILS = [
  { list: 'Applications', link: 'reviews', path: /\/namespaces\/default\/applications\/reviews/ },
  { list: 'Workloads', link: 'reviews-v1', path: /\/namespaces\/default\/workloads\/reviews-v1/ },
  { list: 'Services', link: 'reviews', path: /\/namespaces\/default\/services\/reviews/ },
  {
    list: 'Istio Config',
    link: 'bookinfo-gateway',
    path: /\/namespaces\/default\/istio\/networking\.istio\.io\/v1\/Gateway\/bookinfo-gateway/,
  },
] as const;

for (const detail of DETAILS) {
  test(`${detail.list}: the detail page of ${detail.link} renders without console errors`, async ({
    page,
    consoleProblems,
  }, testInfo) => {
    await page.goto(START);
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: detail.list, exact: true })
      .click();
    // A list page without links to its details fails here soon, rather than at the test's timeout.
    await page
      .getByRole('main')
      .getByRole('link', { name: detail.link, exact: true })
      .first()
      .click({ timeout: 20_000 });
    await expect(page).toHaveURL(detail.path);
    await expectRendered(page);
    await finish(page, testInfo, `${detail.list} detail ${detail.link}`, consoleProblems);
  });
}
