/** Services over a temporary data folder and a private keyring, with profiles for simulators. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServices, type Services } from '../../src/main/services.ts';
import type { Profile, ProfileDraftInput } from '../../src/shared/profile-schema.ts';
import type { LibrarySimulator } from '../simulator/server.ts';
import { privateKeyringStore } from './keyring.ts';

export function services(): Services {
  return createServices({ dataFolder: mkdtempSync(join(tmpdir(), 'mstr-data-')), secrets: privateKeyringStore() });
}

export async function profileFor(
  all: Services,
  sim: LibrarySimulator,
  overrides: Partial<ProfileDraftInput> = {},
  secret = 'admin-pass',
): Promise<Profile> {
  const profile = await all.profiles.create({
    name: overrides.name ?? `env-${sim.port}`,
    url: sim.url,
    tier: 'test',
    username: 'administrator',
    ...(sim.caFile ? { tls: { mode: 'ca-file' as const, caFile: sim.caFile } } : {}),
    ...overrides,
  });
  const session = await all.sessions.for(profile);
  await session.connect({ secret });
  return profile;
}
