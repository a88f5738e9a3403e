/**
 * Maintenance plans in the window: a Command Manager script's import preview (steps with their
 * lines, statements not imported with their reasons, the ignored password), editing the plan's
 * steps, and running it step by step against the cluster simulator; screenshots and axe scans.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type LibrarySimulator } from '../simulator/server.ts';
import { addAndConnect, expandAllRuns, expectAccessible, shoot } from './app-helpers.ts';
import { expect, test } from './fixtures.ts';

let sim: LibrarySimulator;

test.beforeEach(async () => {
  sim = await startSimulator({ projects: 3, cluster: { contentCachesPerNode: 60, cubeCachesPerNode: 4 } });
});

test.afterEach(async () => {
  await sim.close();
});

function script(): string {
  const [p0, p1] = sim.projects;
  return [
    '// after the nightly load',
    'CONNECT SERVER "bi01" USER "administrator" PASSWORD "n0t-for-the-app";',
    `PURGE ELEMENT CACHING IN PROJECT "${p0?.name}";`,
    `INVALIDATE ALL REPORT CACHES WHTABLE "LU_CUSTOMER" IN PROJECT "${p0?.name}";`,
    'LIST ALL PROJECTS;',
    `DELETE ALL INVALID REPORT CACHES FROM PROJECTS "${p0?.name}", "${p1?.name}";`,
    `INVALIDATE REPORT CACHES DBLOGIN "42" IN PROJECT "${p0?.name}";`,
    '',
  ].join('\n');
}

test('import a Command Manager script, edit the plan, run it step by step', async ({ page, mainProcess }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await mainProcess.open(page);
  await addAndConnect(page, sim, { name: 'Test EU', tier: 'test' });
  const file = join(mkdtempSync(join(tmpdir(), 'mstr-scripts-')), 'nightly.scp');
  writeFileSync(file, script());

  await page.getByRole('tab', { name: 'Presets' }).click();
  await page.getByRole('button', { name: 'Import Command Manager script…' }).click();
  const dialog = page.getByRole('dialog');
  mainProcess.dialogs.nextOpen = file;
  await dialog.getByRole('button', { name: 'Choose a script (.scp)…' }).click();
  await expect(dialog.getByRole('heading', { name: '3 steps from 3 statements' })).toBeVisible();
  await expect(dialog.getByTestId('import-steps')).toContainText(
    'invalidate report content caches that used LU_CUSTOMER',
  );
  await expect(dialog.getByText(/holds a password .* ignored and is stored nowhere/)).toBeVisible();
  const notImported = dialog.getByRole('table', { name: 'Statements not imported' });
  await expect(notImported.getByRole('row')).toHaveCount(4);
  await expect(notImported).toContainText('DBLOGIN filter has no equivalent');
  await expect(notImported).not.toContainText('n0t-for-the-app');
  await expect(dialog.getByLabel('Preset name')).toHaveValue('nightly');
  await expect(dialog.getByLabel('Test EU (test)')).toBeChecked();
  await shoot(page, '24-script-import-preview');
  await expectAccessible(page, 'script import preview');
  await dialog.getByRole('button', { name: 'Save as preset' }).click();
  await expect(dialog).toBeHidden();
  const steps = page.getByRole('list', { name: 'Steps of nightly' }).getByRole('listitem');
  await expect(steps).toHaveCount(3);

  await page.getByRole('button', { name: 'Edit steps…' }).click();
  await dialog.getByRole('button', { name: 'Move step 3 up' }).click();
  await dialog.getByRole('button', { name: 'Duplicate step 1' }).click();
  await dialog.getByRole('button', { name: 'Remove step 2' }).click();
  await dialog.getByLabel('Kind').selectOption('cube');
  await dialog.getByLabel('Action').selectOption('unload');
  await dialog.getByLabel('State').selectOption('loaded');
  await dialog.getByRole('button', { name: 'Add step' }).click();
  await expect(dialog.getByTestId('plan-editor-steps').getByRole('listitem')).toHaveCount(4);
  await shoot(page, '25-plan-editor');
  await expectAccessible(page, 'plan editor');
  await dialog.getByRole('button', { name: 'Save plan' }).click();
  await expect(dialog).toBeHidden();
  await expect(steps).toHaveText([
    /^purge element caches/,
    /^delete invalid report content caches/,
    /^invalidate report content caches/,
    /^unload loaded cube caches in all loaded projects/,
  ]);
  await shoot(page, '26-plans');
  await expectAccessible(page, 'plans');

  await page.getByRole('button', { name: 'Run…' }).click();
  await expect(dialog.getByTestId('plan-steps').getByTestId('plan-preview-step')).toHaveCount(4);
  await dialog.getByRole('button', { name: 'Run 4 steps' }).click();
  await expect(dialog.getByTestId('plan-result')).toContainText('4 of 4 steps succeeded', { timeout: 20_000 });
  await shoot(page, '27-plan-results');
  await expectAccessible(page, 'plan results');
  const order = sim.calls
    .filter((call) => call.method === 'DELETE' || call.method === 'PATCH')
    .map((call) =>
      call.method === 'DELETE'
        ? 'purge'
        : call.path.includes('/cubes/')
          ? 'cube'
          : ((JSON.parse(call.body) as { operationList: { op: string }[] }).operationList[0]?.op ?? ''),
    );
  expect([...new Set(order)]).toEqual(['purge', 'remove', 'replace', 'cube']);
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();
  await page.getByRole('tab', { name: 'History' }).click();
  await expandAllRuns(page);
  const runs = page.getByRole('region', { name: 'Runs', exact: true });
  await expect(runs).toContainText('unload cube cache');
  // Each outcome in the words of its action: a cube unload is not a "purge requested".
  await expect(runs.getByRole('row', { name: /unload cube cache/ }).first()).toContainText('unload requested');
});
