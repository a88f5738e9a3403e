/**
 * Presets as maintenance plans, saved offline beside the profiles: a name, environments and an
 * ordered list of steps, each an object/element purge, a content cache action or a cube cache
 * action with its projects and filters, a project-state change (idle, resume, load, unload) or a
 * schema update; any step may be marked "always run". Version 1 files (one purge per preset) are read and
 * migrated to one purge step without loss.
 */
import * as v from 'valibot';
import { CACHE_TYPES } from './model.ts';
import { CONTENT_ACTIONS, CONTENT_STATUSES, CONTENT_TYPES, CUBE_ACTIONS, CUBE_STATES } from './cache-monitor.ts';
import { IDLE_MODES, PROJECT_STATE_ACTIONS, SCHEMA_PARTS } from './project-state.ts';

const Name = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(250));

const ProjectNames = v.pipe(v.array(Name), v.minLength(1, 'Choose at least one project.'), v.maxLength(5000));

export const ProjectIdSchema = v.pipe(v.string(), v.regex(/^[0-9A-F]{32}$/i, 'A project id is 32 hexadecimal digits.'));

export const ProjectSelectionSchema = v.union([
  v.strictObject({ all: v.literal(true) }),
  v.strictObject({
    ids: v.pipe(v.array(ProjectIdSchema), v.minLength(1, 'Choose at least one project.'), v.maxLength(5000)),
  }),
  v.strictObject({ names: ProjectNames }),
  v.strictObject({ select: ProjectNames }),
]);

const PresetName = v.pipe(v.string(), v.trim(), v.minLength(1, 'A preset needs a name.'), v.maxLength(80));

const Environments = v.pipe(
  v.array(v.pipe(v.string(), v.maxLength(64))),
  v.minLength(1, 'Choose at least one environment.'),
  v.maxLength(100),
);

/** Which caches a cache step acts on, beyond its projects (every field narrows; none: all of them). */
export const StepFilterSchema = v.strictObject({
  types: v.optional(v.pipe(v.array(v.picklist(CONTENT_TYPES)), v.minLength(1), v.maxLength(4))),
  status: v.optional(v.picklist(CONTENT_STATUSES)),
  state: v.optional(v.picklist(CUBE_STATES)),
  owner: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(250))),
  unusedDays: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(36_500))),
  /** Report, document or cube names. */
  names: v.optional(v.pipe(v.array(Name), v.minLength(1), v.maxLength(1000))),
  /** Report, document or cube object ids. */
  sourceIds: v.optional(v.pipe(v.array(ProjectIdSchema), v.minLength(1), v.maxLength(1000))),
  /** Warehouse tables the cache used. */
  tables: v.optional(v.pipe(v.array(Name), v.minLength(1), v.maxLength(100))),
});

/** A step that runs even when an earlier step failed or the plan stopped (the resume at the end of a window). */
const AlwaysRun = { alwaysRun: v.optional(v.boolean()) };

export const PurgeStepSchema = v.strictObject({
  kind: v.literal('purge'),
  projects: ProjectSelectionSchema,
  cacheTypes: v.pipe(v.array(v.picklist(CACHE_TYPES)), v.minLength(1, 'Choose a cache type.'), v.maxLength(2)),
  ...AlwaysRun,
});

export const ContentStepSchema = v.strictObject({
  kind: v.literal('content'),
  action: v.picklist(CONTENT_ACTIONS),
  projects: ProjectSelectionSchema,
  filter: StepFilterSchema,
  ...AlwaysRun,
});

export const CubeStepSchema = v.strictObject({
  kind: v.literal('cube'),
  action: v.picklist(CUBE_ACTIONS),
  projects: ProjectSelectionSchema,
  filter: StepFilterSchema,
  ...AlwaysRun,
});

/** Idle (with its mode), resume, load or unload of projects, on the chosen nodes or every running one. */
export const ProjectStateStepSchema = v.strictObject({
  kind: v.literal('project-state'),
  action: v.picklist(PROJECT_STATE_ACTIONS),
  mode: v.optional(v.picklist(IDLE_MODES)),
  projects: ProjectSelectionSchema,
  nodes: v.optional(v.pipe(v.array(Name), v.minLength(1), v.maxLength(100))),
  ...AlwaysRun,
});

