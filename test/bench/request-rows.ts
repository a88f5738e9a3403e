/**
 * `node test/bench/request-rows.ts [--json]`: the request layer's rows of the bench alone (after
 * `node scripts/build-cli.mjs`): 400 purges at 25 ms and at 2 ms against the bare undici loop, client
 * CPU per call beside the loop's, ten environments against the bare loop on the same ten, and the
 * command line's start to its first request. A shorter run than the whole bench for a change to
 * src/main/mstr; the same measures as run.ts.
 */
import { cliStartToFirstRequest } from './app-rows.ts';
import { engineAgainstRaw, tenEnvironments, type EngineFigure, type EngineRound } from './engine-rows.ts';
import { median, medianBy } from './median.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const purgeRatio = (round: EngineRound): number => round.engine.purgeWallMs / round.raw.purgeWallMs;
const cpuPerCall = (figure: EngineFigure): number => figure.purgeCpuMicros / figure.calls;

async function atLatency(latencyMs: number): Promise<Record<string, unknown>> {
  const rounds = await engineAgainstRaw(latencyMs, 200, { rounds: ROUNDS, warmUp: 1 });
  const middle = medianBy(rounds, purgeRatio) as EngineRound;
  return {
    latencyMs,
    ratio: Number(purgeRatio(middle).toFixed(3)),
    eachRound: rounds.map((round) => Number(purgeRatio(round).toFixed(3))),
    engineMs: Math.round(middle.engine.purgeWallMs),
    rawMs: Math.round(middle.raw.purgeWallMs),
    engineCpuPerCallMicros: Math.round(median(rounds.map((round) => cpuPerCall(round.engine)))),
    rawCpuPerCallMicros: Math.round(median(rounds.map((round) => cpuPerCall(round.raw)))),
    failed: rounds.reduce((sum, round) => sum + round.engine.failed, 0),
  };
}

const at25 = await atLatency(25);
const at2 = await atLatency(2);
const ten = await tenEnvironments(25, 500);
const cli = await cliStartToFirstRequest();
const result = {
  at25,
  at2,
  ten: {
    ratioToRawLoop: Number((ten.wallMs / ten.rawWallMs).toFixed(3)),
    wallMs: Math.round(ten.wallMs),
    rawWallMs: Math.round(ten.rawWallMs),
    floorMs: ten.floorMs,
    failed: ten.failed,
  },
  cli: {
    firstRequestMs: Math.round(cli.firstRequestMs),
    versionMs: Math.round(cli.versionMs),
    nodeAloneMs: Math.round(cli.nodeAloneMs),
  },
};
process.stdout.write(`${JSON.stringify(result)}\n`);
