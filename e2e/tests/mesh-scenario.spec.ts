/**
 * Istio's Bookinfo tasks as a Kiali user watches them in the Traffic Graph, against the suite's
 * real stack (20 requests per second through the gateway): the versioned-app graph fills in;
 * `virtual-service-reviews-50-v3` splits reviews between v1 and v3 and starves v2; ratings
 * then, from the service pages' Actions menu, the traffic-shifting wizard sets reviews to 80/20
 * v1/v3 and the fault-injection wizard aborts every call to ratings (its edges turn red); finally
 * ratings switched to its faulty version turns red, and Find `%httperr > 0` finds its failing edges.
 * The steps change the mesh one after another, so they run in order, in one worker.
 */
import { expect, keepScreenshot, test } from '../support/fixtures.ts';
import type { Page } from '@playwright/test';
import { EDGE_COLUMNS, edgeRow, edgesTable, nodesTable, numberIn, readTable } from '../support/graph-list.ts';
import type { Row } from '../support/graph-list.ts';
import {
  applyWizard,
  deleteIstioObject,
  istioObject,
  openWizard,
  servicePage,
} from '../support/console-ui.ts';
import { apply, bookinfoSample, setDeploymentEnv } from '../support/mesh-api.ts';

test.describe.configure({ mode: 'serial' });

/** A one-minute window (the console's shortest) and the fastest refresh, so that changes show soon. */
const GRAPH = '/graph/namespaces?namespaces=default&graphType=versionedApp&duration=60&refresh=10000';

const REVIEWS = ['reviews v1', 'reviews v2', 'reviews v3'];

async function edges(page: Page): Promise<readonly Row[]> {
  return (await readTable(edgesTable(page))).rows;
}

/**
 * The edge that carries `from`'s calls to the app version `to` (`reviews v1`): the direct edge,
 * or, when the graph shows service nodes (Kiali's default), the edge from the app's service
 * (`reviews`) to `to`, provided `from` calls that service.
 */
function hop(rows: readonly Row[], from: string, to: string): Row | undefined {
  const direct = edgeRow(rows, from, to);
  if (direct) return direct;
  const service = to.split(' ')[0] ?? '';
  return edgeRow(rows, from, service) ? edgeRow(rows, service, to) : undefined;
}

/**
 * Requests per second from `from` to the app version `to`; 0 when there is no such path. Through
 * a service node, the smaller of the two hops: the caller's edge into the service is its own
 * traffic, the service's edge to `to` everyone's.
 */
function rate(rows: readonly Row[], from: string, to: string): number {
  const last = hop(rows, from, to);
  if (last === undefined) return 0;
  const first = edgeRow(rows, from, to) ?? edgeRow(rows, from, to.split(' ')[0] ?? '');
  return Math.min(numberIn(first?.['Rate']) ?? 0, numberIn(last['Rate']) ?? 0);
}

/**
 * Each reviews version's share of reviews traffic, in percent, from the `% of source` column of
 * the edges into the versions (with service nodes, relative to the reviews service's traffic).
 */
function reviewsShares(rows: readonly Row[]): Record<string, number> {
  const percent = REVIEWS.map((to) => numberIn(hop(rows, 'productpage v1', to)?.['% of source']) ?? 0);
  const total = percent.reduce((a, b) => a + b, 0);
  return Object.fromEntries(
    REVIEWS.map((to, i) => [to, total === 0 ? 0 : (100 * (percent[i] ?? 0)) / total]),
  );
}

test('the versioned-app graph lists productpage → reviews v1, v2, v3 → ratings with traffic', async ({
  page,
  consoleProblems,
}, testInfo) => {
  await page.goto(GRAPH);
  const table = edgesTable(page);
  await expect(table).toBeVisible({ timeout: 30_000 });
  expect((await readTable(table)).headers).toEqual(EDGE_COLUMNS);
  const wanted: Array<[string, string]> = [
    ['productpage v1', 'reviews v1'],
    ['productpage v1', 'reviews v2'],
    ['productpage v1', 'reviews v3'],
    ['productpage v1', 'details v1'],
    ['reviews v2', 'ratings v1'],
    ['reviews v3', 'ratings v1'],
  ];
  await expect
    .poll(
      async () => {
        const rows = await edges(page);
        return wanted.filter(([from, to]) => !(rate(rows, from, to) > 0)).map(([f, t]) => `${f} → ${t}`);
      },
      { message: 'edges without traffic', timeout: 60_000, intervals: [1000] },
    )
    .toEqual([]);
  const rows = await edges(page);
  const toV1 = hop(rows, 'productpage v1', 'reviews v1');
  expect(toV1?.['Protocol']).toBe('HTTP');
  expect(toV1?.['Rate']).toMatch(/^\d+\.\d{2}$/);
  // reviews v1 never calls ratings.
  expect(rate(rows, 'reviews v1', 'ratings v1')).toBe(0);
  await keepScreenshot(page, testInfo, 'graph-versioned-app');
  expect(consoleProblems.errors).toEqual([]);
});

