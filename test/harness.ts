/**
 * Test databases and apps: each test file gets its own migrated database (a copy of the run's
 * template), so files never see each other's rows. Use `createTestContext()` in `beforeAll`.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { inject } from 'vitest';
import { type Config, loadConfig } from '../src/config.ts';
import { systemActor } from '../src/db/audit.ts';
import { type Database, openPostgres, wrapPglite } from '../src/db/database.ts';
import type { Deps } from '../src/deps.ts';
import { buildApp } from '../src/http/app.ts';
import { createCalendarStore } from '../src/modules/calendar/calendar.service.ts';
import { runDemo } from '../src/modules/demo/demo.service.ts';

function urlFor(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** A fresh database with migrations and the shipped calendars, dropped by `close()`. */
export async function openTestDatabase(): Promise<Database> {
  const template = inject('pgTemplate');
  if (template) {
    const url = inject('databaseUrl');
    const name = `${template}_f${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
    const database = openPostgres(urlFor(url, name), 4);
    return {
      ...database,
      close: async () => {
        await database.close();
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.end();
      },
    };
  }
  const dump = readFileSync(inject('pgliteDump'));
  const pglite = await PGlite.create({ loadDataDir: new Blob([dump]) });
  return wrapPglite(pglite);
}

export type Clock = { now: Date; set(at: string | Date): void; advance(ms: number): void };

export type TestContext = {
  deps: Deps;
  app: FastifyInstance;
  clock: Clock;
  /** Signs in a demo user (password demo1234) and returns its bearer token. */
  login(username: string): Promise<string>;
  auth(username: string): Promise<{ authorization: string }>;
  close(): Promise<void>;
};

export const testConfig = (overrides: Partial<Config> = {}): Config => ({
  ...loadConfig({ LOG_LEVEL: 'silent', LOGIN_RATE_LIMIT: '1000' }),
  ...overrides,
});

/**
 * A database with the demo users, an app on it, and a controllable clock. `now` pins the clock
 * (and so the instant the demo data is generated at) for tests whose figures depend on the date.
 */
export async function createTestContext(
  options: { config?: Partial<Config>; demo?: boolean; now?: string } = {},
): Promise<TestContext> {
  const database = await openTestDatabase();
  const clock: Clock = {
    now: options.now ? new Date(options.now) : new Date(),
    set(at) {
      clock.now = new Date(at);
    },
    advance(ms) {
      clock.now = new Date(clock.now.getTime() + ms);
    },
  };
  const deps: Deps = {
    db: database.db,
    database,
    config: testConfig(options.config),
    now: () => clock.now,
    calendars: createCalendarStore(),
  };
  if (options.demo !== false) await runDemo(deps, systemActor('test:demo'), { customers: 20, seed: 1 });
  const app = await buildApp(deps);
  const tokens = new Map<string, string>();
  const login = async (username: string) => {
    const cached = tokens.get(username);
    if (cached) return cached;
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username, password: 'demo1234' },
    });
    if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
    const token = res.json<{ token: string }>().token;
    tokens.set(username, token);
    return token;
  };
  return {
    deps,
    app,
    clock,
    login,
    auth: async (username) => ({ authorization: `Bearer ${await login(username)}` }),
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}
