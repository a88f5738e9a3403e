/**
 * What a use-case test stands on: the services over a temporary data folder, a private keyring,
 * the simulator for servers and a systemd user scheduler whose systemctl calls are recorded (the
 * machine's own systemd is not touched).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { SystemdUserScheduler } from '../../../src/main/schedules/systemd.ts';
import { createServices, type Services } from '../../../src/main/services.ts';
import type { Profile, ProfileDraftInput } from '../../../src/shared/profile-schema.ts';
import type { LibrarySimulator } from '../../simulator/server.ts';
import { privateKeyringStore } from '../keyring.ts';

export interface World {
  services: Services;
  /** systemctl as the schedules called it, one argument list per call. */
  systemctl: string[][];
}

const opened: Services[] = [];

afterEach(async () => {
  for (const services of opened.splice(0)) {
    await services.sessions.closeAll();
    for (const account of await services.secrets.accounts().catch(() => []))
      await services.secrets.deleteProfile(account.split(':')[0] ?? '');
  }
});

export function world(): World {
  const dataFolder = mkdtempSync(join(tmpdir(), 'mstr-use-cases-'));
  const systemctl: string[][] = [];
  const services = createServices({
    dataFolder,
    secrets: privateKeyringStore(),
    cliInvocation: [process.execPath, join(process.cwd(), 'src/main/cli/bin.ts')],
    scheduler: new SystemdUserScheduler({
      folder: join(dataFolder, 'systemd-user'),
      run: async (program, args) => {
        systemctl.push([program, ...args]);
        return { code: 0, stdout: '', stderr: '' };
      },
    }),
  });
  opened.push(services);
  return { services, systemctl };
}

/** A draft for an environment on the simulator. */
export function draftFor(sim: LibrarySimulator, overrides: Partial<ProfileDraftInput> = {}): ProfileDraftInput {
  return {
    name: `env-${sim.port}`,
    url: sim.url,
    tier: 'test',
    username: 'administrator',
    ...(sim.caFile ? { tls: { mode: 'ca-file' as const, caFile: sim.caFile } } : {}),
    ...overrides,
  } as ProfileDraftInput;
}

/** A saved environment on the simulator, logged in. */
export async function connected(
  services: Services,
  sim: LibrarySimulator,
  overrides: Partial<ProfileDraftInput> = {},
): Promise<Profile> {
  const profile = await services.profiles.create(draftFor(sim, overrides));
  await (await services.sessions.for(profile)).connect({ secret: 'admin-pass' });
  return profile;
}
