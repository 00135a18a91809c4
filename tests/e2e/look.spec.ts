import { test, expect, Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  CHARGED_TENANT, INGRID, INGRID_DEVICE, METTE, METTE_DEVICE, TENANT, TOKEN, portal, reset, site,
} from './helpers';
import { LANGS, Lang, text } from './i18n';

// Issue 7, the look of the console: every page fits a 360 px wide frame
// (no sideways scrolling of the page, in the three languages), it follows the
// browser's dark scheme with enough contrast, its parts share the --sb-*
// tokens in light and dark, and the README's screenshots are taken here, from
// the release build, so that they stay true.

test.beforeEach(async () => {
  await reset();
});

// The sandbox's demo data (sandbox/README.md).
const BULK = 'bbbbbbbb-0000-4000-8000-000000000001';
const bulkRow = (n: number, client = 'desktop') =>
  `bb000000-0000-4000-8000-${String(n).padStart(12, '0')},5eedbb00000000000000000000${String(n).padStart(6, '0')},${client}`;
const TX_RESELLER = 'rasmus.kjaer@nordictelecom.example';
const TX_ACME = 'c0ffee000000000000000002';
const TX_TARGET = 'ee0000000000000000002004'; // Peter Madsen
const TX_SOURCE = 'ee0000000000000000002001'; // Mette Jensen (the pictures show her colleagues)

/** A page in a state worth looking at; `lang` names what to wait for. */
interface Scene {
  name: string;
  show: (page: Page, lang: Lang) => Promise<void>;
}

async function go(page: Page, path: string, lang: Lang, heading: string) {
  await page.goto(`${site()}${path}?lang=${lang}`);
  await expect(page.getByRole('heading', { name: text(lang, heading), exact: true })).toBeVisible();
}

async function session(page: Page, tenant: string) {
  await page.locator('#session-token').fill(TOKEN);
  await page.locator('#session-tenant').fill(tenant);
}

