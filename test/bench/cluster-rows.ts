/**
 * A big cluster against its peers in the same run, the simulator in a process of its own: the
 * command line listing 250,000 content caches (125,000 on each of two nodes) as --json, beside a
 * bare loop fetching the same pages and keeping every parsed cache (each a process of its own, so
 * each peak memory is its own); how time and memory grow per cache from 25,000 to 250,000; the
 * main process's listing for the window plus the renderer showing it; and invalidating the 100,000
 * caches a filter chooses (the caches that used two warehouse tables) against the same batches from
 * a bare loop.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MemorySecretStore } from '../../src/main/secrets/secret-store.ts';
import { createServices } from '../../src/main/services.ts';
import { writeBenchProfile } from './bench-profile.ts';
import { rawInvalidate } from './cache-rows.ts';
import { startSimulatorProcess, type SimulatorProcess } from './simulator-process.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(ROOT, 'bin/mstr-cache-console.mjs');
const BARE = join(ROOT, 'test/bench/bare-listing.ts');
const MAIN = join(ROOT, 'test/bench/main-listing.ts');
const TIME = '/usr/bin/time';
const PROJECTS = 4;
/** The caches a warehouse load touches: those that used either table (two in five of the simulator's). */
export const LOADED_TABLES = ['FACT_SALES', 'LU_REGION'];

/** One process's run: wall time from spawn to exit, peak resident memory, what it printed. */
export interface ProcessRun {
  ms: number;
  peakMb: number;
  output: string;
}

/** Runs node with `args` under /usr/bin/time (its peak memory); stdout kept only when `keep`. */
function timedNode(args: string[], options: { env?: NodeJS.ProcessEnv; stdin?: string; keep?: boolean }) {
  const folder = mkdtempSync(join(tmpdir(), 'mstr-bench-time-'));
  const report = join(folder, 'time.txt');
  const sink = options.keep ? 'pipe' : openSync('/dev/null', 'w');
  const started = performance.now();
  const child = spawn(TIME, ['-f', '%M', '-o', report, process.execPath, ...args], {
    env: options.env ?? process.env,
    stdio: ['pipe', sink, 'inherit'],
  });
  child.stdin?.end(options.stdin ?? '');
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise<ProcessRun>((resolve, reject) =>
    child.once('exit', (code) => {
      const ms = performance.now() - started;
      if (typeof sink === 'number') closeSync(sink);
      const peakKb = Number(readFileSync(report, 'utf8').trim().split('\n').pop());
      rmSync(folder, { recursive: true, force: true });
      if (code !== 0) reject(new Error(`${args.join(' ')} exited ${code}`));
      else resolve({ ms, peakMb: peakKb / 1024, output });
    }),
  );
}

/** A data folder with one profile (no saved password) for the simulator at `url`. */
function cliHome(url: string): string {
  const home = mkdtempSync(join(tmpdir(), 'mstr-bench-cluster-'));
  writeBenchProfile(home, url, 60);
  return home;
}

/** One round at one size: the bare loop, then the command line's `content-caches list --json`. */
export interface ListingRound {
  bare: ProcessRun;
  cli: ProcessRun;
}

async function listingRound(url: string, home: string): Promise<ListingRound> {
  const bare = await timedNode([BARE, url], { keep: true });
  const cli = await timedNode([CLI, 'content-caches', 'list', 'Bench', '--json', '--password-stdin'], {
    env: { ...process.env, MSTR_CACHE_HOME: home },
    stdin: 'admin-pass\n',
  });
  return { bare, cli };
}

export interface ClusterSize {
  caches: number;
  rounds: ListingRound[];
  /** The main process's listing for the window (services, kept, serialised for IPC). */
  main: ProcessRun;
  /** The heap that listing keeps, MB (see main-listing.ts). */
  keptMb: number;
}

