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
  projects PROFILE [--node NAME]... [--json]     state of each project on each running node
  projects idle PROFILE --project P --mode request|execution|warehouse|full|partial [--node NAME]... [--yes]
  projects resume|load|unload PROFILE --project P [--node NAME]... [--yes] [--dry-run] [--json]
  projects update-schema PROFILE --project P [--refresh] [--table-keys] [--logical-sizes]
        [--clear-element-cache] [--yes] [--dry-run] [--json]
  purge PROFILE... (--project NAME_OR_ID... | --all) --type object|element|both
        [--concurrency N] [--yes] [--skip-missing] [--password-stdin] [--json]
  nodes PROFILE [--json]                      the cluster's I-Server nodes and their state
  overview PROFILE [--json]                   nodes, cube memory against capacity, content caches by status,
                                              last runs, next scheduled run, failures since the last look
  content-caches list PROFILE [--node NODE]... [--project NAME_OR_ID]... [--type TYPE] [--status STATUS]
        [--owner USER] [--unused-days N] [--json | --csv FILE]
  content-caches invalidate|delete|load|unload PROFILE [the same filters] [--yes] [--dry-run] [--json]
  cube-caches list PROFILE [--node NODE]... [--project NAME_OR_ID]... [--state loaded|unloaded|active|inactive]
        [--owner USER] [--unused-days N] [--json | --csv FILE]
  cube-caches load|unload|activate|deactivate|delete PROFILE [the same filters] [--yes] [--dry-run] [--json]
                                              delete unpublishes the cubes: it needs --yes everywhere
  cubes list ENV --project P [--name TEXT] [--json]
  cubes publish ENV --project P --cube NAME [--cube NAME...] [--concurrency N] [--timeout MINUTES]
        [--no-wait] [--yes] [--dry-run] [--json]  republish cubes, each followed to its end
  events list ENV [--json] | events trigger ENV NAME [--yes] [--dry-run] [--json]
  subscriptions list ENV --project P [--json]
  subscriptions send ENV --project P --name NAME [--name NAME...] [--yes] [--dry-run] [--json]
  preset save NAME PROFILE... (--project NAME... | --all) --type object|element|both [--force]
  preset list [--json] | preset remove NAME | preset rename NAME NEW_NAME
  preset run NAME|--id ID [--yes] [--stop-on-error] [--dry-run] [--json]
  preset import-script FILE.scp --profile NAME... [--name PRESET] [--force] [--always-run-resume] [--json]
                                              a Command Manager script as a maintenance plan
  preset command NAME                         a cron line and a schtasks command for it
  schedule add PRESET --at HH:MM [--days mon,tue,...] [--yes]
  schedule list [--json] | schedule remove PRESET
  history [--since DATE] [--until DATE] [--profile NAME] [--outcome succeeded|failed] [--csv FILE] [--json]

Secrets come from the keychain, from standard input (--password-stdin) or from MSTR_CACHE_PASSWORD,
never from an argument. --data-folder (or MSTR_CACHE_HOME) sets the data folder.

Exit codes: 0 all succeeded, 1 some items failed, 2 bad usage or refused, 3 connection or login failure,
4 none failed but the outcome of some is unknown (timed out; repeating a purge is harmless).
Cache lists and actions go to running nodes only; a node that could not be listed makes the exit code 1.
Run '${PROGRAM} <command> --help' for a command's options.
`;
