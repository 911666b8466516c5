/**
 * The validating config editor as a Kiali user meets it: Istio Config → Create → VirtualService,
 * a route to a host that does not exist. The browser marks KIA1101 at the host's line and column
 * while the user types (mesh-core against the mesh's current config), the marker goes when the
 * host is fixed, and a save of the invalid object is refused by the server, whose findings the
 * editor then shows. Then the life of a valid object: created from the template page, edited
 * with the diff against the stored version, saved, and rolled back from its revisions. It writes
 * only a VirtualService of its own for `details` (a plain route: details' traffic is unchanged),
 * deleted at the end, so this runs beside the mesh scenario.
 */
import { expect, keepScreenshot, test } from '../support/fixtures.ts';
import type { APIRequestContext, Locator, Page } from '@playwright/test';
import { deleteIstioObject, istioObject } from '../support/console-ui.ts';

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

const DETAILS_VS = 'e2e-editor-details';

const VALID = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: ${DETAILS_VS}
  namespace: default
spec:
  hosts:
    - details
  http:
    - route:
        - destination:
            host: details
      timeout: 10s
`;

async function storedTimeout(request: APIRequestContext): Promise<unknown> {
  const vs = await istioObject(request, { namespace: 'default', kind: 'VirtualService', name: DETAILS_VS });
  return (vs?.resource.spec['http'] as Array<{ timeout?: string }> | undefined)?.[0]?.timeout;
}

test('create from the template page, edit with the diff, save, and roll back from the revisions', async ({
  page,
  request,
  consoleProblems,
}, testInfo) => {
  try {
    await page.goto('/istio/new/networking.istio.io/v1/VirtualService?namespaces=default');
    const editor = page.getByRole('textbox', { name: 'YAML of the new VirtualService' });
    await expect(page.getByRole('region', { name: 'Validation' })).not.toContainText('Loading the mesh', {
      timeout: 20_000,
    });
    await editor.click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.insertText(VALID);
    await expect.poll(() => findings(page)).toEqual([]);
    await page.getByRole('toolbar', { name: 'New object' }).getByRole('button', { name: 'Create' }).click();
    await expect(page).toHaveURL(
      new RegExp(`/namespaces/default/istio/networking\\.istio\\.io/v1/VirtualService/${DETAILS_VS}`),
    );
    expect(await storedTimeout(request)).toBe('10s');

    // Edit: the timeout, typed; the diff against the stored object shows it before saving.
    const stored = page.getByRole('textbox', { name: `YAML of VirtualService default/${DETAILS_VS}` });
    await expect(stored).toContainText('timeout: 10s');
    await page.locator('.cm-line', { hasText: 'timeout: 10s' }).click();
    await page.keyboard.press('End');
    for (let i = 0; i < 3; i++) await page.keyboard.press('Backspace');
    await page.keyboard.type('20s');
    const actions = page.getByRole('toolbar', { name: 'Editor actions' });
    await actions.getByRole('button', { name: 'Diff' }).click();
    const diff = page.getByRole('figure', { name: 'Differences between the stored and the edited object' });
    await expect(diff).toContainText('20s');
    await expect(diff).toContainText('10s');
    await actions.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('status').filter({ hasText: /^Saved: resourceVersion/ })).toBeVisible();
    expect(await storedTimeout(request)).toBe('20s');

    // History: create and update; roll back to the created revision.
    await page.getByRole('tab', { name: 'History' }).click();
    const revisions = page.getByRole('table', { name: 'Revisions' });
    await expect(revisions.locator('tbody tr')).toHaveCount(2);
    const operations = await revisions.locator('tbody tr td:nth-child(2)').allInnerTexts();
    expect(operations).toEqual(['update', 'create']);
    await revisions
      .locator('tbody tr')
      .nth(1)
      .getByRole('button', { name: /^Show revision / })
      .click();
    await page.getByRole('button', { name: 'Roll back to this revision' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Roll back', exact: true }).click();
    await expect(page.getByRole('status').filter({ hasText: /^Rolled back to revision / })).toBeVisible();
    expect(await storedTimeout(request)).toBe('10s');
    await expect(revisions.locator('tbody tr')).toHaveCount(3);
    await keepScreenshot(page, testInfo, 'editor-rolled-back');
    expect(consoleProblems.errors).toEqual([]);
  } finally {
    await deleteIstioObject(request, { namespace: 'default', kind: 'VirtualService', name: DETAILS_VS });
  }
});
