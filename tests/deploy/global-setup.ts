import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox } from '../e2e/sandbox';
import { Nginx, ROOT, SUB, freePort, startNginx } from './nginx';

// The sandbox (its API only is used) and nginx serving two copies of dist/:
// at / and at /console/. Both are stopped at the end, and on any failure
// here; a Ctrl-C or a crash takes nginx down with the run too.
export default async function globalSetup() {
  const prefix = mkdtempSync(join(tmpdir(), 'switchboard-nginx-'));
  const ports = { https: await freePort(), sub: await freePort(), http: await freePort() };
  let nginx: Nginx | null = null;
  const sandbox = await startSandbox([
    '--cors-origin', `https://127.0.0.1:${ports.https}`,
    '--cors-origin', `https://127.0.0.1:${ports.sub}`,
  ]);
  const stopAll = async () => {
    await nginx?.stop();
    await sandbox.stop();
    rmSync(prefix, { recursive: true, force: true });
  };
  try {
    nginx = await startNginx({
      prefix,
      dist: join(ROOT, 'dist'),
      ports,
      api: sandbox.api,
      configJson: JSON.stringify({
        dimensionsApiBase: `${sandbox.api}/api`,
        telecomxApiBase: `${sandbox.api}/telecomx`,
        embedAllowedOrigins: [],
        requestTimeoutSeconds: 15,
      }),
    });
  } catch (e) {
    await stopAll();
    throw e;
  }
  const child = nginx.child;
  process.once('exit', () => child.kill('SIGTERM'));
  process.env.SANDBOX_API = sandbox.api;
  process.env.DEPLOY_ROOT = `https://127.0.0.1:${ports.https}/`;
  process.env.DEPLOY_SUB = `https://127.0.0.1:${ports.sub}${SUB}`;
  process.env.DEPLOY_HTTP = `http://127.0.0.1:${ports.http}/`;
  process.env.DEPLOY_PREFIX = prefix;
  return stopAll;
}
