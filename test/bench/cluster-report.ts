/**
 * The big cluster's rows (see cluster-rows.ts): each figure beside its peer from the same run, and
 * each round's figure, since one round on a shared machine is at the mercy of what else ran.
 */
import {
  clusterFigures,
  invalidateFigures,
  type ClusterFigures,
  type ClusterSize,
  type ListingRound,
} from './cluster-rows.ts';
import { median } from './median.ts';
import { row, type Row } from './row.ts';
import { bigCacheWindowFigures, type BigCacheWindowFigures } from './window-rows.ts';

const ROUNDS = 3;
const WINDOW_PAGES = 3;

const each = (values: readonly number[], digits = 3): string => values.map((value) => value.toFixed(digits)).join(', ');

function listingRows(largest: ClusterSize): Row[] {
  const time = (round: ListingRound): number => round.cli.ms / round.bare.ms;
  const memory = (round: ListingRound): number => round.cli.peakMb / round.bare.peakMb;
  const { rounds } = largest;
  const label = `${largest.caches.toLocaleString('en')} content caches on 2 nodes at 25 ms`;
  return [
    row(
      `command line: content-caches list --json of ${label}: wall / the bare loop's (each a process; median of ${rounds.length} rounds)`,
      median(rounds.map(time)),
      'ratio',
      1.1,
      `command line ${each(
        rounds.map((round) => round.cli.ms / 1000),
        1,
      )} s, bare loop ${each(
        rounds.map((round) => round.bare.ms / 1000),
        1,
      )} s; each round ${each(rounds.map(time))}`,
    ),
    row(
      `command line: the same listing's peak memory / the bare loop's keeping every parsed cache (median of ${rounds.length} rounds)`,
      median(rounds.map(memory)),
      'ratio',
      1.5,
      `command line ${each(
        rounds.map((round) => round.cli.peakMb),
        0,
      )} MB, bare loop ${each(
        rounds.map((round) => round.bare.peakMb),
        0,
      )} MB; each round ${each(rounds.map(memory))}`,
    ),
  ];
}

/** Per cache between two sizes: what the larger one cost more, over how many caches more. */
function slope(small: ClusterSize, large: ClusterSize, cost: (size: ClusterSize) => number): number {
  return (cost(large) - cost(small)) / (large.caches - small.caches);
}

/** The larger of two slopes over the smaller: 1 is flat. */
const spread = (a: number, b: number): number => Math.max(a, b) / Math.min(a, b);

/**
 * Time: the command line's wall per cache between sizes (its start, the same at every size, drops
 * out). Memory: the heap the listing keeps per cache between sizes; the peak resident memory is
 * reported beside it, but it follows the collector's steps rather than the caches.
 */
function growthRow(sizes: readonly ClusterSize[]): Row {
  const [small, middle, large] = sizes as [ClusterSize, ClusterSize, ClusterSize];
  const ms = (size: ClusterSize): number => median(size.rounds.map((round) => round.cli.ms));
  const peakMb = (size: ClusterSize): number => median(size.rounds.map((round) => round.cli.peakMb));
  const keptMb = (size: ClusterSize): number => size.keptMb;
  const timeSlopes = [slope(small, middle, ms), slope(middle, large, ms)] as [number, number];
  const memorySlopes = [slope(small, middle, keptMb), slope(middle, large, keptMb)] as [number, number];
  const peakSlopes = [slope(small, middle, peakMb), slope(middle, large, peakMb)] as [number, number];
  const timeSpread = spread(...timeSlopes);
  const memorySpread = spread(...memorySlopes);
  const counts = sizes.map((size) => size.caches.toLocaleString('en')).join(' / ');
  return row(
    `listing cost per cache after the start, ${counts}: the larger step's slope over the smaller's, the worse of the command line's time (each size's median of ${small.rounds.length} rounds) and the heap the listing keeps`,
    Math.max(timeSpread, memorySpread),
    'ratio',
    1.2,
    `per cache ${each(
      timeSlopes.map((value) => value * 1000),
      1,
    )} µs (spread ${timeSpread.toFixed(2)}) and ${each(
      memorySlopes.map((value) => value * 1024),
      2,
    )} KB kept (spread ${memorySpread.toFixed(2)}); the command line's peak resident memory per cache ${each(
      peakSlopes.map((value) => value * 1024),
      2,
    )} KB; the whole run ${sizes
      .map((size) => `${Math.round(ms(size))} ms ${Math.round(peakMb(size))} MB`)
      .join(' / ')}`,
  );
}

