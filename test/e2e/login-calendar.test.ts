/**
 * The one browser flow of the foundation: sign in as admin, open the calendar, see the 2026
 * make-up Saturdays marked as working days.
 */
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../harness.ts';

const CHROMIUM = '/usr/bin/chromium';
let ctx: TestContext;
let browser: Browser;
let base: string;

beforeAll(async () => {
  if (!existsSync('web/dist/index.html')) throw new Error('Build the web UI first: npm run build:web');
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: apt-get install chromium fonts-noto-cjk`);
  ctx = await createTestContext();
  await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(ctx.app.server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  await ctx?.close();
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
