/** Request and response shapes of SLA agreements, outages and measurements (zod). */
import { z } from 'zod';
import { isValidDate } from '../../domain/calendar/dates.ts';
import {
  AFTER_SALES_LEVELS,
  AGREEMENT_KINDS,
  MAINTENANCE_LEVELS,
  SLA_CLASSES,
} from '../../domain/sla/targets.ts';
import { VERSION_STATUSES } from '../../domain/sla/versions.ts';
import { pageQuery } from '../../http/list.ts';

const day = z.string().refine(isValidDate, 'a real calendar day YYYY-MM-DD');
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month YYYY-MM');
const instantString = z.iso.datetime({ offset: true });
const fen = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const percent = z.number().int().min(0).max(100);

export const idParams = z.strictObject({ id: z.uuid() });
export const versionParams = z.strictObject({ id: z.uuid(), v: z.coerce.number().int().min(1) });

export const targetsSchema = z.strictObject({
  availabilityPpm: z.number().int().min(0).max(1_000_000),
  restoreMinutes: z.number().int().min(1).max(43_200),
});

export const stepSchema = z.strictObject({
  shortfallAbovePpm: z.number().int().min(0).max(999_999),
  percent,
});

export const compensationTermsBody = z.strictObject({
  availabilitySteps: z.array(stepSchema).min(1).max(10).optional(),
  restorePercentPerBreach: percent.optional(),
  capPercent: percent.optional(),
  /** Monthly fee of each covered circuit, by circuit id, in fen. */
  monthlyFeesFen: z.record(z.string(), fen),
});

export const afterSalesSchema = z.strictObject({
  designatedEngineer: z.string().trim().max(100).nullable().optional(),
  engineerPhone: z.string().trim().max(40).nullable().optional(),
  responseMinutes: z.number().int().min(1).max(10_080).nullable().optional(),
  onSiteHours: z.number().int().min(1).max(720).nullable().optional(),
  reports: z.enum(['none', 'monthly', 'quarterly']).optional(),
  optimisation: z.boolean().optional(),
});

const versionFields = {
  kind: z.enum(AGREEMENT_KINDS),
  slaClass: z.enum(SLA_CLASSES).nullable().optional(),
  maintenanceLevel: z.enum(MAINTENANCE_LEVELS).nullable().optional(),
  afterSalesLevel: z.enum(AFTER_SALES_LEVELS).nullable().optional(),
  /** Omitted: the defaults of the class (settings). */
  targets: targetsSchema.optional(),
  compensationTerms: compensationTermsBody.nullable().optional(),
  afterSales: afterSalesSchema.nullable().optional(),
  circuitIds: z.array(z.uuid()).max(500),
  validFrom: day,
  validTo: day.nullable().optional(),
  note: z.string().trim().max(2000).nullable().optional(),
};

export const versionBody = z.strictObject(versionFields);
export type VersionBody = z.infer<typeof versionBody>;

export const createAgreementBody = z.strictObject({
  customerId: z.uuid(),
  title: z.string().trim().min(1).max(200),
  ...versionFields,
});
export type CreateAgreementBody = z.infer<typeof createAgreementBody>;

export const reasonBody = z.strictObject({ reason: z.string().trim().min(1).max(2000) });
export const optionalReasonBody = z
  .strictObject({ reason: z.string().trim().max(2000).optional() })
  .optional();

export const listAgreementsQuery = z.strictObject({
  ...pageQuery,
  customerId: z.uuid().optional(),
  status: z.enum(['draft', 'active', 'terminated']).optional(),
  kind: z.enum(AGREEMENT_KINDS).optional(),
  /** Agreements with a version awaiting a decision. */
  pending: z.enum(['true', 'false']).optional(),
  q: z.string().trim().min(1).max(100).optional(),
});

export const settingsSchema = z.strictObject({
  classes: z.strictObject({ AAA: targetsSchema, AA: targetsSchema, A: targetsSchema }),
  compensation: z.strictObject({
    availabilitySteps: z.array(stepSchema).min(1).max(10),
    restorePercentPerBreach: percent,
    capPercent: percent,
  }),
});

export const serviceLevelView = z.object({
  agreementId: z.string(),
  agreementNumber: z.string(),
  version: z.number(),
  kind: z.string(),
  slaClass: z.string().nullable(),
  maintenanceLevel: z.string().nullable(),
  afterSalesLevel: z.string().nullable(),
  label: z.string(),
  targets: z.object({ availabilityPpm: z.number(), restoreMinutes: z.number() }),
  validFrom: z.string(),
  validTo: z.string().nullable(),
});

export const versionView = z.object({
  version: z.number(),
  kind: z.string(),
  slaClass: z.string().nullable(),
  maintenanceLevel: z.string().nullable(),
  afterSalesLevel: z.string().nullable(),
  targets: z.object({ availabilityPpm: z.number(), restoreMinutes: z.number() }),
  compensationTerms: z.looseObject({}).nullable(),
  afterSales: z.looseObject({}).nullable(),
  circuitIds: z.array(z.string()),
  validFrom: z.string(),
  validTo: z.string().nullable(),
  status: z.enum(VERSION_STATUSES),
  note: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  submittedBy: z.string().nullable(),
  submittedByName: z.string().nullable(),
  submittedAt: z.string().nullable(),
  decidedBy: z.string().nullable(),
  decidedByName: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionReason: z.string().nullable(),
});

