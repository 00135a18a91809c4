import { test, expect } from '@playwright/test';
import {
  CHARGED_TENANT, INGRID, INGRID_DEVICE, METTE, METTE_DEVICE, PETER, PETER_DEVICE, TENANT, TOKEN,
  UNKNOWN_TENANT, control, fault, fillForm, open, recordApiRequests, requests, reset, result, site, state,
} from './helpers';
import { TEST_TIMEOUT_SECONDS } from './sandbox';

test.beforeEach(async () => {
  await reset();
});

test('assign, move to another client type, then unassign', async ({ page }) => {
  await open(page);
  await fillForm(page, METTE, METTE_DEVICE, 'Desktop');
  await page.getByRole('button', { name: 'Assign', exact: true }).click();
  await expect(result(page)).toContainText('Done (201 Created)');
  await expect(result(page)).toContainText(`Assigned device ${METTE_DEVICE} to user ${METTE} as a Desktop softphone.`);
  await expect(result(page)).toContainText('Server time:');
  let s = await state();
  expect(s.assignments.filter((a) => a.deviceId === METTE_DEVICE)).toEqual([
    { deviceId: METTE_DEVICE, userId: METTE, customerId: TENANT, clientType: 'desktop' },
  ]);

  await page.getByRole('radio', { name: 'Mobile' }).check();
  await page.getByRole('button', { name: 'Assign', exact: true }).click();
  await expect(result(page)).toContainText('It was the Desktop softphone: it has moved to Mobile.');
  s = await state();
  expect(s.assignments.filter((a) => a.deviceId === METTE_DEVICE)).toEqual([
    { deviceId: METTE_DEVICE, userId: METTE, customerId: TENANT, clientType: 'mobile' },
  ]);

  await page.getByRole('button', { name: 'Unassign' }).click();
  await expect(result(page)).toContainText(`Unassigned device ${METTE_DEVICE} from user ${METTE}`);
  s = await state();
  expect(s.assignments.filter((a) => a.deviceId === METTE_DEVICE)).toEqual([]);

  // The requests were exactly as the contract says.
  const log = (await requests()).filter((r) => r.method !== 'GET'); // the look-ups have their own tests
  expect(log.map((r) => [r.method, r.path, r.body, r.acceptCharges, r.hasAuthorization])).toEqual([
    ['PUT', `/api/v1.0/customers/${TENANT}/users/${METTE}/devices/pbx/${METTE_DEVICE}/assign`, { clientType: 'desktop' }, null, true],
    ['PUT', `/api/v1.0/customers/${TENANT}/users/${METTE}/devices/pbx/${METTE_DEVICE}/assign`, { clientType: 'mobile' }, null, true],
    ['PUT', `/api/v1.0/customers/${TENANT}/users/${METTE}/devices/pbx/${METTE_DEVICE}/unassign`, null, null, true],
  ]);
});

