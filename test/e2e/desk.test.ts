/**
 * The service-desk browser flow, kept short: the front desk finds a customer on /desk, opens a
 * fault ticket, sees it on the board and on its page with the SLA clocks running.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestContext } from '../harness.ts';
import { type BrowserSetup, startBrowserSetup } from './browser.ts';

let setup: BrowserSetup;
let ctx: TestContext;
let browser: Browser;
let base: string;

beforeAll(async () => {
  setup = await startBrowserSetup();
  ({ ctx, browser, base } = setup);
});

afterAll(async () => {
  await setup?.close();
});

describe('service desk', () => {
  it('the front desk finds a customer, opens a fault ticket and follows it on the board', async () => {
    const res = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/customers?limit=1',
      headers: await ctx.auth('frontdesk'),
    });
    const customer = res.json<{ id: string; name: string }[]>()[0]!;

    const page = await browser.newPage({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
    await page.goto(`${base}/login`);
    await page.getByTestId('login-username').fill('frontdesk');
    await page.getByTestId('login-password').fill('demo1234');
    await page.getByTestId('login-submit').click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));

    await page.goto(`${base}/desk`);
    await page.getByTestId('desk-search').fill(customer.name.slice(0, 6));
    await page.getByTestId(`lookup-result-${customer.id}`).click({ timeout: 30_000 });
    const form = page.getByTestId('new-ticket-form');
    await form.waitFor();
    await page.getByTestId('form-severity').getByText('严重', { exact: true }).click();
    await page.getByTestId('form-name').fill('专线中断(演示)');
    await page.getByTestId('form-description').fill('客户来电:两端设备均无光,业务中断。');
    await page.screenshot({ path: 'test-results/desk-console.png' });
    await page.getByTestId('ticket-submit').click();
    await page.waitForURL(/\/tickets\/[0-9a-f-]{36}$/, { timeout: 30_000 });
    const ticketId = page.url().split('/').pop()!;

    await page.getByTestId('ticket-clocks').waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid^="clock-customer_restore-"]').count()).toBe(1);
    expect(await page.getByTestId('ticket-status').first().textContent()).toBe('已受理');
    const number = await page.getByTestId('ticket-number').textContent();
    await page.screenshot({ path: 'test-results/desk-ticket.png', fullPage: true });

    await page.goto(`${base}/tickets`);
    const search = page.getByPlaceholder('工单号或客户名称');
    await search.fill(number ?? '');
    await search.press('Enter');
    await page.getByTestId(`ticket-row-${ticketId}`).waitFor({ timeout: 30_000 });
    await page.screenshot({ path: 'test-results/desk-board.png' });
    await page.close();
  });
});
