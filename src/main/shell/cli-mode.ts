/** Tells a command-line launch of the app (`mstr-cache-console purge ...`) from a desktop launch. */

export const CLI_COMMANDS = [
  'profiles',
  'login',
  'logout',
  'test',
  'projects',
  'purge',
  'preset',
  'schedule',
  'history',
  '--version',
  '--help',
  'help',
];

/** Options that may stand before the command, each with its value. */
const GLOBAL_OPTIONS = ['--data-folder'];

/** The command-line arguments when the app was started with a subcommand, else null. */
export function cliArguments(argv: readonly string[], isPackaged: boolean): string[] | null {
  // Packaged: [app, ...args]. From source: [electron, appPath, ...args].
  const args = argv.slice(isPackaged ? 1 : 2);
  let index = 0;
  while (GLOBAL_OPTIONS.includes(args[index] as string)) index += 2;
  return args.length > index && CLI_COMMANDS.includes(args[index] as string) ? [...args] : null;
}

/** How a scheduled job starts this same app in command-line mode. */
export function cliInvocation(execPath: string, appPath: string, isPackaged: boolean): string[] {
  return isPackaged ? [execPath] : [execPath, appPath];
}