function windowRows(figures: ClusterFigures, window: BigCacheWindowFigures, largest: ClusterSize): Row[] {
  const bareMb = median(largest.rounds.map((round) => round.bare.peakMb));
  const memory = window.memory;
  const main = largest.main;
  const together = memory && main ? main.peakMb + memory.peakMb : null;
  const label = largest.caches.toLocaleString('en');
  return [
    row(
      `window, cache monitor, ${label} content caches on 2 nodes: a filter keystroke to the rows updated, slowest key (Chromium, ${window.pages} fresh windows, first key 300 ms after the list shows)`,
      window.keystroke?.worstMs ?? null,
      'ms',
      30,
      window.keystroke
        ? `median key ${window.keystroke.medianMs.toFixed(1)} ms; each key ${window.keystroke.perKeyMs.join(', ')} ms; main's answers over a kept-alive loopback connection, an empty one's round trip ${window.roundTripMs?.toFixed(1) ?? '-'} ms`
        : (window.reason ?? undefined),
    ),
    row(
      `window, the same listing: main's peak memory + the renderer's / the bare loop's`,
      together === null ? null : together / bareMb,
      'ratio',
      1.5,
      memory && main
        ? `main (the services listing, keeping it searched and sorted, serialising the first window of rows for IPC, a Node process) ${Math.round(main.peakMb)} MB; renderer peak ${Math.round(memory.peakMb)} MB (resident with the list shown ${Math.round(memory.residentMb)} MB, JavaScript heap ${Math.round(memory.heapMb)} MB); bare loop ${Math.round(bareMb)} MB`
        : (window.reason ?? figures.reason ?? undefined),
    ),
  ];
}

function invalidateRow(figures: Pick<ClusterFigures, 'invalidate' | 'reason'>): Row {
  const invalidate = figures.invalidate;
  const ratios = invalidate?.rounds.map((round) => round.ms / round.rawMs) ?? [];
  return row(
    `cache monitor: invalidating the ${invalidate?.chosen.toLocaleString('en') ?? '-'} caches a filter chooses (2 warehouse tables, batches of 500 per node), planned and run in main: wall / the bare loop's batched requests (median of ${ratios.length} rounds)`,
    invalidate ? median(ratios) : null,
    'ratio',
    1.1,
    invalidate
      ? `app ${each(
          invalidate.rounds.map((round) => round.ms),
          0,
        )} ms, bare loop ${each(
          invalidate.rounds.map((round) => round.rawMs),
          0,
        )} ms; each round ${each(ratios)}`
      : (figures.reason ?? undefined),
  );
}

export interface ClusterReport {
  rows: Row[];
  failed: number;
}

export async function clusterReport(): Promise<ClusterReport> {
  const figures = await clusterFigures(ROUNDS);
  const largest = figures.sizes.at(-1);
  if (!largest) return { rows: [row('big cluster rows', null, 'ratio', null, figures.reason ?? undefined)], failed: 0 };
  const window = await bigCacheWindowFigures(largest.caches / 2, WINDOW_PAGES);
  const failed = figures.invalidate?.rounds.reduce((sum, round) => sum + round.failed, 0) ?? 0;
  return {
    rows: [
      ...listingRows(largest),
      growthRow(figures.sizes),
      ...windowRows(figures, window, largest),
      invalidateRow(figures),
    ],
    failed,
  };
}

/** The invalidate row alone (`--rows invalidate`). */
export async function invalidateReport(): Promise<ClusterReport> {
  const invalidate = await invalidateFigures(ROUNDS);
  const failed = invalidate?.rounds.reduce((sum, round) => sum + round.failed, 0) ?? 0;
  return { rows: [invalidateRow({ invalidate, reason: null })], failed };
}
