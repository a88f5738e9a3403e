/** `overview PROFILE`: the figures of the window's Overview tab as compact text tables, or one JSON document. */
import {
  formatBytes,
  formatShare,
  overviewIncomplete,
  type EnvironmentOverview,
  type RunSummary,
} from '../../../shared/overview.ts';
import { findEnvironment } from '../../use-cases/environments.ts';
import { environmentOverview } from '../../use-cases/overview.ts';
import { exactly, parse } from '../args.ts';
import { connect } from '../connect.ts';
import { EXIT, PROGRAM, printJson, printLine, warn, type Context } from '../context.ts';
import type { Command } from './command.ts';
import { count } from '../../../shared/plural.ts';

const FLAGS = { over: 'OVER CAPACITY', near: 'near capacity', ok: '', unknown: 'no capacity given' };

function printNodes(context: Context, overview: EnvironmentOverview): void {
  printLine(context, 'NODE', 'STATUS', 'LOAD', 'PROJECTS', 'CUBE MEMORY');
  for (const node of overview.nodes) {
    const used = (node.memory ?? []).reduce((sum, memory) => sum + memory.usage, 0);
    const memory = node.memory ? formatBytes(used) : (node.memoryError?.message ?? node.memorySkipped);
    printLine(context, node.name, node.status, node.load ?? '—', node.loadedProjects, memory);
  }
}

function printMemory(context: Context, overview: EnvironmentOverview): void {
  printLine(context, 'NODE', 'PROJECT', 'USED', 'CAPACITY', 'SHARE', 'FLAG');
  for (const node of overview.nodes)
    for (const memory of node.memory ?? [])
      printLine(
        context,
        node.name,
        memory.projectName,
        formatBytes(memory.usage),
        memory.capacity === null ? '—' : formatBytes(memory.capacity),
        formatShare(memory.share),
        FLAGS[memory.level],
      );
}

function printContent(context: Context, overview: EnvironmentOverview): void {
  printLine(context, 'NODE', 'PROJECT', 'READY', 'INVALID', 'EXPIRED', 'OTHER', 'SIZE');
  for (const row of overview.content) {
    const size = row.ready.sizeKb + row.invalid.sizeKb + row.expired.sizeKb + row.other.sizeKb;
    printLine(
      context,
      row.node,
      row.projectName,
      row.ready.count,
      row.invalid.count,
      row.expired.count,
      row.other.count,
      formatBytes(size * 1024),
    );
  }
  for (const skipped of overview.contentNodesSkipped) warn(context, `${skipped.node}: ${skipped.reason}`);
}

function runText(run: RunSummary | null): string {
  if (!run) return 'none';
  return `${run.time} ${run.outcome} (${count(run.items, 'item')}, ${run.failed} failed${run.scheduled ? ', scheduled' : ''}) run ${run.runId}`;
}

function printRuns(context: Context, overview: EnvironmentOverview): void {
  printLine(context, 'last purge', runText(overview.lastPurge));
  printLine(context, 'last plan run', runText(overview.lastPlanRun));
  printLine(context, 'last cube republish', runText(overview.lastRepublish));
  const next = overview.nextScheduledRun;
  printLine(context, 'next scheduled run', next ? `${next.at} (preset ${next.presetName})` : 'none');
  const since = overview.lastLook ? `since ${overview.lastLook}` : 'in the last 14 days (never marked seen)';
  printLine(context, `failed runs ${since}`, overview.failures.length);
  for (const run of overview.failures) printLine(context, '', runText(run));
}

function printOverview(context: Context, overview: EnvironmentOverview): void {
  printLine(context, `${overview.profileName} (${overview.tier})`, overview.generatedAt);
  if (overview.nodesError) warn(context, `nodes: ${overview.nodesError.code}: ${overview.nodesError.message}`);
  else {
    printNodes(context, overview);
    printLine(context);
    printMemory(context, overview);
  }
  if (overview.contentError)
    warn(context, `content caches: ${overview.contentError.code}: ${overview.contentError.message}`);
  else if (!overview.nodesError) {
    printLine(context);
    printContent(context, overview);
  }
  printLine(context);
  printRuns(context, overview);
}

export const overviewCommand: Command = {
  help: `Usage: ${PROGRAM} overview PROFILE [--json] [--password-stdin]
  The environment at a glance: each node's state and load; cube memory per node and project against
  the project's capacity (flagged at 80% and over 100%); content caches per node and project by status
  (ready, invalid, expired) with their size; the last purge, plan run and cube republish, the next
  scheduled run and the runs that failed since the failures were last marked seen in the window.
  Exit code 1 when part of the figures could not be gathered (a node, the content caches).
`,
  async run(args, context) {
    const { values, positionals } = parse(args, { 'password-stdin': { type: 'boolean' } });
    const [name] = exactly(positionals, 1, 'one profile name');
    const profile = await findEnvironment(context.services, name as string);
    await connect(profile, values, context);
    const overview = await environmentOverview(context.services, profile.id);
    const exitCode = overviewIncomplete(overview) ? EXIT.someFailed : EXIT.ok;
    if (context.json) printJson(context, { ok: exitCode === EXIT.ok, exitCode, overview });
    else printOverview(context, overview);
    return exitCode;
  },
};
