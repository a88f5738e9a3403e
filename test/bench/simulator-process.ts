/** A Library simulator in a process of its own, so its CPU is not billed to the client measured. */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../simulator/cli.ts', import.meta.url));

export interface SimulatorProcess {
  url: string;
  /** CPU time (user + system) the simulator process has used so far, in ms; null where /proc is not there. */
  cpuMs: () => number | null;
  close: () => Promise<void>;
}

function processCpuMs(pid: number | undefined): number | null {
  try {
    // /proc/<pid>/stat: utime and stime are fields 14 and 15, in clock ticks (100 a second on Linux).
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

export function startSimulatorProcess(options: {
  projects: number;
  latencyMs: number;
  contentCachesPerNode?: number;
}): Promise<SimulatorProcess> {
  const caches =
    options.contentCachesPerNode === undefined ? [] : ['--content-caches', String(options.contentCachesPerNode)];
  const child = spawn(
    process.execPath,
    [CLI, '--port', '0', '--projects', String(options.projects), '--latency', String(options.latencyMs), ...caches],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const url = /listening at (\S+)/.exec(output)?.[1];
      if (url)
        resolve({
          url,
          cpuMs: () => processCpuMs(child.pid),
          close: () =>
            new Promise((done) => {
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
    });
    child.once('exit', (code) => reject(new Error(`the simulator stopped (exit ${code})`)));
  });
}
