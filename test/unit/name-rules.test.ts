/**
 * The name rule, the terminal's neutraliser, and the stores applying the rule when a name comes in
 * (save, rename, import) while leaving names already saved usable.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { safeText } from '../../src/main/cli/terminal-text.ts';
import { importProfiles } from '../../src/main/profiles/profile-exchange.ts';
import { ProfileStore } from '../../src/main/profiles/profile-store.ts';
import { PresetStore } from '../../src/main/purge/preset-store.ts';
import { AppError } from '../../src/shared/errors.ts';
import { nameProblem, nameRuleMessage, neutralisedName } from '../../src/shared/name-rules.ts';

const REFUSED: [string, string, RegExp][] = [
  ['a newline', 'a\nb', /control character U\+000A/],
  ['a carriage return', 'a\rb', /U\+000D/],
  ['NUL', 'a\0b', /U\+0000/],
  ['ESC', '\u001b[2J\u001b[31mEVIL', /U\+001B/],
  ['BEL', 'a\u0007', /U\+0007/],
  ['a tab', 'a\tb', /U\+0009/],
  ['DEL', 'a\u007f', /U\+007F/],
  ['a C1 control', 'a\u0085b', /U\+0085/],
  ['a line separator', 'a\u2028b', /U\+2028/],
  ['a right-to-left override', 'rtl\u202eevil', /U\+202E, an invisible character that changes the text direction/],
  ['a left-to-right embedding', '\u202aname', /U\+202A/],
  ['an isolate', 'a\u2066b\u2069', /U\+2066/],
  ['a right-to-left mark', 'a\u200fb', /U\+200F/],
  ['an Arabic letter mark', 'a\u061cb', /U\+061C/],
  ['a lone high surrogate', 'a\ud800b', /half of a surrogate pair/],
  ['a lone low surrogate', 'a\udc00', /half of a surrogate pair/],
  ['a leading "-"', '-h', /starts with "-"/],
  ['a leading "--"', '--yes', /starts with "-"/],
  ['a "-" after spaces', '  -x', /starts with "-"/],
  ['nothing', '', /empty/],
  ['blanks only', '   ', /empty/],
];

const ACCEPTED = [
  "Jane's nightly",
  '100% of caches',
  'say "hi"',
  '$(id) `id` a; id',
  '%PATH%',
  'a - b',
  'Ночной прогон',
  'ليلي',
  'עברית',
  '夜间清理',
  'नमस्ते',
  'family 👨‍👩‍👧',
  'x-1',
];

describe('the name rule', () => {
  it.each(REFUSED)('refuses %s, saying what is wrong', (_label, name, why) => {
    expect(nameProblem(name)).toMatch(why);
    expect(nameRuleMessage('preset', name)).toMatch(/^This preset name cannot be used: /);
  });

  it.each(ACCEPTED)('accepts %s', (name) => {
    expect(nameProblem(name)).toBeNull();
  });

  it('shows a refused name as a label with every such character replaced', () => {
    expect(neutralisedName('\u001b[2J\u001b[31mEVIL \u202eevil\ud800\n')).toBe(
      '\ufffd[2J\ufffd[31mEVIL \ufffdevil\ufffd\ufffd',
    );
    for (const name of ACCEPTED) expect(neutralisedName(name)).toBe(name);
  });
});

describe('the terminal neutraliser', () => {
  it('turns escape sequences, line breaks and direction overrides into visible characters', () => {
    expect(safeText('\u001b[2J\u001b[31mEVIL')).toBe('\ufffd[2J\ufffd[31mEVIL');
    expect(safeText('Sales \u202eselaS\u2066x\u2069')).toBe('Sales \ufffdselaS\ufffdx\ufffd');
    expect(safeText('a\nb\rc\td\u0085e\u200ff')).toBe('a b\ufffdc\ufffdd\ufffde\ufffdf');
    expect(safeText('lone\ud800')).toBe('lone\ufffd');
    for (const name of ACCEPTED) expect(safeText(name)).toBe(name);
  });
});

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

const PLAN = { environments: ['e'], steps: [{ kind: 'purge', projects: { all: true }, cacheTypes: ['object'] }] };

describe('presets', () => {
  it('refuses a new name on save and rename with INVALID_NAME, and keeps a name saved before usable', async () => {
    const store = new PresetStore(mkdtempSync(join(tmpdir(), 'mstr-names-')));
    for (const [, name] of REFUSED.filter(([, candidate]) => candidate.trim() !== '')) {
      expect((await refusal(store.save({ ...PLAN, name }, { replace: true }))).code).toBe('INVALID_NAME');
    }
    await store.save({ ...PLAN, name: 'good' }, { replace: false });
    expect((await refusal(store.rename('good', 'a\u202eb'))).code).toBe('INVALID_NAME');
    expect((await refusal(store.rename('good', '-good'))).message).toContain('starts with "-"');
    // An older version saved "-old": it lists, its plan can be saved again, and it can be renamed.
    const file = JSON.parse(readFileSync(store.path, 'utf8')) as { presets: { name: string }[] };
    (file.presets[0] as { name: string }).name = '-old\u001b';
    writeFileSync(store.path, JSON.stringify(file));
    expect((await store.list()).presets.map((preset) => preset.name)).toEqual(['-old\u001b']);
    await store.save({ ...PLAN, name: '-old\u001b', environments: ['e', 'f'] }, { replace: true });
    expect((await store.rename('-old\u001b', 'old')).name).toBe('old');
    expect((await store.list()).presets.map((preset) => [preset.name, preset.environments])).toEqual([
      ['old', ['e', 'f']],
    ]);
  });
});

describe('environments', () => {
  const draft = { url: 'https://mstr.example.com/MicroStrategyLibrary', tier: 'test', username: 'u' };

  it('refuses a new name on add, rename and import, and keeps a name saved before editable', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'mstr-names-'));
    const store = new ProfileStore(folder);
    expect((await refusal(store.create({ ...draft, name: 'a\u202eb' }))).code).toBe('INVALID_NAME');
    const good = await store.create({ ...draft, name: 'Good' });
    expect((await refusal(store.update(good.id, { ...draft, name: '-Good' }))).code).toBe('INVALID_NAME');
    const exported = join(folder, 'in.json');
    writeFileSync(
      exported,
      JSON.stringify([
        { ...draft, name: 'x\ny' },
        { ...draft, name: 'Fine' },
      ]),
    );
    const report = await importProfiles(store, exported);
    expect(report.rejected).toEqual([{ index: 0, name: 'x\ny', reason: expect.stringContaining('U+000A') }]);
    expect(report.imported.map((item) => item.name)).toEqual(['Fine']);
    // An older version saved "-Old": its other fields can still be edited, and it can be renamed.
    const file = JSON.parse(readFileSync(store.path, 'utf8')) as { profiles: { name: string }[] };
    (file.profiles[0] as { name: string }).name = '-Old';
    writeFileSync(store.path, JSON.stringify(file));
    expect((await store.update(good.id, { ...draft, name: '-Old', username: 'v' })).username).toBe('v');
    expect((await store.update(good.id, { ...draft, name: 'Old' })).name).toBe('Old');
  });
});
