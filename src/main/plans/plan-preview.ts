/**
 * A plan's dry run: each step on each environment of the preset, counted against the lists as they
 * are now (the projects, the cache lists asked for afresh, the project states, the cubes, events
 * and subscriptions named), with nothing sent. What a step counts is what its run would send, so
 * the user sees per step, environment and node what the plan will touch before confirming it. A
 * later step is counted before the earlier ones change anything: the preview says so.
 */
import { splitAlreadySo } from '../../shared/cache-monitor.ts';
import { AppError, toErrorInfo } from '../../shared/errors.ts';
import { selectedProjects } from '../../shared/model.ts';
import type { NodeCount, PlanPreview, StepEnvironmentPreview, StepPreview } from '../../shared/plan-preview.ts';
import { describeStep, planUnpublishes, stepCacheFilter, stepLabel } from '../../shared/plan-steps.ts';
import { stepUnit } from '../../shared/plan-words.ts';
import {
  isRunbookStep,
  type CacheStep,
  type Preset,
  type ProjectStateStep,
  type PurgeStep,
  type RunbookStep,
  type SchemaStep,
  type Step,
} from '../../shared/preset-schema.ts';
import { isProductionTier } from '../../shared/profile-schema.ts';
import type { PlanServices } from './plan-runner.ts';

export interface PreviewServices extends Omit<PlanServices, 'profileName'> {
  profile: (profileId: string) => Promise<{ id: string; name: string; tier: string }>;
}

type Counted = Pick<StepEnvironmentPreview, 'count' | 'nodes' | 'leftAlone' | 'notes'> & {
  error?: StepEnvironmentPreview['error'];
};

export async function previewPlan(services: PreviewServices, preset: Preset): Promise<PlanPreview> {
  const profiles = await Promise.all(preset.environments.map((id) => services.profile(id)));
  const steps: StepPreview[] = [];
  // Step after step, as the run goes, each on every environment at once.
  for (const [index, step] of preset.steps.entries()) {
    const environments = await Promise.all(profiles.map((profile) => previewStepOn(services, step, profile)));
    steps.push({
      index,
      label: stepLabel(index, preset.steps.length, step),
      description: describeStep(step),
      kind: step.kind,
      unit: stepUnit(step.kind),
      ...(step.alwaysRun ? { alwaysRun: true } : {}),
      environments,
    });
  }
  return {
    presetName: preset.name,
    previewedAt: new Date().toISOString(),
    steps,
    production: profiles.filter((profile) => isProductionTier(profile.tier)).map((profile) => profile.name),
    unpublishes: planUnpublishes(preset),
  };
}

async function previewStepOn(
  services: PreviewServices,
  step: Step,
  profile: { id: string; name: string; tier: string },
): Promise<StepEnvironmentPreview> {
  const base = { profileId: profile.id, profileName: profile.name, tier: profile.tier };
  try {
    const counted = await countStep(services, step, profile.id);
    return { ...base, error: null, ...counted };
  } catch (error) {
    return { ...base, count: 0, nodes: [], leftAlone: 0, notes: [], error: toErrorInfo(error) };
  }
}

function countStep(services: PreviewServices, step: Step, profileId: string): Promise<Counted> {
  if (step.kind === 'purge') return countPurge(services, step, profileId);
  if (step.kind === 'project-state') return countStateChange(services, step, profileId);
  if (step.kind === 'update-schema') return countSchema(services, step, profileId);
  if (isRunbookStep(step)) return countRunbook(services, step, profileId);
  return countCaches(services, step, profileId);
}

const nothing = (): Counted => ({ count: 0, nodes: [], leftAlone: 0, notes: [] });

async function countPurge(services: PreviewServices, step: PurgeStep, profileId: string): Promise<Counted> {
  const plan = await services.engine.prepare({
    environments: [profileId],
    projects: step.projects,
    cacheTypes: step.cacheTypes,
  });
  if (plan.missing.length > 0)
    throw new AppError(
      'VALIDATION',
      `Not found: ${plan.missing.map((missing) => `${missing.selector}${missing.didYouMean?.length ? ` (did you mean ${missing.didYouMean.map((name) => `"${name}"`).join(', ')}?)` : ''}`).join(', ')}; this step would send nothing here.`,
    );
  const blocked = plan.environments[0]?.error;
  if (blocked) return { ...nothing(), error: blocked };
  return { ...nothing(), count: plan.items.length, leftAlone: plan.skipped.length };
}

