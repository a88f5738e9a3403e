/** One line of the bench's report: a figure, its unit, its target, and the peer it was measured beside. */
export interface Row {
  name: string;
  figure: number | null;
  unit: string;
  /** The figure must be at most this; null for a figure reported as it is. */
  target: number | null;
  peer?: string;
  met: boolean;
}

export function row(name: string, figure: number | null, unit: string, target: number | null, peer?: string): Row {
  const rounded = figure === null || Number.isNaN(figure) ? null : Number(figure.toFixed(3));
  const met = rounded !== null && (target === null || rounded <= target);
  return { name, figure: rounded, unit, target, ...(peer ? { peer } : {}), met };
}

/** The rows as lines: ok or --, the figure against its target, then its peer. */
export function rowLines(rows: readonly Row[]): string {
  const width = Math.max(...rows.map((entry) => entry.name.length));
  return rows
    .map((entry) => {
      const figure = entry.figure === null ? 'not measured' : `${entry.figure} ${entry.unit}`;
      const target = entry.target === null ? 'no target' : `target <= ${entry.target} ${entry.unit}`;
      return `${entry.met ? 'ok ' : '-- '}${entry.name.padEnd(width)}  ${figure} (${target})${entry.peer ? `; ${entry.peer}` : ''}\n`;
    })
    .join('');
}
