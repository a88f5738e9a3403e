/** Tells a command-line launch of the app (`mstr-cache-console purge ...`) from a desktop launch. */

export const CLI_COMMANDS = [
  'profiles',
  'login',
  'logout',
  'test',
  'projects',
  'purge',
  'preset',
  'history',
  '--version',
  '--help',
  'help',
];

/** The command-line arguments when the app was started with a subcommand, else null. */
export function cliArguments(argv: readonly string[], isPackaged: boolean): string[] | null {
  // Packaged: [app, ...args]. From source: [electron, appPath, ...args].
  const args = argv.slice(isPackaged ? 1 : 2);
  return args.length > 0 && CLI_COMMANDS.includes(args[0] as string) ? [...args] : null;
}
