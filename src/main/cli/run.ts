/**
 * The command line over the same services as the window: profiles, login, projects, purges,
 * presets and history, for admins' scripts and schedulers. Every outcome is an exit code (0 all
 * succeeded, 1 some items failed, 2 bad usage or refused, 3 connection or login failure) and, with
 * --json, one JSON document on stdout.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { AppError, toErrorInfo, type ErrorCode } from '../../shared/errors.ts';
import {
  CACHE_TYPES,
  LOGIN_MODES,
  projectStatusWord,
  selectedProjects,
  type CacheType,
  type LoginMode,
  type ProjectSelection,
  type PurgeOutcome,
  type PurgePlan,
} from '../../shared/model.ts';
import { isProductionTier, type Profile } from '../../shared/profile-schema.ts';
import { exportProfiles, importProfiles, type ConflictChoice } from '../profiles/profile-exchange.ts';
import { isCompleteSuccess } from '../purge/purge-engine.ts';
import { createServices, type Services } from '../services.ts';
import type { ProfileSession } from '../sessions/profile-session.ts';
import { COMMAND_HELP, USAGE } from './help.ts';
import type { CliIo } from './io.ts';
import { scheduledCommand } from './scheduled-command.ts';

export const EXIT = { ok: 0, someFailed: 1, usage: 2, connection: 3 } as const;

const USAGE_CODES: ErrorCode[] = [
  'VALIDATION',
  'BAD_URL',
  'PROFILE_NOT_FOUND',
  'PROFILE_NAME_TAKEN',
  'PRESET_NOT_FOUND',
  'CONFIRMATION_REQUIRED',
  'FILE_ERROR',
  'PROFILES_CORRUPT',
];

interface Context {
  io: CliIo;
  services: Services;
  json: boolean;
  version: string;
  /**
   * Sessions this run logged in to with a password it was handed (stdin, MSTR_CACHE_PASSWORD): they
   * are logged out at the end, so scheduled runs leave no session behind. `login` keeps its own.
   */
  openedHere: Set<ProfileSession>;
}

type Values = Record<string, string | boolean | string[] | undefined>;

export async function runCli(argv: string[], io: CliIo, version: string): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.stdout(USAGE);
    return command === undefined ? EXIT.usage : EXIT.ok;
  }
  if (command === '--version' || command === '-v') {
    io.stdout(`${version}\n`);
    return EXIT.ok;
  }
  const json = rest.includes('--json');
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(COMMAND_HELP[command] ?? USAGE);
    return COMMAND_HELP[command] ? EXIT.ok : EXIT.usage;
  }
  const services = createServices();
  const context: Context = { io, services, json, version, openedHere: new Set() };
  try {
    return await dispatch(command, rest, context);
  } catch (error) {
    return reportError(context, error);
  } finally {
    await Promise.allSettled([...context.openedHere].map((session) => session.disconnect()));
    await services.sessions.closeAll();
  }
}

async function dispatch(command: string, args: string[], context: Context): Promise<number> {
  switch (command) {
    case 'profiles':
      return profilesCommand(args, context);
    case 'login':
      return loginCommand(args, context);
    case 'logout':
      return logoutCommand(args, context);
    case 'test':
      return testCommand(args, context);
    case 'projects':
      return projectsCommand(args, context);
    case 'purge':
      return purgeCommand(args, context);
    case 'preset':
      return presetCommand(args, context);
    case 'history':
      return historyCommand(args, context);
    default:
      throw usage(`Unknown command "${command}". Run --help for the list.`);
  }
}

function usage(message: string): AppError {
  return new AppError('VALIDATION', message);
}

function parse(args: string[], options: ParseArgsConfig['options']): { values: Values; positionals: string[] } {
  try {
    const parsed = parseArgs({
      args,
      options: { json: { type: 'boolean' }, ...options },
      allowPositionals: true,
      strict: true,
    });
    return { values: parsed.values as Values, positionals: parsed.positionals };
  } catch (error) {
    throw usage((error as Error).message.split('\n')[0] ?? 'Bad arguments.');
  }
}

