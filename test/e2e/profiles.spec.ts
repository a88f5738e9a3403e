import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_LIBRARY_URL, DEMO_PORT } from '../../src/shared/demo.ts';
import { startSimulator } from '../simulator/server.ts';
import { expectAccessible, fillEnvironment, shoot } from './app-helpers.ts';
import { expect, test } from './fixtures.ts';

test('import with a choice per conflict, export, duplicate and delete environments', async ({ page, mainProcess }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await mainProcess.open(page);
  await page.getByRole('button', { name: 'Add an environment' }).click();
  await fillEnvironment(page, { name: 'Dev', url: 'https://dev.example.com/MicroStrategyLibrary' });
  await page.getByRole('dialog').getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await fillEnvironment(page, { name: 'Test', url: 'https://test.example.com/MicroStrategyLibrary' });
  await page.getByRole('dialog').getByRole('button', { name: 'Save', exact: true }).click();

  const file = join(mainProcess.services.dataFolder, 'colleague.json');
  writeFileSync(
    file,
    JSON.stringify({
      profiles: [
        { name: 'Dev', url: 'https://dev2.example.com/MicroStrategyLibrary', tier: 'dev' },
        { name: 'Test', url: 'https://test2.example.com/MicroStrategyLibrary', tier: 'test' },
        { name: 'Prod', url: 'https://prod.example.com/MicroStrategyLibrary', tier: 'prod' },
        { name: 'Broken', url: 'ftp://nowhere', tier: 'dev' },
      ],
    }),
  );
  mainProcess.dialogs.nextOpen = file;
  await page.getByRole('button', { name: 'Import…' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('holds 3 environments');
  await expect(dialog.getByRole('note')).toContainText('#4 Broken: Only http and https');
  await dialog.getByRole('combobox', { name: /“Dev” exists already/ }).selectOption('replace');
  await dialog.getByRole('combobox', { name: /“Test” exists already/ }).selectOption('skip');
  await shoot(page, '16-import');
  await expectAccessible(page, 'import');
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByText(`Imported 2 environments from ${file}, 1 skipped, 1 rejected.`)).toBeVisible();
  const { profiles } = await mainProcess.services.profiles.list();
  expect(profiles.map((profile) => [profile.name, profile.url])).toEqual([
    ['Dev', 'https://dev2.example.com/MicroStrategyLibrary'],
    ['Test', 'https://test.example.com/MicroStrategyLibrary'],
    ['Prod', 'https://prod.example.com/MicroStrategyLibrary'],
  ]);

  const exported = join(mainProcess.services.dataFolder, 'out.json');
  mainProcess.dialogs.nextSave = exported;
  await page.getByRole('button', { name: 'Export…' }).click();
  await page.getByRole('dialog').getByLabel('Test').uncheck();
  await page.getByRole('dialog').getByRole('button', { name: 'Export 2…' }).click();
  await expect(page.getByText(`Exported 2 environments to ${exported} (no passwords).`)).toBeVisible();
  const file2 = JSON.parse(readFileSync(exported, 'utf8')) as { profiles: { name: string }[] };
  expect(file2.profiles.map((profile) => profile.name)).toEqual(['Dev', 'Prod']);

  await page.getByRole('button', { name: /^Prod/ }).click();
  await page.getByRole('button', { name: 'Duplicate' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Prod (copy)' })).toBeVisible();
  page.once('dialog', (confirm) => void confirm.accept());
  await page.getByRole('button', { name: 'Delete…' }).click();
  await expect(page.getByRole('navigation', { name: 'Environments' }).getByRole('listitem')).toHaveCount(3);
});

test('the first-run screen opens the demo environment when the simulator runs, and says how to start it otherwise', async ({
  page,
  mainProcess,
}) => {
  await mainProcess.open(page);
  await page.getByRole('button', { name: 'Open the demo environment' }).click();
  await expect(page.getByText('No demo server answers on this computer')).toBeVisible();
  await expect(page.getByText(/npm run/)).toHaveCount(0);
  const sim = await startSimulator({ port: DEMO_PORT }).catch((error: NodeJS.ErrnoException) => {
    test.skip(error.code === 'EADDRINUSE', `Skipped: port ${DEMO_PORT} is taken on this machine.`);
    throw error;
  });
  try {
    await page.getByRole('button', { name: 'Open the demo environment' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Demo (simulator)' })).toBeVisible();
    expect((await mainProcess.services.profiles.list()).profiles[0]).toMatchObject({
      url: DEMO_LIBRARY_URL,
      tier: 'test',
      username: 'administrator',
    });
  } finally {
    await sim.close();
  }
});
