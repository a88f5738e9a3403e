/**
 * The window from the keyboard and in states that must not contradict themselves: every dialog
 * starts on its first field and gives focus back to its opener, the main action is a short Tab
 * walk (and a shortcut) away, asking for a password is not a failed connection, presets appear as
 * soon as they are saved, and deleting an environment says which presets use it.
 */
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { exportProfiles } from '../../src/main/profiles/profile-exchange.ts';
import { startSimulator, type LibrarySimulator } from '../simulator/server.ts';
import {
  addAndConnect,
  expectFocusKept,
  expandAllRuns,
  expectAccessible,
  shoot,
  overviewThenProjects,
} from './app-helpers.ts';
import { expect, test } from './fixtures.ts';

let sim: LibrarySimulator;

test.beforeEach(async () => {
  sim = await startSimulator({ projects: 12 });
});

test.afterEach(async () => {
  await sim.close();
});

/** Opens a dialog with its button, checks where focus lands, closes it with Esc, checks focus came back. */
async function focusRoundTrip(page: Page, opener: Locator, firstField: (dialog: Locator) => Locator): Promise<void> {
  await opener.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await expect(firstField(dialog)).toBeFocused();
  await expect(dialog.getByRole('button', { name: 'Close dialog' })).not.toBeFocused();
  // Tab stays inside the dialog, all the way round.
  for (let press = 0; press < 40; press += 1) await page.keyboard.press('Tab');
  expect(await dialog.evaluate((element) => element.contains(document.activeElement))).toBe(true);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(opener).toBeFocused();
}

test('every dialog starts on its first field, keeps focus inside, and gives it back to its opener', async ({
  page,
  mainProcess,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await mainProcess.open(page);
  await focusRoundTrip(page, page.getByRole('button', { name: 'Add an environment' }), (dialog) =>
    dialog.getByLabel('Name', { exact: true }),
  );
  await addAndConnect(page, sim, { name: 'QA' });
  await focusRoundTrip(page, page.getByRole('button', { name: 'Add', exact: true }), (dialog) =>
    dialog.getByLabel('Name', { exact: true }),
  );
  await focusRoundTrip(page, page.getByRole('button', { name: 'Edit…' }), (dialog) =>
    dialog.getByLabel('Name', { exact: true }),
  );
  await page.getByLabel('Select all visible projects').check();
  await focusRoundTrip(page, page.getByRole('button', { name: 'Purge caches…' }), (dialog) =>
    dialog.getByLabel('Both'),
  );
  await focusRoundTrip(page, page.getByRole('button', { name: 'New preset…' }), (dialog) =>
    dialog.getByRole('checkbox', { name: /^QA/ }),
  );
  await focusRoundTrip(page, page.getByRole('button', { name: 'Export…' }), (dialog) =>
    dialog.getByRole('checkbox').first(),
  );
  // A dialog without fields starts on its main action.
  await focusRoundTrip(page, page.getByRole('button', { name: 'Cluster nodes…' }), (dialog) =>
    dialog.getByRole('button', { name: 'Close', exact: true }),
  );
  const exported = join(mainProcess.services.dataFolder, 'environments.json');
  await exportProfiles(mainProcess.services.profiles, 'all', exported);
  mainProcess.dialogs.nextOpen = exported;
  await focusRoundTrip(page, page.getByRole('button', { name: 'Import…' }), (dialog) =>
    dialog.getByRole('combobox', { name: /“QA” exists already/ }),
  );
  const [qa] = (await mainProcess.services.profiles.list()).profiles;
  await mainProcess.services.presets.save(
    {
      name: 'Nightly',
      environments: [qa!.id],
      steps: [{ kind: 'purge', projects: { all: true }, cacheTypes: ['object'] }],
    },
    { replace: false },
  );
  await page.getByRole('tab', { name: 'Presets' }).click();
  await focusRoundTrip(page, page.getByRole('button', { name: 'Schedule…' }), (dialog) => dialog.getByLabel('Time'));
  await page.getByRole('tab', { name: 'Projects' }).click();
  await page.getByRole('button', { name: 'Disconnect' }).click();
  await focusRoundTrip(page, page.getByRole('button', { name: 'Connect…' }).first(), (dialog) =>
    dialog.getByLabel('Password'),
  );
  // Editing the server of a profile whose password is remembered says, before saving, that it will be forgotten.
  await page.getByRole('button', { name: 'Connect…' }).first().click();
  await page.getByRole('dialog').getByLabel('Password').fill('admin-pass');
  await page
    .getByRole('dialog')
    .getByRole('checkbox', { name: /Remember/ })
    .check();
  await page.getByRole('dialog').getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByRole('dialog')).toBeHidden();
  await page.getByRole('button', { name: 'Edit…' }).click();
  const editor = page.getByRole('dialog');
  await expect(editor.getByTestId('forget-note')).toHaveCount(0);
  await editor.getByLabel('Library URL').fill('https://another-server.example.com/MicroStrategyLibrary');
  await expect(editor.getByTestId('forget-note')).toContainText('will be forgotten when you save');
  await shoot(page, '42-editor-forgets-secrets');
  await editor.getByLabel('Library URL').fill(sim.url);
  await expect(editor.getByTestId('forget-note')).toHaveCount(0);
});

