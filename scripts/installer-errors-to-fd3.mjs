/**
 * Loaded into Electron's installer: what it prints with console.error (a failure with its stack
 * trace) goes to file descriptor 3, where ensureElectron reads it and shows one line instead. A
 * network failure's cause (no DNS, refused, reset) is added to its message, which would otherwise
 * only say "fetch failed".
 */
import { writeSync } from 'node:fs';
import { format } from 'node:util';

console.error = (...args) => {
  try {
    writeSync(3, `${format(...args)}\n`);
  } catch {
    process.stderr.write(`${format(...args)}\n`);
  }
};

const fetchWithoutCause = globalThis.fetch;
globalThis.fetch = async (...args) => {
  try {
    return await fetchWithoutCause(...args);
  } catch (error) {
    const cause = error && error.cause;
    if (cause && error instanceof Error) {
      const detail = [cause.code, cause.hostname || cause.address].filter(Boolean).join(' ') || cause.message;
      const message = `${error.message}: ${detail}`;
      error.stack = (error.stack || '').replace(error.message, message);
      error.message = message;
    }
    throw error;
  }
};
