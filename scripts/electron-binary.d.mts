/** Types of electron-binary.mjs for the TypeScript tests that use it. */
export function electronBinaryPath(root?: string): string | null;
export const ELECTRON_MISSING: string;
