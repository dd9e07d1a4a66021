/**
 * In-app notifications (站内通知, PRODUCT.md §7 "Notifications are in-app and by webhook"): written
 * in the transaction of the change they tell about (an escalation, a dissatisfied visit …), read
 * by their recipient only.
 */
import { and, count, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Executor, Tx } from '../../db/database.ts';
import { notifications } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { DomainError } from '../../domain/errors.ts';

export type NewNotification = {
  userId: string;
  kind: string;
  title: string;
  body: string;
  entity?: string | null;
  entityId?: string | null;
  data?: Record<string, unknown> | null;
};

/** Writes notifications in the caller's transaction (duplicate recipients collapsed). */
export async function notify(tx: Tx, items: NewNotification[], at: Date): Promise<number> {
  const seen = new Set<string>();
  const rows = items.filter((n) => {
    const key = `${n.userId}|${n.kind}|${n.entity ?? ''}|${n.entityId ?? ''}|${n.title}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  if (rows.length === 0) return 0;
  await insertNotifications(tx, rows, at);
  return rows.length;
}

/** One statement whatever the count: the rows travel as one jsonb parameter (the sweep writes thousands). */
export async function insertNotifications(ex: Executor, rows: NewNotification[], at: Date): Promise<void> {
  const payload = rows.map((n) => ({
    user_id: n.userId,
    kind: n.kind,
    title: n.title,
    body: n.body,
    entity: n.entity ?? null,
    entity_id: n.entityId ?? null,
    data: n.data ?? null,
  }));
  await ex.execute(
    sql`insert into notifications (user_id, kind, title, body, entity, entity_id, data, created_at)
        select x.user_id, x.kind, x.title, x.body, x.entity, x.entity_id, x.data, ${at.toISOString()}::timestamptz
        from jsonb_to_recordset(${JSON.stringify(payload)}::jsonb)
          as x(user_id uuid, kind text, title text, body text, entity text, entity_id text, data jsonb)`,
  );
}

export type NotificationView = {
  id: number;
  kind: string;
  title: string;
  body: string;
  entity: string | null;
  entityId: string | null;
  data: Record<string, unknown> | null;
  createdAt: string;
  readAt: string | null;
};

const view = (r: typeof notifications.$inferSelect): NotificationView => ({
  id: r.id,
  kind: r.kind,
  title: r.title,
  body: r.body,
  entity: r.entity,
  entityId: r.entityId,
  data: (r.data as Record<string, unknown> | null) ?? null,
  createdAt: r.createdAt.toISOString(),
  readAt: r.readAt?.toISOString() ?? null,
});

/** The user's own notifications, newest first. */
export async function listNotifications(
  deps: Deps,
  userId: string,
  query: { unread?: boolean | undefined; limit: number; offset: number },
): Promise<{ total: number; items: NotificationView[] }> {
  const where = and(
    eq(notifications.userId, userId),
    query.unread ? isNull(notifications.readAt) : undefined,
  );
  const [{ total } = { total: 0 }] = await deps.db
    .select({ total: count() })
    .from(notifications)
    .where(where);
  const rows = await deps.db
    .select()
    .from(notifications)
    .where(where)
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(query.limit)
    .offset(query.offset);
  return { total: Number(total), items: rows.map(view) };
}

export async function countUnread(deps: Deps, userId: string): Promise<number> {
  const [{ n } = { n: 0 }] = await deps.db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return Number(n);
}

/** Marks one of the user's notifications read (404 for anyone else's). */
export async function markRead(deps: Deps, userId: string, id: number): Promise<NotificationView> {
  const [row] = await deps.db
    .update(notifications)
    .set({ readAt: sql`coalesce(${notifications.readAt}, ${deps.now()})` })
    .where(and(eq(notifications.id, id), eq(notifications.userId, userId)))
    .returning();
  if (!row) throw new DomainError('NOT_FOUND', `No notification ${id}`);
  return view(row);
}

export async function markAllRead(deps: Deps, userId: string): Promise<number> {
  const rows = await deps.db
    .update(notifications)
    .set({ readAt: deps.now() })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return rows.length;
}
