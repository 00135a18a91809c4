// Serves the release build with nginx and deploy/nginx/switchboard.conf, for
// the deploy smoke suite (deploy.spec.ts). Nothing here runs as root or on a
// privileged port: nginx gets a prefix directory of its own in /tmp, free
// loopback ports, a throw-away certificate, and (when the tests run as root)
// the user nobody. `startNginx` resolves once nginx answers; `stop` resolves
// once it has exited.
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { request as httpRequest, IncomingHttpHeaders } from 'node:http';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '..', '..');
/** The production example, as docs/deploy.md shows it. */
export const SITE_FILE = join(ROOT, 'deploy', 'nginx', 'switchboard.conf');
/** Debian's nginx and its brotli_static module (scripts/setup.sh installs both). */
export const NGINX = process.env.NGINX ?? '/usr/sbin/nginx';
export const BROTLI_MODULE = '/usr/lib/nginx/modules/ngx_http_brotli_static_module.so';
/** The sub-path the suite deploys a second copy under (docs/deploy.md, "Under a sub-path"). */
export const SUB = '/console/';

/** A free loopback port (bound, read, released). */
export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });
}

/** Replaces `before` in `text`, which must occur exactly once (else the site file changed under the test). */
function once(text: string, before: string, after: string): string {
  const parts = text.split(before);
  if (parts.length !== 2) throw new Error(`deploy test: ${JSON.stringify(before)} occurs ${parts.length - 1} times in ${SITE_FILE}`);
  return parts.join(after);
}

export interface Ports {
  https: number;
  sub: number;
  http: number;
}

/**
 * The site file made to run here: the same text, with only what names this
 * machine changed (ports, certificate, the build's folder, the API origin
 * in the policy, no framing portal), plus a second HTTPS server that is the
 * sub-path deployment of docs/deploy.md: the build under `<root>/console/`,
 * `location /console/` with its own fallback, and `/console` sent to
 * `/console/`.
 */
export function renderSite(site: string, o: { ports: Ports; cert: string; key: string; root: string; subRoot: string; api: string }): string {
  let s = site;
  s = once(s, '    listen 80;\n', `    listen 127.0.0.1:${o.ports.http};\n`);
  s = once(s, '    listen [::]:80;\n', '');
  s = once(s, '    listen 443 ssl http2;\n', `    listen 127.0.0.1:${o.ports.https} ssl http2;\n`);
  s = once(s, '    listen [::]:443 ssl http2;\n', '');
  s = once(s, '/etc/letsencrypt/live/switchboard.example.com/fullchain.pem', o.cert);
  s = once(s, '/etc/letsencrypt/live/switchboard.example.com/privkey.pem', o.key);
  s = once(s, 'root /srv/switchboard/dist;', `root ${o.root};`);
  s = once(s, "connect-src 'self' https://api.eu.myreports.cloud https://api.telecomx.dk;", `connect-src 'self' ${o.api};`);
  s = once(s, 'frame-ancestors https://portal.example.com;', "frame-ancestors 'none';");

  // The HTTPS server again, as the sub-path deployment.
  const start = s.indexOf('server {\n    listen 127.0.0.1:' + o.ports.https);
  if (start < 0) throw new Error('deploy test: no HTTPS server block found');
  let sub = s.slice(start);
  sub = once(sub, `listen 127.0.0.1:${o.ports.https} ssl http2;`, `listen 127.0.0.1:${o.ports.sub} ssl http2;`);
  sub = once(sub, `root ${o.root};`, `root ${o.subRoot};`);
  sub = once(
    sub,
    '    location / {\n        try_files $uri /index.html;\n    }\n',
    `    location ${SUB} {\n        try_files $uri ${SUB}index.html;\n    }\n` +
      `    location = ${SUB.slice(0, -1)} {\n        return 301 ${SUB}$is_args$args;\n    }\n`,
  );
  return `${s}\n# The sub-path deployment (docs/deploy.md, "Under a sub-path").\n${sub}`;
}

/** The main file: what Debian's /etc/nginx/nginx.conf sets around a site file, with every path in `prefix`. */
export function mainConfig(prefix: string): string {
  return `# Written by tests/deploy/nginx.ts; the site file is deploy/nginx/switchboard.conf.
load_module ${BROTLI_MODULE};
daemon off;
worker_processes 1;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
events { worker_connections 256; }
http {
    # As in Debian's nginx.conf.
    sendfile on;
    tcp_nopush on;
    types_hash_max_size 2048;
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_prefer_server_ciphers on;
    gzip on;
    # This run's own places.
    access_log ${prefix}/access.log;
    client_body_temp_path ${prefix}/tmp/body;
    proxy_temp_path ${prefix}/tmp/proxy;
    fastcgi_temp_path ${prefix}/tmp/fastcgi;
    uwsgi_temp_path ${prefix}/tmp/uwsgi;
    scgi_temp_path ${prefix}/tmp/scgi;
    include ${prefix}/site.conf;
}
`;
}

