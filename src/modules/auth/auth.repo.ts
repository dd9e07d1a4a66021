import { and, eq, gt, lt, sql } from 'drizzle-orm';
import type { Executor } from '../../db/database.ts';
import { sessions, users } from '../../db/schema.ts';

export type UserRow = typeof users.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;

export async function findUserByUsername(ex: Executor, username: string): Promise<UserRow | null> {
  const [row] = await ex.select().from(users).where(eq(users.username, username));
  return row ?? null;
}

export async function insertSession(ex: Executor, row: SessionRow): Promise<void> {
  await ex.insert(sessions).values(row);
}

/** The live session with this id and its user, or null when missing or expired at `at`. */
export async function findLiveSession(
  ex: Executor,
  id: string,
  at: Date,
): Promise<{ session: SessionRow; user: UserRow } | null> {
  const [row] = await ex
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, id), gt(sessions.expiresAt, at)));
  return row ?? null;
}

export async function touchSession(ex: Executor, id: string, lastSeenAt: Date, expiresAt: Date) {
  await ex.update(sessions).set({ lastSeenAt, expiresAt }).where(eq(sessions.id, id));
}

export async function deleteSession(ex: Executor, id: string): Promise<void> {
  await ex.delete(sessions).where(eq(sessions.id, id));
}

export async function deleteSessionsOfUser(ex: Executor, userId: string): Promise<void> {
  await ex.delete(sessions).where(eq(sessions.userId, userId));
}

/** Removes sessions that expired before `at`; returns how many. */
export async function purgeExpiredSessions(ex: Executor, at: Date): Promise<number> {
  const gone = await ex.delete(sessions).where(lt(sessions.expiresAt, at)).returning({ id: sessions.id });
  return gone.length;
}

export async function recordLogin(ex: Executor, userId: string, at: Date): Promise<void> {
  await ex.update(users).set({ lastLoginAt: at }).where(eq(users.id, userId));
}

export async function countUsers(ex: Executor): Promise<number> {
  const [row] = await ex.select({ n: sql<number>`count(*)::int` }).from(users);
  return row?.n ?? 0;
}
