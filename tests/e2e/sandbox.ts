import { mkdtempSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
// Shared with the benchmark (scripts/bench.mjs).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const shared = require('../../scripts/lib/sandbox.cjs');

export interface Sandbox {
  api: string;
  site: string;
  /** The demo customer portal that embeds the console. */
  portal: string;
  stop: () => Promise<void>;
}

const ROOT = resolve(__dirname, '..', '..');

/** The config the console gets in tests: short timeout so the timeout test is quick. */
export const TEST_TIMEOUT_SECONDS = 3;

/** Headless Chromium flags, as the benchmark uses them. */
export const CHROMIUM_FLAGS: string[] = shared.CHROMIUM_FLAGS;

/**
 * Starts the sandbox (API, the release build in dist/, the demo portal) on
 * free loopback ports and resolves once it has printed its READY line and both listeners
 * answer.
 */
export async function startSandbox(extraArgs: string[] = []): Promise<Sandbox> {
  // The debug build: it shares its dependencies with `cargo test`, which
  // saves a full release compile of tokio/axum on a fresh machine.
  const bin = join(ROOT, 'target', 'debug', 'switchboard-sandbox');
  if (!existsSync(bin)) throw new Error(`sandbox binary missing: ${bin} (scripts/test.sh builds it)`);
  const dist = join(ROOT, 'dist');
  if (!existsSync(join(dist, 'index.html'))) throw new Error('dist/ has no release build (scripts/test.sh builds it)');
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-e2e-'));
  const sandbox = await shared.startSandbox({ bin, dist, dir, timeoutSeconds: TEST_TIMEOUT_SECONDS, extraArgs });
  process.once('exit', () => sandbox.child.kill('SIGKILL'));
  // Its config.json goes with it.
  const stop = async () => {
    await sandbox.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  return { api: sandbox.api, site: sandbox.site, portal: sandbox.portal, stop };
}
