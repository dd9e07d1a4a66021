/**
 * Compensation slips (赔付单, PRODUCT.md §5–6): raised by the system when a line is activated late
 * or an agreement is breached, then worked by role — ops states the responsible segment and its
 * opinion, the key-account department approves or rejects, the customer's confirmation is
 * recorded, and the slip is settled. `compensation_slip_events` is the append-only history; an
 * amount is never changed without a reason there.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  index,
  jsonb,
  pgSequence,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { instant } from '../../db/columns.ts';

const fen = (name: string) => bigint(name, { mode: 'number' });

/** Numbers slips: `CS<yyyymmdd>-<seq>`. */
export const compensationSlipSeq = pgSequence('compensation_slip_seq');

export const compensationSlips = pgTable(
  'compensation_slips',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Human number, e.g. `CS-202612-0001`, unique. */
    slipNumber: text('slip_number').notNull(),
    customerId: uuid('customer_id').notNull(),
    regionCode: text('region_code').notNull(),
    /** provisioning_late, sla_availability, sla_restore. */
    kind: text('kind').notNull(),
    /** What raised it, unique per kind: an order line id, or `<agreement>:<circuit>:<YYYY-MM>`. */
    sourceRef: text('source_ref').notNull(),
    orderId: uuid('order_id'),
    orderItemId: uuid('order_item_id'),
    agreementId: uuid('agreement_id'),
    circuitId: uuid('circuit_id'),
    /** YYYY-MM for SLA breaches. */
    period: text('period'),
    /** The amount the rule computed, and the amount in force (changed only with a reason). */
    computedAmountFen: fen('computed_amount_fen').notNull(),
    amountFen: fen('amount_fen').notNull(),
    /** The rule's inputs and steps, so anyone can check the amount. */
    basis: jsonb('basis').notNull(),
    /** raised, ops_stated, approved, rejected, customer_confirmed, settled. */
    status: text('status').notNull().default('raised'),
    responsibleSegment: text('responsible_segment'),
    opsOpinion: text('ops_opinion'),
    opsBy: text('ops_by'),
    opsAt: instant('ops_at'),
    decidedBy: text('decided_by'),
    decidedById: uuid('decided_by_id'),
    decidedAt: instant('decided_at'),
    decisionReason: text('decision_reason'),
    customerConfirmation: text('customer_confirmation'),
    confirmedBy: text('confirmed_by'),
    confirmedAt: instant('confirmed_at'),
    settlementRef: text('settlement_ref'),
    settledBy: text('settled_by'),
    settledAt: instant('settled_at'),
    raisedBy: text('raised_by').notNull(),
    raisedById: uuid('raised_by_id'),
    raisedAt: instant('raised_at').notNull(),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('compensation_slips_number_uq').on(t.slipNumber),
    uniqueIndex('compensation_slips_source_uq').on(t.kind, t.sourceRef),
    index('compensation_slips_status_idx').on(t.status, t.raisedAt),
    index('compensation_slips_customer_idx').on(t.customerId, t.raisedAt),
    check('compensation_slips_amount_ck', sql`${t.amountFen} >= 0 and ${t.computedAmountFen} >= 0`),
    check(
      'compensation_slips_kind_ck',
      sql`${t.kind} in ('provisioning_late','sla_availability','sla_restore')`,
    ),
    check(
      'compensation_slips_status_ck',
      sql`${t.status} in ('raised','ops_stated','approved','rejected','customer_confirmed','settled')`,
    ),
  ],
);

/** Append-only history of a slip: every step, with who, when, and any amount change with its reason. */
export const compensationSlipEvents = pgTable(
  'compensation_slip_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    slipId: uuid('slip_id').notNull(),
    /** raised, ops_stated, approved, rejected, customer_confirmed, settled, amount_changed, note. */
    kind: text('kind').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    amountBeforeFen: fen('amount_before_fen'),
    amountAfterFen: fen('amount_after_fen'),
    note: text('note'),
    at: instant('at').notNull(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name').notNull(),
    actorRole: text('actor_role').notNull(),
  },
  (t) => [index('compensation_slip_events_slip_idx').on(t.slipId, t.id)],
);
