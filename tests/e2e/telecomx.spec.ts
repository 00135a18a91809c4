import { test, expect, Page } from '@playwright/test';
import { control, fault, requests, reset, site } from './helpers';
import { TEST_TIMEOUT_SECONDS } from './sandbox';

// Telecom X sandbox data (sandbox/README.md, "The Telecom X API").
const PASSWORD = 'telecomx-demo';
const RESELLER = 'rasmus.kjaer@nordictelecom.example'; // RESELLER; Acme and Fjordline are his
const PERSONAL = 'peter.madsen@acme-logistics.example'; // PERSONAL at Acme
const TWO_FACTOR = 'henrik.lund@acme-logistics.example'; // OWNER, SMS code 424242
const NORDIC = 'c0ffee000000000000000001';
const ACME = 'c0ffee000000000000000002';
const FJORDLINE = 'c0ffee000000000000000003';
const METTE = 'ee0000000000000000002001';
const LARS = 'ee0000000000000000002002'; // the demo source (SPEED_DIALS too; a hostile colleague)
const PETER = 'ee0000000000000000002004'; // the demo target
const NORA = 'ee0000000000000000003001';
const OLE = 'ee0000000000000000003002'; // Fjordline, no config

const telecomx = (body: Record<string, unknown>) => control('telecomx', { method: 'POST', body });

interface Config {
  _id: string;
  configs: { type: string; items: { _id: string; name: string }[] }[];
}
const configOf = async (id: string): Promise<Config | undefined> =>
  (await control('state')).telecomx.mobileConfigs.find((c: Config) => c._id === id);

const target = (page: Page) => page.getByRole('combobox', { name: 'Employee to overwrite' });
const source = (page: Page) => page.getByRole('combobox', { name: 'Copy the config of' });
const copyButton = (page: Page) => page.getByRole('button', { name: /^Copy and overwrite the config of/ });
const outcome = (page: Page) => page.locator('#tx-result');

async function logIn(page: Page, email: string, code?: string) {
  await page.locator('#tx-email').fill(email);
  await page.locator('#tx-password').fill(PASSWORD);
  if (code) await page.getByLabel('SMS code').fill(code);
  await page.getByRole('button', { name: 'Log in' }).click();
}

async function openAndLogIn(page: Page, email = RESELLER) {
  await page.goto(`${site()}/mobile-config`);
  await expect(page.getByRole('heading', { name: 'Log in to Telecom X' })).toBeVisible();
  await logIn(page, email);
  await expect(page.getByText(/^Logged in to Telecom X as/)).toBeVisible();
}

/** Pastes ids into the customer, target and source fields. */
async function paste(page: Page, customer: string, to: string, from: string) {
  await page.getByLabel('Customer id').fill(customer);
  await target(page).fill(to);
  await source(page).fill(from);
}

test.beforeEach(async ({ page }) => {
  await reset();
  page.on('dialog', (d) => {
    throw new Error(`unexpected dialog: ${d.message()}`);
  });
});

test('log in, see who and until when, log out; the token stays out of URL and storage', async ({ page }) => {
  await openAndLogIn(page);
  await expect(page.locator('.tx-session')).toContainText(/^Logged in to Telecom X as Rasmus Kjær \(RESELLER\), expires in 1[45] min\./);
  // Starts on the reseller's own company; the Dimensions session panel is not shown here.
  await expect(page.getByLabel('Customer id')).toHaveValue(NORDIC);
  await expect(page.getByLabel('Bearer token')).toBeHidden();
  expect(page.url()).toBe(`${site()}/mobile-config`);
  expect(await page.evaluate(() => localStorage.length + sessionStorage.length)).toBe(0);
  const login = (await requests()).find((r) => r.path === '/telecomx/auth/login')!;
  expect(login.hasAuthorization).toBe(false);
  expect(login.body).toEqual({ username: RESELLER, password: '<redacted>' });

  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page.getByText('Logged out of Telecom X.')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Log in to Telecom X' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Copy a mobile config' })).toBeHidden();
  const logout = (await requests()).find((r) => r.path === '/telecomx/auth/logout')!;
  expect(logout.hasAuthorization).toBe(true);
  const tokens = (await control('state')).telecomx.tokens;
  expect(tokens.filter((t: { expired: boolean }) => !t.expired)).toEqual([]);
});

