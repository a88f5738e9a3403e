/** Steps the UI tests share: screenshots in both themes, accessibility scans, adding environments. */
import { mkdirSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import type { LibrarySimulator } from '../simulator/server.ts';

export const SCREENS_DIR = 'test-results/screens';

/** Screenshots of the page as it is, in the light and the dark theme. */
export async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENS_DIR, { recursive: true });
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: `${SCREENS_DIR}/${name}-${scheme}.png` });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

/** No serious or critical axe-core violation, in either theme. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map(
        (violation) =>
          `${violation.id}: ${violation.help} (${violation.nodes
            .map((node) => node.target.join(' '))
            .slice(0, 3)
            .join(', ')})`,
      );
    expect(serious, `${name} (${scheme})`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

export interface EnvironmentForm {
  name: string;
  url: string;
  tier?: 'dev' | 'test' | 'staging' | 'prod';
  user?: string;
  caFile?: string;
}

export async function fillEnvironment(page: Page, form: EnvironmentForm): Promise<void> {
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Name', { exact: true }).fill(form.name);
  await dialog.getByLabel('Library URL').fill(form.url);
  await dialog.getByRole('combobox', { name: /^Tier/ }).selectOption(form.tier ?? 'test');
  await dialog.getByLabel('User name').fill(form.user ?? 'administrator');
  if (form.caFile) {
    await dialog.getByLabel('Also trust a CA file').check();
    await dialog.getByLabel('CA file (PEM)').fill(form.caFile);
  }
}

/**
 * Adds an environment through the editor (it opens on its projects, where it connects), connects
 * to it with the password, which opens its Overview with the focus on its heading, then opens its
 * Projects tab, where most tests go on.
 */
export async function addAndConnect(
  page: Page,
  sim: LibrarySimulator,
  form: Omit<EnvironmentForm, 'url'>,
  password = 'admin-pass',
): Promise<void> {
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await fillEnvironment(page, { ...form, url: sim.url, ...(sim.caFile ? { caFile: sim.caFile } : {}) });
  await page.getByRole('dialog').getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: form.name, exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Connect…' }).first().click();
  await page.getByRole('dialog').getByLabel('Password').fill(password);
  await page.getByRole('dialog').getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByRole('dialog')).toBeHidden();
  await overviewThenProjects(page, form.name);
}

/**
 * After connecting an environment no tab of which was chosen yet: its Overview opened with the
 * focus on its heading. Then opens its Projects tab.
 */
export async function overviewThenProjects(page: Page, name: string): Promise<void> {
  await expect(page.getByRole('heading', { level: 1, name: `Overview · ${name}`, exact: true })).toBeFocused();
  await page.getByRole('tab', { name: 'Projects' }).click();
  await expect(page.getByRole('heading', { level: 1, name, exact: true })).toBeVisible();
}

/** On History: opens every run's row to show its items. */
export async function expandAllRuns(page: Page): Promise<void> {
  const runs = page.getByRole('region', { name: 'Runs', exact: true });
  await expect(runs.getByRole('button', { name: /^(Show|Hide) the / }).first()).toBeVisible();
  const closed = runs.getByRole('button', { name: /^Show the / });
  // Each click renames its button (Show → Hide), so always take the first still closed.
  for (let left = await closed.count(); left > 0; left -= 1) await closed.first().click();
  await expect(closed).toHaveCount(0);
}

/** After an action, focus is on a control or a heading the user can go on from, never on the page itself. */
export async function expectFocusKept(page: Page, after: string): Promise<void> {
  await expect
    .poll(() => page.evaluate(() => document.activeElement?.tagName ?? 'none'), { message: `focus after ${after}` })
    .not.toMatch(/^(BODY|HTML|none)$/);
}
