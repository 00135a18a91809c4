import { spawn, ChildProcess } from 'node:child_process';
import { writeFileSync, mkdtempSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface Sandbox {
  api: string;
  site: string;
  stop: () => Promise<void>;
}

const ROOT = resolve(__dirname, '..', '..');

/** The config the console gets in tests: short timeout so the timeout test is quick. */
export const TEST_TIMEOUT_SECONDS = 3;

/**
 * Starts the sandbox (API + the release build in dist/) on free loopback
 * ports and resolves once it has printed its READY line.
 */
export async function startSandbox(extraArgs: string[] = []): Promise<Sandbox> {
  // The debug build: it shares its dependencies with `cargo test`, which
  // saves a full release compile of tokio/axum on a fresh machine.
  const bin = join(ROOT, 'target', 'debug', 'switchboard-sandbox');
  if (!existsSync(bin)) throw new Error(`sandbox binary missing: ${bin} (scripts/test.sh builds it)`);
  const dist = join(ROOT, 'dist');
  if (!existsSync(join(dist, 'index.html'))) throw new Error('dist/ has no release build (scripts/test.sh builds it)');
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-e2e-'));
  const config = join(dir, 'config.json');
  writeFileSync(
    config,
    JSON.stringify({
      dimensionsApiBase: '__SANDBOX_API__/api',
      telecomxApiBase: '__SANDBOX_API__/telecomx',
      embedAllowedOrigins: [],
      requestTimeoutSeconds: TEST_TIMEOUT_SECONDS,
    }),
  );
  const child: ChildProcess = spawn(
    bin,
    ['--quiet', '--port', '0', '--static', dist, '--static-port', '0', '--config-json', config, ...extraArgs],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const stop = () =>
    new Promise<void>((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 3000).unref();
    });
  process.once('exit', () => child.kill('SIGKILL'));
  const ready = await new Promise<{ api: string; site: string }>((ok, fail) => {
    let buffer = '';
    const timer = setTimeout(() => fail(new Error('sandbox did not print READY within 20 s')), 20_000);
    child.on('exit', (code) => fail(new Error(`sandbox exited early with ${code}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const m = buffer.match(/SANDBOX_READY api=(\S+) static=(\S+)/);
      if (m) {
        clearTimeout(timer);
        ok({ api: m[1], site: m[2] });
      }
    });
  });
  // Wait until both listeners answer.
  for (const url of [`${ready.api}/__sandbox/health`, `${ready.site}/`]) {
    const deadline = Date.now() + 10_000;
    for (;;) {
      try {
        if ((await fetch(url)).ok) break;
      } catch {
        /* not yet */
      }
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`${url} did not answer`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  child.stdout!.resume();
  return { ...ready, stop };
}
