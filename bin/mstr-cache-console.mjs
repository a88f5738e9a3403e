#!/usr/bin/env node
/**
 * `npx mstr-cache-console …`: runs the built command line (out/cli, made by `npm run build`) when it
 * is newer than every source file it is made from, and the TypeScript source otherwise, so a
 * stale build is never run. The built one starts several times faster: no type stripping, one
 * file per command, CommonJS (no ES facades for Node's own modules). Scheduled jobs run this
 * launcher too, so they work with or without a build.
 */
import module, { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Node keeps the compiled modules on disk, so later runs skip compiling them; in the user's own cache
// folder, never in a temporary folder other users can write to.
module.enableCompileCache?.(
  join(process.env.XDG_CACHE_HOME || process.env.LOCALAPPDATA || join(homedir(), '.cache'), 'mstr-cache-console'),
);

// Taken as the CommonJS module it is: importing node:fs as an ES module makes Node load its stream
// classes too (the ES facade reads every export), several milliseconds of each start.
const { existsSync, readdirSync, statSync } = process.getBuiltinModule('node:fs');

const root = new URL('../', import.meta.url);
const built = new URL('out/cli/main.cjs', root);

function newestSource() {
  let newest = 0;
  for (const folder of ['src/main', 'src/shared'].map((path) => new URL(path, root))) {
    // An installed copy may carry the build alone.
    if (!existsSync(folder)) continue;
    for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })) {
      if (entry.isFile() && entry.name.endsWith('.ts'))
        newest = Math.max(newest, statSync(`${entry.parentPath}/${entry.name}`).mtimeMs);
    }
  }
  return newest;
}

const fresh = existsSync(built) && statSync(built).mtimeMs >= newestSource();
const { main } = fresh
  ? createRequire(import.meta.url)(fileURLToPath(built))
  : await import(new URL('src/main/cli/main.ts', root).href);
await main(fileURLToPath(import.meta.url));
