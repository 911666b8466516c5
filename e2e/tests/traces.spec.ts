/**
 * Traces from the graph, as a Kiali user follows them: select the productpage node, open one of
 * its recent traces from the side panel, see the spans of the services it went through in one
 * timeline, then "Show on graph" to have the trace's path highlighted. It only reads the mesh.
 */
import { expect, keepScreenshot, test } from '../support/fixtures.ts';
import { nodesTable, readTable } from '../support/graph-list.ts';

const GRAPH = '/graph/namespaces?namespaces=default&graphType=versionedApp';

test('a trace opened from the productpage node shows spans of at least 3 services, and Show on graph highlights them', async ({
  page,
  consoleProblems,
}, testInfo) => {
  await page.goto(GRAPH);
  const nodes = nodesTable(page);
  await nodes.getByRole('button', { name: 'productpage v1', exact: true }).click({ timeout: 30_000 });
  const traces = page.getByRole('region', { name: 'Traces' });
  const recent = traces.getByRole('list', { name: 'Recent traces' }).getByRole('link');
  await expect(recent.first()).toBeVisible({ timeout: 30_000 });
  await recent.first().click();
  await expect(page).toHaveURL(/\/tracing\/traces\/[0-9a-f]+/);

  const timeline = page.getByRole('table', { name: 'Trace timeline' });
  await expect(timeline.getByRole('row').nth(1)).toBeVisible({ timeout: 20_000 });
  const services = await timeline
    .locator('[role=row][data-span-id] .trace-select > span:not([class])')
    .evaluateAll((spans) => [...new Set(spans.map((s) => (s as HTMLElement).innerText.trim()))].sort());
  expect(services.length, `services in the timeline: ${services.join(', ')}`).toBeGreaterThanOrEqual(3);
  expect(services.some((s) => s.startsWith('productpage'))).toBe(true);
  await keepScreenshot(page, testInfo, 'trace-from-productpage');

  await page
    .getByRole('region', { name: 'Trace summary' })
    .getByRole('link', { name: 'Show on graph' })
    .click();
  await expect(page).toHaveURL(/\/graph\/.*[?&]trace=/);
  await expect(page.getByRole('status', { name: 'Trace on graph' })).toHaveText(
    /Trace [0-9a-f]{7}: \d+ nodes, \d+ edges? highlighted/,
    { timeout: 30_000 },
  );
  // The accessible list marks the trace's path ("In trace"): productpage and the apps it called.
  await expect
    .poll(async () => {
      const { headers, rows } = await readTable(nodes);
      if (!headers.includes('In trace')) return [];
      return rows.filter((r) => r['In trace'] === 'Yes').map((r) => r['Name'] ?? '');
    })
    .toEqual(expect.arrayContaining(['productpage v1']));
  const { rows } = await readTable(nodes);
  const inTrace = rows.filter((r) => r['In trace'] === 'Yes').map((r) => r['Name'] ?? '');
  expect(inTrace.length, `nodes in the trace: ${inTrace.join(', ')}`).toBeGreaterThanOrEqual(3);
  await keepScreenshot(page, testInfo, 'trace-on-graph');
  expect(consoleProblems.errors).toEqual([]);
});

test('Find Traces: service, typed tags and minimum duration list the traces and plot them; a dot opens its trace', async ({
  page,
  consoleProblems,
}, testInfo) => {
  await page.goto('/tracing');
  const form = page.getByRole('form', { name: 'Search traces' });
  const service = form.getByLabel('Service');
  await expect(service.getByRole('option', { name: 'productpage.default' })).toBeAttached({
    timeout: 20_000,
  });
  await service.selectOption('productpage.default');
  // Typed key by key, as a user does (inputs that lose keystrokes fail here).
  await form.getByLabel('Tags').pressSequentially('http.method=GET', { delay: 10 });
  await form.getByLabel('Min duration').pressSequentially('1ms', { delay: 10 });
  await form.getByRole('button', { name: 'Find Traces' }).click();
  await expect(page).toHaveURL(/[?&]tags=[^&]*http\.method/);

  const table = page.getByRole('table', { name: 'Traces' });
  await expect(table.locator('tbody tr').first()).toBeVisible({ timeout: 20_000 });
  const rows = await table.locator('tbody tr').count();
  expect(rows).toBeGreaterThan(0);
  expect(rows).toBeLessThanOrEqual(20);
  const dots = page.getByRole('figure', { name: 'Trace durations over time' }).locator('circle');
  await expect(dots).toHaveCount(rows);
  await keepScreenshot(page, testInfo, 'traces-search');

  await dots.first().click({ force: true });
  await expect(page).toHaveURL(/\/tracing\/traces\/[0-9a-f]+/);
  await expect(page.getByRole('table', { name: 'Trace timeline' })).toBeVisible({ timeout: 20_000 });
  expect(consoleProblems.errors).toEqual([]);
});
