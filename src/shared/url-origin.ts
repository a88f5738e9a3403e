/**
 * scheme://host[:port] of a URL, or null. Unlike URL.origin it is not "null" for custom schemes
 * such as app://, which is what the window's origin checks need.
 */
export function urlOrigin(text: string): string | null {
  try {
    const url = new URL(text);
    return url.host === '' ? null : `${url.protocol}//${url.host}`;
  } catch {
    return null;
  }
}
