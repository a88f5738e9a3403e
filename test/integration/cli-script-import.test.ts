/**
 * `preset import-script` with scripts an attacker or a bad copy hands over, through the real command
 * line: /dev/zero, a FIFO nobody writes to and a 16 MB sparse file are refused at once (exit 2,
 * FILE_ERROR naming why); a script that cannot be read whole saves nothing and says where it broke;
 * a 0xFE first byte is no way past the NUL check; passwords of any statement appear in no output and
 * no file; a 4.9 MB script of one character repeated is read within a 48 MB heap. The window reads
 * the chosen script through the same reader and refuses the same files.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createServices } from '../../src/main/services.ts';
import { addProfile, cli, type Cli } from './cli-helpers.ts';
import { simulator } from './helpers.ts';
import { privateKeyringStore } from './keyring.ts';
import { windowHandlers } from './window-main.ts';

interface Refusal {
  ok: false;
  exitCode: number;
  error: { code: string; message: string; details: Record<string, unknown> };
}

async function toolWithProfile(): Promise<Cli> {
  const tool = cli();
  await addProfile(tool, await simulator({ projects: 1 }), 'Dev');
  return tool;
}

async function savedPresets(tool: Cli): Promise<unknown[]> {
  const listed = await tool.json<{ presets: unknown[] }>(['preset', 'list']);
  expect(listed.code).toBe(0);
  return listed.body.presets;
}

const posix = process.platform !== 'win32';
const hasMkfifo = posix && spawnSync('mkfifo', ['--version']).status === 0;

it.runIf(posix)(
  'preset import-script refuses /dev/zero, a FIFO nobody writes to and a 16 MB sparse file at once (exit 2)',
  async () => {
    const tool = await toolWithProfile();
    const sparse = join(tool.home, 'sparse.scp');
    writeFileSync(sparse, '');
    truncateSync(sparse, 16 * 1024 * 1024);
    const cases: [string, string][] = [
      ['/dev/zero', 'not a file'],
      [sparse, 'too large'],
    ];
    if (hasMkfifo) {
      const fifo = join(tool.home, 'pipe.scp');
      expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
      cases.push([fifo, 'not a file']);
    } else process.stdout.write('mkfifo is not on this machine: the FIFO case is not run\n');
    for (const [path, reason] of cases) {
      const refused = await tool.json<Refusal>(['preset', 'import-script', path, '--profile', 'Dev']);
      expect(refused.code, path).toBe(2);
      expect(refused.body.error).toMatchObject({ code: 'FILE_ERROR', details: { reason } });
    }
    const text = await tool.run(['preset', 'import-script', '/dev/zero', '--profile', 'Dev']);
    expect(text.stderr).toContain('error FILE_ERROR: /dev/zero is a device, not a script file.');
    expect(await savedPresets(tool)).toEqual([]);
  },
);

it('imports nothing from a script with an unclosed quoted name or comment, and says where (exit 2)', async () => {
  const tool = await toolWithProfile();
  const broken = join(tool.home, 'broken.scp');
  writeFileSync(
    broken,
    'PURGE OBJECT CACHING IN ALL PROJECTS;\r\n// the next name is never closed\r\nPURGE ELEMENT CACHING IN PROJECT "Sales;\r\n',
  );
  const refused = await tool.json<Refusal>(['preset', 'import-script', broken, '--profile', 'Dev']);
  expect(refused.code).toBe(2);
  expect(refused.body.error).toMatchObject({
    code: 'FILE_ERROR',
    details: { reason: 'unterminated', what: 'name', line: 3, column: 34 },
  });
  writeFileSync(
    broken,
    'PURGE OBJECT CACHING IN ALL PROJECTS;\n  /* never closed\nPURGE ELEMENT CACHING IN ALL PROJECTS;\n',
  );
  const text = await tool.run(['preset', 'import-script', broken, '--profile', 'Dev']);
  expect(text.code).toBe(2);
  expect(text.stderr).toContain(
    'the "/*" comment that opens at line 2, column 3 is never closed. Nothing was imported.',
  );
  expect(text.stdout).toBe('');
  expect(await savedPresets(tool)).toEqual([]);
});

it('refuses a NUL behind a first byte 0xFE that is no BOM, and one in UTF-16, saving nothing', async () => {
  const tool = await toolWithProfile();
  const file = join(tool.home, 'nul.scp');
  const statement = 'PURGE OBJECT CACHING IN PROJECT "a\0b";';
  for (const bytes of [
    Buffer.concat([Buffer.from([0xfe]), Buffer.from(`;${statement}`)]),
    Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(statement, 'utf16le')]),
    Buffer.from(`LIST ALL PROJECTS;\n${statement}`),
  ]) {
    writeFileSync(file, bytes);
    const refused = await tool.json<Refusal>(['preset', 'import-script', file, '--profile', 'Dev']);
    expect(refused.code).toBe(2);
    expect(refused.body.error.code).toBe('FILE_ERROR');
    expect(refused.body.error.details.reason).toMatch(/^(encoding|control character)$/);
  }
  expect(await savedPresets(tool)).toEqual([]);
});

it('repeats no password of ALTER USER, CREATE USER or CONNECT in its output or in any file', async () => {
  const tool = await toolWithProfile();
  const secrets = ['Alt3r-S3cret', 'Cr3ate-S3cret', 'Wh-S3cret', 'C0nnect-S3cret'];
  const file = join(tool.home, 'users.scp');
  writeFileSync(
    file,
    [
      'CONNECT SERVER "bi01" USER "admin" PASSWORD "C0nnect-S3cret";',
      'ALTER USER "jsmith" PASSWORD "Alt3r-S3cret";',
      `CREATE USER "jdoe" PASSWORD 'Cr3ate-S3cret' WHPASSWORD "Wh-S3cret";`,
      'PURGE OBJECT CACHING IN ALL PROJECTS;',
    ].join('\n'),
  );
  const imported = await tool.json<{ notImported: { line: number; statement: string }[]; passwordIgnored: boolean }>([
    'preset',
    'import-script',
    file,
    '--profile',
    'Dev',
  ]);
  expect(imported.code).toBe(0);
  expect(imported.body.passwordIgnored).toBe(true);
  expect(imported.body.notImported.map((entry) => entry.statement)).toEqual([
    'CONNECT SERVER "bi01" USER "admin" PASSWORD "***";',
    'ALTER USER "jsmith" PASSWORD "***";',
    'CREATE USER "jdoe" PASSWORD "***" WHPASSWORD "***";',
  ]);
  const text = await tool.run(['preset', 'import-script', file, '--profile', 'Dev', '--name', 'Again']);
  expect(text.code).toBe(0);
  const written = readdirSync(tool.home, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name !== 'users.scp')
    .map((entry) => readFileSync(join(entry.parentPath, entry.name), 'utf8'));
  for (const secret of secrets)
    for (const output of [JSON.stringify(imported.body), text.stdout, text.stderr, ...written])
      expect(output).not.toContain(secret);
});

it('reads a 4.9 MB script of one character repeated within a 48 MB heap', async () => {
  const tool = await toolWithProfile();
  const size = Math.floor(4.9 * 1024 * 1024);
  for (const [name, content] of [
    ['stars.scp', '*'.repeat(size)],
    ['commas.scp', ','.repeat(size)],
    ['comments.scp', '/* /* */ */\n'.repeat(Math.floor(size / 12))],
    ['words.scp', 'a '.repeat(size / 2)],
  ] as const) {
    const file = join(tool.home, name);
    writeFileSync(file, content);
    const result = await tool.run(['preset', 'import-script', file, '--profile', 'Dev'], {
      env: { NODE_OPTIONS: '--max-old-space-size=48' },
    });
    expect(result.stderr, name).not.toContain('heap out of memory');
    expect(result.code, name).toBe(2);
    expect(result.stdout, name).toContain('line 1: NOT imported: The statement');
    expect(result.stdout, name).toContain('Nothing in the script can be imported; no preset was saved.');
  }
});

describe("the window's script import", () => {
  it('refuses the same files with the same reasons, and offers nothing of a script it cannot read whole', async () => {
    const services = createServices({
      dataFolder: mkdtempSync(join(tmpdir(), 'mstr-window-scp-')),
      secrets: privateKeyringStore(),
    });
    let chosen = '';
    const handlers = windowHandlers(services, { open: async () => chosen, save: async () => null });
    const broken = join(services.dataFolder, 'broken.scp');
    writeFileSync(broken, 'PURGE OBJECT CACHING IN ALL PROJECTS;\nDELETE REPORT CACHES USER "jsmith;\n');
    const cases: [string, Record<string, unknown>][] = [[broken, { reason: 'unterminated', line: 2, column: 27 }]];
    if (posix) cases.push(['/dev/zero', { reason: 'not a file' }]);
    for (const [path, details] of cases) {
      chosen = path;
      await expect(handlers['presets:script-choose'](undefined)).rejects.toMatchObject({ code: 'FILE_ERROR', details });
    }
  });
});