export interface Nginx {
  child: ChildProcess;
  stop: () => Promise<void>;
}

/** Runs nginx as `nobody` when we are root (setpriv), else as ourselves. */
function command(args: string[]): [string, string[]] {
  if (process.getuid?.() === 0) return ['setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', NGINX, ...args]];
  return [NGINX, args];
}

/**
 * Lays out `prefix` (two copies of `dist`, the second rebased to /console/,
 * each with `configJson`; a certificate; the configs), checks the
 * configuration (`nginx -t`), starts nginx and waits until both servers answer.
 */
export async function startNginx(o: { prefix: string; dist: string; ports: Ports; api: string; configJson: string }): Promise<Nginx> {
  const { prefix, dist, ports } = o;
  if (!existsSync(NGINX)) throw new Error(`${NGINX} missing (scripts/setup.sh installs nginx)`);
  if (!existsSync(BROTLI_MODULE)) throw new Error(`${BROTLI_MODULE} missing (scripts/setup.sh installs libnginx-mod-http-brotli-static)`);
  const root = join(prefix, 'root');
  const subRoot = join(prefix, 'sub');
  cpSync(dist, root, { recursive: true });
  cpSync(dist, join(subRoot, SUB), { recursive: true });
  // The one step a sub-path deployment takes on the build (docs/deploy.md).
  execFileSync('node', [join(ROOT, 'scripts', 'set-base.mjs'), join(subRoot, SUB), SUB], { stdio: 'pipe' });
  writeFileSync(join(root, 'config.json'), o.configJson);
  writeFileSync(join(subRoot, SUB, 'config.json'), o.configJson);
  mkdirSync(join(prefix, 'tmp'));
  const cert = join(prefix, 'cert.pem');
  const key = join(prefix, 'key.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert,
  ], { stdio: 'pipe' });
  const site = renderSite(readFileSync(SITE_FILE, 'utf8'), { ports, cert, key, root, subRoot, api: o.api });
  writeFileSync(join(prefix, 'site.conf'), site);
  writeFileSync(join(prefix, 'nginx.conf'), mainConfig(prefix));
  if (process.getuid?.() === 0) {
    chmodSync(prefix, 0o755);
    execFileSync('chown', ['-R', 'nobody:nogroup', prefix]);
  }
  const args = ['-p', prefix, '-e', join(prefix, 'error.log'), '-c', join(prefix, 'nginx.conf')];
  const [bin, testArgs] = command([...args, '-t', '-q']);
  try {
    execFileSync(bin, testArgs, { stdio: 'pipe' });
  } catch (e) {
    const err = e as { stderr?: Buffer };
    throw new Error(`nginx -t refused the configuration:\n${err.stderr?.toString() ?? e}`);
  }
  const [runBin, runArgs] = command(args);
  const child = spawn(runBin, runArgs, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d.toString()));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      // SIGTERM: the master stops its worker, then itself.
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(t);
    }
  };
  try {
    const deadline = Date.now() + 10_000;
    for (const url of [`https://127.0.0.1:${ports.https}/`, `https://127.0.0.1:${ports.sub}${SUB}`]) {
      for (;;) {
        if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}: ${stderr}`);
        try {
          if ((await get(url)).status === 200) break;
        } catch {
          /* not yet */
        }
        if (Date.now() > deadline) throw new Error(`${url} did not answer: ${stderr}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  } catch (e) {
    await stop();
    throw e;
  }
  return { child, stop };
}

export interface Raw {
  status: number;
  headers: IncomingHttpHeaders;
  /** The body as sent: not decoded. */
  body: Buffer;
}

/** One GET (or `method`), raw: the body is not decoded, certificates are not checked (the test's own). */
export function get(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Raw> {
  const u = new URL(url);
  const send = u.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((ok, fail) => {
    const req = send(u, { method, headers, rejectUnauthorized: false, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => ok({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', fail);
    });
    req.on('error', fail);
    req.setTimeout(10_000, () => req.destroy(new Error(`${url}: timed out`)));
    req.end();
  });
}
