/**
 * Native schedules from the command line: the job installed in the user's systemd (here a recording
 * stand-in for systemctl on the PATH, and the real user instance where the machine has one), the job
 * run exactly as the timer would run it, its log and last run, a run started the way cron starts
 * it (no D-Bus session, so no keychain), and the schedule going with its preset.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createServices } from '../../src/main/services.ts';
import { KeychainSecretStore } from '../../src/main/secrets/keychain.ts';
import type { ScheduleView } from '../../src/shared/schedule.ts';
import { addProfile, cli, runProgram, type Cli } from './cli-helpers.ts';
import { simulator } from './helpers.ts';

/** A systemctl that records its arguments and succeeds, first on the PATH of the command line. */
function recordingSystemctl(): { env: NodeJS.ProcessEnv; calls: () => string[][]; unitFolder: string } {
  const folder = mkdtempSync(join(tmpdir(), 'mstr-systemctl-'));
  const log = join(folder, 'calls.jsonl');
  const bin = join(folder, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'systemctl'), `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\nexit 0\n`);
  chmodSync(join(bin, 'systemctl'), 0o755);
  const config = join(folder, 'config');
  return {
    env: { PATH: `${bin}:${process.env.PATH}`, XDG_CONFIG_HOME: config },
    calls: () =>
      existsSync(log)
        ? readFileSync(log, 'utf8')
            .trim()
            .split('\n')
            .map((line) => line.split(' '))
        : [],
    unitFolder: join(config, 'systemd', 'user'),
  };
}

/** ExecStart= as systemd splits it: double-quoted words with \\ escapes, %% and $$ doubled. */
function execStart(service: string): string[] {
  const line = /^ExecStart=(.*)$/m.exec(service)?.[1] ?? '';
  return [...line.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((match) =>
    (match[1] as string).replace(/\\(.)/g, '$1').replace(/%%/g, '%').replace(/\$\$/g, '$'),
  );
}

function environment(service: string): Record<string, string> {
  const pairs = [...service.matchAll(/^Environment="(.*)"$/gm)].map((match) =>
    (match[1] as string).replace(/%%/g, '%'),
  );
  return Object.fromEntries(pairs.map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]));
}

/**
 * Presets saved under names the name rule now refuses, as an older version let them in: saved
 * under a placeholder, then renamed in presets.json by hand.
 */
async function savedUnderNames(tool: Cli, names: string[]): Promise<void> {
  for (const [index] of names.entries())
    expect((await tool.run(['preset', 'save', `placeholder ${index}`, 'Test', '--all', '--type', 'object'])).code).toBe(
      0,
    );
  const file = join(tool.home, 'presets.json');
  const presets = JSON.parse(readFileSync(file, 'utf8')) as { presets: { name: string }[] };
  presets.presets.forEach((preset, index) => (preset.name = names[index] as string));
  writeFileSync(file, JSON.stringify(presets));
}

/** A command with --json whose last words follow "--", so a name starting with "-" stays a name. */
async function afterDashes<T>(
  tool: Cli,
  args: string[],
  names: string[],
  options: { env: NodeJS.ProcessEnv },
): Promise<{ code: number; body: T }> {
  const result = await tool.run([...args, '--json', '--', ...names], options);
  return { code: result.code, body: JSON.parse(result.stdout) as T };
}

async function scheduleList(tool: Cli, env: NodeJS.ProcessEnv): Promise<ScheduleView[]> {
  const listed = await tool.json<{ schedules: ScheduleView[] }>(['schedule', 'list'], { env });
  return listed.body.schedules;
}

const userSystemd = spawnSync('systemctl', ['--user', 'show-environment']).status === 0;
if (!userSystemd)
  console.warn('skipped: no systemd user instance answers on this machine, so a timer was not installed for real.');

