/**
 * Project state per node and the maintenance-window changes to it, shared by the window, the
 * command line and the plan runner: the state table, a change as a plan (which nodes get it, which
 * are already so), its run followed until every node settles, and the schema update followed to
 * its task's end. Every request sent is one history line (action idle/resume/load/unload/
 * update-schema, the node, the outcome).
 */
import { AppError, toErrorInfo } from '../../shared/errors.ts';
import { parseLibraryUrl } from '../../shared/library-url.ts';
import type { HistoryEntry } from '../../shared/model.ts';
import type { Profile } from '../../shared/profile-schema.ts';
import {
  changesSomething,
  endsUserSessions,
  schemaUpdateTypes,
  targetStatus,
  unchangedReason,
  type NodeChange,
  type ProjectStateOutcome,
  type ProjectStatePlan,
  type ProjectStateRequest,
  type ProjectStateTable,
  type SchemaPart,
  type SchemaUpdateOutcome,
} from '../../shared/project-state.ts';
import type { ProfileStore } from '../profiles/profile-store.ts';
import type { PurgeHistory } from '../purge/history.ts';
import type { ProfileSession } from '../sessions/profile-session.ts';
import type { SessionRegistry } from '../sessions/session-registry.ts';
import { newId } from '../storage/new-id.ts';
import { runSchemaUpdate } from './schema-update.ts';
import { DEFAULT_STATE_TIMING, changeOnNode, type StateTiming } from './state-change.ts';
import { findStateRow, stateTable } from './state-table.ts';

export interface SchemaUpdateRequest {
  profileId: string;
  project: string;
  parts: SchemaPart[];
  scheduled?: boolean;
  step?: string;
  runId?: string;
}

interface Dependencies {
  profiles: ProfileStore;
  sessions: SessionRegistry;
  history: PurgeHistory;
}

function unsentChange(node: string, before: string): NodeChange {
  return { node, before, after: null, status: 'pending', note: null, error: null, durationMs: null };
}

export class ProjectStateService {
  /** How long a change may stay pending, and how often it is re-read; tests shorten it. */
  timing: StateTiming = { ...DEFAULT_STATE_TIMING };
  readonly #deps: Dependencies;
  readonly #plans = new Map<string, ProjectStatePlan>();

  constructor(dependencies: Dependencies) {
    this.#deps = dependencies;
  }

  async table(profileId: string, nodes?: readonly string[]): Promise<ProjectStateTable> {
    const session = await this.#connected(profileId);
    const listed = await session.use((client) => client.listNodes());
    return stateTable(session.profile, listed, nodes);
  }

  /** What a change would send: each chosen node with what it gets, or why it is left alone. */
  async plan(request: ProjectStateRequest): Promise<ProjectStatePlan> {
    await this.#deps.history.assertWritable();
    const plan = await this.draft(request);
    this.#plans.set(plan.id, plan);
    return plan;
  }

  /** The plan of a change as it would be now, kept nowhere: a preview that cannot be run. */
  async draft(request: ProjectStateRequest): Promise<ProjectStatePlan> {
    if (request.action === 'idle' && !request.mode) throw new AppError('VALIDATION', 'An idle needs a mode.');
    const session = await this.#connected(request.profileId);
    const table = stateTable(session.profile, await session.use((client) => client.listNodes()), request.nodes);
    const row = findStateRow(table, request.project);
    const target = targetStatus(request.action, request.mode);
    const chosen = Boolean(request.nodes?.length);
    const nodes = table.nodes.map((node): NodeChange => {
      const before = row.states.find((state) => state.node === node.name)?.status ?? 'unknown';
      const change = unsentChange(node.name, before);
      if (!node.running) {
        change.status = chosen ? 'failed' : 'unchanged';
        change.note = `the node is ${node.status}; nothing was sent to it`;
        if (chosen) change.error = { code: 'NODE_UNAVAILABLE', message: `${node.name} is ${node.status}.` };
      } else if (!changesSomething(request.action, before, request.mode)) {
        change.status = 'unchanged';
        change.note = unchangedReason(request.action, before);
      }
      return change;
    });
    const id = newId();
    const plan: ProjectStatePlan = {
      id,
      runId: request.runId ?? id,
      profileId: session.profile.id,
      profileName: session.profile.name,
      tier: session.profile.tier,
      action: request.action,
      mode: request.action === 'idle' ? (request.mode ?? 'request') : null,
      target,
      projectId: row.id,
      projectName: row.name,
      nodes,
      endsSessions: endsUserSessions(request.action, request.mode),
      scheduled: request.scheduled === true,
      step: request.step ?? null,
    };
    return plan;
  }

