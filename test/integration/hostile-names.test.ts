/**
 * Names at the command line: a new name that breaks the name rule is refused wherever it comes in
 * (save, rename, import, a script's file name) with INVALID_NAME and nothing saved; a name an older
 * version saved still lists, runs and can be renamed, with the reason it needs renaming; and no
 * name printed in text mode can move the cursor, recolour the screen or reverse the line, while
 * --json keeps every name exact.
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createServices } from '../../src/main/services.ts';
import { SystemdUserScheduler } from '../../src/main/schedules/systemd.ts';
import { addProfile, cli, type Cli, type CliResult } from './cli-helpers.ts';
import { simulator } from './helpers.ts';
import { privateKeyringStore } from './keyring.ts';
import { windowHandlers } from './window-main.ts';

const EVIL = '\u001b[2J\u001b[31mEVIL \u202eevil';

/** Text a terminal would act on: C0/C1 controls but tab and the line ends, and direction overrides. */
function actionable(text: string): string[] {
  // eslint-disable-next-line no-control-regex
  return [...text.matchAll(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g)].map(
    (match) => `U+${(match[0].codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`,
  );
}

function expectPlain(result: CliResult): void {
  expect(actionable(result.stdout), result.stdout).toEqual([]);
  expect(actionable(result.stderr), result.stderr).toEqual([]);
}

async function errorCode(tool: Cli, args: string[]): Promise<{ exit: number; code: string; message: string }> {
  const result = await tool.run(args.includes('--') ? args : [...args, '--json']);
  expectPlain(result);
  if (!args.includes('--')) {
    const body = JSON.parse(result.stdout) as { error: { code: string; message: string } };
    return { exit: result.code, ...body.error };
  }
  const match = /error (\w+): (.*)/.exec(result.stderr);
  return { exit: result.code, code: match?.[1] ?? '', message: match?.[2] ?? '' };
}

/** Renames the preset and the profile in their files, as an older version could have saved them. */
function renameInFiles(tool: Cli, preset: string, profile: string): void {
  for (const [file, key, name] of [
    ['presets.json', 'presets', preset],
    ['profiles.json', 'profiles', profile],
  ] as const) {
    const path = join(tool.home, file);
    const content = JSON.parse(readFileSync(path, 'utf8')) as Record<string, { name: string }[]>;
    (content[key]?.[0] as { name: string }).name = name;
    writeFileSync(path, JSON.stringify(content));
  }
}

describe('names', () => {
  it('refuses a new name with a control or direction character, or a leading "-", and saves nothing', async () => {
    const tool = cli();
    const sim = await simulator();
    await addProfile(tool, sim, 'Test');
    const save = ['preset', 'save', '--all', '--type', 'object', '--'];
    // (A lone surrogate cannot arrive in argv: the process gets U+FFFD. The window's requests can send one.)
    for (const name of ['-h', 'a\nb', 'rtl\u202e']) {
      const refused = await errorCode(tool, [...save, name, 'Test']);
      expect(refused, JSON.stringify(name)).toMatchObject({ exit: 2, code: 'INVALID_NAME' });
    }
    expect((await errorCode(tool, [...save, EVIL, 'Test'])).message).toContain('control character U+001B');
    const profile = await errorCode(tool, [
      'profiles',
      'add',
      '--name',
      'x\u202ey',
      '--url',
      sim.url,
      '--tier',
      'test',
    ]);
    expect(profile).toMatchObject({ exit: 2, code: 'INVALID_NAME' });
    expect(profile.message).toContain('U+202E');
    const exported = join(tool.home, 'bad.json');
    writeFileSync(exported, JSON.stringify([{ name: '-prod', url: sim.url, tier: 'test' }]));
    const imported = await tool.json<{ rejected: { reason: string }[] }>(['profiles', 'import', exported]);
    expect(imported.body.rejected[0]?.reason).toContain('starts with "-"');
    expect((await tool.json<{ presets: unknown[] }>(['preset', 'list'])).body.presets).toEqual([]);
    expect((await tool.json<{ profiles: unknown[] }>(['profiles', 'list'])).body.profiles).toHaveLength(1);
  });
});

