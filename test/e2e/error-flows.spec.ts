import { startSimulator, type LibrarySimulator } from '../simulator/server.ts';
import {
  addAndConnect,
  expectFocusKept,
  expectAccessible,
  fillEnvironment,
  shoot,
  overviewThenProjects,
} from './app-helpers.ts';
import { expect, test } from './fixtures.ts';

const simulators: LibrarySimulator[] = [];
async function simulator(options: Parameters<typeof startSimulator>[0] = {}): Promise<LibrarySimulator> {
  const started = await startSimulator(options);
  simulators.push(started);
  return started;
}

test.afterEach(async () => {
  await Promise.all(simulators.splice(0).map((sim) => sim.close()));
});

test.beforeEach(async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
});

test('a wrong password is shown in the connect prompt with its ticketId', async ({ page, mainProcess }) => {
  const sim = await simulator();
  await mainProcess.open(page);
  await page.getByRole('button', { name: 'Add an environment' }).click();
  await fillEnvironment(page, { name: 'Dev', url: sim.url });
  await page.getByRole('dialog').getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByRole('button', { name: 'Connect…' }).first().click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Password').fill('wrong');
  await dialog.getByRole('button', { name: 'Connect', exact: true }).click();
  const alert = dialog.getByRole('alert');
  await expect(alert).toContainText('Login failed.');
  await expect(alert).toContainText('BAD_CREDENTIALS');
  await expect(alert.locator('.ticket')).toHaveText(/^[0-9a-f]{32}$/);
  await expect(alert).not.toContainText('wrong');
  await shoot(page, '11-wrong-password');
  await expectAccessible(page, 'wrong password');
  await dialog.getByLabel('Password').fill('admin-pass');
  await dialog.getByRole('button', { name: 'Connect', exact: true }).click();
  await overviewThenProjects(page, 'Dev');
  await expect(page.getByText('connected as Administrator')).toBeVisible();
});

test('an untrusted certificate says to add the CA file and shows its fingerprint', async ({ page, mainProcess }) => {
  const sim = await simulator({ https: true });
  await mainProcess.open(page);
  await page.getByRole('button', { name: 'Add an environment' }).click();
  await fillEnvironment(page, { name: 'Corp', url: sim.url });
  await page.getByRole('button', { name: 'Test connection' }).click();
  const alert = page.getByRole('dialog').getByRole('alert');
  await expect(alert).toContainText("The server's certificate is not trusted.");
  await expect(alert).toContainText("Add the CA file in the profile's TLS settings.");
  await expect(alert).toContainText(/([0-9A-F]{2}:){31}[0-9A-F]{2}/);
  await shoot(page, '12-untrusted-certificate');
  await expectAccessible(page, 'untrusted certificate');

  mainProcess.dialogs.nextOpen = sim.caFile;
  await page.getByLabel('Also trust a CA file').check();
  await page.getByRole('button', { name: 'Choose…' }).click();
  await expect(page.getByLabel('CA file (PEM)')).toHaveValue(sim.caFile ?? '');
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByTestId('connection-test')).toContainText('REST cache purges supported');
  await page.getByLabel('Do not verify certificates').check();
  await expect(page.getByRole('note')).toContainText('Prefer adding the CA file');
});

