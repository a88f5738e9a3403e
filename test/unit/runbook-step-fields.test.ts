/**
 * The plan editor's after-load step fields: the step they make is one main accepts (defaults left
 * out, as an imported script leaves them), what is missing or out of range is said, and a saved
 * step comes back into the fields unchanged.
 */
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { StepSchema, type RunbookStep } from '../../src/shared/preset-schema.ts';
import {
  emptyRunbookFields,
  isRunbookKind,
  runbookFieldsOf,
  runbookStepFrom,
  type RunbookFields,
} from '../../src/renderer/src/lib/runbook-step-fields.ts';

const fields = (changes: Partial<RunbookFields>): RunbookFields => ({ ...emptyRunbookFields(), ...changes });

function stepOf(result: ReturnType<typeof runbookStepFrom>): RunbookStep {
  if ('error' in result) throw new Error(result.error.message);
  return result.step;
}

describe('after-load step fields', () => {
  it('make steps main accepts; names one per line, blanks and spaces dropped; defaults left out', () => {
    const republish = stepOf(
      runbookStepFrom('republish', fields({ project: ' Sales ', cubes: 'Sales Cube\n\n  Revenue Cube  \n' })),
    );
    expect(republish).toEqual({ kind: 'republish', project: 'Sales', cubes: ['Sales Cube', 'Revenue Cube'] });
    const tuned = stepOf(
      runbookStepFrom('republish', fields({ project: 'Sales', cubes: 'A', concurrency: '4', timeoutMinutes: '90' })),
    );
    expect(tuned).toMatchObject({ concurrency: 4, timeoutMinutes: 90 });
    const event = stepOf(runbookStepFrom('event', fields({ event: ' Sales_Ready ' })));
    expect(event).toEqual({ kind: 'event', event: 'Sales_Ready' });
    const send = stepOf(runbookStepFrom('subscriptions', fields({ project: 'Sales', subscriptions: 'Daily\nWeekly' })));
    expect(send).toEqual({ kind: 'subscriptions', project: 'Sales', subscriptions: ['Daily', 'Weekly'] });
    for (const step of [republish, tuned, event, send]) expect(v.safeParse(StepSchema, step).success).toBe(true);
  });

  it('say what is missing or out of range instead of making a step', () => {
    const message = (kind: RunbookStep['kind'], changes: Partial<RunbookFields>) => {
      const result = runbookStepFrom(kind, fields(changes));
      return 'error' in result ? result.error.message : null;
    };
    expect(message('event', { event: '  ' })).toBe('Name the event to trigger.');
    expect(message('republish', { cubes: 'A' })).toBe('Name the project.');
    expect(message('republish', { project: 'P', cubes: '\n' })).toBe('Name at least one cube.');
    expect(message('subscriptions', { project: 'P', cubes: 'A cube, not a subscription' })).toBe(
      'Name at least one subscription.',
    );
    for (const concurrency of ['0', '17', '1.5', 'two'])
      expect(message('republish', { project: 'P', cubes: 'A', concurrency })).toContain('1 to 16');
    for (const timeoutMinutes of ['0', '-1', '1441', ''])
      expect(message('republish', { project: 'P', cubes: 'A', timeoutMinutes })).toContain('at most 1440 minutes');
  });

  it('bring a saved step back unchanged', () => {
    const steps: RunbookStep[] = [
      { kind: 'republish', project: 'Sales', cubes: ['A', 'B'], concurrency: 3, timeoutMinutes: 15 },
      { kind: 'republish', project: 'Sales', cubes: ['A'] },
      { kind: 'event', event: 'Sales_Ready' },
      { kind: 'subscriptions', project: 'Sales', subscriptions: ['Daily Sales'] },
    ];
    for (const step of steps) expect(stepOf(runbookStepFrom(step.kind, runbookFieldsOf(step)))).toEqual(step);
    expect(['republish', 'event', 'subscriptions'].every(isRunbookKind)).toBe(true);
    expect(['purge', 'cube', 'project-state'].some(isRunbookKind)).toBe(false);
  });
});
