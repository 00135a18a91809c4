import { test, expect, Page } from '@playwright/test';
import {
  BULK, bulkDevice as device, bulkUser as user, control, csvLines, download, fault, requests, reset, TOKEN, site,
} from './helpers';
import { TEST_TIMEOUT_SECONDS } from './sandbox';

// Issue 17: bulk assignment at 10,000 and 100,000 rows, safely. The
// sandbox's bulk test customer (sandbox/README.md, "Bulk test customer"):
// user n has device n; every 10th device is charged (402 without
// accept-charges), every 25th user lacks a softphone role (422);
// POST /__sandbox/bulk makes it larger until the next reset.
const CLIENTS = ['desktop', 'mobile', 'webrtc', 'crm'];

/** Rows `numbers` (`userId,deviceId,clientType`), with a header. */
function sheet(numbers: number[], row = (n: number, k: number) => [user(n), device(n), CLIENTS[k % 4]]) {
  const lines = ['userId,deviceId,clientType'];
  numbers.forEach((n, k) => lines.push(row(n, k + 1).join(',')));
  return lines.join('\n') + '\n';
}
const upTo = (n: number) => Array.from({ length: n }, (_, k) => k + 1);
/** The first n users whose assignment simply works (not charged, both roles). */
const plain = (n: number) => upTo(n * 2).filter((k) => k % 10 !== 0 && k % 25 !== 0).slice(0, n);

async function openBulk(page: Page) {
  await page.goto(`${site()}/bulk`);
  await expect(page.getByRole('heading', { name: 'Bulk assignment' })).toBeVisible();
  await page.getByRole('combobox', { name: 'Customer', exact: true }).fill(BULK);
  await page.getByLabel('Bearer token').fill(TOKEN);
}

