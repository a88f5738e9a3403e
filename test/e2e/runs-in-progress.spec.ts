/**
 * A plan run in the window while a command-line purge works on its environment (held on the
 * simulator): the run dialog names that run as it opens, before the production name is typed, and
 * its Run button waits for "Run anyway, alongside it"; ticked, the plan runs next to the purge. An
 * event trigger's dialog says the same, and once the purge ended "Check again" clears the way.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { startSimulator, type LibrarySimulator } from '../simulator/server.ts';
import { addAndConnect, expectAccessible } from './app-helpers.ts';
import { expect, test } from './fixtures.ts';

let sim: LibrarySimulator;

test.beforeEach(async () => {
  sim = await startSimulator({
    projects: 2,
    cluster: { nodes: [{ name: 'iserver-a.example.internal' }], contentCachesPerNode: 6, cubeCachesPerNode: 0 },
  });
});

test.afterEach(async () => {
  await sim.close();
});

/** The command line on the window's data folder, as an admin at a terminal runs it next to the window. */
function commandLine(dataFolder: string, args: string[]): Promise<{ code: number; stderr: string }> {
  const child = spawn(process.execPath, [join(process.cwd(), 'src/main/cli/bin.ts'), ...args], {
    env: {
      ...process.env,
      MSTR_CACHE_HOME: dataFolder,
      MSTR_CACHE_KEYCHAIN_SERVICE: `MSTR Cache Console e2e cli ${randomUUID()}`,
      MSTR_CACHE_PASSWORD: 'admin-pass',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code: code ?? -1, stderr })));
}

test('a plan on an environment a command-line purge holds names that run before the name is typed, and runs anyway when chosen', async ({
  page,
  mainProcess,
}) => {
  await mainProcess.open(page);
  await addAndConnect(page, sim, { name: 'Prod EU', tier: 'prod' });
  const { services } = mainProcess;
  const { profiles } = await services.profiles.list();
  await services.presets.save(
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
  const release = sim.hold(/caches\/object/);
  const purge = commandLine(services.dataFolder, ['purge', 'Prod EU', '--all', '--type', 'object', '--yes']);
  await expect.poll(() => sim.callsTo(/caches\/object/).length, { timeout: 20_000 }).toBeGreaterThanOrEqual(1);

  await page.getByRole('tab', { name: 'Presets' }).click();
  await page.getByRole('button', { name: 'Run…' }).click();
  const dialog = page.getByRole('dialog');
  const notice = dialog.getByTestId('runs-in-progress');
  const name = dialog.getByRole('textbox');
  const run = dialog.getByRole('button', { name: 'Run 2 steps' });
  // Said as the dialog opens: nothing typed yet.
  await expect(notice).toContainText('Another run is in progress:');
  await expect(notice).toContainText(/Prod EU: "purge" \(process \d+ on /);
  await expect(name).toHaveValue('');
  await expectAccessible(page, 'plan run next to another run');
  await name.fill('Prod EU');
  await expect(run).toBeDisabled();
  const anyway = notice.getByRole('checkbox', { name: 'Run anyway, alongside it' });
  await expect(anyway).not.toBeChecked();
  await anyway.check();
  await expect(run).toBeEnabled();
  await run.click();
  await expect(dialog.getByTestId('plan-result')).toContainText('2 of 2 steps succeeded', { timeout: 20_000 });
  expect(sim.callsTo(/caches\/element/).length).toBeGreaterThan(0);

  // The command-line purge was held all along and ends as it would have.
  release();
  const ended = await purge;
  expect(ended.code, ended.stderr).toBe(0);
});

test('an event trigger waits while a command-line purge holds the environment, and goes ahead once it ended', async ({
  page,
  mainProcess,
}) => {
  await mainProcess.open(page);
  await addAndConnect(page, sim, { name: 'QA', tier: 'test' });
  const release = sim.hold(/caches\/object/);
  const purge = commandLine(mainProcess.services.dataFolder, ['purge', 'QA', '--all', '--type', 'object', '--yes']);
  await expect.poll(() => sim.callsTo(/caches\/object/).length, { timeout: 20_000 }).toBeGreaterThanOrEqual(1);

  await page.getByRole('tab', { name: 'Cubes' }).click();
  await page.getByRole('button', { name: 'Trigger event…' }).click();
  const dialog = page.getByRole('dialog');
  const notice = dialog.getByTestId('runs-in-progress');
  await expect(notice).toContainText(/QA: "purge" \(process \d+ on /);
  const eventId = sim.runbook.events[0]?.id as string;
  await dialog.getByTestId('event-choice').selectOption(eventId);
  const trigger = dialog.getByRole('button', { name: 'Trigger an event' });
  await expect(trigger).toBeDisabled();

  release();
  expect((await purge).code).toBe(0);
  await notice.getByRole('button', { name: 'Check again' }).click();
  await expect(notice).toBeHidden();
  await trigger.click();
  await expect(dialog.getByTestId('runbook-result')).toContainText('1 succeeded, 0 failed');
  expect(sim.runbook.performed.filter((call) => call.kind === 'trigger').map((call) => call.id)).toEqual([eventId]);
});
