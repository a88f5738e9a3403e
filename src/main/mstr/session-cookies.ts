/**
 * A connection's cookies (the session's JSESSIONID, a load balancer's affinity cookie). The cookie
 * library, with the public suffix list it checks domains against, is loaded when it is first
 * needed and fetched while the first request is on the wire: a command line's first request does
 * not wait for it.
 */
import { channel } from 'node:diagnostics_channel';
import type * as toughCookie from 'tough-cookie';

type CookieJar = toughCookie.CookieJar;
type CookieLibrary = typeof toughCookie;

let library: Promise<CookieLibrary> | null = null;
let loaded: CookieLibrary | null = null;
/** undici publishes here just before a request's first byte goes out (its documented channel). */
const requestSent = channel('undici:client:sendHeaders');
let loadWhenSent: (() => void) | null = null;

function cookieLibrary(): Promise<CookieLibrary> {
  library ??= import('tough-cookie').then(
    (module) => (loaded = module),
    (error: unknown) => {
      library = null;
      throw error;
    },
  );
  return library;
}

/** The URL up to and including its `/api/` (every REST call lies below it), or null. */
function apiScope(url: string): string | null {
  const end = url.indexOf('/api/');
  return end === -1 ? null : url.slice(0, end + '/api/'.length);
}

/** A Cookie header worked out once for every URL below `scope`, until `until` (epoch ms). */
interface KnownHeader {
  scope: string;
  value: string;
  until: number;
}

export class SessionCookies {
  /** Made when the first cookie arrives: until then there is nothing to send. */
  #jar: CookieJar | null;
  #known: KnownHeader | null = null;

  private constructor(jar: CookieJar | null) {
    this.#jar = jar;
  }

  static empty(): SessionCookies {
    return new SessionCookies(null);
  }

  /** The cookies of a kept session (`serialize`), null for none. */
  static async restore(serialized: unknown): Promise<SessionCookies> {
    if (serialized === null) return SessionCookies.empty();
    const { CookieJar: Jar } = await cookieLibrary();
    return new SessionCookies(Jar.deserializeSync(serialized as string));
  }

  /**
   * The Cookie header for a request to `url` ('' for none). Matching every call's URL against the
   * jar cost more than anything else the client does per call, and below the API root the answer
   * is the same for every URL, so it is kept until the jar changes or a cookie expires.
   */
  header(url: string): string {
    if (this.#jar === null) return '';
    const scope = apiScope(url);
    const known = this.#known;
    if (known !== null && known.scope === scope && Date.now() < known.until) return known.value;
    const value = this.#jar.getCookieStringSync(url);
    this.#known = scope === null ? null : this.#headerFor(scope, value);
    return value;
  }

  /**
   * The header may be kept for the scope unless a cookie's path lies inside it (then URLs below the
   * scope differ); it is kept until the first cookie can expire.
   */
  #headerFor(scope: string, value: string): KnownHeader | null {
    const serialized = this.#jar?.serializeSync();
    if (!serialized || loaded === null) return null;
    const scopePath = new URL(scope).pathname;
    let until = Infinity;
    for (const json of serialized.cookies) {
      const cookie = loaded.Cookie.fromJSON(json);
      if (!cookie) return null;
      const path = cookie.path ?? '/';
      if (path.length > scopePath.length && path.startsWith(scopePath)) return null;
      const created = cookie.creation instanceof Date ? cookie.creation : undefined;
      until = Math.min(until, cookie.expiryTime(created) ?? Infinity);
    }
    return { scope, value, until };
  }

  /**
   * Starts loading the cookie library once a request has been written, so it loads during the
   * round trip and is there when the answer sets a cookie. Loading it any earlier (the connection
   * is still being made) held the first request back by its whole load time. Nothing to do once
   * it is loaded, loading or waiting.
   */
  prepareSoon(): void {
    if (this.#jar !== null || library !== null || loadWhenSent !== null) return;
    const load = (): void => {
      requestSent.unsubscribe(load);
      loadWhenSent = null;
      setImmediate(() => void cookieLibrary().catch(() => undefined));
    };
    loadWhenSent = load;
    requestSent.subscribe(load);
  }

  /** Keeps the cookies an answer from `url` set (Set-Cookie lines). */
  async keep(lines: readonly string[], url: string): Promise<void> {
    if (lines.length === 0) return;
    this.#jar ??= new (await cookieLibrary()).CookieJar();
    this.#known = null;
    for (const line of lines) this.#jar.setCookieSync(line, url, { ignoreError: true });
  }

  serialize(): unknown {
    return this.#jar?.serializeSync() ?? null;
  }
}
