/** `cube-caches list|load|unload|activate|deactivate|delete PROFILE`: Intelligent Cube caches per node. */
import { CUBE_ACTIONS } from '../../../shared/cache-monitor.ts';
import { cacheCommand } from '../cache-command.ts';
import { PROGRAM } from '../context.ts';
import type { Command } from './command.ts';

const FILTERS = `[--node NODE]... [--project NAME_OR_ID]... [--state loaded|unloaded|active|inactive]
             [--owner USER] [--unused-days N]`;

export const cubeCachesCommand: Command = {
  help: `Usage: ${PROGRAM} cube-caches list PROFILE ${FILTERS}
             [--json | --csv FILE] [--password-stdin]
       ${PROGRAM} cube-caches load|unload|activate|deactivate|delete PROFILE ${FILTERS}
             [--yes] [--dry-run] [--force] [--json] [--password-stdin]
  Intelligent Cube caches on every running node (or the --node ones), for the projects loaded on
  each. --unused-days N: never hit and last updated more than N days ago.
  Load, unload, activate and deactivate are carried out by the server in the background; each is
  followed until it ends (one still running after 2 minutes is reported as unknown). The server
  activates only caches saved to disk, and loads only active ones.
  delete UNPUBLISHES the cubes: users lose their data until each cube is published again. It needs
  --yes on every environment. A production environment needs --yes for any action, or its name
  typed at the terminal. --dry-run lists the caches an action would touch and sends nothing.
  Another run working on the environment refuses this one (nothing sent), unless --force.
`,
  run: cacheCommand('cube', CUBE_ACTIONS),
};
