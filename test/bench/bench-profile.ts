/**
 * The one saved environment the bench's command-line rows run against: a profiles file as the app
 * writes it, for a Library server at `url`, with no saved password (the rows give it on stdin).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const BENCH_PROFILE_ID = '0b9c1c1e-8d1c-4f0e-9d43-6a4c2b8e2f10';

/** Writes `profiles.json` into the data folder `home`. */
export function writeBenchProfile(home: string, url: string, timeoutSeconds: number): void {
  const profile = {
    id: BENCH_PROFILE_ID,
    name: 'Bench',
    url,
    tier: 'test',
    tierColor: '#1565c0',
    loginMode: 'standard',
    username: 'administrator',
    rememberSecret: false,
    tls: { mode: 'system' },
    proxyUrl: null,
    timeoutSeconds,
    concurrency: 4,
    notes: '',
    createdAt: '2026-11-28T00:00:00.000Z',
    updatedAt: '2026-11-28T00:00:00.000Z',
  };
  writeFileSync(join(home, 'profiles.json'), JSON.stringify({ schemaVersion: 1, profiles: [profile] }));
}
