import { expect, test } from './fixtures.ts';

test('the built renderer talks to main only through window.api, without errors', async ({ page, mainProcess }) => {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  await mainProcess.open(page);
  await expect(page.getByRole('heading', { name: 'Welcome to MSTR Cache Console' })).toBeVisible();
  expect(await page.evaluate(() => Object.keys((window as unknown as { api: object }).api).sort())).toEqual([
    'app',
    'caches',
    'history',
    'keychain',
    'on',
    'overview',
    'plans',
    'presets',
    'profiles',
    'projectState',
    'projects',
    'purge',
    'runbook',
    'runs',
    'schedules',
    'server',
    'sessions',
  ]);
  await page.getByRole('tab', { name: 'Settings & About' }).click();
  await expect(page.getByText('MSTR Cache Console 0.1.0-test')).toBeVisible();
  const refused = await page.evaluate(() =>
    (window as unknown as { __mainInvoke: (c: string, r: unknown) => Promise<unknown> }).__mainInvoke(
      'profiles:delete',
      { id: '../../etc' },
    ),
  );
  expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  expect(problems).toEqual([]);
});
