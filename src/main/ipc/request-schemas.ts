/**
 * The runtime schema of every IPC request, typed against the contract so that a drift between
 * the two fails the type check. Everything the renderer sends is checked here before any service
 * runs: types, required and unknown fields, sizes, ids.
 */
import * as v from 'valibot';
import type { Channel, RequestOf } from '../../shared/ipc.ts';
import { CACHE_TYPES } from '../../shared/model.ts';
import { PresetSchema, ProjectSelectionSchema } from '../../shared/preset-schema.ts';
import { MAX_CONCURRENCY, ProfileDraftSchema } from '../../shared/profile-schema.ts';
import { WEEKDAYS } from '../../shared/schedule.ts';
import {
  CACHE_KINDS,
  CONTENT_ACTIONS,
  CONTENT_STATUSES,
  CONTENT_TYPES,
  CUBE_ACTIONS,
  CUBE_STATES,
} from '../../shared/cache-monitor.ts';
import { CACHE_SORT_COLUMNS } from '../../shared/cache-view.ts';
import { IDLE_MODES, PROJECT_STATE_ACTIONS, SCHEMA_PARTS } from '../../shared/project-state.ts';

const NoRequest = v.undefined();
const PresetName = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(80));
const ProfileId = v.pipe(
  v.string(),
  v.regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'Not a profile id.'),
);
const PlanId = ProfileId;
const RunId = ProfileId;
const Secret = v.pipe(v.string(), v.maxLength(4096));
const ShortText = v.pipe(v.string(), v.maxLength(250));
const IsoTime = v.pipe(v.string(), v.maxLength(40), v.isoTimestamp());

const PurgeRequestSchema = v.strictObject({
  environments: v.pipe(v.array(ProfileId), v.minLength(1, 'Choose at least one environment.'), v.maxLength(100)),
  projects: ProjectSelectionSchema,
  cacheTypes: v.pipe(v.array(v.picklist(CACHE_TYPES)), v.minLength(1, 'Choose a cache type.'), v.maxLength(2)),
  concurrency: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_CONCURRENCY))),
});

const NodeName = v.pipe(v.string(), v.minLength(1), v.maxLength(255));
/** "node/id" of a listed cache: ids are base64 or GUID-and-colon strings, so only their length is bounded. */
const CacheKey = v.pipe(v.string(), v.minLength(3), v.maxLength(1024));

const CacheKeys = v.pipe(v.array(CacheKey), v.maxLength(250_000));

/** The caches screen's search: its text, toolbar filters and sort. */
const CacheSearchFields = {
  query: ShortText,
  filter: v.strictObject({
    type: v.optional(v.picklist(CONTENT_TYPES)),
    status: v.optional(v.picklist(CONTENT_STATUSES)),
    state: v.optional(v.picklist(CUBE_STATES)),
    owner: v.optional(ShortText),
    unusedDays: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(100_000))),
  }),
  sort: v.strictObject({
    column: v.picklist(CACHE_SORT_COLUMNS),
    direction: v.picklist(['asc', 'desc']),
  }),
};

const CachePlanFields = {
  profileId: ProfileId,
  kind: v.picklist(CACHE_KINDS),
  action: v.picklist([...new Set([...CONTENT_ACTIONS, ...CUBE_ACTIONS])]),
};

/** The project and nodes of a project-state change. */
const StateTarget = {
  profileId: ProfileId,
  project: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(250)),
  nodes: v.optional(v.pipe(v.array(NodeName), v.minLength(1), v.maxLength(100))),
};

const HistoryQuerySchema = v.strictObject({
  profileName: v.optional(ShortText),
  outcome: v.optional(v.picklist(['succeeded', 'failed', 'unknown', 'cancelled'])),
  since: v.optional(IsoTime),
  until: v.optional(IsoTime),
  runId: v.optional(PlanId),
  limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100_000))),
});

const SettingsPatch = v.strictObject({
  theme: v.optional(v.picklist(['system', 'light', 'dark'])),
  defaultConcurrency: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_CONCURRENCY))),
  defaultTimeoutSeconds: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(600))),
  logoutOnQuit: v.optional(v.boolean()),
});

const Conflict = v.picklist(['skip', 'rename', 'replace']);

const ByName = v.strictObject({ name: v.pipe(v.string(), v.minLength(1), v.maxLength(80)) });

