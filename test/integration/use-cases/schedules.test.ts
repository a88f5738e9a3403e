/**
 * Schedules at the use-case layer: a preset that reaches production, or deletes cube caches, is
 * scheduled only once the user confirmed that its scheduled run will not ask, and nothing is
 * installed otherwise; a confirmed one installs a job whose command carries --yes.
 */
import { describe, expect, it } from 'vitest';
import * as schedules from '../../../src/main/use-cases/schedules.ts';
import { failure, simulator } from '../helpers.ts';
import { connected, world } from './world.ts';

const PURGE = { kind: 'purge' as const, projects: { all: true as const }, cacheTypes: ['object' as const] };
const DELETE_CUBES = { kind: 'cube' as const, action: 'delete' as const, projects: { all: true as const }, filter: {} };
const NIGHTLY = { time: '02:00', days: ['mon' as const, 'tue' as const] };

describe('schedules', () => {
  it('refuses a production preset without its confirmation and installs nothing; typed right, installs it with --yes', async () => {
    const sim = await simulator({ projects: 1 });
    const { services, systemctl } = world();
    const prod = await connected(services, sim, { name: 'Prod EU', tier: 'prod' });
    await services.presets.save({ name: 'Nightly', environments: [prod.id], steps: [PURGE] }, { replace: false });
    expect(await schedules.scheduleNeeds(services, 'Nightly')).toEqual({ production: ['Prod EU'], unpublishes: false });

    const refused = await failure(schedules.addSchedule(services, { presetName: 'Nightly', ...NIGHTLY }, {}));
    expect(refused.code).toBe('CONFIRMATION_REQUIRED');
    expect(refused.message).toContain('will not ask for the confirmation');
    expect(refused.message).toContain('Nothing was installed.');
    const mistyped = await failure(
      schedules.addSchedule(services, { presetName: 'Nightly', ...NIGHTLY }, { typedNames: ['Prod'] }),
    );
    expect(mistyped.message).toBe('The name did not match Prod EU. Nothing was installed.');
    expect(systemctl).toEqual([]);
    expect((await schedules.listSchedules(services)).schedules).toEqual([]);

    const added = await schedules.addSchedule(
      services,
      { presetName: 'Nightly', ...NIGHTLY },
      { typedNames: ['Prod EU'] },
    );
    expect(added.installed).toBe(true);
    expect(systemctl.length).toBeGreaterThan(0);
    expect((await schedules.listSchedules(services)).schedules.map((schedule) => schedule.presetName)).toEqual([
      'Nightly',
    ]);
    await schedules.removeSchedule(services, 'Nightly');
    expect((await schedules.listSchedules(services)).schedules).toEqual([]);
  });

  it('schedules a plan that deletes cube caches only once the unpublishing is accepted, whatever the tier', async () => {
    const sim = await simulator({ projects: 1 });
    const { services, systemctl } = world();
    const dev = await connected(services, sim, { name: 'Dev', tier: 'dev' });
    await services.presets.save({ name: 'Cubes', environments: [dev.id], steps: [DELETE_CUBES] }, { replace: false });
    const refused = await failure(
      schedules.addSchedule(services, { presetName: 'Cubes', ...NIGHTLY }, { production: true }),
    );
    expect(refused.message).toContain('deletes cube caches');
    expect(systemctl).toEqual([]);
    await schedules.addSchedule(services, { presetName: 'Cubes', ...NIGHTLY }, { unpublish: true });
    expect((await schedules.listSchedules(services)).schedules).toHaveLength(1);
  });

  it('keeps a scheduled run as the last run and reports it once among the unseen failures', async () => {
    const sim = await simulator({ projects: 1 });
    const { services } = world();
    const dev = await connected(services, sim, { name: 'Dev', tier: 'dev' });
    await services.presets.save({ name: 'Nightly', environments: [dev.id], steps: [PURGE] }, { replace: false });
    await schedules.addSchedule(services, { presetName: 'Nightly', ...NIGHTLY }, {});
    const now = new Date().toISOString();
    await schedules.recordScheduledRun(services, 'Nightly', {
      startedAt: now,
      finishedAt: now,
      exitCode: 3,
      succeeded: 0,
      failed: 0,
      error: { code: 'UNREACHABLE', message: 'down' },
    });
    expect((await schedules.unseenScheduleFailures(services)).map((schedule) => schedule.presetName)).toEqual([
      'Nightly',
    ]);
    await schedules.acknowledgeScheduleFailures(services);
    expect(await schedules.unseenScheduleFailures(services)).toEqual([]);
  });
});