function exactly(positionals: string[], count: number, what: string): string[] {
  if (positionals.length !== count) throw usage(`Expected ${what}.`);
  return positionals;
}

function printJson(context: Context, value: unknown): void {
  context.io.stdout(`${JSON.stringify(value, null, 2)}\n`);
}

function reportError(context: Context, error: unknown): number {
  const info = toErrorInfo(error);
  const exitCode = USAGE_CODES.includes(info.code) ? EXIT.usage : EXIT.connection;
  if (context.json) {
    printJson(context, { ok: false, exitCode, error: info });
  } else {
    const facts = [
      info.httpStatus ? `HTTP ${info.httpStatus}` : null,
      info.mstrCode,
      info.ticketId ? `ticketId ${info.ticketId}` : null,
    ]
      .filter(Boolean)
      .join(', ');
    context.io.stderr(`error ${info.code}: ${info.message}${facts ? ` (${facts})` : ''}\n`);
  }
  return exitCode;
}

// profiles ------------------------------------------------------------------------------------

async function profilesCommand(args: string[], context: Context): Promise<number> {
  const [action, ...rest] = args;
  const { profiles, sessions } = context.services;
  if (action === 'list') {
    parse(rest, {});
    const list = await profiles.list();
    if (list.recovery) context.io.stderr(`warning: ${recoveryText(list.recovery)}\n`);
    if (context.json) printJson(context, { ok: true, profiles: list.profiles, recovery: list.recovery });
    else if (list.profiles.length === 0)
      context.io.stdout('No profiles yet. Add one with: profiles add --name NAME --url URL --tier TIER --user USER\n');
    else
      for (const profile of list.profiles)
        context.io.stdout(`${profile.name}\t${profile.tier}\t${profile.url}\t${profile.username}\n`);
    return EXIT.ok;
  }
  if (action === 'add') {
    const { values, positionals } = parse(rest, {
      name: { type: 'string' },
      url: { type: 'string' },
      tier: { type: 'string' },
      user: { type: 'string' },
      'login-mode': { type: 'string' },
      'ca-file': { type: 'string' },
      insecure: { type: 'boolean' },
      proxy: { type: 'string' },
      'proxy-password-stdin': { type: 'boolean' },
      concurrency: { type: 'string' },
      timeout: { type: 'string' },
      remember: { type: 'boolean' },
      notes: { type: 'string' },
    });
    exactly(positionals, 0, 'options only');
    for (const required of ['name', 'url', 'tier']) if (!values[required]) throw usage(`--${required} is required.`);
    const loginMode = (values['login-mode'] as string | undefined) ?? 'standard';
    if (!LOGIN_MODES.includes(loginMode as LoginMode)) throw usage(`--login-mode is one of ${LOGIN_MODES.join(', ')}.`);
    if (values['ca-file'] && values.insecure) throw usage('Choose either --ca-file or --insecure.');
    const profile = await profiles.create({
      name: values.name as string,
      url: values.url as string,
      tier: values.tier as string,
      username: (values.user as string | undefined) ?? '',
      loginMode: loginMode as LoginMode,
      rememberSecret: values.remember === true,
      tls: values.insecure
        ? { mode: 'insecure' }
        : values['ca-file']
          ? { mode: 'ca-file', caFile: values['ca-file'] as string }
          : { mode: 'system' },
      proxyUrl: (values.proxy as string | undefined) ?? null,
      ...(values.concurrency ? { concurrency: integer(values.concurrency as string, '--concurrency') } : {}),
      ...(values.timeout ? { timeoutSeconds: integer(values.timeout as string, '--timeout') } : {}),
      ...(values.notes ? { notes: values.notes as string } : {}),
    });
    if (values['proxy-password-stdin']) {
      const proxyPassword = (await context.io.readStdin()).replace(/\r?\n$/, '');
      await context.services.secrets.set(profile.id, 'proxy-password', proxyPassword);
    }
    if (context.json) printJson(context, { ok: true, profile });
    else context.io.stdout(`Added ${profile.name} (${profile.url}).\n`);
    return EXIT.ok;
  }
  if (action === 'remove') {
    const [name] = exactly(parse(rest, {}).positionals, 1, 'one profile name');
    const profile = await profiles.find(name as string);
    await profiles.remove(profile.id);
    await sessions.forget(profile.id);
    await context.services.projects.forget(profile.id);
    if (context.json) printJson(context, { ok: true, removed: profile.name });
    else context.io.stdout(`Removed ${profile.name} and its keychain entries.\n`);
    return EXIT.ok;
  }
  if (action === 'export') {
    const [file, ...names] = parse(rest, {}).positionals;
    if (!file) throw usage('Expected the file to export to.');
    const ids =
      names.length === 0 ? 'all' : await Promise.all(names.map(async (name) => (await profiles.find(name)).id));
    const count = await exportProfiles(profiles, ids, file);
    if (context.json) printJson(context, { ok: true, exported: count, file });
    else context.io.stdout(`Exported ${count} profile(s) to ${file} (no secrets).\n`);
    return EXIT.ok;
  }
  if (action === 'import') {
    const { values, positionals } = parse(rest, { 'on-conflict': { type: 'string' } });
    const [file] = exactly(positionals, 1, 'the file to import');
    const onConflict = (values['on-conflict'] as string | undefined) ?? 'rename';
    if (!['skip', 'rename', 'replace'].includes(onConflict)) throw usage('--on-conflict is skip, rename or replace.');
    const report = await importProfiles(profiles, file as string, { onConflict: onConflict as ConflictChoice });
    if (context.json) printJson(context, { ok: report.rejected.length === 0, ...report });
    else {
      for (const item of report.imported)
        context.io.stdout(
          `imported ${item.name}${item.savedAs === item.name ? '' : ` as ${item.savedAs}`} (${item.action})\n`,
        );
      for (const item of report.skipped) context.io.stdout(`skipped ${item.name}: ${item.reason}\n`);
      for (const item of report.rejected)
        context.io.stdout(`rejected #${item.index + 1}${item.name ? ` ${item.name}` : ''}: ${item.reason}\n`);
    }
    return report.rejected.length === 0 ? EXIT.ok : EXIT.someFailed;
  }
  throw usage('profiles takes list, add, remove, export or import.');
}

