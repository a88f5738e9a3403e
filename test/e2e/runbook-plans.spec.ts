/**
 * The after-load steps in the window: a plan built in the plan editor (republish cubes, trigger an
 * event, send subscriptions; a step changed in place, a step with a missing name refused) and run
 * against the simulator, each step waiting for the one before; the nightly script imported and run
 * with per-step and per-cube results and history; subscriptions sent from the Cubes view on production;
 * a republish's cubes at a time and timeout set in its dialog; a cancel while jobs run.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { startSimulator, type LibrarySimulator } from '../simulator/server.ts';
import { addAndConnect, expandAllRuns, expectAccessible, shoot } from './app-helpers.ts';
import { expect, test } from './fixtures.ts';

let sim: LibrarySimulator;

test.beforeEach(async () => {
  sim = await startSimulator({ projects: 2 });
});

test.afterEach(async () => {
  await sim.close();
});

const project = (): string => sim.projects[0]?.name as string;

/** The event went out only once every publish job had ended, and the sends after it. */
function expectStepsInOrder(kinds: string[]): void {
  const performed = sim.runbook.performed;
  expect(performed.map((call) => call.kind)).toEqual(kinds);
  const trigger = performed.find((call) => call.kind === 'trigger');
  const lastJobEnd = Math.max(...[...sim.runbook.jobs.values()].map((job) => job.endsAt));
  expect(trigger?.at).toBeGreaterThanOrEqual(lastJobEnd);
}

async function addRunbookStep(dialog: Locator, kind: string, fields: Record<string, string>): Promise<void> {
  await dialog.getByLabel('Kind').selectOption({ label: kind });
  for (const [label, value] of Object.entries(fields)) await dialog.getByLabel(label, { exact: true }).fill(value);
  await dialog.getByRole('button', { name: 'Add step' }).click();
}

/** A step's own line in the plan's results (not the lines nested in it). */
function stepResult(run: Locator, description: string): Locator {
  return run.getByTestId('plan-results').locator(':scope > li').filter({ hasText: description });
}

async function runPlan(page: Page, steps: number): Promise<Locator> {
  const dialog = page.getByRole('dialog');
  await page.getByRole('button', { name: 'Run…' }).click();
  await dialog.getByRole('button', { name: `Run ${steps} steps` }).click();
  await expect(dialog.getByTestId('plan-result')).toBeVisible({ timeout: 30_000 });
  return dialog;
}

test('a plan of after-load steps built in the plan editor runs each step to its end before the next', async ({
  page,
  mainProcess,
}) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await mainProcess.open(page);
  await addAndConnect(page, sim, { name: 'Test EU', tier: 'test' });
  await page.getByRole('tab', { name: 'Presets' }).click();
  await page.getByRole('button', { name: 'New preset…' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Test EU').check();
  await dialog.getByLabel(/Preset name/).fill('After load');
  await dialog.getByRole('button', { name: 'Save preset', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'After load' })).toBeVisible();

  await page.getByRole('button', { name: 'Edit steps…' }).click();
  await dialog.getByRole('button', { name: 'Remove step 1' }).click();
  // A republish with no cube is refused in the editor, with what is missing.
  await addRunbookStep(dialog, 'Republish Intelligent Cubes', { Project: project() });
  await expect(dialog.getByRole('alert')).toContainText('Name at least one cube.');
  await addRunbookStep(dialog, 'Republish Intelligent Cubes', {
    'Cube names (one per line)': 'Sales Cube\nRevenue Cube',
    'Cubes at a time': '1',
  });
  await addRunbookStep(dialog, 'Trigger an event', { 'Event name': 'Finance_Ready' });
  await addRunbookStep(dialog, 'Send subscriptions', {
    Project: project(),
    'Subscription names (one per line)': 'Daily Sales\nWeekly KPIs',
  });
  const editorSteps = dialog.getByTestId('plan-editor-steps').getByRole('listitem');
  await expect(editorSteps).toHaveCount(3);

  // The event step changed in place: its fields come back in the form, the step keeps its position.
  await dialog.getByRole('button', { name: 'Change step 2' }).click();
  await expect(dialog.getByLabel('Kind')).toBeFocused();
  await expect(dialog.getByLabel('Event name')).toHaveValue('Finance_Ready');
  await dialog.getByLabel('Event name').fill('Sales_Ready');
  await dialog.getByRole('button', { name: 'Update step 2' }).click();
  await expect(editorSteps).toHaveText([
    new RegExp(`^republish cubes "Sales Cube", "Revenue Cube" in "${project()}"`),
    /^trigger event "Sales_Ready"/,
    new RegExp(`^send subscriptions "Daily Sales", "Weekly KPIs" in "${project()}"`),
  ]);
  await shoot(page, '40-plan-editor-after-load-steps');
  await expectAccessible(page, 'plan editor with after-load steps');
  await dialog.getByRole('button', { name: 'Save plan' }).click();
  await expect(dialog).toBeHidden();
  const saved = await mainProcess.services.presets.get('After load');
  expect(saved.steps).toEqual([
    { kind: 'republish', project: project(), cubes: ['Sales Cube', 'Revenue Cube'], concurrency: 1 },
    { kind: 'event', event: 'Sales_Ready' },
    { kind: 'subscriptions', project: project(), subscriptions: ['Daily Sales', 'Weekly KPIs'] },
  ]);

  const run = await runPlan(page, 3);
  await expect(run.getByTestId('plan-result')).toContainText('3 of 3 steps succeeded');
  const republished = stepResult(run, 'republish cubes');
  await expect(republished).toContainText('Sales Cube: succeeded');
  await expect(republished).toContainText('Revenue Cube: succeeded');
  await expect(stepResult(run, 'trigger event')).toContainText('Sales_Ready: succeeded');
  const sent = stepResult(run, 'send subscriptions');
  await expect(sent).toContainText('Daily Sales: succeeded');
  await expect(sent).toContainText('Weekly KPIs: succeeded');
  expectStepsInOrder(['publish', 'publish', 'trigger', 'send', 'send']);
  // One cube at a time, as the step says: the second publish went out after the first job ended.
  const [first, second] = sim.runbook.performed;
  const firstJob = [...sim.runbook.jobs.values()][0];
  expect(second?.at).toBeGreaterThanOrEqual(firstJob?.endsAt ?? Infinity);
  expect(first?.kind).toBe('publish');
});

