import { expect, test } from './fixtures.ts';

test('the built renderer loads and talks to main through window.api', async ({ page, mainProcess }) => {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  await mainProcess.open(page);
  await expect(page.getByRole('heading', { name: 'MSTR Cache Console' })).toBeVisible();
  await expect(page.getByTestId('app-version')).toHaveText('Version 0.1.0-test on linux');
  expect(problems).toEqual([]);
});
