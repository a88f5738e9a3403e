/**
 * The Caches screen against the cluster simulator: list per node, filter, act, see what changed,
 * retry a failure, the cube delete's double safety on production, and the states that say what to
 * do (missing privilege, a server too old), with screenshots and accessibility scans.
 */
import { startSimulator, type LibrarySimulator } from '../simulator/server.ts';
import { addAndConnect, expectFocusKept, expandAllRuns, expectAccessible, shoot } from './app-helpers.ts';
import { expect, test } from './fixtures.ts';

const NODE_A = 'iserver-a.example.internal';
const NODE_B = 'iserver-b.example.internal';
const simulators: LibrarySimulator[] = [];

async function cluster(options: Parameters<typeof startSimulator>[0]): Promise<LibrarySimulator> {
  const started = await startSimulator(options);
  simulators.push(started);
  return started;
}

test.afterEach(async () => {
  await Promise.all(simulators.splice(0).map((sim) => sim.close()));
});

test('content caches: list per node, filter, invalidate, see the change, retry a failure', async ({
  page,
  mainProcess,
}) => {
  const sim = await cluster({
    projects: 4,
    cluster: {
      nodes: [{ name: NODE_A }, { name: NODE_B }, { name: 'iserver-c.example.internal', status: 'stopped' }],
      contentCachesPerNode: 400,
    },
  });
  await page.setViewportSize({ width: 1400, height: 900 });
  await mainProcess.open(page);
  await addAndConnect(page, sim, { name: 'Test EU', tier: 'test' });
  await page.getByRole('tab', { name: 'Caches' }).click();
  await expect(page.getByText('800 of 800 shown')).toBeVisible();
  await expect(page.getByLabel(/iserver-c.example.internal · stopped/)).toBeDisabled();
  expect(sim.calls.some((call) => call.query.clusterNode?.startsWith('iserver-c'))).toBe(false);
  // Windowed rows: 800 caches, a few dozen rows in the page.
  expect(await page.locator('tbody tr[aria-rowindex]').count()).toBeLessThan(80);

  await page.getByLabel('Status').selectOption('ready');
  await page.getByLabel('Type').selectOption('report');
  await page.getByLabel('Owner').fill('etl_service');
  // Main answers the filtered count: read it once that answer is in (the count is busy until then).
  await expect(page.getByRole('status').filter({ hasText: /of 800 shown/ })).toHaveAttribute('aria-busy', 'false');
  const shown = Number(/^(\d+) of 800 shown/.exec((await page.getByText(/of 800 shown/).textContent()) ?? '')?.[1]);
  expect(shown).toBeGreaterThan(0);
  await page.getByLabel('Select all shown caches').check();
  await expect(page.getByText(`${shown} selected`)).toBeVisible();
  await page.getByText('Totals of the shown caches, per node and per project').click();
  await expect(page.getByRole('table', { name: 'Totals per node' })).toContainText(NODE_A);
  // The totals count the shown caches, not the whole list.
  const perNode = await page
    .getByRole('table', { name: 'Totals per node' })
    .locator('tbody td.number:nth-child(2)')
    .allTextContents();
  expect(perNode.reduce((sum, count) => sum + Number(count), 0)).toBe(shown);
  await shoot(page, '18-content-caches');
  await expectAccessible(page, 'content caches');

  await page.getByRole('button', { name: 'Invalidate…' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('cache-plan')).toContainText(NODE_A);
  await shoot(page, '19-cache-action-plan');
  await expectAccessible(page, 'cache action plan');
  await dialog.getByRole('button', { name: new RegExp(`^Invalidate ${shown} content`) }).click();
  await expect(dialog.getByTestId('cache-result')).toContainText(`${shown} accepted, 0 failed`);
  await expect(dialog.getByTestId('cache-confirmed')).toContainText(`shows the change on ${shown} of ${shown}`);
  await shoot(page, '20-cache-action-results');
  await expectAccessible(page, 'cache action results');
  const patches = sim.callsTo(/^PATCH /);
  expect(new Set(patches.map((call) => call.query.clusterNode))).toEqual(new Set([NODE_A, NODE_B]));
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();
  await expect(page.getByTestId('change-note')).toContainText(`the list now shows the change on ${shown}`);
  // The invalidated caches are no longer "ready": the filtered list no longer shows them.
  await expect(page.getByText('0 of 800 shown')).toBeVisible();

  // A failed delete (the node answers 500 once), then its retry in the same run.
  await page.getByLabel('Status').selectOption('invalid');
  await page.getByLabel('Owner').fill('');
  await page.getByRole('button', { name: 'Clear', exact: true }).click();
  await page
    .getByRole('checkbox', { name: /^Select .* on iserver-b/ })
    .first()
    .check();
  sim.inject({ kind: 'status', status: 500, match: /^PATCH /, times: 1 });
  await page.getByRole('button', { name: 'Delete…' }).click();
  await dialog.getByRole('button', { name: /^Delete 1 content/ }).click();
  await expect(dialog.getByTestId('cache-result')).toContainText('0 accepted, 1 failed');
  await expectFocusKept(page, 'a content-cache delete');
  await expect(dialog.getByText(/SERVER_ERROR · HTTP 500 · .*ticketId [0-9a-f]{32}/)).toBeVisible();
  await dialog.getByRole('button', { name: 'Retry 1 not done' }).click();
  await expect(dialog.getByTestId('cache-result')).toContainText('1 accepted, 0 failed');
  await expect(dialog.getByTestId('cache-confirmed')).toContainText('shows the change on 1 of 1');
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();

  await page.getByRole('tab', { name: 'History' }).click();
  await expandAllRuns(page);
  const runs = page.getByRole('region', { name: 'Runs', exact: true });
  await expect(runs.getByRole('row', { name: /invalidate content cache/ }).first()).toContainText('invalidated');
  await expect(runs.getByRole('row', { name: /delete content cache/ }).first()).toContainText('deleted');
});

test('cube caches on production: deleting needs the unpublish acceptance and the typed name', async ({
  page,
  mainProcess,
}) => {
  const sim = await cluster({ projects: 2, cluster: { nodes: [{ name: NODE_A }], cubeCachesPerNode: 8 } });
  await page.setViewportSize({ width: 1400, height: 900 });
  await mainProcess.open(page);
  await addAndConnect(page, sim, { name: 'Prod US', tier: 'prod' });
  await page.getByRole('tab', { name: 'Caches' }).click();
  await page.getByLabel('Cube caches').check();
  await expect(page.getByText('8 of 8 shown')).toBeVisible();
  await page.getByLabel('State').selectOption('unloaded');
  await page.getByLabel('Select all shown caches').check();
  const selected = Number(/(\d+) selected/.exec((await page.getByText(/\d+ selected/).textContent()) ?? '')?.[1]);
  expect(selected).toBeGreaterThan(0);
  await shoot(page, '21-cube-caches');
  await expectAccessible(page, 'cube caches');

  await page.getByRole('button', { name: 'Delete…' }).click();
  const dialog = page.getByRole('dialog');
  const deleteButton = dialog.getByRole('button', { name: new RegExp(`^Delete ${selected} cube`) });
  await expect(deleteButton).toBeDisabled();
  await dialog.getByRole('textbox').fill('Prod US');
  await expect(deleteButton).toBeDisabled();
  await dialog.getByLabel(/unpublishes the cubes/).check();
  await shoot(page, '22-cube-delete-confirm');
  await expectAccessible(page, 'cube delete confirmation');
  expect(sim.callsTo(/^DELETE /)).toHaveLength(0);
  await deleteButton.click();
  await expect(dialog.getByTestId('cache-result')).toContainText(`${selected} accepted, 0 failed`);
  await expect(dialog.getByTestId('cache-confirmed')).toContainText(`shows the change on ${selected} of ${selected}`);
  expect(sim.callsTo(/^DELETE .*\/monitors\/caches\/cubes\//)).toHaveLength(selected);
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();

  // An unload the server refuses ends failed with the server's reason.
  await page.getByLabel('State').selectOption('loaded');
  const failing = sim.cluster.allCubes().find((cube) => cube.state.loadedState === 'loaded');
  if (!failing) throw new Error('no loaded cube');
  failing.failsManipulation = true;
  await page.getByLabel(`Select ${failing.source.name} on ${NODE_A}`).check();
  await page.getByRole('button', { name: 'Unload…' }).click();
  await dialog.getByRole('textbox').fill('Prod US');
  await dialog.getByRole('button', { name: /^Unload 1 cube/ }).click();
  await expect(dialog.getByTestId('cache-result')).toContainText('0 accepted, 1 failed', { timeout: 15_000 });
  await expect(dialog.getByText('The server could not change the cube cache.')).toBeVisible();
  // The hint fits the action: an unload's, not the one for activations and loads.
  await expect(dialog.getByRole('alert')).toContainText('unload needs a cache loaded in memory');
  await expect(dialog.getByRole('alert')).not.toContainText('activate needs');
  await shoot(page, '24-cube-unload-refused');
});

test('the cache screen says what to do without the privilege and on a server too old', async ({
  page,
  mainProcess,
}) => {
  const sim = await cluster({ projects: 2 });
  const old = await cluster({ projects: 2, iServerVersion: '11.2.0300.0010' });
  await page.setViewportSize({ width: 1280, height: 800 });
  await mainProcess.open(page);
  await addAndConnect(page, sim, { name: 'Viewer env', tier: 'dev', user: 'viewer' }, 'viewer-pass');
  await page.getByRole('tab', { name: 'Caches' }).click();
  await expect(page.getByText(/needs the “Monitor cluster” privilege/)).toBeVisible();
  await shoot(page, '23-caches-no-privilege');
  await expectAccessible(page, 'caches without privilege');

  await page.getByRole('tab', { name: 'Projects' }).click();
  await addAndConnect(page, old, { name: 'Old env', tier: 'dev' });
  await page.getByRole('tab', { name: 'Caches' }).click();
  await expect(page.getByText(/Content caches need I-Server 11.3.0700 or later/)).toBeVisible();
  expect(old.callsTo(/monitors\/caches/)).toHaveLength(0);
});
