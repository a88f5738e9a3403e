/**
 * Schedules in the window: a failed scheduled run told at start until seen, and a production
 * preset scheduled from the presets screen with its explicit acceptance, next run and log; a name
 * an older version saved, shown with why it needs renaming and renamed with its schedule; and jobs a
 * lost schedules file no longer lists, still shown and removable.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSimulator, type LibrarySimulator } from '../simulator/server.ts';
import { addAndConnect, expectAccessible, shoot } from './app-helpers.ts';
import { expect, test } from './fixtures.ts';

let sim: LibrarySimulator;

test.beforeEach(async () => {
  sim = await startSimulator({ projects: 5 });
});

test.afterEach(async () => {
  await sim.close();
});

test('a failed scheduled run is told at start until seen, and shown with its preset', async ({ page, mainProcess }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const { services } = mainProcess;
  const profile = await services.profiles.create({ name: 'QA', url: sim.url, tier: 'test', username: 'administrator' });
  await services.presets.save(
    {
      name: 'Nightly QA',
      environments: [profile.id],
      steps: [{ kind: 'purge', projects: { all: true }, cacheTypes: ['object'] }],
    },
    { replace: false },
  );
  await services.schedules.add({
    presetName: 'Nightly QA',
    time: '02:30',
    days: ['mon', 'tue', 'wed', 'thu', 'fri'],
  });
  await services.schedules.recordRun('Nightly QA', {
    startedAt: '2026-11-27T02:30:00.000Z',
    finishedAt: '2026-11-27T02:30:04.000Z',
    exitCode: 3,
    succeeded: 0,
    failed: 0,
    error: { code: 'KEYCHAIN_UNAVAILABLE', message: 'The keychain cannot be reached.' },
  });

  await mainProcess.open(page);
  const alert = page.getByTestId('schedule-failures');
  await expect(alert).toContainText('The scheduled run of “Nightly QA” failed');
  await expect(alert).toContainText('KEYCHAIN_UNAVAILABLE');
  await shoot(page, '30-schedule-failure-notice');
  await expectAccessible(page, 'schedule failure notice');
  await alert.getByRole('button', { name: 'Show presets' }).click();
  await expect(alert).toBeHidden();
  const schedule = page.getByTestId('schedule');
  await expect(schedule).toContainText('02:30, weekdays (systemd user timer)');
  await expect(schedule).toContainText('failed, KEYCHAIN_UNAVAILABLE');
  await expect(schedule).toContainText('.log');
  await shoot(page, '31-presets-with-schedule');
  await expectAccessible(page, 'presets with a schedule');

  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'QA' })).toBeVisible();
  await expect(page.getByTestId('schedule-failures')).toBeHidden();
});

test('a production preset is scheduled from the presets screen with its acceptance, then unscheduled', async ({
  page,
  mainProcess,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await mainProcess.open(page);
  await addAndConnect(page, sim, { name: 'Prod EU', tier: 'prod' });
  const profile = (await mainProcess.services.profiles.list()).profiles[0];
  await mainProcess.services.presets.save(
    {
      name: 'Nightly prod',
      environments: [profile?.id ?? ''],
      steps: [{ kind: 'purge', projects: { all: true }, cacheTypes: ['element'] }],
    },
    { replace: false },
  );
  await page.getByRole('tab', { name: 'Presets' }).click();
  await page.getByRole('button', { name: 'Schedule…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Schedule “Nightly prod”' });
  await expect(dialog.getByLabel('Time')).toBeFocused();
  await dialog.getByLabel('Time').fill('03:15');
  await dialog.getByLabel('Saturday').uncheck();
  await dialog.getByLabel('Sunday').uncheck();
  await shoot(page, '32-schedule-dialog');
  await expectAccessible(page, 'schedule dialog');
  await dialog.getByRole('button', { name: 'Schedule', exact: true }).click();
  // The browser keeps the form from submitting until production is accepted: nothing installed yet.
  await expect(dialog).toBeVisible();
  // Only the look at whether a systemd user instance runs (for the backend shown), nothing installed.
  expect(mainProcess.schedulerCalls.filter((call) => call[2] !== 'show-environment')).toEqual([]);
  await dialog.getByLabel(/purges Prod EU \(production\) without asking/).check();
  await dialog.getByRole('button', { name: 'Schedule', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText(/Nightly prod runs at 03:15, weekdays; next run/)).toBeVisible();
  await expect(page.getByTestId('schedule')).toContainText('03:15, weekdays (systemd user timer)');
  await expect(page.getByTestId('schedule')).toContainText('not run yet');
  // Installing is a reload and an enable; each listing also looks whether a systemd user instance runs.
  const calls = mainProcess.schedulerCalls.map((call) => call.slice(1, 3));
  expect(calls.filter((call) => call[1] !== 'show-environment')).toEqual([
    ['--user', 'daemon-reload'],
    ['--user', 'enable'],
  ]);
  expect(calls).toContainEqual(['--user', 'show-environment']);

  // The copied command runs with --yes, and the window says what that means for production.
  await page.getByRole('button', { name: 'Copy as scheduled command' }).click();
  await expect(
    page.getByText('The command includes --yes: the scheduled run purges production without asking'),
  ).toBeVisible();

  page.once('dialog', (confirm) => void confirm.accept());
  await page.getByRole('button', { name: 'Remove schedule' }).click();
  await expect(page.getByTestId('schedule')).toBeHidden();
  expect(await mainProcess.services.schedules.list()).toEqual([]);
});

test('names an older version saved say why they need renaming; a rename keeps the schedule; lost jobs stay listed', async ({
  page,
  mainProcess,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const { services } = mainProcess;
  const profile = await services.profiles.create({ name: 'QA', url: sim.url, tier: 'test', username: 'administrator' });
  const plan = {
    environments: [profile.id],
    steps: [{ kind: 'purge' as const, projects: { all: true as const }, cacheTypes: ['object' as const] }],
  };
  await services.presets.save({ ...plan, name: 'placeholder' }, { replace: false });
  // As an older version let it in: renamed in the file by hand.
  const file = JSON.parse(readFileSync(services.presets.path, 'utf8')) as { presets: { name: string }[] };
  (file.presets[0] as { name: string }).name = '-nightly \u202eevil';
  writeFileSync(services.presets.path, JSON.stringify(file));
  await services.schedules.add({
    presetName: '-nightly \u202eevil',
    time: '02:30',
    days: ['mon'],
  });

  const profiles = JSON.parse(readFileSync(services.profiles.path, 'utf8')) as { profiles: { name: string }[] };
  (profiles.profiles[0] as { name: string }).name = 'QA\u0007';
  writeFileSync(services.profiles.path, JSON.stringify(profiles));

  await mainProcess.open(page);
  await expect(page.getByText('Needs renaming: it contains the control character U+0007')).toBeVisible();
  await page.getByRole('button', { name: 'Edit…' }).click();
  const editor = page.getByRole('dialog');
  await expect(editor.getByText('This name needs renaming: it contains the control character U+0007')).toBeVisible();
  await editor.getByLabel('Name', { exact: true }).fill('-QA');
  await expect(editor.getByText('This name cannot be used: it starts with "-"')).toBeVisible();
  await editor.getByLabel('Name', { exact: true }).fill('QA');
  await editor.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText('Needs renaming')).toBeHidden();
  await page.getByRole('tab', { name: 'Presets' }).click();
  await expect(page.getByTestId('name-problem')).toContainText(
    'U+202E, an invisible character that changes the text direction',
  );
  await page.getByRole('button', { name: 'Rename…' }).click();
  await page.getByLabel('New name').fill('--yes');
  await page.getByRole('button', { name: 'Rename', exact: true }).click();
  await expect(page.getByText('starts with "-"')).toBeVisible();
  await page.getByLabel('New name').fill('Nightly QA');
  await page.getByRole('button', { name: 'Rename', exact: true }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Nightly QA' })).toBeVisible();
  await expect(page.getByText('This name needs renaming')).toBeHidden();
  await expect(page.getByTestId('schedule')).toContainText('02:30, Mon (systemd user timer)');
  expect((await services.schedules.list()).map((schedule) => schedule.presetName)).toEqual(['Nightly QA']);

  writeFileSync(join(services.dataFolder, 'schedules.json'), 'not json');
  await page.reload();
  await page.getByRole('tab', { name: 'Presets' }).click();
  const problem = page.getByTestId('schedule-problem');
  await expect(problem).toContainText('schedules.json could not be read');
  await expect(problem).toContainText('Nightly QA');
  await expectAccessible(page, 'presets with a lost schedules file');
  page.once('dialog', (confirm) => void confirm.accept());
  await problem.getByRole('button', { name: 'Remove this job' }).click();
  await expect(problem.getByRole('button', { name: 'Remove this job' })).toBeHidden();
  // The damaged file is left as it is for the user to fix, and still said to be so.
  const after = await services.schedules.overview();
  expect(after).toMatchObject({ schedules: [], unlisted: [] });
  expect(after.problem).toContain('schedules.json could not be read');
});
