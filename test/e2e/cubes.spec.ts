/**
 * The Cubes view against the simulator: cubes found by search (one never published), a republish
 * on production that needs the name typed, per-cube results honest about a failure (its message and
 * ticketId grouped), a retry, an event chosen among two that share a name, subscriptions sent.
 */
import { startSimulator, type LibrarySimulator } from '../simulator/server.ts';
import { addAndConnect, expectAccessible } from './app-helpers.ts';
import { expect, test } from './fixtures.ts';

const simulators: LibrarySimulator[] = [];

test.afterEach(async () => {
  await Promise.all(simulators.splice(0).map((sim) => sim.close()));
});

test('cubes: list, republish on production with the name typed, honest per-cube results, retry', async ({
  page,
  mainProcess,
}) => {
  const sim = await startSimulator({ projects: 2 });
  simulators.push(sim);
  await page.setViewportSize({ width: 1400, height: 900 });
  await mainProcess.open(page);
  await addAndConnect(page, sim, { name: 'Prod EU', tier: 'prod' });
  await page.getByRole('tab', { name: 'Cubes' }).click();
  const table = page.getByTestId('cubes-table');
  await expect(table).toContainText('Never Published Cube');
  await expect(table.getByRole('row', { name: /Never Published Cube/ })).toContainText('no cache (not published)');
  await expect(page.getByText('8 of 8 shown')).toBeVisible();
  await page.getByPlaceholder('Search name, id or folder').fill('cube');
  await page.getByLabel('Choose Sales Cube').check();
  await page.getByLabel('Choose Broken Cube').check();
  await expectAccessible(page, 'cubes');

  await page.getByRole('button', { name: 'Republish…' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('runbook-plan')).toContainText('Republish Sales Cube');
  await expect(dialog.getByTestId('runbook-plan')).toContainText('Republish Broken Cube');
  const send = dialog.getByRole('button', { name: 'Republish cubes' });
  await expect(send).toBeDisabled();
  await dialog.getByRole('textbox').fill('Prod EU');
  expect(sim.callsTo(/^POST .*\/v2\/cubes\//)).toHaveLength(0);
  await send.click();
  await expect(dialog.getByTestId('runbook-result')).toContainText('1 succeeded, 1 failed, 0 outcome unknown');
  await expect(dialog.getByTestId('runbook-items')).toContainText('WH_SALES_FACT');
  await expect(dialog).toContainText(/ticketId|ERR|The job ended ERROR/);
  await expectAccessible(page, 'republish results');
  await dialog.getByRole('button', { name: 'Retry 1 not done' }).click();
  await expect(dialog.getByTestId('runbook-result')).toContainText('0 succeeded, 1 failed');
  expect(sim.runbook.performed.filter((call) => call.kind === 'publish')).toHaveLength(3);
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();

  await page.getByRole('button', { name: 'Trigger event…' }).click();
  const eventId = sim.runbook.events[2]?.id as string;
  await dialog.getByTestId('event-choice').selectOption(eventId);
  await dialog.getByRole('textbox').fill('Prod EU');
  await dialog.getByRole('button', { name: 'Trigger an event' }).click();
  await expect(dialog.getByTestId('runbook-result')).toContainText('1 succeeded, 0 failed');
  expect(sim.runbook.performed.filter((call) => call.kind === 'trigger').map((call) => call.id)).toEqual([eventId]);
});
