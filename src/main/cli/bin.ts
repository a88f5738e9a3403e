#!/usr/bin/env node
/** The command line under Node: `npx mstr-cache-console …` and `npm run cli -- …` in the repository. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { processIo } from './io.ts';
import { runCli } from './run.ts';

const { version } = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};
process.exitCode = await runCli(process.argv.slice(2), processIo(), version, {
  // A scheduled job runs this same file with this same Node.
  cliInvocation: [process.execPath, fileURLToPath(import.meta.url)],
});
