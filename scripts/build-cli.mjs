/**
 * Builds the command line for Node into out/cli (or `--out-dir DIR`): one ES module per command
 * (they load lazily), the keychain's native module left to Node, node:http2 loaded only if a
 * connection uses it. Part of `npm run build`; bin/mstr-cache-console.mjs runs it.
 */
import { parseArgs } from 'node:util';
import { build } from 'rolldown';
import { http2OnDemand } from './http2-on-demand.mjs';

const { values } = parseArgs({ options: { 'out-dir': { type: 'string', default: 'out/cli' } } });

await build({
  input: { main: 'src/main/cli/main.ts' },
  platform: 'node',
  external: [/^node:/, '@github/keytar', 'electron'],
  plugins: [http2OnDemand()],
  // CommonJS dependencies read __filename (write-file-atomic names its temporary files with it); an
  // ES module has no such variable, and the profiles could not be saved.
  transform: { define: { __filename: 'import.meta.filename', __dirname: 'import.meta.dirname' } },
  output: { dir: values['out-dir'], format: 'esm', minify: true, cleanDir: true },
  logLevel: 'warn',
});
