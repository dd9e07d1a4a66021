import { and, eq, ilike, or, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/database.ts';
import { regions, users } from '../../db/schema.ts';
import { orderBy } from '../../http/list.ts';

export type UserRow = typeof users.$inferSelect;
export type NewUserRow = typeof users.$inferInsert;

export async function findUser(ex: Executor, id: string): Promise<UserRow | null> {
  const [row] = await ex.select().from(users).where(eq(users.id, id));
  return row ?? null;
}

export async function findUserByName(ex: Executor, username: string): Promise<UserRow | null> {
  const [row] = await ex.select().from(users).where(eq(users.username, username));
  return row ?? null;
}

export async function insertUser(ex: Executor, row: NewUserRow): Promise<UserRow> {
  const [created] = await ex.insert(users).values(row).returning();
  return created!;
}

export async function updateUser(ex: Executor, id: string, patch: Partial<NewUserRow>): Promise<UserRow> {
  const [row] = await ex.update(users).set(patch).where(eq(users.id, id)).returning();
  return row!;
}

export async function regionExists(ex: Executor, code: string): Promise<boolean> {
  const [row] = await ex.select({ code: regions.code }).from(regions).where(eq(regions.code, code));
  return row !== undefined;
}

export type UserFilter = { q?: string | undefined; role?: string | undefined; active?: boolean | undefined };

export async function listUsers(
  ex: Executor,
  filter: UserFilter,
  page: { limit: number; offset: number; sort: string },
): Promise<{ total: number; items: UserRow[] }> {
  const conditions: SQL[] = [];
  if (filter.q) {
    const like = `%${filter.q}%`;
    conditions.push(or(ilike(users.username, like), ilike(users.displayName, like))!);
  }
  if (filter.role) conditions.push(eq(users.role, filter.role));
  if (filter.active !== undefined) conditions.push(eq(users.active, filter.active));
  const where = conditions.length > 0 ? and(...conditions) : undefined;
  const [count] = await ex.select({ n: sql<number>`count(*)::int` }).from(users).where(where);
  const items = await ex
    .select()
    .from(users)
    .where(where)
    .orderBy(
      ...orderBy(page.sort, {
        username: users.username,
        displayName: users.displayName,
        role: users.role,
        createdAt: users.createdAt,
        lastLoginAt: users.lastLoginAt,
      }),
    )
    .limit(page.limit)
    .offset(page.offset);
  return { total: count?.n ?? 0, items };
}
