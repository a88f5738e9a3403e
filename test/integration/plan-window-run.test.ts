/**
 * The window's run of a plan against the cluster simulator: each step is heard as it starts and as
 * it ends, a cache step's results are counted per node and checked against a fresh list (as a single
 * cache action is), a project state step is counted per node with what was already so, and the
 * plain-text report names every step, environment, node and cache.
 */
import { describe, expect, it } from 'vitest';
import * as plans from '../../src/main/use-cases/plans-and-presets.ts';
import { WindowSession } from '../../src/main/use-cases/window-session.ts';
import type { PlanOutcome } from '../../src/shared/plan-outcome.ts';
import { outcomeTotals, planReport } from '../../src/shared/plan-report.ts';
import { simulator } from './helpers.ts';
import { connected, world } from './use-cases/world.ts';

const A = 'iserver-a.example.internal';
const B = 'iserver-b.example.internal';

describe('the window’s plan run', () => {
  it('is heard step by step as each starts and ends, with per-node results and the check afterwards', async () => {
    const sim = await simulator({
      projects: 2,
      cluster: { nodes: [{ name: A }, { name: B, projects: [0] }], contentCachesPerNode: 5, cubeCachesPerNode: 0 },
    });
    const [, p1] = sim.projects;
    if (!p1) throw new Error('two projects expected');
    const { services } = world();
    services.projectStates.timing = { settleTimeoutMs: 5_000, pollIntervalMs: 20 };
    const dev = await connected(services, sim, { name: 'Dev', tier: 'dev' });
    await plans.savePreset(
      services,
      {
        name: 'Window',
        environments: [dev.id],
        steps: [
          { kind: 'content', action: 'invalidate', projects: { all: true }, filter: {} },
          { kind: 'project-state', action: 'unload', projects: { names: [p1.name] } },
        ],
      },
      { replace: false },
    );
    const heard: string[] = [];
    const session = new WindowSession(services);
    const outcome = await new Promise<PlanOutcome | null>((resolve) => {
      void plans.startWindowPlan(
        services,
        session,
        { name: 'Window', confirmations: {}, stopOnError: false },
        {
          onStepStarted: (_runId, step) => heard.push(`started ${step.label.slice(0, 3)}`),
          onStep: (_runId, step) => heard.push(`ended ${step.label.slice(0, 3)} ${step.status}`),
          onFinished: (_runId, ended) => resolve(ended),
        },
      );
    });
    expect(heard).toEqual(['started 1/2', 'ended 1/2 succeeded', 'started 2/2', 'ended 2/2 succeeded']);

    const [invalidate, unload] = outcome?.steps.map((step) => step.environments[0]) ?? [];
    const onA = sim.cluster.node(A)?.contentCaches.size ?? 0;
    const onB = sim.cluster.node(B)?.contentCaches.size ?? 0;
    expect(invalidate?.checked?.error).toBeNull();
    expect(invalidate?.nodes?.map((node) => [node.node, node.summary.succeeded, node.shown])).toEqual([
      [A, onA, onA],
      [B, onB, onB],
    ]);
    // The second project is loaded on node A only: B is already so.
    expect(unload?.nodes?.map((node) => [node.node, node.summary.succeeded, node.summary.skipped])).toEqual([
      [A, 1, 0],
      [B, 0, 1],
    ]);

    if (!outcome) throw new Error('an outcome expected');
    expect(outcomeTotals(outcome)).toBe(
      `${onA + onB} of ${onA + onB} content caches accepted; 1 of 1 project state change succeeded, 1 already so (not sent)`,
    );
    const report = planReport(outcome);
    expect(report).toContain(`plan run ${outcome.runId}: preset "Window"`);
    expect(report).toContain(
      `Dev: ${onA + onB} of ${onA + onB} content caches accepted; a fresh list shows the change on ${onA + onB} of ${onA + onB}`,
    );
    expect(report).toContain(
      `    ${A}: ${onA} of ${onA} content caches accepted; a fresh list shows the change on ${onA} of ${onA}`,
    );
    const [first] = sim.cluster.node(A)?.contentCaches.values() ?? [];
    expect(report).toMatch(new RegExp(`\\tsucceeded\\t1 request\\tnow [^\\n]*invalid`));
    expect(report).toContain(first?.source.name ?? '?');
  });
});
