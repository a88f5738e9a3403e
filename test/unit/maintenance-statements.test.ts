/**
 * Command Manager maintenance-window statements as plan steps: every idle mode, resume, load and
 * unload with and without the cluster clause, UPDATE SCHEMA with its options, UNLOAD REPORT CACHES
 * TO DISK as the content-cache unload, and the offer to mark a resume after an idle "always run".
 */
import { describe, expect, it } from 'vitest';
import { importScriptText } from '../../src/main/cmdmgr/script-import.ts';
import { importedSteps } from '../../src/shared/script-import.ts';

const steps = (text: string) => importedSteps(importScriptText(text));

describe('maintenance statements', () => {
  it('reads IDLE PROJECT in every mode', () => {
    const read = steps(
      ['REQUEST', 'EXECUTION', 'WAREHOUSEEXEC', 'FULL', 'PARTIAL']
        .map((mode) => `IDLE PROJECT "Sales" MODE ${mode};`)
        .join('\n'),
    );
    expect(read.map((step) => (step.kind === 'project-state' ? step.mode : null))).toEqual([
      'request',
      'execution',
      'warehouse',
      'full',
      'partial',
    ]);
    expect(read[0]).toEqual({ kind: 'project-state', action: 'idle', mode: 'request', projects: { names: ['Sales'] } });
  });

  it('refuses an idle without a known mode, with the reason', () => {
    const result = importScriptText('IDLE PROJECT "Sales" MODE SOMETIMES;\nIDLE PROJECT "Sales";');
    expect(result.imported).toEqual([]);
    expect(result.notImported[0]?.reason).toContain('MODE is REQUEST, EXECUTION, WAREHOUSEEXEC, FULL or PARTIAL');
    expect(result.notImported[1]?.reason).toMatch(/^Not understood: expected MODE/);
  });

  it('reads RESUME, LOAD and UNLOAD PROJECT with and without the cluster clause', () => {
    expect(
      steps(`resume project 'Sales';
LOAD PROJECT "Sales" TO CLUSTER ALL SERVERS;
LOAD PROJECT "Sales" TO CLUSTER SERVERS "node-a", "node-b";
UNLOAD PROJECT "Sales" FROM CLUSTER SERVERS "node-b";
UNLOAD PROJECT "Sales";`),
    ).toEqual([
      { kind: 'project-state', action: 'resume', projects: { names: ['Sales'] } },
      { kind: 'project-state', action: 'load', projects: { names: ['Sales'] } },
      { kind: 'project-state', action: 'load', projects: { names: ['Sales'] }, nodes: ['node-a', 'node-b'] },
      { kind: 'project-state', action: 'unload', projects: { names: ['Sales'] }, nodes: ['node-b'] },
      { kind: 'project-state', action: 'unload', projects: { names: ['Sales'] } },
    ]);
  });

  it('reads UPDATE SCHEMA with the options written, and says how it read them', () => {
    const result =
      importScriptText(`UPDATE SCHEMA REFRESHSCHEMA RECALTABLEKEYS RECALTABLELOGICAL RECALOBJECTCACHE FOR PROJECT "Sales";
UPDATE SCHEMA FOR PROJECT "Finance";`);
    expect(importedSteps(result)).toEqual([
      {
        kind: 'update-schema',
        projects: { names: ['Sales'] },
        parts: ['refresh', 'table-keys', 'logical-sizes', 'clear-element-cache'],
      },
      { kind: 'update-schema', projects: { names: ['Finance'] }, parts: ['refresh'] },
    ]);
    expect(result.imported[1]?.notes[0]).toContain('without options was read as a schema refresh');
  });

  it('reads UNLOAD REPORT CACHES … TO DISK as the content-cache unload of report caches', () => {
    const result = importScriptText(`UNLOAD REPORT CACHES TO DISK IN PROJECT "Sales";
UNLOAD ALL REPORT CACHES IN PROJECT "Sales" TO DISK;
UNLOAD REPORT CACHES IN PROJECT "Sales";`);
    const unload = { kind: 'content', action: 'unload', projects: { names: ['Sales'] }, filter: { types: ['report'] } };
    expect(importedSteps(result)).toEqual([unload, unload]);
    expect(result.imported[0]?.notes[0]).toContain('stay on disk');
    expect(result.notImported[0]?.reason).toContain('TO DISK');
  });

  it('offers to mark the resume after an idle "always run", and only then', () => {
    const window = importScriptText(`IDLE PROJECT "Sales" MODE FULL;
PURGE ALL CACHING IN PROJECT "Sales";
UPDATE SCHEMA REFRESHSCHEMA FOR PROJECT "Sales";
RESUME PROJECT "Sales";`);
    expect(window.resumeAfterIdle).toEqual([4]);
    expect(importScriptText('RESUME PROJECT "Sales";').resumeAfterIdle).toBeUndefined();
  });
});
