/**
 * The browser flows, kept few: sign in as admin and see the 2026 make-up Saturdays on the
 * calendar; a key-account manager finds a customer, opens its 360 page (billing chart, value
 * breakdown) and the tier approval inbox; an account manager completes a mandatory-action task
 * and sees the star standards and what one of its customers is owed.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserSetup, startBrowserSetup } from './browser.ts';

let setup: BrowserSetup;
let browser: Browser;
let base: string;

beforeAll(async () => {
  setup = await startBrowserSetup();
  ({ browser, base } = setup);
});

afterAll(async () => {
  await setup?.close();
});

describe('web shell', () => {
  it('admin signs in and sees 2026-02-14 and 2026-02-28 as working Saturdays', async () => {
    const page = await browser.newPage({ locale: 'zh-CN' });
    await page.goto(`${base}/calendar`);
    // Not signed in: the app sends us to the login page.
    await page.getByTestId('login-username').waitFor();
    await page.getByTestId('login-username').fill('admin');
    await page.getByTestId('login-password').fill('demo1234');
    await page.getByTestId('login-submit').click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    if (!page.url().includes('/calendar')) await page.goto(`${base}/calendar?year=2026`);
    const makeup = page.getByTestId('day-2026-02-14');
    await makeup.waitFor({ timeout: 30_000 });
    expect(await makeup.getAttribute('data-kind')).toBe('makeupWorkday');
    expect(await page.getByTestId('day-2026-02-28').getAttribute('data-kind')).toBe('makeupWorkday');
    expect(await page.getByTestId('day-2026-02-16').getAttribute('data-kind')).toBe('holiday');
    await page.screenshot({ path: 'test-results/calendar.png', fullPage: false });
    await page.close();
  });
});

describe('customers', () => {
  it('a kam_manager opens a customer 360 page and the tier approval inbox', async () => {
    const page = await browser.newPage({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
    await page.goto(`${base}/login`);
    await page.getByTestId('login-username').fill('kam');
    await page.getByTestId('login-password').fill('demo1234');
    await page.getByTestId('login-submit').click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));

    await page.goto(`${base}/customers`);
    const firstRow = page.locator('[data-testid^="customer-row-"]').first();
    await firstRow.waitFor({ timeout: 30_000 });
    await page.screenshot({ path: 'test-results/customers.png' });
    await firstRow.click();
    await page.getByTestId('customer-header').waitFor();
    expect(page.url()).toMatch(/\/customers\/[0-9a-f-]{36}/);

    await page.getByTestId('customer-tab-billing').click();
    await page.locator('[data-testid="customer-billing"] svg').first().waitFor({ timeout: 30_000 });
    await page.getByTestId('customer-tab-value').click();
    await page.getByTestId('assessment-panel').waitFor();
    await page.screenshot({ path: 'test-results/customer-360.png' });

    await page.goto(`${base}/tier-approvals`);
    await page.getByTestId('proposals-table').waitFor({ timeout: 30_000 });
    await page.close();
  });
});

describe('service standards and tasks', () => {
  it('an account manager completes a task with evidence and sees what a customer is owed', async () => {
    const page = await browser.newPage({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
    await page.goto(`${base}/login`);
    await page.getByTestId('login-username').fill('am1');
    await page.getByTestId('login-password').fill('demo1234');
    await page.getByTestId('login-submit').click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));

    await page.goto(`${base}/tasks`);
    const complete = page.locator('button[data-testid^="complete-"]').first();
    await complete.waitFor({ timeout: 30_000 });
    const taskId = (await complete.getAttribute('data-testid'))?.replace('complete-', '');
    await complete.click();
    await page.getByTestId('complete-note').fill('上门拜访,沟通网络优化需求');
    await page.getByTestId('complete-submit').click();
    await page.getByTestId(`complete-${taskId}`).waitFor({ state: 'detached', timeout: 30_000 });
    await page.screenshot({ path: 'test-results/tasks.png' });

    await page.goto(`${base}/service-catalog`);
    await page.getByTestId('standards-grid').waitFor({ timeout: 30_000 });
    await page.screenshot({ path: 'test-results/catalog.png' });

    await page.goto(`${base}/customers`);
    await page.locator('[data-testid^="customer-row-"]').first().click();
    await page.getByTestId('customer-header').waitFor();
    await page.getByTestId('customer-tab-entitlements').click();
    await page.getByTestId('entitlements-panel').waitFor({ timeout: 30_000 });
    await page.screenshot({ path: 'test-results/entitlements.png' });
    await page.close();
  });
});
