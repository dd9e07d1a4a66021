import { z } from 'zod';
import { GROUP_CLASSES, TIERS } from '../../domain/tiers/scheme.ts';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day YYYY-MM-DD');

export const PROPOSAL_KINDS = ['initial', 'upgrade', 'downgrade', 'override'] as const;
export const PROPOSAL_STATUSES = ['pending', 'approved', 'rejected', 'superseded'] as const;

export const listProposalsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(20),
  offset: z.coerce.number().int().min(0).default(0),
  status: z.enum(PROPOSAL_STATUSES).optional(),
  kind: z.enum(PROPOSAL_KINDS).optional(),
  customerId: z.uuid().optional(),
  regionCode: z.string().trim().min(1).max(32).optional(),
  /** The customer's name (substring) or code (prefix). */
  q: z.string().trim().min(1).max(100).optional(),
  /** The proposed tier (telecom scheme) or group class (mobile scheme). */
  toTier: z.enum(TIERS).optional(),
  toGroupClass: z.enum(GROUP_CLASSES).optional(),
  /** The customer's current account manager. */
  accountManagerId: z.uuid().optional(),
});

export const idParams = z.strictObject({ id: z.uuid() });

export const approveBody = z.strictObject({
  reason: z.string().trim().max(500).optional(),
  effectiveDate: day
    .optional()
    .describe(
      'Today (Asia/Shanghai) if given: a tier change takes effect on approval; other days are refused',
    ),
});

export const rejectBody = z.strictObject({
  reason: z.string().trim().min(1, 'say why the proposal is rejected').max(500),
});

export const bulkApproveBody = z.strictObject({
  ids: z.array(z.uuid()).min(1).max(200),
  reason: z.string().trim().max(500).optional(),
});

export const overrideBody = z.strictObject({
  toTier: z
    .enum(TIERS, { error: (issue) => `unknown tier '${String(issue.input)}'; one of ${TIERS.join(', ')}` })
    .optional(),
  toStars: z.number().int().min(1).max(5).optional(),
  toGroupClass: z.enum(['A', 'B', 'C']).optional(),
  reason: z.string().trim().min(1, 'say why the tier should change').max(500),
});

const reason = z.string().trim().min(1, 'say why').max(500);
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-01$/, 'the first day of a month, YYYY-MM-01');
const segment = z.enum(['commercial', 'public']);

/** Type both averages in (`manual`), or adopt the ones measured from segment billing (`measured`). */
export const tierSettingsBody = z.strictObject({
  source: z.enum(['manual', 'measured']).default('manual'),
  commercialAvgFen: z.number().int().positive().optional(),
  publicAvgFen: z.number().int().positive().optional(),
  reason,
});

export const segmentBillingQuery = z.strictObject({
  fromMonth: month.optional(),
  toMonth: month.optional(),
});

/** Monthly totals of the mass-market segments; each (segment, month) inserted or replaced. */
export const segmentBillingBody = z.strictObject({
  rows: z
    .array(
      z.strictObject({
        segment,
        month,
        revenueFen: z.number().int().nonnegative(),
        billedCustomers: z.number().int().positive(),
      }),
    )
    .min(1)
    .max(240),
  reason,
});

export const segmentBillingView = z.object({
  segment,
  month: z.string(),
  revenueFen: z.number(),
  billedCustomers: z.number(),
  updatedBy: z.string(),
  updatedAt: z.string(),
});

export const proposalView = z.object({
  id: z.string(),
  customerId: z.string(),
  customerCode: z.string(),
  customerName: z.string(),
  regionCode: z.string(),
  currentTier: z.string().nullable(),
  currentStars: z.number().nullable(),
  currentGroupClass: z.string().nullable(),
  runId: z.string().nullable(),
  kind: z.string(),
  fromTier: z.string().nullable(),
  toTier: z.string().nullable(),
  fromStars: z.number().nullable(),
  toStars: z.number().nullable(),
  fromGroupClass: z.string().nullable(),
  toGroupClass: z.string().nullable(),
  score: z.number().nullable(),
  modelVersion: z.number().nullable(),
  snapshot: z.unknown(),
  reason: z.string(),
  status: z.string(),
  requestedBy: z.string(),
  createdAt: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionReason: z.string().nullable(),
  effectiveDate: z.string().nullable(),
});

export const tierChangeView = z.object({
  id: z.string(),
  customerId: z.string(),
  proposalId: z.string().nullable(),
  fromTier: z.string().nullable(),
  toTier: z.string().nullable(),
  fromStars: z.number().nullable(),
  toStars: z.number().nullable(),
  fromGroupClass: z.string().nullable(),
  toGroupClass: z.string().nullable(),
  effectiveDate: z.string(),
  reason: z.string(),
  modelVersion: z.number().nullable(),
  score: z.number().nullable(),
  snapshot: z.unknown(),
  approvedBy: z.string(),
  approverName: z.string().nullable(),
  at: z.string(),
});

export const lossEquivalenceView = z.object({
  avgMonthlyRevenueFen: z.number().nullable(),
  commercialEquivalent: z.number().nullable(),
  publicEquivalent: z.number().nullable(),
  commercialAvgFen: z.number(),
  publicAvgFen: z.number(),
  months: z.number(),
  fromMonth: z.string(),
  toMonth: z.string(),
});

const measuredAverage = z.object({
  avgFen: z.number().nullable(),
  months: z.number(),
  revenueFen: z.number(),
  customerMonths: z.number(),
});
const equivalents = z.object({
  commercialEquivalent: z.number().nullable(),
  publicEquivalent: z.number().nullable(),
});

export const tierSettingsView = z.object({
  configured: z.object({
    commercialAvgFen: z.number(),
    publicAvgFen: z.number(),
    source: z.enum(['default', 'manual', 'measured']),
    fromMonth: z.string().nullable(),
    toMonth: z.string().nullable(),
    reason: z.string().nullable(),
    updatedBy: z.string().nullable(),
    updatedAt: z.string().nullable(),
  }),
  measured: z.object({
    fromMonth: z.string(),
    toMonth: z.string(),
    commercial: measuredAverage,
    public: measuredAverage,
    keyAccounts: measuredAverage.extend({ customers: z.number() }),
  }),
  keyAccountEquivalents: z.object({ configured: equivalents, measured: equivalents }),
});

export const bulkApproveView = z.object({ approved: z.number(), proposals: z.array(proposalView) });
