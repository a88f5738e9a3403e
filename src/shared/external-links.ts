/** The only links the app opens outside itself: https pages on hosts it documents (checked by the shell and the window's requests). */

export const EXTERNAL_HOSTS = [
  'microstrategy.github.io',
  'www2.microstrategy.com',
  'www.strategysoftware.com',
  'github.com',
];

export function isAllowedExternalUrl(text: string): boolean {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  return (
    url.protocol === 'https:' && url.username === '' && url.password === '' && EXTERNAL_HOSTS.includes(url.hostname)
  );
}
