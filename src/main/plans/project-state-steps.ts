/**
 * The plan runner's project-state and schema steps on one environment: each project of the step
 * changed on its nodes (those already so are counted as skipped and named in the details), or its
 * schema updated and followed to the end. Every request carries the plan run's id and the step.
 */
import { AppError } from '../../shared/errors.ts';
import { selectedProjects, type PurgeSummary } from '../../shared/model.ts';
import { EMPTY_SUMMARY, tallyNode, type NodeResult, type StepEnvironmentOutcome } from '../../shared/plan-outcome.ts';
import type { ProjectStateStep, SchemaStep } from '../../shared/preset-schema.ts';
import { nodeStatusWord, type NodeChange } from '../../shared/project-state.ts';
import type { ProjectStateService } from '../project-state/project-state-service.ts';

export interface StateStepContext {
  label: string;
  runId: string;
  scheduled: boolean;
  /** A cancelled run starts no change on a further project (one already sent is followed to its end). */
  cancelled?: () => boolean;
}

function count(summary: PurgeSummary, change: NodeChange, nodes: NodeResult[]): void {
  const ended = change.status === 'unchanged' ? 'skipped' : change.status === 'pending' ? 'unknown' : change.status;
  tallyNode(nodes, change.node, ended);
  if (change.status === 'unchanged') summary.skipped += 1;
  else {
    summary.total += 1;
    if (change.status === 'succeeded') summary.succeeded += 1;
    else if (change.status === 'failed') summary.failed += 1;
    else if (change.status === 'cancelled') summary.cancelled += 1;
    else summary.unknown += 1;
  }
}

function detail(project: string, change: NodeChange): string {
  const after = change.after ? ` (now ${nodeStatusWord(change.after)})` : '';
  const why = change.error ? `: ${change.error.code}: ${change.error.message}` : change.note ? `: ${change.note}` : '';
  return `"${project}" on ${change.node}: ${change.status === 'unchanged' ? 'not sent' : change.status}${after}${why}`;
}

/** The projects a step names, or every project the nodes list for "all". */
async function stepProjects(service: ProjectStateService, profileId: string, step: ProjectStateStep | SchemaStep) {
  const chosen = selectedProjects(step.projects);
  if (chosen) return chosen;
  return (await service.table(profileId)).projects.map((row) => row.id);
}

/**
 * Runs one step's projects in order with a summary the run's progress reads as it fills; a cancelled
 * run starts nothing on a further project and counts it cancelled.
 */
async function eachProject(
  service: ProjectStateService,
  profileId: string,
  step: ProjectStateStep | SchemaStep,
  context: StateStepContext,
  result: StepEnvironmentOutcome,
  change: (project: string, summary: PurgeSummary, details: string[]) => Promise<void>,
): Promise<PurgeSummary> {
  const summary = { ...EMPTY_SUMMARY };
  const details: string[] = [];
  result.summary = summary;
  result.details = details;
  for (const project of await stepProjects(service, profileId, step)) {
    if (context.cancelled?.()) summary.cancelled += 1;
    else await change(project, summary, details);
  }
  return summary;
}

export async function projectStateStep(
  service: ProjectStateService,
  step: ProjectStateStep,
  profileId: string,
  context: StateStepContext,
  result: StepEnvironmentOutcome,
): Promise<void> {
  await eachProject(service, profileId, step, context, result, async (project, summary, details) => {
    const plan = await service.plan({
      profileId,
      action: step.action,
      ...(step.mode ? { mode: step.mode } : {}),
      project,
      ...(step.nodes ? { nodes: step.nodes } : {}),
      scheduled: context.scheduled,
      step: context.label,
      runId: context.runId,
    });
    const outcome = await service.run(plan.id);
    result.nodes ??= [];
    for (const change of outcome.nodes) {
      count(summary, change, result.nodes);
      details.push(detail(plan.projectName, change));
    }
  });
}

export async function schemaStep(
  service: ProjectStateService,
  step: SchemaStep,
  profileId: string,
  context: StateStepContext,
  result: StepEnvironmentOutcome,
): Promise<void> {
  const ended = await eachProject(service, profileId, step, context, result, async (project, summary, details) => {
    const outcome = await service.updateSchema({
      profileId,
      project,
      parts: step.parts,
      scheduled: context.scheduled,
      step: context.label,
      runId: context.runId,
    });
    summary.total += 1;
    summary[outcome.status] += 1;
    details.push(
      `"${outcome.projectName}": schema update ${outcome.status}${outcome.error ? `: ${outcome.error.message}` : ''}`,
    );
    if (outcome.status === 'failed' && !result.error) result.error = outcome.error;
  });
  if (ended.total === 0 && ended.cancelled === 0) throw new AppError('VALIDATION', 'No project to update here.');
}