test('a bad password shows the server reason and keeps what was typed; a code is asked for', async ({ page }) => {
  await page.goto(`${site()}/mobile-config`);
  await page.locator('#tx-email').fill(RESELLER);
  await page.locator('#tx-password').fill('wrong-password');
  await page.getByRole('button', { name: 'Log in' }).click();
  const said = page.locator('#tx-login-result');
  await expect(said).toContainText('Telecom X refused the login (401).');
  await expect(said).toContainText('The e-mail address or the password is wrong.');
  await expect(page.locator('#tx-email')).toHaveValue(RESELLER);
  await expect(page.locator('#tx-password')).toHaveValue('wrong-password');

  // Nothing typed: said next to the fields, nothing sent.
  await page.locator('#tx-email').fill('');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.locator('#tx-email-msg')).toHaveText('Enter the e-mail address you log in to Telecom X with.');
  await expect(page.locator('#tx-email')).toBeFocused();

  // An account with SMS validation: the server asks for the code, then takes it.
  await logIn(page, TWO_FACTOR);
  await expect(said).toContainText('A code is needed');
  await logIn(page, TWO_FACTOR, '424242');
  await expect(page.getByText(/^Logged in to Telecom X as Henrik Lund \(OWNER\)/)).toBeVisible();
  const bodies = (await requests()).filter((r) => r.path === '/telecomx/auth/login').map((r) => r.body);
  expect(bodies.at(-1)).toEqual({ username: TWO_FACTOR, password: '<redacted>', smsKey: '424242' });
});

test('copy end to end: find the target past the first page, pick the source, preview, overwrite', async ({ page }) => {
  await openAndLogIn(page);
  await page.getByLabel('Customer id').fill(ACME);
  // An empty field lists the first 100 employees; "Load more" fetches the rest.
  await target(page).click();
  const options = page.locator('#tx-target-list [role=option]');
  await expect(options).toHaveCount(101); // 100 and "Load more"
  await page.locator('#tx-target-more').click();
  await expect(options).toHaveCount(148);
  const pages = (await requests()).filter((r) => r.path === '/telecomx/employee' && !r.query!.includes('limit=500'));
  expect(pages.map((r) => r.query)).toEqual([
    `customer=${ACME}&offset=0&limit=100`,
    `customer=${ACME}&offset=100&limit=100`,
  ]);
  // Typing searches at Telecom X.
  await target(page).fill('madsen');
  await page.getByRole('option', { name: /Peter Madsen/ }).click();
  await expect(target(page)).toHaveValue('Peter Madsen');

  await source(page).fill('lars');
  await page.getByRole('option', { name: /Lars Nielsen/ }).click();

  const rows = page.locator('table.diff tbody tr');
  await expect(rows).toHaveCount(3);
  await expect(page.locator('table.diff thead')).toContainText('Now (Peter Madsen)');
  await expect(rows.nth(2)).toContainText('SPEED_DIALS');
  await expect(rows.nth(2)).toContainText('+ added: Reception');
  const lars = (await configOf(LARS))!;
  const before = await configOf(PETER);
  expect(before!.configs).not.toEqual(lars.configs);

  await expect(copyButton(page)).toHaveText('Copy and overwrite the config of Peter Madsen');
  await copyButton(page).click();
  await expect(outcome(page)).toContainText('Copied: the mobile config of Peter Madsen is now');
  await expect(outcome(page)).toContainText('SPEED_DIALS');
  await expect(outcome(page)).toBeFocused();
  expect((await configOf(PETER))!.configs).toEqual(lars.configs);
  const copies = (await requests()).filter((r) => r.method === 'POST' && r.path.includes('mobileconfig'));
  expect(copies).toHaveLength(1);
  expect(copies[0].path).toBe('/telecomx/pbx/app/mobileconfig/');
  expect(copies[0].body).toEqual({ _id: LARS, copyTo: PETER });
});

test('a low access level gets 403 with the level the target needs', async ({ page }) => {
  await openAndLogIn(page, PERSONAL);
  // PERSONAL may not list the company's employees or configs.
  await target(page).fill('mette');
  await expect(page.locator('#tx-target').locator('..').locator('.combo-status')).toContainText('The employee search failed. Your access level does not allow this (403).');
  await paste(page, ACME, METTE, LARS);
  await expect(page.locator('.preview')).toContainText('The config to copy could not be read.');
  await copyButton(page).click();
  await expect(outcome(page)).toContainText('The config was not copied.');
  await expect(outcome(page)).toContainText('Your access level does not allow this (403).');
  await expect(outcome(page)).toContainText('needs access level VIEWER');
  await expect(outcome(page)).toContainText(
    'Overwriting an employee of your own company needs access level VIEWER or higher; you are logged in as PERSONAL.',
  );
  await expect(target(page)).toHaveValue(METTE);
  await expect(source(page)).toHaveValue(LARS);
});