export const REQUEST_SCHEMAS = {
  'app:info': NoRequest,
  'app:settings': NoRequest,
  'app:save-settings': SettingsPatch,
  'app:open-external': v.strictObject({ url: v.pipe(v.string(), v.maxLength(2048)) }),
  'app:copy-text': v.strictObject({ text: v.pipe(v.string(), v.maxLength(500_000)) }),
  'app:data-problems': NoRequest,
  'keychain:status': NoRequest,
  'profiles:list': NoRequest,
  'profiles:save': v.strictObject({
    id: v.optional(ProfileId),
    draft: ProfileDraftSchema,
    proxyPassword: v.optional(Secret),
    confirmPasswordCommand: v.optional(v.boolean()),
    forgetSecret: v.optional(v.boolean()),
  }),
  'profiles:delete': v.strictObject({ id: ProfileId }),
  'profiles:duplicate': v.strictObject({ id: ProfileId }),
  'profiles:reorder': v.strictObject({ ids: v.pipe(v.array(ProfileId), v.maxLength(1000)) }),
  'profiles:get': v.strictObject({ id: ProfileId }),
  'profiles:import-choose': NoRequest,
  'profiles:import': v.strictObject({
    token: PlanId,
    onConflict: Conflict,
    choices: v.pipe(
      v.record(v.pipe(v.string(), v.maxLength(80)), Conflict),
      v.check((value) => Object.keys(value).length <= 1000, 'Too many choices.'),
    ),
  }),
  'profiles:export': v.strictObject({ ids: v.pipe(v.array(ProfileId), v.minLength(1), v.maxLength(1000)) }),
  'profiles:choose-ca-file': NoRequest,
  'server:test': v.strictObject({
    draft: ProfileDraftSchema,
    profileId: v.optional(ProfileId),
    proxyPassword: v.optional(Secret),
  }),
  'server:nodes': v.strictObject({ profileId: ProfileId }),
  'sessions:list': NoRequest,
  'sessions:connect': v.strictObject({
    profileId: ProfileId,
    secret: v.optional(Secret),
    remember: v.optional(v.boolean()),
  }),
  'sessions:disconnect': v.strictObject({ profileId: ProfileId }),
  'projects:list': v.strictObject({ profileId: ProfileId, refresh: v.boolean() }),
  'purge:prepare': PurgeRequestSchema,
  'purge:start': v.strictObject({ planId: PlanId, confirmed: v.boolean() }),
  'purge:cancel': v.strictObject({ planId: PlanId }),
  'purge:retry': v.strictObject({ planId: PlanId }),
  'purge:results': v.strictObject({ planId: PlanId }),
  'caches:list': v.strictObject({
    profileId: ProfileId,
    kind: v.picklist(CACHE_KINDS),
    nodes: v.optional(v.pipe(v.array(NodeName), v.maxLength(200))),
  }),
  'caches:window': v.strictObject({
    ...CacheSearchFields,
    profileId: ProfileId,
    kind: v.picklist(CACHE_KINDS),
    offset: v.pipe(v.number(), v.integer(), v.minValue(0)),
    limit: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1000)),
    totals: v.optional(v.boolean()),
  }),
  'caches:plan': v.strictObject({
    ...CachePlanFields,
    keys: CacheKeys,
    shown: v.optional(v.strictObject(CacheSearchFields)),
    except: v.optional(CacheKeys),
  }),
  'caches:start': v.strictObject({ planId: PlanId, confirmed: v.boolean() }),
  'runbook:cubes': v.strictObject({ profileId: ProfileId, project: v.pipe(ShortText, v.minLength(1)) }),
  'runbook:events': v.strictObject({ profileId: ProfileId }),
  'runbook:subscriptions': v.strictObject({ profileId: ProfileId, project: v.pipe(ShortText, v.minLength(1)) }),
  'runbook:start': v.strictObject({
    profileId: ProfileId,
    kind: v.picklist(['republish', 'event', 'subscriptions']),
    /** The project of cubes or subscriptions; "" for an event. */
    project: ShortText,
    names: v.pipe(v.array(v.pipe(ShortText, v.minLength(1))), v.minLength(1), v.maxLength(200)),
    confirmed: v.boolean(),
    concurrency: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(16))),
    timeoutMinutes: v.optional(v.pipe(v.number(), v.gtValue(0), v.maxValue(1440))),
    alongside: v.optional(v.boolean()),
  }),
  'runbook:cancel': v.strictObject({ runId: RunId }),
  'runs:in-progress': v.strictObject({ profileIds: v.pipe(v.array(ProfileId), v.minLength(1), v.maxLength(100)) }),
  'caches:cancel': v.strictObject({ planId: PlanId }),
  'caches:retry': v.strictObject({ planId: PlanId }),
  'caches:confirm': v.strictObject({ planId: PlanId }),
  'history:list': HistoryQuerySchema,
  'history:export': HistoryQuerySchema,
  'history:runs-per-day': HistoryQuerySchema,
  'overview:environment': v.strictObject({ profileId: ProfileId }),
  'overview:environments': NoRequest,
  'overview:seen': v.strictObject({ profileId: ProfileId }),
  'presets:list': NoRequest,
  'presets:save': PresetSchema,
  'presets:remove': ByName,
  'presets:rename': v.strictObject({ name: ByName.entries.name, newName: PresetName }),
  'presets:prepare': ByName,
  'presets:command': ByName,
  'presets:script-choose': NoRequest,
  'presets:script-import': v.strictObject({
    token: PlanId,
    name: PresetName,
    environments: v.pipe(v.array(ProfileId), v.minLength(1, 'Choose at least one environment.'), v.maxLength(100)),
    replace: v.boolean(),
    /** Mark the resume steps after an idle "always run" (the preview offers it). */
    alwaysRunResume: v.optional(v.boolean()),
  }),
  'plans:start': v.strictObject({
    name: PresetName,
    confirmed: v.boolean(),
    stopOnError: v.boolean(),
    alongside: v.optional(v.boolean()),
  }),
  'plans:cancel': v.strictObject({ runId: PlanId }),
  'plans:preview': ByName,
  'schedules:list': NoRequest,
  'schedules:add': v.strictObject({
    presetName: PresetName,
    time: v.pipe(v.string(), v.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'A time is HH:MM.')),
    days: v.pipe(v.array(v.picklist(WEEKDAYS)), v.minLength(1, 'Choose at least one day.'), v.maxLength(7)),
    confirmedProduction: v.boolean(),
  }),
  'schedules:remove': v.strictObject({ presetName: PresetName }),
  'schedules:unseen-failures': NoRequest,
  'schedules:acknowledge': NoRequest,
  'project-state:table': v.strictObject({
    profileId: ProfileId,
    nodes: v.optional(v.pipe(v.array(NodeName), v.maxLength(100))),
  }),
  // An idle names its mode; the other actions take none.
  'project-state:plan': v.union([
    v.strictObject({ ...StateTarget, action: v.literal('idle'), mode: v.picklist(IDLE_MODES) }),
    v.strictObject({ ...StateTarget, action: v.picklist(PROJECT_STATE_ACTIONS.filter((action) => action !== 'idle')) }),
  ]),
  'project-state:run': v.strictObject({ planId: PlanId, confirmed: v.boolean() }),
  'project-state:update-schema': v.strictObject({
    profileId: ProfileId,
    project: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(250)),
    parts: v.pipe(v.array(v.picklist(SCHEMA_PARTS)), v.minLength(1, 'Tick at least one part.'), v.maxLength(4)),
    confirmed: v.boolean(),
  }),
} satisfies { [C in Channel]: v.GenericSchema<unknown, RequestOf<C>> };

