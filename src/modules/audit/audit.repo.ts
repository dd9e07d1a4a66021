import { and, eq, gte, lt, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/database.ts';
import { auditLog } from '../../db/schema.ts';
import { orderBy } from '../../http/list.ts';

export type AuditRow = typeof auditLog.$inferSelect;
export type AuditFilter = {
  entity?: string | undefined;
  entityId?: string | undefined;
  actor?: string | undefined;
  action?: string | undefined;
  fromAt?: Date | undefined;
  toAt?: Date | undefined;
};

export async function listAudit(
  ex: Executor,
  filter: AuditFilter,
  page: { limit: number; offset: number; sort: string },
): Promise<{ total: number; items: AuditRow[] }> {
  const conditions: SQL[] = [];
  if (filter.entity) conditions.push(eq(auditLog.entity, filter.entity));
  if (filter.entityId) conditions.push(eq(auditLog.entityId, filter.entityId));
  if (filter.actor) conditions.push(eq(auditLog.actorName, filter.actor));
  if (filter.action) conditions.push(eq(auditLog.action, filter.action));
  if (filter.fromAt) conditions.push(gte(auditLog.at, filter.fromAt));
  if (filter.toAt) conditions.push(lt(auditLog.at, filter.toAt));
  const where = conditions.length > 0 ? and(...conditions) : undefined;
  const [count] = await ex.select({ n: sql<number>`count(*)::int` }).from(auditLog).where(where);
  const items = await ex
    .select()
    .from(auditLog)
    .where(where)
    .orderBy(...orderBy(page.sort, { at: auditLog.at, id: auditLog.id, entity: auditLog.entity }))
    .limit(page.limit)
    .offset(page.offset);
  return { total: count?.n ?? 0, items };
}
