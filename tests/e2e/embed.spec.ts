import { test, expect, Page, FrameLocator, Frame } from '@playwright/test';
import { METTE, METTE_DEVICE, TENANT, TOKEN, control, portal, recordApiRequests, requests, reset, site, state } from './helpers';

// Issue 6: the console inside the demo customer portal's iframe. The portal
// (sandbox, one origin) embeds the release build (sandbox, another origin)
// and speaks the postMessage protocol of docs/embedding.md.

const ASSIGN_PATH = `/api/v1.0/customers/${TENANT}/users/${METTE}/devices/pbx/${METTE_DEVICE}/assign`;

test.beforeEach(async () => {
  await reset();
});

/** Opens the portal and waits until the console in it has been started by `init`. */
async function openPortal(page: Page, heading = 'Softphones'): Promise<FrameLocator> {
  await page.goto(`${portal()}/`);
  const frame = page.frameLocator('#console');
  await expect(frame.getByRole('heading', { name: heading })).toBeVisible();
  return frame;
}

/** The console's frame, for evaluating in it. */
function consoleFrame(page: Page): Frame {
  const f = page.frames().find((fr) => fr.url().startsWith(`${site()}/`));
  if (!f) throw new Error('no console frame');
  return f;
}

/** The portal's message log, one entry per message, parsed. */
async function portalLog(page: Page): Promise<{ dir: string; msg: Record<string, unknown> }[]> {
  const items = await page.locator('#log li').allTextContents();
  return items.map((t) => {
    const i = t.indexOf(' {');
    return { dir: t.slice(0, i), msg: JSON.parse(t.slice(i + 1)) };
  });
}
const types = async (page: Page, dir: string) =>
  (await portalLog(page)).filter((e) => e.dir === dir).map((e) => e.msg.type);

/** Fills the Softphones form in the frame; waits for the role check. */
async function fillInFrame(frame: FrameLocator) {
  await frame.getByRole('combobox', { name: 'User', exact: true }).fill(METTE);
  await frame.getByLabel('Device id').fill(METTE_DEVICE);
  await frame.getByRole('radio', { name: 'Desktop' }).check();
  await expect(frame.getByRole('list', { name: 'Softphone roles' })).toBeVisible();
}

async function assignInFrame(frame: FrameLocator) {
  await fillInFrame(frame);
  await frame.getByRole('button', { name: 'Assign', exact: true }).click();
}

test('handshake: ready, then init hands over tenant, token, theme and page; no token field, no chrome', async ({ page }) => {
  const frame = await openPortal(page);
  const log = await portalLog(page);
  expect(log[0]).toEqual({ dir: 'console \u2192 portal', msg: { protocol: 'switchboard', version: 1, type: 'ready' } });
  expect(log[1].dir).toBe('portal \u2192 console');
  expect(log[1].msg).toMatchObject({ type: 'init', tenant: TENANT, page: 'softphones', token: '(hidden)' });

  // Embedded mode: the host owns the token and the chrome.
  await expect(frame.getByText(`Customer ${TENANT}`)).toBeVisible();
  await expect(frame.getByLabel('Bearer token')).toHaveCount(0);
  await expect(frame.getByRole('combobox', { name: 'Customer', exact: true })).toHaveCount(0);
  await expect(frame.getByRole('navigation')).toHaveCount(0);
  // The host's theme, as custom properties.
  const f = consoleFrame(page);
  const accent = await f.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--sb-accent').trim());
  expect(accent).toBe('#5b2a86');
  const radius = await f.evaluate(() => getComputedStyle(document.querySelector('.button')!).borderTopLeftRadius);
  expect(radius).toBe('10px');
  // The token travelled by message only, never in an address.
  expect(f.url()).not.toContain(TOKEN);
  expect(page.url()).not.toContain(TOKEN);

  // The page the host asks for.
  await page.getByLabel('Start page').selectOption('pbx');
  await page.getByRole('button', { name: 'Reload the console' }).click();
  await expect(frame.getByRole('heading', { name: 'PBX connections' })).toBeVisible();
});

