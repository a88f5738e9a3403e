import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSimulator, type LibrarySimulator } from '../simulator/server.ts';
import {
  addAndConnect,
  expectFocusKept,
  expectAccessible,
  fillEnvironment,
  shoot,
  overviewThenProjects,
} from './app-helpers.ts';
import { expect, test } from './fixtures.ts';

let sim: LibrarySimulator;

test.beforeEach(async () => {
  sim = await startSimulator({ projects: 30, unloadedProjects: [4], https: true, latencyMs: 30 });
});

test.afterEach(async () => {
  await sim.close();
});

test('a production purge from a new environment to the history export', async ({ page, mainProcess }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await mainProcess.open(page);
  await expect(page.getByRole('heading', { name: 'Welcome to MSTR Cache Console' })).toBeVisible();
  await shoot(page, '01-first-run');
  await expectAccessible(page, 'first run');

  await page.getByRole('button', { name: 'Add an environment' }).click();
  await fillEnvironment(page, { name: 'Prod EU', url: `${sim.url}/app`, tier: 'prod', caFile: sim.caFile ?? '' });
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByTestId('connection-test')).toContainText('I-Server 11.4.1200.0081');
  await expect(page.getByTestId('connection-test')).toContainText('REST cache purges supported');
  await expectFocusKept(page, 'Test connection');
  await shoot(page, '02-profile-editor');
  await expectAccessible(page, 'profile editor');
  await page.getByRole('dialog').getByRole('button', { name: 'Save', exact: true }).click();

  await expect(page.getByRole('note').filter({ hasText: 'PRODUCTION · Prod EU' })).toBeVisible();
  await page.getByRole('button', { name: 'Connect…' }).first().click();
  await page.getByRole('dialog').getByLabel('Password').fill('admin-pass');
  await shoot(page, '03-connect');
  await expectAccessible(page, 'connect');
  await page.getByRole('dialog').getByRole('button', { name: 'Connect', exact: true }).click();
  await overviewThenProjects(page, 'Prod EU');
  await expect(page.getByText('connected as Administrator')).toBeVisible();
  await expect(page.getByText('30 of 30 shown')).toBeVisible();

  await page.keyboard.press('Control+f');
  await expect(page.getByPlaceholder('Search name or id (Ctrl+F)')).toBeFocused();
  await page.keyboard.type('analytics');
  await expect(page.getByText('10 of 30 shown')).toBeVisible();
  await page.getByLabel('Select Claims Analytics 008').check();
  await page.getByLabel('Select HR Analytics 005').click({ modifiers: ['Shift'] });
  await expect(page.getByText('3 projects selected')).toBeVisible();
  await page.getByLabel('Select all visible projects').check();
  await expect(page.getByText('10 projects selected')).toBeVisible();
  await shoot(page, '04-projects');
  await expectAccessible(page, 'projects');

  await page.getByRole('button', { name: 'Purge caches…' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('purge-summary')).toContainText('Prod EU (prod, 127.0.0.1');
  await expect(dialog.getByTestId('purge-summary')).toContainText(
    '18 purge requests (object + element) as Administrator, 4 at a time',
  );
  await expect(dialog.getByText('1 project skipped because they are not loaded')).toBeVisible();
  const purgeButton = dialog.getByRole('button', { name: /^Purge 18 cache/ });
  await expect(purgeButton).toBeDisabled();
  await dialog.getByRole('textbox').fill('Prod eu');
  await expect(purgeButton).toBeDisabled();
  await dialog.getByRole('textbox').fill('Prod EU');
  await shoot(page, '05-purge-confirm');
  await expectAccessible(page, 'purge dialog');
  await purgeButton.click();
  await expectFocusKept(page, 'the start of a purge');
  await expect(dialog.getByText(/of 18 done/)).toBeVisible();
  await expect(dialog.getByTestId('purge-result')).toHaveText(
    /All 18 purge requests accepted\.\s+1 skipped \(not loaded\)\./,
  );
  await expectFocusKept(page, 'the end of a purge');
  await shoot(page, '06-purge-results');
  await expectAccessible(page, 'purge results');
  expect(sim.purges).toHaveLength(18);
  expect(sim.callsTo(/\/cache\//)).toHaveLength(0);

  await dialog.getByRole('button', { name: 'Copy report' }).click();
  expect(mainProcess.copied.at(-1)).toContain(
    'Purge requested: 18 succeeded, 0 failed, 0 outcome unknown, 0 cancelled, 1 skipped',
  );
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();
  // Focus is back on the opener, and each purged project says when it was purged.
  await expect(page.getByText('10 projects selected')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Purge caches…' })).toBeFocused();
  await expect(
    page
      .getByRole('row', { name: /Claims Analytics 008/ })
      .getByRole('cell')
      .last(),
  ).toHaveText('just now');

  await page.getByRole('tab', { name: 'History' }).click();
  await expect(page.getByText('1 run, 18 items')).toBeVisible();
  await page.getByLabel('Outcome').selectOption('failed');
  await expect(page.getByText('Nothing matches these filters.')).toBeVisible();
  await page.getByLabel('Outcome').selectOption('');
  await shoot(page, '07-history');
  await expectAccessible(page, 'history');
  const csv = join(mainProcess.services.dataFolder, 'export.csv');
  mainProcess.dialogs.nextSave = csv;
  await page.getByRole('button', { name: 'Export CSV…' }).click();
  await expect(page.getByText(`Exported 18 lines to ${csv}.`)).toBeVisible();
  const lines = readFileSync(csv, 'utf8').trim().split('\n');
  expect(lines).toHaveLength(19);
  expect(lines[0]).toContain('time,durationMs,profileName,serverHost,user,projectName');
  expect(lines[1]).toContain('Prod EU');
});

test('presets across environments, the scheduled command, settings and keyboard', async ({ page, mainProcess }) => {
  const second = await startSimulator({ projects: 30 });
  try {
    await page.setViewportSize({ width: 1280, height: 800 });
    await mainProcess.open(page);
    await addAndConnect(page, sim, { name: 'Staging', tier: 'staging' });
    await addAndConnect(page, second, { name: 'Test', tier: 'test' });

    await page.getByRole('button', { name: 'New preset…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Staging').check();
    await dialog.getByLabel('All loaded projects').uncheck();
    await dialog.getByLabel(/Project names/).fill('Sales Analytics 001\nNo Such Project');
    await dialog.getByLabel('Object').check();
    await dialog.getByLabel(/Preset name/).fill('Nightly sales');
    await shoot(page, '08-multi-environment');
    await expectAccessible(page, 'multi-environment dialog');
    await dialog.getByRole('button', { name: 'Purge once without saving…' }).click();
    await expect(dialog.getByText('“No Such Project” on Staging')).toBeVisible();
    await expect(dialog.getByText('“No Such Project” on Test')).toBeVisible();
    await dialog.getByRole('button', { name: /^Purge 2 cache/ }).click();
    await expect(dialog.getByTestId('purge-result')).toContainText('All 2 purge requests accepted.');
    expect(sim.purges.map((purge) => purge.cacheType)).toEqual(['object']);
    expect(second.purges).toHaveLength(1);
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();

    await page.getByRole('button', { name: 'New preset…' }).click();
    await dialog.getByLabel('Staging').check();
    await dialog.getByLabel(/Preset name/).fill('Nightly all');
    await dialog.getByRole('button', { name: 'Save preset', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Nightly all' })).toBeVisible();
    await page.getByRole('button', { name: 'Copy as scheduled command' }).click();
    await expect(page.getByLabel('Linux / macOS (cron)')).toHaveValue(
      /# MSTR Cache Console: preset "Nightly all"\n0 2 \* \* \* .*\bpreset run --id mstr-cache-console-nightly-all-[0-9a-f]{8} --json/,
    );
    expect(mainProcess.copied.at(-1)).toMatch(
      /^# MSTR Cache Console: preset "Nightly all"\n0 2 \* \* \* .*\bpreset run --id mstr-cache-console-nightly-all-[0-9a-f]{8} --json/,
    );
    await shoot(page, '09-presets');
    await expectAccessible(page, 'presets');

    await page.getByRole('tab', { name: 'Settings & About' }).click();
    await page.getByLabel('Dark').check();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await expect(page.getByText(mainProcess.services.dataFolder)).toBeVisible();
    await shoot(page, '10-settings');
    await expectAccessible(page, 'settings');
    await page.getByLabel('Follow the operating system').check();

    await page.getByRole('tab', { name: 'Projects' }).click();
    const staging = page.getByRole('button', { name: /^Staging/ });
    await staging.focus();
    await page.keyboard.press('Alt+ArrowDown');
    await expect(page.getByRole('navigation', { name: 'Environments' }).getByRole('listitem').first()).toContainText(
      'Test',
    );
    const calls = sim.callsTo(/GET .*\/api\/projects$/).length;
    await staging.click();
    await page.keyboard.press('Control+r');
    await expect.poll(() => sim.callsTo(/GET .*\/api\/projects$/).length).toBe(calls + 1);
  } finally {
    await second.close();
  }
});
