/** A second process for the concurrency tests: creates COUNT profiles named PREFIX-N in FOLDER. */
import { ProfileStore } from '../../src/main/profiles/profile-store.ts';

const [folder, prefix, count] = process.argv.slice(2);
const store = new ProfileStore(folder ?? '.');
for (let index = 0; index < Number(count); index += 1) {
  await store.create({
    name: `${prefix}-${index}`,
    url: 'https://bi.example.com/MicroStrategyLibrary',
    tier: 'test',
    notes: 'x'.repeat(2000),
  });
}