const softphones: Scene = {
  name: 'Softphones',
  show: (page, lang) => go(page, '/softphones', lang, 'Softphones'),
};
const softphoneResult: Scene = {
  name: 'Softphones with a result',
  show: async (page, lang) => {
    await go(page, '/softphones', lang, 'Softphones');
    await session(page, TENANT);
    await page.locator('#sp-user').fill(METTE);
    await page.locator('#sp-device').fill(METTE_DEVICE);
    await page.locator('#sp-client-desktop').check();
    await page.getByRole('button', { name: text(lang, 'Assign'), exact: true }).click();
    await expect(page.locator('#sp-result')).toContainText(text(lang, 'Done ({status})', { status: '201 Created' }));
    // The role check, which lengthens the page, is done too.
    await expect(page.locator('.role-list')).toBeVisible();
  },
};
const chargeDialog: Scene = {
  name: 'the charge dialog',
  show: async (page, lang) => {
    await go(page, '/softphones', lang, 'Softphones');
    await session(page, CHARGED_TENANT);
    await page.locator('#sp-user').fill(INGRID);
    await page.locator('#sp-device').fill(INGRID_DEVICE);
    await page.locator('#sp-client-webrtc').check();
    await page.getByRole('button', { name: text(lang, 'Assign'), exact: true }).click();
    await expect(page.getByRole('dialog')).toBeVisible();
  },
};
const bulkRows: Scene = {
  name: 'Bulk with rows',
  show: async (page, lang) => {
    await go(page, '/bulk', lang, 'Bulk assignment');
    await session(page, BULK);
    await page.locator('#bulk-text').fill(['userId,deviceId,clientType', bulkRow(1), bulkRow(2, 'mobile'), 'not-a-guid,123,fax'].join('\n'));
    await expect(page.locator('.rows .body .row')).toHaveCount(3);
  },
};
const bulkRun: Scene = {
  name: 'Bulk after a run',
  show: async (page, lang) => {
    await go(page, '/bulk', lang, 'Bulk assignment');
    await session(page, BULK);
    const clients = ['desktop', 'mobile', 'webrtc', 'crm'];
    const rows = Array.from({ length: 8 }, (_, k) => bulkRow(k + 5, clients[k % 4]));
    await page.locator('#bulk-text').fill(['userId,deviceId,clientType', ...rows].join('\n'));
    await page.getByRole('button', { name: text(lang, 'Start the run'), exact: true }).click();
    // Row 10 adds charges: asked once, accepted.
    await page.getByRole('button', { name: text(lang, 'Accept the charges and send this row'), exact: true }).click();
    await expect(page.locator('#bulk-progress')).toHaveAttribute('value', '8');
  },
};
const pbx: Scene = {
  name: 'PBX connections',
  show: (page, lang) => go(page, '/pbx', lang, 'PBX connections'),
};
const pbxList: Scene = {
  name: 'PBX connections with the list',
  show: async (page, lang) => {
    await go(page, '/pbx', lang, 'PBX connections');
    await session(page, TENANT);
    const create = page.getByRole('button', { name: text(lang, 'Create PBX'), exact: true });
    for (const [name, account] of [['Aarhus office', 'kazoo-acct-aarhus-0001'], ['Copenhagen HQ', 'kazoo-acct-copenhagen-0002']]) {
      await page.locator('#pbx-k-name').fill(name);
      await page.locator('#pbx-k-rest').fill('https://rest.kazoo.example.com');
      await page.locator('#pbx-k-ws').fill('wss://ws.kazoo.example.com');
      await page.locator('#pbx-k-account').fill(account);
      await page.locator('#pbx-k-key').fill('secret-key');
      await create.click();
      await expect(page.locator('#pbx-list tr', { hasText: name })).toBeVisible();
    }
    await expect(page.locator('#pbx-result .outcome.ok')).toBeVisible();
  },
};
const txLogin: Scene = {
  name: 'Mobile config: the login',
  show: (page, lang) => go(page, '/mobile-config', lang, 'Log in to Telecom X'),
};
const txPreview: Scene = {
  name: 'Mobile config: the preview',
  show: async (page, lang) => {
    await go(page, '/mobile-config', lang, 'Log in to Telecom X');
    await page.locator('#tx-email').fill(TX_RESELLER);
    await page.locator('#tx-password').fill('telecomx-demo');
    await page.getByRole('button', { name: text(lang, 'Log in'), exact: true }).click();
    await page.locator('#tx-customer').fill(TX_ACME);
    await page.locator('#tx-target').fill(TX_TARGET);
    await page.locator('#tx-source').fill(TX_SOURCE);
    await expect(page.locator('table.diff tbody tr')).toHaveCount(2);
  },
};

