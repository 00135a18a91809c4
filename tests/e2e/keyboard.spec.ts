import { test, expect, Locator, Page } from '@playwright/test';
import {
  CHARGED_TENANT, INGRID, INGRID_DEVICE, METTE_DEVICE, TENANT, TOKEN, recordApiRequests, requests, reset, result, site, state,
} from './helpers';

// Issue 7: every flow done with the keyboard alone, from the page load: Tab
// (and Shift+Tab) to move, typing, Enter and Space to act, the arrow keys in
// the pickers and the radio groups. No clicks and no fill(): focus checks
// prove where the keyboard is at each step.

test.beforeEach(async ({ page }) => {
  await reset();
  page.on('dialog', (d) => {
    throw new Error(`unexpected dialog: ${d.message()}`);
  });
});

/** A short name for the focused element, for failure messages. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const e = document.activeElement;
    if (!e || e === document.body) return '(body)';
    const name = (e.getAttribute('aria-label') ?? e.textContent ?? '').trim().slice(0, 30);
    return `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${name ? ` "${name}"` : ''}`;
  });

/**
 * Presses Tab (Shift+Tab with `back`) until `target` has the focus, at most
 * `max` times: the test names where it goes, not how many stops lie between.
 */
async function tabTo(page: Page, target: Locator, { max = 25, back = false } = {}) {
  const path: string[] = [];
  for (let i = 0; i <= max; i++) {
    if (await target.evaluate((e) => e === document.activeElement).catch(() => false)) {
      await expect(target).toBeFocused();
      return;
    }
    path.push(await focused(page));
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`${max} ${back ? 'Shift+' : ''}Tabs did not reach ${target}; the focus went: ${path.join(' → ')}`);
}
const byId = (page: Page, id: string) => page.locator(`#${id}`);
const tabToId = (page: Page, id: string, opts?: { max?: number; back?: boolean }) => tabTo(page, byId(page, id), opts);

/** Types into the focused element, as a person would (key by key). */
const type = (page: Page, text: string) => page.keyboard.type(text, { delay: 5 });

/** Selects what the focused field holds and types over it. */
async function retype(page: Page, text: string) {
  await page.keyboard.press('ControlOrMeta+A');
  await type(page, text);
}

/**
 * The session panel, token first: Tab past the customer to the token, type
 * it, Shift+Tab back to the customer and type its tenant id. (Typed the other
 * way round works too: see the last tests.)
 */
async function enterSession(page: Page, tenant: string, back = false) {
  await tabToId(page, 'session-token', { back });
  await type(page, TOKEN);
  await expect(page.locator('.session-state')).toHaveText('A token is set.');
  await tabToId(page, 'session-tenant', { max: 1, back: true });
  await type(page, tenant);
  await expect(byId(page, 'session-token')).toHaveValue(TOKEN);
}

