/**
 * A plan's counts in words: each step kind counted in its own unit with proper plurals, totals kept
 * apart per unit (caches are never called requests), and what is left alone said in the step's terms.
 */
import { describe, expect, it } from 'vitest';
import type { PurgeSummary } from '../../src/shared/model.ts';
import { leftAloneWords, stepUnit, summaryWords, totalsWords } from '../../src/shared/plan-words.ts';

function summary(part: Partial<PurgeSummary>): PurgeSummary {
  return { total: 0, succeeded: 0, failed: 0, unknown: 0, cancelled: 0, skipped: 0, blockedEnvironments: 0, ...part };
}

describe('plan words', () => {
  it('counts each step kind in its own unit, singular and plural', () => {
    expect(summaryWords('purge', summary({ total: 1, succeeded: 1 }))).toBe('1 of 1 purge request accepted');
    expect(summaryWords('content', summary({ total: 427, succeeded: 415, failed: 10, unknown: 2 }))).toBe(
      '415 of 427 content caches accepted, 10 failed, 2 outcome unknown',
    );
    expect(summaryWords('project-state', summary({ total: 2, succeeded: 2, skipped: 1 }))).toBe(
      '2 of 2 project state changes succeeded, 1 already so (not sent)',
    );
    expect(summaryWords('purge', summary({ total: 4, succeeded: 4, skipped: 1 }))).toBe(
      '4 of 4 purge requests accepted, 1 project not loaded (skipped)',
    );
    expect(stepUnit('republish')).toBe('cube republish');
    expect(leftAloneWords('purge', 3)).toBe('3 projects not loaded (skipped)');
  });

  it('adds up totals per unit, in the order the steps first use each', () => {
    expect(
      totalsWords([
        { kind: 'purge', summary: summary({ total: 6, succeeded: 6 }) },
        { kind: 'content', summary: summary({ total: 400, succeeded: 400 }) },
        { kind: 'purge', summary: summary({ total: 6, succeeded: 5, cancelled: 1 }) },
        { kind: 'content', summary: null },
        { kind: 'cube', summary: summary({ total: 27, succeeded: 27 }) },
      ]),
    ).toBe(
      '11 of 12 purge requests accepted, 1 cancelled; 400 of 400 content caches accepted; 27 of 27 cube caches accepted',
    );
    expect(totalsWords([{ kind: 'purge', summary: null }])).toBe('nothing sent');
  });
});
