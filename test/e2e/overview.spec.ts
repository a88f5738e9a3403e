/**
 * The Overview tab against the cluster simulator: the nodes, cube memory and content caches it
 * shows match the simulator's inventory, a chart's figures are read under the pointer and from the
 * keyboard, a bar opens the caches screen filtered to its project and node, the failures since the
 * last look open the history, and the history's runs-per-day chart follows its filters and tells a
 * day's runs under the pointer; screenshots in both themes and axe scans.
 */
import type { Locator, Page } from '@playwright/test';
import { formatBytes } from '../../src/shared/overview.ts';
import { loadedCubeBytes } from '../simulator/cube-memory.ts';
import { startSimulator, type LibrarySimulator } from '../simulator/server.ts';
import { addAndConnect, expectAccessible, fillEnvironment, shoot } from './app-helpers.ts';
import { expect, test } from './fixtures.ts';

const NODE_A = 'iserver-a.example.internal';
const NODE_B = 'iserver-b.example.internal';
const simulators: LibrarySimulator[] = [];

/**
 * Puts the pointer on the bar `fromEnd` bars before the last of a chart of `bars` bars, in the
 * middle of its slot whatever the width of the vertical axis's labels (at most 60 pixels).
 */
async function pointAtBar(page: Page, chart: Locator, bars: number, fromEnd: number): Promise<void> {
  const box = await chart.getByRole('img').boundingBox();
  if (!box) throw new Error('the chart is not laid out');
  const slot = (box.width - 60) / bars;
  await page.mouse.move(box.x + box.width - (fromEnd + 0.5) * slot, box.y + box.height * 0.4);
}

/** The words a runs-per-day bar says of its day, from the day's row of the chart's table. */
async function dayWords(row: Locator): Promise<string> {
  const outcomes = ['succeeded', 'failed', 'outcome unknown', 'cancelled'];
  const cells = await row.getByRole('cell').allInnerTexts();
  const parts = cells.flatMap((cell, index) => (cell.trim() === '0' ? [] : [`${cell.trim()} ${outcomes[index]}`]));
  return `${(await row.getByRole('rowheader').innerText()).trim()}: ${parts.length > 0 ? parts.join(', ') : 'no runs'}`;
}

test.afterEach(async () => {
  await Promise.all(simulators.splice(0).map((sim) => sim.close()));
});

