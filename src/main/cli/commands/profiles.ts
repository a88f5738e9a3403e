/** `profiles list|add|edit|remove|export|import`: the saved environments. */
import { LOGIN_MODES, type LoginMode } from '../../../shared/model.ts';
import type { Profile, ProfileDraftInput } from '../../../shared/profile-schema.ts';
import { parseLibraryUrl } from '../../../shared/library-url.ts';
import * as environments from '../../use-cases/environments.ts';
import { commandText, splitCommand } from '../../../shared/command-words.ts';
import { exactly, integer, parse, usage, userPath, type Values } from '../args.ts';
import { EXIT, PROGRAM, printJson, printLine, warn, warnAboutName, type Context } from '../context.ts';
import { nameProblem } from '../../../shared/name-rules.ts';
import { withActions, type Command } from './command.ts';
import { safeText } from '../terminal-text.ts';
import { count, noun } from '../../../shared/plural.ts';

const CONNECTION_OPTIONS = {
  url: { type: 'string' },
  tier: { type: 'string' },
  user: { type: 'string' },
  'login-mode': { type: 'string' },
  'ca-file': { type: 'string' },
  insecure: { type: 'boolean' },
  'system-trust': { type: 'boolean' },
  proxy: { type: 'string' },
  'no-proxy': { type: 'boolean' },
  'proxy-password-stdin': { type: 'boolean' },
  concurrency: { type: 'string' },
  timeout: { type: 'string' },
  notes: { type: 'string' },
  'password-command': { type: 'string' },
  'no-password-command': { type: 'boolean' },
} as const;

export const profilesCommand: Command = {
  help: `Usage:
  ${PROGRAM} profiles list [--json]
  ${PROGRAM} profiles add --name NAME --url URL --tier dev|test|staging|prod|LABEL --user USER
               [--login-mode standard|ldap|api-token|guest] [--ca-file FILE] [--insecure]
               [--proxy URL] [--proxy-password-stdin] [--concurrency N] [--timeout SECONDS] [--remember]
               [--password-command 'CMD ARG...']
  ${PROGRAM} profiles edit NAME [--name NEW_NAME] [--url URL] [--tier TIER] [--user USER]
               [--login-mode MODE] [--ca-file FILE | --insecure | --system-trust]
               [--proxy URL | --no-proxy] [--proxy-password-stdin] [--concurrency N] [--timeout SECONDS]
               [--password-command 'CMD ARG...' | --no-password-command | --confirm-password-command]
  ${PROGRAM} profiles remove NAME
  ${PROGRAM} profiles export FILE [NAME...]
  ${PROGRAM} profiles import FILE [--on-conflict skip|rename|replace]

  A URL without a scheme gets https (http for ports 80 and 8080), and the command says so.
  --ca-file is stored as an absolute path, so scheduled runs find it from any folder.
  (--proxy http://user@proxy:3128 --proxy-password-stdin keeps the proxy password in the keychain.)
  Changing an environment's server or user forgets its remembered password and session.
  --password-command: a program that prints the password (or API token) on its first line when one
  is needed, e.g. 'secret-tool lookup mstr prod' or 'pass show mstr/prod'. It runs without a shell,
  has 30 s, and what it prints is kept in memory only. A profile imported with one never runs it
  until you read it and confirm it on this computer: profiles edit NAME --confirm-password-command.
`,
  run: withActions('profiles', { list, add, edit, remove, export: exportCommand, import: importCommand }),
};

async function list(args: string[], context: Context): Promise<number> {
  parse(args, {});
  const result = await environments.listEnvironments(context.services);
  const nameProblems = result.profiles.flatMap((profile) => {
    const problem = nameProblem(profile.name);
    return problem === null ? [] : [{ id: profile.id, name: profile.name, problem }];
  });
  const shown = await Promise.all(result.profiles.map((profile) => withSecretFacts(profile, context)));
  if (context.json) printJson(context, { ok: true, profiles: shown, problems: result.problems, nameProblems });
  else if (result.profiles.length === 0)
    context.io.stdout(
      `No profiles yet. Add one with: ${PROGRAM} profiles add --name NAME --url URL --tier TIER --user USER\n`,
    );
  else
    for (const profile of shown) {
      warnAboutName(context, 'environment', profile.name, `${PROGRAM} profiles edit NAME --name NEW_NAME`);
      printLine(context, profile.name, profile.tier, profile.url, profile.username, secretWords(profile));
    }
  return EXIT.ok;
}

type ShownProfile = Profile & {
  /** What the keychain holds for it (null: the keychain cannot be reached). */
  remembered: { secret: boolean; session: boolean } | null;
  /** Whether its credential command may run on this computer (null: it has none). */
  passwordCommandConfirmed: boolean | null;
};

async function withSecretFacts(profile: Profile, context: Context): Promise<ShownProfile> {
  const [remembered, passwordCommandConfirmed] = await Promise.all([
    environments.rememberedFor(context.services, profile),
    environments.passwordCommandConfirmed(context.services, profile),
  ]);
  return { ...profile, remembered, passwordCommandConfirmed };
}