test('virtual-service-reviews-50-v3 sends half of reviews to v1, half to v3 and none to v2', async ({
  page,
  request,
  consoleProblems,
}, testInfo) => {
  test.setTimeout(150_000);
  await apply(request, 'destination-rule-all.yaml', bookinfoSample('destination-rule-all.yaml'));
  await apply(
    request,
    'virtual-service-reviews-50-v3.yaml',
    bookinfoSample('virtual-service-reviews-50-v3.yaml'),
  );
  await page.goto(GRAPH);
  // reviews v2's calls leave the one-minute window about a minute after the split took effect.
  await expect
    .poll(
      async () => {
        const rows = await edges(page);
        const shares = reviewsShares(rows);
        return {
          v1: (shares['reviews v1'] ?? 0) >= 40 && (shares['reviews v1'] ?? 0) <= 60,
          v3: (shares['reviews v3'] ?? 0) >= 40 && (shares['reviews v3'] ?? 0) <= 60,
          v2None: rate(rows, 'productpage v1', 'reviews v2') === 0,
        };
      },
      { message: 'shares of reviews v1, v3 in 40–60% and none to v2', timeout: 90_000, intervals: [2000] },
    )
    .toEqual({ v1: true, v3: true, v2None: true });
  await keepScreenshot(page, testInfo, 'graph-reviews-50-v3');
  expect(consoleProblems.errors).toEqual([]);
});

test('the traffic-shifting wizard sets reviews to 80/20 v1/v3, and the graph follows within 90 s', async ({
  page,
  request,
  consoleProblems,
}, testInfo) => {
  test.setTimeout(180_000);
  // A VirtualService the wizards did not write blocks them (as in Kiali): remove the sample's.
  await deleteIstioObject(request, { namespace: 'default', kind: 'VirtualService', name: 'reviews' });
  await page.goto(servicePage('default', 'reviews'));
  const dialog = await openWizard(page, 'Traffic Shifting', 'Traffic Shifting');
  await dialog.getByRole('spinbutton', { name: 'Weight for v1' }).fill('80');
  await dialog.getByRole('spinbutton', { name: 'Weight for v2' }).fill('0');
  await dialog.getByRole('spinbutton', { name: 'Weight for v3' }).fill('20');
  await expect(dialog.getByRole('region', { name: 'Preview' })).toContainText('weight: 80');
  const status = await applyWizard(page, dialog, 'Traffic Shifting');
  expect(status).toMatch(/VirtualService reviews created/);
  const applied = Date.now();

  // Reopened, the wizard shows what it configured.
  const again = await openWizard(page, 'Update Traffic Shifting', 'Traffic Shifting');
  const weights = await Promise.all(
    ['v1', 'v2', 'v3'].map((v) => again.getByRole('spinbutton', { name: `Weight for ${v}` }).inputValue()),
  );
  expect(weights).toEqual(['80', '0', '20']);
  await again.getByRole('button', { name: 'Cancel' }).click();

  await page.goto(GRAPH);
  const near = (share: number | undefined, want: number): boolean => Math.abs((share ?? 0) - want) <= 8;
  await expect
    .poll(
      async () => {
        const rows = await edges(page);
        const shares = reviewsShares(rows);
        return {
          v1: near(shares['reviews v1'], 80),
          v3: near(shares['reviews v3'], 20),
          v2None: rate(rows, 'productpage v1', 'reviews v2') === 0,
        };
      },
      {
        message: 'reviews v1 at 80 ± 8%, v3 at 20 ± 8%, none to v2',
        timeout: Math.max(1_000, 90_000 - (Date.now() - applied)),
        intervals: [2000],
      },
    )
    .toEqual({ v1: true, v3: true, v2None: true });
  await keepScreenshot(page, testInfo, 'graph-reviews-80-20-by-wizard');
  expect(consoleProblems.errors).toEqual([]);
});

