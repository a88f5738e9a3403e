/** Plan steps that change project state or update the schema, in words ("idle (full) "Sales" on every running node"). */
import type { ProjectStateStep, SchemaStep } from './preset-schema.ts';
import { actionWordsFor } from './project-state.ts';

export function projectStateStepWords(step: ProjectStateStep): string {
  return actionWordsFor(step.action, step.mode);
}

export function nodeListWords(nodes: readonly string[] | undefined): string {
  return nodes?.length ? ` on ${nodes.join(', ')}` : ' on every running node';
}

const PART_WORDS = {
  refresh: 'refresh',
  'table-keys': 'table keys',
  'logical-sizes': 'logical sizes',
  'clear-element-cache': 'clear element cache',
} as const;

export function schemaStepWords(step: SchemaStep): string {
  return `update schema (${step.parts.map((part) => PART_WORDS[part]).join(', ')})`;
}

/** Whether a plan idles a project and later resumes it (so the resume should be marked "always run"). */
export function resumeAfterIdle(steps: readonly { kind: string; action?: string }[]): number[] {
  const idled = steps.findIndex((step) => step.kind === 'project-state' && step.action === 'idle');
  if (idled === -1) return [];
  return steps
    .map((step, index) => ({ step, index }))
    .filter(({ step, index }) => index > idled && step.kind === 'project-state' && step.action === 'resume')
    .map(({ index }) => index);
}