function secretWords(profile: ShownProfile): string {
  const words: string[] = [];
  if (profile.passwordCommand)
    words.push(
      `credential command: ${commandText(profile.passwordCommand)}${profile.passwordCommandConfirmed ? '' : ' (NOT CONFIRMED on this computer)'}`,
    );
  if (profile.remembered === null) words.push('keychain not reachable');
  else {
    if (profile.remembered.secret)
      words.push(profile.loginMode === 'api-token' ? 'API token remembered' : 'password remembered');
    if (profile.remembered.session) words.push('session kept');
  }
  return words.join(', ');
}

/** The profile fields the options set; only what was given. */
function draftChanges(values: Values, context: Context): Partial<ProfileDraftInput> {
  const trustChoices = ['ca-file', 'insecure', 'system-trust'].filter((option) => values[option]);
  if (trustChoices.length > 1) throw usage('Choose one of --ca-file, --insecure and --system-trust.');
  if (values.proxy && values['no-proxy']) throw usage('Choose either --proxy or --no-proxy.');
  const loginMode = values['login-mode'] as string | undefined;
  if (loginMode !== undefined && !LOGIN_MODES.includes(loginMode as LoginMode))
    throw usage(`--login-mode is one of ${LOGIN_MODES.join(', ')}.`);
  const changes: Partial<ProfileDraftInput> = {};
  if (values.name !== undefined) changes.name = values.name as string;
  if (values.url !== undefined) changes.url = values.url as string;
  if (values.tier !== undefined) changes.tier = values.tier as string;
  if (values.user !== undefined) changes.username = values.user as string;
  if (loginMode !== undefined) changes.loginMode = loginMode as LoginMode;
  if (values.insecure) changes.tls = { mode: 'insecure' };
  if (values['system-trust']) changes.tls = { mode: 'system' };
  if (values['ca-file']) changes.tls = { mode: 'ca-file', caFile: userPath(context.io, values['ca-file'] as string) };
  if (values.proxy !== undefined) changes.proxyUrl = values.proxy as string;
  if (values['no-proxy']) changes.proxyUrl = null;
  if (values.concurrency) changes.concurrency = integer(values.concurrency as string, '--concurrency');
  if (values.timeout) changes.timeoutSeconds = integer(values.timeout as string, '--timeout');
  if (values.notes !== undefined) changes.notes = values.notes as string;
  if (values['password-command'] !== undefined && values['no-password-command'])
    throw usage('Choose either --password-command or --no-password-command.');
  if (values['password-command'] !== undefined) changes.passwordCommand = commandWords(values);
  if (values['no-password-command']) changes.passwordCommand = null;
  return changes;
}

function commandWords(values: Values): string[] {
  const words = splitCommand(values['password-command'] as string);
  if (words.length === 0)
    throw usage("--password-command takes the command, e.g. --password-command 'pass show mstr/qa'.");
  return words;
}

/** What a user should hear about a profile they just saved: an assumed scheme, no verification. */
function tellAboutConnection(profile: Profile, typedUrl: string | undefined, context: Context): void {
  const assumed = typedUrl === undefined ? null : parseLibraryUrl(typedUrl).assumedScheme;
  if (assumed) warn(context, `"${typedUrl}" has no scheme; ${assumed}:// was assumed: ${profile.url}`);
  if (profile.tls.mode === 'insecure')
    warn(
      context,
      `certificates of ${profile.name} are not verified: anyone between you and the server can read its password. ` +
        `Prefer --ca-file with your company's CA certificate.`,
    );
}

/** --proxy-password-stdin: the proxy password to keep in the keychain (absent: the stored one stays). */
async function proxyPassword(values: Values, context: Context): Promise<string | undefined> {
  if (!values['proxy-password-stdin']) return undefined;
  return (await context.io.readStdin()).replace(/\r?\n$/, '');
}

async function add(args: string[], context: Context): Promise<number> {
  const { values, positionals } = parse(args, {
    ...CONNECTION_OPTIONS,
    name: { type: 'string' },
    remember: { type: 'boolean' },
  });
  exactly(positionals, 0, 'options only');
  for (const required of ['name', 'url', 'tier']) if (!values[required]) throw usage(`--${required} is required.`);
  const draft = { username: '', ...draftChanges(values, context), rememberSecret: values.remember === true };
  const { profile } = await environments.saveEnvironment(context.services, {
    draft: draft as ProfileDraftInput,
    proxyPassword: await proxyPassword(values, context),
  });
  tellAboutConnection(profile, values.url as string, context);
  if (context.json) printJson(context, { ok: true, profile });
  else context.io.stdout(`Added ${safeText(profile.name)} (${safeText(profile.url)}).\n`);
  return EXIT.ok;
}