/** Loads `text` as a chosen file (read at once, as a paste is). */
const load = (page: Page, text: string, name = 'sheet.csv') =>
  page.getByLabel('CSV file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });

const status = (page: Page) => page.locator('.progress [role=status]');
const puts = async () => (await requests()).filter((r) => r.method === 'PUT' && r.path.includes('/devices/pbx/'));
const unreachable = (page: Page) => page.getByText('The API cannot be reached');

/** The table row of sheet row index `k` (0 for the first row under the header), scrolled on screen. */
async function row(page: Page, k: number) {
  await page.locator('.rows-scroll').evaluate((box, k) => {
    const body = box.querySelector('.rows .body') as HTMLElement;
    const n = Number(getComputedStyle(body).getPropertyValue('--n'));
    box.scrollTop = (k * body.getBoundingClientRect().height) / n;
  }, k);
  return page.locator(`#bulk-row-${k}`);
}
const outcome = async (page: Page, k: number) => (await row(page, k)).locator('[role=cell]').last();

test.beforeEach(async ({ page }) => {
  await reset();
  page.on('dialog', (d) => {
    throw new Error(`unexpected dialog: ${d.message()}`);
  });
});

test.afterEach(async () => {
  await control('fault', { method: 'DELETE' });
});

test('the API going away mid-run pauses it; the rows not sent stay queued, and it goes on by itself when the API answers again', async ({ page }) => {
  test.setTimeout(60_000);
  await openBulk(page);
  await load(page, sheet(plain(60)));
  await expect(page.getByText('60 rows read: 60 ready, 0 with errors.')).toBeVisible();
  // One row at a time, each a little slow, so the outage comes mid-run.
  await page.getByLabel('Requests at a time').fill('1');
  await fault({ match: `/customers/${BULK}/`, method: 'PUT', delayMs: 100, times: 0 });
  await page.getByRole('button', { name: 'Start the run' }).click();
  await expect(status(page)).toContainText(/^([5-9]|1\d) of 60 rows finished/);
  // The network goes: every request to the API (the probes too) is cut.
  await control('fault', { method: 'DELETE' });
  await fault({ match: `/customers/${BULK}/`, drop: true, times: 0 });
  await expect(unreachable(page)).toBeVisible();
  await expect(unreachable(page)).toContainText('the run is paused');
  // Three failures in a row, not every remaining row.
  await expect(status(page)).toContainText(/ done, 3 failed$/);
  await expect(page.getByRole('button', { name: 'Resume' })).toBeVisible();
  const sent = (await puts()).length;
  const done = Number((await status(page).textContent())!.match(/(\d+) done/)![1]);
  await expect(unreachable(page)).toContainText(`with ${60 - done - 3} rows still to send`);
  // Paused: nothing more is sent, but the API is asked whether it is back.
  await expect.poll(async () => (await requests()).filter((r) => r.method === 'GET' && r.path.includes('/users/')).length, { timeout: 10_000 }).toBeGreaterThan(0);
  expect((await puts()).length).toBe(sent);
  // The network comes back: the next probe is answered and the run goes on.
  await control('fault', { method: 'DELETE' });
  await expect(status(page)).toHaveText('60 of 60 rows finished: 57 done, 3 failed', { timeout: 20_000 });
  await expect(unreachable(page)).toBeHidden();
  // The three are worth a resend.
  await expect(page.getByText('Failed for a reason a resend may cure')).toContainText('3 rows');
  await page.getByRole('button', { name: 'Retry failed rows' }).click();
  await expect(status(page)).toHaveText('60 of 60 rows finished: 60 done, 0 failed');
  // Each row carried out once; the three cut ones sent twice.
  const state = await control('state');
  expect(state.assignments.filter((a: { customerId: string }) => a.customerId === BULK)).toHaveLength(60);
  const perDevice = new Map<string, number>();
  for (const r of await puts()) perDevice.set(r.path, (perDevice.get(r.path) ?? 0) + 1);
  expect([...perDevice.values()].filter((n) => n === 2)).toHaveLength(3);
  expect([...perDevice.values()].every((n) => n <= 2)).toBe(true);
});

test('timeouts in a row pause the run too; a timed-out row may have been carried out; Resume goes on at once', async ({ page }) => {
  test.setTimeout(60_000);
  await openBulk(page);
  await load(page, sheet(plain(12)));
  await page.getByLabel('Requests at a time').fill('3');
  // The first five answers come too late; the probes are cut, so only
  // Resume can go on.
  await fault({ match: `/customers/${BULK}/`, method: 'PUT', delayMs: (TEST_TIMEOUT_SECONDS + 1) * 1000, times: 5 });
  await fault({ match: `/customers/${BULK}/users/`, method: 'GET', drop: true, times: 0 });
  await page.getByRole('button', { name: 'Start the run' }).click();
  // Three out, three time out; the first two are followed by two more
  // rows, the third pauses the run. Those two time out as well.
  await expect(unreachable(page)).toBeVisible({ timeout: (TEST_TIMEOUT_SECONDS + 5) * 1000 });
  await expect(status(page)).toHaveText('5 of 12 rows finished: 0 done, 5 failed', { timeout: (TEST_TIMEOUT_SECONDS + 5) * 1000 });
  await expect(unreachable(page)).toContainText('with 7 rows still to send');
  await expect(await outcome(page, 0)).toContainText('may or may not have been carried out; check before retrying');
  expect(await puts()).toHaveLength(5);
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(status(page)).toHaveText('12 of 12 rows finished: 7 done, 5 failed');
  await expect(unreachable(page)).toBeHidden();
  expect(await puts()).toHaveLength(12);
});

test('Retry failed rows resends only what a resend can cure; the rows refused for what they say are a sheet to fix and load again', async ({ page }) => {
  await openBulk(page);
  // User 7 names user 8's device (404), user 25 lacks the role (422); the
  // first two rows meet a 503.
  const numbers = [1, 2, 3, 4, 5, 6, 7, 9, 11, 25];
  await load(page, sheet(numbers, (n, k) => [user(n), device(n === 7 ? 8 : n), CLIENTS[k % 4]]));
  for (const n of [1, 2]) await fault({ match: `/pbx/${device(n)}/`, method: 'PUT', status: 503, body: '<html>maintenance</html>', contentType: 'text/html' });
  await page.getByRole('button', { name: 'Start the run' }).click();
  await expect(status(page)).toHaveText('10 of 10 rows finished: 6 done, 4 failed');
  await expect(page.getByText('Failed for a reason a resend may cure')).toContainText('2 rows');
  await expect(page.getByText('Refused by the API for what they say (400, 404, 422)')).toContainText('2 rows');

  // The refused rows, as a sheet of their own.
  const refused = await download(page, () => page.getByRole('button', { name: 'Download the refused rows (CSV)' }).click());
  expect(refused.name).toBe('switchboard-bulk-refused-rows.csv');
  const lines = csvLines(refused.text);
  expect(lines[0]).toBe('row,userId,deviceId,clientType,action,detail');
  expect(lines).toHaveLength(3);
  expect(lines[1]).toMatch(new RegExp(`^8,${user(7)},${device(8)},${CLIENTS[7 % 4]},assign,.*Device not found`));
  expect(lines[2]).toMatch(new RegExp(`^11,${user(25)},${device(25)},${CLIENTS[10 % 4]},assign,.*customer_user_uc_softphone`));

  // Retry sends the two 503 rows again, and only them.
  const before = (await puts()).length;
  await page.getByRole('button', { name: 'Retry failed rows' }).click();
  await expect(status(page)).toHaveText('10 of 10 rows finished: 8 done, 2 failed');
  const again = (await puts()).slice(before).map((r) => r.path.split('/').at(-2));
  expect(again.sort()).toEqual([device(1), device(2)].sort());
  await expect(page.getByRole('button', { name: 'Retry failed rows' })).toBeHidden();
  await expect(page.getByRole('button', { name: 'Download the refused rows (CSV)' })).toBeVisible();

  // Fixed (the right device for user 7) and loaded again.
  await page.getByRole('button', { name: 'New run' }).click();
  await load(page, refused.raw.replace(device(8), device(7)), 'refused.csv');
  await expect(page.getByText('2 rows read: 2 ready, 0 with errors.')).toBeVisible();
  await page.getByRole('button', { name: 'Start the run' }).click();
  await expect(status(page)).toHaveText('2 of 2 rows finished: 1 done, 1 failed');
});

test('20,000 rows: only the rows on screen are drawn, the keyboard reaches every row, the outcome cells change only with their row, and the result file comes as a Blob and reads back', async ({ page }) => {
  test.setTimeout(120_000);
  const N = 20_000;
  // Rows that each answer 201 (no charges, both roles): 20,000 of the
  // first 23,000 users.
  const numbers = plain(N);
  await control('bulk', { method: 'POST', body: { users: 23_000 } });
  await openBulk(page);
  await load(page, sheet(numbers));
  await expect(page.getByText(`${N} rows read: ${N} ready, 0 with errors.`)).toBeVisible({ timeout: 20_000 });

  // A table of the whole sheet for assistive technology, a few rows in the DOM.
  const table = page.getByRole('table', { name: 'Rows' });
  await expect(table).toHaveAttribute('aria-rowcount', String(N + 1));
  const drawn = await page.locator('.rows .body .row').count();
  expect(drawn).toBeGreaterThan(5);
  expect(drawn).toBeLessThan(100);
  // The keyboard moves through all of it, drawing the rows as they come.
  await page.locator('.rows-scroll').focus();
  await page.keyboard.press('End');
  const last = page.locator(`#bulk-row-${N - 1}`);
  await expect(last).toBeFocused();
  await expect(last).toHaveAttribute('aria-rowindex', String(N + 1));
  await expect(last).toContainText(user(numbers[N - 1]));
  await expect(page.locator('#bulk-row-0')).toHaveCount(0);
  await page.keyboard.press('Home');
  await expect(page.locator('#bulk-row-0')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(page.locator('#bulk-row-2')).toBeFocused();
  await expect(page.locator('#bulk-row-2')).toHaveAttribute('aria-rowindex', '4');
  await page.keyboard.press('PageDown');
  const paged = Number((await page.evaluate(() => document.activeElement!.id)).replace('bulk-row-', ''));
  expect(paged).toBeGreaterThan(4);
  await page.keyboard.press('PageUp');
  await expect(page.locator('#bulk-row-2')).toBeFocused();
  await page.keyboard.press('Home');
  await expect(page.locator('#bulk-row-0')).toBeFocused();

  // Every write to an outcome cell during the run, counted.
  await page.evaluate(() => {
    const w = window as unknown as { outcomeWrites: number };
    w.outcomeWrites = 0;
    new MutationObserver((records) => {
      for (const r of records) {
        const cell = (r.target instanceof Element ? r.target : r.target.parentElement)?.closest('[id^=bulk-o-]');
        if (cell) w.outcomeWrites++;
      }
    }).observe(document.querySelector('.rows .body')!, { subtree: true, childList: true, characterData: true });
  });
  await page.getByRole('button', { name: 'Start the run' }).click();
  // A few hundred rows, then Cancel: the file has all 20,000 rows either way.
  await expect(status(page)).toContainText(/^([3-9]\d\d|\d{4,}) of 20000 rows finished/, { timeout: 60_000 });
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(status(page)).toHaveText(/^20000 of 20000 rows finished: \d+ done, 0 failed, \d+ not sent$/);
  const done = Number((await status(page).textContent())!.match(/(\d+) done/)![1]);
  // The rows on screen were written when their state changed (waiting,
  // sending, done or not sent), not at every refresh of the run.
  const onScreen = await page.locator('.rows .body .row').count();
  const writes = await page.evaluate(() => (window as unknown as { outcomeWrites: number }).outcomeWrites);
  expect(writes).toBeGreaterThanOrEqual(onScreen);
  expect(writes).toBeLessThanOrEqual(3 * onScreen);
  await expect(await outcome(page, 0)).toHaveText('done');
  await expect(await outcome(page, N - 1)).toHaveText('not sent');

  const file = await download(page, () => page.getByRole('button', { name: 'Download the result (CSV)' }).click());
  expect(file.name).toBe('switchboard-bulk-result.csv');
  expect(file.bom).toBe(true);
  const lines = csvLines(file.text);
  expect(lines).toHaveLength(N + 1);
  expect(lines[0]).toBe('row,userId,deviceId,clientType,action,outcome,detail');
  expect(lines[1]).toBe(`2,${user(numbers[0])},${device(numbers[0])},mobile,assign,done,`);
  expect(lines[N]).toBe(`${N + 1},${user(numbers[N - 1])},${device(numbers[N - 1])},${CLIENTS[N % 4]},assign,not sent,The run was cancelled first.`);
  const outcomes = new Map<string, number>();
  for (const l of lines.slice(1)) {
    const o = l.split(',')[5];
    outcomes.set(o, (outcomes.get(o) ?? 0) + 1);
  }
  expect(Object.fromEntries(outcomes)).toEqual({ done, 'not sent': N - done });
  const state = await control('state');
  expect(state.assignments.filter((a: { customerId: string }) => a.customerId === BULK)).toHaveLength(done);
});

test('a sheet over 100,000 rows, a file over 20 MB and a paste over 20 MB are refused, naming the limit, and nothing is sent', async ({ page }) => {
  test.setTimeout(120_000);
  await openBulk(page);
  // A paste of 21 MB: refused by its length, before the text box or the
  // page holds it.
  await page.locator('#bulk-text').evaluate((area: HTMLTextAreaElement) => {
    const data = new DataTransfer();
    data.setData('text/plain', 'x'.repeat(21 * 1024 * 1024));
    area.focus();
    area.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  });
  await expect(page.getByRole('alert').filter({ hasText: 'The pasted text is 21 MB: the limit is 20 MB.' })).toBeVisible();
  await expect(page.locator('#bulk-text')).toHaveValue('');

  await load(page, sheet(upTo(100_001)), 'big.csv');
  const tooMany = 'The sheet has more than 100,000 rows: the limit is 100,000 rows. Split it into smaller sheets.';
  await expect(page.getByRole('alert').filter({ hasText: tooMany })).toBeVisible({ timeout: 30_000 });
  // Too long for the text box: held by the page.
  await expect(page.getByText('The text is too long to show in the text box')).toBeVisible();
  await page.getByRole('button', { name: 'Start the run' }).click();
  await expect(page.locator('.form > .message[role=status]')).toHaveText(tooMany);

  await page.getByLabel('CSV file').setInputFiles({ name: 'huge.csv', mimeType: 'text/csv', buffer: Buffer.alloc(21 * 1024 * 1024, 'a') });
  const tooLarge = 'The file \u201chuge.csv\u201d is 21 MB: the limit is 20 MB, so it was not read. Split it into smaller files.';
  await expect(page.getByRole('alert').filter({ hasText: tooLarge })).toBeVisible();
  await page.getByRole('button', { name: 'Start the run' }).click();
  await expect(page.locator('.form > .message[role=status]')).toHaveText(tooLarge);

  // Cleared, the text box is back, and a small sheet is read as usual.
  await page.getByRole('button', { name: 'Clear' }).click();
  await page.locator('#bulk-text').fill(sheet([1, 2]));
  await expect(page.getByText('2 rows read: 2 ready, 0 with errors.')).toBeVisible();
  expect(await puts()).toHaveLength(0);
});

test('a long paste is held by the page, read at once, and can be edited in the text box, read again when typing pauses', async ({ page }) => {
  test.setTimeout(60_000);
  await control('bulk', { method: 'POST', body: { users: 6000 } });
  await openBulk(page);
  // Something typed first, then 5,000 rows pasted after it: both are kept.
  const area = page.locator('#bulk-text');
  await area.fill('userId,deviceId,clientType\n');
  await expect(page.getByText('0 rows read: 0 ready, 0 with errors.')).toBeVisible();
  await area.evaluate((a: HTMLTextAreaElement, text: string) => {
    a.focus();
    a.setSelectionRange(a.value.length, a.value.length);
    const data = new DataTransfer();
    data.setData('text/plain', text);
    a.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, sheet(plain(5000)).split('\n').slice(1).join('\n'));
  await expect(page.getByText('5000 rows read: 5000 ready, 0 with errors.')).toBeVisible();
  await expect(page.getByText('The text is too long to show in the text box')).toBeVisible();
  await expect(area).toHaveCount(0);
  // Shown in the text box on request, and edited there.
  await page.getByRole('button', { name: 'Show it in the text box (slow for a text this long)' }).click();
  await expect(area).toHaveValue(sheet(plain(5000)));
  await area.focus();
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.type('nope,123,fax');
  await expect(page.getByText('5001 rows read: 5000 ready, 1 with errors.')).toBeVisible();
  // A run folds the long text away again, and New run leaves it held.
  await page.getByLabel('Leave out the rows with errors').check();
  await page.getByLabel('Requests at a time').fill('16');
  await page.getByRole('button', { name: 'Start the run' }).click();
  await expect(area).toHaveCount(0);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(status(page)).toContainText(/^5000 of 5000 rows finished/);
  await page.getByRole('button', { name: 'New run' }).click();
  await expect(page.getByRole('button', { name: 'Clear' })).toBeEnabled();
});
