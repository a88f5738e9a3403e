/**
 * Importing Command Manager scripts at the 5 MB limit, each shape that once took hundreds of
 * megabytes (one character repeated, comments, one long name, many statements): the memory it adds
 * to a process of its own (peak RSS during the import over the RSS before it; an upper bound, as a
 * peak of the start may count) and its time. Run with `--child FILE` it is that process.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MAX_SCRIPT_BYTES } from '../../src/main/cmdmgr/script-file.ts';
import { importScriptFile } from '../../src/main/cmdmgr/script-import.ts';

export interface ScriptImportFigure {
  name: string;
  addedMb: number;
  ms: number;
  outcome: string;
}

const SELF = fileURLToPath(import.meta.url);

/** Scripts of the limit's size, less a little, in each shape. */
function shapes(): [string, string][] {
  const size = MAX_SCRIPT_BYTES - 1024;
  const times = (unit: string): string => unit.repeat(Math.floor(size / unit.length));
  const statement = 'PURGE OBJECT CACHING IN PROJECT "Sales";\n';
  return [
    ['"*" repeated', times('*')],
    ['"," repeated', times(',')],
    ['"/* /* */ */" repeated', times('/* /* */ */ ')],
    ['"a " repeated', times('a ')],
    ['one long quoted name', `PURGE OBJECT CACHING IN PROJECT "${'x'.repeat(size - 40)}";`],
    ['"^^" in one name', `LIST "${'^^'.repeat(Math.floor(size / 2) - 4)}";`],
    ['125,000 statements (refused over 20,000)', times(statement)],
    ['19,999 long statements not understood', `PURGE q${'y'.repeat(240)};\n`.repeat(19_999)],
  ];
}

function measureIn(file: string): Promise<{ addedMb: number; ms: number; outcome: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', SELF, '--child', file], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve(JSON.parse(output)) : reject(new Error(`script import child exited ${code}`)),
    );
  });
}

export async function scriptImportFigures(): Promise<ScriptImportFigure[]> {
  const folder = mkdtempSync(join(tmpdir(), 'mstr-bench-scp-'));
  const figures: ScriptImportFigure[] = [];
  try {
    for (const [name, text] of shapes()) {
      const file = join(folder, 'script.scp');
      writeFileSync(file, text);
      figures.push({ name, ...(await measureIn(file)) });
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  return figures;
}

async function child(file: string): Promise<void> {
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.memoryUsage.rss();
  const started = performance.now();
  const outcome = await importScriptFile(file).then(
    (result) => `${result.imported.length} imported, ${result.notImported.length} not`,
    (error: unknown) => `refused: ${(error as { details?: { reason?: string } }).details?.reason ?? String(error)}`,
  );
  const ms = performance.now() - started;
  const peak = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(JSON.stringify({ addedMb: Math.max(0, peak - before) / 1024 / 1024, ms, outcome }));
}

if (process.argv[2] === '--child') await child(process.argv[3] as string);
