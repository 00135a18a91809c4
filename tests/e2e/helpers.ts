import { expect, Page, Request } from '@playwright/test';
import { readFileSync } from 'node:fs';

export const TOKEN = 'demo-token-7f3c9a';
export const TENANT = '11111111-2222-4333-8444-555555555555'; // Acme Logistics, not charged
export const CHARGED_TENANT = '99999999-8888-4777-8666-555555555555'; // Nordlys Energi, charged
export const UNKNOWN_TENANT = '0badc0de-0000-4000-8000-000000000000';
export const METTE = '11111111-0000-4000-8000-000000000001'; // both roles (underscore spelling)
export const METTE_DEVICE = '5eed0000000000000000000000001011'; // unassigned
export const PETER = '11111111-0000-4000-8000-000000000004'; // lacks customer_user_uc_softphone
export const PETER_DEVICE = '5eed0000000000000000000000001041';
export const INGRID = '99999999-0000-4000-8000-000000000001'; // charged customer, both roles
export const INGRID_DEVICE = '5eed0000000000000000000000009012';

// The sandbox's bulk test customer (sandbox/README.md, "Bulk test customer"):
// user n has device n; every 10th device is charged (402 without
// accept-charges), every 25th user lacks a softphone role (422).
export const BULK = 'bbbbbbbb-0000-4000-8000-000000000001';
export const bulkUser = (n: number) => `bb000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
export const bulkDevice = (n: number) => `5eedbb00${String(n).padStart(24, '0')}`;

/**
 * The file the page downloads when `click` is done: its name, its text as
 * it came (`raw`), whether that starts with a byte-order mark, and the text
 * without one. Every file the
 * console makes comes as a Blob (an object URL), whatever its size.
 */
export async function download(page: Page, click: () => Promise<unknown>) {
  const [file] = await Promise.all([page.waitForEvent('download'), click()]);
  expect(file.url()).toMatch(/^blob:/);
  const raw = readFileSync((await file.path())!, 'utf8');
  return { name: file.suggestedFilename(), raw, bom: raw.startsWith('\u{feff}'), text: raw.replace(/^\u{feff}/u, '') };
}

/** A CSV file's lines (CRLF), the last line break left out. */
export const csvLines = (text: string) => text.trimEnd().split('\r\n');

export const sandboxApi = () => process.env.SANDBOX_API!;
export const site = () => process.env.SANDBOX_SITE!;
export const portal = () => process.env.SANDBOX_PORTAL!;

/**
 * A request to the sandbox's test controls. They answer only requests with
 * the control header, and, when they change something, a JSON content type
 * (sandbox/README.md, "Test controls"): what a page cannot send.
 */
export async function control(path: string, init?: { method?: string; body?: unknown }) {
  const method = init?.method ?? 'GET';
  const res = await fetch(`${sandboxApi()}/__sandbox/${path}`, {
    method,
    headers: { 'x-sandbox-control': '1', ...(method === 'GET' ? {} : { 'content-type': 'application/json' }) },
    body: init?.body ? JSON.stringify(init.body) : undefined,
  });
  if (!res.ok) throw new Error(`sandbox control ${path}: ${res.status}`);
  const text = await res.text();
  return text ? JSON.parse(text) : null;
}

export const reset = () => control('reset', { method: 'POST' });
export const fault = (f: Record<string, unknown>) => control('fault', { method: 'POST', body: f });

export interface Logged {
  method: string;
  path: string;
  query: string | null;
  acceptCharges: string | null;
  hasAuthorization: boolean;
  body: unknown;
}
export const requests = async (): Promise<Logged[]> =>
  (await control('requests')).filter((r: Logged) => r.method !== 'OPTIONS');

export interface SandboxState {
  assignments: { deviceId: string; userId: string; customerId: string; clientType: string }[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  pbxs: any[];
}
export async function state(): Promise<SandboxState> {
  return control('state');
}

/** Opens the console and enters a session. */
export async function open(page: Page, tenant = TENANT, token: string | null = TOKEN, query = '') {
  await page.goto(`${site()}/softphones${query}`);
  await expect(page.getByRole('heading', { name: 'Softphones' })).toBeVisible();
  if (tenant !== null) await page.getByRole('combobox', { name: 'Customer', exact: true }).fill(tenant);
  if (token !== null) await page.getByLabel('Bearer token').fill(token);
}

export async function fillForm(page: Page, user: string, device: string, client?: string) {
  await page.getByRole('combobox', { name: 'User', exact: true }).fill(user);
  await page.getByLabel('Device id').fill(device);
  if (client) await page.getByRole('radio', { name: client }).check();
}

export const result = (page: Page) => page.locator('#sp-result');

/**
 * Records the requests the page sends to the sandbox API that change
 * something (not GET: the pickers' and the role check's look-ups are left
 * out unless `lookups` is true).
 */
export function recordApiRequests(page: Page, lookups = false): Request[] {
  const seen: Request[] = [];
  page.on('request', (r) => {
    if (r.url().startsWith(sandboxApi()) && r.method() !== 'OPTIONS' && (lookups || r.method() !== 'GET')) seen.push(r);
  });
  return seen;
}
