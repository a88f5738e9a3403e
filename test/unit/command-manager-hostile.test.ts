/**
 * Command Manager scripts that are not what they claim: paths that are not regular files (a FIFO,
 * /dev/zero, a folder), files over the 5 MB limit (a sparse 16 MB one), scripts that cannot be read
 * whole (a quoted name or comment never closed), bytes that are not text (a first byte 0xFE that is
 * no BOM, NUL and other control characters, invalid UTF-8 or UTF-16), password literals in any
 * statement, and statements or scripts far longer than any real one.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_SCRIPT_BYTES, readScriptBytes } from '../../src/main/cmdmgr/script-file.ts';
import {
  MAX_STATEMENTS,
  decodeScript,
  importScriptFile,
  importScriptText,
} from '../../src/main/cmdmgr/script-import.ts';
import { AppError } from '../../src/shared/errors.ts';
import { importedSteps } from '../../src/shared/script-import.ts';

const folder = mkdtempSync(join(tmpdir(), 'mstr-scp-'));

function file(name: string, content: string | Buffer): string {
  const path = join(folder, name);
  writeFileSync(path, content);
  return path;
}

/** The FILE_ERROR thrown by `read`. */
function refusal(read: () => unknown): AppError {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('FILE_ERROR');
    return error as AppError;
  }
  throw new Error('expected a FILE_ERROR, the script was read');
}

async function fileRefusal(path: string): Promise<AppError> {
  const error = await importScriptFile(path).then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe('FILE_ERROR');
  return error as AppError;
}

const hasMkfifo = process.platform !== 'win32' && spawnSync('mkfifo', ['--version']).status === 0;

describe('script files that are not regular files or are too large', () => {
  it.runIf(hasMkfifo)('refuses a FIFO at once, without waiting for a writer (needs mkfifo)', async () => {
    const fifo = join(folder, 'pipe.scp');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const error = await fileRefusal(fifo);
    expect(error.details).toMatchObject({ reason: 'not a file' });
    expect(error.message).toContain('a pipe (FIFO), not a script file');
  });

  it.runIf(process.platform !== 'win32')('refuses /dev/zero and a folder before reading a byte', async () => {
    expect((await fileRefusal('/dev/zero')).message).toContain('is a device, not a script file');
    expect((await fileRefusal(folder)).details).toMatchObject({ reason: 'not a file' });
  });

  it('refuses a 16 MB sparse file and a file one byte over the limit, reads one at the limit', async () => {
    const sparse = file('sparse.scp', '');
    truncateSync(sparse, 16 * 1024 * 1024);
    expect((await fileRefusal(sparse)).details).toMatchObject({ reason: 'too large' });
    const comment = (length: number): string => `//${'x'.repeat(length - 3)}\n`;
    expect((await fileRefusal(file('over.scp', comment(MAX_SCRIPT_BYTES + 1)))).message).toContain('larger than 5 MB');
    const atLimit = file('limit.scp', `${comment(MAX_SCRIPT_BYTES - 40)}PURGE OBJECT CACHING IN ALL PROJECTS;`);
    expect(importedSteps(await importScriptFile(atLimit))).toHaveLength(1);
    expect((await fileRefusal(join(folder, 'missing.scp'))).details).toMatchObject({ reason: 'ENOENT' });
  });
});

describe('a file that reports a size other than its length', () => {
  it.runIf(process.platform === 'linux')('is read to its end: /proc reports 0 bytes for what it holds', async () => {
    const read = await readScriptBytes('/proc/self/cmdline');
    expect(read.length).toBeGreaterThan(1);
    expect(read).toEqual(readFileSync('/proc/self/cmdline'));
  });
});

