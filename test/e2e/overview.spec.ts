/**
 * The Overview tab against the cluster simulator: the nodes, cube memory and content caches it
 * shows match the simulator's inventory, a chart's figures are read from the keyboard, a bar opens
 * the caches screen filtered to its project and node, the failures since the last look open the
 * history, and the history's runs-per-day chart follows its filters; screenshots in both themes and
 * axe scans.
 */
import { loadedCubeBytes } from '../simulator/cube-memory.ts';
import { startSimulator, type LibrarySimulator } from '../simulator/server.ts';
import { addAndConnect, expectAccessible, shoot } from './app-helpers.ts';
import { expect, test } from './fixtures.ts';

const NODE_A = 'iserver-a.example.internal';
const NODE_B = 'iserver-b.example.internal';
const simulators: LibrarySimulator[] = [];

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

  // The keyboard reads a bar's figures; Enter opens the caches screen filtered to it.
  const chart = page.getByRole('img', { name: new RegExp(`^${NODE_B}: .* over capacity`) });
  await chart.focus();
  await page.keyboard.press('ArrowRight');
  const first = sim.cubeMemory
    .byProject(nodeB!)
    .sort((a, b) => b.currentUsage / (b.capacity ?? 1) - a.currentUsage / (a.capacity ?? 1))[0];
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
  await expectAccessible(page, 'history with runs per day');
  await shoot(page, '51-history-runs-per-day');

  // Marked as seen: no failure since.
  await page.getByRole('tab', { name: 'Overview' }).click();
  await page.getByRole('button', { name: 'Mark as seen' }).click();
  await expect(page.getByTestId('failures')).toHaveText('0');
  await expect(page.getByTestId('environments-overview')).toContainText('Test EU');
});
