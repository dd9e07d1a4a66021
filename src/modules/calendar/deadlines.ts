/**
 * The registry of stored deadlines. A module that stores a calendar-based due instant calls
 * `registerDeadline` in the same transaction, and may subscribe with `onDeadlinesRecomputed`
 * to copy a recomputed due instant into its own rows when a new schedule is imported.
 */
import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../db/database.ts';
import { deadlines } from '../../db/schema.ts';
import type { WorkCalendar } from '../../domain/calendar/calendar.ts';
import { type ComputedDeadline, computeDeadline, type DeadlineRule } from '../../domain/calendar/deadline.ts';

export type DeadlineChange = { ownerId: string; before: ComputedDeadline; after: ComputedDeadline };
export type RecomputeListener = (tx: Tx, changes: DeadlineChange[]) => Promise<void>;

const listeners = new Map<string, RecomputeListener>();

/** Called once at module load by the owner of a kind of deadline (e.g. 'productOrder.item'). */
export function onDeadlinesRecomputed(owner: string, listener: RecomputeListener): void {
  listeners.set(owner, listener);
}

export async function registerDeadline(
  tx: Tx,
  cal: WorkCalendar,
  input: { owner: string; ownerId: string; region?: string; rule: DeadlineRule; at: Date },
): Promise<ComputedDeadline> {
  const due = computeDeadline(cal, input.rule);
  const row = {
    owner: input.owner,
    ownerId: input.ownerId,
    region: input.region ?? '',
    rule: input.rule,
    dueAt: new Date(due.dueAt),
    dueDate: due.dueDate,
    provisional: due.provisional,
    computedAt: input.at,
  };
  await tx
    .insert(deadlines)
    .values(row)
    .onConflictDoUpdate({ target: [deadlines.owner, deadlines.ownerId], set: row });
  return due;
}

export async function findDeadline(tx: Tx, owner: string, ownerId: string) {
  const [row] = await tx
    .select()
    .from(deadlines)
    .where(and(eq(deadlines.owner, owner), eq(deadlines.ownerId, ownerId)));
  return row ?? null;
}

/**
 * Recomputes every provisional deadline with the calendars now in force (inside the import's
 * transaction), tells each owner what moved, and returns how many were recomputed.
 */
export async function recomputeProvisionalDeadlines(
  tx: Tx,
  calendarFor: (region: string) => Promise<WorkCalendar>,
  at: Date,
): Promise<number> {
  const rows = await tx.select().from(deadlines).where(eq(deadlines.provisional, true)).for('update');
  const byOwner = new Map<string, DeadlineChange[]>();
  for (const row of rows) {
    const after = computeDeadline(await calendarFor(row.region), row.rule as DeadlineRule);
    await tx
      .update(deadlines)
      .set({
        dueAt: new Date(after.dueAt),
        dueDate: after.dueDate,
        provisional: after.provisional,
        computedAt: at,
      })
      .where(eq(deadlines.id, row.id));
    const before = { dueAt: row.dueAt.toISOString(), dueDate: row.dueDate, provisional: row.provisional };
    const list = byOwner.get(row.owner) ?? [];
    list.push({ ownerId: row.ownerId, before, after });
    byOwner.set(row.owner, list);
  }
  for (const [owner, changes] of byOwner) await listeners.get(owner)?.(tx, changes);
  return rows.length;
}
