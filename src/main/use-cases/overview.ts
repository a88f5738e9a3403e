/**
 * The overview of an environment and of all of them: each node's state and load, cube memory per
 * node and project against each project's capacity, content caches per project by status, and
 * from the history the last purge, plan run and cube republish, the next scheduled run and the
 * failures since the user last looked; across environments the same runs counted per day.
 */
import { toErrorInfo, type ErrorInfo } from '../../shared/errors.ts';
import type { HistoryQuery } from '../../shared/ipc.ts';
import type { ClusterNode } from '../../shared/model.ts';
import {
  RUN_DAYS,
  countRunsPerDay,
  emptyDays,
  memoryLevel,
  type DayRuns,
  type EnvironmentOverview,
  type EnvironmentRow,
  type NextRun,
  type NodeOverview,
  type ProjectContent,
  type ProjectMemory,
  type RunFigures,
  type RunSummary,
} from '../../shared/overview.ts';
import type { CacheRow } from '../../shared/cache-monitor.ts';
import type { Profile } from '../../shared/profile-schema.ts';
import { foldRuns, scanRuns } from '../purge/run-summaries.ts';
import type { Services } from '../services.ts';
import { historyFilter } from './history.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The first moment of the oldest day the runs-per-day charts show. */
function chartStart(now: Date): number {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() - (RUN_DAYS - 1)).getTime();
}

async function nodeMemory(services: Services, profileId: string, node: ClusterNode): Promise<NodeOverview> {
  const base = {
    name: node.name,
    status: node.status,
    load: node.load,
    isDefault: node.isDefault,
    loadedProjects: node.projects.filter((project) => project.status === 'loaded').length,
  };
  if (node.status !== 'running')
    return { ...base, memory: null, memorySkipped: `not asked: the node is ${node.status}`, memoryError: null };
  try {
    const usages = await services.caches.cubeMemory(profileId, node.name);
    const memory: ProjectMemory[] = usages.map((usage) => ({
      projectId: usage.id,
      projectName: usage.name,
      usage: usage.currentUsage,
      capacity: usage.capacity,
      ...memoryLevel(usage.currentUsage, usage.capacity),
    }));
    memory.sort((a, b) => (b.share ?? -1) - (a.share ?? -1) || a.projectName.localeCompare(b.projectName));
    return { ...base, memory, memorySkipped: null, memoryError: null };
  } catch (error) {
    return { ...base, memory: null, memorySkipped: null, memoryError: toErrorInfo(error) };
  }
}

/** The one status a cache is counted under: invalid, then expired, then ready; anything else is "other". */
function statusOf(row: CacheRow): 'ready' | 'invalid' | 'expired' | 'other' {
  if (row.status.includes('invalid')) return 'invalid';
  if (row.status.includes('expired')) return 'expired';
  return row.status.includes('ready') ? 'ready' : 'other';
}

/** Content caches per node and project by status, with their sizes (KB, as the server gives them). */
export function contentByProject(rows: readonly CacheRow[]): ProjectContent[] {
  const byKey = new Map<string, ProjectContent>();
  const empty = (): { count: number; sizeKb: number } => ({ count: 0, sizeKb: 0 });
  for (const row of rows) {
    const key = `${row.node}/${row.projectId}`;
    let figures = byKey.get(key);
    if (!figures) {
      const { node, projectId, projectName } = row;
      figures = { node, projectId, projectName, ready: empty(), invalid: empty(), expired: empty(), other: empty() };
      byKey.set(key, figures);
    }
    const figure = figures[statusOf(row)];
    figure.count += 1;
    figure.sizeKb += row.sizeKb ?? 0;
  }
  return [...byKey.values()].sort((a, b) => a.node.localeCompare(b.node) || a.projectName.localeCompare(b.projectName));
}

interface ContentFigures {
  content: ProjectContent[];
  contentError: ErrorInfo | null;
  contentNodesSkipped: { node: string; reason: string }[];
}

async function contentFigures(services: Services, profileId: string): Promise<ContentFigures> {
  try {
    const listing = await services.caches.list(profileId, 'content');
    const contentNodesSkipped = listing.nodes
      .filter((node) => !node.listed || node.error !== null)
      .map((node) => ({ node: node.name, reason: node.error?.message ?? node.skippedReason ?? 'not asked' }));
    return { content: contentByProject(listing.caches), contentError: null, contentNodesSkipped };
  } catch (error) {
    return { content: [], contentError: toErrorInfo(error), contentNodesSkipped: [] };
  }
}

type ClusterFigures = Pick<EnvironmentOverview, 'nodes' | 'nodesError'> & ContentFigures;

async function clusterFigures(services: Services, profileId: string): Promise<ClusterFigures> {
  let nodes: ClusterNode[];
  try {
    nodes = await services.caches.nodes(profileId);
  } catch (error) {
    return { nodes: [], nodesError: toErrorInfo(error), content: [], contentError: null, contentNodesSkipped: [] };
  }
  const [memory, content] = await Promise.all([
    Promise.all(nodes.map((node) => nodeMemory(services, profileId, node))),
    contentFigures(services, profileId),
  ]);
  return { nodes: memory, nodesError: null, ...content };
}

