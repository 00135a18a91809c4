import { test, expect, Page } from '@playwright/test';
import { CHARGED_TENANT, TENANT, UNKNOWN_TENANT, control, fault, recordApiRequests, requests, reset, site, state } from './helpers';

const IN_USE_KAZOO = 'kazoo-acct-in-use-0001'; // seeded on Acme Robotics
const ROBOTICS = '22222222-3333-4444-8555-666666666666';

async function openPbx(page: Page, tenant = TENANT, token = 'demo-token-7f3c9a') {
  await page.goto(`${site()}/pbx`);
  await expect(page.getByRole('heading', { name: 'PBX connections' })).toBeVisible();
  await page.getByRole('combobox', { name: 'Customer', exact: true }).fill(tenant);
  await page.getByLabel('Bearer token').fill(token);
}

async function fillKazoo(page: Page, name: string, account: string) {
  await page.getByLabel('PBX name').fill(name);
  await page.getByLabel('REST host').fill('https://rest.example.com');
  await page.getByLabel('Websocket host').fill('wss://ws.example.com');
  await page.getByLabel('Account id').fill(account);
  await page.getByLabel('API key', { exact: true }).fill('ABCDEF-secret');
}

async function fill3cx(page: Page, name: string, license: string) {
  await page.getByRole('radio', { name: '3CX' }).check();
  await page.getByLabel('PBX name').fill(name);
  await page.getByLabel('Licence key').fill(license);
  await page.getByLabel('Username').fill('admin');
  await page.getByLabel('Password', { exact: true }).fill('pa55word');
  await page.getByLabel('Recording archive').check();
  await page.getByRole('button', { name: '1 hour' }).click();
}

const card = (page: Page) => page.locator('#pbx-result');
const listRow = (page: Page, name: string) => page.locator('#pbx-list tr', { hasText: name });

test.beforeEach(async () => {
  await reset();
});

