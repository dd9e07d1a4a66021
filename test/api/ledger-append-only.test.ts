/**
 * The resource ledger is append-only in the database itself (migration 0004_ledger_append_only):
 * UPDATE, DELETE and TRUNCATE are refused whoever connects; only the foreign key's ON DELETE SET
 * NULL of a deleted contact goes through, changing nothing else.
 */
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contacts, resourceLedger } from '../../src/db/schema.ts';
import { createTestContext, type TestContext } from '../harness.ts';

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext();
}, 120_000);
afterAll(() => ctx.close());

/** A new issue row like a demo one, for a new contact of the same customer. */
async function issueForNewContact(name: string) {
  const [demo] = await ctx.deps.db
    .select()
    .from(resourceLedger)
    .where(eq(resourceLedger.kind, 'issue'))
    .limit(1);
  expect(demo).toBeDefined();
  const [contact] = await ctx.deps.db
    .insert(contacts)
    .values({ customerId: demo!.customerId!, name, role: 'core' })
    .returning({ id: contacts.id });
  const { id: _id, ...copy } = demo!;
  const [row] = await ctx.deps.db
    .insert(resourceLedger)
    .values({ ...copy, contactId: contact!.id, contactName: name, reason: 'append-only test' })
    .returning();
  return { row: row!, contactId: contact!.id };
}

describe('resource_ledger is append-only', () => {
  it('refuses UPDATE, DELETE and TRUNCATE', async () => {
    const [count] = await ctx.deps.db.select({ n: sql<number>`count(*)::int` }).from(resourceLedger);
    expect(count!.n).toBeGreaterThan(0); // the demo's issues and returns
    await expect(ctx.deps.db.execute(sql`UPDATE resource_ledger SET reason = 'tampered'`)).rejects.toThrow();
    await expect(
      ctx.deps.db.execute(sql`UPDATE resource_ledger SET quantity = quantity + 1`),
    ).rejects.toThrow();
    await expect(ctx.deps.db.execute(sql`DELETE FROM resource_ledger`)).rejects.toThrow();
    await expect(ctx.deps.db.execute(sql`TRUNCATE resource_ledger CASCADE`)).rejects.toThrow();
    const [after] = await ctx.deps.db.select({ n: sql<number>`count(*)::int` }).from(resourceLedger);
    expect(after!.n).toBe(count!.n);
  });

  it('a deleted contact only loses the link; unlinking with any other change is refused', async () => {
    const { row, contactId } = await issueForNewContact('删除测试联系人');
    await ctx.deps.db.delete(contacts).where(eq(contacts.id, contactId));
    const [kept] = await ctx.deps.db.select().from(resourceLedger).where(eq(resourceLedger.id, row.id));
    expect(kept).toEqual({ ...row, contactId: null });

    const other = await issueForNewContact('篡改测试联系人');
    await expect(
      ctx.deps.db.execute(
        sql`UPDATE resource_ledger SET contact_id = null, quantity = 99 WHERE id = ${other.row.id}::uuid`,
      ),
    ).rejects.toThrow();
  });
});
