/**
 * Shared setup of the browser flows: a test server on a free port with the built UI, and
 * Debian's chromium driven by playwright-core (never a downloaded browser).
 */
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { type Browser, chromium } from 'playwright-core';
import { createTestContext, type TestContext } from '../harness.ts';

const CHROMIUM = '/usr/bin/chromium';

export type BrowserSetup = { ctx: TestContext; browser: Browser; base: string; close(): Promise<void> };

/** Starts the app (demo data, own database) and chromium; `close()` stops both. */
export async function startBrowserSetup(): Promise<BrowserSetup> {
  if (!existsSync('web/dist/index.html')) throw new Error('Build the web UI first: npm run build:web');
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: apt-get install chromium fonts-noto-cjk`);
  const ctx = await createTestContext();
  await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(ctx.app.server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({
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
  return {
    ctx,
    browser,
    base,
    close: async () => {
      await browser.close();
      await ctx.close();
    },
  };
}