test('the nightly script imported and run from the window: per step and per cube, honest, in the history', async ({
  page,
  mainProcess,
}) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await mainProcess.open(page);
  await addAndConnect(page, sim, { name: 'Test EU', tier: 'test' });
  const file = join(mkdtempSync(join(tmpdir(), 'mstr-scripts-')), 'nightly.scp');
  writeFileSync(
    file,
    [
      `PURGE ELEMENT CACHING IN PROJECT "${project()}";`,
      `PUBLISH INTELLIGENT CUBE "Sales Cube" IN FOLDER "\\Public Objects\\Reports" FOR PROJECT "${project()}";`,
      `PUBLISH INTELLIGENT CUBE "Broken Cube" FOR PROJECT "${project()}";`,
      'TRIGGER EVENT "Sales_Ready";',
      '',
    ].join('\n'),
  );
  await page.getByRole('tab', { name: 'Presets' }).click();
  await page.getByRole('button', { name: 'Import Command Manager script…' }).click();
  const dialog = page.getByRole('dialog');
  mainProcess.dialogs.nextOpen = file;
  await dialog.getByRole('button', { name: 'Choose a script (.scp)…' }).click();
  await expect(dialog.getByTestId('import-steps')).toContainText('republish cube "Broken Cube"');
  await expect(dialog.getByTestId('import-steps')).toContainText('trigger event "Sales_Ready"');
  await dialog.getByRole('button', { name: 'Save as preset' }).click();
  await expect(dialog).toBeHidden();

  const run = await runPlan(page, 4);
  await expect(run.getByTestId('plan-result')).toContainText('3 of 4 steps succeeded');
  await expect(stepResult(run, 'purge element caches')).toContainText(/^done/);
  await expect(stepResult(run, 'republish cube "Sales Cube"')).toContainText('Sales Cube: succeeded');
  const broken = stepResult(run, 'republish cube "Broken Cube"');
  await expect(broken).toContainText(/^failed/);
  await expect(broken).toContainText('Broken Cube: failed');
  await expect(broken).toContainText('WH_SALES_FACT');
  await expect(stepResult(run, 'trigger event')).toContainText('Sales_Ready: succeeded');
  expectStepsInOrder(['publish', 'publish', 'trigger']);
  await shoot(page, '41-nightly-script-results');
  await run.getByRole('button', { name: 'Close', exact: true }).click();

  await page.getByRole('tab', { name: 'History' }).click();
  await expandAllRuns(page);
  const runs = page.getByRole('region', { name: 'Runs', exact: true });
  await expect(runs.getByRole('row', { name: /Broken Cube/ }).first()).toContainText('failed');
  await expect(runs.getByRole('row', { name: /Sales Cube/ }).first()).toBeVisible();
  await expect(runs.getByRole('row', { name: /Sales_Ready/ }).first()).toBeVisible();
  const lines = (await mainProcess.services.history.list()).filter((line) => line.action !== undefined);
  expect(lines.map((line) => [line.step?.split(' ')[0], line.action, line.cacheName, line.outcome])).toEqual(
    expect.arrayContaining([
      ['2/4', 'republish', 'Sales Cube', 'succeeded'],
      ['3/4', 'republish', 'Broken Cube', 'failed'],
      ['4/4', 'trigger', 'Sales_Ready', 'succeeded'],
    ]),
  );
});

