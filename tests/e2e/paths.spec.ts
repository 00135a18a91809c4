import { test, expect, Page } from '@playwright/test';
import { METTE, METTE_DEVICE, TENANT, TOKEN, reset, site } from './helpers';
import { text } from './i18n';

// Issue 18, part 2 and 4: any page path starts the console (trailing slashes
// too), links and the back button keep the query, and no form ever submits
// natively.

test.beforeEach(async () => {
  await reset();
});

const HEADINGS: [string, string][] = [
  ['/softphones/', 'Softphones'],
  ['/pbx/', 'PBX connections'],
  ['/bulk/', 'Bulk assignment'],
  ['/mobile-config/', 'Mobile config copy'],
  ['/pbx//', 'PBX connections'],
  ['/index.html', 'Softphones'],
];

test('every page starts with a trailing slash, fetching config.json, the chunks and the tables from the base', async ({ page }) => {
  const fetched: string[] = [];
  page.on('request', (r) => {
    if (r.url().startsWith(site())) fetched.push(new URL(r.url()).pathname);
  });
  for (const [path, heading] of HEADINGS) {
    await page.goto(`${site()}${path}`);
    await expect(page.getByRole('heading', { name: heading, level: 1 })).toBeVisible();
    await expect(page.getByText('Switchboard could not start')).toHaveCount(0);
  }
  await page.goto(`${site()}/pbx/?lang=fr`);
  await expect(page.getByRole('heading', { name: text('fr', 'PBX connections'), level: 1 })).toBeVisible();
  // Everything the pages fetched from the console's origin is at the base
  // (the document requests are the pages themselves).
  const files = fetched.filter((p) => !HEADINGS.some(([h]) => h === p) && p !== '/pbx/');
  expect(files).toContain('/config.json');
  expect(files).toContain('/i18n/fr.json');
  expect(files.some((p) => /^\/split_[a-z_]+-[0-9a-f]{16}\.wasm$/.test(p)), files.join(' ')).toBe(true);
  for (const p of files) expect(p, 'fetched from the base, not below the page').toMatch(/^\/(i18n\/)?[^/]+$/);
});

/** The top bar's links, in order: Softphones, Bulk, PBX, Mobile config. */
const nav = (page: Page, i: number) => page.locator('header nav a').nth(i);

test('links and the back and forward buttons keep the query (?lang=fr)', async ({ page }) => {
  await page.goto(`${site()}/softphones?lang=fr`);
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  for (const [i, path] of [[0, '/softphones'], [1, '/bulk'], [2, '/pbx'], [3, '/mobile-config']] as const) {
    await expect(nav(page, i)).toHaveAttribute('href', `${path}?lang=fr`);
  }
  await nav(page, 2).click();
  await expect(page.getByRole('heading', { name: text('fr', 'PBX connections'), level: 1 })).toBeVisible();
  expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe('/pbx?lang=fr');
  await nav(page, 1).click();
  await expect(page.getByRole('heading', { name: text('fr', 'Bulk assignment'), level: 1 })).toBeVisible();
  expect(page.url()).toBe(`${site()}/bulk?lang=fr`);

  await page.goBack();
  await expect(page.getByRole('heading', { name: text('fr', 'PBX connections'), level: 1 })).toBeVisible();
  expect(page.url()).toBe(`${site()}/pbx?lang=fr`);
  await page.goBack();
  await expect(page.getByRole('heading', { name: text('fr', 'Softphones'), level: 1 })).toBeVisible();
  expect(page.url()).toBe(`${site()}/softphones?lang=fr`);
  await page.goForward();
  await expect(page.getByRole('heading', { name: text('fr', 'PBX connections'), level: 1 })).toBeVisible();

  // A reload (or a link opened in a new tab) is still in French.
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(page.getByRole('heading', { name: text('fr', 'PBX connections'), level: 1 })).toBeVisible();

  // The skip link stays on the page (a bare #main would resolve against the
  // <base href> and leave it).
  const skip = page.getByRole('link', { name: text('fr', 'Skip to content') });
  await expect(skip).toHaveAttribute('href', '/pbx?lang=fr#main');
  await skip.focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(`${site()}/pbx?lang=fr#main`);
  await expect(page.getByRole('heading', { name: text('fr', 'PBX connections'), level: 1 })).toBeVisible();
});

/**
 * Calls `form.submit()` on form `i` of the page (what a script, or a click
 * after the wasm stopped, would do) and checks that nothing happened: same
 * address, same document (a marker set before survives), the policy said no.
 */
async function submitNatively(page: Page, i: number) {
  const before = page.url();
  await page.evaluate(() => {
    const w = window as unknown as { __marker: number; __violations: string[] };
    w.__marker = 42;
    w.__violations = w.__violations ?? [];
    document.addEventListener('securitypolicyviolation', (e) => w.__violations.push(e.violatedDirective));
  });
  await page.evaluate((n) => document.forms[n].submit(), i);
  // A navigation, if one started, would have replaced the document by now.
  await page.waitForTimeout(500);
  expect(page.url()).toBe(before);
  expect(await page.evaluate(() => (window as unknown as { __marker?: number }).__marker)).toBe(42);
  expect(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations)).toContain('form-action');
}

test('a native submit of any form leaves the address, and the secrets, where they were', async ({ page }) => {
  // Softphones, filled in (the session panel's token too).
  await page.goto(`${site()}/softphones`);
  await page.getByRole('combobox', { name: 'Customer', exact: true }).fill(TENANT);
  await page.getByLabel('Bearer token').fill(TOKEN);
  await page.getByRole('combobox', { name: 'User', exact: true }).fill(METTE);
  await page.getByLabel('Device id').fill(METTE_DEVICE);
  await page.getByRole('radio', { name: 'Desktop' }).check();
  const forms = await page.evaluate(() => document.forms.length);
  expect(forms).toBeGreaterThan(0);
  for (let i = 0; i < forms; i++) await submitNatively(page, i);
  // Nothing in the page would name a field in a submitted query but the
  // radios (a client type is no secret).
  expect(await page.locator('input[name]:not([type=radio]), select[name], textarea[name]').count()).toBe(0);

  // PBX connections, with a secret typed.
  await page.goto(`${site()}/pbx`);
  await expect(page.getByRole('heading', { name: 'PBX connections', level: 1 })).toBeVisible();
  const pbxForms = await page.evaluate(() => document.forms.length);
  expect(pbxForms).toBeGreaterThan(0);
  for (let i = 0; i < pbxForms; i++) await submitNatively(page, i);

  // The Telecom X login, e-mail and password typed.
  await page.goto(`${site()}/mobile-config`);
  await page.locator('#tx-email').fill('rasmus.kjaer@nordictelecom.example');
  await page.locator('#tx-password').fill('telecomx-demo');
  await submitNatively(page, 0);
  expect(page.url()).not.toContain('telecomx-demo');
  expect(await page.locator('input[name]:not([type=radio])').count()).toBe(0);

  // Logged in: the copy form. (Opened again first: Playwright keeps waiting
  // for the navigation the policy refused, and would not click meanwhile.)
  await page.goto(`${site()}/mobile-config`);
  await page.locator('#tx-email').fill('rasmus.kjaer@nordictelecom.example');
  await page.locator('#tx-password').fill('telecomx-demo');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByText(/^Logged in to Telecom X as/)).toBeVisible();
  const txForms = await page.evaluate(() => document.forms.length);
  expect(txForms).toBeGreaterThan(0);
  for (let i = 0; i < txForms; i++) await submitNatively(page, i);
  expect(page.url()).toBe(`${site()}/mobile-config`);
});
