/**
 * Satisfaction, competitor satisfaction (for RSL) and share of wallet per customer and period
 * (PRODUCT.md §3, §8). Entered or imported now; survey campaigns write here later.
 */
import { sql } from 'drizzle-orm';
import {
  check,
  date,
  doublePrecision,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { customers } from '../customers/customers.tables.ts';

export const customerSatisfaction = pgTable(
  'customer_satisfaction',
  {
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    /** First day of the period's month. */
    period: date('period', { mode: 'string' }).notNull(),
    /** Overall satisfaction 0–100. */
    satisfaction: doublePrecision('satisfaction'),
    /** Satisfaction with the leading competitor 0–100 (RSL = satisfaction ÷ this). */
    competitorSatisfaction: doublePrecision('competitor_satisfaction'),
    /** Share of wallet 0–1: operator spend ÷ total telecom spend. */
    walletShare: doublePrecision('wallet_share'),
    source: text('source').notNull().default('manual'),
    enteredBy: text('entered_by').notNull(),
    enteredAt: timestamp('entered_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.customerId, t.period] }),
    check('satisfaction_range_ck', sql`${t.satisfaction} between 0 and 100`),
    check('competitor_satisfaction_range_ck', sql`${t.competitorSatisfaction} between 0 and 100`),
    check('wallet_share_range_ck', sql`${t.walletShare} between 0 and 1`),
  ],
);