/** Counts per node, in one order (by name). */
function byNode(entries: Iterable<{ node: string; sent: boolean }>): NodeCount[] {
  const counts = new Map<string, NodeCount>();
  for (const { node, sent } of entries) {
    const entry = counts.get(node) ?? { node, count: 0, alreadySo: 0 };
    if (sent) entry.count += 1;
    else entry.alreadySo += 1;
    counts.set(node, entry);
  }
  return [...counts.values()].sort((a, b) => a.node.localeCompare(b.node));
}

async function countCaches(services: PreviewServices, step: CacheStep, profileId: string): Promise<Counted> {
  const listing = await services.caches.list(profileId, step.kind, stepCacheFilter(step));
  if (listing.missingProjects.length > 0)
    throw new AppError(
      'VALIDATION',
      `Not found on any node: ${listing.missingProjects.join(', ')}; this step would send nothing here.`,
    );
  const notes = listing.nodes
    .filter((node) => node.error)
    .map(
      (node) =>
        `${node.name} could not be listed (${node.error?.code}: ${node.error?.message}); nothing would be sent to it.`,
    );
  // As the run does: cubes a list already shows in the target state are left alone.
  const { toChange, alreadySo } =
    step.kind === 'cube' ? splitAlreadySo(step.action, listing.caches) : { toChange: listing.caches, alreadySo: [] };
  return {
    count: toChange.length,
    nodes: byNode([
      ...toChange.map((row) => ({ node: row.node, sent: true })),
      ...alreadySo.map((row) => ({ node: row.node, sent: false })),
    ]),
    leftAlone: alreadySo.length,
    notes,
  };
}

/** The projects a project-state or schema step names, or every project the nodes list for "all". */
async function stepProjects(
  services: PreviewServices,
  profileId: string,
  step: ProjectStateStep | SchemaStep,
): Promise<string[]> {
  const chosen = selectedProjects(step.projects);
  if (chosen) return chosen;
  return (await stateService(services).table(profileId)).projects.map((row) => row.id);
}

function stateService(services: PreviewServices) {
  if (!services.projectStates) throw new AppError('INTERNAL', 'This preview cannot read project states.');
  return services.projectStates;
}

async function countStateChange(
  services: PreviewServices,
  step: ProjectStateStep,
  profileId: string,
): Promise<Counted> {
  const service = stateService(services);
  const changes: { node: string; sent: boolean }[] = [];
  for (const project of await stepProjects(services, profileId, step)) {
    const plan = await service.draft({
      profileId,
      action: step.action,
      ...(step.mode ? { mode: step.mode } : {}),
      project,
      ...(step.nodes ? { nodes: step.nodes } : {}),
    });
    for (const change of plan.nodes) changes.push({ node: change.node, sent: change.status === 'pending' });
  }
  const nodes = byNode(changes);
  const sent = nodes.reduce((total, node) => total + node.count, 0);
  return { count: sent, nodes, leftAlone: changes.length - sent, notes: [] };
}

async function countSchema(services: PreviewServices, step: SchemaStep, profileId: string): Promise<Counted> {
  const table = await stateService(services).table(profileId);
  const projects = await stepProjects(services, profileId, step);
  const unknown = projects.filter(
    (project) =>
      !table.projects.some((row) => row.id.toUpperCase() === project.toUpperCase() || row.name === project.trim()),
  );
  if (unknown.length > 0)
    throw new AppError(
      'PROJECT_NOT_FOUND',
      `No running node lists ${unknown.map((name) => `"${name}"`).join(', ')}; its schema update would fail.`,
    );
  if (projects.length === 0) throw new AppError('VALIDATION', 'No project to update here.');
  return { ...nothing(), count: projects.length };
}

async function countRunbook(services: PreviewServices, step: RunbookStep, profileId: string): Promise<Counted> {
  const runbook = services.runbook;
  if (!runbook) throw new AppError('INTERNAL', 'This preview cannot look up cubes, events or subscriptions.');
  if (step.kind === 'event') {
    await runbook.eventByName(profileId, step.event);
    return { ...nothing(), count: 1 };
  }
  if (step.kind === 'subscriptions') {
    const chosen = await runbook.subscriptionsByName(profileId, step.project, step.subscriptions);
    return { ...nothing(), count: chosen.subscriptions.length };
  }
  return { ...nothing(), count: (await runbook.cubesByName(profileId, step.project, step.cubes)).length };
}