test('overview: nodes, cube memory against capacity, content caches, runs; links to caches and history', async ({
  page,
  mainProcess,
}) => {
  const sim = await startSimulator({
    projects: 6,
    cluster: {
      nodes: [
        { name: NODE_A },
        { name: NODE_B, projects: [0, 1, 2] },
        { name: 'iserver-c.example.internal', status: 'stopped' },
      ],
      cubeCachesPerNode: 12,
      contentCachesPerNode: 60,
    },
  });
  simulators.push(sim);
  await page.setViewportSize({ width: 1400, height: 1000 });
  await mainProcess.open(page);
  await addAndConnect(page, sim, { name: 'Test EU', tier: 'test' });
  const profile = (await mainProcess.services.profiles.list()).profiles[0];
  const hour = 3_600_000;
  for (const [runId, hoursAgo, outcome] of [
    ['11111111-1111-4111-8111-111111111111', 30, 'succeeded'],
    ['22222222-2222-4222-8222-222222222222', 3, 'failed'],
  ] as const)
    await mainProcess.services.history.append({
      time: new Date(Date.now() - hoursAgo * hour).toISOString(),
      durationMs: 4,
      runId,
      profileId: profile?.id ?? '',
      profileName: 'Test EU',
      serverHost: '127.0.0.1',
      user: 'administrator',
      projectId: sim.projects[0]?.id ?? '',
      projectName: sim.projects[0]?.name ?? '',
      cacheType: 'object',
      outcome,
      httpStatus: outcome === 'failed' ? 500 : 204,
      mstrCode: null,
      ticketId: null,
      errorCode: outcome === 'failed' ? 'SERVER_ERROR' : null,
      message: null,
    });

  await page.getByRole('tab', { name: 'Overview' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Overview · Test EU' })).toBeVisible();
  const nodes = page.getByRole('table', { name: 'Nodes' });
  await expect(nodes).toContainText(NODE_A);
  await expect(nodes.getByRole('row', { name: /iserver-c/ })).toContainText('stopped');

  // Cube memory per project on node B, against the simulator's own figures.
  const nodeB = sim.cluster.node(NODE_B);
  const usage = loadedCubeBytes(nodeB!);
  const memoryTable = page.getByRole('table', { name: new RegExp(`^${NODE_B}: .* over capacity`) });
  for (const project of sim.cubeMemory.byProject(nodeB!)) {
    const share = `${Math.round(((usage.get(project.id) ?? 0) / (project.capacity ?? 1)) * 100)}%`;
    await expect(memoryTable.getByRole('row', { name: new RegExp(project.name) })).toContainText(share);
  }
  await expect(memoryTable).toContainText('over capacity');
  await expect(memoryTable).toContainText('near capacity');
  await expect(page.getByTestId('failures')).toHaveText('1');
  await expectAccessible(page, 'overview');
  await shoot(page, '50-overview');

  // The pointer on a bar writes its project's figures in the chart's status line; leaving clears it.
  const ranked = sim.cubeMemory
    .byProject(nodeB!)
    .sort((a, b) => b.currentUsage / (b.capacity ?? 1) - a.currentUsage / (a.capacity ?? 1));
  const figures = (project: (typeof ranked)[number] | undefined): string => {
    const used = usage.get(project?.id ?? '') ?? 0;
    const share = `${Math.round((used / (project?.capacity ?? 1)) * 100)}%`;
    return `${project?.name}: ${formatBytes(used)} of ${formatBytes(project?.capacity ?? 0)} (${share})`;
  };
  const memoryChart = page.getByRole('figure', { name: new RegExp(`^${NODE_B}: .* over capacity`) });
  const memoryStatus = memoryChart.getByRole('status');
  await expect(memoryStatus).toHaveText('');
  await pointAtBar(page, memoryChart, ranked.length, 0);
  await expect(memoryStatus).toContainText(figures(ranked.at(-1)));
  await pointAtBar(page, memoryChart, ranked.length, 1);
  await expect(memoryStatus).toContainText(figures(ranked.at(-2)));
  // Redrawn in the other scheme, the bar under the pointer keeps its tooltip and its status line.
  await shoot(page, '52-overview-bar-under-pointer');
  await expect(memoryStatus).toContainText(figures(ranked.at(-2)));
  await page.mouse.move(1, 1);
  await expect(memoryStatus).toHaveText('');

  // A narrower window draws the chart again at its box's new width, where the pointer finds its bars.
  const memoryBox = memoryChart.getByRole('img');
  const drawnWidth = async (): Promise<string> => {
    const [canvas, box] = await Promise.all([memoryChart.locator('canvas').boundingBox(), memoryBox.boundingBox()]);
    return `${Math.round(canvas?.width ?? 0)} of ${Math.round(box?.width ?? 0)}`;
  };
  const wide = (await memoryBox.boundingBox())?.width ?? 0;
  await page.setViewportSize({ width: 1100, height: 1000 });
  const narrow = Math.round((await memoryBox.boundingBox())?.width ?? 0);
  expect(narrow).toBeLessThan(wide - 100);
  await expect.poll(drawnWidth).toBe(`${narrow} of ${narrow}`);
  await pointAtBar(page, memoryChart, ranked.length, 0);
  await expect(memoryStatus).toContainText(figures(ranked.at(-1)));
  await page.mouse.move(1, 1);
  await page.setViewportSize({ width: 1400, height: 1000 });
  await expect.poll(drawnWidth).toBe(`${Math.round(wide)} of ${Math.round(wide)}`);

  // The keyboard reads a bar's figures; Enter opens the caches screen filtered to it.
  const chart = page.getByRole('img', { name: new RegExp(`^${NODE_B}: .* over capacity`) });
  await chart.focus();
  await page.keyboard.press('ArrowRight');
  const first = ranked[0];
  await expect(memoryStatus).toContainText(figures(first));
  await expect(page.getByText(new RegExp(`^${first?.name}: .* of .*capacity`))).toBeAttached();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('tab', { name: 'Caches' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByPlaceholder('Search name, project or id')).toHaveValue(first?.name ?? '');
  await expect(page.getByLabel(new RegExp(`${NODE_A} .*`))).not.toBeChecked();

  // The failures since the last look open the history of this environment's failed runs.
  await page.getByRole('tab', { name: 'Overview' }).click();
  await page.getByTestId('failures').click();
  await expect(page.getByRole('tab', { name: 'History' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('runs-per-day')).toContainText('Runs per day (1 run from');
  await page.getByLabel('Outcome').selectOption('');
  await expect(page.getByTestId('runs-per-day')).toContainText('Runs per day (2 runs from');
  await page.getByTestId('runs-per-day').getByRole('button', { name: 'Show as table' }).click();

  // The pointer on a day's bar tells that day's runs by outcome: today's, and the failed run's day
  // (today, or yesterday in the first three hours of a day).
  const runsChart = page.getByTestId('runs-per-day').getByRole('figure');
  const runsStatus = runsChart.getByRole('status');
  const dayRows = runsChart
    .getByRole('table')
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader') });
  const dayCount = await dayRows.count();
  expect(dayCount).toBeGreaterThan(1);
  await pointAtBar(page, runsChart, dayCount, 0);
  await expect(runsStatus).toHaveText(await dayWords(dayRows.last()));
  const failedFromEnd = (await dayWords(dayRows.last())).endsWith('1 failed') ? 0 : 1;
  await pointAtBar(page, runsChart, dayCount, failedFromEnd);
  await expect(runsStatus).toHaveText(await dayWords(dayRows.nth(dayCount - 1 - failedFromEnd)));
  await expect(runsStatus).toContainText('1 failed');
  await page.mouse.move(1, 1);
  await expect(runsStatus).toHaveText('');
  await expectAccessible(page, 'history with runs per day');
  await shoot(page, '51-history-runs-per-day');

  // Marked as seen: no failure since.
  await page.getByRole('tab', { name: 'Overview' }).click();
  await page.getByRole('button', { name: 'Mark as seen' }).click();
  await expect(page.getByTestId('failures')).toHaveText('0');
  await expect(page.getByTestId('environments-overview')).toContainText('Test EU');
});

test('an environment opens on its Overview once connected, with the focus on its heading; one looked at before opens on the tab last chosen there', async ({
  page,
  mainProcess,
}) => {
  const sim = await startSimulator({ projects: 3 });
  simulators.push(sim);
  await mainProcess.open(page);
  // Its Overview opened on connecting; then its Projects tab chosen.
  await addAndConnect(page, sim, { name: 'Alpha', tier: 'test' });

  // Not connected yet: it opens on its projects, where it connects; connected, on its Overview.
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await fillEnvironment(page, { name: 'Beta', url: sim.url, tier: 'dev' });
  await page.getByRole('dialog').getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Beta', exact: true })).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Projects' })).toHaveAttribute('aria-selected', 'true');
  await page.getByRole('button', { name: 'Connect…' }).first().click();
  await page.getByRole('dialog').getByLabel('Password').fill('admin-pass');
  await page.getByRole('dialog').getByRole('button', { name: 'Connect', exact: true }).click();
  const betaOverview = page.getByRole('heading', { level: 1, name: 'Overview · Beta', exact: true });
  await expect(betaOverview).toBeFocused();
  await expect(page.getByRole('tab', { name: 'Overview' })).toHaveAttribute('aria-selected', 'true');

  // Alpha opens on the tab chosen there (Projects); Beta, where no tab was chosen, on its Overview again.
  await page.getByRole('button', { name: /^Alpha test/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Alpha', exact: true })).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Projects' })).toHaveAttribute('aria-selected', 'true');
  await page.getByRole('button', { name: /^Beta dev/ }).focus();
  await page.keyboard.press('Enter');
  await expect(betaOverview).toBeFocused();

  // A tab chosen on Beta is where it opens next; a global screen in between changes nothing.
  await page.getByRole('tab', { name: 'Caches' }).click();
  await page.getByRole('tab', { name: 'History' }).click();
  await page.getByRole('button', { name: /^Alpha test/ }).click();
  await page.getByRole('button', { name: /^Beta dev/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Caches of Beta' })).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Caches' })).toHaveAttribute('aria-selected', 'true');

  // Opened by its tab, the Overview leaves the focus on the tab (the arrow keys go on switching tabs).
  await page.getByRole('tab', { name: 'Caches' }).focus();
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByRole('tab', { name: 'Overview' })).toBeFocused();
  await expect(betaOverview).toBeVisible();
});
