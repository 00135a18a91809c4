import { test, expect, Page } from '@playwright/test';
import {
  BULK, bulkDevice as device, bulkUser as user, control, csvLines, download, fault, requests, reset, site, TOKEN,
} from './helpers';

const CLIENTS = ['desktop', 'mobile', 'webrtc', 'crm'];

/** Rows 1..n (`userId,deviceId,clientType`), with a header. */
function sheet(n: number, sep = ',', row = (k: number) => [user(k), device(k), CLIENTS[k % 4]]) {
  const lines = ['userId,deviceId,clientType'.replaceAll(',', sep)];
  for (let k = 1; k <= n; k++) lines.push(row(k).join(sep));
  return lines.join('\n') + '\n';
}

/** The k-th user whose assignment simply works (not charged, both roles). */
const plain = (k: number) => {
  let n = 0;
  while (k > 0) if (++n % 10 !== 0 && n % 25 !== 0) k--;
  return n;
};
/** n rows that each answer 201. */
const plainSheet = (n: number) => sheet(n, ',', (k) => [user(plain(k)), device(plain(k)), CLIENTS[k % 4]]);

async function openBulk(page: Page, token: string | null = TOKEN) {
  await page.goto(`${site()}/bulk`);
  await expect(page.getByRole('heading', { name: 'Bulk assignment' })).toBeVisible();
  await page.getByRole('combobox', { name: 'Customer', exact: true }).fill(BULK);
  if (token) await page.getByLabel('Bearer token').fill(token);
}

const status = (page: Page) => page.locator('.progress [role=status]');
/**
 * The outcome cell of sheet row `row` (the header is row 1, so row 2 is
 * the table's first), scrolled on screen first: only the rows on screen are
 * drawn.
 */
async function outcomeOf(page: Page, row: number) {
  const k = row - 2;
  await page.locator('.rows-scroll').evaluate((box, k) => {
    const body = box.querySelector('.rows .body') as HTMLElement;
    const n = Number(getComputedStyle(body).getPropertyValue('--n'));
    box.scrollTop = (k * body.getBoundingClientRect().height) / n;
  }, k);
  return page.locator(`#bulk-row-${k} [role=cell]`).last();
}
const assigns = async () => (await requests()).filter((r) => r.method === 'PUT' && r.path.includes('/devices/pbx/'));

test.beforeEach(async ({ page }) => {
  await reset();
  page.on('dialog', (d) => {
    throw new Error(`unexpected dialog: ${d.message()}`);
  });
});

test('rows are checked before anything is sent; the invalid ones are left out only on purpose', async ({ page }) => {
  await openBulk(page);
  const text = [
    `\u{feff}userId;deviceId;clientType;action`,
    `${user(1)};${device(1)};desktop;assign`,
    `"${user(2)}";${device(2)};mobile;`,
    `not-a-guid;${device(3)};crm;assign`,
    `${user(4)};${device(4)};fax;assign`,
    `${user(1)};${device(1)};webrtc;assign`,
    `${user(5)};${device(5)};;unassign`,
  ].join('\r\n');
  await page.getByLabel('Or paste the rows').fill(text);
  await expect(page.getByText('6 rows read: 3 ready, 3 with errors.')).toBeVisible();
  const rows = page.locator('.rows .body .row');
  await expect(rows).toHaveCount(6);
  await expect(rows.nth(2)).toContainText('user id');
  await expect(rows.nth(3)).toContainText('not \u201cfax\u201d');
  await expect(rows.nth(4)).toContainText('The same user and device as row 2.');
  await expect(rows.nth(5)).toContainText('unassign');

  await page.getByRole('button', { name: 'Start the run' }).click();
  await expect(page.getByText('3 rows with errors: fix them, or tick')).toBeVisible();
  expect(await assigns()).toHaveLength(0);

  await page.getByLabel('Leave out the rows with errors').check();
  await page.getByRole('button', { name: 'Start the run' }).click();
  await expect(status(page)).toHaveText('3 of 3 rows finished: 3 done, 0 failed');
  await expect(await outcomeOf(page, 4)).toHaveText('left out');
  const sent = await assigns();
  expect(sent.map((r) => r.path.split('/').slice(-2).join('/')).sort()).toEqual(
    [`${device(1)}/assign`, `${device(2)}/assign`, `${device(5)}/unassign`].sort(),
  );
  // The text cannot be changed under a run; "New run" gives it back.
  await expect(page.getByLabel('Or paste the rows')).toHaveAttribute('readonly', '');
  await page.getByRole('button', { name: 'New run' }).click();
  await expect(page.getByLabel('Or paste the rows')).not.toHaveAttribute('readonly', '');
  // (A text area's value has \n line breaks.)
  await expect(page.getByLabel('Or paste the rows')).toHaveValue(text.replaceAll('\r\n', '\n'));

  // A device assigned in this tab, now to another client type: it moved.
  await page.getByLabel('Or paste the rows').fill(`${user(1)},${device(1)},mobile\n`);
  await page.getByRole('button', { name: 'Start the run' }).click();
  await expect(status(page)).toHaveText('1 of 1 row finished: 1 done, 0 failed');
  await expect(page.locator('.rows .body .row').first().locator('[role=cell]').last()).toHaveText('moved (was Desktop)');
});

