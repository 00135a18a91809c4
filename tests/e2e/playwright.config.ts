import { defineConfig } from '@playwright/test';
import { CHROMIUM_FLAGS as BASE_FLAGS } from './sandbox';

// End-to-end tests run against the RELEASE build in dist/ served by the
// sandbox (scripts/test.sh builds it first). global-setup starts the sandbox
// on free loopback ports and stops it when the run ends, pass or fail.
const CHROMIUM_FLAGS = [...BASE_FLAGS, '--disable-quic', '--disable-sync'];

export default defineConfig({
  testDir: '.',
  testMatch: /.*\.spec\.ts/,
  globalSetup: './global-setup.ts',
  // One sandbox with shared state: tests run one at a time.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    launchOptions: { executablePath: '/usr/bin/chromium', args: CHROMIUM_FLAGS },
    trace: 'off',
  },
});