  getPlan(planId: string): ProjectStatePlan {
    const plan = this.#plans.get(planId);
    if (!plan) throw new AppError('VALIDATION', 'That project-state change is no longer known; plan it again.');
    return plan;
  }

  /** Sends a plan to its nodes at once and follows each until it settles; `onNode` hears each as it ends. */
  async run(planId: string, onNode: (change: NodeChange) => void = () => {}): Promise<ProjectStateOutcome> {
    const plan = this.getPlan(planId);
    this.#plans.delete(planId);
    const session = await this.#connected(plan.profileId);
    const startedAt = new Date().toISOString();
    const began = performance.now();
    const nodes = plan.nodes.map((change) => ({ ...change }));
    await Promise.all(
      nodes
        .filter((change) => change.status === 'pending')
        .map(async (change) => {
          await changeOnNode((call) => session.use(call), plan, change, this.timing);
          onNode(change);
        }),
    );
    const sent = nodes.filter((change) => change.durationMs !== null);
    await this.#deps.history.appendAll(sent.map((change) => this.#stateLine(session.profile, plan, change)));
    return {
      plan,
      startedAt,
      finishedAt: new Date().toISOString(),
      durationMs: Math.round(performance.now() - began),
      nodes,
    };
  }

  async updateSchema(request: SchemaUpdateRequest): Promise<SchemaUpdateOutcome> {
    await this.#deps.history.assertWritable();
    if (request.parts.length === 0) throw new AppError('VALIDATION', 'Tick at least one part of the schema update.');
    const session = await this.#connected(request.profileId);
    const row = findStateRow(
      stateTable(session.profile, await session.use((client) => client.listNodes())),
      request.project,
    );
    const startedAt = new Date().toISOString();
    const began = performance.now();
    const run = await runSchemaUpdate(
      (call) => session.use(call),
      row.id,
      schemaUpdateTypes(request.parts),
      this.timing,
    );
    const outcome: SchemaUpdateOutcome = {
      runId: request.runId ?? newId(),
      profileId: session.profile.id,
      profileName: session.profile.name,
      projectId: row.id,
      projectName: row.name,
      parts: [...request.parts],
      taskId: run.taskId,
      status: run.status,
      lastSeen: run.lastSeen,
      error: run.error ? toErrorInfo(run.error) : null,
      startedAt,
      finishedAt: new Date().toISOString(),
      durationMs: Math.round(performance.now() - began),
    };
    await this.#deps.history.append(this.#schemaLine(session.profile, outcome, request));
    return outcome;
  }

  async #connected(profileId: string): Promise<ProfileSession> {
    const session = await this.#deps.sessions.for(await this.#deps.profiles.get(profileId));
    if (session.view.state !== 'connected') await session.connect();
    return session;
  }

  #stateLine(profile: Profile, plan: ProjectStatePlan, change: NodeChange): HistoryEntry {
    const outcome = change.status === 'succeeded' || change.status === 'failed' ? change.status : 'unknown';
    return {
      ...baseLine(profile, plan.runId, plan.scheduled, plan.step),
      durationMs: change.durationMs ?? 0,
      projectId: plan.projectId,
      projectName: plan.projectName,
      action: plan.action,
      node: change.node,
      outcome,
      ...errorFields(change.error, change.note),
    };
  }

  #schemaLine(profile: Profile, outcome: SchemaUpdateOutcome, request: SchemaUpdateRequest): HistoryEntry {
    return {
      ...baseLine(profile, outcome.runId, request.scheduled === true, request.step ?? null),
      durationMs: outcome.durationMs,
      projectId: outcome.projectId,
      projectName: outcome.projectName,
      action: 'update-schema',
      outcome: outcome.status,
      ...errorFields(outcome.error, null),
    };
  }
}

function baseLine(profile: Profile, runId: string, scheduled: boolean, step: string | null) {
  return {
    time: new Date().toISOString(),
    runId,
    profileId: profile.id,
    profileName: profile.name,
    serverHost: parseLibraryUrl(profile.url).host,
    user: profile.username ?? '',
    cacheType: 'project' as const,
    scheduled,
    ...(step ? { step } : {}),
    attempts: 1,
    retries: [],
  };
}

function errorFields(error: NodeChange['error'], note: string | null) {
  return {
    httpStatus: error?.httpStatus ?? null,
    mstrCode: error?.mstrCode ?? null,
    ticketId: error?.ticketId ?? null,
    errorCode: error?.code ?? null,
    message: error?.message ?? note,
  };
}
