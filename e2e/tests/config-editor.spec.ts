/**
 * The validating config editor as a Kiali user meets it: Istio Config → Create → VirtualService,
 * a route to a host that does not exist. The browser marks KIA1101 at the host's line and column
 * while the user types (mesh-core against the mesh's current config), the marker goes when the
 * host is fixed, and a save of the invalid object is refused by the server, whose findings the
 * editor then shows. Nothing is stored, so this runs beside the mesh scenario.
 */
import { expect, keepScreenshot, test } from '../support/fixtures.ts';
import type { Locator, Page } from '@playwright/test';
import { istioObject } from '../support/console-ui.ts';

const NAME = 'e2e-editor-reviews';

const DOCUMENT = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: ${NAME}
  namespace: default
spec:
  hosts:
    - reviews
  http:
    - route:
        - destination:
            host: reviews
`;

const HOST_LINE = DOCUMENT.split('\n').findIndex((l) => l.includes('host: reviews')) + 1;
const HOST_COLUMN = (DOCUMENT.split('\n')[HOST_LINE - 1] ?? '').indexOf('reviews') + 1;

function findingsTable(page: Page): Locator {
  return page.getByRole('region', { name: 'Validation' }).getByRole('table', { name: 'Validation findings' });
}

/** Each finding row as `code|line:column|from the server?`. */
async function findings(page: Page): Promise<string[]> {
  const table = findingsTable(page);
  if ((await table.count()) === 0) return [];
  return table.locator('tbody tr').evaluateAll((rows) =>
    rows.map((r) => {
      const cells = [...(r as HTMLTableRowElement).cells].map((c) => c.innerText.trim());
      const origin = (cells[2] ?? '').includes('from the server') ? 'server' : 'browser';
      return `${cells[1] ?? ''}|${cells[3] ?? ''}|${origin}`;
    }),
  );
}

/** Replaces the destination host by typing: End, Backspace over the old name, the new one key by key. */
async function typeHost(page: Page, from: string, to: string): Promise<void> {
  await page.locator('.cm-line', { hasText: `host: ${from}` }).click();
  await page.keyboard.press('End');
  for (let i = 0; i < from.length; i++) await page.keyboard.press('Backspace');
  await page.keyboard.type(to, { delay: 20 });
}

test('a VirtualService to a missing host: KIA1101 at its line while typing, cleared when fixed, refused by the server on save', async ({
  page,
  request,
  consoleProblems,
}, testInfo) => {
  await page.goto('/istio?namespaces=default');
  await page.getByRole('button', { name: /^Create/ }).click();
  await page
    .getByRole('menu', { name: 'Create' })
    .getByRole('menuitem', { name: 'VirtualService', exact: true })
    .click();
  await expect(page).toHaveURL(/\/istio\/new\/networking\.istio\.io\/v1\/VirtualService/);
  const editor = page.getByRole('textbox', { name: 'YAML of the new VirtualService' });
  await expect(editor).toBeVisible();
  // The browser validates once the mesh's config has loaded.
  await expect(page.getByRole('region', { name: 'Validation' })).not.toContainText('Loading the mesh', {
    timeout: 20_000,
  });
  await editor.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.insertText(DOCUMENT);
  await expect.poll(() => findings(page)).toEqual([]);

  await typeHost(page, 'reviews', 'nowhere');
  const at = `${String(HOST_LINE)}:${String(HOST_COLUMN)}`;
  await expect.poll(() => findings(page)).toEqual([`KIA1101|${at}|browser`]);
  // The marker sits on the host's value in the editor, and names the code.
  await expect(page.locator('.cm-lintRange-error')).toHaveText('nowhere');
  await keepScreenshot(page, testInfo, 'editor-kia1101-while-typing');

  await typeHost(page, 'nowhere', 'reviews');
  await expect.poll(() => findings(page)).toEqual([]);
  await expect(page.locator('.cm-lintRange-error')).toHaveCount(0);

  // Saved anyway with the missing host: the server validates again and refuses.
  await typeHost(page, 'reviews', 'nowhere');
  await expect.poll(() => findings(page)).toEqual([`KIA1101|${at}|browser`]);
  await page.getByRole('toolbar', { name: 'New object' }).getByRole('button', { name: 'Create' }).click();
  await expect(page.getByRole('alert')).toContainText('The server refused the object.');
  await expect.poll(() => findings(page)).toContain(`KIA1101|${at}|server`);
  await keepScreenshot(page, testInfo, 'editor-refused-by-server');
  expect(await istioObject(request, { namespace: 'default', kind: 'VirtualService', name: NAME })).toBe(
    undefined,
  );
  // Chromium logs the refused request (422) as a console error: that one is expected.
  expect(consoleProblems.errors.filter((e) => !/status of 422/.test(e))).toEqual([]);
});
