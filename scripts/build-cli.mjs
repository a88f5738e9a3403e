/**
 * Builds the command line for Node into out/cli: one ES module per command (they load lazily), the
 * keychain's native module left to Node. Part of `npm run build`; bin/mstr-cache-console.mjs runs it.
 */
import { build } from 'rolldown';

await build({
  input: { main: 'src/main/cli/main.ts' },
  platform: 'node',
  external: [/^node:/, '@github/keytar', 'electron'],
  output: { dir: 'out/cli', format: 'esm', minify: true, cleanDir: true },
  logLevel: 'warn',
});
