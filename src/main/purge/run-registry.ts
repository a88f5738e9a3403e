/**
 * The purge plans and runs of the window's session, by id: the renderer names a plan, main keeps
 * its content, so what runs is exactly what was prepared and shown. A retry is a new plan in the
 * same run, and a run is one record: its outcome covers every item's final state across all its
 * retries. Old entries are dropped.
 */
import { AppError } from '../../shared/errors.ts';
import type { PurgeItem, PurgeOutcome, PurgePlan } from '../../shared/model.ts';
import { summarise, type PurgeEngine, type PurgeEvent, type PurgeRun } from './purge-engine.ts';

const KEEP = 50;

interface Entry {
  plan: PurgePlan;
  run: PurgeRun | null;
  outcome: PurgeOutcome | null;
}

export class RunRegistry {
  readonly #entries = new Map<string, Entry>();
  readonly #engine: PurgeEngine;

  constructor(engine: PurgeEngine) {
    this.#engine = engine;
  }

  add(plan: PurgePlan): PurgePlan {
    this.#entries.set(plan.id, { plan, run: null, outcome: null });
    while (this.#entries.size > KEEP) {
      const oldest = [...this.#entries.entries()].find(([, entry]) => entry.outcome !== null || entry.run === null);
      if (!oldest) break;
      this.#entries.delete(oldest[0]);
    }
    return plan;
  }

  plan(planId: string): PurgePlan {
    return this.#entry(planId).plan;
  }

  /** Starts a plan; its "finished" event carries the whole run's outcome, retries included. */
  start(planId: string, listener: (event: PurgeEvent) => void): void {
    const entry = this.#entry(planId);
    if (entry.run) throw new AppError('VALIDATION', 'This purge has already been started.');
    entry.run = this.#engine.start(entry.plan, (event) => {
      if (event.type === 'item') return listener(event);
      entry.outcome = event.outcome;
      listener({ type: 'finished', outcome: this.#runOutcome(entry) });
    });
  }

  cancel(planId: string): void {
    this.#entry(planId).run?.cancel();
  }

  /** A new plan in the same run with every item whose final state is not a success. */
  retry(planId: string): PurgePlan {
    const entry = this.#entry(planId);
    if (!entry.outcome) throw new AppError('VALIDATION', 'This purge has not finished yet.');
    return this.add(this.#engine.retryPlan(entry.plan, this.#runOutcome(entry)));
  }

  /** The outcome of the run the plan belongs to, once the plan has finished. */
  outcome(planId: string): PurgeOutcome | null {
    const entry = this.#entry(planId);
    return entry.outcome ? this.#runOutcome(entry) : null;
  }

  /** Stops starting new calls in every run (on quit). */
  cancelAll(): void {
    for (const entry of this.#entries.values()) entry.run?.cancel();
  }

  /** Waits for every started run (used on quit so the history is complete). */
  async settle(): Promise<void> {
    await Promise.allSettled([...this.#entries.values()].map((entry) => entry.run?.done));
  }

  /** The run's finished plans in order, each item at its latest state, times summed. */
  #runOutcome(latest: Entry): PurgeOutcome {
    const parts = [...this.#entries.values()].filter(
      (entry) => entry.plan.runId === latest.plan.runId && entry.outcome !== null,
    );
    const first = parts[0] ?? latest;
    const items = new Map<string, PurgeItem>();
    for (const part of parts) for (const item of part.outcome?.items ?? []) items.set(item.key, item);
    const merged = [...items.values()];
    return {
      planId: latest.plan.id,
      runId: latest.plan.runId,
      startedAt: first.outcome?.startedAt ?? '',
      finishedAt: latest.outcome?.finishedAt ?? '',
      durationMs: parts.reduce((total, part) => total + (part.outcome?.durationMs ?? 0), 0),
      summary: summarise(first.plan, merged),
      items: merged,
    };
  }

  #entry(planId: string): Entry {
    const entry = this.#entries.get(planId);
    if (!entry) throw new AppError('VALIDATION', 'Unknown purge; prepare it again.');
    return entry;
  }
}