test('an assignment inside the iframe uses the host token and is reported to the host', async ({ page }) => {
  const seen = recordApiRequests(page);
  const frame = await openPortal(page);
  await assignInFrame(frame);
  await expect(frame.locator('#sp-result')).toContainText('Done (201 Created)');
  await expect(page.locator('#toast')).toHaveText(
    `Softphone assigned: device ${METTE_DEVICE} (desktop) for user ${METTE}.`,
  );
  const completed = (await portalLog(page)).find((e) => e.msg.type === 'completed');
  expect(completed?.msg).toEqual({
    protocol: 'switchboard',
    version: 1,
    type: 'completed',
    action: 'softphone.assigned',
    detail: { customerId: TENANT, userId: METTE, deviceId: METTE_DEVICE, clientType: 'desktop' },
  });
  expect(seen.map((r) => [r.method(), new URL(r.url()).pathname, r.headers()['authorization']])).toEqual([
    ['PUT', ASSIGN_PATH, `Bearer ${TOKEN}`],
  ]);
  const s = await state();
  expect(s.assignments.filter((a) => a.deviceId === METTE_DEVICE)).toHaveLength(1);
});

test('the iframe is sized to the content as it grows, without scrollbars', async ({ page }) => {
  const frame = await openPortal(page);
  const iframe = page.locator('#console');
  const height = () => iframe.evaluate((el) => el.getBoundingClientRect().height);
  const fits = () =>
    consoleFrame(page).evaluate(() => document.documentElement.scrollHeight <= window.innerHeight);
  await expect.poll(fits).toBe(true);
  const before = await height();
  // Submitting the empty form shows a message under each field: taller.
  await frame.getByRole('button', { name: 'Assign', exact: true }).click();
  await expect(frame.getByText('Choose the client type to assign the device to.')).toBeVisible();
  await expect.poll(height).toBeGreaterThan(before);
  await expect.poll(fits).toBe(true);
  const reported = (await portalLog(page)).filter((e) => e.msg.type === 'resize').map((e) => e.msg.height as number);
  expect(reported.length).toBeGreaterThanOrEqual(2);
  expect(Math.abs(reported[reported.length - 1] - (await height()))).toBeLessThanOrEqual(2);
});