function recoveryText(recovery: { movedTo: string; reason: string }): string {
  return `the profiles file could not be read (${recovery.reason}); it was moved to ${recovery.movedTo}. Import it to recover what it holds.`;
}

function integer(text: string, option: string): number {
  const value = Number(text);
  if (!Number.isInteger(value)) throw usage(`${option} takes a whole number.`);
  return value;
}

// sessions ------------------------------------------------------------------------------------

/** The secret from standard input or MSTR_CACHE_PASSWORD, if either was given. */
async function suppliedSecret(values: Values, context: Context): Promise<string | undefined> {
  if (values['password-stdin']) {
    const text = (await context.io.readStdin()).replace(/\r?\n$/, '');
    if (text === '') throw usage('--password-stdin was given but standard input is empty.');
    return text;
  }
  return context.io.env.MSTR_CACHE_PASSWORD || undefined;
}

interface ConnectChoices {
  /** Keep the session for later commands (login) rather than logging out at the end of this run. */
  keep?: boolean;
  /** Keep the password in the keychain. */
  remember?: boolean;
}

async function connect(
  profile: Profile,
  values: Values,
  context: Context,
  choices: ConnectChoices = {},
): Promise<void> {
  await connectWith(profile, await suppliedSecret(values, context), context, choices);
}