describe('schedules', () => {
  it('installs a systemd user timer, runs it as the timer would, logs and records the run, and goes with its preset', async () => {
    const tool = cli();
    const systemd = recordingSystemctl();
    const sim = await simulator({ projects: 3 });
    await addProfile(tool, sim, 'Test');
    await tool.run(['login', 'Test', '--password-stdin', '--remember'], { stdin: 'admin-pass' });
    await tool.run(['logout', 'Test']);
    expect((await tool.run(['preset', 'save', 'Nightly EU', 'Test', '--all', '--type', 'element'])).code).toBe(0);

    const added = await tool.json<{ schedule: ScheduleView }>(
      ['schedule', 'add', 'nightly eu', '--at', '2:30', '--days', 'mon-fri'],
      { env: systemd.env },
    );
    expect(added.code, JSON.stringify(added.body)).toBe(0);
    const { jobName } = added.body.schedule;
    expect(added.body.schedule).toMatchObject({
      presetName: 'Nightly EU',
      time: '02:30',
      installed: true,
      backend: 'systemd user timer',
    });
    expect(systemd.calls()).toEqual([
      ['--user', 'show-environment'],
      ['--user', 'daemon-reload'],
      ['--user', 'enable', '--now', `${jobName}.timer`],
    ]);
    const timer = readFileSync(join(systemd.unitFolder, `${jobName}.timer`), 'utf8');
    expect(timer).toContain('OnCalendar=Mon,Tue,Wed,Thu,Fri *-*-* 02:30:00');
    const service = readFileSync(join(systemd.unitFolder, `${jobName}.service`), 'utf8');
    const argv = execStart(service);
    expect(argv.slice(-8)).toEqual([
      '--data-folder',
      tool.home,
      'preset',
      'run',
      '--id',
      jobName,
      '--scheduled',
      '--json',
    ]);
    expect(service).not.toContain('Nightly EU"" ');

    // The timer fires: the job's own command and variables, inside the user's session (D-Bus, keyring).
    const sessionEnv = { ...process.env, ...environment(service), MSTR_CACHE_HOME: '', MSTR_CACHE_PASSWORD: '' };
    const fired = await runProgram(argv[0] as string, argv.slice(1), { env: sessionEnv, cwd: '/' });
    expect(fired.code, fired.stderr).toBe(0);
    expect(JSON.parse(fired.stdout)).toMatchObject({ ok: true, summary: { succeeded: 3 } });
    const history = await tool.json<{ entries: { scheduled: boolean }[] }>(['history']);
    expect(history.body.entries).toHaveLength(3);
    expect(history.body.entries.every((entry) => entry.scheduled)).toBe(true);
    const log = readFileSync(added.body.schedule.logFile, 'utf8');
    expect(log).toMatch(
      /--- \S+ scheduled run of preset "Nightly EU"\n[\s\S]*"succeeded": 3[\s\S]*--- \S+ exit code 0\n$/,
    );
    const [listed] = await scheduleList(tool, systemd.env);
    expect(listed).toMatchObject({ installed: true, lastRun: { exitCode: 0, succeeded: 3, failed: 0, error: null } });
    expect(Date.parse(listed?.nextRun ?? '')).toBeGreaterThan(Date.now());

    // A failed run is kept, and the window is told of it until the user has seen it.
    sim.inject({ kind: 'status', status: 500, times: 50, match: /caches/ });
    const failed = await runProgram(argv[0] as string, argv.slice(1), { env: sessionEnv });
    expect(failed.code).toBe(1);
    const services = createServices({
      dataFolder: tool.home,
      secrets: new KeychainSecretStore(tool.service),
      scheduler: null,
    });
    expect((await services.schedules.unseenFailures()).map((schedule) => schedule.presetName)).toEqual(['Nightly EU']);
    await services.schedules.acknowledge();
    expect(await services.schedules.unseenFailures()).toEqual([]);
    sim.clearFaults();

    const removed = await tool.run(['preset', 'remove', 'Nightly EU'], { env: systemd.env });
    expect(removed.stdout).toContain('and its schedule');
    expect(systemd.calls().slice(-2)).toEqual([
      ['--user', 'disable', '--now', `${jobName}.timer`],
      ['--user', 'daemon-reload'],
    ]);
    expect(existsSync(join(systemd.unitFolder, `${jobName}.timer`))).toBe(false);
    expect(existsSync(join(systemd.unitFolder, `${jobName}.service`))).toBe(false);
    expect(await scheduleList(tool, systemd.env)).toEqual([]);
  });

  it('started as cron starts it (no D-Bus session), says the keychain is unavailable and what works instead', async () => {
    const tool = cli();
    const sim = await simulator({ projects: 2 });
    await addProfile(tool, sim, 'Test');
    await tool.run(['login', 'Test', '--password-stdin', '--remember'], { stdin: 'admin-pass' });
    await tool.run(['logout', 'Test']);
    await tool.run(['preset', 'save', 'nightly', 'Test', '--all', '--type', 'object']);
    const logins = sim.callsTo(/auth\/login/).length;
    const cron = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      MSTR_CACHE_HOME: tool.home,
      MSTR_CACHE_KEYCHAIN_SERVICE: tool.service,
    };
    const run = await runProgram(
      process.execPath,
      [join(import.meta.dirname, '../../src/main/cli/bin.ts'), 'preset', 'run', 'nightly', '--json'],
      {
        env: cron,
        bareEnv: cron,
      },
    );
    expect(run.code).toBe(3);
    const body = JSON.parse(run.stdout);
    expect(body.environments[0].error.code).toBe('KEYCHAIN_UNAVAILABLE');
    expect(body.environments[0].error.message).toContain('schedule add');
    expect(body.environments[0].error.message).toContain('MSTR_CACHE_PASSWORD');
    expect(body.environments[0].error.message).not.toContain('Enter the password');
    expect(sim.callsTo(/auth\/login/)).toHaveLength(logins);

    const withPassword = { ...cron, MSTR_CACHE_PASSWORD: 'admin-pass' };
    const works = await runProgram(
      process.execPath,
      [join(import.meta.dirname, '../../src/main/cli/bin.ts'), 'preset', 'run', 'nightly', '--json'],
      {
        env: withPassword,
        bareEnv: withPassword,
      },
    );
    expect(works.code, works.stdout).toBe(0);
  });

  it('refuses to schedule a production preset without --yes, installing nothing', async () => {
    const tool = cli();
    const systemd = recordingSystemctl();
    const sim = await simulator();
    await addProfile(tool, sim, 'Prod EU', 'prod');
    await tool.run(['preset', 'save', 'nightly', 'Prod EU', '--all', '--type', 'object']);
    const refused = await tool.json<{ error: { code: string; message: string } }>(
      ['schedule', 'add', 'nightly', '--at', '02:00'],
      {
        env: systemd.env,
      },
    );
    expect(refused.code).toBe(2);
    expect(refused.body.error.code).toBe('CONFIRMATION_REQUIRED');
    expect(refused.body.error.message).toContain('will not ask for the confirmation');
    expect(systemd.calls()).toEqual([]);
    expect(await scheduleList(tool, systemd.env)).toEqual([]);
    const confirmed = await tool.json<{ schedule: ScheduleView }>(
      ['schedule', 'add', 'nightly', '--at', '02:00', '--yes'],
      { env: systemd.env },
    );
    expect(confirmed.code).toBe(0);
    const service = readFileSync(join(systemd.unitFolder, `${confirmed.body.schedule.jobName}.service`), 'utf8');
    expect(execStart(service).at(-1)).toBe('--yes');
    expect((await tool.run(['schedule', 'remove', 'nightly'], { env: systemd.env })).code).toBe(0);
    expect((await tool.json(['schedule', 'remove', 'nightly'], { env: systemd.env })).body).toMatchObject({
      error: { code: 'SCHEDULE_NOT_FOUND' },
    });
  });
});

