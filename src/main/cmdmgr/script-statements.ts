/**
 * One Command Manager statement as plan steps, or the reason it is not imported. Covers the cache
 * statements of the vendor's syntax guide: PURGE … CACHING, INVALIDATE / DELETE REPORT CACHE(S),
 * INVALIDATE / DELETE / LOAD / UNLOAD DOCUMENT CACHE, and ACTIVATE / DEACTIVATE / LOAD / UNLOAD /
 * DELETE INTELLIGENT CUBE CACHE; the after-load statements PUBLISH INTELLIGENT CUBE (a
 * republish), TRIGGER EVENT and TRIGGER SUBSCRIPTION; and the maintenance-window statements
 * (maintenance-statements.ts: IDLE / RESUME / LOAD / UNLOAD PROJECT, UPDATE SCHEMA, UNLOAD REPORT
 * CACHES … TO DISK). Read-only and settings statements, CONNECT lines and what the REST
 * API cannot do are reported with a reason; a filter the app cannot apply makes the statement not
 * imported rather than imported wider than written.
 */
import type { ContentAction, CubeAction } from '../../shared/cache-monitor.ts';
import type { ProjectSelection } from '../../shared/model.ts';
import type { Step, StepFilter } from '../../shared/preset-schema.ts';
import { readMaintenance } from './maintenance-statements.ts';
import { MAX_STATEMENT_TOKENS, type Statement, type Token } from './script-lexer.ts';

export type Reading = { imported: true; steps: Step[]; notes: string[] } | { imported: false; reason: string };

class NotUnderstood extends Error {}

/** A cursor over a statement's tokens with keyword matching that ignores case. */
class Cursor {
  #index = 0;
  readonly tokens: readonly Token[];

  constructor(tokens: readonly Token[]) {
    this.tokens = tokens;
  }

  get done(): boolean {
    return this.#index >= this.tokens.length;
  }

