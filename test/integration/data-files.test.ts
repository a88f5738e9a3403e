/**
 * Data files as admins edit them by hand (profiles, presets, schedules, settings): a byte order
 * mark, one bad entry, fields of a newer version, a file that is not JSON at all, and a data folder
 * this user may only read. Through the real command line where a user meets it there, and through
 * the window's handlers where the window shows it.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScheduleStore } from '../../src/main/schedules/schedule-store.ts';
import { createServices } from '../../src/main/services.ts';
import { SettingsStore } from '../../src/main/settings/settings-store.ts';
import type { Schedule } from '../../src/shared/schedule.ts';
import { cli } from './cli-helpers.ts';
import { addPlainProfile, readData, readOnlyRunner, writeData } from './data-files-helpers.ts';
import { simulator } from './helpers.ts';
import { privateKeyringStore } from './keyring.ts';
import { windowHandlers } from './window-main.ts';

type Entry = Record<string, unknown>;

const SCHEDULE: Schedule = {
  presetName: 'Nightly',
  time: '02:00',
  days: ['mon'],
  jobName: 'mstr-cache-console-nightly-0123abcd',
  createdAt: '2026-01-01T00:00:00.000Z',
  lastRun: null,
};

describe('hand-edited data files', () => {
  it('reads files saved with a UTF-8 byte order mark as the JSON they hold', async () => {
    const tool = cli();
    await addPlainProfile(tool, 'Alpha');
    await addPlainProfile(tool, 'Beta');
    expect((await tool.run(['preset', 'save', 'Nightly', 'Alpha', '--all', '--type', 'object'])).code).toBe(0);
    writeData(tool, 'profiles.json', readData(tool, 'profiles.json'), '\uFEFF');
    writeData(tool, 'presets.json', readData(tool, 'presets.json'), '\uFEFF');

    const profiles = await tool.run(['profiles', 'list', '--json']);
    expect(JSON.parse(profiles.stdout).profiles.map((profile: Entry) => profile.name)).toEqual(['Alpha', 'Beta']);
    expect(JSON.parse(profiles.stdout)).toMatchObject({ ok: true, problems: [] });
    expect(profiles.stderr).toBe('');
    const presets = await tool.json<{ presets: Entry[] }>(['preset', 'list']);
    expect(presets.body.presets.map((preset) => preset.name)).toEqual(['Nightly']);
    expect(readdirSync(tool.home).filter((name) => name.includes('corrupt'))).toEqual([]);

    const schedules = new ScheduleStore(tool.home);
    await schedules.put(SCHEDULE);
    writeFileSync(schedules.path, `\uFEFF${readFileSync(schedules.path, 'utf8')}`);
    expect(await schedules.load()).toEqual({ entries: [SCHEDULE], problems: [], unreadable: false });
    const settings = new SettingsStore(tool.home);
    await settings.save({ theme: 'dark' });
    writeFileSync(settings.path, `\uFEFF${readFileSync(settings.path, 'utf8')}`);
    expect(await settings.load()).toMatchObject({ settings: { theme: 'dark' }, problems: [] });
  });

  it('one bad profile or preset hides only itself, is reported on stderr, and stays in the file as it was', async () => {
    const tool = cli();
    await addPlainProfile(tool, 'Alpha');
    await addPlainProfile(tool, 'Beta');
    const file = readData(tool, 'profiles.json');
    const [alpha, beta] = file.profiles as Entry[];
    const broken = { ...alpha, id: '11111111-2222-3333-4444-555555555555', name: 'Broken', tier: 5 };
    writeData(tool, 'profiles.json', { ...file, profiles: [alpha, broken, beta] });

    const listed = await tool.run(['profiles', 'list']);
    expect(listed.code).toBe(0);
    expect(listed.stdout.split('\n').map((line) => line.split('\t')[0])).toEqual(['Alpha', 'Beta', '']);
    expect(listed.stderr).toContain(
      `${join(tool.home, 'profiles.json')}, entry 2 ("Broken"), field tier: Invalid type`,
    );
    const json = await tool.json<{ problems: Entry[] }>(['profiles', 'list']);
    expect(json.body.problems).toEqual([
      {
        code: 'DATA_ENTRY_INVALID',
        file: join(tool.home, 'profiles.json'),
        entry: { index: 1, name: 'Broken' },
        field: 'tier',
        reason: expect.stringContaining('Expected string'),
      },
    ]);

    await addPlainProfile(tool, 'Gamma');
    const written = readData(tool, 'profiles.json').profiles as Entry[];
    expect(written.map((profile) => profile.name)).toEqual(['Alpha', 'Broken', 'Beta', 'Gamma']);
    expect(written[1]).toEqual(broken);

    expect((await tool.run(['preset', 'save', 'One', 'Alpha', '--all', '--type', 'object'])).code).toBe(0);
    const presets = readData(tool, 'presets.json');
    const badPreset = { name: 'No steps', environments: [alpha?.id], steps: [] };
    writeData(tool, 'presets.json', { ...presets, presets: [badPreset, ...(presets.presets as Entry[])] });
    const presetList = await tool.run(['preset', 'list']);
    expect(presetList.stdout).toMatch(/^One\t/);
    expect(presetList.stderr).toContain(
      'presets.json, entry 1 ("No steps"), field steps: A preset needs at least one step',
    );
    expect((await tool.run(['preset', 'save', 'Two', 'Beta', '--all', '--type', 'element'])).code).toBe(0);
    expect(readData(tool, 'presets.json').presets).toEqual([
      badPreset,
      expect.objectContaining({ name: 'One' }),
      expect.objectContaining({ name: 'Two' }),
    ]);
  });

  it('keeps the fields a newer version wrote, in each entry and at the top of each file, when it writes the file', async () => {
    const tool = cli();
    await addPlainProfile(tool, 'Alpha');
    expect((await tool.run(['preset', 'save', 'One', 'Alpha', '--all', '--type', 'object'])).code).toBe(0);
    const profiles = readData(tool, 'profiles.json');
    const [alpha] = profiles.profiles as Entry[];
    writeData(tool, 'profiles.json', { ...profiles, writtenBy: '9.0', profiles: [{ ...alpha, region: 'eu-1' }] });
    const presets = readData(tool, 'presets.json');
    const [one] = presets.presets as Entry[];
    writeData(tool, 'presets.json', { ...presets, writtenBy: '9.0', presets: [{ ...one, owner: { team: 'BI' } }] });

    const edited = await tool.run(['profiles', 'edit', 'Alpha', '--tier', 'test']);
    expect(edited.code, edited.stderr).toBe(0);
    expect(edited.stderr).toBe('');
    expect(readData(tool, 'profiles.json')).toMatchObject({
      writtenBy: '9.0',
      profiles: [{ tier: 'test', region: 'eu-1' }],
    });
    expect((await tool.run(['preset', 'save', 'Two', 'Alpha', '--all', '--type', 'object'])).code).toBe(0);
    expect(readData(tool, 'presets.json')).toMatchObject({
      writtenBy: '9.0',
      presets: [{ name: 'One', owner: { team: 'BI' } }, { name: 'Two' }],
    });

    const schedules = new ScheduleStore(tool.home);
    writeData(tool, 'schedules.json', { schemaVersion: 1, host: 'a', schedules: [{ ...SCHEDULE, pausedUntil: null }] });
    await schedules.put({ ...SCHEDULE, presetName: 'Other', jobName: 'mstr-cache-console-other-0123abcd' });
    expect(readData(tool, 'schedules.json')).toMatchObject({
      host: 'a',
      schedules: [{ pausedUntil: null }, { presetName: 'Other' }],
    });
    const settings = new SettingsStore(tool.home);
    writeData(tool, 'settings.json', { theme: 'light', accent: { hue: 210 } });
    await settings.save({ logoutOnQuit: false });
    expect(readData(tool, 'settings.json')).toMatchObject({
      theme: 'light',
      accent: { hue: 210 },
      logoutOnQuit: false,
    });
  });

  it('a presets or schedules file that is not JSON is said on stderr, left where it is, and never written over', async () => {
    const tool = cli();
    await addPlainProfile(tool, 'Alpha');
    const presetsFile = join(tool.home, 'presets.json');
    const schedulesFile = join(tool.home, 'schedules.json');
    const brokenPresets = '{ "schemaVersion": 2, "presets": [ { "name": "Nightly", } ] }';
    writeFileSync(presetsFile, brokenPresets);
    writeFileSync(schedulesFile, '{ "schemaVersion": 1, "schedules": [');

    const listed = await tool.run(['preset', 'list']);
    expect(listed.code).toBe(0);
    expect(listed.stderr).toContain(`${presetsFile} cannot be read: it is not valid JSON (line 1, column 57)`);
    expect(listed.stderr).toContain('it is left as it is');
    const json = await tool.json<{ problems: Entry[] }>(['preset', 'list']);
    expect(json.body.problems).toMatchObject([{ code: 'DATA_FILE_DAMAGED', file: presetsFile }]);
    const saved = await tool.json<{ error: Entry }>(['preset', 'save', 'New', 'Alpha', '--all', '--type', 'object']);
    expect(saved.code).toBe(2);
    expect(saved.body.error).toMatchObject({
      code: 'DATA_FILE_DAMAGED',
      message: expect.stringContaining(presetsFile),
    });

    const schedules = await tool.run(['schedule', 'list']);
    expect(schedules.stderr).toContain(`${schedulesFile} cannot be read: it is not valid JSON`);
    expect(readFileSync(presetsFile, 'utf8')).toBe(brokenPresets);
    expect(readdirSync(tool.home).sort()).toEqual(['presets.json', 'profiles.json', 'schedules.json']);
    const store = await new ScheduleStore(tool.home).load();
    expect(store).toMatchObject({ entries: [], unreadable: true, problems: [{ code: 'DATA_FILE_DAMAGED' }] });
  });

  it('the window lists every data file problem, and a setting broken by hand falls back alone and stays as written', async () => {
    const services = createServices({
      dataFolder: mkdtempSync(join(tmpdir(), 'mstr-data-')),
      secrets: privateKeyringStore(),
    });
    const handlers = windowHandlers(services);
    const folder = services.dataFolder;
    await handlers['profiles:save']({
      draft: { name: 'Alpha', url: 'https://a.example.com/MicroStrategyLibrary', tier: 'dev' },
    });
    const profiles = JSON.parse(readFileSync(join(folder, 'profiles.json'), 'utf8'));
    profiles.profiles.push({ name: 'Half' });
    writeFileSync(join(folder, 'profiles.json'), JSON.stringify(profiles));
    writeFileSync(join(folder, 'presets.json'), 'not json');
    writeFileSync(join(folder, 'schedules.json'), JSON.stringify({ schemaVersion: 7, schedules: [] }));
    writeFileSync(join(folder, 'settings.json'), JSON.stringify({ theme: 'purple', defaultConcurrency: 8, future: 1 }));

    expect(await handlers['app:settings'](undefined)).toMatchObject({ theme: 'system', defaultConcurrency: 8 });
    expect((await handlers['profiles:list'](undefined)).problems).toMatchObject([
      { code: 'DATA_ENTRY_INVALID', entry: { index: 1, name: 'Half' } },
    ]);
    expect(await handlers['app:data-problems'](undefined)).toEqual([
      expect.objectContaining({
        code: 'DATA_ENTRY_INVALID',
        file: join(folder, 'profiles.json'),
        entry: { index: 1, name: 'Half' },
        field: 'id',
      }),
      expect.objectContaining({
        code: 'DATA_FILE_DAMAGED',
        file: join(folder, 'presets.json'),
        reason: 'it is not valid JSON',
      }),
      expect.objectContaining({
        code: 'DATA_FILE_NEWER',
        file: join(folder, 'schedules.json'),
        field: 'schemaVersion',
      }),
      expect.objectContaining({
        code: 'DATA_ENTRY_INVALID',
        file: join(folder, 'settings.json'),
        entry: null,
        field: 'theme',
      }),
    ]);
    await handlers['app:save-settings']({ logoutOnQuit: false });
    const kept = () => JSON.parse(readFileSync(join(folder, 'settings.json'), 'utf8'));
    expect(kept()).toMatchObject({ theme: 'purple', defaultConcurrency: 8, future: 1, logoutOnQuit: false });
    await handlers['app:save-settings']({ theme: 'dark' });
    expect(kept()).toMatchObject({ theme: 'dark', future: 1 });
    await expect(
      handlers['presets:save']({
        name: 'P',
        environments: [profiles.profiles[0].id],
        steps: [{ kind: 'purge', projects: { all: true }, cacheTypes: ['object'] }],
      }),
    ).rejects.toMatchObject({ code: 'DATA_FILE_DAMAGED' });
    expect(readFileSync(join(folder, 'presets.json'), 'utf8')).toBe('not json');
  });

  it('in a read-only data folder, reading commands work and writing ones fail with FILE_ERROR naming the folder', async () => {
    const tool = cli();
    await addPlainProfile(tool, 'Alpha');
    expect((await tool.run(['preset', 'save', 'One', 'Alpha', '--all', '--type', 'object'])).code).toBe(0);
    const before = readFileSync(join(tool.home, 'profiles.json'), 'utf8');
    const runner = readOnlyRunner(tool);
    if ('skip' in runner) {
      console.warn(`skipped the read-only data folder case: ${runner.skip}`);
      return;
    }
    for (const args of [['profiles', 'list'], ['preset', 'list'], ['history'], ['schedule', 'list']]) {
      const result = await runner.run([...args, '--json']);
      expect(result.code, `${args.join(' ')}: ${result.stdout}${result.stderr}`).toBe(0);
      expect(JSON.parse(result.stdout).ok).toBe(true);
    }
    expect(JSON.parse((await runner.run(['profiles', 'list', '--json'])).stdout).profiles[0].name).toBe('Alpha');
    const writes = [
      [
        'profiles',
        'add',
        '--name',
        'Beta',
        '--url',
        'https://b.example.com/MicroStrategyLibrary',
        '--tier',
        'dev',
        '--user',
        'u',
      ],
      ['profiles', 'edit', 'Alpha', '--tier', 'test'],
      ['preset', 'save', 'Two', 'Alpha', '--all', '--type', 'object'],
    ];
    for (const args of writes) {
      const result = await runner.run([...args, '--json']);
      expect(result.code, args.join(' ')).toBe(2);
      expect(JSON.parse(result.stdout).error).toMatchObject({
        code: 'FILE_ERROR',
        message: expect.stringContaining(`The data folder ${tool.home} cannot be written by this user`),
      });
    }
    expect(readFileSync(join(tool.home, 'profiles.json'), 'utf8')).toBe(before);
  });

  it('in a read-only data folder, a purge is refused with FILE_ERROR before anything is sent (it could not be recorded)', async () => {
    const sim = await simulator();
    const tool = cli();
    const added = await tool.run([
      'profiles',
      'add',
      '--name',
      'QA',
      '--url',
      sim.url,
      '--tier',
      'dev',
      '--user',
      'administrator',
    ]);
    expect(added.code, added.stderr).toBe(0);
    const login = await tool.run(['login', 'QA', '--password-stdin', '--remember'], { stdin: 'admin-pass' });
    expect(login.code, login.stderr).toBe(0);
    const runner = readOnlyRunner(tool);
    if ('skip' in runner) {
      console.warn(`skipped the read-only purge case: ${runner.skip}`);
      return;
    }
    const result = await runner.run(['purge', 'QA', '--all', '--type', 'object', '--json']);
    expect(result.code, result.stdout + result.stderr).toBe(2);
    expect(JSON.parse(result.stdout).error).toMatchObject({
      code: 'FILE_ERROR',
      message: expect.stringContaining(`The data folder ${tool.home} cannot be written by this user`),
    });
    expect(sim.callsTo(/^DELETE /)).toHaveLength(0);
  });

  it('a project list fetched where its copy cannot be kept is still shown as fetched, not as offline', async () => {
    const sim = await simulator();
    const services = createServices({
      dataFolder: mkdtempSync(join(tmpdir(), 'mstr-data-')),
      secrets: privateKeyringStore(),
    });
    const handlers = windowHandlers(services);
    const profile = await handlers['profiles:save']({
      draft: { name: 'QA', url: sim.url, tier: 'test', username: 'administrator' },
    });
    await handlers['sessions:connect']({ profileId: profile.id, secret: 'admin-pass' });
    expect((await handlers['projects:list']({ profileId: profile.id, refresh: true })).offline).toBe(false);
    // The folder of the stored copies replaced by a file: the next copy cannot be written.
    const copies = join(services.dataFolder, 'projects');
    rmSync(copies, { recursive: true });
    writeFileSync(copies, '');
    const listing = await handlers['projects:list']({ profileId: profile.id, refresh: true });
    expect(listing).toMatchObject({ offline: false, error: null });
    expect(listing.projects).toHaveLength(12);
    expect(existsSync(join(copies, `${profile.id}.json`))).toBe(false);
  });
});
