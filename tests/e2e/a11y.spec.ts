import { test, expect, Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { METTE, METTE_DEVICE, PETER, TENANT, TOKEN, portal, reset, site } from './helpers';
import { LANGS, Lang, text } from './i18n';

// axe-core finds no WCAG 2.2 A/AA (or best-practice) violation on every page
// in its empty, error and result states, in English, French and Danish: the
// pickers' lists open, the role warning, the Telecom X login, preview and
// refusal, the bulk rows and charges question, and embedded in the demo
// portal. Elements are found by id or by their text in the language at hand.

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

async function session(page: Page, lang: Lang, tenant: string) {
  await page.locator('#session-token').fill(TOKEN);
  await page.getByRole('combobox', { name: text(lang, 'Customer'), exact: true }).fill(tenant);
}

for (const lang of LANGS) {
  const t = (en: string, args: Record<string, string | number> = {}) => text(lang, en, args);
  const open = async (page: Page, path: string, heading: string) => {
    await page.goto(`${site()}${path}?lang=${lang}`);
    await expect(page.getByRole('heading', { name: t(heading), exact: true })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', lang);
  };

  test(`${lang}: Softphones: empty, errors, picker lists, role warning, result`, async ({ page }) => {
    await open(page, '/softphones', 'Softphones');
    await noViolations(page, 'empty');
    const assign = page.getByRole('button', { name: t('Assign'), exact: true });
    await assign.click();
    await expect(page.locator('#sp-client-msg')).toBeVisible();
    await noViolations(page, 'errors');

    await page.locator('#session-token').fill(TOKEN);
    const customer = page.locator('#session-tenant');
    await customer.fill('ltd');
    await expect(page.locator('#session-tenant-list [role=option]').first()).toBeVisible();
    await customer.press('ArrowDown');
    await noViolations(page, 'customer list open');
    await customer.fill(TENANT);
    const user = page.locator('#sp-user');
    await user.fill(PETER);
    await expect(page.locator('.roles .warning')).toBeVisible();
    await noViolations(page, 'role warning');

    await user.fill(METTE);
    await page.locator('#sp-device').fill(METTE_DEVICE);
    await page.locator('#sp-client-desktop').check();
    await assign.click();
    await expect(page.locator('#sp-result')).toContainText(t('Done ({status})', { status: '201 Created' }));
    await noViolations(page, 'result');
  });

  test(`${lang}: Mobile config copy: login, login error, preview, 403 result`, async ({ page }) => {
    await open(page, '/mobile-config', 'Log in to Telecom X');
    await noViolations(page, 'login');
    await page.locator('#tx-email').fill('rasmus.kjaer@nordictelecom.example');
    await page.locator('#tx-password').fill('wrong');
    await page.getByRole('button', { name: t('Log in'), exact: true }).click();
    await expect(page.locator('#tx-login-result')).toContainText(t('Telecom X refused the login (401).'));
    await noViolations(page, 'login refused');
    await page.locator('#tx-password').fill('telecomx-demo');
    await page.getByRole('button', { name: t('Log in'), exact: true }).click();
    await page.locator('#tx-customer').fill('c0ffee000000000000000004');
    await page.locator('#tx-target').fill('ee0000000000000000004001');
    await page.locator('#tx-source').fill('ee0000000000000000002002');
    await page.locator('#tx-copy-title ~ form button[type=submit]').click();
    await expect(page.locator('#tx-result .outcome.failed')).toBeVisible();
    await noViolations(page, '403 result');
    await page.locator('#tx-customer').fill('c0ffee000000000000000002');
    await page.locator('#tx-target').fill('ee0000000000000000002004');
    await expect(page.locator('table.diff')).toBeVisible();
    await noViolations(page, 'preview');
  });

  test(`${lang}: Bulk assignment: rows with errors, the charges question, the result`, async ({ page }) => {
    await open(page, '/bulk', 'Bulk assignment');
    await noViolations(page, 'empty');
    await session(page, lang, 'bbbbbbbb-0000-4000-8000-000000000001');
    const row = (n: number) =>
      `bb000000-0000-4000-8000-${String(n).padStart(12, '0')},5eedbb00000000000000000000${String(n).padStart(6, '0')},desktop`;
    await page.locator('#bulk-text').fill([row(9), row(10), 'nope,123,fax'].join('\n'));
    await expect(page.locator('.rows .body .row')).toHaveCount(3);
    await noViolations(page, 'rows with errors');
    await page.locator('label.check input[type=checkbox]').check();
    await page.getByRole('button', { name: t('Start the run'), exact: true }).click();
    const accept = page.getByRole('button', { name: t('Accept the charges and send this row'), exact: true });
    await expect(accept).toBeVisible();
    await noViolations(page, 'charges question');
    await accept.click();
    await expect(page.locator('#bulk-progress')).toHaveAttribute('value', '2');
    await noViolations(page, 'result');
  });

  test(`${lang}: Activity: empty, with entries, a curl command open, filtered to none`, async ({ page }) => {
    await open(page, '/journal', 'Activity');
    await noViolations(page, 'empty');
    // One change done and one refused, from the Softphones page.
    await page.getByRole('navigation').getByRole('link', { name: t('Softphones'), exact: true }).click();
    await session(page, lang, TENANT);
    await page.locator('#sp-user').fill(METTE);
    await page.locator('#sp-device').fill(METTE_DEVICE);
    await page.locator('#sp-client-desktop').check();
    await page.getByRole('button', { name: t('Assign'), exact: true }).click();
    await expect(page.locator('#sp-result .outcome.ok')).toBeVisible();
    await page.locator('#sp-user').fill(PETER);
    await page.getByRole('button', { name: t('Assign'), exact: true }).click();
    await expect(page.locator('#sp-result .outcome.failed')).toBeVisible();
    // The refused form still holds what was typed: leaving asks first.
    page.once('dialog', (d) => d.accept());
    await page.getByRole('navigation').getByRole('link', { name: t('Activity'), exact: true }).click();
    await expect(page.locator('ol.journal > li')).toHaveCount(2);
    await noViolations(page, 'with entries');
    await page.locator('ol.journal > li').first().locator('summary').click();
    await expect(page.locator('pre.curl-command').first()).toBeVisible();
    await noViolations(page, 'curl open');
    await page.locator('#journal-kind').selectOption('bulkRun');
    await expect(page.locator('ol.journal > li')).toHaveCount(0);
    await noViolations(page, 'filtered to none');
  });

  test(`${lang}: PBX connections: empty, errors, result`, async ({ page }) => {
    await open(page, '/pbx', 'PBX connections');
    await noViolations(page, 'empty');
    const create = page.getByRole('button', { name: t('Create PBX'), exact: true });
    await create.click();
    await expect(page.locator('#pbx-k-name-msg')).toBeVisible();
    await noViolations(page, 'errors');
    await session(page, lang, TENANT);
    await page.locator('#pbx-k-name').fill('Axe HQ');
    await page.locator('#pbx-k-rest').fill('https://rest.example.com');
    await page.locator('#pbx-k-ws').fill('wss://ws.example.com');
    await page.locator('#pbx-k-account').fill(`kazoo-acct-axe-${lang}`);
    await page.locator('#pbx-k-key').fill('secret-key');
    await create.click();
    await expect(page.locator('#pbx-result .outcome.ok')).toBeVisible();
    await noViolations(page, 'result');
  });
}

test('embedded in the demo portal', async ({ page }) => {
  await page.goto(`${portal()}/`);
  await expect(page.frameLocator('#console').getByRole('heading', { name: 'Softphones' })).toBeVisible();
  await noViolations(page, 'embedded', '#console');
});
