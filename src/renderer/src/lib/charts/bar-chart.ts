/**
 * Bar charts drawn by chart.js (only its bar chart's parts are registered, so the rest is left
 * out of the bundle), in the window's colours, with the figures of a bar in a tooltip on hover and
 * on keyboard focus: the arrow keys move between bars, Enter acts on the focused one. Whichever
 * bar the tooltip shows, from the pointer or the keyboard, is told to the page too, so its figures
 * are also written in the page's own text (the canvas's tooltip is only pixels).
 * Drawn for speed, as a screen of four charts of 100 bars each must show at once: no animation,
 * points handed over in chart.js's own shape (no parsing), one colour per series (bar options
 * resolved once per series, not per bar: bars of one colour each are series of their own that leave
 * out the others' bars and are not grouped), no vertical grid lines.
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
  type TooltipModel,
} from 'chart.js';
import { cssColour } from './theme.ts';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

let fontSet = false;

/** The window's own font: no other font to look up for the first chart's labels (read once). */
function useWindowFont(): void {
  if (fontSet) return;
  Chart.defaults.font.family = getComputedStyle(document.documentElement).fontFamily;
  fontSet = true;
}

export interface BarSeries {
  label: string;
  /** One per label; null where the series has no bar (that bar is another series'). */
  values: readonly (number | null)[];
  /** A CSS variable (--success). */
  colour: string;
}

/** A bar as chart.js keeps it: x is the label's index. */
export interface BarPoint {
  x: number;
  y: number;
}

/** The series' bars in chart.js's own shape, leaving out the labels it has no bar for. */
export function seriesPoints(series: BarSeries): BarPoint[] {
  const points: BarPoint[] = [];
  series.values.forEach((value, index) => {
    if (value !== null) points.push({ x: index, y: value });
  });
  return points;
}

export interface BarChartSpec {
  labels: readonly string[];
  series: readonly BarSeries[];
  stacked?: boolean;
  /** No axes, grid or tooltip title (a small chart in a table row). */
  compact?: boolean;
  /** The vertical axis goes at least this high. */
  yMax?: number;
  /** Written after each value of the vertical axis ("%"). */
  yUnit?: string;
  /** Grid lines drawn in a colour of their own (80 and 100 on a share of capacity). */
  marks?: readonly { value: number; colour: string }[];
  /** The tooltip's lines for a bar, in words with the numbers. */
  describe: (index: number) => string[];
  onselect?: ((index: number) => void) | undefined;
}

function gridColour(spec: BarChartSpec): (context: { tick?: { value: number } }) => string {
  return (context) => {
    const mark = spec.marks?.find((candidate) => candidate.value === context.tick?.value);
    return cssColour(mark ? mark.colour : '--border-soft');
  };
}

/** Told the label's index of the bar the tooltip shows, or null once it shows none. */
export type ShownBar = (index: number | null) => void;

/** The label's index of a tooltip's or a click's bar. */
function labelIndex(chart: Chart<'bar'>, datasetIndex: number, index: number): number | undefined {
  return (chart.data.datasets[datasetIndex]?.data[index] as BarPoint | undefined)?.x;
}

/** Labels past this many are drawn at their steepest slant at once, not fitted flatter first. */
const SLANTED_FROM = 30;

/** The vertical axis's top, when the spec sets a floor for it (so chart.js need not look for it). */
function axisTop(spec: BarChartSpec): number | undefined {
  if (spec.yMax === undefined || spec.stacked) return spec.yMax;
  let top = spec.yMax;
  for (const series of spec.series) for (const value of series.values) if (value !== null && value > top) top = value;
  return Math.ceil(top / 10) * 10;
}

/** The tooltip's bar, each time the tooltip changes (a pointer's move, a focused bar, leaving). */
function tellShown(shown: ShownBar): (context: { chart: Chart; tooltip: TooltipModel<'bar'> }) => void {
  return ({ chart, tooltip }) => {
    const active = tooltip.getActiveElements()[0];
    shown((active && labelIndex(chart as Chart<'bar'>, active.datasetIndex, active.index)) ?? null);
  };
}

function options(spec: BarChartSpec, shown?: ShownBar): ChartConfiguration<'bar'>['options'] {
  const text = cssColour('--muted');
  const stacked = spec.stacked ?? false;
  const top = axisTop(spec);
  const slant = spec.labels.length > SLANTED_FROM ? { minRotation: 45 } : {};
  return {
    animation: false,
    parsing: false,
    normalized: true,
    // Sized by the screen (chart-widths.ts), not by chart.js reading every canvas's box in turn.
    responsive: false,
    maintainAspectRatio: false,
    // A tap is a click; no touch listeners of its own on every canvas.
    events: ['mousemove', 'mouseout', 'click'],
    // The bars at the pointer's label, of every series (chart.js's 'index' mode assumes every series
    // has a bar at every label).
    interaction: { mode: 'nearest', axis: 'x', intersect: false },
    scales: {
      // Labels are sized from a sample of them, not all 100 (the cost of a chart of many projects).
      x: {
        stacked,
        display: !spec.compact,
        grid: { display: false },
        ticks: { color: text, autoSkip: true, sampleSize: 12, maxRotation: 45, ...slant },
      },
      y: {
        stacked,
        display: !spec.compact,
        beginAtZero: true,
        ...(top === undefined ? {} : spec.stacked ? { suggestedMax: top } : { min: 0, max: top }),
        ticks: { color: text, precision: 0, callback: (value) => `${value}${spec.yUnit ?? ''}` },
        grid: { color: gridColour(spec) },
      },
    },
    plugins: {
      legend: { display: false },
      tooltip: {
        callbacks: {
          title: (items: TooltipItem<'bar'>[]) => (spec.compact ? '' : (spec.labels[items[0]?.parsed.x ?? 0] ?? '')),
          label: (item: TooltipItem<'bar'>) => spec.describe(item.parsed.x ?? 0),
        },
        // One line of words per label, whichever series' bar the pointer is on.
        filter: (_item: TooltipItem<'bar'>, position: number) => position === 0,
        ...(shown ? { external: tellShown(shown) } : {}),
      },
    },
    onClick: (_event, elements, chart) => {
      const element = elements[0];
      const index = element && labelIndex(chart as Chart<'bar'>, element.datasetIndex, element.index);
      if (index !== undefined) spec.onselect?.(index);
    },
  };
}

