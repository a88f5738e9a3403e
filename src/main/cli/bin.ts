/** `npm run cli -- <args>`: the command line, run from the repository under Node. */
import { readFileSync } from 'node:fs';
import { processIo } from './io.ts';
import { runCli } from './run.ts';

const { version } = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};
process.exitCode = await runCli(process.argv.slice(2), processIo(), version);