test('fault injection by wizard (abort 100% for ratings) turns the ratings edges red within 60 s', async ({
  page,
  request,
  consoleProblems,
}, testInfo) => {
  test.setTimeout(180_000);
  await page.goto(servicePage('default', 'ratings'));
  const dialog = await openWizard(page, 'Fault Injection', 'Fault Injection');
  await dialog.getByRole('checkbox', { name: 'Add HTTP abort' }).check();
  await dialog.getByRole('spinbutton', { name: 'Abort percentage' }).fill('100');
  await dialog.getByRole('spinbutton', { name: 'HTTP status' }).fill('503');
  await applyWizard(page, dialog, 'Fault Injection');
  const applied = Date.now();
  const vs = await istioObject(request, { namespace: 'default', kind: 'VirtualService', name: 'ratings' });
  expect(JSON.stringify(vs?.resource.spec)).toContain('"httpStatus":503');

  await page.goto(GRAPH);
  // The edges that carry reviews' calls to ratings (into its service node, or to ratings v1) with
  // traffic in the window: each red, and at least one.
  const intoRatings = async (): Promise<string[]> =>
    (await edges(page))
      .filter((r) => /^reviews v\d$/.test(r['From'] ?? '') && /^ratings( v1)?$/.test(r['To'] ?? ''))
      .filter((r) => (numberIn(r['Rate']) ?? 0) > 0)
      .map((r) => `${r['From'] ?? ''} → ${r['To'] ?? ''}: ${r['Health'] ?? ''}`);
  await expect
    .poll(
      async () => {
        const found = await intoRatings();
        return found.length > 0 && found.every((e) => e.endsWith(': Failure')) ? 'red' : found.join('; ');
      },
      {
        message: 'every edge from reviews into ratings red (Failure)',
        timeout: Math.max(1_000, 60_000 - (Date.now() - applied)),
        intervals: [2000],
      },
    )
    .toBe('red');
  await keepScreenshot(page, testInfo, 'graph-ratings-abort-by-wizard');

  // Delete Traffic Routing takes the fault away again, for the next step.
  await page.goto(servicePage('default', 'ratings'));
  const remove = await openWizard(page, 'Delete Traffic Routing', 'Delete Traffic Routing');
  await remove.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Traffic routing deleted:' })).toBeVisible();
  expect(await istioObject(request, { namespace: 'default', kind: 'VirtualService', name: 'ratings' })).toBe(
    undefined,
  );
  expect(consoleProblems.errors).toEqual([]);
});

test('ratings switched to failing turns red and Find %httperr > 0 finds its edges', async ({
  page,
  request,
  consoleProblems,
}, testInfo) => {
  test.setTimeout(150_000);
  await setDeploymentEnv(request, {
    namespace: 'default',
    name: 'ratings-v1',
    env: { SERVICE_VERSION: 'v-faulty' },
  });
  await page.goto(GRAPH);
  // Kiali's default tolerance: 20% or more of the requests failing is Failure.
  await expect
    .poll(
      async () =>
        (await readTable(nodesTable(page))).rows.find((r) => r['Name'] === 'ratings v1')?.['Health'],
      { message: 'health of ratings v1', timeout: 100_000, intervals: [2000] },
    )
    .toBe('Failure');
  const find = page.getByRole('textbox', { name: 'Find' });
  await find.fill('%httperr > 0');
  await find.press('Enter');
  await expect(
    page.getByRole('search', { name: 'Find and hide graph elements' }).getByRole('status'),
  ).toHaveText(/^[1-9]\d* found/);
  // The accessible list marks what Find found (`aria-current` on the row), as the canvas highlights it.
  const marked = async (): Promise<string[]> =>
    edgesTable(page).evaluate((el) =>
      [...(el as HTMLTableElement).tBodies]
        .flatMap((b) => [...b.rows])
        .filter((r) => r.getAttribute('aria-current') !== null)
        .map((r) => `${r.cells[0]?.innerText.trim() ?? ''} → ${r.cells[1]?.innerText.trim() ?? ''}`),
    );
  // The failing calls are those into ratings: into its service node and on to ratings v1.
  await expect
    .poll(async () => {
      const found = await marked();
      return found.length > 0 && found.every((e) => / → ratings( v1)?$/.test(e));
    })
    .toBe(true);
  await keepScreenshot(page, testInfo, 'graph-ratings-failing-find');
  expect(consoleProblems.errors).toEqual([]);
});
