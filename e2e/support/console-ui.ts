/**
 * Driving the console's service wizards and its config API the way a user does: the service
 * page's "Actions" menu, a wizard's dialog and its Apply; and deleting a config object through the
 * console's Istio config API (Kiali's `DELETE /api/namespaces/{ns}/istio/{group}/{version}/{kind}/{name}`).
 */
import type { APIRequestContext, Locator, Page } from '@playwright/test';
import { expect } from '@playwright/test';

export function servicePage(namespace: string, service: string): string {
  return `/namespaces/${namespace}/services/${service}?duration=60&refresh=10000`;
}

/** Opens the service page's Actions menu and the wizard `item` (its menu entry), returning the dialog. */
export async function openWizard(page: Page, item: string, dialogName: string): Promise<Locator> {
  const actions = page.getByRole('main').getByRole('button', { name: /^Actions/ });
  await expect(actions).toBeEnabled({ timeout: 20_000 });
  await actions.click();
  const entry = page
    .getByRole('menu', { name: 'Actions' })
    .getByRole('menuitem', { name: item, exact: true });
  await expect(entry).toHaveAttribute('aria-disabled', 'false');
  await entry.click();
  const dialog = page.getByRole('dialog', { name: dialogName });
  await expect(dialog).toBeVisible();
  return dialog;
}

/** Presses the dialog's Apply (or Update) and waits for the page's status line of the result. */
export async function applyWizard(page: Page, dialog: Locator, title: string): Promise<string> {
  await dialog.getByRole('button', { name: /^(Apply|Update)$/ }).click();
  const status = page.getByRole('status').filter({ hasText: `${title}:` });
  await expect(status).toBeVisible({ timeout: 20_000 });
  await expect(dialog).toBeHidden();
  return (await status.innerText()).trim();
}

export async function deleteIstioObject(
  request: APIRequestContext,
  target: { readonly namespace: string; readonly kind: string; readonly name: string },
): Promise<void> {
  const path = `/api/namespaces/${target.namespace}/istio/networking.istio.io/v1/${target.kind}/${target.name}`;
  const response = await request.delete(path);
  if (!response.ok() && response.status() !== 404)
    throw new Error(`delete ${target.kind} ${target.name}: ${response.status()} ${await response.text()}`);
}

/** The stored object, or undefined when there is none (404). */
export async function istioObject(
  request: APIRequestContext,
  target: { readonly namespace: string; readonly kind: string; readonly name: string },
): Promise<{ resource: { spec: Record<string, unknown> } } | undefined> {
  const path = `/api/namespaces/${target.namespace}/istio/networking.istio.io/v1/${target.kind}/${target.name}`;
  const response = await request.get(path);
  if (response.status() === 404) return undefined;
  if (!response.ok()) throw new Error(`get ${target.kind} ${target.name}: ${response.status()}`);
  return (await response.json()) as { resource: { spec: Record<string, unknown> } };
}