describe('schedules of names an older version let in', () => {
  it('runs a preset whose name is an option, breaks quotes or holds a CR by its id, not its name', async () => {
    const tool = cli();
    const systemd = recordingSystemctl();
    const sim = await simulator({ projects: 2 });
    await addProfile(tool, sim, 'Test');
    await tool.run(['login', 'Test', '--password-stdin', '--remember'], { stdin: 'admin-pass' });
    await tool.run(['logout', 'Test']);
    const names = ['-h', "a' --yes '--stop-on-error", 'cr\rExecStart=/usr/bin/touch /tmp/x\r#'];
    await savedUnderNames(tool, names);
    const sessionEnv = { ...process.env, MSTR_CACHE_HOME: '', MSTR_CACHE_PASSWORD: '' };
    for (const name of names) {
      const added = await afterDashes<{ schedule: ScheduleView }>(tool, ['schedule', 'add', '--at', '04:00'], [name], {
        env: systemd.env,
      });
      expect(added.code, JSON.stringify(added.body)).toBe(0);
      expect(added.body.schedule.presetName).toBe(name);
      const service = readFileSync(join(systemd.unitFolder, `${added.body.schedule.jobName}.service`), 'utf8');
      const argv = execStart(service);
      expect(argv.slice(-5)).toEqual(['run', '--id', added.body.schedule.jobName, '--scheduled', '--json']);
      const fired = await runProgram(argv[0] as string, argv.slice(1), {
        env: { ...sessionEnv, ...environment(service) },
      });
      expect(fired.code, fired.stdout + fired.stderr).toBe(0);
      expect(JSON.parse(fired.stdout)).toMatchObject({ ok: true, summary: { succeeded: 2 } });
    }
    const listed = await scheduleList(tool, systemd.env);
    expect(listed.map((schedule) => [schedule.presetName, schedule.lastRun?.exitCode])).toEqual(
      names.map((name) => [name, 0]),
    );
  });
});

