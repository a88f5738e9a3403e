/**
 * A process's choice of fetch classes for the request layer (fetch-classes.ts), kept apart so that
 * the command line can make it at start without loading anything.
 */
export const UNDICI_FETCH_CLASSES = Symbol.for('mstr-cache-console.undici-fetch-classes');

/** Called by the command line's entry before any request: this process uses undici's fetch classes. */
export function useUndiciFetchClasses(): void {
  (globalThis as Record<symbol, unknown>)[UNDICI_FETCH_CLASSES] = true;
}
