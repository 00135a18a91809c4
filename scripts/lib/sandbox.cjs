// Starting the sandbox for the end-to-end tests (tests/e2e/sandbox.ts) and
// the benchmark (scripts/bench.mjs), in one place: free loopback ports, the
// release build as the static site, a config.json pointing the console at
// the API, the demo portal, the READY line, then all listeners answering. CommonJS so that
// both the TypeScript tests and the ES-module benchmark can load it.
'use strict';
const { spawn } = require('node:child_process');
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');

/** Headless Chromium flags for this machine kind (Debian's chromium). */
const CHROMIUM_FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Resolves with the first match of `pattern` in what `child` writes to
 * `stream` ('stdout' or 'stderr'); rejects when `child` fails or exits first,
 * or after 20 s. `what` names the child in the messages.
 */
function waitForLine(child, stream, pattern, what) {
  return new Promise((ok, fail) => {
    let buffer = '';
    const timer = setTimeout(() => fail(new Error(`${what} did not print ${pattern} within 20 s`)), 20_000);
    child.on('error', (e) => fail(new Error(`${what}: ${e.message}`)));
    child.on('exit', (code) => fail(new Error(`${what} exited early with ${code}`)));
    const onData = (chunk) => {
      buffer += chunk.toString();
      const m = buffer.match(pattern);
      if (m) {
        clearTimeout(timer);
        // Stop collecting, keep draining (a full pipe would stall the child).
        child[stream].off('data', onData);
        child[stream].resume();
        ok(m);
      }
    };
    child[stream].on('data', onData);
  });
}

/**
 * Spawns `bin` serving `dist`, with a config.json written to `dir` (request
 * timeout `timeoutSeconds`). Resolves `{ api, site, portal, child, stop }` once the
 * READY line was printed and all three listeners answer; otherwise stops it and
 * rejects. `stop()` resolves when the process has exited.
 */
async function startSandbox({ bin, dist, dir, timeoutSeconds = 15, extraArgs = [] }) {
  const config = join(dir, 'config.json');
  writeFileSync(
    config,
    JSON.stringify({
      dimensionsApiBase: '__SANDBOX_API__/api',
      telecomxApiBase: '__SANDBOX_API__/telecomx',
      // The demo portal (a third listener) may embed the console.
      embedAllowedOrigins: ['__SANDBOX_PORTAL__'],
      requestTimeoutSeconds: timeoutSeconds,
    }),
  );
  const child = spawn(
    bin,
    [
      '--quiet', '--port', '0', '--static', dist, '--static-port', '0', '--config-json', config,
      '--portal-port', '0', ...extraArgs,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const stop = () =>
    new Promise((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 3000).unref();
    });
  try {
    const [, api, site, portal] = await waitForLine(
      child, 'stdout', /SANDBOX_READY api=(\S+) static=(\S+) portal=(\S+)/, 'sandbox',
    );
    const ready = { api, site, portal };
    for (const url of [`${ready.api}/__sandbox/health`, `${ready.site}/`, `${ready.portal}/`]) {
      const deadline = Date.now() + 10_000;
      for (;;) {
        try {
          if ((await fetch(url)).ok) break;
        } catch {
          /* not yet */
        }
        if (Date.now() > deadline) throw new Error(`${url} did not answer`);
        await sleep(100);
      }
    }
    return { ...ready, child, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

module.exports = { CHROMIUM_FLAGS, startSandbox, waitForLine };
