/** Shared set-up for integration tests: a simulator per test file and clients pointed at it. */
import { afterAll, afterEach } from 'vitest';
import { MstrClient, type MstrClientOptions } from '../../src/main/mstr/index.ts';
import { AppError } from '../../src/shared/errors.ts';
import { startSimulator, type LibrarySimulator, type SimulatorOptions } from '../simulator/server.ts';

export const ADMIN = { loginMode: 'standard' as const, username: 'administrator', secret: 'admin-pass' };
export const VIEWER = { loginMode: 'standard' as const, username: 'viewer', secret: 'viewer-pass' };

const openClients: MstrClient[] = [];
const openSimulators: LibrarySimulator[] = [];

afterEach(async () => {
  await Promise.all(openClients.splice(0).map((client) => client.close()));
});

afterAll(async () => {
  await Promise.all(openSimulators.splice(0).map((simulator) => simulator.close()));
});

export async function simulator(options: SimulatorOptions = {}): Promise<LibrarySimulator> {
  const started = await startSimulator(options);
  openSimulators.push(started);
  return started;
}

export function client(sim: LibrarySimulator, options: Partial<MstrClientOptions> = {}): MstrClient {
  const created = new MstrClient({
    url: sim.url,
    retry: { baseDelayMs: 10 },
    ...(sim.caFile ? { tls: { mode: 'ca-file', caFile: sim.caFile } } : {}),
    ...options,
  });
  openClients.push(created);
  return created;
}

/** The AppError a promise rejects with; fails the test when it resolves or throws something else. */
export async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw new Error(`expected an AppError, got ${String(error)}`, { cause: error });
  }
  throw new Error('expected the call to fail, but it succeeded');
}
