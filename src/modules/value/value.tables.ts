/**
 * Value assessment tables (PRODUCT.md §2): versioned value models, indicator inputs entered by
 * account managers, assessment runs and their per-customer results.
 */
import { sql } from 'drizzle-orm';
import {
  bigserial,
  check,
  date,
  doublePrecision,
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
import { customers } from '../customers/customers.tables.ts';

/**
 * A value model version: indicator settings (method, caps), weights per result and the tier
 * cut points, as one JSON `definition` validated by the domain. Published versions are
 * immutable; editing publishes a new version. Exactly one is `active`.
 */
export const valueModels = pgTable(
  'value_models',
  {
    version: integer('version').primaryKey(),
    name: text('name').notNull(),
    status: text('status').notNull(),
    definition: jsonb('definition').notNull(),
    note: text('note'),
    createdBy: text('created_by').notNull(),
    createdAt: instant('created_at').notNull().defaultNow(),
    activatedAt: instant('activated_at'),
  },
  (t) => [
    check('value_models_status_ck', sql`${t.status} in ('draft', 'active', 'retired')`),
    uniqueIndex('value_models_one_active_uq').on(t.status).where(sql`${t.status} = 'active'`),
  ],
);

/**
 * Indicator inputs per customer and month (account-manager judgements on 1–5 scales, forecasts,
 * services moved to other operators …). An indicator with no input is *missing*, never zero.
 */
export const indicatorInputs = pgTable(
  'indicator_inputs',
  {
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    period: date('period', { mode: 'string' }).notNull(),
    indicator: text('indicator').notNull(),
    value: doublePrecision('value').notNull(),
    source: text('source').notNull().default('manual'),
    enteredBy: text('entered_by').notNull(),
    enteredAt: instant('entered_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.period, t.indicator] })],
);

export const assessmentRuns = pgTable(
  'assessment_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    modelVersion: integer('model_version')
      .notNull()
      .references(() => valueModels.version),
    /** The assessment date: billing up to the month before it, inputs as of it. */
    asOf: date('as_of', { mode: 'string' }).notNull(),
    /** 'all' or one customer id. */
    scope: text('scope').notNull(),
    trigger: text('trigger').notNull(),
    status: text('status').notNull(),
    total: integer('total').notNull().default(0),
    done: integer('done').notNull().default(0),
    proposals: integer('proposals').notNull().default(0),
    error: text('error'),
    startedBy: text('started_by').notNull(),
    startedAt: instant('started_at').notNull(),
    finishedAt: instant('finished_at'),
  },
  (t) => [
    index('assessment_runs_started_idx').on(t.startedAt),
    check('assessment_runs_status_ck', sql`${t.status} in ('running', 'done', 'failed')`),
    check('assessment_runs_trigger_ck', sql`${t.trigger} in ('manual', 'schedule', 'cli')`),
  ],
);

/**
 * One customer's result in one run. `scores` holds every indicator's raw value and normalised
 * 0–100 score (so a user can see why); `missing` lists indicators with no data. `indicatedTier`
 * is the tier the score points to (used for the downgrade grace period).
 */
export const assessments = pgTable(
  'assessments',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    runId: uuid('run_id')
      .notNull()
      .references(() => assessmentRuns.id, { onDelete: 'cascade' }),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    modelVersion: integer('model_version').notNull(),
    asOf: date('as_of', { mode: 'string' }).notNull(),
    currentValue: doublePrecision('current_value'),
    directValue: doublePrecision('direct_value'),
    addedValue: doublePrecision('added_value'),
    potentialValue: doublePrecision('potential_value'),
    loyalty: doublePrecision('loyalty'),
    influence: doublePrecision('influence'),
    total: doublePrecision('total'),
    indicatedTier: text('indicated_tier'),
    indicatedGroupClass: text('indicated_group_class'),
    scores: jsonb('scores').notNull(),
    missing: jsonb('missing').notNull(),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('assessments_run_customer_uq').on(t.runId, t.customerId),
    index('assessments_customer_idx').on(t.customerId, t.asOf),
  ],
);