test('404, 400, a server error, a network failure and a timeout are each said plainly, nothing chosen is lost', async ({ page }) => {
  await openAndLogIn(page);
  await paste(page, FJORDLINE, OLE, NORA);
  await expect(page.locator('.preview')).toContainText('This employee has no mobile config yet');
  await copyButton(page).click();
  await expect(outcome(page)).toContainText('Telecom X could not find it (404)');
  await expect(outcome(page)).toContainText('create one first');

  await page.getByLabel('Customer id').fill(ACME);
  await target(page).fill(PETER);
  await source(page).fill(LARS);
  for (const [f, said] of [
    [{ status: 400, body: { error: { code: 'bad_request', message: 'copyTo is not valid', status: 400, path: 'copyTo' } } }, 'Telecom X rejected the request as not valid (400), field “copyTo”. Telecom X said: “copyTo is not valid”'],
    [{ status: 500, body: { error: { code: 'internal_error', message: 'Database unavailable', status: 500 } } }, 'Telecom X failed (500). Try again in a moment. Telecom X said: “Database unavailable”'],
    [{ drop: true, times: 0 }, 'Telecom X could not be reached.'],
    [{ delayMs: (TEST_TIMEOUT_SECONDS + 2) * 1000 }, `Telecom X did not answer within ${TEST_TIMEOUT_SECONDS} seconds.`],
  ] as const) {
    await control('fault', { method: 'DELETE' });
    await fault({ match: '/telecomx/pbx/app/mobileconfig/', method: 'POST', ...f });
    await copyButton(page).click();
    await expect(outcome(page)).toContainText(said, { timeout: (TEST_TIMEOUT_SECONDS + 3) * 1000 });
    await expect(target(page)).toHaveValue(PETER);
    await expect(source(page)).toHaveValue(LARS);
  }
  await control('fault', { method: 'DELETE' });
});

test('a login that expires mid-flow: log in again and the copy carries on', async ({ page }) => {
  await openAndLogIn(page);
  await paste(page, ACME, PETER, LARS);
  await expect(page.locator('table.diff')).toBeVisible();
  await telecomx({ expireTokens: true });

  await copyButton(page).click();
  await expect(page.getByRole('heading', { name: 'Log in to Telecom X' })).toBeVisible();
  await expect(page.getByText('Your Telecom X login has expired (401). Log in again; what you chose is kept.')).toBeVisible();
  // What was chosen is still there, and the e-mail is filled in.
  await expect(target(page)).toHaveValue(PETER);
  await expect(source(page)).toHaveValue(LARS);
  await expect(page.locator('#tx-email')).toHaveValue(RESELLER);
  expect((await configOf(PETER))!.configs).not.toEqual((await configOf(LARS))!.configs);

  await page.locator('#tx-password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  // No second click: the waiting copy went again with the new token.
  await expect(outcome(page)).toContainText('Copied: the mobile config of');
  expect((await configOf(PETER))!.configs).toEqual((await configOf(LARS))!.configs);
  const copies = (await requests()).filter((r) => r.method === 'POST' && r.path === '/telecomx/pbx/app/mobileconfig/');
  expect(copies).toHaveLength(2); // the refused one and the one that went through
});

test('hostile employee names are shown as text', async ({ page }) => {
  await openAndLogIn(page);
  await page.getByLabel('Customer id').fill(ACME);
  await target(page).fill('<img');
  const hostile = page.getByRole('option', { name: /<img src=x onerror=alert\(1\)>/ });
  await expect(hostile).toBeVisible();
  await hostile.click();
  await expect(target(page)).toHaveValue('<img src=x onerror=alert(1)>');
  await source(page).fill('lars');
  await page.getByRole('option', { name: /Lars Nielsen/ }).click();
  await expect(page.locator('table.diff')).toContainText('<img src=x onerror=alert(1)>');
  await expect(copyButton(page)).toHaveText('Copy and overwrite the config of <img src=x onerror=alert(1)>');
  await copyButton(page).click();
  await expect(outcome(page)).toContainText('Copied: the mobile config of <img src=x onerror=alert(1)> is now');
  expect(await page.locator('img').count()).toBe(0);
});