/** Connects with the given secret, or with what the keychain holds when there is none. */
async function connectWith(
  profile: Profile,
  secret: string | undefined,
  context: Context,
  { keep = false, remember = false }: ConnectChoices = {},
): Promise<void> {
  const session = await context.services.sessions.for(profile);
  if (secret === undefined) {
    await session.connect();
    return;
  }
  await session.connect({ secret, remember });
  if (!keep) context.openedHere.add(session);
}

async function loginCommand(args: string[], context: Context): Promise<number> {
  const { values, positionals } = parse(args, { 'password-stdin': { type: 'boolean' }, remember: { type: 'boolean' } });
  const [name] = exactly(positionals, 1, 'one profile name');
  const profile = await context.services.profiles.find(name as string);
  await connect(profile, values, context, { keep: true, remember: values.remember === true });
  const view = (await context.services.sessions.for(profile)).view;
  const keychain = await context.services.secrets.status();
  if (!keychain.available)
    context.io.stderr(`warning: ${keychain.message ?? 'no keychain'} Nothing was kept for later commands.\n`);
  if (context.json) printJson(context, { ok: true, session: view });
  else
    context.io.stdout(
      `Connected to ${profile.name} as ${view.userFullName ?? '?'} (I-Server ${view.serverVersion ?? 'unknown'}).\n`,
    );
  return EXIT.ok;
}

async function logoutCommand(args: string[], context: Context): Promise<number> {
  const [name] = exactly(parse(args, {}).positionals, 1, 'one profile name');
  const profile = await context.services.profiles.find(name as string);
  const session = await context.services.sessions.for(profile);
  await session.restore();
  await session.disconnect();
  if (context.json) printJson(context, { ok: true });
  else context.io.stdout(`Logged out of ${profile.name}.\n`);
  return EXIT.ok;
}

async function testCommand(args: string[], context: Context): Promise<number> {
  const [name] = exactly(parse(args, {}).positionals, 1, 'one profile name');
  const profile = await context.services.profiles.find(name as string);
  const session = await context.services.sessions.for(profile);
  const test = await session.test();
  if (context.json) printJson(context, { ok: true, test });
  else
    context.io.stdout(
      `${profile.name}: I-Server ${test.iServerVersion ?? 'unknown'}, web ${test.webVersion ?? 'unknown'}, ${test.roundTripMs} ms; ` +
        `${test.purgeSupported ? 'REST cache purges supported' : 'too old for REST cache purges (needs 11.3.0800+)'}\n`,
    );
  return EXIT.ok;
}

async function projectsCommand(args: string[], context: Context): Promise<number> {
  const { values, positionals } = parse(args, { 'password-stdin': { type: 'boolean' } });
  const [name] = exactly(positionals, 1, 'one profile name');
  const profile = await context.services.profiles.find(name as string);
  await connect(profile, values, context);
  const projects = await (await context.services.sessions.for(profile)).use((client) => client.listProjects());
  if (context.json) printJson(context, { ok: true, profile: profile.name, projects });
  else
    for (const project of projects)
      context.io.stdout(`${project.id}\t${projectStatusWord(project.status)}\t${project.name}\n`);
  return EXIT.ok;
}

// purge -----------------------------------------------------------------------------------------

const SELECTION_OPTIONS = {
  project: { type: 'string', multiple: true },
  all: { type: 'boolean' },
  type: { type: 'string' },
} as const;

function selection(values: Values): ProjectSelection {
  const projects = values.project as string[] | undefined;
  if (values.all && projects) throw usage('Choose either --project or --all.');
  if (values.all) return { all: true };
  if (!projects || projects.length === 0)
    throw usage('Choose projects with --project NAME_OR_ID (repeatable) or --all.');
  return { select: projects };
}

function cacheTypes(values: Values): CacheType[] {
  const type = values.type as string | undefined;
  if (type === 'both') return [...CACHE_TYPES];
  if (type === 'object' || type === 'element') return [type];
  throw usage('--type is object, element or both.');
}