export function chartConfig(spec: BarChartSpec, shown?: ShownBar): ChartConfiguration<'bar'> {
  return {
    type: 'bar',
    data: {
      labels: [...spec.labels],
      datasets: spec.series.map((series) => ({
        label: series.label,
        data: seriesPoints(series) as unknown as number[],
        backgroundColor: cssColour(series.colour),
        borderWidth: 0,
        // Series that leave out each other's bars draw each bar in the whole of its label's slot.
        grouped: spec.stacked === true || !series.values.includes(null),
        ...(spec.compact ? { barPercentage: 0.9, categoryPercentage: 1 } : {}),
      })),
    },
    options: options(spec, shown),
  };
}

/** Draws the chart on the canvas at a size in CSS pixels; `redraw` draws it again (new figures, or the scheme changed). */
export function drawBarChart(
  canvas: HTMLCanvasElement,
  spec: BarChartSpec,
  size: { width: number; height: number },
  shown?: ShownBar,
): Chart<'bar'> {
  useWindowFont();
  drawing = true;
  canvas.width = size.width;
  canvas.height = size.height;
  return new Chart(canvas, chartConfig(spec, shown));
}

let primed = false;
/** Set once a screen draws its own charts: priming stops there (it would only delay them). */
let drawing = false;

/** A chart like the overview's largest (100 bars in 4 series), stacked or side by side. */
function primingSpec(stacked: boolean): BarChartSpec {
  const labels = Array.from({ length: 100 }, (_, index) => `Project ${index}`);
  const values = labels.map((_, index) => (index % 3 === 0 ? null : index));
  return {
    labels,
    series: [
      { label: 'a', values, colour: '--accent' },
      { label: 'b', values: values.map((value) => (value === null ? 1 : null)), colour: '--danger' },
      { label: 'c', values: labels.map(() => 1), colour: '--warning-fg' },
      { label: 'd', values: labels.map(() => 1), colour: '--success' },
    ],
    stacked,
    yMax: 100,
    yUnit: '%',
    marks: [{ value: 100, colour: '--danger' }],
    describe: () => [],
  };
}

/**
 * Rounds of priming: a single throwaway chart compiles chart.js's code only to its first tier; a
 * couple of dozen more take its hot paths to optimised code, each round a task of its own so the
 * window stays responsive while they run.
 */
const PRIMING_ROUNDS = 24;
/** Most rounds draw new figures on the last round's chart: a new chart each round held 10 MB more in the window. */
const NEW_EVERY = 4;

/**
 * One canvas for every round, its pixels let go at the end (a canvas per round held 14 MB until a
 * collection); a new chart every NEW_EVERY rounds, the others the last one's drawn again.
 */
function primeRound(
  canvas: HTMLCanvasElement,
  specs: readonly [BarChartSpec, BarChartSpec],
  round: number,
  last: Chart<'bar'> | null,
): void {
  if (drawing || round >= PRIMING_ROUNDS) {
    last?.destroy();
    canvas.width = 0;
    canvas.height = 0;
    return;
  }
  const spec = specs[round % 2] as BarChartSpec;
  let chart = last;
  if (chart && round % NEW_EVERY !== 0) redraw(chart, spec);
  else {
    chart?.destroy();
    chart = new Chart(canvas, chartConfig(spec));
  }
  focusBar(chart, 1);
  setTimeout(() => primeRound(canvas, specs, round + 1, chart));
}

/**
 * Draws charts of every kind the screens use on a canvas outside the page, once per window, and
 * throws them away: chart.js's code is compiled and the window's font and colours are read while
 * the screen waits for its figures, not when the first chart of them is drawn.
 */
export function primeCharts(): void {
  if (primed) return;
  primed = true;
  useWindowFont();
  for (const colour of ['--muted', '--border-soft', '--warning-fg', '--muted']) cssColour(colour);
  const canvas = Object.assign(document.createElement('canvas'), { width: 800, height: 200 });
  // Side by side and stacked in turn, each spec made once for all the rounds.
  primeRound(canvas, [primingSpec(false), primingSpec(true)], 0, null);
}

export function redraw(chart: Chart<'bar'>, spec: BarChartSpec, shown?: ShownBar): void {
  const config = chartConfig(spec, shown);
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
    const active = chart.data.datasets.flatMap((dataset, datasetIndex) => {
      const at = (dataset.data as unknown as BarPoint[]).findIndex((point) => point.x === index);
      return at < 0 ? [] : [{ datasetIndex, index: at }];
    });
    chart.setActiveElements(active);
    const first = active[0];
    const element = first && chart.getDatasetMeta(first.datasetIndex).data[first.index];
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
