/** Storage of account-manager indicator inputs (`indicator_inputs`). */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { type Executor, queryRows } from '../../db/database.ts';
import { indicatorInputs } from '../../db/schema.ts';

export type IndicatorInputRow = typeof indicatorInputs.$inferSelect;

export type InputWithName = IndicatorInputRow & { enteredByName: string | null };

/** The inputs of one customer and period, with the display name of whoever entered each. */
export async function findInputs(ex: Executor, customerId: string, period: string): Promise<InputWithName[]> {
  const rows = await queryRows<{
    customer_id: string;
    period: string;
    indicator: string;
    value: number;
    source: string;
    entered_by: string;
    entered_at: Date | string;
    display_name: string | null;
  }>(
    ex,
    sql`select i.customer_id, i.period::text as period, i.indicator, i.value, i.source,
          i.entered_by, i.entered_at, u.display_name
        from indicator_inputs i left join users u on u.username = i.entered_by
        where i.customer_id = ${customerId} and i.period = ${period}::date`,
  );
  return rows.map((r) => ({
    customerId: r.customer_id,
    period: r.period,
    indicator: r.indicator,
    value: Number(r.value),
    source: r.source,
    enteredBy: r.entered_by,
    enteredAt: r.entered_at instanceof Date ? r.entered_at : new Date(r.entered_at),
    enteredByName: r.display_name,
  }));
}

/** The newest value of each indicator from a period before `period`. */
export async function findPreviousInputs(
  ex: Executor,
  customerId: string,
  period: string,
): Promise<{ indicator: string; value: number; period: string }[]> {
  const rows = await queryRows<{ indicator: string; value: number; period: string }>(
    ex,
    sql`select distinct on (indicator) indicator, value, period::text as period
        from indicator_inputs
        where customer_id = ${customerId} and period < ${period}::date
        order by indicator, period desc`,
  );
  return rows.map((r) => ({ indicator: r.indicator, value: Number(r.value), period: r.period }));
}

export async function upsertInputs(
  ex: Executor,
  rows: {
    customerId: string;
    period: string;
    indicator: string;
    value: number;
    enteredBy: string;
    enteredAt: Date;
  }[],
): Promise<void> {
  if (rows.length === 0) return;
  await ex
    .insert(indicatorInputs)
    .values(rows.map((r) => ({ ...r, source: 'manual' })))
    .onConflictDoUpdate({
      target: [indicatorInputs.customerId, indicatorInputs.period, indicatorInputs.indicator],
      set: {
        value: sql`excluded.value`,
        source: sql`excluded.source`,
        enteredBy: sql`excluded.entered_by`,
        enteredAt: sql`excluded.entered_at`,
      },
    });
}

export async function deleteInputs(
  ex: Executor,
  customerId: string,
  period: string,
  indicators: string[],
): Promise<void> {
  if (indicators.length === 0) return;
  await ex
    .delete(indicatorInputs)
    .where(
      and(
        eq(indicatorInputs.customerId, customerId),
        eq(indicatorInputs.period, period),
        inArray(indicatorInputs.indicator, indicators),
      ),
    );
}
