/**
 * Parts of the window that are not needed to show the first screen (the caches, presets, history
 * and settings screens, the less used dialogs) load on first use and stay loaded: every start
 * parses less JavaScript. A part that failed to load is tried again the next time it is opened.
 */
export function lazy<T>(load: () => Promise<{ default: T }>): () => Promise<T> {
  let loaded: Promise<T> | null = null;
  return () =>
    (loaded ??= load().then(
      (module) => module.default,
      (error: unknown) => {
        loaded = null;
        throw error;
      },
    ));
}