test('messages from a third origin, or not from the parent, are ignored and counted', async ({ page }) => {
  const seen = recordApiRequests(page);
  // A page on a third origin, framed beside the console, tries to hand it
  // another tenant and a stolen token.
  await page.route('http://third.test/**', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><script>
        const c = parent.frames[0];
        c.postMessage({ protocol: 'switchboard', version: 1, type: 'token', token: 'stolen-token' }, '*');
        c.postMessage({ protocol: 'switchboard', version: 1, type: 'init', tenant: '99999999-8888-4777-8666-555555555555', token: 'stolen-token' }, '*');
        document.title = 'sent';
      </script>`,
    }),
  );
  const frame = await openPortal(page);
  const f = consoleFrame(page);
  const ignored = () => f.evaluate(() => Number(document.documentElement.dataset.embedIgnored ?? 0));
  const before = await ignored();
  await page.evaluate(() => {
    const third = document.createElement('iframe');
    third.src = 'http://third.test/evil.html';
    document.body.append(third);
  });
  await expect.poll(ignored).toBe(before + 2);
  // The console's own frame, talking to itself, is not the parent either.
  await f.evaluate(() => window.postMessage({ protocol: 'switchboard', version: 1, type: 'token', token: 'self-token' }, '*'));
  await expect.poll(ignored).toBe(before + 3);
  await expect(frame.getByText(`Customer ${TENANT}`)).toBeVisible();

  // A malformed message from the host itself is ignored too, and answered.
  await page.evaluate((origin) => {
    const c = (document.getElementById('console') as HTMLIFrameElement).contentWindow!;
    c.postMessage({ protocol: 'switchboard', version: 1, type: 'shout' }, origin);
  }, new URL(site()).origin);
  await expect.poll(ignored).toBe(before + 4);
  await expect
    .poll(async () => (await portalLog(page)).find((e) => e.msg.type === 'rejected')?.msg.reason)
    .toBe('unknown message type \u201cshout\u201d');

  // The session still holds the host's token.
  await assignInFrame(frame);
  await expect(frame.locator('#sp-result')).toContainText('Done (201 Created)');
  expect(seen.map((r) => r.headers()['authorization'])).toEqual([`Bearer ${TOKEN}`]);
});

test('a 401 asks the host for a fresh token, and the interrupted request then completes', async ({ page }) => {
  const frame = await openPortal(page);
  await fillInFrame(frame);
  // The host's token expires before the person presses Assign.
  await control('tokens', { method: 'POST', body: { revoke: TOKEN } });
  await frame.getByRole('button', { name: 'Assign', exact: true }).click();
  await expect(frame.locator('#sp-result')).toContainText('Done (201 Created)');
  expect(await types(page, 'console \u2192 portal')).toContain('tokenRequest');
  expect(await types(page, 'portal \u2192 console')).toEqual(['init', 'token']);
  // Sent twice: refused with the old token, done with the new one.
  const log = (await requests()).filter((r) => r.path === ASSIGN_PATH);
  expect(log.map((r) => [r.method, r.hasAuthorization])).toEqual([
    ['PUT', true],
    ['PUT', true],
  ]);
  const s = await state();
  expect(s.assignments.filter((a) => a.deviceId === METTE_DEVICE)).toHaveLength(1);
  await expect(page.locator('#toast')).toContainText('Softphone assigned');
});

test('the CSP lets the portal, and only it, frame the console, which starts under it', async ({ page }) => {
  await page.addInitScript(() => {
    const w = window as unknown as { __violations: string[] };
    w.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const framed = page.waitForResponse((r) => r.url() === `${site()}/`);
  await openPortal(page);
  const policy = (await (await framed).allHeaders())['content-security-policy'];
  expect(policy).toContain(`frame-ancestors ${portal()};`);
  expect(policy).toContain("script-src 'self' 'wasm-unsafe-eval';");
  expect(policy).not.toContain('unsafe-inline');
  const violations = await consoleFrame(page).evaluate(
    () => (window as unknown as { __violations: string[] }).__violations,
  );
  expect(violations).toEqual([]);

  // Any other origin is refused by the browser.
  await page.route('http://third.test/**', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><title>other portal</title><iframe id="c" src="${site()}/"></iframe>`,
    }),
  );
  await page.goto('http://third.test/host.html');
  await expect
    .poll(() => page.frames().some((f) => f.url().startsWith('chrome-error://')))
    .toBe(true);
  await expect(page.frameLocator('#c').getByRole('heading', { name: 'Softphones' })).toHaveCount(0);
});

test('a PBX created inside the iframe is reported to the host', async ({ page }) => {
  await page.goto(`${portal()}/`);
  await page.getByLabel('Start page').selectOption('pbx');
  await page.getByRole('button', { name: 'Reload the console' }).click();
  const frame = page.frameLocator('#console');
  await expect(frame.getByRole('heading', { name: 'PBX connections' })).toBeVisible();
  await frame.getByLabel('PBX name').fill('Portal Kazoo');
  await frame.getByLabel('REST host').fill('https://rest.example.com');
  await frame.getByLabel('Websocket host').fill('wss://ws.example.com');
  await frame.getByLabel('Account id').fill('kazoo-acct-portal-0001');
  await frame.getByLabel('API key', { exact: true }).fill('ABCDEF-secret');
  await frame.getByRole('button', { name: 'Create PBX' }).click();
  await expect(frame.locator('#pbx-result')).toContainText('Created \u201cPortal Kazoo\u201d (201 Created)');
  await expect(page.locator('#toast')).toHaveText('PBX created: Portal Kazoo.');
  const created = (await state()).pbxs.find((p) => p.name === 'Portal Kazoo');
  const completed = (await portalLog(page)).find((e) => e.msg.type === 'completed');
  expect(completed?.msg.action).toBe('pbx.created');
  expect(completed?.msg.detail).toEqual({ customerId: TENANT, pbxId: created.id, name: 'Portal Kazoo', type: 'KazooPbxConnectionProfile' });
  // The reports carry ids and names, never a secret.
  expect(JSON.stringify(await portalLog(page))).not.toContain('ABCDEF-secret');
});

