/** Named purge sets (environments, projects, cache types) saved offline beside the profiles. */
import * as v from 'valibot';
import { CACHE_TYPES } from './model.ts';

const ProjectNames = v.pipe(
  v.array(v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(250))),
  v.minLength(1, 'Choose at least one project.'),
  v.maxLength(5000),
);

export const ProjectIdSchema = v.pipe(v.string(), v.regex(/^[0-9A-F]{32}$/i, 'A project id is 32 hexadecimal digits.'));

export const ProjectSelectionSchema = v.union([
  v.strictObject({ all: v.literal(true) }),
  v.strictObject({
    ids: v.pipe(v.array(ProjectIdSchema), v.minLength(1, 'Choose at least one project.'), v.maxLength(5000)),
  }),
  v.strictObject({ names: ProjectNames }),
  v.strictObject({ select: ProjectNames }),
]);

export const PresetSchema = v.strictObject({
  name: v.pipe(v.string(), v.trim(), v.minLength(1, 'A preset needs a name.'), v.maxLength(80)),
  /** Profile ids. */
  environments: v.pipe(
    v.array(v.pipe(v.string(), v.maxLength(64))),
    v.minLength(1, 'Choose at least one environment.'),
    v.maxLength(100),
  ),
  projects: ProjectSelectionSchema,
  cacheTypes: v.pipe(v.array(v.picklist(CACHE_TYPES)), v.minLength(1, 'Choose a cache type.'), v.maxLength(2)),
});

export type Preset = v.InferOutput<typeof PresetSchema>;

export const PresetsFileSchema = v.strictObject({
  schemaVersion: v.literal(1),
  presets: v.array(PresetSchema),
});
