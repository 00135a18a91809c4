import { test, expect, Page } from '@playwright/test';
import {
  METTE, METTE_DEVICE, PETER, PETER_DEVICE, TENANT, TOKEN, fault, open, requests, reset, result, sandboxApi,
} from './helpers';

// Issue 5: the customer and user pickers and the role check, on the release
// build against the sandbox's 267 customers (sandbox/README.md).

test.beforeEach(async () => {
  await reset();
});

const customer = (page: Page) => page.getByRole('combobox', { name: 'Customer', exact: true });
const user = (page: Page) => page.getByRole('combobox', { name: 'User', exact: true });
const options = (page: Page, list: string) => page.getByRole('listbox', { name: list }).getByRole('option');
const searches = async () => (await requests()).filter((r) => r.path === '/api/v1.0/customers');

/** The users of a customer, as the API lists them. */
async function usersOf(tenant: string): Promise<{ id: string; displayName: string }[]> {
  const res = await fetch(`${sandboxApi()}/api/v1.0/customers/${tenant}/users`, {
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  return (await res.json()).data;
}

test('find a customer by part of its name, page past the first page, choose it', async ({ page }) => {
  await open(page, null);
  // Typed key by key: one search once typing pauses, not one per key.
  await customer(page).pressSequentially('ltd', { delay: 40 });
  await expect(options(page, 'Customer')).toHaveCount(21); // 20 and "Load more"
  await expect(options(page, 'Customer').last()).toHaveText('Load more\u2026');
  expect((await searches()).map((r) => r.query)).toEqual(['filter=ltd&pageIndex=0&pageSize=20']);
  const firstPage = await options(page, 'Customer').allTextContents();

  await options(page, 'Customer').last().click();
  await expect.poll(async () => (await options(page, 'Customer').count()) > 21).toBe(true);
  expect((await searches()).map((r) => r.query)).toEqual([
    'filter=ltd&pageIndex=0&pageSize=20',
    'filter=ltd&pageIndex=1&pageSize=20',
  ]);
  // The second page follows the first, names and references shown.
  const all = await options(page, 'Customer').allTextContents();
  expect(all.slice(0, 20)).toEqual(firstPage.slice(0, 20));
  const pick = options(page, 'Customer').nth(25);
  const label = await pick.locator('.combo-label').textContent();
  const reference = await pick.locator('.combo-detail').textContent();
  expect(label).toMatch(/Ltd$/);
  expect(reference).toMatch(/^[A-Z]+-\d{3}$/);
  await pick.click();
  await expect(customer(page)).toHaveValue(label!);
  await expect(customer(page)).toHaveAttribute('aria-expanded', 'false');

  // The session now works for that customer: its users are listed.
  const n = reference!.split('-')[1];
  const tenant = `c0000000-0000-4000-8000-000000000${n}`;
  const expected = (await usersOf(tenant)).map((u) => u.displayName);
  await user(page).click();
  await expect(options(page, 'User').locator('.combo-label')).toHaveText(expected);
});

test('pick a user, see a missing role before assigning, and assign anyway', async ({ page }) => {
  await open(page);
  await user(page).fill('pet');
  await expect(options(page, 'User')).toHaveCount(1);
  await expect(options(page, 'User')).toContainText('Peter Madsen');
  await expect(options(page, 'User')).toContainText('peter.madsen@acme-logistics.dk');
  await options(page, 'User').click();
  await expect(user(page)).toHaveValue('Peter Madsen');

  const roles = page.getByRole('list', { name: 'Softphone roles' });
  await expect(roles).toContainText('\u2713 customer_user_uc');
  await expect(roles).toContainText('\u2717 customer_user_uc_softphone (missing)');
  const warning = page.getByText('This user lacks customer_user_uc_softphone');
  await expect(warning).toBeVisible();

  // A warning, not a block: Assign goes, and the API's answer is shown.
  await page.getByLabel('Device id').fill(PETER_DEVICE);
  await page.getByRole('radio', { name: 'Desktop' }).check();
  await page.getByRole('button', { name: 'Assign', exact: true }).click();
  await expect(result(page)).toContainText("User is missing the required role 'customer_user_uc_softphone'");
  await expect(warning).toBeVisible();
  const assigns = (await requests()).filter((r) => r.method === 'PUT');
  expect(assigns.map((r) => r.path)).toEqual([
    `/api/v1.0/customers/${TENANT}/users/${PETER}/devices/pbx/${PETER_DEVICE}/assign`,
  ]);

  // Mette, found by her email, has both roles (underscore spelling); Lars
  // has them dotted.
  await user(page).fill('lars.nielsen');
  await options(page, 'User').click();
  await expect(roles).toContainText('\u2713 customer_user_uc_softphone');
  await expect(warning).toBeHidden();
  await user(page).fill('METTE.jensen@');
  await options(page, 'User').click();
  await expect(roles).not.toContainText('missing');
  await page.getByLabel('Device id').fill(METTE_DEVICE);
  await page.getByRole('button', { name: 'Assign', exact: true }).click();
  // The result names the user chosen in the picker, not only the id.
  await expect(result(page)).toContainText(`Assigned device ${METTE_DEVICE} to user Mette Jensen`);
});

test('keyboard only: search, arrows, Enter, accents folded, recent choices first', async ({ page }) => {
  await open(page, null);
  const tenant = 'c0000000-0000-4000-8000-000000000017';
  const accented = (await usersOf(tenant)).find((u) => /[^\x00-\x7f]/.test(u.displayName));
  expect(accented, 'customer 17 has a user with an accented name').toBeTruthy();

  await customer(page).focus();
  await page.keyboard.type('gcb-017');
  await expect(options(page, 'Customer')).toHaveCount(1);
  await page.keyboard.press('ArrowDown');
  await expect(customer(page)).toHaveAttribute('aria-activedescendant', 'session-tenant-opt-0');
  await expect(options(page, 'Customer').first()).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Enter');
  await expect(customer(page)).toHaveValue('Golden Crust Bakery 017 Ltd');

  // The user by the name without its accents, chosen with the keyboard.
  await user(page).focus();
  const plain = accented!.displayName.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toUpperCase();
  await page.keyboard.type(plain);
  await expect(options(page, 'User')).toHaveCount(1);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(user(page)).toHaveValue(accented!.displayName);
  await expect(page.getByRole('list', { name: 'Softphone roles' })).toBeVisible();

  // Escape closes the list and keeps the text.
  await customer(page).focus();
  await page.keyboard.press('ArrowDown');
  await expect(customer(page)).toHaveAttribute('aria-expanded', 'true');
  await page.keyboard.press('Escape');
  await expect(customer(page)).toHaveAttribute('aria-expanded', 'false');
  await expect(customer(page)).toHaveValue('Golden Crust Bakery 017 Ltd');

  // A second customer; then an empty field offers the recent ones, newest first.
  await customer(page).fill('');
  await page.keyboard.type('nordlys');
  await expect(options(page, 'Customer')).toHaveText(['Nordlys Energi ApSNORD-009']);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await customer(page).fill('');
  await page.keyboard.press('ArrowDown');
  await expect(options(page, 'Customer').locator('.combo-label')).toHaveText([
    'Nordlys Energi ApS',
    'Golden Crust Bakery 017 Ltd',
  ]);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(customer(page)).toHaveValue('Golden Crust Bakery 017 Ltd');
  // The recent user of that customer is offered first.
  await user(page).fill('');
  await user(page).press('ArrowDown');
  await expect(options(page, 'User').first()).toContainText(accented!.displayName);
});

test('an older search that answers late does not overwrite a newer one', async ({ page }) => {
  await open(page, null);
  // The search for "bakery" takes 1.5 s; the one for "freight" answers at once.
  await fault({ match: 'filter=bakery', delayMs: 1500 });
  await customer(page).fill('bakery');
  await expect.poll(async () => (await searches()).length).toBe(1);
  await customer(page).fill('freight');
  await expect(options(page, 'Customer')).toHaveCount(13);
  await expect(options(page, 'Customer').first()).toContainText('Nordic Freight 001 A/S');
  // The late answer arrives, and is dropped.
  await page.waitForTimeout(1800);
  await expect(options(page, 'Customer')).toHaveCount(13);
  await expect(page.getByRole('listbox', { name: 'Customer' })).not.toContainText('Bakery');
  expect((await searches()).map((r) => r.query)).toEqual([
    'filter=bakery&pageIndex=0&pageSize=20',
    'filter=freight&pageIndex=0&pageSize=20',
  ]);
});

test('no match and failing look-ups are told plainly, and pasting ids still works', async ({ page }) => {
  await open(page, null);
  const status = page.locator('.combo-status');
  await customer(page).fill('zzzz');
  await expect(status.first()).toHaveText('No customer matches \u201czzzz\u201d. Check the spelling, or paste the tenant id.');

  await fault({ match: '/api/v1.0/customers?', status: 500, body: '<html>down</html>', contentType: 'text/html' });
  await customer(page).fill('acme');
  await expect(status.first()).toContainText('The customer search failed.');
  await expect(status.first()).toContainText('A pasted tenant id still works.');

  // Pasting the tenant id: no search; the users list fails to load, and a
  // pasted user id works all the same.
  await fault({ match: '/users', method: 'GET', status: 503, times: 1 });
  await customer(page).fill(TENANT);
  await expect(status.nth(1)).toContainText("The customer's users could not be loaded.");
  await user(page).fill(METTE);
  await expect(page.getByRole('list', { name: 'Softphone roles' })).toContainText('\u2713 customer_user_uc_softphone');
  await page.getByLabel('Device id').fill(METTE_DEVICE);
  await page.getByRole('radio', { name: 'Desktop' }).check();
  await page.getByRole('button', { name: 'Assign', exact: true }).click();
  await expect(result(page)).toContainText('Done (201 Created)');
  // Only the two failed look-ups were searches: pasting sends none.
  expect((await searches()).map((r) => r.query)).toEqual([
    'filter=zzzz&pageIndex=0&pageSize=20',
    'filter=acme&pageIndex=0&pageSize=20',
  ]);
});

test('a 401 during a look-up asks for a new token; with it the search runs again', async ({ page }) => {
  await open(page, null, 'expired-token');
  await customer(page).fill('nordlys');
  const token = page.getByLabel('Bearer token');
  await expect(token).toBeFocused();
  await expect(page.locator('#session-token-msg')).toContainText('Enter a new one');
  await expect(page.locator('.combo-status').first()).toContainText('Enter the bearer token to search customers');
  // The text typed is kept, and searched as soon as a token is there: back
  // in the field, the answer is waiting.
  await token.fill(TOKEN);
  await expect(customer(page)).toHaveValue('nordlys');
  await expect.poll(async () => (await searches()).length).toBe(2);
  await customer(page).click();
  await expect(options(page, 'Customer')).toHaveCount(1);
  await expect(options(page, 'Customer')).toContainText('Nordlys Energi ApS');
  expect((await searches()).map((r) => r.query)).toEqual([
    'filter=nordlys&pageIndex=0&pageSize=20',
    'filter=nordlys&pageIndex=0&pageSize=20',
  ]);
});