async function purgeCommand(args: string[], context: Context): Promise<number> {
  const { values, positionals } = parse(args, {
    ...SELECTION_OPTIONS,
    concurrency: { type: 'string' },
    yes: { type: 'boolean' },
    'skip-missing': { type: 'boolean' },
    'password-stdin': { type: 'boolean' },
  });
  if (positionals.length === 0) throw usage('Name at least one profile to purge on.');
  const profiles = await Promise.all(positionals.map((name) => context.services.profiles.find(name)));
  const concurrency = values.concurrency ? integer(values.concurrency as string, '--concurrency') : undefined;
  if (concurrency !== undefined && (concurrency < 1 || concurrency > 16)) throw usage('--concurrency is 1 to 16.');
  return runPurge(profiles, selection(values), cacheTypes(values), values, context, concurrency);
}

async function runPurge(
  profiles: Profile[],
  projects: ProjectSelection,
  types: CacheType[],
  values: Values,
  context: Context,
  concurrency?: number,
): Promise<number> {
  const production = profiles.filter((profile) => isProductionTier(profile.tier));
  if (production.length > 0 && !values.yes && !context.io.ask) {
    throw new AppError(
      'CONFIRMATION_REQUIRED',
      `${production.map((profile) => profile.name).join(', ')} is production: add --yes to purge without a terminal. Nothing was sent.`,
    );
  }
  const secret = await suppliedSecret(values, context);
  if (secret !== undefined) for (const profile of profiles) await connectWith(profile, secret, context);
  const plan = await context.services.engine.prepare({
    environments: profiles.map((profile) => profile.id),
    projects,
    cacheTypes: types,
    ...(concurrency === undefined ? {} : { concurrency }),
  });
  if (plan.missing.length > 0 && !values['skip-missing']) {
    const list = plan.missing.map((item) => `"${item.selector}" on ${item.profileName}`).join(', ');
    throw new AppError('VALIDATION', `Not found: ${list}. Nothing was sent; add --skip-missing to purge the rest.`);
  }
  if (production.length > 0 && !values.yes) await confirmProduction(production, plan, context);
  const outcome = await runWithProgress(plan, context);
  const exitCode =
    plan.environments.some((environment) => environment.error?.code && isConnectionCode(environment.error.code)) &&
    outcome.summary.succeeded === 0
      ? EXIT.connection
      : isCompleteSuccess(outcome)
        ? EXIT.ok
        : EXIT.someFailed;
  printOutcome(plan, outcome, exitCode, context);
  return exitCode;
}

function isConnectionCode(code: ErrorCode): boolean {
  return [
    'UNREACHABLE',
    'TIMEOUT',
    'TLS_UNTRUSTED',
    'BAD_CREDENTIALS',
    'SECRET_REQUIRED',
    'SESSION_EXPIRED',
    'NOT_CONNECTED',
    'NOT_A_LIBRARY_SERVER',
  ].includes(code);
}

async function confirmProduction(production: Profile[], plan: PurgePlan, context: Context): Promise<void> {
  const ask = context.io.ask;
  if (!ask) throw new AppError('CONFIRMATION_REQUIRED', 'Production purges need --yes without a terminal.');
  context.io.stderr(`About to request ${plan.items.length} cache purge(s):\n${planSummary(plan)}`);
  for (const profile of production) {
    const typed = await ask(`${profile.name} is production. Type its name to confirm: `);
    if (typed.trim() !== profile.name) {
      throw new AppError('CONFIRMATION_REQUIRED', `The name did not match ${profile.name}. Nothing was sent.`);
    }
  }
}

function planSummary(plan: PurgePlan): string {
  return plan.environments
    .map((environment) => {
      const count = plan.items.filter((item) => item.profileId === environment.profileId).length;
      return `  ${environment.profileName} (${environment.tier}, ${environment.host}): ${environment.error ? `blocked: ${environment.error.message}` : `${count} purge call(s)`}\n`;
    })
    .join('');
}

