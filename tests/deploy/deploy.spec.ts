import { test, expect, Page } from '@playwright/test';
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { IncomingHttpHeaders } from 'node:http';
import { ROOT, SITE_FILE, get } from './nginx';

// Issue 18: the release build as docs/deploy.md deploys it, served by nginx
// with deploy/nginx/switchboard.conf (global-setup.ts), at / and under
// /console/, with the sandbox as the API.

const TOKEN = 'demo-token-7f3c9a';
const TENANT = '11111111-2222-4333-8444-555555555555';
const METTE = '11111111-0000-4000-8000-000000000001';
const METTE_DEVICE = '5eed0000000000000000000000001011';

const api = () => process.env.SANDBOX_API!;
const atRoot = () => process.env.DEPLOY_ROOT!; // https://127.0.0.1:P/
const atSub = () => process.env.DEPLOY_SUB!; // https://127.0.0.1:Q/console/
const BASES: [string, () => string, string][] = [
  ['at /', atRoot, 'root'],
  ['under /console/', atSub, join('sub', 'console')],
];
/** The copy of the build that `base` serves (with this run's config.json). */
const served = (dir: string) => join(process.env.DEPLOY_PREFIX!, dir);

const YEAR = 'public, max-age=31536000, immutable';
const HASHED = /-[0-9a-f]{8,16}(_bg)?\.(wasm|js|css)$/;
const TYPES: Record<string, RegExp> = {
  html: /^text\/html$/,
  js: /^(application|text)\/javascript$/,
  css: /^text\/css$/,
  wasm: /^application\/wasm$/,
  json: /^application\/json$/,
};

async function controlReset() {
  const res = await fetch(`${api()}/__sandbox/reset`, {
    method: 'POST',
    headers: { 'x-sandbox-control': '1', 'content-type': 'application/json' },
  });
  expect(res.status).toBe(200);
}

test.beforeEach(async () => {
  await controlReset();
});

/** The hardened headers of docs/deploy.md, HSTS included (this is the production example). */
function expectHardened(h: IncomingHttpHeaders | Record<string, string>, what: string) {
  expect(h['x-content-type-options'], what).toBe('nosniff');
  expect(h['referrer-policy'], what).toBe('no-referrer');
  expect(h['strict-transport-security'], what).toBe('max-age=63072000; includeSubDomains');
  const csp = String(h['content-security-policy'] ?? '');
  for (const part of [
    "default-src 'self';",
    "script-src 'self' 'wasm-unsafe-eval';",
    `connect-src 'self' ${api()};`,
    "frame-ancestors 'none';",
    "base-uri 'self';",
    "object-src 'none';",
    "form-action 'none'",
  ]) {
    expect(csp, `${what}: ${part}`).toContain(part);
  }
  expect(csp, what).not.toContain('unsafe-inline');
}

/** Every file of the served build but the precompressed copies, relative to it. */
function files(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (!/\.(br|gz)$/.test(name)) out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out.sort();
}