test('when the host sends no fresh token, the console says so in the portal\'s words, and a late token carries the request on', async ({ page }) => {
  // The portal's own session renewal is down: it cannot answer tokenRequest.
  await page.route(`${portal()}/portal/token`, (route) => route.fulfill({ status: 503, body: 'down' }));
  const frame = await openPortal(page);
  await fillInFrame(frame);
  await control('tokens', { method: 'POST', body: { revoke: TOKEN } });
  await frame.getByRole('button', { name: 'Assign', exact: true }).click();
  // The console waits for the request timeout (3 s in tests), then says so,
  // and offers to ask again; the Assign waits for the token meanwhile.
  await expect(frame.getByText('Your portal did not send a new token.')).toBeVisible({ timeout: 10_000 });
  await expect(frame.getByText('waiting for a token from your portal')).toBeVisible();
  await expect(frame.getByRole('button', { name: 'Ask the portal again' })).toBeEnabled();
  await expect(frame.getByRole('button', { name: /Assigning/ })).toBeDisabled();
  // What was typed is still there.
  await expect(frame.getByRole('combobox', { name: 'User', exact: true })).toHaveValue(METTE);
  await expect(frame.getByLabel('Device id')).toHaveValue(METTE_DEVICE);

  // Later the portal hands over a working token on its own: the Assign
  // goes on by itself.
  await control('tokens', { method: 'POST', body: { add: 'late-token' } });
  await page.evaluate((origin) => {
    const c = (document.getElementById('console') as HTMLIFrameElement).contentWindow!;
    c.postMessage({ protocol: 'switchboard', version: 1, type: 'token', token: 'late-token' }, origin);
  }, new URL(site()).origin);
  await expect(frame.locator('#sp-result')).toContainText('Done (201 Created)');
  await expect(frame.getByText('Your portal did not send a new token.')).toBeHidden();
  const log = (await requests()).filter((r) => r.path === ASSIGN_PATH);
  expect(log).toHaveLength(2);
});

test('until a valid init arrives the console waits and says so; a bad init is rejected with the reason', async ({ page }) => {
  // The portal's script does not run: the frame is loaded by hand and no
  // init comes.
  await page.route(`${portal()}/portal.js`, (route) => route.fulfill({ contentType: 'text/javascript', body: '' }));
  await page.goto(`${portal()}/`);
  const replies: unknown[] = [];
  await page.exposeFunction('reply', (m: unknown) => replies.push(m));
  await page.evaluate((src) => {
    window.addEventListener('message', (e) => (window as unknown as { reply: (m: unknown) => void }).reply(e.data));
    (document.getElementById('console') as HTMLIFrameElement).src = src;
  }, `${site()}/`);
  const frame = page.frameLocator('#console');
  await expect(frame.getByRole('status').filter({ hasText: 'Waiting for your portal to start the console' })).toBeVisible();
  await expect.poll(() => replies.length).toBeGreaterThan(0);
  expect(replies[0]).toEqual({ protocol: 'switchboard', version: 1, type: 'ready' });

  const post = (m: Record<string, unknown>) =>
    page.evaluate(
      ({ m, origin }) =>
        (document.getElementById('console') as HTMLIFrameElement).contentWindow!.postMessage(m, origin),
      { m, origin: new URL(site()).origin },
    );
  await post({ protocol: 'switchboard', version: 1, type: 'init', tenant: 'acme', token: 'secret-x' });
  await expect
    .poll(() => replies.find((r) => (r as { type: string }).type === 'rejected'))
    .toMatchObject({ type: 'rejected', reason: expect.stringContaining('`tenant`') });
  expect(JSON.stringify(replies)).not.toContain('secret-x');
  await expect(frame.getByText('Waiting for your portal to start the console')).toBeVisible();

  // A good init starts it.
  await post({ protocol: 'switchboard', version: 1, type: 'init', tenant: TENANT, token: TOKEN, page: 'pbx' });
  await expect(frame.getByRole('heading', { name: 'PBX connections' })).toBeVisible();
});
