/** Types of electron-binary.mjs for the TypeScript tests that use it. */
export function electronBinaryPath(root?: string): string | null;
export const ELECTRON_MISSING: string;
export function downloadFailedMessage(version: string, reason: string): string;
export function installerReason(text: string): string;
export function ensureElectron(options?: {
  root?: string;
  installer?: string;
  log?: (text: string) => void;
}): Promise<boolean>;
