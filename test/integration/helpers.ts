/** Shared set-up for integration tests: a simulator per test file and clients pointed at it. */
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
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

/** A CONNECT proxy on loopback; with `credentials`, it answers 407 unless they come along. */
export async function connectProxy(
  credentials?: string,
): Promise<{ url: string; tunnels: string[]; close: () => void }> {
  const tunnels: string[] = [];
  const proxy = http.createServer();
  proxy.on('connect', (request, socket, head) => {
    const expected = credentials ? `Basic ${Buffer.from(credentials).toString('base64')}` : undefined;
    if (expected && request.headers['proxy-authorization'] !== expected) {
      socket.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="corp"\r\n\r\n');
      return;
    }
    tunnels.push(request.url ?? '');
    const [host, port] = (request.url ?? '').split(':');
    const upstream = net.connect(Number(port), host, () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`, tunnels, close: () => proxy.close() };
}
