/**
 * The overview's charts as chart.js is handed them: a node's cube memory drawn as one series per
 * capacity level (one colour each, a bar for every project in exactly one of them, at the project's
 * own place), the tooltip's words and the table view's cells for a project.
 */
import { describe, expect, it } from 'vitest';
import { seriesPoints } from '../../src/renderer/src/lib/charts/bar-chart.ts';
import { memoryCells, memorySpec } from '../../src/renderer/src/lib/charts/overview-charts.ts';
import { memoryLevel, type NodeOverview } from '../../src/shared/overview.ts';

const MB = 1024 * 1024;

/** Each project as [used MB, capacity MB or null]. */
function nodeWith(usages: [number, number | null][]): NodeOverview {
  const memory = usages.map(([usage, capacity], index) => ({
    projectId: `p${index}`,
    projectName: `Project ${index}`,
    usage: usage * MB,
    capacity: capacity === null ? null : capacity * MB,
    ...memoryLevel(usage * MB, capacity === null ? null : capacity * MB),
  }));
  return {
    name: 'node-a',
    status: 'running',
    load: 0,
    isDefault: true,
    loadedProjects: memory.length,
    memory,
    memorySkipped: null,
    memoryError: null,
  };
}

describe('seriesPoints', () => {
  it('keeps each value at its label and leaves out the labels the series has no bar for', () => {
    expect(seriesPoints({ label: 'a', colour: '--accent', values: [5, null, 0, null, 7] })).toEqual([
      { x: 0, y: 5 },
      { x: 2, y: 0 },
      { x: 4, y: 7 },
    ]);
  });
});

describe('memorySpec', () => {
  // 10 of 100 (ok), 90 of 100 (near), 250 of 100 (over, drawn at the 150% ceiling), 5 with no capacity.
  const node = nodeWith([
    [10, 100],
    [90, 100],
    [250, 100],
    [5, null],
    [20, 100],
  ]);
  const spec = memorySpec(node);

  it('draws one series per level present, each bar in exactly one of them, in the level colour', () => {
    expect(spec.series.map((series) => series.colour)).toEqual(['--accent', '--warning-fg', '--danger', '--muted']);
    const bars = spec.series.flatMap((series) => seriesPoints(series));
    expect(bars.map((bar) => bar.x).sort()).toEqual([0, 1, 2, 3, 4]);
    expect(seriesPoints(spec.series[0]!)).toEqual([
      { x: 0, y: 10 },
      { x: 4, y: 20 },
    ]);
    expect(seriesPoints(spec.series[1]!)).toEqual([{ x: 1, y: 90 }]);
    expect(seriesPoints(spec.series[2]!)).toEqual([{ x: 2, y: 150 }]);
    expect(seriesPoints(spec.series[3]!)).toEqual([{ x: 3, y: 0 }]);
  });

  it('leaves out the levels no project is at', () => {
    const calm = memorySpec(nodeWith([[10, 100]]));
    expect(calm.series).toHaveLength(1);
    expect(calm.series[0]?.label).toContain('below 80% of capacity');
  });

  it('tells a bar in words with its numbers, as its table row does', () => {
    expect(spec.labels[2]).toBe('Project 2');
    expect(spec.describe(2)).toEqual(['250 MB of 100 MB (250%), over capacity']);
    expect(memoryCells(node, 3)).toEqual(['5.0 MB', '—', '—', 'no capacity given']);
  });
});
