/**
 * A build plugin (rolldown): undici's HTTP/2 client takes node:http2 from
 * src/main/mstr/http2-on-demand.ts, which loads the real module only when a connection uses it.
 * The build fails when undici no longer loads the module the way this expects, rather than
 * shipping a command line that silently loads it again (or breaks).
 */
import { fileURLToPath } from 'node:url';

const CLIENT_H2 = /[\\/]undici[\\/]lib[\\/]dispatcher[\\/]client-h2\.js$/;
const LOAD = "require('node:http2')";
export const STAND_IN = fileURLToPath(new URL('../src/main/mstr/http2-on-demand.ts', import.meta.url));

/** undici's client-h2.js with its node:http2 taken from the stand-in; throws when it has changed. */
export function withHttp2OnDemand(code, id) {
  if (!code.includes(LOAD)) {
    throw new Error(`${id} no longer loads node:http2 as ${LOAD}: review scripts/http2-on-demand.mjs.`);
  }
  return code.replace(LOAD, `require(${JSON.stringify(STAND_IN)})`);
}

export function http2OnDemand() {
  let replaced = false;
  return {
    name: 'http2-on-demand',
    transform(code, id) {
      if (!CLIENT_H2.test(id)) return null;
      replaced = true;
      return withHttp2OnDemand(code, id);
    },
    buildEnd(error) {
      if (!error && !replaced)
        throw new Error("undici's client-h2.js was not in the build: review scripts/http2-on-demand.mjs.");
    },
  };
}