/** What sticks out of the viewport, not inside a scrolling box: for the failure message. */
async function overflow(page: Page) {
  return page.evaluate(() => {
    const width = window.innerWidth;
    const out: string[] = [];
    for (const el of Array.from(document.querySelectorAll('body *'))) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.right <= width + 0.5) continue;
      let p = el.parentElement;
      while (p && getComputedStyle(p).overflowX === 'visible') p = p.parentElement;
      if (p && p !== document.body && p !== document.documentElement) continue; // scrolls inside its box
      const id = el.id ? `#${el.id}` : '';
      const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().replace(/\s+/g, '.')}` : '';
      out.push(`${el.tagName.toLowerCase()}${id}${cls} (right edge ${Math.round(r.right)} px)`);
    }
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth: width, out: out.slice(0, 12) };
  });
}

async function fits(page: Page, what: string) {
  const o = await overflow(page);
  expect(o.scrollWidth, `${what}: the page scrolls sideways; wider than ${o.innerWidth} px: ${o.out.join(', ')}`).toBeLessThanOrEqual(o.innerWidth);
}

// ---- 1. A 360 px wide frame, in English, French and Danish. ----

const NARROW = [softphones, softphoneResult, chargeDialog, bulkRows, pbx, pbxList, txLogin, txPreview];

for (const lang of LANGS) {
  test(`360 px, ${lang}: no page scrolls sideways`, async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    for (const scene of NARROW) {
      await reset();
      await scene.show(page, lang);
      await fits(page, scene.name);
    }
    // The bulk rows scroll inside their own box instead.
    await bulkRows.show(page, lang);
    const box = page.locator('.table-scroll');
    expect(await box.evaluate((e) => e.scrollWidth > e.clientWidth && getComputedStyle(e).overflowX === 'auto')).toBe(true);
  });
}

test('360 px: embedded in the demo portal, in an iframe that narrow, the console does not scroll sideways', async ({ page }) => {
  await page.goto(`${portal()}/`);
  await page.locator('#console').evaluate((f) => {
    (f as HTMLIFrameElement).style.width = '360px';
  });
  const frame = page.frameLocator('#console');
  await expect(frame.getByRole('heading', { name: 'Softphones' })).toBeVisible();
  const inner = page.frames().find((f) => f.url().startsWith(`${site()}/`))!;
  expect(await inner.evaluate(() => window.innerWidth)).toBeLessThanOrEqual(360);
  await frame.locator('#sp-user').fill(METTE);
  await frame.locator('#sp-device').fill(METTE_DEVICE);
  await frame.locator('#sp-client-desktop').check();
  await frame.getByRole('button', { name: 'Assign', exact: true }).click();
  await expect(frame.locator('#sp-result')).toContainText('Done (201 Created)');
  const o = await inner.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
  expect(o.scrollWidth, 'the embedded console scrolls sideways').toBeLessThanOrEqual(o.innerWidth);
});

// ---- 2. Light and dark. ----

const TAGS = ['wcag2a', 'wcag2aa'];
const DARK = [softphones, softphoneResult, chargeDialog, bulkRows, bulkRun, pbx, pbxList, txLogin, txPreview];

/** The value of a custom property, as a colour the browser computes. */
const tokenColour = (page: Page, token: string) =>
  page.evaluate((t) => {
    const probe = document.createElement('i');
    probe.style.color = `var(${t})`;
    document.body.append(probe);
    const c = getComputedStyle(probe).color;
    probe.remove();
    return c;
  }, token);

test('dark: each page follows the dark scheme, and axe finds no contrast or other WCAG AA problem', async ({ page }) => {
  test.setTimeout(60_000);
  await page.emulateMedia({ colorScheme: 'dark' });
  for (const scene of DARK) {
    await reset();
    await scene.show(page, 'en');
    // #15181c, the dark --sb-bg, and #e8eaed, the dark --sb-text.
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), scene.name).toBe('rgb(21, 24, 28)');
    expect(await page.evaluate(() => getComputedStyle(document.body).color), scene.name).toBe('rgb(232, 234, 237)');
    const { violations } = await new AxeBuilder({ page }).withTags(TAGS).analyze();
    const found = violations.map((v) => `${v.id}: ${v.nodes.map((n) => `${n.target.join(' ')} ${n.failureSummary ?? ''}`).join('; ')}`);
    expect(found, `${scene.name}, dark`).toEqual([]);
  }
  // And back: the light scheme without a reload.
  await page.emulateMedia({ colorScheme: 'light' });
  expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(246, 247, 249)');
});

test('buttons, fields, cards, dialogs, notes, messages and the progress bar share the tokens in light and dark', async ({ page }) => {
  for (const scheme of ['light', 'dark'] as const) {
    await reset();
    await page.emulateMedia({ colorScheme: scheme });
    // The bulk page after a run has cards, fields, buttons, a note and the
    // progress bar; the softphone form's messages and the charge dialog follow.
    await bulkRun.show(page, 'en');
    const parts = {
      button: '.button',
      field: '#bulk-text',
      'number field': '#bulk-limit',
      card: '.card',
      note: '.note',
      progress: '#bulk-progress',
      'language switcher': '#lang-select',
    };
    const looks: Record<string, { radius: string; background: string; border: string }> = {};
    for (const [name, selector] of Object.entries(parts)) {
      const el = page.locator(selector).first();
      await expect(el, `${scheme}: ${name}`).toBeAttached();
      looks[name] = await el.evaluate((e) => {
        const s = getComputedStyle(e);
        return { radius: s.borderTopLeftRadius, background: s.backgroundColor, border: s.borderTopColor };
      });
    }
    const radius = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--sb-radius').trim());
    for (const [name, look] of Object.entries(looks)) expect(look.radius, `${scheme}: ${name}'s corners`).toBe(radius);
    const surface = await tokenColour(page, '--sb-surface');
    const bg = await tokenColour(page, '--sb-bg');
    const border = await tokenColour(page, '--sb-border');
    const accent = await tokenColour(page, '--sb-accent');
    expect(looks.card.background, `${scheme}: card`).toBe(surface);
    expect(looks.field.background, `${scheme}: field`).toBe(surface);
    expect(looks['number field'].background, `${scheme}: number field`).toBe(surface);
    expect(looks['language switcher'].background, `${scheme}: language switcher`).toBe(surface);
    expect(looks.button.background, `${scheme}: button`).toBe(surface);
    expect(looks.note.background, `${scheme}: note`).toBe(bg);
    expect(looks.progress.background, `${scheme}: progress`).toBe(bg);
    for (const name of ['card', 'field', 'number field', 'button', 'progress', 'language switcher']) {
      expect(looks[name].border, `${scheme}: ${name}'s border`).toBe(border);
    }
    // The messages under the fields: the same corners.
    await softphones.show(page, 'en');
    const primary = page.getByRole('button', { name: 'Assign', exact: true });
    expect(await primary.evaluate((e) => getComputedStyle(e).backgroundColor), `${scheme}: primary button`).toBe(accent);
    expect(await primary.evaluate((e) => getComputedStyle(e).borderTopLeftRadius), `${scheme}: primary button`).toBe(radius);
    await primary.click();
    const messages = page.locator('#main .message.error');
    await expect(messages.first()).toBeVisible();
    for (const r of await messages.evaluateAll((all) => all.map((e) => getComputedStyle(e).borderTopLeftRadius))) {
      expect(r, `${scheme}: message`).toBe(radius);
    }
    expect(await messages.first().evaluate((e) => getComputedStyle(e).backgroundColor)).toBe(await tokenColour(page, '--sb-error-bg'));

    // The dialog, on the surface, with the same corners.
    await reset();
    await chargeDialog.show(page, 'en');
    const dialog = await page.getByRole('dialog').evaluate((e) => {
      const s = getComputedStyle(e);
      return { radius: s.borderTopLeftRadius, background: s.backgroundColor, border: s.borderTopColor };
    });
    expect(dialog, `${scheme}: dialog`).toEqual({ radius, background: surface, border });
    await page.keyboard.press('Escape');
  }
});