export const SchemaStepSchema = v.strictObject({
  kind: v.literal('update-schema'),
  projects: ProjectSelectionSchema,
  parts: v.pipe(v.array(v.picklist(SCHEMA_PARTS)), v.minLength(1, 'Tick at least one part.'), v.maxLength(4)),
  ...AlwaysRun,
});

/** Republishes cubes of one project, each followed to its end before the next step starts. */
export const RepublishStepSchema = v.strictObject({
  kind: v.literal('republish'),
  project: Name,
  cubes: v.pipe(v.array(Name), v.minLength(1, 'Choose at least one cube.'), v.maxLength(200)),
  concurrency: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(16))),
  timeoutMinutes: v.optional(v.pipe(v.number(), v.gtValue(0), v.maxValue(1440))),
  ...AlwaysRun,
});

/** Triggers one event by name (the event-based schedules start on the server). */
export const TriggerEventStepSchema = v.strictObject({
  kind: v.literal('event'),
  event: Name,
  ...AlwaysRun,
});

/** Sends subscriptions of one project now. */
export const SendSubscriptionsStepSchema = v.strictObject({
  kind: v.literal('subscriptions'),
  project: Name,
  subscriptions: v.pipe(v.array(Name), v.minLength(1, 'Choose at least one subscription.'), v.maxLength(200)),
  ...AlwaysRun,
});

export const StepSchema = v.variant('kind', [
  PurgeStepSchema,
  ContentStepSchema,
  CubeStepSchema,
  ProjectStateStepSchema,
  SchemaStepSchema,
  RepublishStepSchema,
  TriggerEventStepSchema,
  SendSubscriptionsStepSchema,
]);

export const PresetSchema = v.strictObject({
  name: PresetName,
  /** Profile ids. */
  environments: Environments,
  steps: v.pipe(
    v.array(StepSchema),
    v.minLength(1, 'A preset needs at least one step.'),
    v.maxLength(50),
    // An idle step names its mode (IDLE PROJECT … MODE …).
    v.check(
      (steps) =>
        steps.every((step) => step.kind !== 'project-state' || step.action !== 'idle' || step.mode !== undefined),
      'An idle step needs a mode (request, execution, warehouse, full or partial).',
    ),
  ),
});

export type Step = v.InferOutput<typeof StepSchema>;
export type PurgeStep = v.InferOutput<typeof PurgeStepSchema>;
export type CacheStep = v.InferOutput<typeof ContentStepSchema> | v.InferOutput<typeof CubeStepSchema>;
export type ProjectStateStep = v.InferOutput<typeof ProjectStateStepSchema>;
export type SchemaStep = v.InferOutput<typeof SchemaStepSchema>;
export type StepFilter = v.InferOutput<typeof StepFilterSchema>;
/** The after-load steps: republish cubes, trigger an event, send subscriptions. */
export type RunbookStep =
  | v.InferOutput<typeof RepublishStepSchema>
  | v.InferOutput<typeof TriggerEventStepSchema>
  | v.InferOutput<typeof SendSubscriptionsStepSchema>;

export function isRunbookStep(step: Step): step is RunbookStep {
  return step.kind === 'republish' || step.kind === 'event' || step.kind === 'subscriptions';
}
export type Preset = v.InferOutput<typeof PresetSchema>;

/** A version 1 preset: one object/element purge. */
const PresetV1Schema = v.strictObject({
  name: PresetName,
  environments: Environments,
  projects: ProjectSelectionSchema,
  cacheTypes: PurgeStepSchema.entries.cacheTypes,
});

export const PRESETS_SCHEMA_VERSION = 2 as const;

/** The presets file in either version; version 1 comes out as version 2, each purge one step. */
export const PresetsFileSchema = v.union([
  v.strictObject({ schemaVersion: v.literal(2), presets: v.array(PresetSchema) }),
  v.pipe(
    v.strictObject({ schemaVersion: v.literal(1), presets: v.array(PresetV1Schema) }),
    v.transform((file) => ({
      schemaVersion: 2 as const,
      presets: file.presets.map(({ projects, cacheTypes, ...rest }) => ({
        ...rest,
        steps: [{ kind: 'purge' as const, projects, cacheTypes }],
      })),
    })),
  ),
]);
