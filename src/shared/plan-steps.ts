/**
 * Plan steps in words and as filters: what a step does ("invalidate report caches that used
 * LU_CUSTOMER in Sales"), whether it unpublishes cubes, and the cache filter it lists with.
 * Shared by the command line, the window and the plan runner.
 */
import { isUnpublishing, type CacheFilter } from './cache-monitor.ts';
import { selectedProjects, type ProjectSelection } from './model.ts';
import { count } from './plural.ts';
import { nodeListWords, projectStateStepWords, schemaStepWords } from './project-state-steps.ts';
import { isRunbookStep, type CacheStep, type Preset, type RunbookStep, type Step } from './preset-schema.ts';

function projectWords(projects: ProjectSelection): string {
  const chosen = selectedProjects(projects);
  return chosen === null ? 'all loaded projects' : chosen.map((name) => `"${name}"`).join(', ');
}

function filterWords(step: CacheStep): string {
  const { filter } = step;
  const parts = [
    filter.status ? `${filter.status}` : '',
    filter.state ? `${filter.state}` : '',
    filter.types ? filter.types.join('/') : '',
  ].filter(Boolean);
  const what = `${parts.length ? `${parts.join(' ')} ` : ''}${step.kind === 'content' ? 'content' : 'cube'} caches`;
  const narrowing = [
    filter.names ? `named ${filter.names.map((name) => `"${name}"`).join(', ')}` : '',
    filter.sourceIds ? `of ${count(filter.sourceIds.length, 'object id')}` : '',
    filter.tables ? `that used ${filter.tables.join(', ')}` : '',
    filter.owner ? `owned by ${filter.owner}` : '',
    filter.unusedDays !== undefined ? `unused for ${count(filter.unusedDays, 'day')}` : '',
  ].filter(Boolean);
  return `${step.action} ${what}${narrowing.length ? ` ${narrowing.join(', ')}` : ''}`;
}

const quoted = (names: readonly string[]): string => names.map((name) => `"${name}"`).join(', ');

/** "republish cubes "Sales", "Revenue" in "Sales"", "trigger event "Sales_Ready"". */
function describeRunbookStep(step: RunbookStep): string {
  if (step.kind === 'event') return `trigger event "${step.event}"`;
  if (step.kind === 'subscriptions') return `send subscriptions ${quoted(step.subscriptions)} in "${step.project}"`;
  return `republish cube${step.cubes.length === 1 ? '' : 's'} ${quoted(step.cubes)} in "${step.project}"`;
}

export function describeStep(step: Step): string {
  if (isRunbookStep(step)) return describeRunbookStep(step);
  const where = `in ${projectWords(step.projects)}`;
  if (step.kind === 'purge') return `purge ${step.cacheTypes.join(' + ')} caches ${where}`;
  if (step.kind === 'project-state')
    return `${projectStateStepWords(step)} ${projectWords(step.projects)}${nodeListWords(step.nodes)}`;
  if (step.kind === 'update-schema') return `${schemaStepWords(step)} of ${projectWords(step.projects)}`;
  return `${filterWords(step)} ${where}`;
}

/** "2/4 invalidate content caches …", as the history and results name a step. */
export function stepLabel(index: number, total: number, step: Step): string {
  return `${index + 1}/${total} ${describeStep(step)}`;
}

export function unpublishes(step: Step): boolean {
  return (step.kind === 'content' || step.kind === 'cube') && isUnpublishing(step.kind, step.action);
}

export function planUnpublishes(preset: Preset): boolean {
  return preset.steps.some(unpublishes);
}

/** The cache list a step acts on: its filter, and its projects by name or id. */
export function stepCacheFilter(step: CacheStep): CacheFilter {
  const projects = selectedProjects(step.projects);
  return { ...step.filter, ...(projects ? { projects } : {}) };
}

/** A preset that is one object/element purge: it runs, and reports, exactly as `purge` does. */
export function singlePurge(preset: Preset): Extract<Step, { kind: 'purge' }> | null {
  const [only] = preset.steps;
  return preset.steps.length === 1 && only?.kind === 'purge' ? only : null;
}