// ---- 4. The README's screenshots (docs/screenshots), from this build. ----

/** The file, the scene, and what must be in the picture (at its bottom if the page is longer). */
const SHOTS: [string, Scene, string][] = [
  ['softphones', softphoneResult, '#sp-result'],
  ['bulk', bulkRun, '.rows'],
  ['pbx', pbxList, '#pbx-list'],
  ['mobile-config', txPreview, '#tx-copy-title ~ form .actions'],
];
const SHOT_DIR = resolve(__dirname, '..', '..', 'docs', 'screenshots');

test('the README screenshots, light and dark', async ({ page }) => {
  test.setTimeout(60_000);
  mkdirSync(SHOT_DIR, { recursive: true });
  await page.setViewportSize({ width: 1200, height: 900 });
  // A fixed clock: the Telecom X login's "expires in 15 min" is the same
  // in every run, and so are the pictures (timers still run).
  await page.clock.setFixedTime(new Date('2026-11-30T10:00:00Z'));
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
    for (const [file, scene, subject] of SHOTS) {
      await reset();
      await scene.show(page, 'en');
      // The part the picture is about, at the bottom of the view if need be;
      // no focus ring or caret in the picture.
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      // The server's time changes with every run; the pictures should not.
      // (Set on the elements: the page's CSP allows no inline style sheet.)
      await page.locator('.time').evaluateAll((els) => els.forEach((e) => ((e as HTMLElement).style.visibility = 'hidden')));
      await page.locator(subject).evaluate((e) => window.scrollBy(0, e.getBoundingClientRect().bottom - window.innerHeight + 16));
      await page.screenshot({ path: resolve(SHOT_DIR, `${file}-${scheme}.png`), caret: 'hide', animations: 'disabled' });
    }
  }
});
