/**
 * The command line over the same services as the window: profiles, login, projects, purges, cluster
 * nodes, content and cube caches, presets, schedules and history, for admins' scripts and schedulers. Every outcome is an exit code
 * (0 all succeeded, 1 some items failed, 2 bad usage or refused, 3 connection or login failure)
 * and, with --json, one JSON document on stdout. Each command lives in its own module under
 * commands/ and is loaded only when it runs.
 */
import type { ServiceOptions } from '../services.ts';
import { usage } from './args.ts';
import type { Command } from './commands/command.ts';
import { EXIT, reportError, warn, type Context } from './context.ts';
import { describeDataFileProblem } from '../../shared/data-file-problems.ts';
import { USAGE } from './help.ts';
import type { CliIo } from './io.ts';

const COMMANDS: Record<string, () => Promise<Command>> = {
  profiles: async () => (await import('./commands/profiles.ts')).profilesCommand,
  login: async () => (await import('./commands/login.ts')).loginCommand,
  logout: async () => (await import('./commands/logout.ts')).logoutCommand,
  test: async () => (await import('./commands/test.ts')).testCommand,
  projects: async () => (await import('./commands/projects.ts')).projectsCommand,
  purge: async () => (await import('./commands/purge.ts')).purgeCommand,
  nodes: async () => (await import('./commands/nodes.ts')).nodesCommand,
  'content-caches': async () => (await import('./commands/content-caches.ts')).contentCachesCommand,
  'cube-caches': async () => (await import('./commands/cube-caches.ts')).cubeCachesCommand,
  preset: async () => (await import('./commands/preset.ts')).presetCommand,
  schedule: async () => (await import('./commands/schedule.ts')).scheduleCommand,
  history: async () => (await import('./commands/history.ts')).historyCommand,
  overview: async () => (await import('./commands/overview.ts')).overviewCommand,
  cubes: async () => (await import('./commands/cubes.ts')).cubesCommand,
  events: async () => (await import('./commands/events.ts')).eventsCommand,
  subscriptions: async () => (await import('./commands/subscriptions.ts')).subscriptionsCommand,
};

export type RunOptions = Pick<ServiceOptions, 'cliInvocation' | 'scheduler' | 'secrets'>;

/** `--data-folder DIR` before the command: the data folder for this run (as MSTR_CACHE_HOME). */
function globalOptions(argv: string[]): { dataFolder: string | undefined; rest: string[] } {
  if (argv[0] !== '--data-folder') return { dataFolder: undefined, rest: argv };
  const dataFolder = argv[1];
  if (!dataFolder) throw usage('--data-folder takes a folder.');
  return { dataFolder, rest: argv.slice(2) };
}

export async function runCli(argv: string[], io: CliIo, version: string, options: RunOptions = {}): Promise<number> {
  let parsed: ReturnType<typeof globalOptions>;
  try {
    parsed = globalOptions(argv);
  } catch (error) {
    io.stderr(`error VALIDATION: ${(error as Error).message}\n`);
    return EXIT.usage;
  }
  const [command, ...rest] = parsed.rest;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.stdout(USAGE);
    return command === undefined ? EXIT.usage : EXIT.ok;
  }
  if (command === '--version' || command === '-v') {
    io.stdout(`${version}\n`);
    return EXIT.ok;
  }
  const load = COMMANDS[command];
  // After "--" every word is a name (a preset once called "-h"), never an option.
  const flags = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
  if (flags.includes('--help') || flags.includes('-h')) {
    io.stdout(load ? (await load()).help : USAGE);
    return load ? EXIT.ok : EXIT.usage;
  }
  const json = flags.includes('--json');
  // The services (HTTP client, keychain, stores) load only for a command that needs them.
  const [{ createServices }, { checkDataFolder, problemsMetSoFar }, { closeSessions }] = await Promise.all([
    import('../services.ts'),
    import('../use-cases/data-folder.ts'),
    import('../use-cases/environments.ts'),
  ]);
  const services = createServices({
    ...options,
    ...(parsed.dataFolder ? { dataFolder: parsed.dataFolder } : {}),
  });
  const context: Context = { io, services, json, version, openedHere: new Set() };
  try {
    if (!load) throw usage(`Unknown command "${command}". Run --help for the list.`);
    await checkDataFolder(services);
    return await (await load()).run(rest, context);
  } catch (error) {
    return reportError(context, error);
  } finally {
    for (const problem of problemsMetSoFar(services)) warn(context, describeDataFileProblem(problem));
    await Promise.allSettled([...context.openedHere].map((session) => session.disconnect()));
    await closeSessions(services, false);
  }
}