test('Softphones: session, the user picked from the list, a client type by arrow keys, Assign', async ({ page }) => {
  await page.goto(`${site()}/softphones`);
  await expect(page.getByRole('heading', { name: 'Softphones' })).toBeVisible();
  // The first Tab reaches the skip link; Enter on it goes past the
  // navigation and the session panel: the next Tab is in the form.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  await expect(byId(page, 'sp-user')).toBeFocused();
  await expect(page).toHaveURL(/\/softphones(#main)?$/);
  // Back to the session panel: Shift+Tab.

  await enterSession(page, TENANT, true);

  // The user picker: type part of the name, ArrowDown to the option, Enter.
  const user = byId(page, 'sp-user');
  await tabTo(page, user);
  await type(page, 'mette');
  const options = page.getByRole('listbox', { name: 'User' }).getByRole('option');
  await expect(options.first()).toContainText('Mette');
  await page.keyboard.press('ArrowDown');
  await expect(user).toHaveAttribute('aria-activedescendant', (await options.first().getAttribute('id'))!);
  await page.keyboard.press('Enter');
  await expect(user).toHaveValue(/^Mette/);
  await expect(user).toHaveAttribute('aria-expanded', 'false');
  await expect(user).toBeFocused();
  await expect(page.getByRole('list', { name: 'Softphone roles' })).toContainText('customer_user_uc_softphone');

  await tabToId(page, 'sp-device');
  await type(page, METTE_DEVICE);

  // Into the radio group (none chosen yet: the first one), Space chooses it,
  // the arrow keys move the choice.
  await tabToId(page, 'sp-client-desktop');
  await page.keyboard.press('Space');
  await expect(byId(page, 'sp-client-desktop')).toBeChecked();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(byId(page, 'sp-client-webrtc')).toBeChecked();
  await expect(byId(page, 'sp-client-webrtc')).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(byId(page, 'sp-client-mobile')).toBeChecked();

  // One Tab leaves the group for Assign.
  const assign = page.getByRole('button', { name: 'Assign', exact: true });
  await page.keyboard.press('Tab');
  await expect(assign).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(result(page)).toContainText('Done (201 Created)');
  await expect(result(page)).toContainText(`Assigned device ${METTE_DEVICE}`);
  await expect(result(page)).toContainText('as a Mobile softphone');
  // The result takes the focus, so that it is read out and the next Tab goes on from it.
  await expect(result(page)).toBeFocused();
  expect((await state()).assignments.filter((a) => a.deviceId === METTE_DEVICE).map((a) => a.clientType)).toEqual(['mobile']);
});

test('the charge dialog: the focus starts inside and never reaches the page behind; Escape closes it and sends nothing', async ({ page }) => {
  const seen = recordApiRequests(page);
  await page.goto(`${site()}/softphones`);
  await expect(page.getByRole('heading', { name: 'Softphones' })).toBeVisible();
  await enterSession(page, CHARGED_TENANT);
  await tabToId(page, 'sp-user');
  await type(page, INGRID);
  await tabToId(page, 'sp-device');
  await type(page, INGRID_DEVICE);
  await tabToId(page, 'sp-client-desktop');
  await page.keyboard.press('ArrowDown'); // Mobile
  await page.keyboard.press('ArrowDown'); // WebRTC
  await expect(byId(page, 'sp-client-webrtc')).toBeChecked();
  // Enter in a field submits the form, as Assign does.
  await tabToId(page, 'sp-device', { back: true });
  await page.keyboard.press('Enter');

  const dialog = page.getByRole('dialog', { name: 'Additional charges apply' });
  await expect(dialog).toBeVisible();
  // The safe answer has the focus; Confirm is enabled a moment after the
  // question is shown (a double click meant for something else cannot
  // agree to it).
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await expect(dialog.getByRole('button', { name: 'Confirm and accept charges' })).toBeEnabled();
  // Tab and Shift+Tab go round the dialog's two buttons and never reach the
  // page behind it. Past the last one, a modal <dialog> lets the focus out
  // to the browser's own controls (the address bar; with no browser window
  // around the page, the document itself) and the next Tab comes back in:
  // that stop is allowed, an element of the page is not.
  const where = () =>
    dialog.evaluate((d) => (d.contains(document.activeElement) ? 'dialog' : document.activeElement === document.body ? 'browser' : 'page'));
  const stops: string[] = [];
  for (const key of ['Tab', 'Tab', 'Tab', 'Tab', 'Tab', 'Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab']) {
    await page.keyboard.press(key);
    const at = await where();
    expect(at, `after ${key} the focus is on ${await focused(page)}`).not.toBe('page');
    stops.push(at === 'dialog' ? await focused(page) : at);
  }
  expect(new Set(stops)).toEqual(new Set(['button "Confirm and accept charges"', 'button "Cancel"', 'browser']));
  await tabTo(page, dialog.getByRole('button', { name: 'Cancel' }), { max: 3 });
  // Nothing was sent while moving about.
  expect(seen).toHaveLength(1);

  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(result(page)).toContainText('you declined the additional charges');
  // The focus goes on to the result that says so.
  await expect(result(page)).toBeFocused();
  // One request, without accept-charges; nothing was assigned.
  expect(seen.map((r) => r.headers()['accept-charges'])).toEqual([undefined]);
  expect((await requests()).filter((r) => r.acceptCharges !== null)).toEqual([]);
  expect((await state()).assignments.some((a) => a.deviceId === INGRID_DEVICE)).toBe(false);
});

// The sandbox's bulk test customer: user n has device n; device 10 is charged.
const BULK = 'bbbbbbbb-0000-4000-8000-000000000001';
const bulkRow = (n: number, client: string) =>
  `bb000000-0000-4000-8000-${String(n).padStart(12, '0')},5eedbb00000000000000000000${String(n).padStart(6, '0')},${client}`;

test('Bulk: paste the rows, start the run, accept the charges with the keyboard', async ({ page }) => {
  await page.goto(`${site()}/bulk`);
  await expect(page.getByRole('heading', { name: 'Bulk assignment' })).toBeVisible();
  await enterSession(page, BULK);
  await tabToId(page, 'bulk-text');
  // A paste: the text arrives at once.
  await page.keyboard.insertText(['userId,deviceId,clientType', bulkRow(9, 'desktop'), bulkRow(10, 'mobile'), bulkRow(11, 'crm')].join('\n'));
  await expect(page.getByText('3 rows read: 3 ready, 0 with errors.')).toBeVisible();

  const start = page.getByRole('button', { name: 'Start the run' });
  await tabTo(page, start);
  await page.keyboard.press('Enter');
  const question = page.getByRole('dialog', { name: 'Additional charges apply' });
  await expect(question).toContainText('Row 3: assign device 5eedbb00000000000000000000000010');
  const accept = question.getByRole('button', { name: 'Accept the charges and send this row' });
  await expect(accept).toBeEnabled();
  await tabTo(page, accept);
  await page.keyboard.press('Space');
  await expect(page.locator('.progress [role=status]')).toHaveText('3 of 3 rows finished: 3 done, 0 failed');
  await expect(question).toBeHidden();
  const charged = (await requests()).filter((r) => r.acceptCharges === 'true');
  expect(charged.map((r) => r.path.split('/').at(-2))).toEqual(['5eedbb00000000000000000000000010']);
});

test('PBX connections: create a Kazoo PBX with the keyboard', async ({ page }) => {
  await page.goto(`${site()}/pbx`);
  await expect(page.getByRole('heading', { name: 'PBX connections', level: 1 })).toBeVisible();
  await enterSession(page, TENANT);
  await expect(page.locator('#pbx-list')).toContainText('no PBX connection yet');

  // Kazoo is chosen already: the fields follow one Tab after the other.
  await tabTo(page, page.getByRole('radio', { name: 'Kazoo' }));
  await expect(page.getByRole('radio', { name: 'Kazoo' })).toBeChecked();
  for (const [id, value] of [
    ['pbx-k-name', 'Keyboard HQ'],
    ['pbx-k-rest', 'https://rest.example.com'],
    ['pbx-k-ws', 'wss://ws.example.com'],
    ['pbx-k-account', 'kazoo-acct-keys-0007'],
    ['pbx-k-key', 'ABCDEF-secret'],
  ]) {
    await tabToId(page, id, { max: 3 });
    await type(page, value);
  }
  const create = page.getByRole('button', { name: 'Create PBX' });
  await tabTo(page, create, { max: 6 });
  await page.keyboard.press('Enter');
  await expect(page.locator('#pbx-result')).toContainText('Created “Keyboard HQ” (201 Created)');
  await expect(page.locator('#pbx-result')).toBeFocused();
  await expect(page.locator('#pbx-list tr', { hasText: 'Keyboard HQ' })).toContainText('Kazoo');
  const created = (await requests()).find((r) => r.method === 'POST')!;
  expect(created.body).toMatchObject({ _type: 'KazooPbxConnectionProfile', name: 'Keyboard HQ', accountId: 'kazoo-acct-keys-0007' });
});

test('Mobile config copy: log in, fill the ids, press the copy button with Enter', async ({ page }) => {
  await page.goto(`${site()}/mobile-config`);
  await expect(page.getByRole('heading', { name: 'Log in to Telecom X' })).toBeVisible();
  await tabToId(page, 'tx-email');
  await type(page, 'rasmus.kjaer@nordictelecom.example');
  await tabToId(page, 'tx-password', { max: 2 });
  await type(page, 'telecomx-demo');
  await page.keyboard.press('Enter'); // submits the login form
  await expect(page.getByText(/^Logged in to Telecom X as Rasmus/)).toBeVisible();

  // The customer field holds his own company; the ids are typed over it.
  await tabToId(page, 'tx-customer');
  await retype(page, 'c0ffee000000000000000002');
  await tabToId(page, 'tx-target', { max: 3 });
  await type(page, 'ee0000000000000000002004');
  await tabToId(page, 'tx-source', { max: 3 });
  await type(page, 'ee0000000000000000002002');
  await expect(page.locator('table.diff tbody tr')).toHaveCount(3);

  const copy = page.getByRole('button', { name: 'Copy and overwrite the config of Peter Madsen' });
  await tabTo(page, copy, { max: 5 });
  await page.keyboard.press('Enter');
  await expect(page.locator('#tx-result')).toContainText('Copied: the mobile config of Peter Madsen is now');
  await expect(page.locator('#tx-result')).toBeFocused();
  const copies = (await requests()).filter((r) => r.method === 'POST' && r.path === '/telecomx/pbx/app/mobileconfig/');
  expect(copies.map((r) => r.body)).toEqual([{ _id: 'ee0000000000000000002002', copyTo: 'ee0000000000000000002004' }]);
});

// A token typed key by key after the customer is chosen: the token is taken
// once typing pauses, so the page's look-up (the user list on Softphones,
// the PBX list) goes out once, with the whole token, not once per key with
// half a token whose 401 would empty the field.
for (const [path, lookUp] of [['/softphones', `/api/v1.0/customers/${TENANT}/users`], ['/pbx', `/api/v1.0/customers/${TENANT}/pbxs`]]) {
  test(`${path}: a token typed key by key after the customer is kept`, async ({ page }) => {
    await page.goto(`${site()}${path}`);
    await tabToId(page, 'session-tenant');
    await type(page, TENANT);
    await page.keyboard.press('Tab');
    await expect(byId(page, 'session-token')).toBeFocused();
    await page.keyboard.type(TOKEN, { delay: 20 });
    await page.waitForTimeout(500);
    await expect(byId(page, 'session-token')).toHaveValue(TOKEN, { timeout: 1000 });
    await expect(page.locator('.session-state')).toHaveText('A token is set.', { timeout: 1000 });
    await expect.poll(async () => (await requests()).filter((r) => r.method === 'GET' && r.path === lookUp).length).toBe(1);
    await page.waitForTimeout(300);
    expect((await requests()).filter((r) => r.method === 'GET' && r.path === lookUp)).toHaveLength(1);
  });
}
