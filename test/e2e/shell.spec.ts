import { createHandlers } from '../../src/main/ipc/handlers.ts';
import { expect, openApp, test } from './fixtures.ts';

test('the built renderer loads and talks to main through window.api', async ({ page, rendererUrl }) => {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  const handlers = createHandlers({
    appInfo: () => ({
      name: 'MSTR Cache Console',
      version: '9.8.7',
      electron: '',
      chrome: '',
      node: process.versions.node,
      platform: 'linux',
    }),
  });
  await openApp(page, rendererUrl, handlers);
  await expect(page.getByRole('heading', { name: 'MSTR Cache Console' })).toBeVisible();
  await expect(page.getByTestId('app-version')).toHaveText('Version 9.8.7 on linux');
  expect(problems).toEqual([]);
});