test('a 50-row run with failures and charged rows, asked once, and its result file', async ({ page }) => {
  await openBulk(page);
  // Row for user 7 names user 8's device: 404 Device not found.
  const text = sheet(50, ';', (k) => [user(k), device(k === 7 ? 8 : k), CLIENTS[k % 4]]);
  await page.getByLabel('CSV file').setInputFiles({ name: 'onboarding.csv', mimeType: 'text/csv', buffer: Buffer.from(text) });
  await expect(page.getByText('50 rows read: 50 ready, 0 with errors.')).toBeVisible();
  await page.getByRole('button', { name: 'Start the run' }).click();

  // 10, 20, 30, 40 are charged; 25 and 50 lack a role (422); 7 has a wrong device.
  // One question, in the queue of questions, listing the four rows.
  const question = page.getByRole('dialog', { name: 'Additional charges apply' });
  await expect(question).toContainText('Assign or unassign 4 softphones from the bulk sheet');
  for (const n of [10, 20, 30, 40]) await expect(question).toContainText(`Row ${n + 1}: assign device ${device(n)}`);
  await expect(status(page)).toHaveText('46 of 50 rows finished: 43 done, 3 failed, 4 not carried out because of charges');
  await expect(page.locator('.progress .outcome.warning')).toContainText('4 rows not carried out: the API says they add charges');
  await expect(await outcomeOf(page, 11)).toHaveText('needs charge (402)');
  await question.getByRole('button', { name: 'Accept the charges and send these 4 rows' }).click();
  await expect(status(page)).toHaveText('50 of 50 rows finished: 47 done, 3 failed');
  await expect(question).toBeHidden();
  // Settled: nothing to pause or cancel.
  await expect(page.getByRole('button', { name: 'Pause' })).toBeHidden();
  await expect(page.getByRole('button', { name: 'Cancel' })).toBeHidden();
  await expect(await outcomeOf(page, 8)).toContainText('failed: ');
  await expect(await outcomeOf(page, 8)).toContainText('Device not found');
  await expect(await outcomeOf(page, 26)).toContainText('failed: ');

  const sent = await assigns();
  expect(sent).toHaveLength(54); // 50, and the 4 charged ones again
  const charged = sent.filter((r) => r.acceptCharges === 'true');
  expect(charged.map((r) => r.path.split('/').at(-2)).sort()).toEqual([10, 20, 30, 40].map(device).sort());
  const state = await control('state');
  expect(state.assignments.filter((a: { customerId: string }) => a.customerId === BULK)).toHaveLength(47);

  // Made when asked, as a Blob (`download` checks): no data: URL, whatever the size.
  const file = await download(page, () => page.getByRole('button', { name: 'Download the result (CSV)' }).click());
  expect(file.name).toBe('switchboard-bulk-result.csv');
  const lines = csvLines(file.text);
  expect(lines[0]).toBe('row;userId;deviceId;clientType;action;outcome;detail');
  expect(lines).toHaveLength(51);
  expect(lines[1]).toBe(`2;${user(1)};${device(1)};mobile;assign;done;`);
  expect(lines[7]).toMatch(new RegExp(`^8;${user(7)};${device(8)};crm;assign;failed;.*Device not found`));
  expect(lines[10]).toBe(`11;${user(10)};${device(10)};webrtc;assign;done;`);
  expect(lines[25]).toMatch(/^26;.*;failed;/);
});

