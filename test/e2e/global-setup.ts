/**
 * Before the browser tests: checks that the renderer was built and bundles the real preload API
 * factory (src/preload/api.ts) into a script the page can load, so window.api in the page is the
 * same object the Electron preload exposes.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { build } from 'vite';
import { ELECTRON_MISSING, electronBinaryPath } from '../../scripts/electron-binary.mjs';

export const PRELOAD_BUNDLE_DIR = 'test-results/preload-bundle';

export default async function globalSetup(): Promise<void> {
  if (!existsSync('out/renderer/index.html')) {
    throw new Error('The renderer is not built: run `npm run build` before `npm run test:e2e`.');
  }
  if (!electronBinaryPath()) {
    process.stdout.write(`\nThe Electron launch test (electron.spec.ts) will be skipped. ${ELECTRON_MISSING}\n\n`);
  }
  mkdirSync(PRELOAD_BUNDLE_DIR, { recursive: true });
  await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      outDir: PRELOAD_BUNDLE_DIR,
      emptyOutDir: true,
      minify: false,
      lib: { entry: 'src/preload/api.ts', formats: ['iife'], name: 'MstrPreloadApi', fileName: () => 'api.js' },
    },
  });
}
