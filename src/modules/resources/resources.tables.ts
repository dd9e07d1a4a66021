/**
 * Service resources (PRODUCT.md §4 "Resources", seed 004): the resources matched to service items,
 * their budgets per level and period, and the ledger of every issue, return and adjustment.
 * Money is integer fen. `resource_budgets.used` is changed only together with a ledger row, in one
 * transaction; the check `used <= quantity` makes over-issuing impossible even for a bug.
 * The ledger is append-only: the module never updates or deletes its rows.
 */
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { instant } from '../../db/columns.ts';
import { users } from '../../db/schema-platform.ts';
import { contacts, customers } from '../customers/customers.tables.ts';

const fen = (name: string) => bigint(name, { mode: 'number' });

/** A resource: 实物礼品 / 电子兑换券 / 低值易耗品 / 备机备件, matched to the service items it serves. */
export const resources = pgTable(
  'resources',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    nameEn: text('name_en').notNull(),
    kind: text('kind').notNull(),
    /** 份 / 张 / 台 / 套 … */
    unit: text('unit').notNull(),
    unitCostFen: fen('unit_cost_fen').notNull(),
    /** Codes of the catalog's service items this resource serves (生日关怀 → 电子券 …). */
    serviceItemCodes: text('service_item_codes').array().notNull().default(sql`'{}'::text[]`),
    description: text('description'),
    active: boolean('active').notNull().default(true),
    createdAt: instant('created_at').notNull().defaultNow(),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('resources_code_uq').on(t.code),
    check('resources_kind_ck', sql`${t.kind} in ('gift', 'voucher', 'consumable', 'spare_equipment')`),
    check('resources_unit_cost_ck', sql`${t.unitCostFen} >= 0`),
  ],
);

/** How many of a resource a level (1A–5A or A/B/C) may receive in one month, quarter or year. */
export const resourceBudgets = pgTable(
  'resource_budgets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    resourceId: uuid('resource_id')
      .notNull()
      .references(() => resources.id),
    level: text('level').notNull(),
    period: text('period').notNull(),
    /** `2026-03`, `2026-Q1` or `2026`. */
    periodKey: text('period_key').notNull(),
    quantity: integer('quantity').notNull(),
    /** Issued minus returned plus adjustments, in this period. */
    used: integer('used').notNull().default(0),
    updatedBy: text('updated_by'),
    createdAt: instant('created_at').notNull().defaultNow(),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('resource_budgets_uq').on(t.resourceId, t.level, t.period, t.periodKey),
    index('resource_budgets_period_idx').on(t.periodKey, t.level),
    check('resource_budgets_level_ck', sql`${t.level} in ('1A', '2A', '3A', '4A', '5A', 'A', 'B', 'C')`),
    check('resource_budgets_period_ck', sql`${t.period} in ('month', 'quarter', 'year')`),
    check('resource_budgets_quantity_ck', sql`${t.quantity} >= 0`),
    check('resource_budgets_used_ck', sql`${t.used} >= 0 and ${t.used} <= ${t.quantity}`),
  ],
);

/**
 * The ledger (台账): one row per issue (+), return (−, `returnOf` the issue) or adjustment (±, no
 * customer). `budgetIds` are the budgets the row drew on (a return gives back to the same ones).
 */
export const resourceLedger = pgTable(
  'resource_ledger',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').notNull(),
    resourceId: uuid('resource_id')
      .notNull()
      .references(() => resources.id),
    customerId: uuid('customer_id').references(() => customers.id),
    /** The level whose budget was drawn, as the customer stood at issue time. */
    level: text('level').notNull(),
    /** The Shanghai day of the entry; it decides the periods drawn. */
    issueDate: date('issue_date', { mode: 'string' }).notNull(),
    periodKeys: text('period_keys').array().notNull(),
    budgetIds: uuid('budget_ids').array().notNull(),
    quantity: integer('quantity').notNull(),
    /** quantity × unit cost at the time of the entry (negative for a return). */
    amountFen: fen('amount_fen').notNull(),
    unitCostFen: fen('unit_cost_fen').notNull(),
    reason: text('reason').notNull(),
    contactId: uuid('contact_id').references(() => contacts.id, { onDelete: 'set null' }),
    /** The contact's name when issued, kept if the contact is later removed. */
    contactName: text('contact_name'),
    /** The mandatory-action task (`action_tasks.id`) this issue fulfils; checked at issue, no FK. */
    taskId: bigint('task_id', { mode: 'number' }),
    returnOf: uuid('return_of').references((): AnyPgColumn => resourceLedger.id),
    actorId: uuid('actor_id').references(() => users.id),
    actorName: text('actor_name').notNull(),
    at: instant('at').notNull().defaultNow(),
  },
  (t) => [
    index('resource_ledger_customer_idx').on(t.customerId, t.at),
    index('resource_ledger_resource_idx').on(t.resourceId, t.issueDate),
    index('resource_ledger_date_idx').on(t.issueDate, t.at),
    index('resource_ledger_return_of_idx').on(t.returnOf),
    check('resource_ledger_kind_ck', sql`${t.kind} in ('issue', 'return', 'adjustment')`),
    check(
      'resource_ledger_quantity_ck',
      sql`(${t.kind} = 'issue' and ${t.quantity} > 0) or (${t.kind} = 'return' and ${t.quantity} < 0)
        or (${t.kind} = 'adjustment' and ${t.quantity} <> 0)`,
    ),
    check(
      'resource_ledger_refs_ck',
      sql`(${t.kind} = 'adjustment' or ${t.customerId} is not null)
        and ((${t.kind} = 'return') = (${t.returnOf} is not null))`,
    ),
  ],
);
