/**
 * `preparedStatement` (src/db/database.ts): a hot statement rendered once, its placeholders
 * filled at each call — on the database itself and inside a transaction, on both engines.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { preparedStatement } from '../../src/db/database.ts';
import { createTestContext, type TestContext } from '../harness.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ demo: false });
});
afterAll(() => ctx.close());

const echo = preparedStatement<{ rows: string; factor: number }>(
  sql`select r.k, r.n * ${sql.placeholder('factor')}::int as n, ${'fixed'} as fixed
    from json_to_recordset(${sql.placeholder('rows')}::json) as r(k text, n int) order by r.k`,
);

it('fills its placeholders at each call, keeping the values rendered once', async () => {
  const first = await echo<{ k: string; n: number; fixed: string }>(ctx.deps.db, {
    rows: JSON.stringify([
      { k: 'b', n: 2 },
      { k: 'a', n: 1 },
    ]),
    factor: 10,
  });
  expect(first).toEqual([
    { k: 'a', n: 10, fixed: 'fixed' },
    { k: 'b', n: 20, fixed: 'fixed' },
  ]);
  const second = await echo<{ k: string; n: number }>(ctx.deps.db, {
    rows: JSON.stringify([{ k: 'c', n: 3 }]),
    factor: 2,
  });
  expect(second).toEqual([{ k: 'c', n: 6, fixed: 'fixed' }]);
});

it('runs inside a transaction on that transaction', async () => {
  const write = preparedStatement<{ key: string }>(
    sql`insert into app_meta (key, value) values (${sql.placeholder('key')}, '1'::jsonb) returning key`,
  );
  await expect(
    ctx.deps.db.transaction(async (tx) => {
      const rows = await write<{ key: string }>(tx, { key: 'prepared-statement-test' });
      expect(rows).toEqual([{ key: 'prepared-statement-test' }]);
      throw new Error('roll back');
    }),
  ).rejects.toThrow('roll back');
  const left = await ctx.deps.db.execute(sql`select key from app_meta where key = 'prepared-statement-test'`);
  expect((left as unknown as { rows: unknown[] }).rows).toEqual([]);
  // and again, on the database itself, after the rollback
  expect(await write<{ key: string }>(ctx.deps.db, { key: 'prepared-statement-test' })).toEqual([
    { key: 'prepared-statement-test' },
  ]);
});