test('subscriptions sent from the Cubes view on production, with the name typed', async ({ page, mainProcess }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await mainProcess.open(page);
  await addAndConnect(page, sim, { name: 'Prod EU', tier: 'prod' });
  await page.getByRole('tab', { name: 'Cubes' }).click();
  await expect(page.getByTestId('cubes-table')).toContainText('Sales Cube');
  await page.getByRole('button', { name: 'Send subscriptions…' }).click();
  const dialog = page.getByRole('dialog');
  const plan = dialog.getByTestId('runbook-plan');
  // Each with its delivery, owner and what runs it; the simulator, like some servers, gives no last run.
  await expect(plan.getByLabel(/Daily Sales/)).toBeVisible();
  await expect(plan).toContainText('Daily Sales · email · Administrator · runs on Sales_Ready · last run not given');
  await plan.getByLabel(/Daily Sales/).check();
  await plan.getByLabel(/Weekly KPIs/).check();
  const send = dialog.getByRole('button', { name: 'Send subscriptions' });
  await expect(send).toBeDisabled();
  await dialog.getByRole('textbox').fill('Prod EU');
  expect(sim.runbook.performed).toHaveLength(0);
  await expectAccessible(page, 'send subscriptions');
  await send.click();
  await expect(dialog.getByTestId('runbook-result')).toContainText('2 succeeded, 0 failed');
  await expect(dialog.getByTestId('runbook-items')).toContainText('Weekly KPIs');
  expect(sim.runbook.performed.map((call) => call.kind)).toEqual(['send', 'send']);
  const lines = (await mainProcess.services.history.list()).filter((line) => line.action === 'send');
  expect(lines.map((line) => [line.cacheName, line.outcome]).sort()).toEqual([
    ['Daily Sales', 'succeeded'],
    ['Weekly KPIs', 'succeeded'],
  ]);
});

test('a republish from the Cubes view takes its cubes at a time and its timeout from the dialog', async ({
  page,
  mainProcess,
}) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await mainProcess.open(page);
  await addAndConnect(page, sim, { name: 'Test EU', tier: 'test' });
  await page.getByRole('tab', { name: 'Cubes' }).click();
  await page.getByLabel('Choose Sales Cube').check();
  await page.getByLabel('Choose Lost Cube').check();
  await page.getByRole('button', { name: 'Republish…' }).click();
  const dialog = page.getByRole('dialog');
  const send = dialog.getByRole('button', { name: 'Republish cubes' });
  await dialog.getByLabel('Cubes at a time').fill('0');
  await expect(dialog.getByRole('alert')).toContainText('Cubes at a time is 1 to 16');
  await expect(send).toBeDisabled();
  await dialog.getByLabel('Cubes at a time').fill('1');
  await dialog.getByLabel('Timeout per cube (minutes)').fill('0.02');
  await expect(dialog).toContainText('1 run at a time');
  await expect(dialog).toContainText('after 0.02 minutes without either its outcome is unknown');
  await shoot(page, '42-republish-settings');
  await expectAccessible(page, 'republish settings');
  await send.click();
  await expect(dialog.getByTestId('runbook-result')).toContainText('1 succeeded, 0 failed, 1 outcome unknown', {
    timeout: 20_000,
  });
  // The job that left the monitor after failing is "unknown" at the 1 s timeout, saying what was seen.
  await expect(dialog.getByTestId('runbook-items').getByRole('row', { name: /Lost Cube/ })).toContainText(
    /No confirmation within 1 s: job \S+ left the monitor/,
  );
  // One at a time: the second publish went out only after the first had ended.
  const publishes = sim.runbook.performed.filter((call) => call.kind === 'publish');
  const firstJob = [...sim.runbook.jobs.values()][0];
  expect(publishes).toHaveLength(2);
  expect(publishes[1]?.at).toBeGreaterThanOrEqual(firstJob?.endsAt ?? Infinity);
});

test('cancel during a republish in the window: nothing more starts, the running jobs are said to go on', async ({
  page,
  mainProcess,
}) => {
  // Jobs that outlast the test: the cancel lands while both are running, never by timing.
  for (const cube of sim.runbook.cubes) cube.jobMs = 600_000;
  await page.setViewportSize({ width: 1400, height: 900 });
  await mainProcess.open(page);
  await addAndConnect(page, sim, { name: 'Test EU', tier: 'test' });
  await page.getByRole('tab', { name: 'Cubes' }).click();
  for (const name of ['Sales Cube', 'Revenue Cube', 'Inventory Super Cube'])
    await page.getByLabel(`Choose ${name}`).check();
  await page.getByRole('button', { name: 'Republish…' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Republish cubes' }).click();
  const items = dialog.getByTestId('runbook-items');
  await expect(items.getByRole('row', { name: /running/ })).toHaveCount(2);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog.getByTestId('runbook-result')).toContainText(
    '0 succeeded, 0 failed, 0 outcome unknown, 3 cancelled.',
  );
  await expect(items.getByRole('row', { name: /already running and goes on on the server/ })).toHaveCount(2);
  await expect(items.getByRole('row', { name: /Cancelled before it was sent/ })).toHaveCount(1);
  expect(sim.runbook.performed.filter((call) => call.kind === 'publish')).toHaveLength(2);
  const lines = (await mainProcess.services.history.list()).filter((line) => line.action === 'republish');
  expect(lines.map((line) => line.outcome)).toEqual(['cancelled', 'cancelled', 'cancelled']);
});
