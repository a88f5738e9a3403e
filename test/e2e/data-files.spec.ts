/**
 * Data files an admin broke by hand, as the window shows them: the environments that can be read
 * are there, and a notice names each file, entry and field at fault, until the files are fixed.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectAccessible } from './app-helpers.ts';
import { expect, test } from './fixtures.ts';

test('a bad profile and a presets file that is not JSON are named in a notice; the rest loads', async ({
  page,
  mainProcess,
}) => {
  const { services } = mainProcess;
  await services.profiles.create({ name: 'Alpha', url: 'https://a.example.com/MicroStrategyLibrary', tier: 'dev' });
  const profilesFile = join(services.dataFolder, 'profiles.json');
  const file = JSON.parse(readFileSync(profilesFile, 'utf8')) as { profiles: Record<string, unknown>[] };
  file.profiles.push({ ...file.profiles[0], id: '11111111-2222-3333-4444-555555555555', name: 'Broken', tier: 5 });
  writeFileSync(profilesFile, `\uFEFF${JSON.stringify(file)}`);
  const presetsFile = join(services.dataFolder, 'presets.json');
  writeFileSync(presetsFile, '{ "schemaVersion": 2, "presets": [');

  await mainProcess.open(page);
  await expect(page.getByRole('button', { name: /Alpha/ }).first()).toBeVisible();
  const notice = page.getByTestId('data-problems');
  await expect(notice).toContainText(`${profilesFile}, entry 2 ("Broken"), field tier`);
  await expect(notice).toContainText(`${presetsFile} cannot be read: it is not valid JSON (it ends too early)`);
  await expectAccessible(page, 'data file problems');

  rmSync(presetsFile);
  await notice.getByRole('button', { name: 'Check again' }).click();
  await expect(notice).not.toContainText('presets.json');
  await expect(notice).toContainText('"Broken"');
  expect(JSON.parse(readFileSync(profilesFile, 'utf8').slice(1)).profiles[1].tier).toBe(5);
});
