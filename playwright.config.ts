import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from './test/chromium.ts';

export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results/e2e',
  fullyParallel: false,
  workers: 1,
  timeout: 60_000,
  reporter: [['list']],
  globalSetup: './test/e2e/global-setup.ts',
  use: {
    headless: true,
    launchOptions: {
      ...(chromiumPath() ? { executablePath: chromiumPath() } : {}),
      args: CHROMIUM_ARGS,
    },
  },
});
