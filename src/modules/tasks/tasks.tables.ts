/**
 * Mandatory-action tasks (规定动作, PRODUCT.md §4): one row per customer × action × occurrence
 * (period slice, holiday, or birthday of a contact), owned by the customer's account manager at
 * generation and stamped with the catalog version it was generated under.
 *
 * `(customer_id, action_code, occurrence_key)` is unique: generation inserts with ON CONFLICT DO
 * NOTHING, so running it twice (or in two processes at once) gives each task once. The occurrence
 * key names the slice (`2026-11`, `2026-Q4`, `2026-11-D2`), the holiday (`2026-春节`) or the
 * birthday and contact (`2026-birthday:<contact id>`).
 *
 * `task_generations` is the per-month ledger of generation: one row per (month, catalog version,
 * action) once every customer of the action's level got its tasks, with the instant up to which
 * customers were covered. A later run of the same month only looks at customers (and contacts)
 * changed since then.
 *
 * A task whose due date depends on days past the loaded calendar horizon is `provisional`: when
 * that year's schedule is imported, open provisional tasks are re-dated in the import's
 * transaction (src/modules/tasks/provisional.service.ts).
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { instant } from '../../db/columns.ts';

export const actionTasks = pgTable(
  'action_tasks',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity({ cache: 1000 }),
    // No foreign keys on the generated columns: generation writes up to a million rows at once and
    // a per-row referential check would double its cost; the ids come from the joined rows
    // themselves, and customers are never deleted (they become inactive).
    customerId: uuid('customer_id').notNull(),
    actionCode: text('action_code').notNull(),
    /** visit / report / greeting / birthday_care / review / other (the action's kind). */
    actionKind: text('action_kind').notNull(),
    /** The level the action is written for: 1A–5A, A/B/C or basic. */
    level: text('level').notNull(),
    catalogVersion: integer('catalog_version').notNull(),
    occurrenceKey: text('occurrence_key').notNull(),
    /** The contact of a birthday-care task. */
    contactId: uuid('contact_id'),
    /** The account manager who owns it (the customer's at generation; reassignable). */
    ownerId: uuid('owner_id').notNull(),
    regionCode: text('region_code').notNull(),
    /** `YYYY-MM` of the generation month the occurrence belongs to. */
    month: text('month').notNull(),
    /** First day of the slice (or of the month for holiday and birthday tasks). */
    startDate: date('start_date', { mode: 'string' }).notNull(),
    dueDate: date('due_date', { mode: 'string' }).notNull(),
    /**
     * The due date was computed over days past the loaded calendar horizon (weekends only); it is
     * recomputed when that year's schedule is imported.
     */
    provisional: boolean('provisional').notNull().default(false),
    status: text('status').notNull().default('open'),
    /** The day the action was carried out (Shanghai), as the owner reports it. */
    completedDate: date('completed_date', { mode: 'string' }),
    completedAt: instant('completed_at'),
    completedBy: text('completed_by'),
    /** { note, contactMet, channel, attachments: [{ name, size, mimeType }] } */
    evidence: jsonb('evidence'),
    cancelledAt: instant('cancelled_at'),
    cancelledBy: text('cancelled_by'),
    cancelReason: text('cancel_reason'),
    createdAt: instant('created_at').notNull().defaultNow(),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('action_tasks_occurrence_uq').on(t.customerId, t.actionCode, t.occurrenceKey),
    index('action_tasks_owner_due_idx').on(t.ownerId, t.dueDate),
    index('action_tasks_region_due_idx').on(t.regionCode, t.dueDate),
    // The few open provisional tasks, found at once when a schedule is imported.
    index('action_tasks_provisional_idx')
      .on(t.actionCode, t.occurrenceKey)
      .where(sql`${t.provisional} and ${t.status} = 'open'`),
    check('action_tasks_status_ck', sql`${t.status} in ('open', 'done', 'cancelled')`),
    check(
      'action_tasks_done_ck',
      sql`${t.status} <> 'done' or (${t.completedDate} is not null and ${t.completedAt} is not null)`,
    ),
  ],
);

export const taskGenerations = pgTable(
  'task_generations',
  {
    month: text('month').notNull(),
    catalogVersion: integer('catalog_version').notNull(),
    actionCode: text('action_code').notNull(),
    level: text('level').notNull(),
    /** Customers (and contacts) changed before this instant are covered. */
    coveredUntil: instant('covered_until').notNull(),
    /** Tasks created for this action in this month, over all runs. */
    created: integer('created').notNull().default(0),
    runs: integer('runs').notNull().default(1),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.month, t.catalogVersion, t.actionCode] })],
);
