/** The command line's help texts. */

export const USAGE = `Usage: mstr-cache <command> [options]

Commands:
  profiles list [--json]                      saved environments
  profiles add --name NAME --url URL --tier TIER --user USER [options]
  profiles remove NAME                        also removes its keychain entries
  profiles export FILE [NAME...]              without any secret
  profiles import FILE [--on-conflict skip|rename|replace]
  login PROFILE [--password-stdin] [--remember]
  logout PROFILE
  test PROFILE [--json]                       server version, round trip, REST purge support
  projects PROFILE [--json]
  purge PROFILE... (--project NAME_OR_ID... | --all) --type object|element|both
        [--concurrency N] [--yes] [--skip-missing] [--password-stdin] [--json]
  preset save NAME PROFILE... (--project NAME... | --all) --type object|element|both
  preset list [--json] | preset remove NAME | preset run NAME [--yes] [--json]
  preset command NAME                         the command line to schedule it
  history [--since DATE] [--until DATE] [--profile NAME] [--outcome succeeded|failed] [--csv FILE] [--json]

Secrets come from the keychain, from standard input (--password-stdin) or from MSTR_CACHE_PASSWORD,
never from an argument. MSTR_CACHE_HOME sets the data folder.

Exit codes: 0 all succeeded, 1 some items failed, 2 bad usage or refused, 3 connection or login failure.
Run 'mstr-cache <command> --help' for a command's options.
`;

export const COMMAND_HELP: Record<string, string> = {
  profiles: `Usage:
  profiles list [--json]
  profiles add --name NAME --url URL --tier dev|test|staging|prod|LABEL --user USER
               [--login-mode standard|ldap|api-token|guest] [--ca-file FILE] [--insecure]
               [--proxy URL] [--proxy-password-stdin] [--concurrency N] [--timeout SECONDS] [--remember]
  (--proxy http://user@proxy:3128 --proxy-password-stdin keeps the proxy password in the keychain)
  profiles remove NAME
  profiles export FILE [NAME...]
  profiles import FILE [--on-conflict skip|rename|replace]
`,
  login: `Usage: login PROFILE [--password-stdin] [--remember]
  Logs in and keeps the session in the keychain for later commands. The password (or the API token
  in api-token mode) comes from standard input, MSTR_CACHE_PASSWORD, or the keychain.
  --remember keeps the secret in the keychain.
`,
  logout: 'Usage: logout PROFILE\n  Ends the session on the server and forgets it.\n',
  test: 'Usage: test PROFILE [--json]\n  Reads /api/status: versions, round-trip time, whether REST purges are supported.\n',
  projects: 'Usage: projects PROFILE [--json] [--password-stdin]\n',
  purge: `Usage: purge PROFILE... (--project NAME_OR_ID... | --all) --type object|element|both
             [--concurrency N] [--yes] [--skip-missing] [--password-stdin] [--json]
  Purges the object and/or element caches of the chosen projects (matched by name or id on each
  environment; --all means every loaded project). Projects that are not loaded are skipped.
  A production environment needs --yes, or its name typed at the terminal.
  Chosen projects missing on an environment stop the run unless --skip-missing.
`,
  preset: `Usage:
  preset save NAME PROFILE... (--project NAME... | --all) --type object|element|both
  preset list [--json]
  preset remove NAME
  preset run NAME [--yes] [--skip-missing] [--json]
  preset command NAME
`,
  history: `Usage: history [--since DATE] [--until DATE] [--profile NAME] [--outcome succeeded|failed]
               [--limit N] [--csv FILE] [--json]
`,
};