test('a charge: Cancel sends nothing, Confirm resends the same request with accept-charges', async ({ page }) => {
  const seen = recordApiRequests(page);
  await open(page, CHARGED_TENANT);
  await fillForm(page, INGRID, INGRID_DEVICE, 'WebRTC');
  await page.getByRole('button', { name: 'Assign', exact: true }).click();

  const dialog = page.getByRole('dialog', { name: 'Additional charges apply' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(`PUT /api/v1.0/customers/${CHARGED_TENANT}/users/${INGRID}/devices/pbx/${INGRID_DEVICE}/assign`);
  await expect(dialog).toContainText('"clientType": "webrtc"');
  expect(seen.map((r) => r.headers()['accept-charges'])).toEqual([undefined]);

  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(result(page)).toContainText('you declined the additional charges');
  expect(seen).toHaveLength(1);
  expect((await state()).assignments.some((a) => a.deviceId === INGRID_DEVICE)).toBe(false);

  // Escape is a "no" too.
  await page.getByRole('button', { name: 'Assign', exact: true }).click();
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(result(page)).toContainText('you declined the additional charges');
  expect(seen).toHaveLength(2);

  await page.getByRole('button', { name: 'Assign', exact: true }).click();
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Confirm and accept charges' }).click();
  await expect(result(page)).toContainText('Done (201 Created)');
  expect(seen).toHaveLength(4);
  expect(seen.map((r) => r.headers()['accept-charges'])).toEqual([undefined, undefined, undefined, 'true']);
  // The replay is the same request.
  expect(seen[3].url()).toBe(seen[2].url());
  expect(seen[3].method()).toBe(seen[2].method());
  expect(seen[3].postData()).toBe(seen[2].postData());
  expect((await state()).assignments).toContainEqual({ deviceId: INGRID_DEVICE, userId: INGRID, customerId: CHARGED_TENANT, clientType: 'webrtc' });
});

test('a double click sends one request', async ({ page }) => {
  await open(page);
  await fillForm(page, METTE, METTE_DEVICE, 'CRM');
  await fault({ match: '/assign', delayMs: 500 });
  await page.getByRole('button', { name: 'Assign', exact: true }).dblclick();
  await expect(page.getByRole('button', { name: /Assigning/ })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Unassign' })).toBeDisabled();
  await expect(result(page)).toContainText('Done (201 Created)');
  expect((await requests()).filter((r) => r.path.endsWith('/assign'))).toHaveLength(1);
});

test('the API errors each get their own sentence, and the form keeps its input', async ({ page }) => {
  await open(page);
  await fillForm(page, METTE, METTE_DEVICE, 'Desktop');
  const assign = page.getByRole('button', { name: 'Assign', exact: true });
  const cases: [Record<string, unknown>, string][] = [
    [{ status: 400, body: JSON.stringify({ error: 400, message: `The value '${TENANT}' is not valid.`, status: 'error' }) },
      `malformed (400): The value '${TENANT}' is not valid.`],
    [{ status: 403, body: JSON.stringify({ error: 403, message: 'Reseller may not manage this tenant', status: 'error' }) },
      'not allowed to do that (403). The API said: “Reseller may not manage this tenant”'],
    [{ status: 409, body: JSON.stringify({ error: 409, message: 'Device is being provisioned', status: 'error' }) },
      'conflicts with the current state (409). The API said: “Device is being provisioned”'],
    [{ status: 500, body: JSON.stringify({ error: 500, message: 'Database unavailable', status: 'error' }) },
      'failed on its side (500). The API said: “Database unavailable”.'],
    [{ status: 502, contentType: 'text/html', body: '<html><body><h1>502 Bad Gateway</h1></body></html>' },
      'failed on its side (502). Its answer was not JSON'],
    [{ status: 201, contentType: 'text/html', body: '<html>proxy login</html>' },
      'answered 201 but not with the JSON it should have (it sent an HTML page)'],
    [{ status: 201, body: '{"status":' }, 'answered 201 but not with the JSON it should have (the body was not valid JSON)'],
    [{ drop: true }, 'could not be reached'],
    [{ delayMs: (TEST_TIMEOUT_SECONDS + 2) * 1000 }, `did not answer within ${TEST_TIMEOUT_SECONDS} s`],
  ];
  for (const [f, sentence] of cases) {
    await fault({ match: '/assign', ...f });
    await assign.click();
    await expect(result(page).locator('.outcome.failed')).toContainText(sentence, { timeout: 10_000 });
    await expect(page.getByRole('combobox', { name: 'User', exact: true })).toHaveValue(METTE);
    await expect(page.getByLabel('Device id')).toHaveValue(METTE_DEVICE);
    await expect(page.getByRole('radio', { name: 'Desktop' })).toBeChecked();
    await expect(page.getByRole('combobox', { name: 'Customer', exact: true })).toHaveValue(TENANT);
    await expect(assign).toBeEnabled();
  }
  // Network down for real: the API's port refuses connections.
  await page.route(/\/api\/v1\.0\//, (route) => route.abort('connectionrefused'));
  await assign.click();
  await expect(result(page).locator('.outcome.failed')).toContainText('could not be reached');
  await page.unroute(/\/api\/v1\.0\//);
  // Retry after the network is back sends the same request and succeeds.
  await control('fault', { method: 'DELETE' });
  await result(page).getByRole('button', { name: 'Retry' }).click();
  await expect(result(page)).toContainText('Done (201 Created)');
});

test('the sandbox’s own 404s and 422 are told apart', async ({ page }) => {
  await open(page, UNKNOWN_TENANT);
  await fillForm(page, METTE, METTE_DEVICE, 'Desktop');
  await page.getByRole('button', { name: 'Assign', exact: true }).click();
  await expect(result(page)).toContainText('No such customer (404 Not Found)');

  await page.getByRole('combobox', { name: 'Customer', exact: true }).fill(TENANT);
  await page.getByLabel('Device id').fill(PETER_DEVICE);
  await page.getByRole('button', { name: 'Assign', exact: true }).click();
  await expect(result(page)).toContainText('Device not found (404)');

  await page.getByRole('combobox', { name: 'User', exact: true }).fill(PETER);
  await page.getByRole('button', { name: 'Assign', exact: true }).click();
  await expect(result(page)).toContainText('could not process the request (422)');
  await expect(result(page)).toContainText('customer_user_uc_softphone');
});

test('a 401 drops the token, asks for a new one, and the action can be retried', async ({ page }) => {
  await open(page);
  await fillForm(page, METTE, METTE_DEVICE, 'Mobile');
  // The look-ups are done (their own 401s are tested with the pickers);
  // then the token expires, and Assign meets the 401.
  await expect(page.getByRole('list', { name: 'Softphone roles' })).toBeVisible();
  await control('tokens', { method: 'POST', body: { revoke: TOKEN } });
  await page.getByRole('button', { name: 'Assign', exact: true }).click();
  await expect(result(page)).toContainText('The bearer token was refused (401)');
  const token = page.getByLabel('Bearer token');
  await expect(token).toHaveValue('');
  await expect(token).toBeFocused();
  await expect(page.locator('#session-token-msg')).toContainText('Enter a new one');
  const retry = result(page).getByRole('button', { name: 'Retry' });
  await expect(retry).toBeDisabled();
  await expect(page.getByRole('combobox', { name: 'User', exact: true })).toHaveValue(METTE);
  await expect(page.getByLabel('Device id')).toHaveValue(METTE_DEVICE);

  // A new token (here: the old one made valid again).
  await control('tokens', { method: 'POST', body: { add: TOKEN } });
  await token.fill(TOKEN);
  await expect(page.locator('#session-token-msg')).toHaveCount(0);
  await retry.click();
  await expect(result(page)).toContainText('as a Mobile softphone');
});

test('hostile text in a server message is shown as text', async ({ page }) => {
  await open(page);
  await fillForm(page, METTE, METTE_DEVICE, 'Desktop');
  const hostile = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
  await fault({ match: '/assign', status: 400, body: JSON.stringify({ error: 400, message: hostile, status: 'error' }) });
  await page.getByRole('button', { name: 'Assign', exact: true }).click();
  await expect(result(page)).toContainText(hostile);
  await expect(result(page).locator('img, script')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
});

test('validation stops a bad submit and sends nothing', async ({ page }) => {
  const seen = recordApiRequests(page);
  await open(page, 'not-a-guid');
  await page.getByRole('button', { name: 'Assign', exact: true }).click();
  await expect(page.getByRole('combobox', { name: 'Customer', exact: true })).toBeFocused();
  await expect(page.locator('#session-tenant-msg')).toContainText('Choose a customer from the list');
  await expect(page.locator('#sp-user-msg')).toContainText('Choose the user');
  await expect(page.locator('#sp-device-msg')).toContainText('Enter the device id');
  await expect(page.locator('#sp-client-msg')).toContainText('Choose the client type');
  await page.getByRole('combobox', { name: 'Customer', exact: true }).fill(TENANT);
  await expect(page.locator('#session-tenant-msg')).toHaveCount(0);
  await page.getByLabel('Device id').fill('phone-7');
  await expect(page.locator('#sp-device-msg')).toContainText('does not look like a Kazoo device id');
  expect(seen).toHaveLength(0);
});

test('the token never reaches the URL or storage, and ?tenant= prefills', async ({ page }) => {
  await page.goto(`${site()}/softphones?tenant=${TENANT}`);
  await expect(page.getByRole('combobox', { name: 'Customer', exact: true })).toHaveValue(TENANT);
  await page.getByLabel('Bearer token').fill(TOKEN);
  await fillForm(page, METTE, METTE_DEVICE, 'Desktop');
  await page.getByLabel('Device id').press('Enter');
  await expect(result(page)).toContainText('Done (201 Created)');
  expect(page.url()).not.toContain(TOKEN);
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie);
  expect(stored).not.toContain(TOKEN);
});

test('a missing or broken config.json shows a start-up error page', async ({ page }) => {
  await page.route('**/config.json', (route) => route.fulfill({ status: 404, body: 'not here' }));
  await page.goto(`${site()}/`);
  await expect(page.getByRole('heading', { name: 'Switchboard could not start' })).toBeVisible();
  await expect(page.getByRole('alert')).toContainText('the server answered 404');

  await page.unroute('**/config.json');
  await page.route('**/config.json', (route) => route.fulfill({ status: 200, body: '{"dimensionsApiBase": ' }));
  await page.reload();
  await expect(page.getByRole('alert')).toContainText('config.json is not valid');
});

test('the navigation switches pages, keeps the session, and follows the back button', async ({ page }) => {
  await page.goto(`${site()}/`);
  await page.getByRole('combobox', { name: 'Customer', exact: true }).fill(TENANT);
  await page.getByLabel('Bearer token').fill(TOKEN);
  await page.getByRole('link', { name: 'PBX connections' }).click();
  await expect(page.getByRole('heading', { name: 'PBX connections', level: 1 })).toBeVisible();
  await expect(page).toHaveURL(/\/pbx$/);
  await expect(page).toHaveTitle('PBX connections – Switchboard');
  await expect(page.getByRole('link', { name: 'PBX connections' })).toHaveAttribute('aria-current', 'page');
  // The session came along: the list loads for the tenant.
  await expect(page.locator('#pbx-list')).toContainText('no PBX connection yet');
  await page.goBack();
  await expect(page.getByRole('heading', { name: 'Softphones' })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Customer', exact: true })).toHaveValue(TENANT);
  await page.goto(`${site()}/no-such-page`);
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
});
