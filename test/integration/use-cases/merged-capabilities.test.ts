/**
 * Capabilities that joined the layer with the scheduled-jobs and data-file work: renaming a preset
 * moves its schedule, a job id finds its preset (and a scheduled run of a gone one leaves a line in
 * the job's log), and the data files' problems are reported without losing what could be read.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataFileProblems, problemsMetSoFar } from '../../../src/main/use-cases/data-folder.ts';
import { SettingsStore } from '../../../src/main/settings/settings-store.ts';
import * as plans from '../../../src/main/use-cases/plans-and-presets.ts';
import * as schedules from '../../../src/main/use-cases/schedules.ts';
import { failure, simulator } from '../helpers.ts';
import { connected, world } from './world.ts';

const PURGE = { kind: 'purge' as const, projects: { all: true as const }, cacheTypes: ['object' as const] };
const NIGHTLY = { time: '02:00', days: ['mon' as const] };

describe('presets by job id and renamed', () => {
  it('renames a scheduled preset with its schedule, and its new job id finds it', async () => {
    const sim = await simulator({ projects: 1 });
    const { services } = world();
    const dev = await connected(services, sim, { name: 'Dev', tier: 'dev' });
    await plans.savePreset(services, { name: 'Nightly', environments: [dev.id], steps: [PURGE] }, { replace: false });
    await schedules.addSchedule(services, { presetName: 'Nightly', ...NIGHTLY }, {});
    const renamed = await plans.renamePreset(services, 'Nightly', 'Nightly EU');
    expect(renamed).toMatchObject({ preset: { name: 'Nightly EU' }, rescheduled: true });
    const listed = await schedules.listSchedules(services);
    expect(listed.schedules.map((schedule) => schedule.presetName)).toEqual(['Nightly EU']);
    const command = await plans.presetCommand(services, 'Nightly EU');
    const id = /--id (\S+)/.exec(command.command)?.[1] ?? '';
    expect(await schedules.presetNameForJob(services, id, { scheduled: false })).toBe('Nightly EU');
  });

  it('a scheduled run of a job whose preset is gone fails with PRESET_NOT_FOUND and says so in the job’s log', async () => {
    const { services } = world();
    const id = 'mstr-cache-gone-0123abcd';
    const gone = await failure(schedules.presetNameForJob(services, id, { scheduled: true }));
    expect(gone.code).toBe('PRESET_NOT_FOUND');
    const log = join(services.dataFolder, 'schedules', `${id}.log`);
    expect(existsSync(log)).toBe(true);
    expect(readFileSync(log, 'utf8')).toContain(`scheduled run of job ${id}`);
  });
});

describe('data files', () => {
  it('reports a damaged presets file and a bad profile, keeping the good profile usable', async () => {
    const sim = await simulator({ projects: 1 });
    const { services } = world();
    await connected(services, sim, { name: 'Good' });
    const profiles = JSON.parse(readFileSync(services.profiles.path, 'utf8')) as { profiles: unknown[] };
    profiles.profiles.push({ name: 42 });
    writeFileSync(services.profiles.path, JSON.stringify(profiles));
    writeFileSync(services.presets.path, '{ not json');

    const problems = await dataFileProblems(services, new SettingsStore(services.dataFolder));
    expect(problems.map((problem) => problem.code).sort()).toEqual(['DATA_ENTRY_INVALID', 'DATA_FILE_DAMAGED']);
    expect((await services.profiles.list()).profiles.map((profile) => profile.name)).toEqual(['Good']);
    expect(problemsMetSoFar(services).length).toBeGreaterThan(0);
    expect(problemsMetSoFar(services)).toEqual([]);
  });
});