describe('a schedules file that cannot be read', () => {
  it('keeps the jobs the app installed listed (from the scheduler) and removable', async () => {
    const tool = cli();
    const systemd = recordingSystemctl();
    const sim = await simulator();
    await addProfile(tool, sim, 'Test');
    await tool.run(['preset', 'save', 'nightly', 'Test', '--all', '--type', 'object']);
    const added = await tool.json<{ schedule: ScheduleView }>(['schedule', 'add', 'nightly', '--at', '02:00'], {
      env: systemd.env,
    });
    const { jobName } = added.body.schedule;
    writeFileSync(join(tool.home, 'schedules.json'), '{"schemaVersion": 1, "schedules": [ broken');
    const listed = await tool.json<{ schedules: ScheduleView[]; unlisted: unknown[]; problem: string }>(
      ['schedule', 'list'],
      { env: systemd.env },
    );
    expect(listed.body.unlisted).toEqual([{ presetName: 'nightly', jobName, backend: 'systemd user timer' }]);
    expect(listed.body.problem).toContain('schedules.json could not be read');
    expect(listed.body.problem).toContain('not valid JSON');
    const text = await tool.run(['schedule', 'list'], { env: systemd.env });
    expect(text.stdout).toContain(`nightly\ttime unknown (not in schedules.json)\tsystemd user timer ${jobName}`);
    expect(text.stderr).toContain('schedules.json could not be read');
    const removed = await tool.run(['schedule', 'remove', 'nightly'], { env: systemd.env });
    expect(removed.code, removed.stderr).toBe(0);
    expect(existsSync(join(systemd.unitFolder, `${jobName}.timer`))).toBe(false);
    expect(existsSync(join(systemd.unitFolder, `${jobName}.service`))).toBe(false);
    // The damaged file is left as it is for the user to fix, and still said to be so.
    const after = await tool.json<{ unlisted: unknown[]; problem: string }>(['schedule', 'list'], { env: systemd.env });
    expect(after.body).toMatchObject({ schedules: [], unlisted: [] });
    expect(after.body.problem).toContain('schedules.json could not be read');
  });

  it('a schedule follows its preset when it is renamed: the new job runs it, the old job is gone', async () => {
    const tool = cli();
    const systemd = recordingSystemctl();
    const sim = await simulator();
    await addProfile(tool, sim, 'Test');
    await savedUnderNames(tool, ['-nightly']);
    const added = await afterDashes<{ schedule: ScheduleView }>(
      tool,
      ['schedule', 'add', '--at', '02:00'],
      ['-nightly'],
      {
        env: systemd.env,
      },
    );
    const old = added.body.schedule.jobName;
    const renamed = await afterDashes<{ rescheduled: boolean }>(tool, ['preset', 'rename'], ['-nightly', 'nightly'], {
      env: systemd.env,
    });
    expect(renamed.body).toMatchObject({ ok: true, rescheduled: true, preset: { name: 'nightly' } });
    const [schedule] = await scheduleList(tool, systemd.env);
    expect(schedule).toMatchObject({ presetName: 'nightly', time: '02:00', installed: true });
    expect(schedule?.jobName).not.toBe(old);
    expect(existsSync(join(systemd.unitFolder, `${old}.timer`))).toBe(false);
    const service = readFileSync(join(systemd.unitFolder, `${schedule?.jobName}.service`), 'utf8');
    expect(execStart(service)).toContain(schedule?.jobName);
  });
});

