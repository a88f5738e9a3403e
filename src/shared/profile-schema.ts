/**
 * The schema of a connection profile, used wherever a profile enters the app: the profiles file,
 * imports, the command line and IPC requests. One definition, so they cannot drift apart.
 */
import * as v from 'valibot';
import { LOGIN_MODES } from './model.ts';
import { DEFAULT_CONCURRENCY, DEFAULT_TIMEOUT_SECONDS, MAX_CONCURRENCY } from './profile-rules.ts';

export {
  DEFAULT_CONCURRENCY,
  DEFAULT_TIMEOUT_SECONDS,
  MAX_CONCURRENCY,
  TIER_COLORS,
  defaultTierColor,
  isProductionTier,
  productionProfiles,
} from './profile-rules.ts';

export const PROFILE_SCHEMA_VERSION = 1;

const trimmed = (max: number) => v.pipe(v.string(), v.trim(), v.maxLength(max));

export const TlsSchema = v.variant('mode', [
  v.strictObject({ mode: v.literal('system') }),
  v.strictObject({ mode: v.literal('ca-file'), caFile: v.pipe(trimmed(4096), v.minLength(1, 'Choose a CA file.')) }),
  v.strictObject({ mode: v.literal('insecure') }),
]);

const ProxySchema = v.nullable(
  v.pipe(
    trimmed(2048),
    v.check((value) => value === '' || /^https?:\/\/[^\s/]+/i.test(value), 'A proxy is an http:// or https:// URL.'),
    v.check((value) => !/^[a-z]+:\/\/[^/@\s]*:[^/@\s]*@/i.test(value), 'Keep the proxy password out of the URL.'),
    v.transform((value) => (value === '' ? null : value)),
  ),
);

/** What a user edits: everything but the id and the timestamps. */
export const ProfileDraftSchema = v.strictObject({
  name: v.pipe(trimmed(80), v.minLength(1, 'A profile needs a name.')),
  url: v.pipe(trimmed(2048), v.minLength(1, 'Enter the Library URL.')),
  tier: v.pipe(trimmed(24), v.minLength(1, 'Choose a tier.')),
  tierColor: v.optional(v.pipe(v.string(), v.regex(/^#[0-9a-f]{6}$/i, 'A colour is #rrggbb.'))),
  loginMode: v.optional(v.picklist(LOGIN_MODES), 'standard'),
  username: v.optional(trimmed(256), ''),
  rememberSecret: v.optional(v.boolean(), false),
  tls: v.optional(TlsSchema, { mode: 'system' }),
  proxyUrl: v.optional(ProxySchema, null),
  timeoutSeconds: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(600)), DEFAULT_TIMEOUT_SECONDS),
  concurrency: v.optional(
    v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_CONCURRENCY)),
    DEFAULT_CONCURRENCY,
  ),
  notes: v.optional(v.pipe(v.string(), v.maxLength(4000)), ''),
  /**
   * A program and its arguments that print the password or API token (its first line) when one is
   * needed, run without a shell; null: none. Run only once confirmed on this machine.
   */
  passwordCommand: v.optional(
    v.nullable(
      v.pipe(
        v.array(v.pipe(v.string(), v.maxLength(4096))),
        v.minLength(1, 'A credential command names a program.'),
        v.maxLength(64),
      ),
    ),
    null,
  ),
});

export const ProfileSchema = v.strictObject({
  id: v.pipe(v.string(), v.regex(/^[0-9a-f-]{36}$/, 'A profile id is a UUID.')),
  ...ProfileDraftSchema.entries,
  tierColor: v.pipe(v.string(), v.regex(/^#[0-9a-f]{6}$/i)),
  createdAt: v.pipe(v.string(), v.isoTimestamp()),
  updatedAt: v.pipe(v.string(), v.isoTimestamp()),
});

export type ProfileDraftInput = v.InferInput<typeof ProfileDraftSchema>;
export type ProfileDraft = v.InferOutput<typeof ProfileDraftSchema>;
export type Profile = v.InferOutput<typeof ProfileSchema>;

export const ProfilesFileSchema = v.strictObject({
  schemaVersion: v.literal(PROFILE_SCHEMA_VERSION),
  profiles: v.array(ProfileSchema),
});

export type ProfilesFile = v.InferOutput<typeof ProfilesFileSchema>;

/**
 * A readable one-line summary of the first problems valibot found. Valibot's own messages end
 * with the value it received; that part is cut, so input (a secret, a megabyte string) is never
 * echoed back in an error.
 */
export function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  return issues
    .slice(0, 3)
    .map((issue) => {
      const path = issue.path?.map((item) => String(item.key).slice(0, 40)).join('.');
      const message = issue.message.replace(/(?: but r|: R)eceived [\s\S]*$/, '').slice(0, 200);
      return path ? `${path}: ${message}` : message;
    })
    .join('; ');
}