/** `rounds` listing rounds on a simulator with `perNode` caches on each node; `then` runs on it after. */
async function atSize(
  perNode: number,
  rounds: number,
  then?: (simulator: SimulatorProcess) => Promise<void>,
): Promise<ClusterSize> {
  const simulator = await startSimulatorProcess({ projects: PROJECTS, latencyMs: 25, contentCachesPerNode: perNode });
  const home = cliHome(simulator.url);
  try {
    // One listing first, not timed: the simulator's first answers wait on its own compiler, which
    // would otherwise slow whichever peer the first round runs first.
    await timedNode([BARE, simulator.url], {});
    const done: ListingRound[] = [];
    for (let round = 0; round < rounds; round += 1) done.push(await listingRound(simulator.url, home));
    const main = await timedNode(['--expose-gc', MAIN, simulator.url], { keep: true });
    await then?.(simulator);
    return { caches: 2 * perNode, rounds: done, main, keptMb: (JSON.parse(main.output) as { keptMb: number }).keptMb };
  } finally {
    rmSync(home, { recursive: true, force: true });
    await simulator.close();
  }
}

export interface InvalidateRound {
  ms: number;
  rawMs: number;
  failed: number;
}

/**
 * The caches that used the loaded tables, chosen by that filter in main and invalidated (plan and
 * run timed), after the bare loop sends the same batches of 500 per node for the same caches.
 */
async function invalidateRounds(url: string, rounds: number): Promise<{ chosen: number; rounds: InvalidateRound[] }> {
  const dataFolder = mkdtempSync(join(tmpdir(), 'mstr-bench-invalidate-'));
  const services = createServices({ dataFolder, secrets: new MemorySecretStore(), scheduler: null });
  try {
    const profile = await services.profiles.create({ name: 'Cluster', url, tier: 'test', username: 'administrator' });
    await (await services.sessions.for(profile)).connect({ secret: 'admin-pass' });
    const listing = await services.caches.list(profile.id, 'content', { tables: LOADED_TABLES });
    const done: InvalidateRound[] = [];
    for (let round = 0; round < rounds; round += 1) {
      // The profile's concurrency, and the app's batches (CONTENT_BATCH per node): like with like.
      const rawMs = await rawInvalidate(url, listing.caches, profile.concurrency);
      const started = performance.now();
      const plan = await services.caches.plan({
        profileId: profile.id,
        kind: 'content',
        action: 'invalidate',
        caches: listing.caches,
      });
      const outcome = await services.caches.start(plan.id);
      done.push({ ms: performance.now() - started, rawMs, failed: outcome.summary.failed + outcome.summary.unknown });
    }
    return { chosen: listing.caches.length, rounds: done };
  } finally {
    await services.sessions.closeAll();
    rmSync(dataFolder, { recursive: true, force: true });
  }
}

export interface ClusterFigures {
  /** Sizes from the smallest; the largest is the 250,000 the rows are about. */
  sizes: ClusterSize[];
  invalidate: { chosen: number; rounds: InvalidateRound[] } | null;
  reason: string | null;
}

/** Every figure; `rounds` A/B rounds at each size (the growth row takes each size's median). */
export async function clusterFigures(rounds: number): Promise<ClusterFigures> {
  if (!existsSync(TIME)) return { sizes: [], invalidate: null, reason: `needs ${TIME}` };
  const sizes = [await atSize(12_500, rounds), await atSize(50_000, rounds)];
  let invalidate: ClusterFigures['invalidate'] = null;
  sizes.push(
    await atSize(125_000, rounds, async (simulator) => {
      invalidate = await invalidateRounds(simulator.url, rounds);
    }),
  );
  return { sizes, invalidate, reason: null };
}

/** The invalidate row's figures alone, on the largest size's simulator (no listing rounds). */
export async function invalidateFigures(rounds: number): Promise<ClusterFigures['invalidate']> {
  const simulator = await startSimulatorProcess({ projects: PROJECTS, latencyMs: 25, contentCachesPerNode: 125_000 });
  try {
    return await invalidateRounds(simulator.url, rounds);
  } finally {
    await simulator.close();
  }
}
