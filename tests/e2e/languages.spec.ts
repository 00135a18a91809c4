import { test, expect, Page } from '@playwright/test';
import { METTE, METTE_DEVICE, TENANT, TOKEN, portal, reset, site } from './helpers';
import { text } from './i18n';

// Issue 7: the console in English, French and Danish. The language comes
// from the host's init, else ?lang=, else the browser, else English, and can
// be switched in the page.

test.beforeEach(async () => {
  await reset();
});

const assign = (page: Page, lang: 'en' | 'fr' | 'da') => page.getByRole('button', { name: text(lang, 'Assign'), exact: true });

test('?lang= chooses the language; the switcher redraws the console and the session stays', async ({ page }) => {
  await page.goto(`${site()}/softphones?lang=fr`);
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(assign(page, 'fr')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Attribution en masse' })).toBeVisible();
  await expect(page).toHaveTitle('Softphones \u2013 Switchboard');
  await page.getByRole('combobox', { name: text('fr', 'Customer'), exact: true }).fill(TENANT);
  await page.getByLabel(text('fr', 'Bearer token')).fill(TOKEN);

  await page.getByLabel(text('fr', 'Language')).selectOption({ label: 'Dansk' });
  await expect(page.locator('html')).toHaveAttribute('lang', 'da');
  await expect(assign(page, 'da')).toBeVisible();
  await expect(page.getByText(text('da', 'A token is set.'))).toBeVisible();
  await expect(page.getByRole('combobox', { name: text('da', 'Customer'), exact: true })).toHaveValue(TENANT);
  await page.getByRole('link', { name: text('da', 'PBX connections') }).click();
  await expect(page).toHaveTitle(`${text('da', 'PBX connections')} \u2013 Switchboard`);
  await page.getByRole('link', { name: 'Softphones' }).click();

  // An assignment in Danish: the result, its error-free path and the
  // server's time in the Danish format (dd.mm.yyyy, hh.mm.ss).
  await page.getByRole('combobox', { name: text('da', 'User'), exact: true }).fill(METTE);
  await page.getByLabel(text('da', 'Device id')).fill(METTE_DEVICE);
  await page.getByRole('radio', { name: text('da', 'Desktop') }).check();
  await assign(page, 'da').click();
  await expect(page.locator('#sp-result')).toContainText(text('da', 'Done ({status})', { status: '201 Created' }));
  await expect(page.locator('#sp-result .time')).toHaveText(/^Servertid: \d{1,2}\.\d{1,2}\.\d{4},? \d{2}\.\d{2}\.\d{2}\.$/);

  await page.getByLabel(text('da', 'Language')).selectOption({ label: 'English' });
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(assign(page, 'en')).toBeVisible();
});

test('errors and validation messages are translated too', async ({ page }) => {
  await page.goto(`${site()}/softphones?lang=da`);
  await assign(page, 'da').click();
  await expect(page.locator('#sp-device-msg')).toHaveText(text('da', "Enter the device id (the device's id on the PBX)."));
  await expect(page.locator('#sp-client-msg')).toHaveText(text('da', 'Choose the client type to assign the device to.'));
  // A parameterised one, filled: the user id is not a GUID.
  await page.getByRole('combobox', { name: text('da', 'User'), exact: true }).fill('nope');
  await page.getByRole('combobox', { name: text('da', 'Customer'), exact: true }).fill(TENANT);
  await expect(page.locator('#sp-user-msg')).toHaveText(
    text('da', 'Choose a user from the list, or paste its id: a GUID like 1b4e28ba-2fa1-41d2-883f-0016d3cca427.'),
  );
  // An API error sentence: no token.
  await page.getByLabel(text('da', 'Device id')).fill(METTE_DEVICE);
  await page.getByRole('combobox', { name: text('da', 'User'), exact: true }).fill(METTE);
  await page.getByRole('radio', { name: text('da', 'Desktop') }).check();
  await assign(page, 'da').click();
  await expect(page.locator('#session-token-msg')).toHaveText(text('da', "Enter the customer's bearer token to continue."));
});

test("the browser's language is used when nothing else says; ?lang= wins over it", async ({ browser }) => {
  const context = await browser.newContext({ locale: 'da-DK' });
  const page = await context.newPage();
  await page.goto(`${site()}/bulk`);
  await expect(page.getByRole('heading', { name: text('da', 'Bulk assignment') })).toBeVisible();
  await page.goto(`${site()}/bulk?lang=en`);
  await expect(page.getByRole('heading', { name: 'Bulk assignment' })).toBeVisible();
  await page.goto(`${site()}/bulk?lang=xx`);
  await expect(page.getByRole('heading', { name: text('da', 'Bulk assignment') })).toBeVisible();
  await context.close();
});

test("embedded, the host's locale wins over ?lang=", async ({ page }) => {
  await page.route(`${portal()}/portal.js`, (route) => route.fulfill({ contentType: 'text/javascript', body: '' }));
  await page.goto(`${portal()}/`);
  await page.evaluate((src) => {
    (document.getElementById('console') as HTMLIFrameElement).src = src;
  }, `${site()}/?lang=fr`);
  const frame = page.frameLocator('#console');
  await expect(frame.getByText(text('fr', 'Waiting for your portal to start the console\u2026'))).toBeVisible();
  await page.evaluate(
    ({ init, origin }) => (document.getElementById('console') as HTMLIFrameElement).contentWindow!.postMessage(init, origin),
    {
      init: { protocol: 'switchboard', version: 1, type: 'init', tenant: TENANT, token: TOKEN, locale: 'da-DK', page: 'pbx' },
      origin: new URL(site()).origin,
    },
  );
  await expect(frame.getByRole('heading', { name: text('da', 'PBX connections') })).toBeVisible();
  await expect(frame.locator('html')).toHaveAttribute('lang', 'da');
});

test('a table that cannot be loaded leaves the console in its language and says so', async ({ page }) => {
  await page.route('**/i18n/fr.json', (route) => route.abort());
  await page.goto(`${site()}/softphones`);
  await page.getByLabel('Language').selectOption({ label: 'Fran\u00e7ais' });
  await expect(page.getByRole('alert').filter({ hasText: 'This language could not be loaded.' })).toBeVisible();
  await expect(assign(page, 'en')).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  // At start-up too: English, not a broken page.
  await page.goto(`${site()}/softphones?lang=fr`);
  await expect(assign(page, 'en')).toBeVisible();
});