export const agreementView = z.object({
  id: z.string(),
  agreementNumber: z.string(),
  customerId: z.string(),
  customerName: z.string(),
  regionCode: z.string(),
  title: z.string(),
  status: z.string(),
  currentVersion: z.number().nullable(),
  pendingVersion: z.number().nullable(),
  /** The version in force's level (null before the first approval). */
  level: z
    .object({
      kind: z.string(),
      slaClass: z.string().nullable(),
      maintenanceLevel: z.string().nullable(),
      afterSalesLevel: z.string().nullable(),
      label: z.string(),
      validFrom: z.string(),
      validTo: z.string().nullable(),
      circuitCount: z.number(),
    })
    .nullable(),
  inForce: z.boolean(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const agreementCircuitView = z.object({
  id: z.string(),
  circuitNumber: z.string(),
  product: z.string(),
  scope: z.string(),
  bandwidthMbps: z.number().nullable(),
  status: z.string(),
});

export const agreementDetail = agreementView.extend({
  versions: z.array(versionView),
  /** Circuits named by any version, for display. */
  circuits: z.array(agreementCircuitView),
});

export const outageBody = z.strictObject({
  circuitId: z.uuid(),
  startedAt: instantString,
  restoredAt: instantString.nullable().optional(),
  cause: z.string().trim().max(500).nullable().optional(),
  excluded: z.boolean().optional(),
  note: z.string().trim().max(2000).nullable().optional(),
});
export type OutageBody = z.infer<typeof outageBody>;

export const outagePatchBody = z.strictObject({
  startedAt: instantString.optional(),
  restoredAt: instantString.nullable().optional(),
  cause: z.string().trim().max(500).nullable().optional(),
  excluded: z.boolean().optional(),
  note: z.string().trim().max(2000).nullable().optional(),
});
export type OutagePatchBody = z.infer<typeof outagePatchBody>;

export const listOutagesQuery = z.strictObject({
  ...pageQuery,
  circuitId: z.uuid().optional(),
  customerId: z.uuid().optional(),
  agreementId: z.uuid().optional(),
  month: month.optional(),
  open: z.enum(['true', 'false']).optional(),
  source: z.enum(['manual', 'ticket']).optional(),
});

export const outageView = z.object({
  id: z.string(),
  circuitId: z.string(),
  circuitNumber: z.string(),
  customerId: z.string(),
  customerName: z.string(),
  startedAt: z.string(),
  restoredAt: z.string().nullable(),
  durationMinutes: z.number().nullable(),
  source: z.string(),
  ticketId: z.string().nullable(),
  ticketNumber: z.string().nullable(),
  cause: z.string().nullable(),
  excluded: z.boolean(),
  note: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
});

export const measureBody = z.strictObject({ month, agreementId: z.uuid().optional() });

export const measureResult = z.object({
  month: z.string(),
  complete: z.boolean(),
  agreements: z.number(),
  circuits: z.number(),
  outagesFromTickets: z.number(),
  availabilityBreaches: z.number(),
  restoreBreaches: z.number(),
  slipsRaised: z.number(),
  slips: z.array(
    z.object({
      id: z.string(),
      slipNumber: z.string(),
      kind: z.string(),
      amountFen: z.number(),
      created: z.boolean(),
    }),
  ),
});

export const measurementsQuery = z.strictObject({ from: month.optional(), to: month.optional() });

export const measurementView = z.object({
  agreementId: z.string(),
  agreementVersion: z.number(),
  circuitId: z.string(),
  circuitNumber: z.string(),
  month: z.string(),
  minutesInMonth: z.number(),
  outageMinutes: z.number(),
  outageCount: z.number(),
  availabilityPpm: z.number(),
  targetAvailabilityPpm: z.number().nullable(),
  targetRestoreMinutes: z.number().nullable(),
  maxRestoreMinutes: z.number().nullable(),
  restoreBreaches: z.number(),
  availabilityBreached: z.boolean(),
  detail: z.looseObject({}),
  computedAt: z.string(),
});

export const availabilityQuery = z.strictObject({
  months: z.coerce.number().int().min(1).max(36).default(12),
});

export const availabilityPoint = z.object({
  month: z.string(),
  availabilityPpm: z.number(),
  targetAvailabilityPpm: z.number().nullable(),
  outageMinutes: z.number(),
  outageCount: z.number(),
  maxRestoreMinutes: z.number().nullable(),
  restoreBreaches: z.number(),
  availabilityBreached: z.boolean(),
  /** True when read from a stored measurement, false when computed now from the outages. */
  measured: z.boolean(),
  complete: z.boolean(),
});

export const circuitAvailabilityView = z.object({
  circuitId: z.string(),
  circuitNumber: z.string(),
  serviceLevel: serviceLevelView.nullable(),
  months: z.array(availabilityPoint),
});
