/**
 * The Command Manager script reader over realistic scripts: every statement form of the syntax
 * guide, odd quoting, comments in odd places, Windows line endings, a BOM, UTF-16, statements over
 * several lines, a last statement without ";" with its line, passwords never repeated; and, for
 * any input at all, a result or a FILE_ERROR that says where the script breaks.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeScript, importScriptText } from '../../src/main/cmdmgr/script-import.ts';
import { AppError } from '../../src/shared/errors.ts';
import { importedSteps, type ScriptImport } from '../../src/shared/script-import.ts';

/** The import, or null when it was refused with a FILE_ERROR that says where. */
function readOrRefusal(read: () => ScriptImport): ScriptImport | null {
  try {
    return read();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('FILE_ERROR');
    expect((error as AppError).details?.reason).toMatch(/^(unterminated|encoding|control character)$/);
    return null;
  }
}

function steps(script: string): unknown[] {
  return importedSteps(importScriptText(script));
}

describe('Command Manager statements', () => {
  it('reads the guide examples', () => {
    const result = importScriptText(`PURGE ELEMENT CACHING IN PROJECT "MicroStrategy Tutorial";
PURGE ALL CACHING IN ALL PROJECTS;
PURGE OBJECT CACHING IN PROJECT 'Sales';
INVALIDATE ALL REPORT CACHES WHTABLE "LU_CUSTOMER" IN PROJECT "MicroStrategy Tutorial";
DELETE ALL INVALID REPORT CACHES FROM PROJECTS "Sales", "Finance";
DELETE INVALID DOCUMENT CACHE IN PROJECT "Sales";
UNLOAD INTELLIGENT CUBE CACHE NAME "Revenue Cube" FOLDER "Public Objects\\Reports" FOR PROJECT "Sales";
DELETE INTELLIGENT CUBE CACHE FOR OWNER "JRuiz" FOR PROJECT "Sales";
`);
    expect(result.notImported).toEqual([]);
    expect(result.imported.map((statement) => statement.line)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(importedSteps(result)).toEqual([
      { kind: 'purge', projects: { names: ['MicroStrategy Tutorial'] }, cacheTypes: ['element'] },
      { kind: 'purge', projects: { all: true }, cacheTypes: ['object', 'element'] },
      { kind: 'content', action: 'delete', projects: { all: true }, filter: { types: ['report'] } },
      { kind: 'purge', projects: { names: ['Sales'] }, cacheTypes: ['object'] },
      {
        kind: 'content',
        action: 'invalidate',
        projects: { names: ['MicroStrategy Tutorial'] },
        filter: { types: ['report'], tables: ['LU_CUSTOMER'] },
      },
      {
        kind: 'content',
        action: 'delete',
        projects: { names: ['Sales', 'Finance'] },
        filter: { types: ['report'], status: 'invalid' },
      },
      {
        kind: 'content',
        action: 'delete',
        projects: { names: ['Sales'] },
        filter: { types: ['document', 'dashboard'], status: 'invalid' },
      },
      { kind: 'cube', action: 'unload', projects: { names: ['Sales'] }, filter: { names: ['Revenue Cube'] } },
      { kind: 'cube', action: 'delete', projects: { names: ['Sales'] }, filter: { owner: 'JRuiz' } },
    ]);
    expect(result.imported[6]?.notes[0]).toContain('folder "Public Objects\\Reports" is not checked');
  });

  it('reads every other form: single report caches, document caches by user or GUID, cube caches by GUID', () => {
    const guid = '6226ADDD47920CB034078BABA1673960';
    expect(
      steps(`invalidate report cache "Daily Revenue" in project "Sales";
LOAD DOCUMENT CACHE FOR USER "jsmith" IN PROJECT "Sales";
unload document cache guid ${guid.toLowerCase()}, ${guid} in project "Sales";
ACTIVATE INTELLIGENT CUBE CACHE GUID ${guid} FOR PROJECT "Sales";
DEACTIVATE INTELLIGENT CUBE CACHE OWNER "etl" FOR PROJECT "Sales";
DELETE REPORT CACHES USER "jsmith";
PURGE REPORT CACHING IN "Finance";`),
    ).toEqual([
      {
        kind: 'content',
        action: 'invalidate',
        projects: { names: ['Sales'] },
        filter: { types: ['report'], names: ['Daily Revenue'] },
      },
      {
        kind: 'content',
        action: 'load',
        projects: { names: ['Sales'] },
        filter: { types: ['document', 'dashboard'], owner: 'jsmith' },
      },
      {
        kind: 'content',
        action: 'unload',
        projects: { names: ['Sales'] },
        filter: { types: ['document', 'dashboard'], sourceIds: [guid, guid] },
      },
      { kind: 'cube', action: 'activate', projects: { names: ['Sales'] }, filter: { sourceIds: [guid] } },
      { kind: 'cube', action: 'deactivate', projects: { names: ['Sales'] }, filter: { owner: 'etl' } },
      { kind: 'content', action: 'delete', projects: { all: true }, filter: { types: ['report'], owner: 'jsmith' } },
      { kind: 'content', action: 'delete', projects: { names: ['Finance'] }, filter: { types: ['report'] } },
    ]);
  });

  it('handles ^ escapes, both quotes, comments anywhere, statements over several lines, any case', () => {
    const result = importScriptText(
      [
        '// nightly maintenance',
        '/* block',
        '   comment; with a semicolon */ purge /* inline */ OBJECT',
        '   caching in project "Bob^"s ^^ project" // trailing',
        ';',
        "Purge Element Caching In Project 'It^'s; here';",
        'PURGE OBJECT CACHING IN PROJECT "a // not a comment /* nor this */";',
      ].join('\n'),
    );
    expect(result.notImported).toEqual([]);
    expect(result.imported.map((statement) => [statement.line, statement.steps[0]])).toEqual([
      [3, { kind: 'purge', projects: { names: ['Bob"s ^ project'] }, cacheTypes: ['object'] }],
      [6, { kind: 'purge', projects: { names: ["It's; here"] }, cacheTypes: ['element'] }],
      [7, { kind: 'purge', projects: { names: ['a // not a comment /* nor this */'] }, cacheTypes: ['object'] }],
    ]);
  });

  it('reads Windows line endings, a UTF-8 BOM and UTF-16 files with the right line numbers', () => {
    const script = '\uFEFF// first\r\nLIST ALL PROJECTS;\r\n\r\nPURGE ELEMENT CACHING IN PROJECT "Sales";\r\n';
    const result = importScriptText(script);
    expect(result.imported[0]?.line).toBe(4);
    expect(result.notImported[0]).toMatchObject({ line: 2, reason: expect.stringContaining('only read') });
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from('PURGE OBJECT CACHING IN PROJECT "Ünïcode";', 'utf16le'),
    ]);
    expect(steps(decodeScript(utf16))).toEqual([
      { kind: 'purge', projects: { names: ['Ünïcode'] }, cacheTypes: ['object'] },
    ]);
  });

  it('reports what it does not import with the line and reason, and never repeats a password', () => {
    const result = importScriptText(`CONNECT SERVER "bi01" USER "admin" PASSWORD "S3cr3t!pass";
LIST REPORT CACHES FOR PROJECT "Sales";
ALTER REPORT CACHING IN PROJECT "Sales" ENABLE;
INVALIDATE REPORT CACHES SECURITY FILTER "0123" IN PROJECT "Sales";
INVALIDATE REPORT CACHES USER GROUP "A" IN PROJECT "Sales";
ALTER SERVER CONFIGURATION MAXCONNECTIONTHREADS 10;
UPDATE INTELLIGENT CUBE CACHE NAME "x" FOR PROJECT "Sales";
PUBLISH INTELLIGENT CUBE GUID 0123 IN PROJECT "Sales";
PURGE OBJECT CACHING ON PROJECT "Sales";
PURGE ELEMENT CACHING IN PROJECT "Sales"
`);
    expect(result.imported).toEqual([]);
    expect(result.passwordIgnored).toBe(true);
    expect(result.notImported.map((entry) => entry.line)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(JSON.stringify(result)).not.toContain('S3cr3t');
    expect(result.notImported[0]?.reason).toContain('password in it was ignored');
    expect(result.notImported[3]?.reason).toContain('SECURITY FILTER filter has no equivalent');
    expect(result.notImported[3]?.reason).toContain('more caches');
    expect(result.notImported[8]?.reason).toMatch(/^Not understood: expected IN near "ON"/);
    expect(result.notImported[9]?.reason).toContain('does not end with ";"');
  });

  it('says a bare PURGE CACHING was read as ALL', () => {
    expect(importScriptText('PURGE CACHING IN ALL PROJECTS;').imported[0]?.notes[0]).toContain('read as ALL');
  });

  it('never throws anything but a FILE_ERROR saying why the script cannot be read, whatever the input', () => {
    const pieces = fc.constantFrom(
      'PURGE',
      'OBJECT',
      'CACHING',
      'IN',
      'PROJECT',
      'ALL',
      'PROJECTS',
      'DELETE',
      'INTELLIGENT',
      'CUBE',
      'CACHE',
      'NAME',
      'FOR',
      'OWNER',
      'GUID',
      'REPORT',
      'CACHES',
      'DOCUMENT',
      'FROM',
      'WHTABLE',
      'USER',
      'INVALID',
      ';',
      ',',
      '"x"',
      "'y'",
      '^',
      '"',
      "'",
      '/*',
      '*/',
      '//',
      '\n',
      '\r\n',
      ' ',
      'CONNECT',
      'PASSWORD',
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.array(pieces, { maxLength: 60 }).map((parts) => parts.join(' ')),
        ),
        (text) => {
          const result = readOrRefusal(() => importScriptText(text));
          if (result) expect(Array.isArray(result.imported) && Array.isArray(result.notImported)).toBe(true);
        },
      ),
      { numRuns: 3000 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        readOrRefusal(() => importScriptText(decodeScript(Buffer.from(bytes))));
      }),
      { numRuns: 1000 },
    );
  });
});
