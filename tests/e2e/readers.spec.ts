import { test, expect } from '@playwright/test';
import { METTE, METTE_DEVICE, TENANT, TOKEN, control, fault, fillForm, reset, site } from './helpers';

// Issue 19, part 7: what a screen reader meets, found driving the console
// by accessible names: live regions that speak only when something changed,
// names that do not change, formats given as descriptions.

test.beforeEach(async ({ page }) => {
  await reset();
  page.on('dialog', (d) => {
    throw new Error(`unexpected dialog: ${d.message()}`);
  });
});

test('the Telecom X login is announced once, then at 5 minutes and 1 minute left, not at every tick', async ({ page }) => {
  // Tokens of 7 min (the answer gives whole minutes); the page's clock
  // jumps when the test says, and otherwise runs on. The
  // page looks at the clock every 15 s, so each check leaves 15 s of margin.
  await control('telecomx', { method: 'POST', body: { tokenSeconds: 420 } });
  await page.clock.install();
  await page.goto(`${site()}/mobile-config`);
  await page.locator('#tx-email').fill('rasmus.kjaer@nordictelecom.example');
  await page.locator('#tx-password').fill('telecomx-demo');
  await page.getByRole('button', { name: 'Log in' }).click();
  const line = page.locator('.tx-session');
  await expect(line).toContainText('expires in 6 min');
  // The visible line changes with the clock; it is no live region.
  await expect(line).not.toHaveAttribute('role', /.+/);
  const spoken = page.locator('p.visually-hidden[role=status]');
  await expect(spoken).toHaveText('Telecom X: you are logged in as Rasmus Kjær.');
  await page.clock.runFor(145_000);
  await expect(line).toContainText('expires in 4 min');
  await expect(spoken).toHaveText('Your Telecom X login expires in 5 minutes.');
  const said = await spoken.textContent();
  // A minute later the line says 3 minutes; nothing more is announced.
  await page.clock.runFor(60_000);
  await expect(line).toContainText('expires in 3 min');
  await expect(spoken).toHaveText(said!);
  await page.clock.runFor(3 * 60_000);
  await expect(spoken).toHaveText('Your Telecom X login expires in 1 minute.');
});

test('a secret field has one toggle name and a pressed state, the bearer token included', async ({ page }) => {
  await page.goto(`${site()}/softphones`);
  const toggle = page.getByRole('button', { name: 'Show Bearer token' });
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await page.getByLabel('Bearer token').fill(TOKEN);
  await toggle.click();
  // The same name, now pressed; the token shown.
  await expect(page.getByRole('button', { name: 'Show Bearer token' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByLabel('Bearer token')).toHaveAttribute('type', 'text');
  await expect(page.getByRole('button', { name: /Hide/ })).toHaveCount(0);
});

test('the PBX table is no live region; the archive format is a description, not part of the label', async ({ page }) => {
  await page.goto(`${site()}/pbx`);
  await expect(page.locator('#pbx-list')).not.toHaveAttribute('aria-live', /.+/);
  await expect(page.locator('#pbx-notice')).toHaveAttribute('aria-live', 'polite');
  await page.getByRole('radio', { name: '3CX' }).check();
  await page.getByLabel('Recording archive').check();
  const frequency = page.getByLabel('Archive frequency', { exact: true });
  await expect(frequency).toBeVisible();
  await expect(frequency).toHaveAccessibleDescription(/hh:mm:ss/);
});

test('the preview region has a name of its own and its counts are words', async ({ page }) => {
  await page.goto(`${site()}/mobile-config`);
  await page.locator('#tx-email').fill('rasmus.kjaer@nordictelecom.example');
  await page.locator('#tx-password').fill('telecomx-demo');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByLabel('Customer id').fill('c0ffee000000000000000002');
  await page.getByRole('combobox', { name: 'Employee to overwrite' }).fill('ee0000000000000000002004');
  await page.getByRole('combobox', { name: 'Copy the config of' }).fill('ee0000000000000000002002');
  await expect(page.getByRole('heading', { name: 'What the copy changes' })).toBeVisible();
  const region = page.getByRole('region', { name: "The target's entries now and after the copy, side by side" });
  await expect(region).toBeVisible();
  await expect(page.getByRole('region', { name: 'What the copy changes' })).toHaveCount(0);
  // A row header reads "COLLEAGUES, 1 added, 1 removed" (say), not "+1 −1"
  // (Chromium puts a space before the comma of the hidden span).
  const header = region.getByRole('rowheader').first();
  await expect(header).toHaveAccessibleName(/^\w+ ?, \d+ added, \d+ removed$/);
});

test('after a look-up refused the token, the next Assign keeps "the API refused this token" in view', async ({ page }) => {
  // The user list, asked with the token, answers 401: the token is gone.
  await fault({ match: `/customers/${TENANT}/users`, method: 'GET', status: 401, times: 1 });
  await page.goto(`${site()}/softphones`);
  await page.getByRole('combobox', { name: 'Customer', exact: true }).fill(TENANT);
  await page.getByLabel('Bearer token').fill(TOKEN);
  const message = page.locator('#session-token-msg');
  await expect(message).toContainText('The API refused this token (401)');
  await fillForm(page, METTE, METTE_DEVICE, 'Desktop');
  await page.getByRole('button', { name: 'Assign', exact: true }).click();
  await expect(page.locator('#sp-result')).toContainText('No bearer token is set');
  await expect(message).toContainText('The API refused this token (401)');
});
