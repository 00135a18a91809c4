import { test, expect, Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import {
  BULK, bulkDevice, bulkUser, CHARGED_TENANT, csvLines, download, INGRID, INGRID_DEVICE, METTE, METTE_DEVICE, PETER, PETER_DEVICE, TENANT, TOKEN,
  control, fault, fillForm, requests, reset, result, site,
} from './helpers';

// Issue 19: the activity journal with copy-as-curl, the unsaved-changes
// guard, state that outlives a language switch, names in results, and the
// PBX list's truth about Enabled. Against the release build and the sandbox.

const ROBOTICS = '22222222-3333-4444-8555-666666666666';
const ROBOTICS_KAZOO = 'b0000000-0000-4000-8000-000000000001'; // enabled
const ROBOTICS_3CX = 'b0000000-0000-4000-8000-000000000002'; // not enabled

test.beforeEach(async ({ page }) => {
  await reset();
  page.on('dialog', (d) => {
    throw new Error(`unexpected dialog: ${d.type()} ${d.message()}`);
  });
});

/** Opens a page and chooses the customer in the picker (so its name is known) and the token. */
async function openAs(page: Page, path: string, search: string, name: string) {
  await page.goto(`${site()}${path}`);
  await page.getByLabel('Bearer token').fill(TOKEN);
  await page.getByRole('combobox', { name: 'Customer', exact: true }).fill(search);
  await page.getByRole('option', { name: new RegExp(`^${name}`) }).click();
}

const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
const entries = (page: Page) => page.locator('ol.journal > li');

/** Runs a curl command from the console in a shell, with the token in the environment. */
function replay(command: string): { status: number; body: string } {
  const out = execFileSync('bash', ['-c', `${command} -s -w '\\n%{http_code}'`], {
    env: { ...process.env, TOKEN },
    encoding: 'utf8',
  });
  const at = out.lastIndexOf('\n');
  return { status: Number(out.slice(at + 1)), body: out.slice(0, at) };
}

test('the journal holds every kind of change, names and charges, and exports CSV and JSON without secrets', async ({ page }) => {
  // Assign by picking Mette in the picker: the result names her.
  await openAs(page, '/softphones', 'acme log', 'Acme Logistics A/S');
  await page.getByRole('combobox', { name: 'User', exact: true }).fill('mette');
  await page.getByRole('option', { name: /^Mette Jensen/ }).click();
  await page.getByLabel('Device id').fill(METTE_DEVICE);
  await page.getByRole('radio', { name: 'Mobile' }).check();
  await page.getByRole('button', { name: 'Assign', exact: true }).click();
  await expect(result(page)).toContainText(`Assigned device ${METTE_DEVICE} to user Mette Jensen as a Mobile softphone.`);
  await page.getByRole('button', { name: 'Unassign', exact: true }).click();
  await expect(result(page)).toContainText(`Unassigned device ${METTE_DEVICE} from user Mette Jensen`);
  // A refusal (Peter lacks a role): journaled as failed.
  await page.getByRole('combobox', { name: 'User', exact: true }).fill(PETER);
  await page.getByLabel('Device id').fill(PETER_DEVICE);
  await page.getByRole('button', { name: 'Assign', exact: true }).click();
  await expect(result(page)).toContainText('(422)');

  // A charged assignment, accepted for its second send.
  await page.getByRole('combobox', { name: 'Customer', exact: true }).fill(CHARGED_TENANT);
  await fillForm(page, INGRID, INGRID_DEVICE, 'Desktop');
  await page.getByRole('button', { name: 'Assign', exact: true }).click();
  const charges = page.getByRole('dialog', { name: 'Additional charges apply' });
  await charges.getByRole('button', { name: 'Confirm and accept charges' }).click();
  await expect(result(page)).toContainText('Done (201 Created)');

  // A PBX created, enabled and deleted.
  await page.getByRole('combobox', { name: 'Customer', exact: true }).fill(TENANT);
  await nav(page, 'PBX connections').click();
  await page.getByLabel('PBX name').fill('Journal HQ');
  await page.getByLabel('REST host').fill('https://rest.example.com');
  await page.getByLabel('Websocket host').fill('wss://ws.example.com');
  await page.getByLabel('Account id').fill('kazoo-acct-journal-01');
  await page.getByLabel('API key', { exact: true }).fill('ABCDEF-secret');
  await page.getByRole('button', { name: 'Create PBX' }).click();
  await expect(page.locator('#pbx-result')).toContainText('Created \u201cJournal HQ\u201d');
  await page.locator('#pbx-list').getByRole('button', { name: 'Enable Journal HQ' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Enable and start collecting' }).click();
  await expect(page.locator('#pbx-notice')).toContainText('is enabled');
  await page.locator('#pbx-list').getByRole('button', { name: 'Delete Journal HQ' }).click();
  await page.getByRole('dialog').getByLabel('Type \u201cJournal HQ\u201d to confirm').fill('Journal HQ');
  await page.getByRole('dialog').getByRole('button', { name: 'Delete PBX' }).click();
  await expect(page.locator('#pbx-notice')).toContainText('was deleted');

  // A mobile config copied on Telecom X.
  await nav(page, 'Mobile config copy').click();
  await page.locator('#tx-email').fill('rasmus.kjaer@nordictelecom.example');
  await page.locator('#tx-password').fill('telecomx-demo');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.locator('.tx-session')).toBeVisible();
  await page.getByLabel('Customer id').fill('c0ffee000000000000000002');
  await page.getByRole('combobox', { name: 'Employee to overwrite' }).fill('ee0000000000000000002004');
  await page.getByRole('combobox', { name: 'Copy the config of' }).fill('ee0000000000000000002002');
  await expect(page.locator('table.diff')).toBeVisible();
  await page.getByRole('button', { name: /^Copy and overwrite the config of/ }).click();
  await expect(page.locator('#tx-result')).toContainText('Copied');

  await nav(page, 'Activity').click();
  await expect(page.getByRole('heading', { name: 'Activity', level: 1 })).toBeVisible();
  await expect(page.getByText("Kept in this tab's memory only: it is gone when the tab is closed or reloaded. It never holds a token or a secret.")).toBeVisible();
  await expect(entries(page)).toHaveCount(8);
  // Newest first; each kind in words, the customer by name.
  await expect(entries(page).nth(0)).toContainText('Mobile config copied');
  await expect(entries(page).nth(1)).toContainText('PBX deleted');
  await expect(entries(page).nth(2)).toContainText('PBX enabled');
  await expect(entries(page).nth(3)).toContainText('PBX created');
  await expect(entries(page).nth(3)).toContainText('Create the Kazoo PBX connection \u201cJournal HQ\u201d');
  const charged = entries(page).nth(4);
  await expect(charged).toContainText('Softphone assigned');
  await expect(charged).toContainText('Accepted, for send 2 of 2');
  await expect(entries(page).nth(5)).toContainText('Failed (422)');
  await expect(entries(page).nth(6)).toContainText('Softphone unassigned');
  const first = entries(page).nth(7);
  await expect(first).toContainText(`Assign device ${METTE_DEVICE} to Mette Jensen as a Mobile softphone`);
  await expect(first).toContainText('Acme Logistics A/S');
  await expect(first).toContainText('Done (201)');
  await expect(first).toContainText('Not accepted');

  // Filters: by kind, by outcome.
  await page.getByLabel('Kind').selectOption({ label: 'PBX created' });
  await expect(entries(page)).toHaveCount(1);
  await page.getByLabel('Kind').selectOption({ label: 'All kinds' });
  await page.getByLabel('Outcome').selectOption({ label: 'Failed' });
  await expect(entries(page)).toHaveCount(1);
  await expect(entries(page).first()).toContainText('(422)');
  await page.getByLabel('Outcome').selectOption({ label: 'All outcomes' });

  // Exports, read back.
  const csvFile = await download(page, () => page.getByRole('button', { name: 'Export as CSV' }).click());
  expect(csvFile.name).toBe('switchboard-activity.csv');
  const csv = csvFile.text;
  const lines = csvLines(csv);
  expect(lines[0]).toBe('time,kind,customer,customerId,what,outcome,status,detail,chargesAcceptedForSend,sends,rows,method,url');
  expect(lines).toHaveLength(9);
  expect(lines.some((l) => l.includes(',pbxCreate,') && l.includes(',done,201,'))).toBe(true);
  const json = JSON.parse((await download(page, () => page.getByRole('button', { name: 'Export as JSON' }).click())).text);
  expect(json.map((e: { kind: string }) => e.kind)).toEqual(['mobileConfigCopy', 'pbxDelete', 'pbxEnable', 'pbxCreate', 'assign', 'assign', 'unassign', 'assign']);
  expect(json[4].attempts.map((a: { acceptedCharges: boolean }) => a.acceptedCharges)).toEqual([false, true]);
  // Never a token or a secret.
  for (const text of [csv, JSON.stringify(json)]) {
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain('ABCDEF-secret');
    expect(text).not.toContain('telecomx-demo');
  }
  expect(JSON.stringify(json)).toContain('<apiKey>');
});

test('a bulk run is one journal entry with its counts, its charges and its result file; rows not sent are guarded', async ({ page }) => {
  page.removeAllListeners('dialog');
  const dialogs: string[] = [];
  page.on('dialog', async (d) => {
    dialogs.push(d.type());
    await d.dismiss();
  });
  await openAs(page, '/bulk', 'Onboarding', 'Onboarding Test ApS');
  // 12 rows; row 7 names user 8's device (404), device 10 is charged.
  const lines = ['userId,deviceId,clientType'];
  for (let k = 1; k <= 12; k++) lines.push(`${bulkUser(k)},${bulkDevice(k === 7 ? 8 : k)},desktop`);
  await page.getByLabel('CSV file').setInputFiles({ name: 'rows.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });
  await expect(page.getByText('12 rows read: 12 ready, 0 with errors.')).toBeVisible();

  // Rows loaded and not sent: leaving by a link asks, and staying keeps them.
  await nav(page, 'Activity').click();
  await expect.poll(() => dialogs).toEqual(['confirm']);
  await expect(page.getByRole('heading', { name: 'Bulk assignment', level: 1 })).toBeVisible();
  await expect(page.getByText('12 rows read: 12 ready, 0 with errors.')).toBeVisible();

  await page.getByRole('button', { name: 'Start the run' }).click();
  const question = page.getByRole('dialog', { name: 'Additional charges apply' });
  await question.getByRole('button', { name: 'Accept the charges and send this row' }).click();
  await expect(page.locator('.progress [role=status]')).toHaveText('12 of 12 rows finished: 11 done, 1 failed');

  // Sent: no longer an edit, the link leaves at once.
  await nav(page, 'Activity').click();
  await expect(page.getByRole('heading', { name: 'Activity', level: 1 })).toBeVisible();
  expect(dialogs).toEqual(['confirm']);
  await expect(entries(page)).toHaveCount(1);
  const run = entries(page).first();
  await expect(run).toContainText('Bulk run');
  await expect(run).toContainText('Assign or unassign 12 softphones from the bulk sheet');
  await expect(run).toContainText(`Onboarding Test ApS (${BULK})`);
  await expect(run).toContainText('12 rows: 11 done, 1 failed, 0 not sent, 0 not carried out because of charges');
  await expect(run).toContainText('Finished; some rows were not carried out.');
  await expect(run).toContainText('Accepted, for 1 send of a row asked about');
  await page.getByLabel('Outcome').selectOption({ label: 'Failed' });
  await expect(entries(page)).toHaveCount(1);
  await page.getByLabel('Outcome').selectOption({ label: 'All outcomes' });

  /** The entry's result file, downloaded and split into lines. */
  const resultFile = async () => {
    const file = await download(page, () => entries(page).first().getByRole('button', { name: 'Download its result file (CSV)' }).click());
    expect(file.name).toBe('switchboard-bulk-result.csv');
    return csvLines(file.text);
  };
  const first = await resultFile();
  expect(first).toHaveLength(13);
  expect(first[0]).toBe('row,userId,deviceId,clientType,action,outcome,detail');
  expect(first[7]).toMatch(new RegExp(`^8,${bulkUser(7)},${bulkDevice(8)},desktop,assign,failed,.*Device not found`));
  expect(first[10]).toBe(`11,${bulkUser(10)},${bulkDevice(10)},desktop,assign,done,`);

  // After New run, the journal still gives that run's file.
  await nav(page, 'Bulk assignment').click();
  await page.getByRole('button', { name: 'New run' }).click();
  await nav(page, 'Activity').click();
  expect(dialogs).toEqual(['confirm']);
  expect(await resultFile()).toEqual(first);

  const exported = csvLines((await download(page, () => page.getByRole('button', { name: 'Export as CSV' }).click())).text);
  expect(exported).toHaveLength(2);
  expect(exported[1]).toContain(',bulkRun,Onboarding Test ApS,');
  expect(exported[1]).toContain(',failed,,');
  expect(exported[1]).toContain('12 rows: 11 done, 1 failed, 0 not sent, 0 not carried out because of charges; Accepted, for 1 send of a row asked about');
  const [entry] = JSON.parse((await download(page, () => page.getByRole('button', { name: 'Export as JSON' }).click())).text);
  expect(entry.kind).toBe('bulkRun');
  expect(entry.counts).toEqual({ rows: 12, done: 11, failed: 1, notSent: 0, needsCharge: 0, charged: 1 });
  expect(entry.outcome).toEqual({ state: 'failed', status: null });
  expect(entry.request).toBeNull();
  expect(JSON.stringify(entry)).not.toContain(TOKEN);

  // While a run goes on, closing the tab asks (leaving the page does not
  // stop it, closing the tab does).
  await nav(page, 'Bulk assignment').click();
  // (The run's sends are held for longer than the test lasts.)
  await fault({ match: `/customers/${BULK}/`, method: 'PUT', delayMs: 60_000, times: 0 });
  await page.getByRole('button', { name: 'Start the run' }).click();
  await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();
  await nav(page, 'Softphones').click();
  await expect(page.getByRole('heading', { name: 'Softphones', level: 1 })).toBeVisible();
  expect(dialogs).toEqual(['confirm']);
  await page.close({ runBeforeUnload: true });
  await expect.poll(() => dialogs).toEqual(['confirm', 'beforeunload']);
  expect(page.isClosed()).toBe(false);
});

test('copy as curl from an error panel and from the journal replays to the same answer', async ({ page }) => {
  await page.goto(`${site()}/softphones`);
  await page.getByRole('combobox', { name: 'Customer', exact: true }).fill(TENANT);
  await page.getByLabel('Bearer token').fill(TOKEN);
  // Mette with Peter's device: 404 Device not found.
  await fillForm(page, METTE, PETER_DEVICE, 'Desktop');
  await page.getByRole('button', { name: 'Assign', exact: true }).click();
  await expect(result(page)).toContainText('Device not found (404)');
  await result(page).getByText('Copy as curl').click();
  const command = (await result(page).locator('pre.curl-command').textContent())!;
  expect(command).toContain('"Authorization: Bearer $TOKEN"');
  expect(command).not.toContain(TOKEN);
  const before = (await requests()).length;
  const again = replay(command);
  expect(again.status).toBe(404);
  expect(JSON.parse(again.body).message).toBe('Device not found');
  expect((await requests()).length).toBe(before + 1);

  // The refused form still holds what was typed: leaving asks, and yes.
  page.removeAllListeners('dialog');
  page.once('dialog', (d) => d.accept());
  await nav(page, 'Activity').click();
  await entries(page).first().getByText('Copy as curl').click();
  const fromJournal = (await entries(page).first().locator('pre.curl-command').textContent())!;
  expect(fromJournal).toBe(command);
  expect(replay(fromJournal).status).toBe(404);
});

test('leaving a page with edits asks first: a link, the back button, closing the tab; undone edits and sent forms do not', async ({ page }) => {
  page.removeAllListeners('dialog');
  const dialogs: string[] = [];
  let answer = false;
  page.on('dialog', async (d) => {
    dialogs.push(d.type());
    await (answer ? d.accept() : d.dismiss());
  });
  await page.goto(`${site()}/softphones`);
  await page.getByRole('combobox', { name: 'Customer', exact: true }).fill(TENANT);
  await page.getByLabel('Bearer token').fill(TOKEN);

  // An edit undone is no edit: the link leaves at once.
  await page.getByLabel('Device id').fill('abc');
  await page.getByLabel('Device id').fill('');
  await nav(page, 'PBX connections').click();
  await expect(page.getByRole('heading', { name: 'PBX connections', level: 1 })).toBeVisible();
  expect(dialogs).toEqual([]);

  // The back button with a half-filled PBX form: asked, and staying keeps it.
  await page.getByLabel('PBX name').fill('Half filled');
  await page.goBack();
  await expect.poll(() => dialogs.length).toBe(1);
  await expect(page.getByRole('heading', { name: 'PBX connections', level: 1 })).toBeVisible();
  await expect(page.getByLabel('PBX name')).toHaveValue('Half filled');
  expect(page.url()).toBe(`${site()}/pbx`);
  answer = true;
  await page.goBack();
  await expect(page.getByRole('heading', { name: 'Softphones', level: 1 })).toBeVisible();
  expect(dialogs).toEqual(['confirm', 'confirm']);

  // A link with edits: asked; staying keeps the page.
  answer = false;
  await fillForm(page, METTE, METTE_DEVICE, 'Desktop');
  await nav(page, 'Bulk assignment').click();
  await expect.poll(() => dialogs.length).toBe(3);
  await expect(page.getByRole('heading', { name: 'Softphones', level: 1 })).toBeVisible();
  // Sent with success: no longer an edit, nothing is asked.
  await page.getByRole('button', { name: 'Assign', exact: true }).click();
  await expect(result(page)).toContainText('Done (201 Created)');
  await nav(page, 'Bulk assignment').click();
  await expect(page.getByRole('heading', { name: 'Bulk assignment', level: 1 })).toBeVisible();
  expect(dialogs).toHaveLength(3);
  // What was kept is there on the way back, and is still no edit.
  await nav(page, 'Softphones').click();
  await expect(page.getByLabel('Device id')).toHaveValue(METTE_DEVICE);

  // Closing the tab with edits: the browser asks (beforeunload), and
  // staying keeps the page and what was typed.
  await page.getByLabel('Device id').fill('5eed0000000000000000000000001012');
  answer = false;
  await page.close({ runBeforeUnload: true });
  await expect.poll(() => dialogs.includes('beforeunload')).toBe(true);
  expect(page.isClosed()).toBe(false);
  await expect(page.getByLabel('Device id')).toHaveValue('5eed0000000000000000000000001012');
});

test('a language switch keeps a half-filled PBX form, a shown result and an open question', async ({ page }) => {
  await page.goto(`${site()}/pbx`);
  await page.getByRole('combobox', { name: 'Customer', exact: true }).fill(TENANT);
  await page.getByLabel('Bearer token').fill(TOKEN);
  await page.getByLabel('PBX name').fill('Shown PBX');
  await page.getByLabel('REST host').fill('https://rest.example.com');
  await page.getByLabel('Websocket host').fill('wss://ws.example.com');
  await page.getByLabel('Account id').fill('kazoo-acct-lang-0001');
  await page.getByLabel('API key', { exact: true }).fill('key-1');
  await page.getByRole('button', { name: 'Create PBX' }).click();
  await expect(page.locator('#pbx-result')).toContainText('Created \u201cShown PBX\u201d');
  // Half of a second one, on the 3CX side.
  await page.getByRole('radio', { name: '3CX' }).check();
  await page.getByLabel('PBX name').fill('Half 3CX');
  await page.getByLabel('Licence key').fill('LIC-HALF');

  await page.getByLabel('Language').selectOption({ label: 'Fran\u00e7ais' });
  await expect(page.getByRole('heading', { name: 'Connexions PBX', level: 1 })).toBeVisible();
  await expect(page.locator('#pbx-t-name')).toHaveValue('Half 3CX');
  await expect(page.locator('#pbx-t-license')).toHaveValue('LIC-HALF');
  await expect(page.locator('#pbx-result')).toContainText('Shown PBX');
  await expect(page.getByRole('combobox', { name: 'Client', exact: true })).toHaveValue(TENANT);
  // An open question survives it too.
  await page.locator('#pbx-list').getByRole('button', { name: /Shown PBX/ }).first().click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await page.getByRole('dialog').press('Escape');

  await page.getByLabel('Langue').selectOption({ label: 'English' });
  await expect(page.getByRole('heading', { name: 'PBX connections', level: 1 })).toBeVisible();
  await expect(page.locator('#pbx-t-name')).toHaveValue('Half 3CX');
  await page.getByRole('radio', { name: 'Kazoo' }).check();
  await expect(page.locator('#pbx-k-account')).toHaveValue('kazoo-acct-lang-0001');
  await expect(page.locator('#pbx-result')).toContainText('Created \u201cShown PBX\u201d');
  // Nothing was sent twice by drawing the page again.
  expect((await requests()).filter((r) => r.method === 'POST')).toHaveLength(1);
});

test('the PBX list asks each PBX for its state: Enable only where it is known to be off, unknown said as such', async ({ page }) => {
  // The 3CX one answers without `enabled`: its state is unknown.
  await fault({
    match: `/pbxs/${ROBOTICS_3CX}`, method: 'GET', status: 200,
    body: { status: 'success', timestamp: '2026-01-01T00:00:00Z', data: { id: ROBOTICS_3CX, name: 'Robotics Lab 3CX', _type: 'ThreeCxConnectionProfile', tenantId: ROBOTICS } },
  });
  await page.goto(`${site()}/pbx`);
  await page.getByRole('combobox', { name: 'Customer', exact: true }).fill(ROBOTICS);
  await page.getByLabel('Bearer token').fill(TOKEN);
  const row = (name: string) => page.locator('#pbx-list tr', { hasText: name });
  await expect(row('Acme Robotics Kazoo')).toContainText('Yes');
  await expect(row('Robotics Lab 3CX')).toContainText('Unknown');
  await expect(row('Acme Robotics Kazoo').getByRole('button', { name: /^Enable/ })).toHaveCount(0);
  await expect(row('Robotics Lab 3CX').getByRole('button', { name: /^Enable/ })).toHaveCount(0);
  const gets = (await requests()).filter((r) => r.method === 'GET' && /\/pbxs\/[0-9a-f-]+$/.test(r.path)).map((r) => r.path.split('/').pop());
  expect(gets.sort()).toEqual([ROBOTICS_KAZOO, ROBOTICS_3CX].sort());
  // Asked again (Refresh list), it says it is off: Enable is offered.
  await page.getByRole('button', { name: 'Refresh list' }).click();
  await expect(row('Robotics Lab 3CX')).toContainText('No');
  await expect(row('Robotics Lab 3CX').getByRole('button', { name: 'Enable Robotics Lab 3CX' })).toBeVisible();
  expect((await control('state')).pbxs.find((p: { id: string }) => p.id === ROBOTICS_3CX).enabled).toBe(false);
});
