/**
 * The purge engine against its peer, the bare undici loop, on simulators in their own processes:
 * wall time at 25 ms latency, client CPU per call at no latency, and ten environments at once.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MstrClient } from '../../src/main/mstr/index.ts';
import { MemorySecretStore } from '../../src/main/secrets/secret-store.ts';
import { createServices } from '../../src/main/services.ts';
import { DEFAULT_CONCURRENCY } from '../../src/shared/profile-rules.ts';
import { rawLogin, rawPurges } from './raw-loop.ts';
import { startSimulatorProcess, type SimulatorProcess } from './simulator-process.ts';

export interface EngineFigure {
  /** From connecting (or logging in) to the last purge's end. */
  wallMs: number;
  cpuMicros: number;
  /** The purge calls alone: what the engine and the bare loop both send. */
  purgeWallMs: number;
  purgeCpuMicros: number;
  calls: number;
  failed: number;
}

/** CPU time (user + system) of this process while `work` runs, with its wall time. */
async function measured<T>(work: () => Promise<T>): Promise<{ result: T; wallMs: number; cpuMicros: number }> {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const result = await work();
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  return { result, wallMs, cpuMicros: cpu.user + cpu.system };
}

async function projectIds(url: string): Promise<string[]> {
  const client = new MstrClient({ url });
  await client.login({ loginMode: 'standard', username: 'administrator', secret: 'admin-pass' });
  const ids = (await client.listProjects()).filter((project) => project.status === 0).map((project) => project.id);
  await client.logout();
  await client.close();
  return ids;
}

/** The engine purging every loaded project of every url, both cache types, at the default concurrency. */
export async function engineRun(urls: readonly string[]): Promise<EngineFigure> {
  const services = createServices({
    dataFolder: mkdtempSync(join(tmpdir(), 'mstr-bench-')),
    secrets: new MemorySecretStore(),
    scheduler: null,
  });
  const profiles = await Promise.all(
    urls.map((url, index) =>
      services.profiles.create({ name: `Bench ${index}`, url, tier: 'test', username: 'administrator' }),
    ),
  );
  const { result, wallMs, cpuMicros } = await measured(async () => {
    await Promise.all(
      profiles.map(async (profile) => (await services.sessions.for(profile)).connect({ secret: 'admin-pass' })),
    );
    const plan = await services.engine.prepare({
      environments: profiles.map((profile) => profile.id),
      projects: { all: true },
      cacheTypes: ['object', 'element'],
    });
    const purge = await measured(() => services.engine.start(plan).done);
    const outcome = purge.result;
    return {
      calls: plan.items.length,
      failed: outcome.summary.failed + outcome.summary.unknown,
      purgeWallMs: purge.wallMs,
      purgeCpuMicros: purge.cpuMicros,
    };
  });
  await services.sessions.closeAll();
  return { wallMs, cpuMicros, ...result };
}

/** The bare loop: one login, then the same DELETEs with the same token and cookies. */
export async function rawRun(url: string): Promise<EngineFigure> {
  const ids = await projectIds(url);
  const { result, wallMs, cpuMicros } = await measured(async () => {
    const session = await rawLogin(url);
    return measured(() => rawPurges(url, session, ids, DEFAULT_CONCURRENCY));
  });
  return {
    wallMs,
    cpuMicros,
    purgeWallMs: result.wallMs,
    purgeCpuMicros: result.cpuMicros,
    calls: ids.length * 2,
    failed: result.result,
  };
}

export interface EngineRound {
  engine: EngineFigure;
  raw: EngineFigure;
}

/**
 * The bare loop, then the engine, on one simulator, `rounds` times (after `warmUp` rounds that are
 * not kept): one run on a shared 2-core machine is at the mercy of whatever else ran then, so the
 * rows take the median round.
 */
export async function engineAgainstRaw(
  latencyMs: number,
  projects: number,
  { rounds, warmUp = 0 }: { rounds: number; warmUp?: number },
): Promise<EngineRound[]> {
  const simulator = await startSimulatorProcess({ projects, latencyMs });
  try {
    const kept: EngineRound[] = [];
    for (let round = 0; round < warmUp + rounds; round += 1) {
      const raw = await rawRun(simulator.url);
      const engine = await engineRun([simulator.url]);
      if (round >= warmUp) kept.push({ engine, raw });
    }
    return kept;
  } finally {
    await simulator.close();
  }
}

/** The servers' CPU during the run: here the ten simulators share this machine's cores with the client. */
function simulatorsCpuMs(simulators: readonly SimulatorProcess[]): number | null {
  const each = simulators.map((simulator) => simulator.cpuMs());
  return each.some((value) => value === null) ? null : each.reduce<number>((sum, value) => sum + (value ?? 0), 0);
}

/** The bare loop on every simulator at once: what this machine allows when nothing but the calls runs. */
async function rawEverywhere(urls: readonly string[]): Promise<number> {
  const ids = await Promise.all(urls.map(projectIds));
  const started = performance.now();
  await Promise.all(
    urls.map(async (url, index) => rawPurges(url, await rawLogin(url), ids[index] ?? [], DEFAULT_CONCURRENCY)),
  );
  return performance.now() - started;
}

export async function tenEnvironments(
  latencyMs: number,
  projects: number,
): Promise<EngineFigure & { floorMs: number; rawWallMs: number; simulatorsCpuMs: number | null }> {
  const simulators = await Promise.all(
    Array.from({ length: 10 }, () => startSimulatorProcess({ projects, latencyMs })),
  );
  try {
    const rawWallMs = await rawEverywhere(simulators.map((simulator) => simulator.url));
    const before = simulatorsCpuMs(simulators);
    const figure = await engineRun(simulators.map((simulator) => simulator.url));
    const after = simulatorsCpuMs(simulators);
    const perEnvironment = figure.calls / simulators.length;
    return {
      ...figure,
      floorMs: Math.ceil(perEnvironment / DEFAULT_CONCURRENCY) * latencyMs,
      rawWallMs,
      simulatorsCpuMs: before === null || after === null ? null : after - before,
    };
  } finally {
    await Promise.all(simulators.map((simulator) => simulator.close()));
  }
}
