/**
 * Turns whatever an administrator pastes (a link to the Library app, the API, its docs, with or
 * without a trailing slash or scheme) into the Library root URL that every REST path hangs off.
 * The context path is kept as given: deployments rename it, so it is never assumed.
 */
import { AppError } from './errors.ts';

/** Path segments that belong to the Library web app rather than to its context path. */
const LIBRARY_APP_SEGMENTS = new Set(['api', 'api-docs', 'app', 'swagger-ui', 'auth', 'static']);

export interface LibraryUrl {
  /** e.g. https://host:8443/MicroStrategyLibrary (no trailing slash) */
  root: string;
  /** e.g. https://host:8443/MicroStrategyLibrary/api/ (always a trailing slash) */
  api: string;
  /** e.g. /MicroStrategyLibrary, the cookie path the server uses */
  contextPath: string;
  host: string;
  secure: boolean;
  /** The scheme added when the pasted text had none (so the user can be told), else null. */
  assumedScheme: 'http' | 'https' | null;
}

/** Ports that serve plain http by convention (Tomcat's 8080); any other gets https. */
const PLAIN_HTTP_PORTS = new Set(['80', '8080']);

/** http for the conventional plain ports, https for everything else. */
function schemeFor(text: string): 'http' | 'https' {
  const port = /^(?:\[[^\]]*\]|[^/:?#]*):(\d+)/.exec(text)?.[1];
  return port !== undefined && PLAIN_HTTP_PORTS.has(port) ? 'http' : 'https';
}

export function parseLibraryUrl(pasted: string): LibraryUrl {
  const text = pasted.trim();
  if (text === '') throw badUrl('Enter the Library URL, for example https://server/MicroStrategyLibrary.');
  // A scheme is only a scheme when "//" follows: "host:8443/Library" is a host and a port.
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) || /^(?:mailto|javascript|data|file):/i.test(text);
  const assumedScheme = hasScheme ? null : schemeFor(text);
  const withScheme = hasScheme ? text : `${assumedScheme}://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw badUrl(`"${text.slice(0, 200)}" is not a valid URL.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw badUrl(`Only http and https URLs can reach a Library server, not ${url.protocol.replace(':', '')}.`);
  }
  if (url.username !== '' || url.password !== '') {
    throw badUrl('Remove the user name and password from the URL; the app asks for them separately.');
  }
  if (url.hostname === '') throw badUrl('The URL has no server name.');

  const segments = url.pathname.split('/').filter((segment) => segment !== '');
  const appIndex = segments.findIndex((segment) => LIBRARY_APP_SEGMENTS.has(segment.toLowerCase()));
  const contextSegments = appIndex === -1 ? segments : segments.slice(0, appIndex);
  const contextPath = contextSegments.length === 0 ? '' : `/${contextSegments.join('/')}`;
  const root = `${url.origin}${contextPath}`;
  return {
    root,
    api: `${root}/api/`,
    contextPath,
    host: url.host,
    secure: url.protocol === 'https:',
    assumedScheme,
  };
}

function badUrl(message: string): AppError {
  return new AppError('BAD_URL', message);
}