describe('a job whose preset is gone', () => {
  it('records the failure while it is listed, and says why in its log when it is not', async () => {
    const tool = cli();
    const systemd = recordingSystemctl();
    const sim = await simulator();
    await addProfile(tool, sim, 'Test');
    await tool.run(['preset', 'save', 'nightly', 'Test', '--all', '--type', 'object']);
    const added = await tool.json<{ schedule: ScheduleView }>(['schedule', 'add', 'nightly', '--at', '02:00'], {
      env: systemd.env,
    });
    const { jobName, logFile } = added.body.schedule;
    const argv = execStart(readFileSync(join(systemd.unitFolder, `${jobName}.service`), 'utf8'));
    writeFileSync(join(tool.home, 'presets.json'), JSON.stringify({ schemaVersion: 2, presets: [] }));
    const env = { ...process.env, MSTR_CACHE_HOME: '', MSTR_CACHE_KEYCHAIN_SERVICE: tool.service };
    expect((await runProgram(argv[0] as string, argv.slice(1), { env })).code).toBe(2);
    const [listed] = await scheduleList(tool, systemd.env);
    expect(listed?.lastRun?.error?.code).toBe('PRESET_NOT_FOUND');
    writeFileSync(join(tool.home, 'schedules.json'), JSON.stringify({ schemaVersion: 1, schedules: [] }));
    const fired = await runProgram(argv[0] as string, argv.slice(1), { env });
    expect(JSON.parse(fired.stdout)).toMatchObject({ ok: false, error: { code: 'PRESET_NOT_FOUND' } });
    expect(readFileSync(logFile, 'utf8')).toContain(`scheduled run of job ${jobName}: No preset has the id ${jobName}`);
  });
});

describe('schedules without a recording systemctl', () => {
  it.skipIf(userSystemd)('without a systemd user instance, says so and installs nothing', async () => {
    const tool = cli();
    const sim = await simulator();
    await addProfile(tool, sim, 'Test');
    await tool.run(['preset', 'save', 'nightly', 'Test', '--all', '--type', 'object']);
    const config = mkdtempSync(join(tmpdir(), 'mstr-config-'));
    const result = await tool.json<{ error: { code: string; message: string } }>(
      ['schedule', 'add', 'nightly', '--at', '02:00'],
      {
        env: { XDG_CONFIG_HOME: config },
      },
    );
    expect(result.code).toBe(2);
    expect(result.body.error.code).toBe('SCHEDULER_UNAVAILABLE');
    expect(result.body.error.message).toContain('No systemd user instance answers');
    expect(existsSync(join(config, 'systemd'))).toBe(false);
  });

  it.skipIf(!userSystemd)('installs a real timer in the systemd user instance and removes it', async () => {
    const tool = cli();
    const sim = await simulator();
    await addProfile(tool, sim, 'Test');
    await tool.run(['preset', 'save', 'real timer test', 'Test', '--all', '--type', 'object']);
    const added = await tool.json<{ schedule: ScheduleView }>([
      'schedule',
      'add',
      'real timer test',
      '--at',
      '03:17',
      '--days',
      'sun',
    ]);
    expect(added.code).toBe(0);
    const timers = spawnSync('systemctl', ['--user', 'list-timers', '--all', '--no-pager'], {
      encoding: 'utf8',
    }).stdout;
    expect(timers).toContain(`${added.body.schedule.jobName}.timer`);
    expect((await tool.run(['schedule', 'remove', 'real timer test'])).code).toBe(0);
    const after = spawnSync('systemctl', ['--user', 'list-timers', '--all', '--no-pager'], { encoding: 'utf8' }).stdout;
    expect(after).not.toContain(added.body.schedule.jobName);
  });
});
