/**
 * The purge plans and runs of the window's session, by id: the renderer names a plan, main keeps
 * its content, so what runs is exactly what was prepared and shown. Old entries are dropped.
 */
import { AppError } from '../../shared/errors.ts';
import type { PurgeOutcome, PurgePlan } from '../../shared/model.ts';
import type { PurgeEngine, PurgeEvent, PurgeRun } from './purge-engine.ts';

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

  start(planId: string, listener: (event: PurgeEvent) => void): void {
    const entry = this.#entry(planId);
    if (entry.run) throw new AppError('VALIDATION', 'This purge has already been started.');
    entry.run = this.#engine.start(entry.plan, listener);
    void entry.run.done.then((outcome) => {
      entry.outcome = outcome;
    });
  }

  cancel(planId: string): void {
    this.#entry(planId).run?.cancel();
  }

  retry(planId: string): PurgePlan {
    const entry = this.#entry(planId);
    if (!entry.outcome) throw new AppError('VALIDATION', 'This purge has not finished yet.');
    return this.add(this.#engine.retryPlan(entry.plan, entry.outcome));
  }

  outcome(planId: string): PurgeOutcome | null {
    return this.#entry(planId).outcome;
  }

  /** Stops starting new calls in every run (on quit). */
  cancelAll(): void {
    for (const entry of this.#entries.values()) entry.run?.cancel();
  }

  /** Waits for every started run (used on quit so the history is complete). */
  async settle(): Promise<void> {
    await Promise.allSettled([...this.#entries.values()].map((entry) => entry.run?.done));
  }

  #entry(planId: string): Entry {
    const entry = this.#entries.get(planId);
    if (!entry) throw new AppError('VALIDATION', 'Unknown purge; prepare it again.');
    return entry;
  }
}