/** The next scheduled run of a preset that includes each environment. */
async function nextRuns(services: Services): Promise<Map<string, NextRun>> {
  const next = new Map<string, NextRun>();
  const schedules = await services.schedules.list().catch(() => []);
  for (const schedule of schedules) {
    if (!schedule.nextRun) continue;
    const preset = await services.presets.get(schedule.presetName).catch(() => null);
    for (const profileId of preset?.environments ?? []) {
      const known = next.get(profileId);
      if (!known || Date.parse(schedule.nextRun) < Date.parse(known.at))
        next.set(profileId, { presetName: schedule.presetName, at: schedule.nextRun });
    }
  }
  return next;
}

/** An environment's figures from its runs (newest first). */
export function runFigures(
  runs: readonly RunSummary[],
  lastLook: string | null,
  nextScheduledRun: NextRun | null,
  now: Date,
): RunFigures {
  const since = lastLook === null ? chartStart(now) : Date.parse(lastLook);
  const latest = (kind: RunSummary['kind']): RunSummary | null => runs.find((run) => run.kind === kind) ?? null;
  return {
    lastPurge: latest('purge'),
    lastPlanRun: latest('plan'),
    lastRepublish: latest('republish'),
    lastRun: runs[0] ?? null,
    nextScheduledRun,
    lastLook,
    failures: runs.filter((run) => run.outcome === 'failed' && Date.parse(run.time) > since),
  };
}

/** Runs of the given environments: every line since the chart's first day or the oldest last look. */
async function runsOf(
  services: Services,
  profileIds: string[],
  looks: Record<string, string>,
  now: Date,
): Promise<Map<string, RunSummary[]>> {
  const cutoff = Math.min(chartStart(now), ...profileIds.map((id) => Date.parse(looks[id] ?? '') || Infinity));
  const wanted = new Set(profileIds);
  const runs = await scanRuns(services.history.entries(), { cutoff, profileIds });
  const byProfile = new Map<string, RunSummary[]>(profileIds.map((id) => [id, []]));
  for (const run of runs) if (wanted.has(run.profileId)) byProfile.get(run.profileId)?.push(run);
  return byProfile;
}

/** Everything the overview of one environment shows. */
export async function environmentOverview(
  services: Services,
  profileId: string,
  now: Date = new Date(),
): Promise<EnvironmentOverview> {
  const profile = await services.profiles.get(profileId);
  const looks = await services.lastLooks.all();
  const [cluster, runs, next] = await Promise.all([
    clusterFigures(services, profile.id),
    runsOf(services, [profile.id], looks, now),
    nextRuns(services),
  ]);
  return {
    profileId: profile.id,
    profileName: profile.name,
    tier: profile.tier,
    generatedAt: now.toISOString(),
    ...cluster,
    ...runFigures(runs.get(profile.id) ?? [], looks[profile.id] ?? null, next.get(profile.id) ?? null, now),
  };
}

function environmentRow(profile: Profile, runs: RunSummary[], figures: RunFigures, now: Date): EnvironmentRow {
  const days = countRunsPerDay(runs, emptyDays(now, RUN_DAYS));
  return { profileId: profile.id, profileName: profile.name, tier: profile.tier, ...figures, days };
}

/** One row per environment: its last run, failures since the last look, runs per day over RUN_DAYS days. */
export async function environmentRows(services: Services, now: Date = new Date()): Promise<EnvironmentRow[]> {
  const { profiles } = await services.profiles.list();
  const looks = await services.lastLooks.all();
  const ids = profiles.map((profile) => profile.id);
  const [runs, next] = await Promise.all([runsOf(services, ids, looks, now), nextRuns(services)]);
  return profiles.map((profile) => {
    const own = runs.get(profile.id) ?? [];
    const figures = runFigures(own, looks[profile.id] ?? null, next.get(profile.id) ?? null, now);
    return environmentRow(profile, own, figures, now);
  });
}

/** Marks an environment's failures up to now as seen; the overview then counts from here. */
export function markFailuresSeen(services: Services, profileId: string, now: Date = new Date()): Promise<string> {
  return services.profiles.get(profileId).then((profile) => services.lastLooks.mark(profile.id, now));
}

/** The longest span the history's runs-per-day chart covers. */
const MAX_CHART_DAYS = 366;
const DEFAULT_CHART_DAYS = 30;

/** The days a history query covers: its dates, or the last 30 days up to its end; at most a year. */
function queryDays(query: HistoryQuery, now: Date): DayRuns[] {
  const until = query.until ? new Date(query.until) : now;
  const since = query.since ? new Date(query.since) : new Date(until.getTime() - (DEFAULT_CHART_DAYS - 1) * DAY_MS);
  const span = Math.round((until.getTime() - since.getTime()) / DAY_MS) + 1;
  return emptyDays(until, Math.min(MAX_CHART_DAYS, Math.max(1, span)));
}

/** Runs per day by outcome for the history's filters (the lines matching them, folded into runs). */
export async function runsPerDay(services: Services, query: HistoryQuery, now: Date = new Date()): Promise<DayRuns[]> {
  const days = queryDays(query, now);
  const first = days[0]?.day ?? '';
  const since = new Date(`${first}T00:00:00`);
  const { limit: _limit, ...unlimited } = query;
  const filter = { ...historyFilter(unlimited), since };
  if (query.since && new Date(query.since) > since) filter.since = new Date(query.since);
  return countRunsPerDay(await foldRuns(services.history.entries(filter)), days);
}
