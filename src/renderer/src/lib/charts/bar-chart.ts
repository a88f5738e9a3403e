/**
 * Bar charts drawn by chart.js (only its bar chart's parts are registered, so the rest is left
 * out of the bundle), in the window's colours, without animation (a chart of 400 bars draws in a
 * few milliseconds), with the figures of a bar in a tooltip on hover and on keyboard focus: the
 * arrow keys move between bars, Enter acts on the focused one.
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  LinearScale,
  Tooltip,
  type ChartConfiguration,
  type TooltipItem,
} from 'chart.js';
import { cssColour } from './theme.ts';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

/** The window's own font: no other font to look up for the first chart's labels. */
function useWindowFont(): void {
  Chart.defaults.font.family = getComputedStyle(document.documentElement).fontFamily;
}

export interface BarSeries {
  label: string;
  values: readonly number[];
  /** A CSS variable (--success), or one per bar. */
  colour: string | readonly string[];
}

export interface BarChartSpec {
  labels: readonly string[];
  series: readonly BarSeries[];
  stacked?: boolean;
  /** No axes, grid or tooltip title (a small chart in a table row). */
  compact?: boolean;
  yMax?: number;
  /** Written after each value of the vertical axis ("%"). */
  yUnit?: string;
  /** Grid lines drawn in a colour of their own (80 and 100 on a share of capacity). */
  marks?: readonly { value: number; colour: string }[];
  /** The tooltip's lines for a bar, in words with the numbers. */
  describe: (index: number) => string[];
  onselect?: ((index: number) => void) | undefined;
}

function colours(series: BarSeries): string | string[] {
  return typeof series.colour === 'string' ? cssColour(series.colour) : series.colour.map(cssColour);
}

function gridColour(spec: BarChartSpec): (context: { tick?: { value: number } }) => string {
  return (context) => {
    const mark = spec.marks?.find((candidate) => candidate.value === context.tick?.value);
    return cssColour(mark ? mark.colour : '--border-soft');
  };
}

function options(spec: BarChartSpec): ChartConfiguration<'bar'>['options'] {
  const text = cssColour('--muted');
  return {
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    interaction: { mode: 'index', intersect: false },
    scales: {
      // Labels are sized from a sample of them, not all 100 (the cost of a chart of many projects).
      x: {
        stacked: spec.stacked ?? false,
        display: !spec.compact,
        ticks: { color: text, autoSkip: true, sampleSize: 12, maxRotation: 45 },
      },
      y: {
        stacked: spec.stacked ?? false,
        display: !spec.compact,
        beginAtZero: true,
        ...(spec.yMax === undefined ? {} : { suggestedMax: spec.yMax }),
        ticks: { color: text, precision: 0, callback: (value) => `${value}${spec.yUnit ?? ''}` },
        grid: { color: gridColour(spec) },
      },
    },
    plugins: {
      legend: { display: false },
      tooltip: {
        callbacks: {
          title: (items: TooltipItem<'bar'>[]) => (spec.compact ? '' : (spec.labels[items[0]?.dataIndex ?? 0] ?? '')),
          label: (item: TooltipItem<'bar'>) => spec.describe(item.dataIndex),
        },
        filter: (item: TooltipItem<'bar'>) => item.datasetIndex === 0,
      },
    },
    onClick: (_event, elements) => {
      const index = elements[0]?.index;
      if (index !== undefined) spec.onselect?.(index);
    },
  };
}

export function chartConfig(spec: BarChartSpec): ChartConfiguration<'bar'> {
  return {
    type: 'bar',
    data: {
      labels: [...spec.labels],
      datasets: spec.series.map((series) => ({
        label: series.label,
        data: [...series.values],
        backgroundColor: colours(series),
        borderWidth: 0,
        ...(spec.compact ? { barPercentage: 0.9, categoryPercentage: 1 } : {}),
      })),
    },
    options: options(spec),
  };
}

/** Draws the chart on the canvas; `update` redraws it (new figures, or the scheme changed). */
export function drawBarChart(canvas: HTMLCanvasElement, spec: BarChartSpec): Chart<'bar'> {
  useWindowFont();
  return new Chart(canvas, chartConfig(spec));
}

export function redraw(chart: Chart<'bar'>, spec: BarChartSpec): void {
  const config = chartConfig(spec);
  chart.data = config.data;
  if (config.options) chart.options = config.options;
  chart.update('none');
}

/** Shows a bar's tooltip as a hover would (keyboard focus). */
export function focusBar(chart: Chart<'bar'>, index: number | null): void {
  if (index === null) {
    chart.setActiveElements([]);
    chart.tooltip?.setActiveElements([], { x: 0, y: 0 });
  } else {
    const active = chart.data.datasets.map((_, datasetIndex) => ({ datasetIndex, index }));
    chart.setActiveElements(active);
    const element = chart.getDatasetMeta(0).data[index];
    chart.tooltip?.setActiveElements(active, { x: element?.x ?? 0, y: element?.y ?? 0 });
  }
  chart.update('none');
}

/** The bar a key moves to from `index` among `count` bars; null for a key that does not move. */
export function nextBar(key: string, index: number | null, count: number): number | null {
  if (count === 0) return null;
  const at = index ?? -1;
  if (key === 'ArrowRight' || key === 'ArrowDown') return Math.min(count - 1, at + 1);
  if (key === 'ArrowLeft' || key === 'ArrowUp') return Math.max(0, at < 0 ? 0 : at - 1);
  if (key === 'Home') return 0;
  if (key === 'End') return count - 1;
  return null;
}
