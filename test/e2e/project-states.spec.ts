/**
 * State per node on the Projects screen against a two-node simulator: a project loaded on one node
 * only is marked, the node filter narrows the columns, and a full idle on production (name typed,
 * the warning that users' sessions are blocked) followed by a resume brings every node back; a
 * resume where nothing is idle sends nothing and says so. A window script's import offers to mark
 * the resume "always run", the plan editor shows and sets the mark, and a run whose purge fails
 * and stops still resumes the project and says why.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type LibrarySimulator } from '../simulator/server.ts';
import { addAndConnect, expectAccessible, shoot } from './app-helpers.ts';
import { expect, test } from './fixtures.ts';

const A = 'iserver-a.example.internal';
const B = 'iserver-b.example.internal';
const simulators: LibrarySimulator[] = [];

test.afterEach(async () => {
  await Promise.all(simulators.splice(0).map((sim) => sim.close()));
});

test('state per node, and an idle/resume window on production', async ({ page, mainProcess }) => {
  const sim = await startSimulator({
    projects: 2,
    cluster: {
      nodes: [
        { name: A, projects: [0, 1] },
        { name: B, projects: [0] },
      ],
      contentCachesPerNode: 0,
      cubeCachesPerNode: 0,
    },
  });
  simulators.push(sim);
  mainProcess.services.projectStates.timing = { settleTimeoutMs: 5_000, pollIntervalMs: 50 };
  const [first, second] = sim.projects as { id: string; name: string }[];
  await page.setViewportSize({ width: 1400, height: 900 });
  await mainProcess.open(page);
  await addAndConnect(page, sim, { name: 'Prod EU', tier: 'prod' });
  await page.getByRole('button', { name: 'State per node' }).click();
  const table = page.getByRole('table', { name: 'State per node of Prod EU' });
  const secondRow = table.getByTestId('state-row').filter({ hasText: second?.name ?? '' });
  await expect(secondRow).toContainText('not the same on every node');
  await expect(secondRow).toContainText('unloaded');
  await page.getByLabel('Show the state on node').selectOption(B);
  await expect(table.locator('th')).toHaveText(['Project', B]);
  await page.getByLabel('Show the state on node').selectOption('');
  await shoot(page, '40-state-per-node');
  await expectAccessible(page, 'state per node');

  // A resume where nothing is idle: nothing to send, said so.
  await page.getByLabel('Project to change').selectOption(first?.id ?? '');
  await page.getByLabel('Project-state action').selectOption('resume');
  await page.getByRole('button', { name: 'Show what it would do…' }).click();
  const change = page.getByRole('region', { name: 'Project-state change' });
  await expect(change).toContainText(`${A}: not sent: already loaded`);
  await expect(change.getByRole('button', { name: 'Nothing to send' })).toBeDisabled();

  // A full idle on production: the warning, the name typed, then every node followed to its end.
  await page.getByLabel('Project-state action').selectOption('idle');
  await page.getByLabel('Idle mode').selectOption('full');
  await page.getByRole('button', { name: 'Show what it would do…' }).click();
  await expect(change).toContainText("blocks the users' sessions");
  const send = change.getByRole('button', { name: 'Send to 2 nodes' });
  await expect(send).toBeDisabled();
  await change.getByLabel('Environment name').fill('Prod EU');
  await shoot(page, '41-full-idle-confirmation');
  await send.click();
  const outcome = page.getByRole('list', { name: 'Project-state outcome' });
  await expect(outcome).toContainText(`${A}: succeeded, now fully idle`);
  await expect(outcome).toContainText(`${B}: succeeded, now fully idle`);
  await expect(table.getByTestId('state-row').filter({ hasText: first?.name ?? '' })).toContainText('fully idle');

  await page.getByLabel('Project-state action').selectOption('resume');
  await page.getByRole('button', { name: 'Show what it would do…' }).click();
  await change.getByLabel('Environment name').fill('Prod EU');
  await change.getByRole('button', { name: 'Send to 2 nodes' }).click();
  await expect(outcome).toContainText(`${B}: succeeded, now loaded`);
  expect(sim.projectStates.changes.map((entry) => entry.status)).toEqual([
    'full_idle',
    'full_idle',
    'loaded',
    'loaded',
  ]);
  await expectAccessible(page, 'project-state outcome');
});

test('a window script: the import offers "always run" for the resume, the editor shows and sets it, the run says so', async ({
  page,
  mainProcess,
}) => {
  const sim = await startSimulator({
    projects: 1,
    cluster: { nodes: [{ name: A }, { name: B }], contentCachesPerNode: 0, cubeCachesPerNode: 0 },
  });
  simulators.push(sim);
  mainProcess.services.projectStates.timing = { settleTimeoutMs: 5_000, pollIntervalMs: 50 };
  const project = sim.projects[0] as { id: string; name: string };
  const file = join(mkdtempSync(join(tmpdir(), 'mstr-scripts-')), 'window.scp');
  writeFileSync(
    file,
    `IDLE PROJECT "${project.name}" MODE REQUEST;\nPURGE OBJECT CACHING IN PROJECT "${project.name}";\nRESUME PROJECT "${project.name}";\n`,
  );
  await page.setViewportSize({ width: 1400, height: 900 });
  await mainProcess.open(page);
  await addAndConnect(page, sim, { name: 'Test EU', tier: 'test' });
  await page.getByRole('tab', { name: 'Presets' }).click();
  await page.getByRole('button', { name: 'Import Command Manager script…' }).click();
  const dialog = page.getByRole('dialog');
  mainProcess.dialogs.nextOpen = file;
  await dialog.getByRole('button', { name: 'Choose a script (.scp)…' }).click();
  const offer = dialog.getByLabel(/mark the resume "always run"/);
  await expect(offer).toBeChecked();
  await dialog.getByRole('button', { name: 'Save as preset' }).click();
  await expect(dialog).toBeHidden();

  await page.getByRole('button', { name: 'Edit steps…' }).click();
  await expect(dialog.getByLabel('Always run step 3')).toBeChecked();
  await expect(dialog.getByLabel('Always run step 1')).not.toBeChecked();
  await dialog.getByLabel('Always run step 1').check();
  await dialog.getByLabel('Always run step 1').uncheck();
  await dialog.getByRole('button', { name: 'Save plan' }).click();
  await expect(dialog).toBeHidden();
  const saved = (await mainProcess.services.presets.list()).presets[0];
  expect(saved?.steps.map((step) => step.alwaysRun === true)).toEqual([false, false, true]);

  sim.inject({ kind: 'status', status: 500, times: 100, match: /^DELETE .*\/caches\/object$/ });
  await page.getByRole('button', { name: 'Run…' }).click();
  await dialog.getByLabel('Stop at the first step that fails').check();
  await dialog.getByRole('button', { name: 'Run 3 steps' }).click();
  const results = dialog.getByTestId('plan-results');
  await expect(results).toContainText('ran because it is marked "always run"', { timeout: 30_000 });
  await expect(results).toContainText(`"${project.name}" on ${B}: succeeded (now loaded)`);
  await shoot(page, '42-window-plan-always-run');
  expect(sim.projectStates.changes.map((change) => change.status)).toEqual([
    'request_idle',
    'request_idle',
    'loaded',
    'loaded',
  ]);
});
