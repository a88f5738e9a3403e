/** `history`: the audit history of purge calls, as text, JSON or a CSV file. */
import type { HistoryEntry, PurgeItemOutcome } from '../../../shared/model.ts';

const HISTORY_OUTCOMES: PurgeItemOutcome[] = ['succeeded', 'failed', 'unknown', 'cancelled'];
import { exportHistory, historyEntries } from '../../use-cases/history.ts';
import { exactly, integer, parse, usage, userPath } from '../args.ts';
import { EXIT, PROGRAM, printJson, printLine, type Context } from '../context.ts';
import type { Command } from './command.ts';
import { safeText } from '../terminal-text.ts';
import { count } from '../../../shared/plural.ts';

export const historyCommand: Command = {
  help: `Usage: ${PROGRAM} history [--since DATE] [--until DATE] [--profile NAME]
               [--outcome succeeded|failed|unknown|cancelled]
               [--limit N] [--csv FILE] [--json]
  Newest first. Scheduled runs are marked "scheduled". --csv writes the file (relative to the folder
  you are in) with one row per purge call.
`,
  async run(args, context) {
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
    if (outcome !== undefined && !HISTORY_OUTCOMES.includes(outcome as PurgeItemOutcome))
      throw usage(`--outcome is ${HISTORY_OUTCOMES.join(', ')}.`);
    const since = date(values.since as string | undefined, '--since');
    const until = date(values.until as string | undefined, '--until');
    const filter = {
      ...(since ? { since } : {}),
      ...(until ? { until } : {}),
      ...(values.profile ? { profileName: values.profile as string } : {}),
      ...(outcome ? { outcome: outcome as PurgeItemOutcome } : {}),
      ...(values.limit ? { limit: integer(values.limit as string, '--limit') } : {}),
    };
    if (values.csv) {
      const file = userPath(context.io, values.csv as string);
      const exported = await exportHistory(context.services, file, filter);
      if (context.json) printJson(context, { ok: true, exported, file });
      else context.io.stdout(`Exported ${count(exported, 'history line')} to ${safeText(file)}.\n`);
      return EXIT.ok;
    }
    // Streamed, entry by entry: a history of any size prints in bounded memory.
    const entries = historyEntries(context.services, filter);
    if (!context.json) {
      for await (const entry of entries) printEntry(entry, context);
      return EXIT.ok;
    }
    context.io.stdout('{\n  "ok": true,\n  "entries": [');
    let first = true;
    for await (const entry of entries) {
      context.io.stdout(`${first ? '' : ','}\n    ${JSON.stringify(entry)}`);
      first = false;
    }
    context.io.stdout(`${first ? '' : '\n  '}]\n}\n`);
    return EXIT.ok;
  },
};

function date(text: string | undefined, option: string): Date | undefined {
  if (text === undefined) return undefined;
  const value = new Date(text);
  if (Number.isNaN(value.getTime())) throw usage(`${option} takes a date such as 2026-11-30 or 2026-11-30T22:00.`);
  return value;
}

function printEntry(entry: HistoryEntry, context: Context): void {
  const problem =
    entry.outcome === 'failed' || entry.outcome === 'unknown'
      ? ` ${entry.errorCode ?? ''} ${entry.message ?? ''}${entry.ticketId ? ` (ticketId ${entry.ticketId})` : ''}`
      : '';
  const repeated =
    (entry.attempts ?? 1) > 1 ? ` after ${entry.attempts} requests (${(entry.retries ?? []).join(', ')})` : '';
  printLine(
    context,
    entry.time,
    entry.profileName,
    entry.projectName,
    whatWasDone(entry),
    `${entry.outcome}${entry.scheduled ? ' (scheduled)' : ''}${repeated}${problem}`,
    ...(entry.step ? [`step ${entry.step}`] : []),
  );
}

/** The after-load acts by what they act on (a cube, an event, a subscription), the cache acts by cache and node. */
const RUNBOOK_WORDS: Record<string, string> = {
  republish: 'republish cube',
  trigger: 'trigger event',
  send: 'send subscription',
};

function whatWasDone(entry: HistoryEntry): string {
  if (!entry.action) return entry.cacheType;
  const name = entry.cacheName ?? entry.cacheId ?? '';
  const runbook = RUNBOOK_WORDS[entry.action];
  if (runbook) return `${runbook} ${name}${entry.jobId ? ` (job ${entry.jobId})` : ''}`;
  return `${entry.action} ${entry.cacheType} cache ${name} on ${entry.node ?? ''}`;
}
