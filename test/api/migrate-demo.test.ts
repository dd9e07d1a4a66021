import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/db/audit.ts';
import { queryRows } from '../../src/db/database.ts';
import { migrate, readMigrations } from '../../src/db/migrate.ts';
import { runDemo } from '../../src/modules/demo/demo.service.ts';
import { createTestContext, type TestContext } from '../harness.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ demo: false });
});
afterAll(() => ctx.close());

describe('migrations', () => {
  it('are tracked and applied once', async () => {
    const rows = await queryRows<{ name: string }>(
      ctx.deps.db,
      sql`SELECT name FROM schema_migrations ORDER BY name`,
    );
    expect(rows.map((r) => r.name)).toEqual(readMigrations().map((m) => m.name));
    expect(await migrate(ctx.deps.db)).toEqual([]);
  });
});

describe('demo data', () => {
  it('is deterministic for a seed and idempotent', async () => {
    const snapshot = () =>
      queryRows<{ username: string; display_name: string; role: string; region_code: string | null }>(
        ctx.deps.db,
        sql`SELECT username, display_name, role, region_code FROM users ORDER BY username`,
      );
    await runDemo(ctx.deps, systemActor('test'), { customers: 10, seed: 42 });
    const first = await snapshot();
    await runDemo(ctx.deps, systemActor('test'), { customers: 10, seed: 42 });
    expect(await snapshot()).toEqual(first);
    expect(first.map((u) => u.username)).toEqual(
      expect.arrayContaining([
        'admin',
        'kam',
        'am1',
        'am2',
        'frontdesk',
        'ops',
        'visit',
        'analyst',
        'auditor',
      ]),
    );
    const regions = await queryRows<{ n: number }>(ctx.deps.db, sql`SELECT count(*)::int AS n FROM regions`);
    expect(regions[0]!.n).toBeGreaterThan(3);
  });
});