async function runWithProgress(plan: PurgePlan, context: Context): Promise<PurgeOutcome> {
  let finished = 0;
  let failed = 0;
  const showProgress = context.io.stderrIsTerminal && !context.json;
  const run = context.services.engine.start(plan, (event) => {
    if (event.type !== 'item' || event.item.status === 'running') return;
    finished += 1;
    if (event.item.status === 'failed') failed += 1;
    if (showProgress) context.io.stderr(`\r[${finished}/${plan.items.length}] ${failed} failed `);
  });
  const interrupt = (): void => run.cancel();
  process.once('SIGINT', interrupt);
  try {
    return await run.done;
  } finally {
    process.off('SIGINT', interrupt);
    if (showProgress) context.io.stderr('\n');
  }
}

function printOutcome(plan: PurgePlan, outcome: PurgeOutcome, exitCode: number, context: Context): void {
  if (context.json) {
    printJson(context, {
      ok: exitCode === EXIT.ok,
      exitCode,
      runId: outcome.planId,
      startedAt: outcome.startedAt,
      finishedAt: outcome.finishedAt,
      summary: outcome.summary,
      environments: plan.environments,
      skipped: plan.skipped,
      missing: plan.missing,
      items: outcome.items,
    });
    return;
  }
  for (const environment of plan.environments) {
    if (environment.error)
      context.io.stdout(
        `${environment.profileName}: not purged: ${environment.error.code}: ${environment.error.message}\n`,
      );
  }
  for (const skipped of plan.skipped)
    context.io.stdout(`${skipped.profileName}: skipped ${skipped.projectName}: ${skipped.reason}\n`);
  for (const missing of plan.missing) context.io.stdout(`${missing.profileName}: not found: ${missing.selector}\n`);
  for (const item of outcome.items) {
    if (item.status === 'failed' && item.error) {
      const ticket = item.error.ticketId ? ` (ticketId ${item.error.ticketId})` : '';
      context.io.stdout(
        `${item.profileName}: FAILED ${item.projectName} ${item.cacheType}: ${item.error.code}: ${item.error.message}${ticket}\n`,
      );
    }
  }
  const { summary } = outcome;
  context.io.stdout(
    `Purge requested: ${summary.succeeded} succeeded, ${summary.failed} failed, ${summary.cancelled} cancelled, ${summary.skipped} skipped` +
      (summary.blockedEnvironments ? `, ${summary.blockedEnvironments} environment(s) not reached` : '') +
      '.\n',
  );
}

// presets -----------------------------------------------------------------------------------------

