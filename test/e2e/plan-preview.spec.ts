/**
 * A plan previewed before it runs, in the window against the cluster simulator: the run dialog
 * first shows per step, environment and node what the plan will touch (nothing sent yet), asks for
 * the production environment's typed name, then shows the step in progress (held on the simulator
 * for as long as the test looks), the results per node with what a fresh list shows, and copies a
 * plain-text report.
 */
import { startSimulator, type LibrarySimulator } from '../simulator/server.ts';
import { addAndConnect, expectAccessible, expectFocusKept, shoot } from './app-helpers.ts';
import { expect, test } from './fixtures.ts';

const A = 'iserver-a.example.internal';
const B = 'iserver-b.example.internal';

let sim: LibrarySimulator;

test.beforeEach(async () => {
  sim = await startSimulator({
    projects: 2,
    cluster: { nodes: [{ name: A }, { name: B }], contentCachesPerNode: 12, cubeCachesPerNode: 0 },
  });
});

test.afterEach(async () => {
  await sim.close();
});

function reportsOn(node: string): number {
  return [...(sim.cluster.node(node)?.contentCaches.values() ?? [])].filter((cache) => cache.source.type === 'report')
    .length;
}

test('a plan shows what it will touch per environment and node, then the step in progress, results per node and a report', async ({
  page,
  mainProcess,
}) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await mainProcess.open(page);
  await addAndConnect(page, sim, { name: 'Test EU', tier: 'test' });
  await addAndConnect(page, sim, { name: 'Prod EU', tier: 'prod' });
  const { profiles } = await mainProcess.services.profiles.list();
  await mainProcess.services.presets.save(
    {
      name: 'Nightly',
      environments: profiles.map((profile) => profile.id),
      steps: [
        { kind: 'purge', projects: { all: true }, cacheTypes: ['element'] },
        { kind: 'content', action: 'invalidate', projects: { all: true }, filter: { types: ['report'] } },
      ],
    },
    { replace: false },
  );
  const [onA, onB] = [reportsOn(A), reportsOn(B)];
  expect(onA).toBeGreaterThan(0);

  await page.getByRole('tab', { name: 'Presets' }).click();
  await page.getByRole('button', { name: 'Run…' }).click();
  const dialog = page.getByRole('dialog');
  const preview = dialog.getByTestId('plan-steps');
  await expect(preview.getByTestId('plan-preview-environment')).toHaveCount(4);
  await expect(preview).toContainText('Test EU: 2 purge requests');
  await expect(preview).toContainText(`Prod EU: ${onA + onB} content caches`);
  await expect(preview).toContainText(`${A}: ${onA}`);
  await expect(preview).toContainText(`${B}: ${onB}`);
  expect(sim.callsTo(/^(DELETE|PATCH) /)).toEqual([]);
  const run = dialog.getByRole('button', { name: 'Run 2 steps' });
  await expect(run).toBeDisabled();
  await dialog.getByLabel(/Prod EU is production/).fill('Prod EU');
  await expect(run).toBeEnabled();
  await shoot(page, '43-plan-preview');
  await expectAccessible(page, 'plan preview');

  const release = sim.hold(/^PATCH /);
  await run.click();
  await expect(dialog.getByTestId('plan-step-running')).toContainText('In progress: step 2/2 invalidate', {
    timeout: 20_000,
  });
  await expect(dialog.getByTestId('plan-step-running')).toContainText(
    `(${2 * (onA + onB)} content caches in the preview)`,
  );
  await expect(dialog.getByTestId('plan-progress')).toContainText('1 of 2 steps done');
  await expect(dialog.getByTestId('plan-results')).toContainText('done: purge element caches');
  await shoot(page, '44-plan-step-in-progress');
  release();

  const result = dialog.getByTestId('plan-result');
  await expect(result).toContainText('2 of 2 steps succeeded', { timeout: 20_000 });
  await expect(result).toContainText('4 of 4 purge requests accepted');
  const total = 2 * (onA + onB);
  await expect(result).toContainText(`${total} of ${total} content caches accepted`);
  await expect(dialog.getByTestId('plan-confirmed')).toHaveText(
    `A fresh list shows the change on ${total} of ${total} caches.`,
  );
  const nodes = dialog.getByTestId('plan-result-nodes').first();
  await expect(nodes).toContainText(
    `${A}: ${onA} of ${onA} content caches accepted; a fresh list shows the change on ${onA} of ${onA}`,
  );
  await expect(nodes).toContainText(`${B}: ${onB} of ${onB} content caches accepted`);
  await expect(dialog.getByTestId('plan-result-environment')).toHaveCount(4);
  await expect(dialog.getByTestId('plan-result-environment').nth(3)).toContainText(
    `Prod EU: ${onA + onB} of ${onA + onB} content caches accepted; a fresh list shows the change on`,
  );
  await expectFocusKept(page, 'the plan run');
  await shoot(page, '45-plan-results-per-node');
  await expectAccessible(page, 'plan results per node');

  await dialog.getByRole('button', { name: 'Copy report' }).click();
  await expect(page.getByText('The plan report was copied.')).toBeVisible();
  const report = mainProcess.copied.at(-1) ?? '';
  expect(report).toMatch(/^MSTR Cache Console plan run \S+: preset "Nightly"\n/);
  expect(report).toContain('2 of 2 steps succeeded');
  expect(report).toContain(
    `  Prod EU: ${onA + onB} of ${onA + onB} content caches accepted; a fresh list shows the change on ${onA + onB} of ${onA + onB}`,
  );
  expect(report).toContain(`    ${B}: ${onB} of ${onB} content caches accepted`);
  expect(report.split('\n').filter((line) => line.includes('\tsucceeded\t1 request\tnow '))).toHaveLength(total);
});
