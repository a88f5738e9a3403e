/**
 * A build plugin (rolldown): undici's fetch loads node:crypto as it loads, for two things this app
 * never uses (random multipart boundaries for FormData bodies, Subresource Integrity checks), and
 * node:crypto costs the command line's start several milliseconds; in the build both load it on
 * first use instead. The build fails when undici no longer has the code this replaces, rather than
 * shipping a command line that silently loads it again (or breaks).
 */
const REPLACEMENTS = [
  {
    file: /[\\/]undici[\\/]lib[\\/]web[\\/]fetch[\\/]body\.js$/,
    from: "const random = runtimeFeatures.has('crypto')\n  ? require('node:crypto').randomInt\n  : (max) => Math.floor(Math.random() * max)",
    to: "const random = (max) => require('node:crypto').randomInt(max)",
  },
  {
    file: /[\\/]undici[\\/]lib[\\/]web[\\/]fetch[\\/]index\.js$/,
    from: "const { bytesMatch } = require('../subresource-integrity/subresource-integrity')",
    to: "const bytesMatch = (...args) => require('../subresource-integrity/subresource-integrity').bytesMatch(...args)",
  },
];

/** The module's code with its node:crypto load deferred; throws when undici has changed. */
export function withCryptoOnDemand(code, id) {
  const replacement = REPLACEMENTS.find((entry) => entry.file.test(id));
  if (!replacement) return null;
  if (!code.includes(replacement.from)) {
    throw new Error(
      `${id} no longer has "${replacement.from.split('\n')[0]}": review scripts/fetch-crypto-on-demand.mjs.`,
    );
  }
  return code.replace(replacement.from, replacement.to);
}

export function fetchCryptoOnDemand() {
  const replaced = new Set();
  return {
    name: 'fetch-crypto-on-demand',
    transform(code, id) {
      const changed = withCryptoOnDemand(code, id);
      if (changed !== null) replaced.add(REPLACEMENTS.findIndex((entry) => entry.file.test(id)));
      return changed;
    },
    buildEnd(error) {
      if (!error && replaced.size !== REPLACEMENTS.length)
        throw new Error("undici's fetch was not in the build as expected: review scripts/fetch-crypto-on-demand.mjs.");
    },
  };
}