describe('a script file name', () => {
  it('that would be a bad preset name is refused before the script is read, and --name is taken', async () => {
    const tool = cli();
    const sim = await simulator();
    await addProfile(tool, sim, 'Test');
    const folder = mkdtempSync(join(tmpdir(), 'mstr-scripts-'));
    const file = join(folder, '\u001b[2J\u001b[31mEVIL.scp');
    writeFileSync(file, 'PURGE OBJECT CACHING IN ALL PROJECTS;\n');
    const refused = await tool.run(['preset', 'import-script', file, '--profile', 'Test']);
    expectPlain(refused);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('error INVALID_NAME');
    expect(refused.stderr).toContain('--name PRESET');
    const named = await tool.run(['preset', 'import-script', file, '--profile', 'Test', '--name', 'Nightly']);
    expect(named.code, named.stderr).toBe(0);
    expectPlain(named);
  });
});

describe('a name saved by an older version', () => {
  it('lists, runs, schedules and renames; text output is plain, --json exact', async () => {
    const tool = cli();
    const sim = await simulator({ projects: 2 });
    await addProfile(tool, sim, 'Test');
    await tool.run(['preset', 'save', 'placeholder', 'Test', '--all', '--type', 'object']);
    renameInFiles(tool, EVIL, EVIL);
    const presets = await tool.run(['preset', 'list']);
    expectPlain(presets);
    expect(presets.stderr).toContain('needs renaming: it contains the control character U+001B');
    const profiles = await tool.run(['profiles', 'list']);
    expectPlain(profiles);
    expect(profiles.stderr).toContain(`profiles edit NAME --name NEW_NAME`);
    const json = await tool.json<{ presets: { name: string; nameProblem: string }[] }>(['preset', 'list']);
    expect(json.body.presets[0]).toMatchObject({ name: EVIL, nameProblem: expect.stringContaining('U+001B') });
    const listedProfiles = await tool.json<{ nameProblems: { name: string }[] }>(['profiles', 'list']);
    expect(listedProfiles.body.nameProblems.map((entry) => entry.name)).toEqual([EVIL]);

    const ran = await tool.run(['preset', 'run', '--password-stdin', '--', EVIL], { stdin: 'admin-pass' });
    expect(ran.code, ran.stderr).toBe(0);
    expectPlain(ran);
    const scheduled = await tool.run(['schedule', 'add', '--at', '02:00', '--', EVIL], { env: fakeSystemctl() });
    expect(scheduled.code, scheduled.stderr).toBe(0);
    expectPlain(scheduled);
    expect(scheduled.stdout).toMatch(/^Scheduled preset \ufffd\[2J\ufffd\[31mEVIL \ufffdevil at 02:00/);
    const command = await tool.run(['preset', 'command', '--', EVIL]);
    expectPlain(command);
    expect(command.stdout.split('\n')[0]).toBe('# MSTR Cache Console: preset "\ufffd[2J\ufffd[31mEVIL \ufffdevil"');
    await expectPlainRenamesAndRemoval(tool);
  });
});

describe('names from the window', () => {
  it('refuses a new bad name (a lone surrogate too), renames a preset with its schedule, lists lost jobs', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'mstr-window-names-'));
    const units = join(folder, 'units');
    const scheduler = new SystemdUserScheduler({
      folder: units,
      run: async () => ({ code: 0, stdout: '', stderr: '' }),
    });
    const services = createServices({
      dataFolder: folder,
      secrets: privateKeyringStore(),
      scheduler,
      cliInvocation: ['app'],
    });
    const handlers = windowHandlers(services);
    const profile = await handlers['profiles:save']({
      draft: { name: 'Test', url: 'https://mstr.example.com/MicroStrategyLibrary', tier: 'test' },
    });
    const plan = {
      environments: [profile.id],
      steps: [{ kind: 'purge' as const, projects: { all: true as const }, cacheTypes: ['object' as const] }],
    };
    for (const name of ['lone\ud800', '\u202eevil', '-h'])
      await expect(handlers['presets:save']({ ...plan, name })).rejects.toMatchObject({ code: 'INVALID_NAME' });
    await expect(
      handlers['profiles:save']({ draft: { name: 'x\ny', url: 'https://a.example.com/x', tier: 'test' } }),
    ).rejects.toMatchObject({ code: 'INVALID_NAME' });
    await handlers['presets:save']({ ...plan, name: 'Nightly' });
    const added = await handlers['schedules:add']({
      presetName: 'Nightly',
      time: '02:00',
      days: ['mon'],
      confirmedProduction: false,
    });
    await expect(handlers['presets:rename']({ name: 'Nightly', newName: '-x' })).rejects.toMatchObject({
      code: 'INVALID_NAME',
    });
    expect(await handlers['presets:rename']({ name: 'Nightly', newName: 'Nightly EU' })).toMatchObject({
      name: 'Nightly EU',
    });
    const listed = await handlers['schedules:list'](undefined);
    expect(listed.schedules.map((schedule) => schedule.presetName)).toEqual(['Nightly EU']);
    expect(await scheduler.installedJobs()).toEqual([listed.schedules[0]?.jobName]);
    expect(listed.schedules[0]?.jobName).not.toBe(added.jobName);
    writeFileSync(join(folder, 'schedules.json'), 'not json');
    const lost = await handlers['schedules:list'](undefined);
    expect(lost).toMatchObject({
      schedules: [],
      unlisted: [{ presetName: 'Nightly EU' }],
      problem: expect.stringContaining('schedules.json'),
    });
    await handlers['schedules:remove']({ presetName: 'Nightly EU' });
    expect(await scheduler.installedJobs()).toEqual([]);
  });
});

