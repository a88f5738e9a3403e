#!/usr/bin/env node
/** The command line from source: `node src/main/cli/bin.ts …` (the launcher in bin/ uses the built one when it is fresh). */
import { fileURLToPath } from 'node:url';
import { main } from './main.ts';

await main(fileURLToPath(import.meta.url));
