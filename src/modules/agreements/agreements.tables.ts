/**
 * SLA agreements (SLA 协议, PRODUCT.md §6): an agreement per customer covering chosen circuits,
 * versioned and approved; outage records per circuit; monthly measurements of availability and
 * restore times against the agreement's targets.
 *
 * - `sla_agreements` is the identity and the version in force (`current_version`); its terms live
 *   in `sla_agreement_versions` (draft → pending → approved | rejected; an approved version
 *   supersedes the previous one). `sla_agreement_circuits` is the covered set of the version in
 *   force, rewritten on approval: every circuit and ticket reads its level through it, so a change
 *   of level is visible at once everywhere.
 * - `circuit_outages` never overlap on one circuit (checked under a lock of the circuit row); an
 *   outage from a fault ticket keeps `ticket_id` (unique).
 * - `sla_measurements` is one row per agreement × circuit × month; a breach raises a compensation
 *   slip once (`compensation_slips` is unique per kind and source).
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
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { instant } from '../../db/columns.ts';

/** Numbers agreements: `SLA<yyyymmdd>-<seq>`. */
export const slaAgreementSeq = pgSequence('sla_agreement_seq');

/** An agreement of one customer. */
export const slaAgreements = pgTable(
  'sla_agreements',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Human number, e.g. `SLA-2026-0001`, unique. */
    agreementNumber: text('agreement_number').notNull(),
    customerId: uuid('customer_id').notNull(),
    regionCode: text('region_code').notNull(),
    title: text('title').notNull(),
    /** The approved version in force, null until the first approval. */
    currentVersion: integer('current_version'),
    /** draft, active, terminated (expiry is read from the version's validity). */
    status: text('status').notNull().default('draft'),
    createdBy: text('created_by').notNull(),
    createdAt: instant('created_at').notNull().defaultNow(),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('sla_agreements_number_uq').on(t.agreementNumber),
    index('sla_agreements_customer_idx').on(t.customerId),
    check('sla_agreements_status_ck', sql`${t.status} in ('draft','active','terminated')`),
  ],
);

/** The terms of one version of an agreement. */
export const slaAgreementVersions = pgTable(
  'sla_agreement_versions',
  {
    agreementId: uuid('agreement_id')
      .notNull()
      .references(() => slaAgreements.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    /** sla_commitment (AAA/AA/A, compensated), maintenance (M1–M3, negotiated), quality_only. */
    kind: text('kind').notNull(),
    /** AAA / AA / A for sla_commitment. */
    slaClass: text('sla_class'),
    /** M1 / M2 / M3 for maintenance assurance. */
    maintenanceLevel: text('maintenance_level'),
    /** SL1 / SL2 / SL3 after-sales level (VIP-SL), any kind. */
    afterSalesLevel: text('after_sales_level'),
    /** { availabilityPpm (e.g. 999900 = 99.99 %), restoreMinutes }. */
    targets: jsonb('targets').notNull(),
    /** Compensation terms (see src/domain/compensation); null when not compensated. */
    compensationTerms: jsonb('compensation_terms'),
    /** After-sales details: designated engineer, response limits, reports, optimisation. */
    afterSales: jsonb('after_sales'),
    /** Circuit ids this version covers. */
    circuitIds: jsonb('circuit_ids').notNull(),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validTo: date('valid_to', { mode: 'string' }),
    /** draft, pending, approved, rejected, superseded. */
    status: text('status').notNull().default('draft'),
    note: text('note'),
    createdBy: text('created_by').notNull(),
    createdAt: instant('created_at').notNull().defaultNow(),
    submittedBy: text('submitted_by'),
    submittedAt: instant('submitted_at'),
    decidedBy: text('decided_by'),
    decidedAt: instant('decided_at'),
    decisionReason: text('decision_reason'),
  },
  (t) => [
    primaryKey({ columns: [t.agreementId, t.version] }),
    check(
      'sla_agreement_versions_kind_ck',
      sql`${t.kind} in ('sla_commitment','maintenance','quality_only')`,
    ),
    check(
      'sla_agreement_versions_status_ck',
      sql`${t.status} in ('draft','pending','approved','rejected','superseded')`,
    ),
  ],
);

/** The circuits covered by the version in force (one agreement per circuit at a time). */
export const slaAgreementCircuits = pgTable(
  'sla_agreement_circuits',
  {
    agreementId: uuid('agreement_id')
      .notNull()
      .references(() => slaAgreements.id, { onDelete: 'cascade' }),
    circuitId: uuid('circuit_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.agreementId, t.circuitId] }),
    uniqueIndex('sla_agreement_circuits_circuit_uq').on(t.circuitId),
  ],
);

/** An outage of a circuit: entered by ops or taken from a fault ticket (start and restore instants). */
export const circuitOutages = pgTable(
  'circuit_outages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    circuitId: uuid('circuit_id').notNull(),
    customerId: uuid('customer_id').notNull(),
    startedAt: instant('started_at').notNull(),
    /** Null while the circuit is still down. */
    restoredAt: instant('restored_at'),
    /** manual / ticket. */
    source: text('source').notNull(),
    ticketId: uuid('ticket_id'),
    cause: text('cause'),
    /** Outages the customer caused or planned maintenance it agreed to are excluded from availability. */
    excluded: boolean('excluded').notNull().default(false),
    note: text('note'),
    createdBy: text('created_by').notNull(),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('circuit_outages_circuit_idx').on(t.circuitId, t.startedAt),
    uniqueIndex('circuit_outages_ticket_uq').on(t.ticketId),
    check('circuit_outages_order_ck', sql`${t.restoredAt} is null or ${t.restoredAt} > ${t.startedAt}`),
    check('circuit_outages_source_ck', sql`${t.source} in ('manual','ticket')`),
  ],
);

/** Monthly measurement of one covered circuit against its agreement's targets. */
export const slaMeasurements = pgTable(
  'sla_measurements',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    agreementId: uuid('agreement_id').notNull(),
    agreementVersion: integer('agreement_version').notNull(),
    circuitId: uuid('circuit_id').notNull(),
    customerId: uuid('customer_id').notNull(),
    /** YYYY-MM (Asia/Shanghai). */
    month: text('month').notNull(),
    minutesInMonth: integer('minutes_in_month').notNull(),
    outageMinutes: integer('outage_minutes').notNull(),
    outageCount: integer('outage_count').notNull(),
    /** Availability in parts per million (999900 = 99.99 %), floored. */
    availabilityPpm: integer('availability_ppm').notNull(),
    targetAvailabilityPpm: integer('target_availability_ppm'),
    targetRestoreMinutes: integer('target_restore_minutes'),
    maxRestoreMinutes: integer('max_restore_minutes'),
    restoreBreaches: integer('restore_breaches').notNull().default(0),
    availabilityBreached: boolean('availability_breached').notNull().default(false),
    /** Each outage's minutes within the month and its restore time, for the report. */
    detail: jsonb('detail').notNull(),
    computedAt: instant('computed_at').notNull(),
  },
  (t) => [
    uniqueIndex('sla_measurements_uq').on(t.agreementId, t.circuitId, t.month),
    index('sla_measurements_customer_idx').on(t.customerId, t.month),
  ],
);