describe('a rename whose job cannot follow', () => {
  it('says so, and the old job still finds the renamed preset by its old id', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'mstr-rename-fails-'));
    let failEnable = false;
    const scheduler = new SystemdUserScheduler({
      folder: join(folder, 'units'),
      run: async (_program, args) =>
        failEnable && args.includes('enable')
          ? { code: 1, stdout: '', stderr: 'Failed to enable unit: Access denied' }
          : { code: 0, stdout: '', stderr: '' },
    });
    const services = createServices({
      dataFolder: folder,
      secrets: privateKeyringStore(),
      scheduler,
      cliInvocation: ['app'],
    });
    const profile = await services.profiles.create({ name: 'Test', url: 'https://mstr.example.com/x', tier: 'test' });
    const steps = [{ kind: 'purge' as const, projects: { all: true as const }, cacheTypes: ['object' as const] }];
    await services.presets.save({ name: 'Nightly', environments: [profile.id], steps }, { replace: false });
    const { jobName } = await services.schedules.add({
      presetName: 'Nightly',
      time: '02:00',
      days: ['mon'],
    });
    failEnable = true;
    await expect(services.schedules.renamePreset('Nightly', 'Nightly EU')).rejects.toMatchObject({
      code: 'SCHEDULER_FAILED',
      message: expect.stringContaining('its old job still runs it'),
    });
    expect((await services.schedules.list()).map((schedule) => [schedule.presetName, schedule.jobName])).toEqual([
      ['Nightly EU', jobName],
    ]);
    expect(await services.schedules.presetNameForId(jobName)).toBe('Nightly EU');
    expect(await scheduler.installedJobs()).toEqual([jobName]);
    expect((await services.schedules.overview()).unlisted).toEqual([]);
  });
});

async function expectPlainRenamesAndRemoval(tool: Cli): Promise<void> {
  const edited = await tool.run(['profiles', 'edit', EVIL, '--notes', 'kept name']);
  expect(edited.code, edited.stderr).toBe(0);
  expectPlain(edited);
  const profile = await tool.run(['profiles', 'edit', EVIL, '--name', 'Test']);
  expect(profile.code, profile.stderr).toBe(0);
  const renamed = await tool.run(['preset', 'rename', '--', EVIL, 'Nightly'], { env: fakeSystemctl() });
  expect(renamed.code, renamed.stderr).toBe(0);
  expectPlain(renamed);
  expect(renamed.stdout).toContain('its schedule follows');
  const removed = await tool.run(['preset', 'remove', 'Nightly'], { env: fakeSystemctl() });
  expectPlain(removed);
  expect(removed.stdout).toBe('Removed preset Nightly and its schedule.\n');
}

/** A systemctl that succeeds, and a private unit folder, so schedules install nowhere real. */
function fakeSystemctl(): NodeJS.ProcessEnv {
  const folder = mkdtempSync(join(tmpdir(), 'mstr-fake-systemctl-'));
  mkdirSync(join(folder, 'bin'));
  writeFileSync(join(folder, 'bin', 'systemctl'), '#!/bin/sh\nexit 0\n');
  chmodSync(join(folder, 'bin', 'systemctl'), 0o755);
  return { PATH: `${join(folder, 'bin')}:${process.env.PATH}`, XDG_CONFIG_HOME: SHARED_CONFIG };
}

const SHARED_CONFIG = mkdtempSync(join(tmpdir(), 'mstr-names-config-'));
