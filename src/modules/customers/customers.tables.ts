/**
 * Customer profile tables (PRODUCT.md §1): enterprise customers with their group hierarchy, key
 * contacts, dated notes (major events, competitor information) and monthly billing facts.
 * Money is integer fen (bigint read as a JS number: safe to 2^53 fen).
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { instant } from '../../db/columns.ts';
import { regions, users } from '../../db/schema-platform.ts';

const fen = (name: string) => bigint(name, { mode: 'number' });

export const customers = pgTable(
  'customers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The operator's customer number (集团编号), unique, shown everywhere. */
    code: text('code').notNull(),
    name: text('name').notNull(),
    /** 统一社会信用代码 (GB 32100-2015, 18 characters, check digit validated); unique when given. */
    creditCode: text('credit_code'),
    /** GB/T 4754-2017 section letter A…T (src/domain/customers/industry.ts). */
    industry: text('industry').notNull(),
    regionCode: text('region_code')
      .notNull()
      .references(() => regions.code),
    /** The group (集团) this customer is a member of; null for a top-level group. */
    parentId: uuid('parent_id'),
    isHeadquarters: boolean('is_headquarters').notNull().default(false),
    accountManagerId: uuid('account_manager_id').references(() => users.id),
    /** China Telecom scheme: '1A'…'5A' (5A highest); null until first approved. */
    tier: text('tier'),
    /** Service stars 1…5 (1★–5★). */
    stars: integer('stars'),
    /** China Mobile scheme: 'A' | 'B' | 'C'. */
    groupClass: text('group_class'),
    tierEffectiveDate: date('tier_effective_date', { mode: 'string' }),
    /** Start of the relationship, for "years of relationship". */
    customerSince: date('customer_since', { mode: 'string' }),
    address: text('address'),
    phone: text('phone'),
    employees: integer('employees'),
    strategyNotes: text('strategy_notes'),
    financialNotes: text('financial_notes'),
    orgStructure: text('org_structure'),
    status: text('status').notNull().default('active'),
    version: integer('version').notNull().default(1),
    createdAt: instant('created_at').notNull().defaultNow(),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('customers_code_uq').on(t.code),
    uniqueIndex('customers_credit_code_uq').on(t.creditCode),
    // The list's filtered, sorted pages (src/modules/customers/customers.repo.ts): each filter
    // column leads, then the default sort (name, id) so a page is an index range, not a sort.
    index('customers_region_idx').on(t.regionCode, t.name, t.id),
    index('customers_am_idx').on(t.accountManagerId, t.name, t.id),
    index('customers_parent_idx').on(t.parentId, t.name),
    index('customers_tier_idx').on(t.tier, t.name, t.id),
    index('customers_industry_idx').on(t.industry, t.name, t.id),
    index('customers_name_idx').on(t.name, t.id),
    index('customers_updated_idx').on(t.updatedAt, t.id),
    // Index-only counts of the common filter pairs (tier or industry within a region scope).
    index('customers_tier_region_idx').on(t.tier, t.regionCode),
    // an account manager's book by tier: counted index-only (the list's capped count)
    index('customers_am_tier_idx').on(t.accountManagerId, t.tier, t.regionCode),
    index('customers_industry_region_idx').on(t.industry, t.regionCode),
    // Prefix search (q) on the customer number and the credit code, whatever the collation.
    index('customers_code_prefix_idx').on(t.code.op('text_pattern_ops')),
    index('customers_credit_code_prefix_idx').on(t.creditCode.op('text_pattern_ops')),
    check('customers_status_ck', sql`${t.status} in ('active', 'inactive')`),
    check('customers_stars_ck', sql`${t.stars} between 1 and 5`),
  ],
);

/** 关键联系人; `role` is the contact's role in the group: core / important / ordinary. */
export const contacts = pgTable(
  'contacts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    position: text('position'),
    role: text('role').notNull().default('ordinary'),
    phone: text('phone'),
    email: text('email'),
    birthday: date('birthday', { mode: 'string' }),
    notes: text('notes'),
    createdAt: instant('created_at').notNull().defaultNow(),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('contacts_customer_idx').on(t.customerId),
    index('contacts_phone_idx').on(t.phone.op('text_pattern_ops')),
    check('contacts_role_ck', sql`${t.role} in ('core', 'important', 'ordinary')`),
  ],
);

/** Dated notes on a customer: major events (重大事件), competitor information (竞争信息), strategy. */
export const customerNotes = pgTable(
  'customer_notes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    title: text('title').notNull(),
    body: text('body'),
    /** For competitor notes: which operator. */
    competitor: text('competitor'),
    authorId: uuid('author_id'),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('customer_notes_customer_idx').on(t.customerId, t.day),
    check('customer_notes_kind_ck', sql`${t.kind} in ('event', 'competitor', 'strategy', 'finance')`),
  ],
);

/**
 * Monthly billing facts (imported). `month` is the first day of the month. Revenue by product
 * family in fen; `bandwidthFen / revenueFen` is the bandwidth share.
 */
export const billingMonthly = pgTable(
  'billing_monthly',
  {
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    month: date('month', { mode: 'string' }).notNull(),
    revenueFen: fen('revenue_fen').notNull(),
    voiceFen: fen('voice_fen').notNull().default(0),
    dataFen: fen('data_fen').notNull().default(0),
    bandwidthFen: fen('bandwidth_fen').notNull().default(0),
    newServicesFen: fen('new_services_fen').notNull().default(0),
    idcFen: fen('idc_fen').notNull().default(0),
    /** Revenue this customer drives into the public/commercial segments (带动), when known. */
    drivenFen: fen('driven_fen'),
    /** Months in arrears as of this month (0 = paid up). */
    arrearsMonths: integer('arrears_months').notNull().default(0),
    /** Dedicated O&M or marketing cost for this customer this month. */
    dedicatedCostFen: fen('dedicated_cost_fen').notNull().default(0),
    /** Number of new services (new products) in use this month. */
    newServicesCount: integer('new_services_count').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.customerId, t.month] }),
    index('billing_month_idx').on(t.month),
    check('billing_month_ck', sql`extract(day from ${t.month}) = 1`),
    check('billing_revenue_ck', sql`${t.revenueFen} >= 0`),
  ],
);
