#!/usr/bin/env node
/**
 * `npx mstr-cache-console …`: runs the built command line (out/cli, made by `npm run build`) when it
 * is newer than every source file it was made from, and the TypeScript source otherwise, so a
 * stale build is never run. The built one starts several times faster: no type stripping, one
 * file per command, CommonJS (no ES facades for Node's own modules). Scheduled jobs run this
 * launcher too, so they work with or without a build.
 */
import module, { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

// Node keeps the compiled modules on disk, so later runs skip compiling them; in the user's own cache
// folder, never in a temporary folder other users can write to.
module.enableCompileCache?.(
  join(process.env.XDG_CACHE_HOME || process.env.LOCALAPPDATA || join(homedir(), '.cache'), 'mstr-cache-console'),
);

// Taken as the CommonJS module it is: importing node:fs as an ES module makes Node load its stream
// classes too (the ES facade reads every export), several milliseconds of each start.
const { existsSync, readFileSync, statSync } = process.getBuiltinModule('node:fs');

const root = join(import.meta.dirname, '..');
const built = join(root, 'out/cli/main.cjs');

/**
 * Whether a source the build was made from (out/cli/sources.txt) changed after it. A file added
 * since is only used once a listed file imports it, and so changes too.
 */
function sourcesChangedSince(builtMs) {
  // An installed copy may carry the build alone.
  if (!existsSync(join(root, 'src/main/cli/main.ts'))) return false;
  let sources;
  try {
    sources = readFileSync(join(root, 'out/cli/sources.txt'), 'utf8').split('\n').filter(Boolean);
  } catch {
    return true;
  }
  return sources.some((path) => (statSync(join(root, path), { throwIfNoEntry: false })?.mtimeMs ?? Infinity) > builtMs);
}

const builtStat = statSync(built, { throwIfNoEntry: false });
const { main } =
  builtStat && !sourcesChangedSince(builtStat.mtimeMs)
    ? createRequire(import.meta.url)(built)
    : await import(pathToFileURL(join(root, 'src/main/cli/main.ts')).href);
await main(import.meta.filename);
