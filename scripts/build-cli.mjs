/**
 * Builds the command line for Node into out/cli (or `--out-dir DIR`): one CommonJS module per
 * command (they load lazily), the keychain's native module left to Node, node:http2 loaded only if
 * a connection uses it, node:crypto not loaded by undici's fetch as it loads. Part of `npm run
 * build`; bin/mstr-cache-console.mjs runs it. CommonJS, because importing Node's own modules from
 * ES modules builds a facade of each one, which reads every export and so loads what fs, for one,
 * keeps lazy (its streams): about 8 ms of every start.
 * Beside the build, sources.txt lists the source files it was made from: the launcher compares their
 * times with the build's instead of walking the source folders.
 */
import { writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'rolldown';
import { fetchCryptoOnDemand } from './fetch-crypto-on-demand.mjs';
import { http2OnDemand } from './http2-on-demand.mjs';

const { values } = parseArgs({ options: { 'out-dir': { type: 'string', default: 'out/cli' } } });

const { output } = await build({
  input: { main: 'src/main/cli/main.ts' },
  platform: 'node',
  external: [/^node:/, '@github/keytar', 'electron'],
  plugins: [http2OnDemand(), fetchCryptoOnDemand()],
  output: {
    dir: values['out-dir'],
    // CommonJS also gives dependencies the __filename they read (write-file-atomic names its
    // temporary files with it; as ES modules, saving a profile failed).
    format: 'cjs',
    entryFileNames: '[name].cjs',
    chunkFileNames: '[name]-[hash].cjs',
    minify: true,
    cleanDir: true,
    // undici in one chunk, loaded by the commands that make a connection: left to itself the bundler
    // put its own helpers into that chunk, and every command (--version too) loaded all of undici.
    codeSplitting: { groups: [{ name: 'undici', test: /node_modules[\\/]undici[\\/]/ }] },
  },
  logLevel: 'warn',
});

const sources = new Set(
  output
    .flatMap((chunk) => chunk.moduleIds ?? [])
    .map((id) => relative(process.cwd(), id))
    .filter((path) => path.startsWith(`src${sep}`))
    .map((path) => path.split(sep).join('/')),
);
writeFileSync(join(values['out-dir'], 'sources.txt'), [...sources].sort().join('\n') + '\n');