  peekWord(offset = 0): string | null {
    const token = this.tokens[this.#index + offset];
    // No keyword is long: a long word is not upper-cased (copied) at every look.
    if (token?.kind !== 'word') return null;
    return token.text.length > 40 ? token.text : token.text.toUpperCase();
  }

  /** Takes the keywords if they come next (all of them), else takes nothing. */
  accept(...words: string[]): boolean {
    if (!words.every((word, offset) => this.peekWord(offset) === word)) return false;
    this.#index += words.length;
    return true;
  }

  expect(...words: string[]): void {
    if (!this.accept(...words)) throw new NotUnderstood(`expected ${words.join(' ')} ${this.#near()}`);
  }

  name(): string {
    const token = this.tokens[this.#index];
    if (token?.kind !== 'name') throw new NotUnderstood(`expected a quoted name ${this.#near()}`);
    this.#index += 1;
    return token.text;
  }

  /** "a", "b", … (at least one). */
  names(): string[] {
    const names = [this.name()];
    while (this.tokens[this.#index]?.kind === 'comma') {
      this.#index += 1;
      names.push(this.name());
    }
    return names;
  }

  /** GUID g1, g2 (bare words or quoted). */
  guids(): string[] {
    const ids: string[] = [];
    for (;;) {
      const token = this.tokens[this.#index];
      if (token?.kind !== 'word' && token?.kind !== 'name') throw new NotUnderstood(`expected an id ${this.#near()}`);
      if (!/^[0-9A-F]{32}$/i.test(token.text))
        throw new NotUnderstood(`"${clipped(token.text)}" is not an object id (32 hexadecimal digits)`);
      ids.push(token.text.toUpperCase());
      this.#index += 1;
      if (this.tokens[this.#index]?.kind !== 'comma') return ids;
      this.#index += 1;
    }
  }

  end(): void {
    if (!this.done) throw new NotUnderstood(`did not expect ${this.#near()}`);
  }

  #near(): string {
    const token = this.tokens[this.#index];
    if (!token) return 'at the end';
    return `near "${token.kind === 'comma' ? ',' : clipped(token.text)}"`;
  }
}

/** A token as quoted in a reason: a long one is cut, so a reason stays a line. */
function clipped(text: string): string {
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

const ALL: ProjectSelection = { all: true };

function projectsIn(cursor: Cursor): ProjectSelection {
  if (cursor.accept('ALL', 'PROJECTS')) return ALL;
  cursor.accept('PROJECT');
  return { names: [cursor.name()] };
}

/** PURGE [ALL | OBJECT | ELEMENT | REPORT] CACHING IN (ALL PROJECTS | [PROJECT] "name") */
function purge(cursor: Cursor): Reading {
  const which = ['ALL', 'OBJECT', 'ELEMENT', 'REPORT'].find((word) => cursor.accept(word)) ?? null;
  cursor.expect('CACHING');
  cursor.expect('IN');
  const projects = projectsIn(cursor);
  cursor.end();
  const reportCaches: Step = { kind: 'content', action: 'delete', projects, filter: { types: ['report'] } };
  const notes =
    which === null ? ['"PURGE CACHING" without a cache type was read as ALL (object, element and report caches).'] : [];
  if (which === 'OBJECT' || which === 'ELEMENT')
    return {
      imported: true,
      steps: [{ kind: 'purge', projects, cacheTypes: [which === 'OBJECT' ? 'object' : 'element'] }],
      notes,
    };
  if (which === 'REPORT') return { imported: true, steps: [reportCaches], notes };
  return {
    imported: true,
    steps: [{ kind: 'purge', projects, cacheTypes: ['object', 'element'] }, reportCaches],
    notes,
  };
}

const UNSUPPORTED_FILTERS: Record<string, string> = {
  SECURITY: 'SECURITY FILTER',
  DBLOGIN: 'DBLOGIN',
  DBCONNECTION: 'DBCONNECTION',
  LOCALE: 'LOCALE',
};

/** Report cache filters: WHTABLE and USER are applied; the others have no REST equivalent. */
function reportFilters(cursor: Cursor, filter: StepFilter): string | null {
  for (;;) {
    if (cursor.accept('WHTABLE')) filter.tables = [...(filter.tables ?? []), cursor.name()];
    else if (cursor.accept('USER', 'GROUP')) return 'the USER GROUP filter has no equivalent in the REST API';
    else if (cursor.accept('USER')) filter.owner = cursor.name();
    else {
      const word = cursor.peekWord();
      const unsupported = word ? UNSUPPORTED_FILTERS[word] : undefined;
      if (unsupported) return `the ${unsupported} filter has no equivalent in the REST API`;
      return null;
    }
  }
}

function wider(reason: string): Reading {
  return {
    imported: false,
    reason: `${reason}; importing it without the filter would act on more caches than the script does.`,
  };
}

/** INVALIDATE [ALL] REPORT CACHES [filters] IN PROJECT "p"  |  INVALIDATE REPORT CACHE "name" IN PROJECT "p" */
function invalidateReport(cursor: Cursor): Reading {
  const filter: StepFilter = { types: ['report'] };
  cursor.accept('ALL');
  cursor.expect('REPORT');
  if (cursor.accept('CACHE')) {
    if (cursor.peekWord() === null) filter.names = [cursor.name()];
  } else cursor.expect('CACHES');
  const unsupported = reportFilters(cursor, filter);
  if (unsupported) return wider(unsupported);
  cursor.expect('IN');
  const projects = projectsIn(cursor);
  cursor.end();
  return { imported: true, steps: [{ kind: 'content', action: 'invalidate', projects, filter }], notes: [] };
}

/** DELETE [ALL] [INVALID] REPORT CACHES [filters] [FROM (PROJECT | PROJECTS) "p1" [, "p2"...]] */
function deleteReport(cursor: Cursor): Reading {
  const filter: StepFilter = { types: ['report'] };
  cursor.accept('ALL');
  if (cursor.accept('INVALID')) filter.status = 'invalid';
  cursor.expect('REPORT');
  if (!cursor.accept('CACHES')) cursor.expect('CACHE');
  const unsupported = reportFilters(cursor, filter);
  if (unsupported) return wider(unsupported);
  let projects: ProjectSelection = ALL;
  if (cursor.accept('FROM')) {
    if (cursor.accept('ALL', 'PROJECTS')) projects = ALL;
    else {
      if (!cursor.accept('PROJECTS')) cursor.expect('PROJECT');
      projects = { names: cursor.names() };
    }
  } else if (cursor.accept('IN')) projects = projectsIn(cursor);
  cursor.end();
  return { imported: true, steps: [{ kind: 'content', action: 'delete', projects, filter }], notes: [] };
}

/** (INVALIDATE | DELETE [INVALID] | LOAD | UNLOAD) DOCUMENT CACHE [FOR USER "u" | GUID g1, ...] IN PROJECT "p" */
function documentCache(cursor: Cursor, action: ContentAction): Reading {
  const filter: StepFilter = { types: ['document', 'dashboard'] };
  if (action === 'delete' && cursor.accept('INVALID')) filter.status = 'invalid';
  cursor.expect('DOCUMENT');
  if (!cursor.accept('CACHES')) cursor.expect('CACHE');
  if (cursor.accept('FOR', 'USER')) filter.owner = cursor.name();
  else if (cursor.accept('GUID')) filter.sourceIds = cursor.guids();
  cursor.expect('IN');
  const projects = projectsIn(cursor);
  cursor.end();
  return { imported: true, steps: [{ kind: 'content', action, projects, filter }], notes: [] };
}

/** (ACTIVATE | DEACTIVATE | LOAD | UNLOAD | DELETE) INTELLIGENT CUBE CACHE (NAME "c" [FOLDER "f"] | [FOR] OWNER "u" | GUID g, ...) FOR PROJECT "p" */
function cubeCache(cursor: Cursor, action: CubeAction): Reading {
  cursor.expect('INTELLIGENT', 'CUBE');
  if (!cursor.accept('CACHES')) cursor.expect('CACHE');
  const filter: StepFilter = {};
  const notes: string[] = [];
  if (cursor.accept('NAME')) {
    filter.names = [cursor.name()];
    if (cursor.accept('FOLDER')) {
      const folder = cursor.name();
      notes.push(`The folder "${folder}" is not checked: cube caches are matched by the cube's name.`);
    }
  } else if (cursor.accept('FOR', 'OWNER') || cursor.accept('OWNER')) filter.owner = cursor.name();
  else if (cursor.accept('GUID')) filter.sourceIds = cursor.guids();
  else throw new NotUnderstood('expected NAME, OWNER or GUID after INTELLIGENT CUBE CACHE');
  if (!cursor.accept('FOR', 'PROJECT')) cursor.expect('IN', 'PROJECT');
  const projects: ProjectSelection = { names: [cursor.name()] };
  cursor.end();
  return { imported: true, steps: [{ kind: 'cube', action, projects, filter }], notes };
}

const NOT_IMPORTED: { words: string[]; reason: string }[] = [
  { words: ['LIST'], reason: 'LIST statements only read; there is nothing to run.' },
  { words: ['ALTER'], reason: 'ALTER statements change settings; the app runs cache actions, not settings changes.' },
  {
    words: ['UPDATE', 'INTELLIGENT'],
    reason: 'Updating (refreshing) a cube is not a cache monitor action in the REST API.',
  },
];

/** PUBLISH INTELLIGENT CUBE(S) "c" [, "c2"...] [[IN] FOLDER "f"] (FOR | IN) PROJECT "p": a republish step. */
function publishCube(cursor: Cursor): Reading {
  cursor.expect('INTELLIGENT');
  if (!cursor.accept('CUBES')) cursor.expect('CUBE');
  const cubes = cursor.names();
  const notes: string[] = [];
  if (cursor.accept('IN', 'FOLDER') || cursor.accept('FOLDER')) {
    const folder = cursor.name();
    notes.push(
      `The folder "${folder}" is not checked: cubes are found by name in the project (a name that several cubes share stops the step, nothing sent).`,
    );
  }
  if (!cursor.accept('FOR', 'PROJECT')) cursor.expect('IN', 'PROJECT');
  const project = cursor.name();
  cursor.end();
  return { imported: true, steps: [{ kind: 'republish', project, cubes }], notes };
}

/** TRIGGER EVENT "e"  |  TRIGGER SUBSCRIPTION(S) "s" [, "s2"...] (FOR | IN) PROJECT "p" */
function trigger(cursor: Cursor): Reading {
  if (cursor.accept('EVENT')) {
    const event = cursor.name();
    cursor.end();
    return { imported: true, steps: [{ kind: 'event', event }], notes: [] };
  }
  if (!cursor.accept('SUBSCRIPTIONS')) cursor.expect('SUBSCRIPTION');
  const subscriptions = cursor.names();
  if (!cursor.accept('FOR', 'PROJECT')) cursor.expect('IN', 'PROJECT');
  const project = cursor.name();
  cursor.end();
  return { imported: true, steps: [{ kind: 'subscriptions', project, subscriptions }], notes: [] };
}

function dispatch(cursor: Cursor): Reading {
  const verb = cursor.peekWord();
  if (verb === 'CONNECT' || verb === 'DISCONNECT')
    return {
      imported: false,
      reason: cursor.tokens.some((token) => token.kind === 'word' && token.text.toUpperCase() === 'PASSWORD')
        ? `${verb} is handled by the app's saved environments; the password in it was ignored and stored nowhere.`
        : `${verb} is handled by the app's saved environments, which connect and disconnect by themselves.`,
    };
  const maintenance = readMaintenance(cursor);
  if (maintenance) return maintenance;
  const listed = NOT_IMPORTED.find((entry) => entry.words.every((word, offset) => cursor.peekWord(offset) === word));
  if (listed) return { imported: false, reason: listed.reason };
  if (cursor.accept('PURGE')) return purge(cursor);
  if (cursor.accept('PUBLISH')) return publishCube(cursor);
  if (cursor.accept('TRIGGER')) return trigger(cursor);
  if (cursor.peekWord(1) === 'INTELLIGENT' || cursor.peekWord(2) === 'INTELLIGENT') return cubeVerb(cursor);
  if (cursor.accept('INVALIDATE'))
    return cursor.peekWord() === 'DOCUMENT' ? documentCache(cursor, 'invalidate') : invalidateReport(cursor);
  if (cursor.accept('DELETE')) return isDocument(cursor) ? documentCache(cursor, 'delete') : deleteReport(cursor);
  if (cursor.accept('LOAD')) return documentCache(cursor, 'load');
  if (cursor.accept('UNLOAD')) return documentCache(cursor, 'unload');
  return { imported: false, reason: 'Not a cache statement the app can run.' };
}

function isDocument(cursor: Cursor): boolean {
  return cursor.peekWord() === 'DOCUMENT' || (cursor.peekWord() === 'INVALID' && cursor.peekWord(1) === 'DOCUMENT');
}

const CUBE_VERBS: Record<string, CubeAction> = {
  ACTIVATE: 'activate',
  DEACTIVATE: 'deactivate',
  LOAD: 'load',
  UNLOAD: 'unload',
  DELETE: 'delete',
};

function cubeVerb(cursor: Cursor): Reading {
  const verb = cursor.peekWord() ?? '';
  const action = CUBE_VERBS[verb];
  if (!action)
    return { imported: false, reason: `${verb} INTELLIGENT CUBE has no cache monitor equivalent in the REST API.` };
  cursor.accept(verb);
  return cubeCache(cursor, action);
}

/** Words that begin a Command Manager statement: one at the start of a later line means a ";" is missing. */
const STATEMENT_VERBS = new Set([
  'PURGE',
  'INVALIDATE',
  'DELETE',
  'LOAD',
  'UNLOAD',
  'CONNECT',
  'DISCONNECT',
  'LIST',
  'ALTER',
  'TRIGGER',
  'ACTIVATE',
  'DEACTIVATE',
  'PUBLISH',
  'UPDATE',
]);

/** The token that starts a statement on a later line of this one (the ";" before it is missing). */
function swallowed(tokens: readonly Token[]): Token | null {
  for (let index = 1; index < tokens.length; index += 1) {
    const token = tokens[index] as Token;
    const before = tokens[index - 1] as Token;
    if (token.line > before.line && token.kind === 'word' && STATEMENT_VERBS.has(token.text.toUpperCase()))
      return token;
  }
  return null;
}

export function readStatement(statement: Statement): Reading {
  if (!statement.ended)
    return { imported: false, reason: 'The statement does not end with ";" before the end of the script.' };
  const next = swallowed(statement.tokens);
  if (next && next.kind === 'word')
    return {
      imported: false,
      reason: `Line ${next.line} starts another statement (${next.text.toUpperCase()} …), but the one before it has no ";": both were read as one and neither was imported. Add the ";" before line ${next.line}.`,
    };
  if (statement.tooLong)
    return {
      imported: false,
      reason: `The statement has more than ${MAX_STATEMENT_TOKENS.toLocaleString('en')} words, names and commas; it is not a cache statement.`,
    };
  try {
    return dispatch(new Cursor(statement.tokens));
  } catch (error) {
    if (error instanceof NotUnderstood) return { imported: false, reason: `Not understood: ${error.message}.` };
    throw error;
  }
}
