/**
 * The maintenance-window statements of Command Manager scripts as plan steps: IDLE PROJECT … MODE …,
 * RESUME PROJECT, LOAD PROJECT [TO CLUSTER …], UNLOAD PROJECT [FROM CLUSTER …], UPDATE SCHEMA …
 * FOR PROJECT, and UNLOAD REPORT CACHES … TO DISK (the content-cache unload: report caches stay
 * on disk, memory is freed). Read through the statement reader's cursor.
 */
import type { ProjectSelection } from '../../shared/model.ts';
import type { Step } from '../../shared/preset-schema.ts';
import type { IdleMode, ProjectStateAction, SchemaPart } from '../../shared/project-state.ts';

/** What the statement reader's cursor offers (a keyword mismatch throws "not understood"). */
export interface StatementCursor {
  peekWord(offset?: number): string | null;
  accept(...words: string[]): boolean;
  expect(...words: string[]): void;
  name(): string;
  names(): string[];
  end(): void;
}

export type MaintenanceReading =
  { imported: true; steps: Step[]; notes: string[] } | { imported: false; reason: string };

const MODES: Record<string, IdleMode> = {
  REQUEST: 'request',
  EXECUTION: 'execution',
  WAREHOUSEEXEC: 'warehouse',
  FULL: 'full',
  PARTIAL: 'partial',
};

function stateStep(action: ProjectStateAction, project: string, extra: Partial<Step> = {}): Step {
  return { kind: 'project-state', action, projects: { names: [project] }, ...extra } as Step;
}

/** IDLE PROJECT "p" MODE (REQUEST | EXECUTION | WAREHOUSEEXEC | FULL | PARTIAL) */
function idle(cursor: StatementCursor): MaintenanceReading {
  cursor.expect('PROJECT');
  const project = cursor.name();
  cursor.expect('MODE');
  const word = cursor.peekWord() ?? '';
  const mode = MODES[word];
  if (!mode)
    return {
      imported: false,
      reason: `Not understood: MODE is REQUEST, EXECUTION, WAREHOUSEEXEC, FULL or PARTIAL, not "${word.slice(0, 40)}".`,
    };
  cursor.accept(word);
  cursor.end();
  return { imported: true, steps: [stateStep('idle', project, { mode } as Partial<Step>)], notes: [] };
}

/** [TO | FROM] CLUSTER (ALL SERVERS | SERVERS "a", "b"): the nodes, or none for every running node. */
function clusterNodes(cursor: StatementCursor, preposition: 'TO' | 'FROM'): string[] | null {
  if (!cursor.accept(preposition, 'CLUSTER')) return null;
  if (cursor.accept('ALL', 'SERVERS')) return null;
  cursor.expect('SERVERS');
  return cursor.names();
}

/** LOAD PROJECT "p" [TO CLUSTER …]  |  UNLOAD PROJECT "p" [FROM CLUSTER …] */
function loadOrUnload(cursor: StatementCursor, action: 'load' | 'unload'): MaintenanceReading {
  cursor.expect('PROJECT');
  const project = cursor.name();
  const nodes = clusterNodes(cursor, action === 'load' ? 'TO' : 'FROM');
  cursor.end();
  const notes = nodes
    ? [
        "The server names must be the nodes' names as the cluster monitor lists them; a name no node has fails the step.",
      ]
    : [];
  return { imported: true, steps: [stateStep(action, project, nodes ? { nodes } : {})], notes };
}

const SCHEMA_OPTIONS: Record<string, SchemaPart> = {
  REFRESHSCHEMA: 'refresh',
  RECALTABLEKEYS: 'table-keys',
  RECALTABLELOGICAL: 'logical-sizes',
  RECALOBJECTCACHE: 'clear-element-cache',
};

/** UPDATE SCHEMA [REFRESHSCHEMA] [RECALTABLEKEYS] [RECALTABLELOGICAL] [RECALOBJECTCACHE] FOR PROJECT "p" */
function updateSchema(cursor: StatementCursor): MaintenanceReading {
  const parts: SchemaPart[] = [];
  for (let word = cursor.peekWord(); word && SCHEMA_OPTIONS[word]; word = cursor.peekWord()) {
    const part = SCHEMA_OPTIONS[word] as SchemaPart;
    if (!parts.includes(part)) parts.push(part);
    cursor.accept(word);
  }
  cursor.expect('FOR', 'PROJECT');
  const project = cursor.name();
  cursor.end();
  const notes: string[] = [];
  if (parts.length === 0) {
    parts.push('refresh');
    notes.push('UPDATE SCHEMA without options was read as a schema refresh.');
  }
  if (parts.includes('clear-element-cache'))
    notes.push('RECALOBJECTCACHE was read as "clear the element cache", the REST reload\'s nearest option.');
  if (parts.includes('table-keys'))
    notes.push("RECALTABLEKEYS also recalculates fact entry levels, as the vendor's option does.");
  return { imported: true, steps: [{ kind: 'update-schema', projects: { names: [project] }, parts }], notes };
}

/** UNLOAD [ALL] REPORT CACHE(S) [IN | FROM] (ALL PROJECTS | [PROJECT] "p") TO DISK, TO DISK also before the project. */
function unloadToDisk(cursor: StatementCursor): MaintenanceReading {
  cursor.accept('ALL');
  cursor.expect('REPORT');
  if (!cursor.accept('CACHES')) cursor.expect('CACHE');
  let toDisk = cursor.accept('TO', 'DISK');
  let projects: ProjectSelection = { all: true };
  if (cursor.accept('IN') || cursor.accept('FROM') || cursor.peekWord() === 'PROJECT' || cursor.peekWord() === null) {
    if (cursor.accept('ALL', 'PROJECTS')) projects = { all: true };
    else {
      cursor.accept('PROJECT');
      projects = { names: [cursor.name()] };
    }
  }
  toDisk = cursor.accept('TO', 'DISK') || toDisk;
  cursor.end();
  if (!toDisk) return { imported: false, reason: 'Not understood: expected TO DISK.' };
  return {
    imported: true,
    steps: [{ kind: 'content', action: 'unload', projects, filter: { types: ['report'] } }],
    notes: ['Read as the content-cache unload: report caches stay on disk and their memory is freed.'],
  };
}

/** The reading of a maintenance statement, or null when the statement is not one. */
export function readMaintenance(cursor: StatementCursor): MaintenanceReading | null {
  const verb = cursor.peekWord();
  const next = cursor.peekWord(1);
  if (verb === 'IDLE' && next === 'PROJECT' && cursor.accept('IDLE')) return idle(cursor);
  if (verb === 'RESUME' && next === 'PROJECT' && cursor.accept('RESUME', 'PROJECT')) {
    const project = cursor.name();
    cursor.end();
    return { imported: true, steps: [stateStep('resume', project)], notes: [] };
  }
  if ((verb === 'LOAD' || verb === 'UNLOAD') && next === 'PROJECT') {
    cursor.accept(verb);
    return loadOrUnload(cursor, verb === 'LOAD' ? 'load' : 'unload');
  }
  if (verb === 'UPDATE' && next === 'SCHEMA' && cursor.accept('UPDATE', 'SCHEMA')) return updateSchema(cursor);
  if (verb === 'UNLOAD' && (next === 'REPORT' || (next === 'ALL' && cursor.peekWord(2) === 'REPORT'))) {
    cursor.accept('UNLOAD');
    return unloadToDisk(cursor);
  }
  return null;
}
