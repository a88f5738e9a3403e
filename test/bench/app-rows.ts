/**
 * What a user waits for outside the purge itself: the command line from process start to its first
 * request reaching the server, the newest history entries out of a full rotation, and the size of
 * the window's JavaScript.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { PurgeHistory } from '../../src/main/purge/history.ts';
import type { HistoryEntry } from '../../src/shared/model.ts';
import { median } from './median.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const CLI_START = join(REPO, 'test/bench/cli-start.ts');

export interface CliStartFigures {
  firstRequestMs: number;
  versionMs: number;
  /** `node -e 0` from the same small process: Node's own start on this machine, the part no code can save. */
  nodeAloneMs: number;
}

/**
 * The command line's start as users meet it, measured from a small process of its own
 * (test/bench/cli-start.ts): a shell or cron starts it from a small process, and a start from the
 * bench's own several hundred megabytes costs tens of milliseconds of fork alone.
 */
export async function cliStartToFirstRequest(): Promise<CliStartFigures> {
  const child = spawn(process.execPath, [CLI_START], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`the command line start measure stopped (exit ${String(code)})`);
  return JSON.parse(output) as CliStartFigures;
}

/** A full rotation (132,000 lines over six files), then the newest 50 as the command line asks for them. */
export async function historyLatest(): Promise<{
  lines: number;
  latest50Ms: number;
  lastPurgedFirstMs: number;
  lastPurgedLaterMs: number;
  fullScanMs: number;
  longestPauseMs: number;
}> {
  const folder = mkdtempSync(join(tmpdir(), 'mstr-bench-history-'));
  const entry = (index: number): HistoryEntry => ({
    time: new Date(Date.UTC(2026, 0, 1) + index * 1000).toISOString(),
    durationMs: 41,
    runId: 'a3f0c4de-7a11-4d55-9c1e-2b6f0f3a9b10',
    profileId: '0b9c1c1e-8d1c-4f0e-9d43-6a4c2b8e2f10',
    profileName: 'Prod EU',
    serverHost: 'bi.example.com',
    user: 'Administrator',
    projectId: 'B7CA92F04B9FAE8D941C3E9B7E0CD754',
    projectName: `Sales Analytics ${index % 500}`,
    cacheType: index % 2 === 0 ? 'object' : 'element',
    outcome: 'succeeded',
    attempts: 1,
    retries: [],
    httpStatus: 204,
    mstrCode: null,
    ticketId: null,
    errorCode: null,
    message: null,
    scheduled: false,
  });
  const perFile = 22_000;
  const files = ['history.jsonl', ...[1, 2, 3, 4, 5].map((index) => `history.jsonl.${index}`)];
  files.forEach((name, fileIndex) => {
    const first = (files.length - 1 - fileIndex) * perFile;
    const lines = Array.from({ length: perFile }, (_, offset) => JSON.stringify(entry(first + offset)));
    writeFileSync(join(folder, name), `${lines.join('\n')}\n`);
  });
  const history = new PurgeHistory(folder);
  const times: number[] = [];
  for (let round = 0; round < 7; round += 1) {
    const started = performance.now();
    const latest = await history.list({ limit: 50 });
    times.push(performance.now() - started);
    if (latest.length !== 50) throw new Error('the history did not give 50 entries');
  }
  // The projects table's "last purged" column for 500 projects, one of them never purged.
  const projectIds = [...Array.from({ length: 499 }, (_, index) => `P${index}`), 'NEVER'];
  const lookup = async (): Promise<number> => {
    const started = performance.now();
    await history.lastPurged('0b9c1c1e-8d1c-4f0e-9d43-6a4c2b8e2f10', projectIds);
    return performance.now() - started;
  };
  // The earlier way, on every refresh: the whole history read backwards when a project was never purged.
  const scanStarted = performance.now();
  for await (const _ of history.entries({ outcome: 'succeeded' }));
  const fullScanMs = performance.now() - scanStarted;
  // The longest the process stops answering (the window's calls, in the app) during that first look.
  const pauses = monitorEventLoopDelay({ resolution: 1 });
  pauses.enable();
  const lastPurgedFirstMs = await lookup();
  pauses.disable();
  const longestPauseMs = pauses.max / 1e6;
  const later: number[] = [];
  for (let round = 0; round < 7; round += 1) later.push(await lookup());
  return {
    lines: perFile * files.length,
    latest50Ms: median(times),
    lastPurgedFirstMs,
    lastPurgedLaterMs: median(later),
    fullScanMs,
    longestPauseMs,
  };
}

/**
 * The gzip size of the window's built JavaScript (`npm run build` first): what every start loads
 * (the page's module and what it imports statically) and everything, the screens and dialogs
 * loaded on first use included.
 */
export function rendererGzipKb(): { startKb: number; allKb: number } | null {
  const root = join(REPO, 'out/renderer');
  if (!existsSync(join(root, 'index.html'))) return null;
  const gzipKb = (file: string): number => gzipSync(readFileSync(join(root, file))).length / 1024;
  const entry = /<script type="module"[^>]*src="\.\/([^"]+)"/.exec(readFileSync(join(root, 'index.html'), 'utf8'))?.[1];
  if (!entry) return null;
  const atStart = new Set<string>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (atStart.has(file)) continue;
    atStart.add(file);
    // Static imports only (`from"./x.js"`, `import"./x.js"`); `import("./x.js")` loads on first use.
    for (const match of readFileSync(join(root, file), 'utf8').matchAll(/(?:from|import)\s*"\.\/([^"]+\.js)"/g))
      pending.push(join(dirname(file), match[1] as string));
  }
  const all = readdirSync(join(root, 'assets')).filter((name) => name.endsWith('.js'));
  return {
    startKb: [...atStart].reduce((total, file) => total + gzipKb(file), 0),
    allKb: all.reduce((total, name) => total + gzipKb(join('assets', name)), 0),
  };
}