const FORBIDDEN_KEYS = ['__proto__', 'constructor', 'prototype'];

const MAX_DEPTH = 12;

/**
 * A request is JSON-shaped data: plain objects (no prototype of their own, nothing inherited),
 * arrays, strings, finite numbers, booleans, null. Structured clone can carry a Date, Map, Set,
 * RegExp, ArrayBuffer or Error from a renderer, and object schemas would read their inherited
 * properties; such values are refused before any schema looks at them.
 */
export function isPlainData(value: unknown, depth = 0): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value !== 'object' || depth > MAX_DEPTH) return false;
  if (Array.isArray(value)) {
    return Object.getPrototypeOf(value) === Array.prototype && value.every((item) => isPlainData(item, depth + 1));
  }
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null) return false;
  if (Object.getOwnPropertySymbols(value).length > 0) return false;
  return Object.values(value).every((item) => isPlainData(item, depth + 1));
}

/**
 * Where a list stands in place of an object, as a dotted path ('' for the whole request), or null.
 * Valibot's object and record schemas accept arrays (an empty list passes any object whose fields
 * are all optional, and a record reads a list's indexes as keys); they always build a new plain
 * object, so a list in the request that is not a list in the parsed value is exactly that case,
 * for every schema and at any depth.
 */
export function listWhereObjectExpected(request: unknown, parsed: unknown, path: string[] = []): string | null {
  if (Array.isArray(request)) {
    if (!Array.isArray(parsed)) return path.join('.');
    for (const [index, item] of request.entries()) {
      const found = listWhereObjectExpected(item, parsed[index], [...path, String(index)]);
      if (found !== null) return found;
    }
    return null;
  }
  if (request === null || typeof request !== 'object' || parsed === null || typeof parsed !== 'object') return null;
  for (const [key, value] of Object.entries(request)) {
    if (!Object.hasOwn(parsed, key)) continue;
    const found = listWhereObjectExpected(value, (parsed as Record<string, unknown>)[key], [...path, key]);
    if (found !== null) return found;
  }
  return null;
}

/** Own keys that could pollute prototypes when a handler spreads or merges the request. */
export function hasForbiddenKeys(value: unknown, depth = 0): boolean {
  if (depth > 20 || value === null || typeof value !== 'object') return false;
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.includes(key)) return true;
    if (hasForbiddenKeys((value as Record<string, unknown>)[key], depth + 1)) return true;
  }
  return Object.getOwnPropertyNames(value).some((key) => FORBIDDEN_KEYS.includes(key));
}
