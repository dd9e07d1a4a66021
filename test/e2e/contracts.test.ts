/**
 * The money flow in the browser, kept short: ops activates an express line that is late, the order
 * page shows the compensation slip it raised, and the slip page explains the amount in words; a
 * manager opens a monthly operating report with its HTML and PDF.
 */
import type { Browser, Page } from 'playwright-core';
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

async function signIn(username: string): Promise<Page> {
  const page = await browser.newPage({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
  await page.goto(`${base}/login`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill('demo1234');
  await page.getByTestId('login-submit').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  return page;
}

describe('orders, compensation and reports', () => {
  it('a late express line activated by ops raises a slip whose amount is explained', async () => {
    const kam = await ctx.auth('kam');
    const customers = await ctx.app.inject({ method: 'GET', url: '/api/v1/customers?limit=1', headers: kam });
    const customer = customers.json<{ id: string }[]>()[0]!;
    // Accepted 40 days ago: an express digital circuit was due 5 working days later.
    const now = ctx.clock.now;
    ctx.clock.set(new Date(now.getTime() - 40 * 86_400_000));
    const created = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/orders',
      headers: kam,
      payload: {
        customerId: customer.id,
        channel: 'account_manager',
        items: [
          {
            product: 'digital_circuit',
            scope: 'local',
            crossOperator: false,
            provisioningClass: 'express',
            bandwidthMbps: 10,
            listOneTimeFeeFen: 200_000,
            monthlyFeeFen: 150_000,
          },
        ],
      },
    });
    ctx.clock.set(now);
    expect(created.statusCode, created.body).toBe(201);
    const order = created.json<{ id: string; orderNumber: string }>();

    const page = await signIn('ops');
    await page.goto(`${base}/orders/${order.id}`);
    await page.getByTestId('order-page').waitFor({ timeout: 30_000 });
    await page.getByTestId('activate').first().click();
    await page.getByTestId('activate-circuit').fill('GZ-SDH-E2E001');
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /确\s*定|OK/ })
      .click();
    await page.getByTestId('order-slips').waitFor({ timeout: 30_000 });
    await page.screenshot({ path: 'test-results/order-activated.png', fullPage: true });

    await page.getByTestId('order-slips').getByRole('link').first().click();
    await page.getByTestId('slip-page').waitFor({ timeout: 30_000 });
    const basis = await page.getByTestId('slip-basis').textContent();
    expect(basis).toMatch(/个工作日 × 5% × 一次性费用 ¥3,000\.00/);
    // Priced at 150 %: ¥3,000.00; at least 20 working days late, so capped at the whole fee.
    expect(await page.getByTestId('slip-amount').textContent()).toContain('3,000.00');
    await page.screenshot({ path: 'test-results/slip.png', fullPage: true });
    await page.close();
  });

  it('a manager opens an operating report with its HTML and PDF', async () => {
    const kam = await ctx.auth('kam');
    const list = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/reports/operating?limit=1',
      headers: kam,
    });
    expect(list.statusCode, list.body).toBe(200);
    const report = list.json<{ id: string }[]>()[0];
    expect(report, 'the demo generates last month’s reports').toBeTruthy();

    const page = await signIn('kam');
    await page.goto(`${base}/reports/${report!.id}`);
    await page.getByTestId('report-title').waitFor({ timeout: 30_000 });
    await page.getByTestId('chart-availability').waitFor({ timeout: 30_000 });
    const frame = page.frameLocator('[data-testid="report-frame"]');
    await frame.locator('h1').first().waitFor({ timeout: 30_000 });
    expect(await frame.locator('h1').first().textContent()).toContain('运行报告');
    await page.screenshot({ path: 'test-results/report.png', fullPage: true });

    const pdf = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/reports/operating/${report!.id}/pdf`,
      headers: kam,
    });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toContain('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    await page.close();
  });
});
