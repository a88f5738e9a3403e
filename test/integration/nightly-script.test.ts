/**
 * The nightly after-load script moved over whole: a Command Manager script that purges,
 * republishes two cubes and triggers an event, imported as a plan and run at the use-case layer
 * and through `preset run`, with what happened per step and per cube, the event sent only once
 * both cubes ended, and a history line for each act carrying the plan run's id and its step.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scheduleLogFile } from '../../src/main/schedules/job-spec.ts';
import { importScriptText } from '../../src/main/cmdmgr/script-import.ts';
import * as plans from '../../src/main/use-cases/plans-and-presets.ts';
import type { HistoryEntry } from '../../src/shared/model.ts';
import type { PlanOutcome } from '../../src/shared/plan-outcome.ts';
import type { CubePublishResult } from '../../src/shared/runbook.ts';
import { addProfile, cli } from './cli-helpers.ts';
import { simulator } from './helpers.ts';
import { connected, world } from './use-cases/world.ts';

function nightly(project: string, event = 'Sales_Ready'): string {
  return `CONNECT SERVER "bi01" USER "etl" PASSWORD "never-stored";
PURGE ELEMENT CACHING IN PROJECT "${project}";
PUBLISH INTELLIGENT CUBE "Sales Cube" IN FOLDER "\\Public Objects\\Reports" FOR PROJECT "${project}";
PUBLISH INTELLIGENT CUBE "Broken Cube" FOR PROJECT "${project}";
TRIGGER EVENT "${event}";
`;
}

function checkOutcome(outcome: PlanOutcome, sim: Awaited<ReturnType<typeof simulator>>): void {
  expect(outcome.steps.map((step) => [step.kind, step.status])).toEqual([
    ['purge', 'succeeded'],
    ['republish', 'succeeded'],
    ['republish', 'failed'],
    ['event', 'succeeded'],
  ]);
  const cube = (index: number) => outcome.steps[index]?.environments[0]?.items?.[0] as CubePublishResult;
  expect(cube(1)).toMatchObject({ cube: 'Sales Cube', status: 'succeeded' });
  expect(cube(2)).toMatchObject({
    cube: 'Broken Cube',
    status: 'failed',
    message: expect.stringContaining('WH_SALES_FACT'),
  });
  // The event went out only after both cubes' jobs had ended.
  const performed = sim.runbook.performed;
  const trigger = performed.find((call) => call.kind === 'trigger');
  const lastJobEnd = Math.max(...[...sim.runbook.jobs.values()].map((job) => job.endsAt));
  expect(trigger?.at).toBeGreaterThanOrEqual(lastJobEnd);
  expect(performed.map((call) => call.kind)).toEqual(['publish', 'publish', 'trigger']);
}

describe('the nightly after-load script', () => {
  it('imported and run as a plan: per step and per cube, honest, with history lines', async () => {
    const sim = await simulator({ projects: 2 });
    const { services } = world();
    const profile = await connected(services, sim, { name: 'Dev', tier: 'dev' });
    const project = sim.projects[0]?.name as string;
    const preview = importScriptText(nightly(project));
    const preset = await plans.saveScriptAsPreset(services, preview, {
      name: 'Nightly',
      environments: [profile.id],
      replace: false,
    });
    expect(preset?.steps).toHaveLength(4);
    const outcome = await plans.runPresetPlan(
      services,
      preset!,
      [profile],
      {},
      { stopOnError: false, scheduled: true, runId: 'plan-run-1' },
    );
    checkOutcome(outcome, sim);
    const lines = (await services.history.list()).filter(
      (line) => line.action === 'republish' || line.action === 'trigger',
    );
    expect(lines.map((line) => [line.action, line.cacheName, line.outcome, line.runId, line.scheduled])).toEqual(
      expect.arrayContaining([
        ['republish', 'Sales Cube', 'succeeded', 'plan-run-1', true],
        ['republish', 'Broken Cube', 'failed', 'plan-run-1', true],
        ['trigger', 'Sales_Ready', 'succeeded', 'plan-run-1', true],
      ]),
    );
    expect(lines.find((line) => line.action === 'trigger')?.step).toBe('4/4 trigger event "Sales_Ready"');
  });

  it('through `preset import-script` and `preset run --json`; an event name that matches nothing fails its step, nothing sent', async () => {
    const sim = await simulator({ projects: 2 });
    const tool = cli();
    await addProfile(tool, sim, 'Env');
    const project = sim.projects[0]?.name as string;
    const file = join(tool.home, 'nightly.scp');
    writeFileSync(file, nightly(project));
    const imported = await tool.json<{ preset: { steps: unknown[] } }>([
      'preset',
      'import-script',
      file,
      '--profile',
      'Env',
      '--name',
      'Nightly',
    ]);
    expect(imported.code).toBe(0);
    const run = await tool.json<PlanOutcome & { exitCode: number }>(['preset', 'run', 'Nightly'], {
      env: { MSTR_CACHE_PASSWORD: 'admin-pass' },
    });
    expect(run.code).toBe(1);
    checkOutcome(run.body, sim);

    writeFileSync(file, `TRIGGER EVENT "Sales Ready";\n`);
    await tool.json(['preset', 'import-script', file, '--profile', 'Env', '--name', 'Typo']);
    const typo = await tool.json<PlanOutcome>(['preset', 'run', 'Typo'], {
      env: { MSTR_CACHE_PASSWORD: 'admin-pass' },
    });
    expect(typo.code).toBe(1);
    expect(typo.body.steps[0]?.environments[0]?.error).toMatchObject({
      code: 'VALIDATION',
      message: 'No event is named "Sales Ready". Did you mean "Sales_Ready"? Nothing was sent.',
    });
    expect(sim.runbook.performed.filter((call) => call.kind === 'trigger')).toHaveLength(1);
  });

  it('as the schedule runs it: `preset run --id ID --scheduled`, with history per step and per cube, marked scheduled', async () => {
    const sim = await simulator({ projects: 2 });
    const tool = cli();
    await addProfile(tool, sim, 'Env');
    // The schedule runs with no one to type a password: the one remembered at login.
    await tool.run(['login', 'Env', '--password-stdin', '--remember'], { stdin: 'admin-pass' });
    const project = sim.projects[0]?.name as string;
    const file = join(tool.home, 'nightly.scp');
    writeFileSync(file, nightly(project));
    expect((await tool.run(['preset', 'import-script', file, '--profile', 'Env', '--name', 'Nightly'])).code).toBe(0);
    const printed = await tool.json<{ command: string }>(['preset', 'command', 'Nightly']);
    const id = / preset run --id (\S+) /.exec(printed.body.command)?.[1] as string;
    expect(id).toMatch(/^mstr-cache-console-nightly-/);
    // What an installed schedule runs (the job's command line adds --scheduled to the printed one).
    const run = await tool.json<PlanOutcome>(['preset', 'run', '--id', id, '--scheduled']);
    expect(run.code).toBe(1);
    checkOutcome(run.body, sim);

    const history = await tool.json<{ entries: HistoryEntry[] }>(['history']);
    const ofRun = history.body.entries.filter((entry) => entry.runId === history.body.entries[0]?.runId);
    const rows = ofRun.map((entry) => [entry.step, entry.action ?? 'purge', entry.cacheName ?? '', entry.outcome]);
    expect(rows).toEqual(
      expect.arrayContaining([
        ['2/4 republish cube "Sales Cube" in "' + project + '"', 'republish', 'Sales Cube', 'succeeded'],
        ['3/4 republish cube "Broken Cube" in "' + project + '"', 'republish', 'Broken Cube', 'failed'],
        ['4/4 trigger event "Sales_Ready"', 'trigger', 'Sales_Ready', 'succeeded'],
      ]),
    );
    const purges = ofRun.filter((entry) => entry.action === undefined || entry.action === 'purge');
    expect(purges.length).toBeGreaterThan(0);
    for (const entry of purges) expect(entry.step).toMatch(/^1\/4 purge element caches/);
    expect(ofRun.every((entry) => entry.scheduled === true && entry.profileName === 'Env')).toBe(true);
    expect(ofRun.find((entry) => entry.cacheName === 'Broken Cube')?.message).toContain('WH_SALES_FACT');
    // As text: each act by what it acted on, its outcome, and the step it belongs to.
    const text = (await tool.run(['history'])).stdout.split('\n');
    expect(text.find((line) => line.includes('Broken Cube'))).toMatch(
      /\trepublish cube Broken Cube \(job \S+\)\tfailed \(scheduled\) .*WH_SALES_FACT.*\tstep 3\/4 republish cube "Broken Cube"/,
    );
    expect(text.find((line) => line.includes('Sales_Ready'))).toMatch(
      /\ttrigger event Sales_Ready\tsucceeded \(scheduled\)\tstep 4\/4 trigger event "Sales_Ready"$/,
    );

    // The schedule's own record of the run: its exit code, kept for the window's notice.
    const log = readFileSync(scheduleLogFile(tool.home, id), 'utf8');
    expect(log).toMatch(/scheduled run of preset "Nightly"[\s\S]*exit code 1/);
  });
});
