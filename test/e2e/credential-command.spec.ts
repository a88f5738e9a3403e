import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures.ts';

test('an imported credential command is shown, not run until confirmed in the editor, and kept when saving', async ({
  page,
  mainProcess,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await mainProcess.open(page);
  const file = join(mainProcess.services.dataFolder, 'colleague.json');
  writeFileSync(
    file,
    JSON.stringify({
      profiles: [
        {
          name: 'Vaulted',
          url: 'https://vaulted.example.com/MicroStrategyLibrary',
          tier: 'test',
          username: 'administrator',
          passwordCommand: ['pass', 'show', 'mstr/vaulted'],
        },
      ],
    }),
  );
  mainProcess.dialogs.nextOpen = file;
  await page.getByRole('button', { name: 'Import…' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByText('Vaulted came with a credential command: it is not run until you read')).toBeVisible();

  await page.getByRole('button', { name: 'Edit…' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByLabel(/Credential command/)).toHaveValue('pass show mstr/vaulted');
  await expect(dialog.getByRole('note')).toContainText('It is not run until you confirm it on this computer.');
  const { profiles } = await mainProcess.services.profiles.list();
  const imported = profiles.find((profile) => profile.name === 'Vaulted');
  expect(
    imported && (await mainProcess.services.commandTrust.isConfirmed(imported, ['pass', 'show', 'mstr/vaulted'])),
  ).toBe(false);

  await dialog.getByLabel('I have read this command; run it on this computer when a password is needed').check();
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(dialog).toBeHidden();
  const saved = (await mainProcess.services.profiles.list()).profiles.find((profile) => profile.name === 'Vaulted');
  expect(saved?.passwordCommand).toEqual(['pass', 'show', 'mstr/vaulted']);
  expect(saved && (await mainProcess.services.commandTrust.isConfirmed(saved, ['pass', 'show', 'mstr/vaulted']))).toBe(
    true,
  );
});
