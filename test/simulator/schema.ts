/**
 * The schema update: POST /model/schema/reload (202 with a task when asked to respond async) and
 * GET /model/tasks/{id}, running for a few reads before it completes, or fails for the projects told
 * to fail. Both need the X-MSTR-ProjectID header of a known project.
 */
import type { ApiArea } from './api-area.ts';
import { headerValue, notAllowed, parseJson, type ApiAnswer } from './http.ts';
import type { SimulatedProject } from './projects.ts';

export interface SchemaOptions {
  /** Task reads a reload stays "running" (default 2). */
  taskReads?: number;
  /** Project ids whose reload task fails. */
  failingProjects?: string[];
  /** Project ids whose reload task never ends. */
  endlessProjects?: string[];
}

const UPDATE_TYPES = ['table_key', 'entry_level', 'logical_size', 'clear_element_cache'];

export interface SchemaTaskRecord {
  id: string;
  projectId: string;
  updateTypes: string[];
  readsLeft: number;
  status: 'running' | 'completed' | 'failed';
  startTime: string;
}

export class SchemaReloads {
  readonly options: SchemaOptions;
  readonly tasks = new Map<string, SchemaTaskRecord>();
  readonly #projects: () => readonly SimulatedProject[];

  constructor(options: SchemaOptions, projects: () => readonly SimulatedProject[]) {
    this.options = options;
    this.#projects = projects;
  }

  reload(projectId: string | undefined, body: string): ApiAnswer {
    const project = this.#projects().find((candidate) => candidate.id === projectId?.toUpperCase());
    if (!project) return { status: 400, error: { code: 'ERR006', message: 'X-MSTR-ProjectID names no project.' } };
    const types = (parseJson(body) as { updateTypes?: unknown } | null)?.updateTypes;
    if (!Array.isArray(types) || types.some((type) => !UPDATE_TYPES.includes(type as string)))
      return { status: 400, error: { code: 'ERR006', message: 'updateTypes is not valid.' } };
    const id = `${(this.tasks.size + 1).toString(16).padStart(8, '0')}-schema-task`;
    const task: SchemaTaskRecord = {
      id,
      projectId: project.id,
      updateTypes: types as string[],
      readsLeft: this.options.taskReads ?? 2,
      status: 'running',
      startTime: new Date().toISOString(),
    };
    this.tasks.set(id, task);
    return { status: 202, body: this.#view(task) };
  }

  read(id: string): ApiAnswer {
    const task = this.tasks.get(id);
    if (!task) return { status: 404, error: { code: 'ERR004', message: `No task has the id ${id}.` } };
    if (task.status === 'running' && !this.options.endlessProjects?.includes(task.projectId)) {
      task.readsLeft -= 1;
      if (task.readsLeft < 0)
        task.status = this.options.failingProjects?.includes(task.projectId) ? 'failed' : 'completed';
    }
    return { status: 200, body: this.#view(task) };
  }

  #view(task: SchemaTaskRecord): Record<string, unknown> {
    return {
      id: task.id,
      status: task.status,
      startTime: task.startTime,
      ...(task.status === 'running' ? {} : { endTime: new Date().toISOString() }),
      ...(task.status === 'failed'
        ? { errors: [{ code: 'ERR001', message: 'The warehouse catalog could not be read for table LU_CUSTOMER.' }] }
        : {}),
    };
  }
}

export function schemaArea(reloads: SchemaReloads): ApiArea {
  return {
    serves: (route) => route === '/model/schema/reload' || route.startsWith('/model/tasks/'),
    answer(call) {
      if (call.route === '/model/schema/reload')
        return call.method === 'POST'
          ? reloads.reload(headerValue(call.request.headers['x-mstr-projectid']), call.body)
          : notAllowed();
      return call.method === 'GET'
        ? reloads.read(decodeURIComponent(call.route.slice('/model/tasks/'.length)))
        : notAllowed();
    },
  };
}
