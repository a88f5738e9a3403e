/** Runs per day by outcome as a stacked bar chart: the series, the words of a day, its table cells. */
import type { PurgeItemOutcome } from '../../../../shared/model.ts';
import type { DayRuns } from '../../../../shared/overview.ts';
import type { BarChartSpec } from './bar-chart.ts';

const OUTCOMES: { outcome: PurgeItemOutcome; label: string; colour: string }[] = [
  { outcome: 'succeeded', label: 'succeeded', colour: '--success' },
  { outcome: 'failed', label: 'failed', colour: '--danger' },
  { outcome: 'unknown', label: 'outcome unknown', colour: '--warning-fg' },
  { outcome: 'cancelled', label: 'cancelled', colour: '--muted' },
];

export const DAY_COLUMNS = ['Day', ...OUTCOMES.map(({ label }) => label)];

/** "Mon 1 Dec" for a YYYY-MM-DD local day. */
export function dayLabel(day: string): string {
  const date = new Date(`${day}T12:00:00`);
  return date.toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short' });
}

export function dayCells(day: DayRuns | undefined): string[] {
  return OUTCOMES.map(({ outcome }) => String(day?.[outcome] ?? 0));
}

export function dayRunsSpec(days: readonly DayRuns[], extra: Partial<BarChartSpec> = {}): BarChartSpec {
  return {
    labels: days.map((day) => dayLabel(day.day)),
    series: OUTCOMES.map(({ outcome, label, colour }) => ({
      label,
      colour,
      values: days.map((day) => day[outcome]),
    })),
    stacked: true,
    describe: (index) => {
      const day = days[index];
      const parts = OUTCOMES.filter(({ outcome }) => (day?.[outcome] ?? 0) > 0).map(
        ({ outcome, label }) => `${day?.[outcome]} ${label}`,
      );
      return [parts.length > 0 ? parts.join(', ') : 'no runs'];
    },
    ...extra,
  };
}
