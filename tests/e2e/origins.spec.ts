import { test, expect, Page } from '@playwright/test';
import { portal, reset, site } from './helpers';

// Issue 18, part 5: embedAllowedOrigins entries are compared with a
// message's event.origin, which a browser writes in lower case without a
// default port. An entry written otherwise is normalised (and the embedded
// console starts); one that can never match (a wildcard) is refused at start
// with a message that names it.

test.beforeEach(async () => {
  await reset();
});

/** Serves the console's config.json with `embedAllowedOrigins` replaced. */
async function withOrigins(page: Page, origins: string[]) {
  await page.route(`${site()}/config.json`, async (route) => {
    const real = await route.fetch();
    const config = await real.json();
    await route.fulfill({ response: real, json: { ...config, embedAllowedOrigins: origins } });
  });
}

test('an entry in upper case with a trailing slash still lets the portal start the console', async ({ page }) => {
  const p = new URL(portal());
  // e.g. HTTP://127.0.0.1:41234/ for the portal at http://127.0.0.1:41234
  await withOrigins(page, ['https://other.example:443', `HTTP://${p.host.toUpperCase()}/`]);
  await page.goto(`${portal()}/`);
  const frame = page.frameLocator('#console');
  await expect(frame.getByRole('heading', { name: 'Softphones' })).toBeVisible();
  await expect(frame.getByText('Waiting for your portal to start the console')).toHaveCount(0);
});

test('a wildcard entry is refused at start, by name', async ({ page }) => {
  await withOrigins(page, [portal(), 'https://*.example.com']);
  await page.goto(`${site()}/softphones`);
  const alert = page.getByRole('alert');
  await expect(alert.getByRole('heading', { name: 'Switchboard could not start' })).toBeVisible();
  await expect(alert).toContainText('“https://*.example.com” is a wildcard');
});
