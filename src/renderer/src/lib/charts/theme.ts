/**
 * The charts' colours are the window's own CSS variables (light-dark() values), resolved to the
 * colour the current scheme shows, for a canvas that cannot read CSS; and a way to hear when the
 * scheme changes (the OS theme, or the one chosen in Settings).
 */
const resolved = new Map<string, string>();
let probe: HTMLSpanElement | null = null;

/** The colour `var(--name)` shows now, as rgb(). */
export function cssColour(variable: string): string {
  let colour = resolved.get(variable);
  if (colour === undefined) {
    probe ??= document.body.appendChild(Object.assign(document.createElement('span'), { hidden: true }));
    probe.style.color = `var(${variable})`;
    colour = getComputedStyle(probe).color;
    resolved.set(variable, colour);
  }
  return colour;
}

/** Calls `changed` whenever the colours may be different; returns the unsubscribe function. */
export function onSchemeChange(changed: () => void): () => void {
  const media = matchMedia('(prefers-color-scheme: dark)');
  const refresh = (): void => {
    resolved.clear();
    changed();
  };
  const observer = new MutationObserver(refresh);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  media.addEventListener('change', refresh);
  return () => {
    observer.disconnect();
    media.removeEventListener('change', refresh);
  };
}