test('a server that goes down: the offline copy with its age, and nothing sent', async ({ page, mainProcess }) => {
  const sim = await simulator({ projects: 8 });
  await mainProcess.open(page);
  await addAndConnect(page, sim, { name: 'QA' });
  await expect(page.getByText('8 of 8 shown')).toBeVisible();
  await sim.close();
  await page.getByRole('button', { name: 'Refresh', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Showing the copy from' })).toContainText(
    'the server could not be asked.',
  );
  await expect(page.getByRole('alert').first()).toContainText('The server cannot be reached.');
  await expect(page.getByText('8 of 8 shown')).toBeVisible();
  await shoot(page, '13-server-down');
  await expectAccessible(page, 'server down');
});

test('a session expiring mid-purge logs in again once and every purge succeeds', async ({ page, mainProcess }) => {
  const sim = await simulator({ projects: 6, latencyMs: 20 });
  await mainProcess.open(page);
  await addAndConnect(page, sim, { name: 'QA' });
  sim.inject({ kind: 'expire-session', match: /DELETE/ });
  await page.getByLabel('Select all visible projects').check();
  await page.getByRole('button', { name: 'Purge caches…' }).click();
  await page
    .getByRole('dialog')
    .getByRole('button', { name: /^Purge 12 cache/ })
    .click();
  await expect(page.getByTestId('purge-result')).toContainText('All 12 purge requests accepted.');
  expect(sim.callsTo(/auth\/login/)).toHaveLength(2);
  expect(sim.purges).toHaveLength(12);
});

test('a user without the Administer caches privilege: failures with ticketIds, then a retry', async ({
  page,
  mainProcess,
}) => {
  const sim = await simulator({ projects: 3 });
  await mainProcess.open(page);
  await addAndConnect(page, sim, { name: 'QA', user: 'viewer' }, 'viewer-pass');
  await page.getByLabel('Select all visible projects').check();
  await page.getByRole('button', { name: 'Purge caches…' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Object cache').check();
  await dialog.getByRole('button', { name: /^Purge 3 cache/ }).click();
  await expect(dialog.getByTestId('purge-result')).toContainText(
    '0 accepted, 3 failed, 0 outcome unknown, 0 cancelled.',
  );
  // Three identical failures are one message, with the three ticketIds.
  await expect(dialog.getByRole('alert')).toHaveCount(1);
  await expect(dialog.getByTestId('error-group')).toContainText('3 items:');
  await expect(dialog.getByRole('alert').first()).toContainText('The user lacks a privilege.');
  await expect(dialog.getByRole('alert').first().locator('.ticket')).toHaveText(/^[0-9a-f]{32}(, [0-9a-f]{32}){2}$/);
  await shoot(page, '14-missing-privilege');
  await expectAccessible(page, 'missing privilege');
  sim.users.find((user) => user.username === 'viewer')!.canAdministerCaches = true;
  await dialog.getByRole('button', { name: 'Retry 3 not purged' }).click();
  await expect(dialog.getByTestId('purge-result')).toContainText('All 3 purge requests accepted.');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await page.getByRole('tab', { name: 'History' }).click();
  await expect(page.getByText('1 run, 6 items')).toBeVisible();
});

test('a server too old for REST purges is named, and nothing is sent to it', async ({ page, mainProcess }) => {
  const sim = await simulator({ projects: 3, iServerVersion: '11.3.0700.0042' });
  await mainProcess.open(page);
  await addAndConnect(page, sim, { name: 'Legacy' });
  await expect(page.getByRole('note')).toContainText('too old for REST cache purges (needs 11.3.0800 or later)');
  await page.getByLabel('Select all visible projects').check();
  await page.getByRole('button', { name: 'Purge caches…' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('purge-summary')).toContainText('nothing will be sent.');
  await expect(dialog.getByRole('alert')).toContainText('This server is too old for REST cache purges.');
  await expect(dialog.getByRole('button', { name: /^Purge 0 cache/ })).toBeDisabled();
  await shoot(page, '15-server-too-old');
  await expectAccessible(page, 'server too old');
  expect(sim.callsTo(/DELETE/)).toHaveLength(0);
});

test('a server that does not list unloaded projects shows the loaded ones and says so', async ({
  page,
  mainProcess,
}) => {
  // 11.1 has no GET /api/monitors/projects: only the loaded projects of GET /api/projects are known.
  const sim = await simulator({ projects: 3, unloadedProjects: [1], iServerVersion: '11.1.0400.0000' });
  await mainProcess.open(page);
  await addAndConnect(page, sim, { name: 'Eleven' });
  await expect(page.getByText('Only loaded projects are listed')).toBeVisible();
  await expect(page.getByRole('cell', { name: sim.projects[0]!.name, exact: true })).toBeVisible();
  await expect(page.getByRole('cell', { name: sim.projects[1]!.name, exact: true })).toHaveCount(0);
  expect(sim.callsTo(/monitors\/projects$/).map((call) => call.status)).toEqual([404]);
});

test('a remembered password connects without asking; one the server rejects is asked for again', async ({
  page,
  mainProcess,
}) => {
  const sim = await simulator({ projects: 2 });
  await mainProcess.open(page);
  await page.getByRole('button', { name: 'Add an environment' }).click();
  await fillEnvironment(page, { name: 'QA', url: sim.url });
  await page.getByRole('dialog').getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByRole('button', { name: 'Connect…' }).first().click();
  await page.getByRole('dialog').getByLabel('Password').fill('admin-pass');
  await page
    .getByRole('dialog')
    .getByLabel(/Remember in the/)
    .check();
  await page.getByRole('dialog').getByRole('button', { name: 'Connect', exact: true }).click();
  await overviewThenProjects(page, 'QA');
  await expect(page.getByText('connected as Administrator')).toBeVisible();
  await page.getByRole('button', { name: 'Disconnect' }).click();
  await expect(page.getByText('· not connected')).toBeVisible();
  await expectFocusKept(page, 'Disconnect');
  // The control a user wants next: Connect… took Disconnect's place, and has focus.
  await expect(page.getByRole('button', { name: 'Connect…' })).toBeFocused();

  await page.getByRole('button', { name: 'Connect…' }).first().click();
  await expect(page.getByText('connected as Administrator')).toBeVisible();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expectFocusKept(page, 'a reconnect');
  await expect(page.getByRole('button', { name: 'Disconnect' })).toBeFocused();

  await page.getByRole('button', { name: 'Disconnect' }).click();
  sim.users.find((user) => user.username === 'administrator')!.password = 'rotated';
  await page.getByRole('button', { name: 'Connect…' }).first().click();
  await expect(page.getByRole('dialog').getByRole('alert')).toContainText('Login failed.');
  expect(sim.callsTo(/auth\/login/).map((call) => call.status)).toEqual([204, 204, 401]);
  const [profile] = (await mainProcess.services.profiles.list()).profiles;
  expect(await mainProcess.services.secrets.get(profile!.id, 'password')).toBeNull();
});

test('5,000 projects list, filter and select in one go', async ({ page, mainProcess }) => {
  const sim = await simulator({ projects: 5000, unloadedProjects: [0, 1, 2] });
  await mainProcess.open(page);
  await addAndConnect(page, sim, { name: 'Big' });
  await expect(page.getByText('5000 of 5000 shown')).toBeVisible();
  expect(await page.locator('tbody tr').count()).toBeLessThan(80);
  await page.getByPlaceholder('Search name or id (Ctrl+F)').fill('sales analytics');
  await expect(page.getByText('100 of 5000 shown')).toBeVisible();
  await page.getByPlaceholder('Search name or id (Ctrl+F)').fill('');
  await page.getByLabel('Filter by status').selectOption('not-loaded');
  await expect(page.getByText('3 of 5000 shown')).toBeVisible();
  await page.getByLabel('Filter by status').selectOption('loaded');
  await page.getByLabel('Select all visible projects').check();
  await expect(page.getByText('4997 projects selected')).toBeVisible();
  await page.getByRole('table').evaluate((table) => table.parentElement?.scrollTo(0, 36 * 4000));
  await expect(page.locator('tr[aria-rowindex="4002"]')).toBeVisible();
  await expect(page.locator('tr[aria-rowindex="10"]')).toHaveCount(0);
});

test('the cluster nodes of an environment, with their loaded projects', async ({ page, mainProcess }) => {
  const sim = await simulator({ projects: 5, unloadedProjects: [1, 3] });
  await mainProcess.open(page);
  await addAndConnect(page, sim, { name: 'Cluster' });
  await page.getByRole('button', { name: 'Cluster nodes…' }).click();
  const rows = page.getByRole('dialog').getByRole('table', { name: 'Cluster nodes' }).getByRole('row');
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(1)).toContainText('iserver-a.example.internal:34952 (default)');
  await expect(rows.nth(1)).toContainText('3 of 5');
  await expect(rows.nth(2)).toContainText('3 of 5');
  await shoot(page, '17-cluster-nodes');
  await expectAccessible(page, 'cluster nodes');
});
