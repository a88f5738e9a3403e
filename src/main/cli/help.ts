/** The command line's overview; each command's own help lives in its module. */
import { PROGRAM } from './context.ts';

export const USAGE = `Usage: ${PROGRAM} [--data-folder DIR] <command> [options]

Commands:
  profiles list [--json]                      saved environments
  profiles add --name NAME --url URL --tier TIER --user USER [options]
  profiles edit NAME [--url URL] [--tier TIER] [--user USER] [options]
  profiles remove NAME                        also removes its keychain entries
  profiles export FILE [NAME...]              without any secret
  profiles import FILE [--on-conflict skip|rename|replace]
  login PROFILE [--password-stdin] [--remember]
  logout PROFILE
  test PROFILE [--json]                       server version, round trip, REST purge support
  projects PROFILE [--json]
  purge PROFILE... (--project NAME_OR_ID... | --all) --type object|element|both
        [--concurrency N] [--yes] [--skip-missing] [--password-stdin] [--json]
  preset save NAME PROFILE... (--project NAME... | --all) --type object|element|both [--force]
  preset list [--json] | preset remove NAME | preset run NAME [--yes] [--json]
  preset command NAME                         a cron line and a schtasks command for it
  schedule add PRESET --at HH:MM [--days mon,tue,...] [--yes]
  schedule list [--json] | schedule remove PRESET
  history [--since DATE] [--until DATE] [--profile NAME] [--outcome succeeded|failed] [--csv FILE] [--json]

Secrets come from the keychain, from standard input (--password-stdin) or from MSTR_CACHE_PASSWORD,
never from an argument. --data-folder (or MSTR_CACHE_HOME) sets the data folder.

Exit codes: 0 all succeeded, 1 some items failed, 2 bad usage or refused, 3 connection or login failure,
4 none failed but the outcome of some is unknown (timed out; repeating a purge is harmless).
Run '${PROGRAM} <command> --help' for a command's options.
`;
