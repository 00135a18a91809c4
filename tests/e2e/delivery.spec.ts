import { test, expect, Response } from '@playwright/test';
import { portal, sandboxApi, site } from './helpers';

// Issue 8, part 3: the release build's precompressed copies reach the browser
// with Content-Encoding, hashed assets are cached for a year, and the files
// that name them (index.html, config.json) are never cached. Trunk's hash is
// a 64-bit number in hex without leading zeros: 16 digits, sometimes fewer.

const YEAR = 'public, max-age=31536000, immutable';

test('the first page arrives brotli-compressed with the right cache rules', async ({ page }) => {
  const responses: Response[] = [];
  page.on('response', (r) => responses.push(r));
  await page.goto(`${site()}/softphones`);
  await expect(page.getByRole('heading', { name: 'Softphones' })).toBeVisible();

  const byKind = (re: RegExp) => responses.filter((r) => re.test(new URL(r.url()).pathname));
  const documents = responses.filter((r) => r.request().resourceType() === 'document');
  expect(documents).toHaveLength(1);
  const assets = [
    ...byKind(/_bg\.wasm$/),
    ...byKind(/^\/switchboard-[0-9a-f]{8,16}\.js$/),
    ...byKind(/^\/main-[0-9a-f]{8,16}\.css$/),
  ];
  // wasm, its JS glue, the stylesheet: each once.
  expect(assets.map((r) => new URL(r.url()).pathname.split('.').pop()).sort()).toEqual(['css', 'js', 'wasm']);

  for (const r of [...documents, ...assets]) {
    const h = await r.allHeaders();
    expect(h['content-encoding'], r.url()).toBe('br');
    expect(h['vary'], r.url()).toMatch(/accept-encoding/i);
  }
  for (const r of assets) expect((await r.allHeaders())['cache-control'], r.url()).toBe(YEAR);
  expect((await documents[0].allHeaders())['cache-control']).toBe('no-cache');
  expect((await documents[0].allHeaders())['content-type']).toMatch(/^text\/html/);

  const wasm = byKind(/_bg\.wasm$/)[0];
  expect((await wasm.allHeaders())['content-type']).toBe('application/wasm');

  const config = byKind(/^\/config\.json$/);
  expect(config).toHaveLength(1);
  const configHeaders = await config[0].allHeaders();
  expect(configHeaders['cache-control']).toBe('no-cache');
  expect(configHeaders['content-encoding']).toBeUndefined();
});

test('a client that accepts only gzip gets gzip, one that accepts nothing gets the plain file', async ({ request }) => {
  const html = await (await request.get(`${site()}/`, { headers: { 'accept-encoding': 'identity' } })).text();
  const wasmPath = html.match(/\/switchboard-[0-9a-f]{8,16}_bg\.wasm/)?.[0];
  expect(wasmPath, 'index.html names the hashed wasm').toBeTruthy();

  // Node's fetch would decode the body; read the raw headers and length instead.
  const raw = async (encoding: string) => {
    const res = await fetch(`${site()}${wasmPath}`, { headers: { 'accept-encoding': encoding } });
    const bytes = new Uint8Array(await res.arrayBuffer());
    return { encoding: res.headers.get('content-encoding'), bytes };
  };
  const gz = await raw('gzip');
  const plain = await raw('identity');
  expect(gz.encoding).toBe('gzip');
  expect(plain.encoding).toBeNull();
  // Decoded, both are the same wasm module (magic number \0asm).
  expect(Array.from(gz.bytes.slice(0, 4))).toEqual([0, 0x61, 0x73, 0x6d]);
  expect(gz.bytes).toEqual(plain.bytes);
});

// Issue 6, part 4: a Content-Security-Policy without inline scripts, and the
// console still starts under it.
test('the page is served with a strict CSP and the console starts under it', async ({ page }) => {
  await page.addInitScript(() => {
    const w = window as unknown as { __violations: string[] };
    w.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const response = await page.goto(`${site()}/softphones`);
  const policy = (await response!.allHeaders())['content-security-policy'];
  expect(policy).toContain("script-src 'self' 'wasm-unsafe-eval';");
  expect(policy).not.toContain('unsafe-inline');
  expect(policy).not.toContain("'unsafe-eval'");
  // The tests' config lets the demo portal, and only it, embed the console.
  expect(policy).toContain(`frame-ancestors ${portal()};`);
  expect(policy).toContain(`connect-src 'self' ${new URL(sandboxApi()).origin};`);
  // No form submits natively (issue 18); <base href> only to this origin.
  expect(policy).toContain("form-action 'none'");
  expect(policy).toContain("base-uri 'self'");

  // The console works under it: the start-up script is a file, not inline.
  await expect(page.getByRole('button', { name: 'Assign', exact: true })).toBeEnabled();
  expect(await page.locator('script:not([src])').count()).toBe(0);
  const violations = await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
  expect(violations).toEqual([]);
});

// Issue 18, part 3: the same hardened headers on every kind of answer of the
// static listener: the page, its files, config.json, a translation table, a
// 404 and a 405.
test('every answer carries nosniff, no-referrer and the policy with form-action none', async ({ request }) => {
  const html = await (await request.get(`${site()}/`)).text();
  const assets = [...html.matchAll(/(?:href|src)="?\.?\/?([a-z_]+-[0-9a-f]{8,16}(?:_bg)?\.(?:js|css|wasm))/g)].map((m) => `/${m[1]}`);
  expect(assets.length).toBeGreaterThanOrEqual(4);
  for (const [path, method, status] of [
    ['/', 'GET', 200],
    ['/pbx/', 'GET', 200],
    ['/index.html', 'GET', 200],
    ...assets.map((a) => [a, 'GET', 200]),
    ['/config.json', 'GET', 200],
    ['/i18n/fr.json', 'GET', 200],
    ['/switchboard-0123456789abcdef_bg.wasm', 'GET', 404],
    ['/', 'POST', 405],
  ] as [string, string, number][]) {
    const res = await request.fetch(`${site()}${path}`, { method });
    expect(res.status(), `${method} ${path}`).toBe(status);
    const h = res.headers();
    expect(h['x-content-type-options'], path).toBe('nosniff');
    expect(h['referrer-policy'], path).toBe('no-referrer');
    expect(h['content-security-policy'], path).toContain("form-action 'none'");
    expect(h['content-security-policy'], path).toContain("base-uri 'self'");
  }
});
