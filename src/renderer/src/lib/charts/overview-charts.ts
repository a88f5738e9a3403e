/**
 * The overview's charts as specs: a node's cube memory per project as a share of each project's
 * capacity (bars coloured by how close they are, grid lines at 80% and 100%), and content caches
 * per project by status, stacked. Pure, so the bench draws exactly what the screen draws.
 */
import {
  NEAR_CAPACITY,
  formatBytes,
  formatShare,
  type MemoryLevel,
  type NodeOverview,
  type ProjectContent,
} from '../../../../shared/overview.ts';
import type { BarChartSpec } from './bar-chart.ts';

const LEVEL_COLOURS: Record<MemoryLevel, string> = {
  ok: '--accent',
  near: '--warning-fg',
  over: '--danger',
  unknown: '--muted',
};

export const LEVEL_WORDS: Record<MemoryLevel, string> = {
  ok: 'below 80% of capacity',
  near: 'near capacity',
  over: 'over capacity',
  unknown: 'no capacity given',
};

export const MEMORY_COLUMNS = ['Project', 'Used', 'Capacity', 'Share', 'State'];

export function memoryCells(node: NodeOverview, index: number): string[] {
  const memory = node.memory?.[index];
  if (!memory) return [];
  const capacity = memory.capacity === null ? '—' : formatBytes(memory.capacity);
  return [formatBytes(memory.usage), capacity, formatShare(memory.share), LEVEL_WORDS[memory.level]];
}

/** Shares above this are drawn at it, so one runaway project does not flatten the others. */
const SHARE_CEILING = 150;

const LEVELS: readonly MemoryLevel[] = ['ok', 'near', 'over', 'unknown'];

export function memorySpec(node: NodeOverview, onselect?: (projectName: string) => void): BarChartSpec {
  const memory = node.memory ?? [];
  const shares = memory.map((project) => Math.min(SHARE_CEILING, Math.round((project.share ?? 0) * 100)));
  return {
    labels: memory.map((project) => project.projectName),
    // A series per level, each with the bars of its projects only: one colour each.
    series: LEVELS.filter((level) => memory.some((project) => project.level === level)).map((level) => ({
      label: `share of capacity (%), ${LEVEL_WORDS[level]}`,
      values: memory.map((project, index) => (project.level === level ? (shares[index] ?? 0) : null)),
      colour: LEVEL_COLOURS[level],
    })),
    yMax: 100,
    yUnit: '%',
    marks: [
      { value: NEAR_CAPACITY * 100, colour: '--warning-fg' },
      { value: 100, colour: '--danger' },
    ],
    describe: (index) => {
      const [used, capacity, share, state] = memoryCells(node, index);
      return [`${used} of ${capacity} (${share}), ${state}`];
    },
    onselect: onselect ? (index) => onselect(memory[index]?.projectName ?? '') : undefined,
  };
}

const STATUSES = [
  { key: 'ready', label: 'ready', colour: '--success' },
  { key: 'invalid', label: 'invalid', colour: '--danger' },
  { key: 'expired', label: 'expired', colour: '--warning-fg' },
] as const;

export const CONTENT_COLUMNS = ['Project', 'Ready', 'Invalid', 'Expired', 'Other', 'Size'];

function sizeOf(row: ProjectContent): number {
  return (row.ready.sizeKb + row.invalid.sizeKb + row.expired.sizeKb + row.other.sizeKb) * 1024;
}

export function contentCells(row: ProjectContent | undefined): string[] {
  if (!row) return [];
  const figure = (status: 'ready' | 'invalid' | 'expired' | 'other'): string =>
    `${row[status].count} (${formatBytes(row[status].sizeKb * 1024)})`;
  return [figure('ready'), figure('invalid'), figure('expired'), figure('other'), formatBytes(sizeOf(row))];
}

export function contentSpec(rows: readonly ProjectContent[], onselect?: (row: ProjectContent) => void): BarChartSpec {
  return {
    labels: rows.map((row) => row.projectName),
    series: STATUSES.map(({ key, label, colour }) => ({ label, colour, values: rows.map((row) => row[key].count) })),
    stacked: true,
    describe: (index) => {
      const [ready, invalid, expired, other, size] = contentCells(rows[index]);
      return [`ready ${ready}, invalid ${invalid}, expired ${expired}, other ${other}; ${size} in all`];
    },
    onselect: onselect ? (index) => rows[index] && onselect(rows[index]) : undefined,
  };
}
