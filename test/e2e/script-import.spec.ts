/**
 * The window's Command Manager import with scripts that are not what they claim: passwords of any
 * statement shown as "***" in the preview, and a script that cannot be read whole (an unclosed
 * quoted name) or is not a file at all (/dev/zero) said with where it broke, with the preview of
 * the script chosen before taken away so nothing is left to save.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type LibrarySimulator } from '../simulator/server.ts';
import { addAndConnect } from './app-helpers.ts';
import { expect, test } from './fixtures.ts';

let sim: LibrarySimulator;

test.beforeEach(async () => {
  sim = await startSimulator({ projects: 2 });
});

test.afterEach(async () => {
  await sim.close();
});

test('a script that cannot be read whole leaves nothing to save; passwords are masked', async ({
  page,
  mainProcess,
}) => {
  await mainProcess.open(page);
  await addAndConnect(page, sim, { name: 'Test EU', tier: 'test' });
  const folder = mkdtempSync(join(tmpdir(), 'mstr-scripts-'));
  const good = join(folder, 'users.scp');
  writeFileSync(
    good,
    `ALTER USER "jsmith" PASSWORD "Alt3r-S3cret";\nPURGE OBJECT CACHING IN PROJECT "${sim.projects[0]?.name}";\n`,
  );
  const broken = join(folder, 'broken.scp');
  writeFileSync(broken, 'PURGE OBJECT CACHING IN ALL PROJECTS;\nDELETE REPORT CACHES USER "jsmith;\n');

  await page.getByRole('tab', { name: 'Presets' }).click();
  await page.getByRole('button', { name: 'Import Command Manager script…' }).click();
  const dialog = page.getByRole('dialog');
  mainProcess.dialogs.nextOpen = good;
  await dialog.getByRole('button', { name: 'Choose a script (.scp)…' }).click();
  await expect(dialog.getByRole('heading', { name: '1 step from 1 statement' })).toBeVisible();
  const notImported = dialog.getByRole('table', { name: 'Statements not imported' });
  await expect(notImported).toContainText('ALTER USER "jsmith" PASSWORD "***";');
  await expect(dialog).not.toContainText('Alt3r-S3cret');
  await expect(dialog.getByText(/holds a password .* ignored and is stored nowhere/)).toBeVisible();
  const save = dialog.getByRole('button', { name: 'Save as preset' });
  await expect(save).toBeEnabled();

  const choices: [string, RegExp][] = [[broken, /line 2, column 27 is never closed\. Nothing was imported\./]];
  if (process.platform !== 'win32') choices.push(['/dev/zero', /is a device, not a script file/]);
  for (const [path, message] of choices) {
    mainProcess.dialogs.nextOpen = path;
    await dialog.getByRole('button', { name: 'Choose another script…' }).click();
    const alert = dialog.getByRole('alert');
    await expect(alert).toContainText(message);
    await expect(alert).toContainText('FILE_ERROR');
    await expect(dialog.getByTestId('import-steps')).toHaveCount(0);
    await expect(save).toBeDisabled();
    // Choosing again starts from nothing: the button reads as a first choice.
    mainProcess.dialogs.nextOpen = good;
    await dialog.getByRole('button', { name: 'Choose a script (.scp)…' }).click();
    await expect(save).toBeEnabled();
  }
  expect((await mainProcess.services.presets.list()).presets).toEqual([]);
});
