/**
 * The main process's part of the window's listing, run by the bench as a process of its own (so
 * its peak memory is its own): the services list every content cache of the simulator at URL as
 * the caches screen asks, keep the listing searched and sorted as the screen opens (main keeps it
 * for the rows in view and the actions), and serialise what the screen gets as Electron's IPC
 * does: the listing without its caches, and the first window of rows with its counts. Prints the
 * count, the milliseconds, and the heap the listing keeps (in use after a collection with it held,
 * less the same before it) as JSON.
 * `node --expose-gc test/bench/main-listing.ts URL`
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serialize } from 'node:v8';
import { ListingView } from '../../src/main/caches/listing-view.ts';
import { MemorySecretStore } from '../../src/main/secrets/secret-store.ts';
import { createServices } from '../../src/main/services.ts';

const url = process.argv[2] as string;
const dataFolder = mkdtempSync(join(tmpdir(), 'mstr-bench-main-'));
const services = createServices({ dataFolder, secrets: new MemorySecretStore(), scheduler: null });
const profile = await services.profiles.create({ name: 'Cluster', url, tier: 'test', username: 'administrator' });
await (await services.sessions.for(profile)).connect({ secret: 'admin-pass' });
const collect = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
collect();
const heapBefore = process.memoryUsage().heapUsed;
const started = performance.now();
const listing = await services.caches.list(profile.id, 'content');
const listedMs = performance.now() - started;
const kept = new ListingView(listing);
const first = kept.window({
  query: '',
  filter: {},
  sort: { column: 'sizeKb', direction: 'desc' },
  offset: 0,
  limit: 100,
});
collect();
const keptMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
const sentBytes = serialize({ ...listing, caches: [] }).length + serialize(first).length;
const ms = performance.now() - started;
await services.sessions.closeAll();
rmSync(dataFolder, { recursive: true, force: true });
process.stdout.write(
  JSON.stringify({ caches: listing.caches.length, ms, listedMs, keptMb, sentMb: sentBytes / 2 ** 20 }),
);
