/** Storage of value model versions (`value_models`). */
import { desc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/database.ts';
import { valueModels } from '../../db/schema.ts';

export type ValueModelRow = typeof valueModels.$inferSelect;
export type NewValueModelRow = typeof valueModels.$inferInsert;

export async function listModels(ex: Executor): Promise<ValueModelRow[]> {
  return ex.select().from(valueModels).orderBy(desc(valueModels.version));
}

export async function findModel(
  ex: Executor,
  version: number,
  options: { forUpdate?: boolean } = {},
): Promise<ValueModelRow | null> {
  const query = ex.select().from(valueModels).where(eq(valueModels.version, version));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  return row ?? null;
}

export async function findActiveModel(ex: Executor): Promise<ValueModelRow | null> {
  const [row] = await ex.select().from(valueModels).where(eq(valueModels.status, 'active'));
  return row ?? null;
}

export async function nextModelVersion(ex: Executor): Promise<number> {
  const [row] = await ex
    .select({ v: sql<number>`coalesce(max(${valueModels.version}), 0)::int` })
    .from(valueModels);
  return (row?.v ?? 0) + 1;
}

export async function insertModel(ex: Executor, row: NewValueModelRow): Promise<ValueModelRow | null> {
  const [created] = await ex.insert(valueModels).values(row).onConflictDoNothing().returning();
  return created ?? null;
}

export async function updateModel(
  ex: Executor,
  version: number,
  patch: Partial<NewValueModelRow>,
): Promise<ValueModelRow> {
  const [row] = await ex.update(valueModels).set(patch).where(eq(valueModels.version, version)).returning();
  if (!row) throw new Error(`value model ${version} vanished`);
  return row;
}

/** Serialises model changes (drafts numbering, activation) across processes. */
export async function lockModels(ex: Executor): Promise<void> {
  await ex.execute(sql`select pg_advisory_xact_lock(hashtext('tierline.value_models'))`);
}
