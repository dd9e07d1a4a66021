/**
 * Orders and provisioning (业务受理与开通, PRODUCT.md §5): product orders with their lines, and
 * the append-only history of state changes and milestones shown to the front desk and the AM.
 *
 * - A line's due date comes from its provisioning class (express / urgent / normal) or, without
 *   one, from the customer's entitlement (basic and star standards); `due_basis` says which and
 *   why. It is registered in `deadlines` (owner `productOrder.item`), so a provisional due date
 *   (past the calendar horizon) is recomputed when the schedule arrives.
 * - Money in integer fen: `list_one_time_fee_fen` is the fee before the class surcharge,
 *   `one_time_fee_fen` the priced fee (150 % / 130 % / 100 %), the base of any compensation.
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
  pgSequence,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { instant } from '../../db/columns.ts';

const fen = (name: string) => bigint(name, { mode: 'number' });

/** Numbers orders: `PO<yyyymmdd>-<seq>` (see src/domain/numbers.ts). */
export const productOrderSeq = pgSequence('product_order_seq');

/** A product order (TMF622 ProductOrder). */
export const productOrders = pgTable(
  'product_orders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Human number, e.g. `PO-20261207-0001`, unique. */
    orderNumber: text('order_number').notNull(),
    customerId: uuid('customer_id').notNull(),
    /** Snapshots at creation, for scoping and queues. */
    regionCode: text('region_code').notNull(),
    accountManagerId: uuid('account_manager_id'),
    /** TMF622 state: acknowledged, inProgress, pending, held, completed, cancelled, rejected, failed. */
    state: text('state').notNull().default('acknowledged'),
    /** TMF622 priority "0" (highest) … "4". */
    priority: text('priority').notNull().default('2'),
    channel: text('channel').notNull().default('account_manager'),
    description: text('description'),
    externalId: text('external_id'),
    /** What the customer asked for; the expected date is the latest line due date. */
    requestedCompletionDate: date('requested_completion_date', { mode: 'string' }),
    expectedCompletionDate: date('expected_completion_date', { mode: 'string' }),
    expectedProvisional: boolean('expected_provisional').notNull().default(false),
    completionDate: instant('completion_date'),
    cancellationReason: text('cancellation_reason'),
    /** Catalog version the due dates were resolved under. */
    catalogVersion: integer('catalog_version'),
    createdBy: text('created_by').notNull(),
    createdAt: instant('created_at').notNull().defaultNow(),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('product_orders_number_uq').on(t.orderNumber),
    index('product_orders_customer_idx').on(t.customerId, t.createdAt),
    index('product_orders_region_state_idx').on(t.regionCode, t.state),
    index('product_orders_am_idx').on(t.accountManagerId, t.state),
    check(
      'product_orders_state_ck',
      sql`${t.state} in ('acknowledged','inProgress','pending','held','completed','cancelled','rejected','failed')`,
    ),
  ],
);

/** One line of an order: a product to provision, its class, fees, due date and progress. */
export const productOrderItems = pgTable(
  'product_order_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => productOrders.id, { onDelete: 'cascade' }),
    lineNo: integer('line_no').notNull(),
    /** fixed_line, digital_circuit, ddn, fr_atm, data_circuit, dedicated_internet, broadband, idc, other. */
    product: text('product').notNull(),
    /** local / in_province / inter_province. */
    scope: text('scope').notNull().default('local'),
    /** Cross-operator circuits (跨运营商) get no differentiated class. */
    crossOperator: boolean('cross_operator').notNull().default(false),
    /** express / urgent / normal, or null (due date from the entitlements). */
    provisioningClass: text('provisioning_class'),
    bandwidthMbps: integer('bandwidth_mbps'),
    aEnd: text('a_end'),
    zEnd: text('z_end'),
    /** Fee before the class surcharge, the priced one-time fee, and the monthly fee, all in fen. */
    listOneTimeFeeFen: fen('list_one_time_fee_fen').notNull().default(0),
    oneTimeFeeFen: fen('one_time_fee_fen').notNull().default(0),
    monthlyFeeFen: fen('monthly_fee_fen').notNull().default(0),
    /** acknowledged, inProgress, completed (activated), cancelled. */
    state: text('state').notNull().default('acknowledged'),
    /** The last milestone reached (accepted, survey, design, construction, testing, activated, delivered). */
    milestone: text('milestone').notNull().default('accepted'),
    /** When the clock starts (the order's acceptance day) and the due date computed from it. */
    startDate: date('start_date', { mode: 'string' }).notNull(),
    dueRule: jsonb('due_rule'),
    dueDate: date('due_date', { mode: 'string' }),
    dueAt: instant('due_at'),
    dueProvisional: boolean('due_provisional').notNull().default(false),
    /** Why this due date: { source: 'class'|'entitlement'|'none', class?, workingDays?, itemCode?, level?, explanation[] }. */
    dueBasis: jsonb('due_basis').notNull(),
    /** The circuit created (or used) on activation. */
    circuitId: uuid('circuit_id'),
    circuitNumber: text('circuit_number'),
    activatedOn: date('activated_on', { mode: 'string' }),
    activatedAt: instant('activated_at'),
    /** Working days late at activation (0 when on time), fixed at activation. */
    overdueWorkingDays: integer('overdue_working_days'),
    /** Delivery (交付) for a customer HQ: due 3 working days after activation. */
    deliveryDueDate: date('delivery_due_date', { mode: 'string' }),
    deliveredAt: instant('delivered_at'),
    createdAt: instant('created_at').notNull().defaultNow(),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('product_order_items_line_uq').on(t.orderId, t.lineNo),
    index('product_order_items_due_idx').on(t.state, t.dueDate),
    index('product_order_items_circuit_idx').on(t.circuitId),
    check(
      'product_order_items_fees_ck',
      sql`${t.listOneTimeFeeFen} >= 0 and ${t.oneTimeFeeFen} >= 0 and ${t.monthlyFeeFen} >= 0`,
    ),
    check(
      'product_order_items_class_ck',
      sql`${t.provisioningClass} is null or (${t.provisioningClass} in ('express','urgent','normal') and not ${t.crossOperator})`,
    ),
    check(
      'product_order_items_state_ck',
      sql`${t.state} in ('acknowledged','inProgress','completed','cancelled')`,
    ),
  ],
);

/** Append-only history of an order: state changes, milestones, notes, due-date recomputations. */
export const productOrderEvents = pgTable(
  'product_order_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    orderId: uuid('order_id').notNull(),
    itemId: uuid('item_id'),
    /** state, milestone, note, due_recomputed, delivery, compensation. */
    kind: text('kind').notNull(),
    fromValue: text('from_value'),
    toValue: text('to_value'),
    note: text('note'),
    data: jsonb('data'),
    at: instant('at').notNull(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name').notNull(),
  },
  (t) => [index('product_order_events_order_idx').on(t.orderId, t.id)],
);
