/** Import runs (customers, billing, …): what was imported, by whom, and the report of bad rows. */
import { sql } from 'drizzle-orm';
import { check, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const importRuns = pgTable(
  'import_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').notNull(),
    fileName: text('file_name').notNull(),
    format: text('format').notNull(),
    status: text('status').notNull(),
    mode: text('mode').notNull().default('all-or-nothing'),
    rowsRead: integer('rows_read').notNull().default(0),
    rowsImported: integer('rows_imported').notNull().default(0),
    /** Every bad row: [{ line, field, reason }]. */
    errors: jsonb('errors').notNull().default(sql`'[]'::jsonb`),
    startedBy: text('started_by').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [check('import_runs_status_ck', sql`${t.status} in ('running', 'done', 'failed', 'rejected')`)],
);
