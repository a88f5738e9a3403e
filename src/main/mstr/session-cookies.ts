/**
 * A connection's cookies (the session's JSESSIONID, a load balancer's affinity cookie). The cookie
 * library, with the public suffix list it checks domains against, is loaded when it is first
 * needed and fetched while the first request is on the wire: a command line's first request does
 * not wait for it.
 */
import type * as toughCookie from 'tough-cookie';

type CookieJar = toughCookie.CookieJar;
type CookieLibrary = typeof toughCookie;

let library: Promise<CookieLibrary> | null = null;

function cookieLibrary(): Promise<CookieLibrary> {
  library ??= import('tough-cookie').catch((error: unknown) => {
    library = null;
    throw error;
  });
  return library;
}

export class SessionCookies {
  /** Made when the first cookie arrives: until then there is nothing to send. */
  #jar: CookieJar | null;

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

  /** The Cookie header for a request to `url` ('' for none). */
  header(url: string): string {
    return this.#jar?.getCookieStringSync(url) ?? '';
  }

  /**
   * Starts loading the cookie library once the current request has gone out, so it is there when
   * the answer sets a cookie. Nothing to do once it is loaded or loading.
   */
  prepareSoon(): void {
    if (this.#jar !== null || library !== null) return;
    setImmediate(() => void cookieLibrary().catch(() => undefined));
  }

  /** Keeps the cookies an answer from `url` set (Set-Cookie lines). */
  async keep(lines: readonly string[], url: string): Promise<void> {
    if (lines.length === 0) return;
    this.#jar ??= new (await cookieLibrary()).CookieJar();
    for (const line of lines) this.#jar.setCookieSync(line, url, { ignoreError: true });
  }

  serialize(): unknown {
    return this.#jar?.serializeSync() ?? null;
  }
}