async function watchViolations(page: Page) {
  await page.addInitScript(() => {
    const w = window as unknown as { __violations: string[] };
    w.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
}
const violations = (page: Page) => page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);

for (const [where, base, copy] of BASES) {
  test(`${where}: the console starts under its policy with no violation, and an assignment works`, async ({ page }) => {
    await watchViolations(page);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const response = await page.goto(`${base()}softphones`);
    expectHardened(await response!.allHeaders(), 'the page');
    await expect(page.getByRole('heading', { name: 'Softphones', level: 1 })).toBeVisible();
    await page.getByRole('combobox', { name: 'Customer', exact: true }).fill(TENANT);
    await page.getByLabel('Bearer token').fill(TOKEN);
    await page.getByRole('combobox', { name: 'User', exact: true }).fill(METTE);
    await page.getByLabel('Device id').fill(METTE_DEVICE);
    await page.getByRole('radio', { name: 'Desktop' }).check();
    await page.getByRole('button', { name: 'Assign', exact: true }).click();
    await expect(page.locator('#sp-result')).toContainText('Done (201 Created)');
    const state = await (await fetch(`${api()}/__sandbox/state`, { headers: { 'x-sandbox-control': '1' } })).json();
    expect(state.assignments.filter((a: { deviceId: string }) => a.deviceId === METTE_DEVICE)).toEqual([
      { deviceId: METTE_DEVICE, userId: METTE, customerId: TENANT, clientType: 'desktop' },
    ]);
    // The pages split into wasm chunks load too, under the same policy.
    await page.locator('header nav a').nth(1).click();
    await expect(page.getByRole('heading', { name: 'Bulk assignment', level: 1 })).toBeVisible();
    await page.locator('header nav a').nth(3).click();
    await expect(page.getByRole('heading', { name: 'Log in to Telecom X' })).toBeVisible();
    expect(await violations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  test(`${where}: every file has its Content-Type, precompressed copies with Content-Encoding and Vary, the cache rules and the headers`, async () => {
    const dir = served(copy);
    const names = files(dir);
    for (const kind of ['index.html', 'config.json', 'i18n/fr.json']) expect(names).toContain(kind);
    expect(names.filter((n) => n.endsWith('.wasm')).length).toBeGreaterThanOrEqual(3); // main + chunks
    for (const name of names) {
      const url = `${base()}${name}`;
      const ext = name.split('.').pop()!;
      const compressed = existsSync(join(dir, `${name}.br`));
      for (const [accept, encoding] of [
        ['gzip, deflate, br', compressed ? 'br' : undefined],
        ['gzip', compressed ? 'gzip' : undefined],
        ['identity', undefined],
      ] as [string, string | undefined][]) {
        const r = await get(url, { 'accept-encoding': accept });
        const what = `${name} (${accept})`;
        expect(r.status, what).toBe(200);
        expect(String(r.headers['content-type']), what).toMatch(TYPES[ext] ?? /^$/);
        expect(r.headers['content-encoding'], what).toBe(encoding);
        const file = encoding === 'br' ? `${name}.br` : encoding === 'gzip' ? `${name}.gz` : name;
        expect(r.body.equals(readFileSync(join(dir, file))), `${what}: the bytes of ${file}`).toBe(true);
        if (compressed) expect(String(r.headers['vary']), what).toMatch(/accept-encoding/i);
        expect(r.headers['cache-control'], what).toBe(HASHED.test(name) ? YEAR : 'no-cache');
        expectHardened(r.headers, what);
      }
    }
    // config.json has no compressed copy on purpose (a stale one would hide an edit).
    expect(existsSync(join(dir, 'config.json.br'))).toBe(false);
  });
}

test('client-side paths answer index.html, with and without a trailing slash; a missing file answers 404', async () => {
  const index = readFileSync(join(served('root'), 'index.html'));
  const subIndex = readFileSync(join(served(join('sub', 'console')), 'index.html'));
  const root = atRoot().slice(0, -1);
  const sub = new URL(atSub()).origin;
  for (const [url, body] of [
    [`${root}/`, index],
    [`${root}/softphones`, index],
    [`${root}/pbx`, index],
    [`${root}/pbx/`, index],
    [`${root}/bulk/?lang=fr`, index],
    [`${root}/mobile-config`, index],
    [`${root}/no/such/page`, index],
    [`${sub}/console/`, subIndex],
    [`${sub}/console/pbx/`, subIndex],
    [`${sub}/console/bulk`, subIndex],
  ] as [string, Buffer][]) {
    const r = await get(url, { 'accept-encoding': 'identity' });
    expect(r.status, url).toBe(200);
    expect(String(r.headers['content-type']), url).toMatch(/^text\/html/);
    expect(r.body.equals(body), `${url} is index.html`).toBe(true);
    expect(r.headers['cache-control'], url).toBe('no-cache');
    expectHardened(r.headers, url);
  }
  // The base without its slash is sent to the base, query and all.
  const bare = await get(`${sub}/console?lang=fr`);
  expect(bare.status).toBe(301);
  expect(new URL(String(bare.headers.location), sub).pathname + new URL(String(bare.headers.location), sub).search).toBe('/console/?lang=fr');

  for (const url of [
    `${root}/switchboard-0123456789abcdef_bg.wasm`,
    `${root}/main-0123456789abcdef.css`,
    `${root}/split_mobile_config-0123456789abcdef.wasm`,
    `${root}/start-0123456789abcdef.js`,
    `${root}/pbx/config.json`,
    `${root}/i18n/xx.json`,
    `${sub}/console/switchboard-0123456789abcdef.js`,
    `${sub}/console/pbx/main-0123456789abcdef.css`,
  ]) {
    const r = await get(url, { 'accept-encoding': 'gzip, br' });
    expect(r.status, url).toBe(404);
    expect(r.body.includes('<base'), `${url} is not index.html`).toBe(false);
    // A 404 is not kept: the file may come with the next deployment.
    expect(r.headers['cache-control'], url).toBe('no-cache');
    expectHardened(r.headers, url);
  }
});

test('under /console/: config.json, the chunks and the tables come from the base; links and the back button keep it and the query', async ({ page }) => {
  await watchViolations(page);
  const origin = new URL(atSub()).origin;
  const fetched: string[] = [];
  page.on('request', (r) => {
    if (r.url().startsWith(origin) && r.resourceType() !== 'document') fetched.push(new URL(r.url()).pathname);
  });
  await page.goto(`${atSub()}pbx/?lang=fr`);
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(page.getByRole('heading', { name: 'Connexions PBX', level: 1 })).toBeVisible();
  for (const [i, name] of ['softphones', 'bulk', 'pbx', 'mobile-config'].entries()) {
    await expect(page.locator('header nav a').nth(i)).toHaveAttribute('href', `/console/${name}?lang=fr`);
  }
  await page.locator('header nav a').nth(3).click();
  await expect(page.getByRole('heading', { name: 'Se connecter à Telecom X' })).toBeVisible();
  expect(page.url()).toBe(`${atSub()}mobile-config?lang=fr`);
  await page.goBack();
  await expect(page.getByRole('heading', { name: 'Connexions PBX', level: 1 })).toBeVisible();
  expect(page.url()).toBe(`${atSub()}pbx/?lang=fr`);
  await page.goForward();
  await expect(page.getByRole('heading', { name: 'Se connecter à Telecom X' })).toBeVisible();

  expect(fetched).toContain('/console/config.json');
  expect(fetched).toContain('/console/i18n/fr.json');
  expect(fetched.filter((p) => /^\/console\/split_[a-z_]+-[0-9a-f]{16}\.wasm$/.test(p)).length).toBeGreaterThanOrEqual(2);
  for (const p of fetched) expect(p, 'every file from the base').toMatch(/^\/console\/(i18n\/)?[^/]+$/);
  expect(await violations(page)).toEqual([]);
});

test('plain HTTP answers only a redirect to HTTPS', async () => {
  const r = await get(`${process.env.DEPLOY_HTTP}pbx?lang=fr`);
  expect(r.status).toBe(301);
  expect(r.headers.location).toBe('https://127.0.0.1/pbx?lang=fr');
});

test('docs/deploy.md shows the file that is tested, directive for directive', async () => {
  const directives = (text: string) =>
    text
      .split('\n')
      .map((l) => l.replace(/(^|\s)#.*$/, '').trim())
      .filter((l) => l !== '')
      .join('\n');
  const doc = readFileSync(join(ROOT, 'docs', 'deploy.md'), 'utf8');
  const shown = doc.slice(doc.indexOf('## nginx')).match(/```nginx\n([\s\S]*?)```/)?.[1];
  expect(shown, 'an nginx block under "## nginx"').toBeTruthy();
  expect(directives(shown!)).toBe(directives(readFileSync(SITE_FILE, 'utf8')));
});
