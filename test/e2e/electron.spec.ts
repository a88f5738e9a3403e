/**
 * The real Electron app, launched by Playwright: runs wherever the Electron binary is installed
 * (it cannot be downloaded on every build machine) and says so when it is skipped.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron } from '@playwright/test';
import { electronBinaryPath, ELECTRON_MISSING } from '../../scripts/electron-binary.mjs';
import { expect, test } from './fixtures.ts';

const binary = electronBinaryPath();

test('the Electron app starts, shows the environments and quits', async () => {
  test.skip(binary === null, `Skipped: ${ELECTRON_MISSING}`);
  const app = await electron.launch({
    executablePath: binary ?? undefined,
    args: ['.', '--no-sandbox'],
    env: {
      ...process.env,
      MSTR_CACHE_HOME: mkdtempSync(join(tmpdir(), 'mstr-electron-')),
      MSTR_CACHE_KEYCHAIN_SERVICE: 'MSTR Cache Console electron test',
    },
  });
  const window = await app.firstWindow();
  await expect(window.getByRole('navigation', { name: 'Environments' })).toBeVisible();
  await expect(window.getByRole('heading', { name: 'Welcome to MSTR Cache Console' })).toBeVisible();
  expect(await window.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined');
  await app.close();
});
