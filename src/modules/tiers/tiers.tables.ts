/**
 * Tier proposals and tier history (PRODUCT.md §2 "Tiers"). An assessment (or a manual override
 * request) creates a proposal; a kam_manager approves or rejects it; an approval writes a
 * `tier_changes` row and updates `customers.tier/stars/group_class`.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
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

export const tierProposals = pgTable(
  'tier_proposals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    /** The assessment run that proposed it; null for a manual override request. */
    runId: uuid('run_id'),
    kind: text('kind').notNull(),
    fromTier: text('from_tier'),
    toTier: text('to_tier'),
    fromStars: integer('from_stars'),
    toStars: integer('to_stars'),
    fromGroupClass: text('from_group_class'),
    toGroupClass: text('to_group_class'),
    score: doublePrecision('score'),
    modelVersion: integer('model_version'),
    /** The assessment's result values and per-indicator scores at proposal time. */
    snapshot: jsonb('snapshot').notNull(),
    /** Why it was proposed (the rule, or the requester's reason for an override). */
    reason: text('reason').notNull(),
    status: text('status').notNull().default('pending'),
    requestedBy: text('requested_by').notNull(),
    createdAt: instant('created_at').notNull().defaultNow(),
    decidedBy: text('decided_by'),
    decidedAt: instant('decided_at'),
    decisionReason: text('decision_reason'),
    effectiveDate: date('effective_date', { mode: 'string' }),
  },
  (t) => [
    index('tier_proposals_status_idx').on(t.status, t.createdAt),
    index('tier_proposals_customer_idx').on(t.customerId),
    uniqueIndex('tier_proposals_one_pending_uq').on(t.customerId).where(sql`${t.status} = 'pending'`),
    check('tier_proposals_kind_ck', sql`${t.kind} in ('initial', 'upgrade', 'downgrade', 'override')`),
    check('tier_proposals_status_ck', sql`${t.status} in ('pending', 'approved', 'rejected', 'superseded')`),
  ],
);

/** The tier history: every change with effective date, reason, model version and score snapshot. */
export const tierChanges = pgTable(
  'tier_changes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    proposalId: uuid('proposal_id').references(() => tierProposals.id),
    fromTier: text('from_tier'),
    toTier: text('to_tier'),
    fromStars: integer('from_stars'),
    toStars: integer('to_stars'),
    fromGroupClass: text('from_group_class'),
    toGroupClass: text('to_group_class'),
    effectiveDate: date('effective_date', { mode: 'string' }).notNull(),
    reason: text('reason').notNull(),
    modelVersion: integer('model_version'),
    score: doublePrecision('score'),
    snapshot: jsonb('snapshot').notNull(),
    approvedBy: text('approved_by').notNull(),
    at: instant('at').notNull().defaultNow(),
  },
  (t) => [index('tier_changes_customer_idx').on(t.customerId, t.effectiveDate)],
);

/**
 * Monthly billing totals of the two mass-market segments (商业客户, 公众客户), as the operator's
 * billing system reports them: revenue billed to the whole segment (fen) and how many of its
 * customers were billed. Loss equivalence (PRODUCT.md §2) measures each segment's average monthly
 * revenue per customer from these.
 */
export const segmentBillingMonthly = pgTable(
  'segment_billing_monthly',
  {
    segment: text('segment').notNull(),
    /** First day of the month. */
    month: date('month', { mode: 'string' }).notNull(),
    revenueFen: bigint('revenue_fen', { mode: 'number' }).notNull(),
    billedCustomers: integer('billed_customers').notNull(),
    updatedBy: text('updated_by').notNull(),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.segment, t.month] }),
    check('segment_billing_segment_ck', sql`${t.segment} in ('commercial', 'public')`),
    check('segment_billing_month_ck', sql`extract(day from ${t.month}) = 1`),
    check('segment_billing_revenue_ck', sql`${t.revenueFen} >= 0`),
    check('segment_billing_customers_ck', sql`${t.billedCustomers} > 0`),
  ],
);
