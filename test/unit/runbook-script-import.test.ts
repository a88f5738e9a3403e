/**
 * The after-load statements of Command Manager scripts: PUBLISH INTELLIGENT CUBE in its forms,
 * TRIGGER EVENT and TRIGGER SUBSCRIPTION, each one step in the script's order beside the cache
 * steps; UPDATE INTELLIGENT CUBE CACHE stays not imported.
 */
import { describe, expect, it } from 'vitest';
import { importScriptText } from '../../src/main/cmdmgr/script-import.ts';
import { describeStep } from '../../src/shared/plan-steps.ts';
import { importedSteps } from '../../src/shared/script-import.ts';

describe('after-load statements', () => {
  it('maps a nightly script in its order: purge, republish two cubes, trigger an event', () => {
    const result = importScriptText(`// nightly, after the warehouse load
PURGE ELEMENT CACHING IN PROJECT "Sales";
PUBLISH INTELLIGENT CUBE "Sales Cube" IN FOLDER "\\Public Objects\\Reports" FOR PROJECT "Sales";
publish intelligent cube 'Revenue Cube' for project 'Sales';
TRIGGER EVENT "Sales_Ready";
TRIGGER SUBSCRIPTION "Daily Sales", "Weekly KPIs" FOR PROJECT "Sales";
UPDATE INTELLIGENT CUBE CACHE NAME "Sales Cube" FOR PROJECT "Sales";
`);
    const steps = importedSteps(result);
    expect(steps).toEqual([
      { kind: 'purge', projects: { names: ['Sales'] }, cacheTypes: ['element'] },
      { kind: 'republish', project: 'Sales', cubes: ['Sales Cube'] },
      { kind: 'republish', project: 'Sales', cubes: ['Revenue Cube'] },
      { kind: 'event', event: 'Sales_Ready' },
      { kind: 'subscriptions', project: 'Sales', subscriptions: ['Daily Sales', 'Weekly KPIs'] },
    ]);
    expect(result.imported.map((entry) => entry.line)).toEqual([2, 3, 4, 5, 6]);
    expect(result.imported[1]?.notes[0]).toContain('folder "\\Public Objects\\Reports" is not checked');
    expect(result.notImported).toEqual([
      expect.objectContaining({ line: 7, reason: expect.stringContaining('not a cache monitor action') }),
    ]);
    expect(steps.map(describeStep)).toEqual([
      'purge element caches in "Sales"',
      'republish cube "Sales Cube" in "Sales"',
      'republish cube "Revenue Cube" in "Sales"',
      'trigger event "Sales_Ready"',
      'send subscriptions "Daily Sales", "Weekly KPIs" in "Sales"',
    ]);
  });

  it('accepts the other forms and says why a broken one is not imported', () => {
    expect(importedSteps(importScriptText('PUBLISH INTELLIGENT CUBES "A", "B" FOLDER "F" IN PROJECT "P";'))).toEqual([
      { kind: 'republish', project: 'P', cubes: ['A', 'B'] },
    ]);
    const broken = importScriptText('PUBLISH INTELLIGENT CUBE "A";\nTRIGGER EVENT;\nTRIGGER SUBSCRIPTION "s";');
    expect(broken.imported).toEqual([]);
    expect(broken.notImported.map((entry) => [entry.line, entry.reason])).toEqual([
      [1, 'Not understood: expected IN PROJECT at the end.'],
      [2, 'Not understood: expected a quoted name at the end.'],
      [3, 'Not understood: expected IN PROJECT at the end.'],
    ]);
  });
});