describe('a script that cannot be read whole imports nothing and says where it broke', () => {
  it.each([
    ['PURGE OBJECT CACHING IN ALL PROJECTS;\nPURGE OBJECT CACHING IN "Sales;\n', 'name', 2, 25],
    ['\n\n/* never closed\nPURGE OBJECT CACHING IN ALL PROJECTS;', 'comment', 3, 1],
    ["PURGE ELEMENT CACHING IN PROJECT 'It^'s;", 'name', 1, 34],
    ['PURGE OBJECT CACHING IN "a\nb"; "x', 'name', 2, 5],
    ['PURGE ELEMENT CACHING IN ALL PROJECTS;\r\n  /* a */ PURGE "x', 'name', 2, 17],
  ])('%j', (script, what, line, column) => {
    const error = refusal(() => importScriptText(script, 'nightly.scp'));
    expect(error.details).toMatchObject({ reason: 'unterminated', what, line, column });
    expect(error.message).toContain(`line ${line}, column ${column}`);
    expect(error.message).toContain('Nothing was imported');
  });
});

describe('bytes that are not text are refused with their position', () => {
  const text = (script: string): string => decodeScript(Buffer.from(script, 'utf8'));

  it('a first byte 0xFE that is not a BOM is not a way past the NUL check', () => {
    const bytes = Buffer.concat([Buffer.from([0xfe]), Buffer.from(';PURGE OBJECT CACHING IN PROJECT "a\0b";')]);
    expect(refusal(() => decodeScript(bytes)).details).toMatchObject({ reason: 'encoding', line: 1, column: 1 });
  });

  it('NUL, ESC, DEL and C1 controls in UTF-8 and UTF-16 text, with line and column', () => {
    for (const [script, line, column] of [
      ['LIST ALL PROJECTS;\nPURGE OBJECT CACHING IN PROJECT "a\0b";', 2, 35],
      ['PURGE OBJECT CACHING IN PROJECT "\u001b[2Jx";', 1, 34],
      ['\t// ok\r\n\r\nPURGE "\u007f";', 3, 8],
      ['PURGE "\u009b";', 1, 8],
    ] as const) {
      expect(refusal(() => text(script)).details).toMatchObject({ reason: 'control character', line, column });
      const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(script, 'utf16le')]);
      expect(refusal(() => decodeScript(utf16)).details).toMatchObject({ reason: 'control character', line, column });
    }
    expect(text('\t// tab, CR LF and LF are text\r\nPURGE OBJECT CACHING IN ALL PROJECTS;\n')).toContain('PURGE');
  });

  it('reads UTF-8 with and without a BOM and UTF-16 LE and BE with theirs; refuses what is neither', () => {
    const script = 'PURGE OBJECT CACHING IN PROJECT "Ünïcode €";';
    const be = Buffer.from(script, 'utf16le').swap16();
    for (const bytes of [
      Buffer.from(script),
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(script)]),
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(script, 'utf16le')]),
      Buffer.concat([Buffer.from([0xfe, 0xff]), be]),
    ])
      expect(importedSteps(importScriptText(decodeScript(bytes)))).toEqual([
        { kind: 'purge', projects: { names: ['Ünïcode €'] }, cacheTypes: ['object'] },
      ]);
    // Windows-1252 "é" on line 3.
    const ansi = Buffer.concat([Buffer.from('// a\n// b\nPURGE "R'), Buffer.from([0xe9]), Buffer.from('gion";')]);
    expect(refusal(() => decodeScript(ansi)).details).toMatchObject({ reason: 'encoding', line: 3, column: 9 });
    expect(refusal(() => decodeScript(Buffer.from([0xff, 0xfe, 0x41]))).details).toMatchObject({ reason: 'encoding' });
    const loneSurrogate = Buffer.from([0xfe, 0xff, 0xd8, 0x00, 0x00, 0x41]);
    expect(refusal(() => decodeScript(loneSurrogate)).details).toMatchObject({ reason: 'encoding' });
  });
});

