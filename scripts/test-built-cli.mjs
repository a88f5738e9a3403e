#!/usr/bin/env node
/**
 * `npm run test:built-cli`: the command line tests once more, against the command line as it is
 * built (what the launcher runs and users get) instead of its sources. A bundle differs from the
 * sources in ways only running it shows: a dependency that reads __filename made every profile
 * save fail in the build while the tests of the sources passed.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const folder = join('out', 'cli-test');
const run = (command, args, env = process.env) => spawnSync(command, args, { stdio: 'inherit', env }).status ?? 1;

rmSync(folder, { recursive: true, force: true });
mkdirSync(folder, { recursive: true });
if (run(process.execPath, ['scripts/build-cli.mjs', '--out-dir', folder]) !== 0) process.exit(1);
const entry = join(process.cwd(), folder, 'entry.mjs');
writeFileSync(
  entry,
  "import { createRequire } from 'node:module';\n" +
    "const { main } = createRequire(import.meta.url)('./main.cjs');\n" +
    'await main(import.meta.filename);\n',
);
const files = readdirSync('test/integration')
  .filter((name) => name.endsWith('.test.ts') && name !== 'cli-built.test.ts')
  .map((name) => join('test/integration', name))
  .filter((file) => readFileSync(file, 'utf8').includes("'./cli-helpers.ts'"));
const status = run('npx', ['vitest', 'run', ...files], { ...process.env, MSTR_TEST_CLI_ENTRY: entry });
rmSync(folder, { recursive: true, force: true });
process.exit(status);
