/**
 * In a process of the app's own that asks for it (the command line, fetch-classes-choice.ts), the WHATWG fetch classes ky
 * builds its requests from (Request, Response, Headers, FormData) are undici's own: the same undici
 * as the connections and as the fetch the requests go out through, which then takes ky's Request
 * as it is. Node's globals of those names are Node's own copy of undici, whose first use loads it
 * whole, and node:http2, node:tls and node:crypto with it: a large part of the command line's
 * start, only to build Request objects undici's fetch would build again. Set when the request layer
 * loads (request-layer.ts imports this before ky), never in a process that has not asked (the
 * window's main process keeps Node's globals).
 */
// undici's fetch first, as undici's own entry loads it: it defines what the classes' argument checks use.
import 'undici/lib/web/fetch/index.js';
import { FormData } from 'undici/lib/web/fetch/formdata.js';
import { Headers } from 'undici/lib/web/fetch/headers.js';
import { Request } from 'undici/lib/web/fetch/request.js';
import { Response } from 'undici/lib/web/fetch/response.js';
import { UNDICI_FETCH_CLASSES } from './fetch-classes-choice.ts';

if ((globalThis as Record<symbol, unknown>)[UNDICI_FETCH_CLASSES] === true) {
  // Assigned, not defined: defining a property over one of Node's lazy globals loads what it stands for.
  const classes = globalThis as unknown as Record<string, unknown>;
  Object.assign(classes, { Request, Response, Headers, FormData });
}