async function edit(args: string[], context: Context): Promise<number> {
  const { values, positionals } = parse(args, {
    ...CONNECTION_OPTIONS,
    name: { type: 'string' },
    'confirm-password-command': { type: 'boolean' },
  });
  const [name] = exactly(positionals, 1, 'the name of the profile to edit');
  const before = await environments.findEnvironment(context.services, name as string);
  const changes = draftChanges(values, context);
  const confirm = values['confirm-password-command'] === true;
  if (confirm && !before.passwordCommand && !changes.passwordCommand)
    throw usage(`${before.name} has no credential command to confirm.`);
  if (Object.keys(changes).length === 0 && !values['proxy-password-stdin'] && !confirm)
    throw usage('Say what to change, for example --url URL or --tier prod.');
  const { id, createdAt: _created, updatedAt: _updated, ...draft } = before;
  const { profile: after, forgotten } = await environments.saveEnvironment(context.services, {
    id,
    draft: { ...draft, ...changes },
    proxyPassword: await proxyPassword(values, context),
    confirmPasswordCommand: confirm,
  });
  tellAboutConnection(after, changes.url, context);
  if (forgotten.length > 0) warn(context, `the server or user of ${after.name} changed: ${forgottenWords(forgotten)}.`);
  if (context.json) printJson(context, { ok: true, profile: after, forgotten });
  else context.io.stdout(`Saved ${safeText(after.name)} (${safeText(after.url)}).\n`);
  return EXIT.ok;
}

async function remove(args: string[], context: Context): Promise<number> {
  const [name] = exactly(parse(args, {}).positionals, 1, 'one profile name');
  const profile = await environments.findEnvironment(context.services, name as string);
  const { presets } = await environments.deleteEnvironment(context.services, profile.id);
  if (context.json) printJson(context, { ok: true, removed: profile.name, presets });
  else {
    context.io.stdout(`Removed ${safeText(profile.name)} and its keychain entries.\n`);
    if (presets.updated.length > 0)
      printLine(context, `Taken out of ${noun(presets.updated.length, 'preset')}: ${presets.updated.join(', ')}.`);
    if (presets.removed.length > 0)
      printLine(
        context,
        `Removed ${noun(presets.removed.length, 'preset')} left without environments: ${presets.removed.join(', ')}.`,
      );
  }
  return EXIT.ok;
}

async function exportCommand(args: string[], context: Context): Promise<number> {
  const [file, ...names] = parse(args, {}).positionals;
  if (!file) throw usage('Expected the file to export to.');
  const find = async (name: string): Promise<string> => (await environments.findEnvironment(context.services, name)).id;
  const ids = names.length === 0 ? 'all' : await Promise.all(names.map(find));
  const target = userPath(context.io, file);
  const exported = await environments.exportEnvironments(context.services, ids, target);
  if (context.json) printJson(context, { ok: true, exported, file: target });
  else context.io.stdout(`Exported ${count(exported, 'profile')} to ${safeText(target)} (no secrets).\n`);
  return EXIT.ok;
}

async function importCommand(args: string[], context: Context): Promise<number> {
  const { values, positionals } = parse(args, { 'on-conflict': { type: 'string' } });
  const [file] = exactly(positionals, 1, 'the file to import');
  const onConflict = (values['on-conflict'] as string | undefined) ?? 'rename';
  if (!['skip', 'rename', 'replace'].includes(onConflict)) throw usage('--on-conflict is skip, rename or replace.');
  const { report, moved, unconfirmedCommands } = await environments.importEnvironments(
    context.services,
    userPath(context.io, file as string),
    {
      onConflict: onConflict as environments.ConflictChoice,
    },
  );
  for (const { profile, forgotten } of moved)
    if (forgotten.length > 0)
      warn(context, `${profile.name} now points at another server or user: ${forgottenWords(forgotten)}.`);
  if (context.json) printJson(context, { ok: report.rejected.length === 0, ...report, unconfirmedCommands });
  else printImportReport(report, context);
  for (const { name, command } of unconfirmedCommands)
    warn(
      context,
      `${name} came with a credential command: ${commandText(command)}. It is not run until you read it and ` +
        `confirm it on this computer: ${PROGRAM} profiles edit "${name}" --confirm-password-command`,
    );
  return report.rejected.length === 0 ? EXIT.ok : EXIT.someFailed;
}

function printImportReport(report: environments.ImportReport, context: Context): void {
  for (const item of report.imported)
    printLine(
      context,
      `imported ${item.name}${item.savedAs === item.name ? '' : ` as ${item.savedAs}`} (${item.action})`,
    );
  for (const item of report.skipped) printLine(context, `skipped ${item.name}: ${item.reason}`);
  for (const item of report.rejected)
    printLine(context, `rejected #${item.index + 1}${item.name ? ` ${item.name}` : ''}: ${item.reason}`);
}

/** "its remembered password and session were forgotten" (or "… password was …"). */
function forgottenWords(forgotten: readonly string[]): string {
  const list =
    forgotten.length === 1 ? forgotten[0] : `${forgotten.slice(0, -1).join(', ')} and ${forgotten.at(-1) ?? ''}`;
  return `its remembered ${list} ${forgotten.length === 1 ? 'was' : 'were'} forgotten`;
}
