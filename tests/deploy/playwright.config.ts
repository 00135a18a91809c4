import { defineConfig } from '@playwright/test';
import { CHROMIUM_FLAGS } from '../e2e/sandbox';

// The deploy smoke suite (issue 18): the release build served by nginx with
// deploy/nginx/switchboard.conf, at / and under /console/, with the sandbox
// as the API. global-setup starts the sandbox and nginx on free loopback
// ports and stops both when the run ends, pass or fail.
export default defineConfig({
  testDir: '.',
  testMatch: /.*\.spec\.ts/,
  globalSetup: './global-setup.ts',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    launchOptions: { executablePath: '/usr/bin/chromium', args: [...CHROMIUM_FLAGS, '--disable-quic', '--disable-sync'] },
    // nginx speaks TLS with a certificate made for this run.
    ignoreHTTPSErrors: true,
    trace: 'off',
  },
});
