import { defineConfig } from 'vitest/config';

/** Browser flows: `npm run test:e2e` (needs /usr/bin/chromium and a built web UI). */
export default defineConfig({
  test: {
    name: 'e2e',
    environment: 'node',
    include: ['test/e2e/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 90_000,
    hookTimeout: 90_000,
  },
});
