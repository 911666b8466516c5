/**
 * The lists' text filters keep every keystroke: typed quickly, key by key, the box holds what was
 * typed and the URL follows (a filter bound to the URL alone drops keys typed before the router's
 * navigation lands). It only reads the mesh.
 */
import { expect, test } from '../support/fixtures.ts';

const LISTS = [
  { path: '/applications?namespaces=default', box: 'Filter by name', param: 'name' },
  { path: '/istio?namespaces=default', box: 'Filter by name', param: 'name' },
  { path: '/mesh', box: 'Name', param: 'proxyName' },
] as const;

for (const list of LISTS) {
  test(`${list.path}: the "${list.box}" filter keeps fast typing`, async ({ page, consoleProblems }) => {
    await page.goto(list.path);
    const box = page.getByRole('main').getByRole('searchbox', { name: list.box });
    await expect(box).toBeVisible({ timeout: 20_000 });
    await box.pressSequentially('reviews-v1', { delay: 0 });
    await expect(box).toHaveValue('reviews-v1');
    await expect(page).toHaveURL(new RegExp(`[?&]${list.param}=reviews-v1(&|$)`));
    expect(consoleProblems.errors).toEqual([]);
  });
}