describe('password literals', () => {
  const secrets = [
    'Alt3r-S3cret',
    'Cr3ate-S3cret',
    'Wh-S3cret',
    'Gr0up-S3cret',
    'Db-S3cret',
    'Bare-S3cret',
    '%x',
    'Eq2',
    'C0nnect-S3cret',
    'Eq-S3cret',
    'C0mment-S3cret',
  ];
  const script = [
    'ALTER USER "jsmith" PASSWORD "Alt3r-S3cret";',
    `CREATE USER "jdoe" FULLNAME "J Doe" PASSWORD 'Cr3ate-S3cret' WHPASSWORD "Wh-S3cret" IN GROUP "Everyone";`,
    'ALTER USERS IN USER GROUP "Managers" PASSWORD',
    '  "Gr0up-S3cret" CHANGEPWD TRUE;',
    'create dblogin "wh" login "etl" password "Db-S3cret";',
    'CREATE USER x IDENTIFIED BY Bare-S3cret!%x, y PASSWORD=Eq2!S3cret;',
    'CONNECT SERVER "bi01" USER "admin" PASSWORD "C0nnect-S3cret";',
    'PURGE OBJECT CACHING IN PROJECT PASSWORD = "Eq-S3cret";',
    'ALTER USER "a" PASSWORDEXP NEVER;',
    'CONNECT SERVER "bi02" // the password is C0mment-S3cret',
    '  /* or C0mment-S3cret */ USER "etl" PASSWORD "C0nnect-S3cret" ;',
  ].join('\n');

  it('are masked in every statement, in the text and in the reasons, wherever they are; comments are not shown', () => {
    const result = importScriptText(script);
    const json = JSON.stringify(result);
    for (const secret of secrets) expect(json).not.toContain(secret);
    expect(result.passwordIgnored).toBe(true);
    expect(result.notImported.map((entry) => [entry.line, entry.statement])).toEqual([
      [1, 'ALTER USER "jsmith" PASSWORD "***";'],
      [2, 'CREATE USER "jdoe" FULLNAME "J Doe" PASSWORD "***" WHPASSWORD "***" IN GROUP "Everyone";'],
      [3, 'ALTER USERS IN USER GROUP "Managers" PASSWORD "***" CHANGEPWD TRUE;'],
      [5, 'create dblogin "wh" login "etl" password "***";'],
      [6, 'CREATE USER x IDENTIFIED BY "***", y PASSWORD="***";'],
      [7, 'CONNECT SERVER "bi01" USER "admin" PASSWORD "***";'],
      [8, 'PURGE OBJECT CACHING IN PROJECT PASSWORD = "***";'],
      [9, 'ALTER USER "a" PASSWORDEXP NEVER;'],
      [10, 'CONNECT SERVER "bi02" USER "etl" PASSWORD "***";'],
    ]);
    expect(importScriptText('ALTER USER "a" PASSWORDEXP NEVER;').passwordIgnored).toBe(false);
  });

  it('are masked whole where a long statement is cut for the report', () => {
    for (let pad = 270; pad < 300; pad += 3) {
      const statement = importScriptText(`LIST ${'x'.repeat(pad)} PASSWORD "${'Z'.repeat(60)}";`).notImported[0];
      expect(statement?.statement.length).toBeLessThanOrEqual(300);
      expect(statement?.statement).not.toContain('Z');
    }
  });
});

describe('statements and scripts beyond any real one', () => {
  it('reports a statement of more than 100,000 tokens as too long, and refuses more than 20,000 statements', () => {
    const long = importScriptText(`${'*'.repeat(200_000)};\nPURGE OBJECT CACHING IN ALL PROJECTS;`);
    expect(long.notImported).toEqual([
      { line: 1, statement: `${'*'.repeat(299)}…`, reason: expect.stringContaining('more than 100,000 words') },
    ]);
    expect(long.imported).toHaveLength(1);
    const many = refusal(() => importScriptText('x;\n'.repeat(MAX_STATEMENTS + 1)));
    expect(many.details).toMatchObject({ reason: 'too many statements', line: MAX_STATEMENTS + 1 });
    expect(importScriptText('x;\n'.repeat(MAX_STATEMENTS)).notImported).toHaveLength(MAX_STATEMENTS);
  });

  it('quotes at most 40 characters of a token in a reason', () => {
    const reason = importScriptText(`PURGE ${'w'.repeat(100_000)};`).notImported[0]?.reason ?? '';
    expect(reason).toMatch(/^Not understood: expected CACHING near "w{39}…"\.$/);
  });
});