test('pause and resume, then cancel: nothing new is sent, and it says how many were not', async ({ page }) => {
  await openBulk(page);
  await page.getByLabel('Or paste the rows').fill(plainSheet(40));
  await fault({ match: `/customers/${BULK}/`, method: 'PUT', delayMs: 150, times: 0 });
  await page.getByRole('button', { name: 'Start the run' }).click();
  await expect(status(page)).toContainText(/^([4-9]|1\d) of 40 rows finished/);
  await page.getByRole('button', { name: 'Pause' }).click();
  await page.waitForTimeout(400); // the ones in flight finish
  const paused = (await assigns()).length;
  await page.waitForTimeout(500);
  expect((await assigns()).length).toBe(paused);
  await expect(page.getByRole('button', { name: 'Resume' })).toBeVisible();
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect.poll(async () => (await assigns()).length).toBeGreaterThan(paused + 4);

  await page.getByRole('button', { name: 'Cancel' }).click();
  const note = page.getByText(/^Cancelled: \d+ rows? not sent\./);
  await expect(note).toBeVisible();
  const notSent = Number((await note.textContent())!.match(/\d+/)![0]);
  await expect(status(page)).toContainText(`${notSent} not sent`);
  await page.waitForTimeout(500);
  expect((await assigns()).length).toBe(40 - notSent);
  await control('fault', { method: 'DELETE' });
});

test('failed rows can be sent again', async ({ page }) => {
  await openBulk(page);
  await page.getByLabel('Or paste the rows').fill(plainSheet(12));
  await fault({ match: `/customers/${BULK}/`, method: 'PUT', status: 503, body: '<html>maintenance</html>', contentType: 'text/html', times: 3 });
  await page.getByRole('button', { name: 'Start the run' }).click();
  await expect(status(page)).toHaveText('12 of 12 rows finished: 9 done, 3 failed');
  await page.getByRole('button', { name: 'Retry failed rows' }).click();
  await expect(status(page)).toHaveText('12 of 12 rows finished: 12 done, 0 failed');
  expect(await assigns()).toHaveLength(15);
});

test('a 401 mid-run pauses it; a new token resumes it and nothing is sent twice', async ({ page }) => {
  await openBulk(page);
  await page.getByLabel('Or paste the rows').fill(plainSheet(30));
  await fault({ match: `/customers/${BULK}/`, method: 'PUT', delayMs: 100, times: 0 });
  await page.getByRole('button', { name: 'Start the run' }).click();
  await expect(status(page)).toContainText(/^([4-9]|1\d) of 30 rows finished/);
  await control('tokens', { method: 'POST', body: { revoke: TOKEN, add: 'fresh-token-1' } });
  await expect(page.getByText('The API refused the token (401): the run is paused.')).toBeVisible();
  await expect(page.getByLabel('Bearer token')).toBeFocused();
  const before = await control('state');
  await page.waitForTimeout(300);
  expect((await control('state')).assignments).toEqual(before.assignments);

  await page.getByLabel('Bearer token').fill('fresh-token-1');
  await expect(status(page)).toHaveText('30 of 30 rows finished: 30 done, 0 failed');
  const state = await control('state');
  expect(state.assignments.filter((a: { customerId: string }) => a.customerId === BULK)).toHaveLength(30);
  // Each row carried out once: refused ones (401) went again, the others not.
  const sent = await assigns();
  const perDevice = new Map<string, number>();
  for (const r of sent) perDevice.set(r.path, (perDevice.get(r.path) ?? 0) + 1);
  expect(perDevice.size).toBe(30);
  expect([...perDevice.values()].every((n) => n <= 2)).toBe(true);
  expect(sent.length - 30).toBeLessThanOrEqual(4); // at most the ones in flight were refused
  await control('fault', { method: 'DELETE' });
});

test('the page can be left and come back to while a run goes on', async ({ page }) => {
  await openBulk(page);
  await page.getByLabel('Or paste the rows').fill(plainSheet(24));
  await fault({ match: `/customers/${BULK}/`, method: 'PUT', delayMs: 100, times: 0 });
  await page.getByRole('button', { name: 'Start the run' }).click();
  await expect(status(page)).toContainText(/^\d+ of 24 rows finished/);
  await page.getByRole('link', { name: 'Softphones' }).click();
  await expect(page.getByRole('heading', { name: 'Softphones' })).toBeVisible();
  await page.waitForTimeout(300);
  await page.getByRole('link', { name: 'Bulk assignment' }).click();
  await expect(status(page)).toHaveText('24 of 24 rows finished: 24 done, 0 failed');
  await expect(page.getByLabel('Or paste the rows')).toHaveValue(plainSheet(24));
  expect(await assigns()).toHaveLength(24);
  await control('fault', { method: 'DELETE' });
});