test('the purge is a short Tab walk and a shortcut away; the tabs and the environments are one Tab stop each', async ({
  page,
  mainProcess,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await mainProcess.open(page);
  await addAndConnect(page, sim, { name: 'QA' });
  await addAndConnect(page, sim, { name: 'QA two' });
  await page.getByLabel('Select all visible projects').check();
  // Start where a user starts: the top of the window (a click there sets where Tab begins).
  await page.getByRole('heading', { name: 'Environments' }).click();
  let presses = 0;
  const purge = page.getByRole('button', { name: 'Purge caches…' });
  while (!(await purge.evaluate((element) => element === document.activeElement)) && presses < 40) {
    await page.keyboard.press('Tab');
    presses += 1;
  }
  expect(presses).toBeLessThanOrEqual(14);

  // The environments list: arrows move, Enter selects.
  await page.getByRole('button', { name: /^QA two/ }).focus();
  await page.keyboard.press('ArrowUp');
  await expect(page.getByRole('button', { name: /^QA test/ })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'QA' })).toBeVisible();
  // The tabs: arrows switch.
  await page.getByRole('tab', { name: 'Projects' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Caches' })).toBeFocused();
  await expect(page.getByRole('tab', { name: 'Caches' })).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowLeft');

  await page.getByLabel('Select all visible projects').check();
  await page.keyboard.press('Control+Enter');
  await expect(page.getByRole('dialog', { name: 'Purge caches on QA' })).toBeVisible();
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+n');
  await expect(page.getByRole('dialog', { name: /environment/i })).toBeVisible();
});

test('asking for a password is not a failed connection', async ({ page, mainProcess }) => {
  await mainProcess.open(page);
  await addAndConnect(page, sim, { name: 'QA' });
  await page.getByRole('button', { name: 'Disconnect' }).click();
  await page.getByRole('button', { name: 'Connect…' }).first().click();
  await expect(page.getByRole('dialog').getByLabel('Password')).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Environments' })).toContainText('not connected');
  await expect(page.getByRole('navigation', { name: 'Environments' })).not.toContainText('connection failed');
  await expect(page.getByRole('dialog').getByRole('alert')).toHaveCount(0);
  await expect(page.locator('main').getByRole('alert')).toHaveCount(0);
});

test('a preset saved from the presets screen is listed at once; deleting its environment says so first', async ({
  page,
  mainProcess,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await mainProcess.open(page);
  await addAndConnect(page, sim, { name: 'QA' });
  await addAndConnect(page, sim, { name: 'Staging', tier: 'staging' });
  await page.getByRole('tab', { name: 'Presets' }).click();
  await page.getByRole('button', { name: 'New preset…' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('checkbox', { name: /^QA/ }).check();
  await dialog.getByLabel('Preset name').fill('Only QA');
  await dialog.getByRole('button', { name: 'Save preset', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Only QA' })).toBeVisible();
  await page.getByRole('button', { name: 'New preset…' }).click();
  await dialog.getByRole('checkbox', { name: /^QA/ }).check();
  await dialog.getByRole('checkbox', { name: /^Staging/ }).check();
  await dialog.getByLabel('Preset name').fill('Both');
  await dialog.getByRole('button', { name: 'Save preset', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Both' })).toBeVisible();

  await page.getByRole('button', { name: /^QA test/ }).click();
  let asked = '';
  page.once('dialog', (confirm) => {
    asked = confirm.message();
    void confirm.dismiss();
  });
  await page.getByRole('button', { name: 'Delete…' }).click();
  await expect.poll(() => asked).toContain('Used by the presets "Only QA", "Both"');
  expect(asked).toContain('Only QA will have no environment left and will be removed');
  expect((await mainProcess.services.profiles.list()).profiles).toHaveLength(2);

  page.once('dialog', (confirm) => void confirm.accept());
  await page.getByRole('button', { name: 'Delete…' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Staging' })).toBeVisible();
  await expectFocusKept(page, 'an environment delete');
  // The delete says what went with the environment.
  await expect(page.getByRole('status').filter({ hasText: 'Deleted the environment QA' })).toContainText(
    'taken out of the preset Both; removed the preset Only QA (no environment left)',
  );
  const { presets } = await mainProcess.services.presets.list();
  expect(presets.map((preset) => [preset.name, preset.environments.length])).toEqual([['Both', 1]]);
  await page.getByRole('tab', { name: 'Presets' }).click();
  await expect(page.getByText('(deleted environment)')).toHaveCount(0);
  await shoot(page, '40-presets-after-delete');
  await expectAccessible(page, 'presets after an environment was deleted');
});

test('results say "outcome unknown" for a timed-out purge, show each item’s requests, and a retry keeps the whole run', async ({
  page,
  mainProcess,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await mainProcess.services.profiles.create({
    name: 'Slow QA',
    url: sim.url,
    tier: 'test',
    username: 'administrator',
    timeoutSeconds: 1,
  });
  await mainProcess.open(page);
  await page.getByRole('button', { name: 'Connect…' }).first().click();
  await page.getByRole('dialog').getByLabel('Password').fill('admin-pass');
  await page.getByRole('dialog').getByRole('button', { name: 'Connect', exact: true }).click();
  await overviewThenProjects(page, 'Slow QA');
  await expect(page.getByText('12 of 12 shown')).toBeVisible();
  const [slow, flaky] = [sim.projects[0]!, sim.projects[1]!];
  sim.inject({ kind: 'delay', ms: 1600, match: new RegExp(`${slow.id}/caches/object`) });
  sim.inject({ kind: 'html', match: new RegExp(`${flaky.id}/caches/object`) });
  await page.getByLabel(`Select ${slow.name}`).check();
  await page.getByLabel(`Select ${flaky.name}`).check();
  await page.getByRole('button', { name: 'Purge caches…' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Object cache').check();
  await dialog.getByRole('button', { name: /^Purge 2 cache/ }).click();
  await expect(dialog.getByTestId('purge-result')).toContainText(
    '1 accepted, 0 failed, 1 outcome unknown, 0 cancelled.',
  );
  await expect(dialog.getByRole('note')).toContainText('Repeating a purge is harmless');
  await expect(dialog.getByRole('row', { name: new RegExp(flaky.name) })).toContainText('2 requests: HTTP 502');
  await expect(dialog.getByRole('row', { name: new RegExp(slow.name) })).toContainText('outcome unknown');
  await shoot(page, '41-results-outcome-unknown');
  await expectAccessible(page, 'results with an unknown outcome');

  await dialog.getByRole('button', { name: 'Retry 1 not purged' }).click();
  await expect(dialog.getByTestId('purge-result')).toContainText('All 2 purge requests accepted.');
  // Both items are still listed: the retry is part of the same run, and so is the report.
  await expect(dialog.getByRole('row')).toHaveCount(3);
  await dialog.getByRole('button', { name: 'Copy report' }).click();
  const report = mainProcess.copied.at(-1) ?? '';
  expect(report).toContain('Purge requested: 2 succeeded, 0 failed, 0 outcome unknown');
  expect(report).toContain(`${flaky.name}\t${flaky.id}\tobject\tsucceeded\t2 requests (HTTP 502)`);
  expect(report).toContain(`${slow.name}\t${slow.id}\tobject\tsucceeded\t1 request`);
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();

  // History: one row for the run (its retry included); the unknown item shows as settled, linked to the retry.
  await page.getByRole('tab', { name: 'History' }).click();
  await expect(page.getByText('1 run, 3 items')).toBeVisible();
  const runs = page.getByRole('region', { name: 'Runs', exact: true });
  await expect(runs.getByRole('row').nth(1)).toContainText('2 purge requested, 1 outcome unknown');
  await expandAllRuns(page);
  const settled = runs.getByRole('row', { name: /settled: purge requested/ });
  await expect(settled).toContainText(slow.name);
  await settled.getByRole('button', { name: /^by the retry of/ }).click();
  const retryLine = runs.locator('tr:focus');
  await expect(retryLine).toContainText(slow.name);
  await expect(retryLine).toContainText('purge requested');
  await shoot(page, '42-history-settled-by-retry');
  await expectAccessible(page, 'history with a settled item');
});
