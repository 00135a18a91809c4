import { test, expect, Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { METTE, METTE_DEVICE, PETER, TENANT, TOKEN, portal, reset, site } from './helpers';

// axe-core finds no WCAG 2.2 A/AA (or best-practice) violation on the pages
// in their empty, error and result states, with the pickers' lists open and
// the role warning shown, the Telecom X login, preview and refusal, the bulk
// rows and charges question, and embedded in the demo portal. (English only:
// the translations of issue 7 do not exist yet.)

test.beforeEach(async () => {
  await reset();
});

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

async function noViolations(page: Page, state: string, frame?: string) {
  let axe = new AxeBuilder({ page }).withTags(TAGS);
  if (frame) axe = axe.include(frame);
  const { violations } = await axe.analyze();
  const found = violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(found, state).toEqual([]);
}

test('Softphones: empty, errors, picker lists, role warning, result', async ({ page }) => {
  await page.goto(`${site()}/softphones`);
  await expect(page.getByRole('heading', { name: 'Softphones' })).toBeVisible();
  await noViolations(page, 'empty');
  await page.getByRole('button', { name: 'Assign', exact: true }).click();
  await expect(page.locator('#sp-client-msg')).toBeVisible();
  await noViolations(page, 'errors');

  await page.getByLabel('Bearer token').fill(TOKEN);
  const customer = page.getByRole('combobox', { name: 'Customer', exact: true });
  await customer.fill('ltd');
  await expect(page.getByRole('listbox', { name: 'Customer' }).getByRole('option').first()).toBeVisible();
  await customer.press('ArrowDown');
  await noViolations(page, 'customer list open');
  await customer.fill(TENANT);
  const user = page.getByRole('combobox', { name: 'User', exact: true });
  await user.fill(PETER);
  await expect(page.getByText('This user lacks customer_user_uc_softphone')).toBeVisible();
  await noViolations(page, 'role warning');

  await user.fill(METTE);
  await page.getByLabel('Device id').fill(METTE_DEVICE);
  await page.getByRole('radio', { name: 'Desktop' }).check();
  await page.getByRole('button', { name: 'Assign', exact: true }).click();
  await expect(page.locator('#sp-result')).toContainText('Done (201 Created)');
  await noViolations(page, 'result');
});

test('Mobile config copy: login, login error, preview, 403 result', async ({ page }) => {
  await page.goto(`${site()}/mobile-config`);
  await expect(page.getByRole('heading', { name: 'Log in to Telecom X' })).toBeVisible();
  await noViolations(page, 'login');
  await page.locator('#tx-email').fill('rasmus.kjaer@nordictelecom.example');
  await page.locator('#tx-password').fill('wrong');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.locator('#tx-login-result')).toContainText('refused the login');
  await noViolations(page, 'login refused');
  await page.locator('#tx-password').fill('telecomx-demo');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByLabel('Customer id').fill('c0ffee000000000000000004');
  const target = page.getByRole('combobox', { name: 'Employee to overwrite' });
  await target.fill('ee0000000000000000004001');
  await page.getByRole('combobox', { name: 'Copy the config of' }).fill('ee0000000000000000002002');
  await page.getByRole('button', { name: /^Copy and overwrite/ }).click();
  await expect(page.locator('#tx-result')).toContainText('only ADMIN');
  await noViolations(page, '403 result');
  await page.getByLabel('Customer id').fill('c0ffee000000000000000002');
  await target.fill('ee0000000000000000002004');
  await expect(page.locator('table.diff')).toBeVisible();
  await noViolations(page, 'preview');
});

test('Bulk assignment: rows with errors, the charges question, the result', async ({ page }) => {
  await page.goto(`${site()}/bulk`);
  await expect(page.getByRole('heading', { name: 'Bulk assignment' })).toBeVisible();
  await noViolations(page, 'empty');
  await page.getByLabel('Bearer token').fill(TOKEN);
  await page.getByRole('combobox', { name: 'Customer', exact: true }).fill('bbbbbbbb-0000-4000-8000-000000000001');
  const row = (n: number) => `bb000000-0000-4000-8000-${String(n).padStart(12, '0')},5eedbb00000000000000000000${String(n).padStart(6, '0')},desktop`;
  await page.getByLabel('Or paste the rows').fill([row(9), row(10), 'nope,123,fax'].join('\n'));
  await expect(page.getByText('3 rows read: 2 ready, 1 with errors.')).toBeVisible();
  await noViolations(page, 'rows with errors');
  await page.getByLabel('Leave out the rows with errors').check();
  await page.getByRole('button', { name: 'Start the run' }).click();
  await expect(page.getByRole('button', { name: 'Accept the charges and send this row' })).toBeVisible();
  await noViolations(page, 'charges question');
  await page.getByRole('button', { name: 'Accept the charges and send this row' }).click();
  await expect(page.locator('.progress [role=status]')).toHaveText('2 of 2 rows finished: 2 done, 0 failed');
  await noViolations(page, 'result');
});

test('PBX connections: empty, errors, result', async ({ page }) => {
  await page.goto(`${site()}/pbx`);
  await expect(page.getByRole('heading', { name: 'PBX connections' })).toBeVisible();
  await noViolations(page, 'empty');
  await page.getByRole('button', { name: 'Create PBX' }).click();
  await noViolations(page, 'errors');
  await page.getByLabel('Bearer token').fill(TOKEN);
  await page.getByRole('combobox', { name: 'Customer', exact: true }).fill(TENANT);
  await page.getByLabel('PBX name').fill('Axe HQ');
  await page.getByLabel('REST host').fill('https://rest.example.com');
  await page.getByLabel('Websocket host').fill('wss://ws.example.com');
  await page.getByLabel('Account id').fill('kazoo-acct-axe-0001');
  await page.getByLabel('API key', { exact: true }).fill('secret-key');
  await page.getByRole('button', { name: 'Create PBX' }).click();
  await expect(page.locator('#pbx-result')).toContainText('Created');
  await noViolations(page, 'result');
});

test('embedded in the demo portal', async ({ page }) => {
  await page.goto(`${portal()}/`);
  await expect(page.frameLocator('#console').getByRole('heading', { name: 'Softphones' })).toBeVisible();
  await noViolations(page, 'embedded', '#console');
});
