/**
 * List totals at scale (src/db/count.ts): exact up to the cap, the planner's estimate above it.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countCapped } from '../../src/db/count.ts';
import { createTestContext, type TestContext } from '../harness.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => ctx?.close());

describe('countCapped', () => {
  it('is exact up to the cap', async () => {
    const result = await countCapped(ctx.deps.db, sql`select 1 from customers`, 1_000);
    expect(result).toEqual({ total: 20, estimated: false });
  });

  it('answers at least cap + 1, flagged estimated, above the cap', async () => {
    const result = await countCapped(ctx.deps.db, sql`select 1 from customers`, 5);
    expect(result.estimated).toBe(true);
    expect(result.total).toBeGreaterThanOrEqual(6);
  });

  it('counts the matches of a filter', async () => {
    const none = await countCapped(ctx.deps.db, sql`select 1 from customers where code = 'no such code'`, 5);
    expect(none).toEqual({ total: 0, estimated: false });
  });
});
