import { defineConfig } from 'vitest/config';

/**
 * `npm test`: the server project (domain rules, module and API tests on a real database —
 * PGlite by default, the PostgreSQL server when DATABASE_URL is set) and the web project
 * (component tests under jsdom). Browser flows live in test/e2e with their own config.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'server',
          environment: 'node',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['test/e2e/**', 'node_modules/**'],
          globalSetup: ['test/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          pool: 'forks',
        },
      },
      'web/vitest.config.ts',
    ],
  },
});