async function presetCommand(args: string[], context: Context): Promise<number> {
  const [action, ...rest] = args;
  const { presets, profiles } = context.services;
  if (action === 'list') {
    parse(rest, {});
    const { presets: list } = await presets.list();
    const { profiles: known } = await profiles.list();
    const names = (ids: string[]): string[] =>
      ids.map((id) => known.find((profile) => profile.id === id)?.name ?? '(deleted profile)');
    if (context.json)
      printJson(context, {
        ok: true,
        presets: list.map((preset) => ({ ...preset, environmentNames: names(preset.environments) })),
      });
    else
      for (const preset of list) {
        const projects = selectedProjects(preset.projects)?.join(', ') ?? 'all loaded projects';
        context.io.stdout(
          `${preset.name}\t${names(preset.environments).join(', ')}\t${preset.cacheTypes.join('+')}\t${projects}\n`,
        );
      }
    return EXIT.ok;
  }
  if (action === 'save') {
    const { values, positionals } = parse(rest, SELECTION_OPTIONS);
    const [name, ...profileNames] = positionals;
    if (!name || profileNames.length === 0) throw usage('Expected the preset name and at least one profile.');
    const environments = await Promise.all(
      profileNames.map(async (profileName) => (await profiles.find(profileName)).id),
    );
    const preset = await presets.save({
      name,
      environments,
      projects: selection(values),
      cacheTypes: cacheTypes(values),
    });
    if (context.json) printJson(context, { ok: true, preset });
    else context.io.stdout(`Saved preset ${preset.name}.\n`);
    return EXIT.ok;
  }
  if (action === 'remove') {
    const [name] = exactly(parse(rest, {}).positionals, 1, 'one preset name');
    await presets.remove(name as string);
    if (context.json) printJson(context, { ok: true });
    else context.io.stdout(`Removed preset ${name}.\n`);
    return EXIT.ok;
  }
  if (action === 'run') {
    const { values, positionals } = parse(rest, {
      yes: { type: 'boolean' },
      'skip-missing': { type: 'boolean' },
      'password-stdin': { type: 'boolean' },
    });
    const [name] = exactly(positionals, 1, 'one preset name');
    const preset = await presets.get(name as string);
    const chosen = await Promise.all(preset.environments.map((id) => profiles.get(id)));
    return runPurge(chosen, preset.projects, preset.cacheTypes, values, context);
  }
  if (action === 'command') {
    const [name] = exactly(parse(rest, {}).positionals, 1, 'one preset name');
    const preset = await presets.get(name as string);
    const chosen = await Promise.all(preset.environments.map((id) => profiles.get(id)));
    const command = scheduledCommand(
      preset.name,
      chosen.some((profile) => isProductionTier(profile.tier)),
    );
    if (context.json) printJson(context, { ok: true, ...command });
    else context.io.stdout(`${command.cron}\n`);
    return EXIT.ok;
  }
  throw usage('preset takes save, list, remove, run or command.');
}

// history -----------------------------------------------------------------------------------------

function date(text: string | undefined, option: string): Date | undefined {
  if (text === undefined) return undefined;
  const value = new Date(text);
  if (Number.isNaN(value.getTime())) throw usage(`${option} takes a date such as 2026-11-30 or 2026-11-30T22:00.`);
  return value;
}

async function historyCommand(args: string[], context: Context): Promise<number> {
  const { values, positionals } = parse(args, {
    since: { type: 'string' },
    until: { type: 'string' },
    profile: { type: 'string' },
    outcome: { type: 'string' },
    limit: { type: 'string' },
    csv: { type: 'string' },
  });
  exactly(positionals, 0, 'options only');
  const outcome = values.outcome as string | undefined;
  if (outcome !== undefined && outcome !== 'succeeded' && outcome !== 'failed')
    throw usage('--outcome is succeeded or failed.');
  const since = date(values.since as string | undefined, '--since');
  const until = date(values.until as string | undefined, '--until');
  const filter = {
    ...(since ? { since } : {}),
    ...(until ? { until } : {}),
    ...(values.profile ? { profileName: values.profile as string } : {}),
    ...(outcome ? { outcome: outcome as 'succeeded' | 'failed' } : {}),
    ...(values.limit ? { limit: integer(values.limit as string, '--limit') } : {}),
  };
  if (values.csv) {
    const count = await context.services.history.exportCsv(values.csv as string, filter);
    if (context.json) printJson(context, { ok: true, exported: count, file: values.csv });
    else context.io.stdout(`Exported ${count} history line(s) to ${values.csv as string}.\n`);
    return EXIT.ok;
  }
  const entries = await context.services.history.list(filter);
  if (context.json) printJson(context, { ok: true, entries });
  else
    for (const entry of entries) {
      const problem =
        entry.outcome === 'failed'
          ? ` ${entry.errorCode ?? ''} ${entry.message ?? ''}${entry.ticketId ? ` (ticketId ${entry.ticketId})` : ''}`
          : '';
      context.io.stdout(
        `${entry.time}\t${entry.profileName}\t${entry.projectName}\t${entry.cacheType}\t${entry.outcome}${problem}\n`,
      );
    }
  return EXIT.ok;
}