test('create a Kazoo PBX, see it listed, enable it, delete it with the typed name', async ({ page }) => {
  await openPbx(page);
  await expect(page.locator('#pbx-list')).toContainText('no PBX connection yet');
  await fillKazoo(page, 'Acme HQ Kazoo', 'kazoo-acct-new-0042');
  await expect(page.locator('#pbx-in-use')).toContainText('Not connected to any customer yet');
  await page.getByRole('button', { name: 'Create PBX' }).click();

  await expect(card(page)).toContainText('Created “Acme HQ Kazoo” (201 Created)');
  await expect(card(page)).toContainText(TENANT);
  await expect(card(page)).toContainText('DK');
  await expect(card(page)).toContainText('kazoo-acct-new-0042');
  await expect(card(page)).toContainText('A new PBX collects nothing until it is enabled.');
  await expect(card(page)).not.toContainText('ABCDEF-secret');
  await expect(listRow(page, 'Acme HQ Kazoo')).toContainText('Kazoo');
  await expect(listRow(page, 'Acme HQ Kazoo')).toContainText('No');

  const created = (await requests()).find((r) => r.method === 'POST')!;
  expect(created.body).toEqual({
    _type: 'KazooPbxConnectionProfile', name: 'Acme HQ Kazoo', hostRest: 'https://rest.example.com',
    hostWebsocket: 'wss://ws.example.com', accountId: 'kazoo-acct-new-0042', apiKey: 'ABCDEF-secret',
  });

  // Enable from the result card, after a confirmation that says what it does.
  await card(page).getByRole('button', { name: 'Enable this PBX' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('(re)starts this PBX\'s event collection');
  await dialog.getByRole('button', { name: 'Enable and start collecting' }).click();
  await expect(page.locator('#pbx-notice')).toContainText('“Acme HQ Kazoo” is enabled');
  await expect(listRow(page, 'Acme HQ Kazoo')).toContainText('Yes');
  const patch = (await requests()).find((r) => r.method === 'PATCH')!;
  expect(patch.body).toEqual([{ op: 'replace', path: '/enabled', value: 'true' }]);
  const pbx = (await state()).pbxs.find((p: { name: string }) => p.name === 'Acme HQ Kazoo');
  expect(pbx.enabled).toBe(true);

  // Delete asks for the name.
  await listRow(page, 'Acme HQ Kazoo').getByRole('button', { name: 'Delete Acme HQ Kazoo' }).click();
  const confirm = dialog.getByRole('button', { name: 'Delete PBX' });
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel('Type “Acme HQ Kazoo” to confirm').fill('Acme HQ');
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel('Type “Acme HQ Kazoo” to confirm').fill('Acme HQ Kazoo');
  await confirm.click();
  await expect(page.locator('#pbx-notice')).toContainText('was deleted');
  await expect(page.locator('#pbx-list')).toContainText('no PBX connection yet');
  expect((await state()).pbxs.some((p: { name: string }) => p.name === 'Acme HQ Kazoo')).toBe(false);
});

test('create a 3CX PBX with a recording archive, enable it from the list', async ({ page }) => {
  await openPbx(page);
  await fill3cx(page, 'Acme 3CX', 'LIC-ACME-0001');
  await page.getByRole('button', { name: 'Create PBX' }).click();
  await expect(card(page)).toContainText('Created “Acme 3CX”');
  await expect(card(page)).toContainText('LIC-ACME-0001');
  await expect(card(page)).not.toContainText('pa55word');
  const body = (await requests()).find((r) => r.method === 'POST')!.body;
  expect(body).toEqual({
    _type: 'ThreeCxConnectionProfile', name: 'Acme 3CX', licenseKey: 'LIC-ACME-0001', username: 'admin',
    password: 'pa55word', enableRecordingArchive: 'true', recordingArchiveFrequency: '01:00:00',
  });
  await listRow(page, 'Acme 3CX').getByRole('button', { name: 'Enable Acme 3CX' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Enable and start collecting' }).click();
  await expect(listRow(page, 'Acme 3CX')).toContainText('Yes');
  await expect(card(page)).toContainText('Enabled');
});

test('an account already connected elsewhere is flagged, naming the tenant', async ({ page }) => {
  await openPbx(page);
  await fillKazoo(page, 'Dup', IN_USE_KAZOO);
  await expect(page.locator('#pbx-in-use')).toContainText(`Already in use: this instance is connected to tenant ${ROBOTICS}`);
  // The look-up's query is exactly as built (no stray `&`).
  const lookups = (await requests()).filter((r) => r.path === '/api/v1.0/pbxs');
  expect(lookups.map((r) => r.query)).toContain(`instanceId=${IN_USE_KAZOO}`);
  expect(lookups.every((r) => !r.query?.endsWith('&'))).toBe(true);
  // Saving anyway: the API refuses with 409, and the form keeps everything.
  await page.getByRole('button', { name: 'Create PBX' }).click();
  await expect(card(page)).toContainText('(409)');
  await expect(page.getByLabel('Account id')).toHaveValue(IN_USE_KAZOO);
});

test('a failing in-use check does not block saving', async ({ page }) => {
  await openPbx(page);
  await fault({ match: '/v1.0/pbxs', status: 500, body: '{"error":500,"message":"lookup down"}', times: 0 });
  await fillKazoo(page, 'Checked later', 'kazoo-acct-new-0077');
  await expect(page.locator('#pbx-in-use')).toContainText('Could not check whether it is already connected');
  await expect(page.locator('#pbx-in-use')).toContainText('You can still save');
  await page.getByRole('button', { name: 'Create PBX' }).click();
  await expect(card(page)).toContainText('Created “Checked later”');
});

test('validation stops a bad submit and sends nothing', async ({ page }) => {
  await openPbx(page);
  const seen = recordApiRequests(page);
  await page.getByLabel('REST host').fill('http://rest.example.com');
  await page.getByRole('button', { name: 'Create PBX' }).click();
  await expect(page.getByLabel('PBX name')).toBeFocused();
  await expect(page.locator('#pbx-k-rest-msg')).toContainText('https://');
  await expect(page.locator('#pbx-k-key-msg')).toContainText('Enter the API key');
  await page.getByRole('radio', { name: '3CX' }).check();
  await page.getByLabel('Recording archive').check();
  await page.getByLabel('Archive frequency').fill('25:00:00');
  await page.getByRole('button', { name: 'Create PBX' }).click();
  await expect(page.locator('#pbx-t-frequency-msg')).toContainText('hh:mm:ss');
  expect(seen.filter((r) => r.method() === 'POST')).toHaveLength(0);
});

test('a charged customer: Cancel creates nothing, Confirm creates with accept-charges', async ({ page }) => {
  await openPbx(page, CHARGED_TENANT);
  await fillKazoo(page, 'Nordlys Kazoo', 'kazoo-acct-nordlys-1');
  await page.getByRole('button', { name: 'Create PBX' }).click();
  const dialog = page.getByRole('dialog', { name: 'Additional charges apply' });
  await expect(dialog).toContainText(`POST /api/v1.0/customers/${CHARGED_TENANT}/pbxs`);
  await expect(dialog).toContainText('"name": "Nordlys Kazoo"');
  await expect(dialog).not.toContainText('ABCDEF-secret');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(card(page)).toContainText('you declined the additional charges');
  expect((await state()).pbxs.some((p: { name: string }) => p.name === 'Nordlys Kazoo')).toBe(false);

  await page.getByRole('button', { name: 'Create PBX' }).click();
  await dialog.getByRole('button', { name: 'Confirm and accept charges' }).click();
  await expect(card(page)).toContainText('Created “Nordlys Kazoo”');
  const posts = (await requests()).filter((r) => r.method === 'POST');
  expect(posts.map((r) => r.acceptCharges)).toEqual([null, null, 'true']);
});

test('errors are told plainly and nothing typed is lost', async ({ page }) => {
  await openPbx(page);
  await fillKazoo(page, 'Kept', 'kazoo-acct-kept-1');
  const create = page.getByRole('button', { name: 'Create PBX' });
  const cases: [Record<string, unknown>, string][] = [
    [{ status: 400, body: JSON.stringify({ error: 400, message: "The field 'hostRest' must be an https:// URL." }) }, "The field 'hostRest' must be an https:// URL."],
    [{ status: 503, body: JSON.stringify({ error: 503, message: 'maintenance' }) }, 'failed on its side (503)'],
    [{ drop: true }, 'could not be reached'],
  ];
  for (const [f, sentence] of cases) {
    await fault({ match: '/pbxs', method: 'POST', ...f });
    await create.click();
    await expect(card(page)).toContainText(sentence);
    await expect(page.getByLabel('PBX name')).toHaveValue('Kept');
    await expect(page.getByLabel('API key', { exact: true })).toHaveValue('ABCDEF-secret');
  }
  await page.route(/\/pbxs$/, (route) => (route.request().method() === 'POST' ? route.abort('connectionrefused') : route.continue()));
  await create.click();
  await expect(card(page)).toContainText('could not be reached');
  await page.unroute(/\/pbxs$/);

  // Unknown customer: 404.
  await page.getByRole('combobox', { name: 'Customer', exact: true }).fill(UNKNOWN_TENANT);
  await expect(page.locator('#pbx-list')).toContainText('No such customer');
  await create.click();
  await expect(card(page)).toContainText('No such customer (404 Not Found)');

  // A refused token: the list's 401 drops it and asks for a new one; the
  // create then says a token is needed; a new token and it goes through.
  await page.getByRole('combobox', { name: 'Customer', exact: true }).fill(TENANT);
  await page.getByLabel('Bearer token').fill('expired');
  await expect(page.locator('#session-token-msg')).toContainText('refused this token (401)');
  await expect(page.locator('#pbx-list')).toContainText('Enter a customer tenant id and a token');
  await expect(page.getByLabel('Bearer token')).toHaveValue('');
  await expect(page.getByLabel('Bearer token')).toBeFocused();
  await create.click();
  await expect(card(page)).toContainText('No bearer token is set');
  await expect(page.getByLabel('PBX name')).toHaveValue('Kept');
  await page.getByLabel('Bearer token').fill('demo-token-7f3c9a');
  await create.click();
  await expect(card(page)).toContainText('Created “Kept”');
  await control('fault', { method: 'DELETE' });
});
