/** `content-caches list|invalidate|delete|load|unload PROFILE`: report, document and dashboard caches per node. */
import { CONTENT_ACTIONS } from '../../../shared/cache-monitor.ts';
import { cacheCommand } from '../cache-command.ts';
import { PROGRAM } from '../context.ts';
import type { Command } from './command.ts';

const FILTERS = `[--node NODE]... [--project NAME_OR_ID]... [--type report|document|dashboard|cube]
             [--status ready|invalid|expired|loaded|unloaded] [--owner USER] [--unused-days N]`;

export const contentCachesCommand: Command = {
  help: `Usage: ${PROGRAM} content-caches list PROFILE ${FILTERS}
             [--json | --csv FILE] [--password-stdin]
       ${PROGRAM} content-caches invalidate|delete|load|unload PROFILE ${FILTERS}
             [--yes] [--dry-run] [--force] [--json] [--password-stdin]
  Report, document and dashboard caches on every running node of the cluster (or the --node ones;
  stopped nodes are listed as skipped and never called), for the projects loaded on each node.
  --unused-days N: never hit and last hit more than N days ago.
  An action goes to the caches the filters match: one request per node for up to 500 caches, then
  a fresh list shows whether each change took effect. --dry-run lists them and sends nothing.
  A production environment needs --yes, or its name typed at the terminal.
  Another run working on the environment refuses this one (nothing sent), unless --force.
`,
  run: cacheCommand('content', CONTENT_ACTIONS),
};
