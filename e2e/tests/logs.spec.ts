/**
 * A workload's Logs tab, as a Kiali user reads it: the app's output and its proxy's access log in
 * one list by time; filter and highlight by typed text; the proxy's lines hidden by their switch;
 * follow mode bringing new lines in. It only reads the mesh.
 */
import { expect, keepScreenshot, test } from '../support/fixtures.ts';
import type { Locator } from '@playwright/test';

/** Each rendered line's kind (`app` or `proxy`), time (ms) and text. */
async function lines(log: Locator): Promise<Array<{ kind: string; time: number; text: string }>> {
  return log.locator('[role=listitem]').evaluateAll((items) =>
    items.map((item) => ({
      kind: item.getAttribute('data-kind') ?? '',
      time: Date.parse(item.querySelector('time')?.getAttribute('datetime') ?? ''),
      text: (item as HTMLElement).innerText,
    })),
  );
}

test("reviews-v1's logs: app and proxy lines by time, filter, highlight, hide the proxy, follow", async ({
  page,
  consoleProblems,
}, testInfo) => {
  await page.goto('/namespaces/default/workloads/reviews-v1?tab=logs');
  const tab = page.getByRole('region', { name: 'Logs' });
  const log = tab.getByRole('log', { name: 'Log lines' });
  await expect
    .poll(async () => [...new Set((await lines(log)).map((l) => l.kind))].sort(), { timeout: 30_000 })
    .toEqual(['app', 'proxy']);
  const shown = await lines(log);
  const times = shown.map((l) => l.time);
  expect(times.every((t) => Number.isFinite(t))).toBe(true);
  expect(times).toEqual([...times].sort((a, b) => a - b));

  await tab.getByRole('searchbox', { name: 'Filter' }).pressSequentially('GET', { delay: 0 });
  await expect.poll(async () => (await lines(log)).length).toBeGreaterThan(0);
  expect((await lines(log)).every((l) => l.text.includes('GET'))).toBe(true);

  await tab.getByRole('searchbox', { name: 'Highlight' }).pressSequentially('reviews', { delay: 0 });
  await expect(log.locator('mark').first()).toHaveText('reviews');
  await keepScreenshot(page, testInfo, 'logs-filtered-highlighted');

  await tab.getByRole('checkbox', { name: 'Show proxy access log' }).uncheck();
  await expect.poll(async () => (await lines(log)).filter((l) => l.kind === 'proxy').length).toBe(0);
  await tab.getByRole('checkbox', { name: 'Show proxy access log' }).check();
  await tab.getByRole('searchbox', { name: 'Filter' }).fill('');

  // Following, the list keeps to its newest line, and newer ones keep arriving.
  await tab.getByRole('checkbox', { name: 'Follow' }).check();
  await expect(tab.getByText('Following…')).toBeVisible();
  const newest = async (): Promise<number> => Math.max(...(await lines(log)).map((l) => l.time));
  await expect.poll(newest).toBeGreaterThan(0);
  const before = await newest();
  await expect
    .poll(newest, { message: 'a newer line at the bottom while following', timeout: 30_000 })
    .toBeGreaterThan(before);
  expect(consoleProblems.errors).toEqual([]);
});
