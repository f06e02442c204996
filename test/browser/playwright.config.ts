import { defineConfig } from '@playwright/test';

// Browser tests: Debian's Chromium (browsers cannot be downloaded here), one worker, against the built API
// serving the built web app (dist/), started with a fresh database by global-setup.ts.
export default defineConfig({
  testDir: '.',
  testMatch: '*.pw.ts',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  reporter: 'list',
  outputDir: '../../var/test-artifacts/browser',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  globalSetup: './global-setup.ts',
  use: {
    // Set by global-setup.ts; workers load this file again after it ran, so they see it.
    baseURL: process.env.GUANKAO_BROWSER_URL,
    locale: 'zh-TW',
    timezoneId: 'Asia/Taipei',
    // No transitions (the app respects it): axe once read a notification mid-fade as grey on white.
    reducedMotion: 'reduce',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/lib/chromium/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
});
