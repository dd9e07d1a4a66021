import { z } from 'zod';
import { MATRIX_KINDS } from '../../domain/segments/matrix.ts';
import { TIERS } from '../../domain/tiers/scheme.ts';
import { pageQuery } from '../../http/list.ts';

export const idParams = z.strictObject({ id: z.uuid() });

export const thresholdsBody = z.strictObject({
  valueScore: z.number(),
  satisfaction: z.number(),
  rsl: z.number(),
  walletShare: z.number(),
});

export const thresholdsView = z.object({
  valueScore: z.number(),
  satisfaction: z.number(),
  rsl: z.number(),
  walletShare: z.number(),
});

const filters = {
  industry: z.string().trim().min(1).max(8).optional(),
  regionCode: z.string().trim().min(1).max(32).optional(),
  tier: z.enum(TIERS).optional(),
};

export const matrixQuery = z.strictObject({ kind: z.enum(MATRIX_KINDS), ...filters });

export const missingQuery = z.strictObject({ kind: z.enum(MATRIX_KINDS), ...filters, ...pageQuery });

export const missingView = z.object({
  customerId: z.string(),
  code: z.string(),
  name: z.string(),
  tier: z.string().nullable(),
  industry: z.string(),
  regionCode: z.string(),
  missing: z
    .array(z.enum(['valueScore', 'satisfaction', 'competitorSatisfaction', 'walletShare']))
    .describe('the facts this matrix needs that the customer lacks'),
});

export const summaryQuery = z.strictObject({ by: z.enum(['industry', 'region']), ...filters });

const strategy = z.object({ zh: z.string(), en: z.string(), flagged: z.boolean() });

export const matrixView = z.object({
  kind: z.enum(MATRIX_KINDS),
  thresholds: thresholdsView,
  axis: z.object({ x: z.number(), y: z.number() }),
  points: z.array(
    z.object({
      customerId: z.string(),
      code: z.string(),
      name: z.string(),
      tier: z.string().nullable(),
      industry: z.string(),
      regionCode: z.string(),
      x: z.number(),
      y: z.number(),
      quadrant: z.string(),
    }),
  ),
  quadrants: z.array(z.object({ key: z.string(), count: z.number(), strategy, flagged: z.boolean() })),
  missing: z.number(),
});

export const summaryView = z.object({
  by: z.enum(['industry', 'region']),
  fromMonth: z.string(),
  toMonth: z.string(),
  thresholds: thresholdsView,
  groups: z.array(
    z.object({
      key: z.string(),
      customers: z.number(),
      avgTotal: z.number().nullable(),
      avgSatisfaction: z.number().nullable(),
      revenue12mFen: z.number(),
      tiers: z.record(z.string(), z.number()),
      quadrants: z.record(z.string(), z.number()),
    }),
  ),
});

const period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-01$/, 'the first day of a month, YYYY-MM-01');

export const satisfactionBody = z.strictObject({
  period,
  satisfaction: z.number().min(0).max(100).nullable().optional(),
  competitorSatisfaction: z.number().min(0).max(100).nullable().optional(),
  walletShare: z.number().min(0).max(1).nullable().optional(),
  source: z.enum(['manual', 'survey', 'import']).optional(),
});

export const satisfactionView = z.object({
  customerId: z.string(),
  period: z.string(),
  satisfaction: z.number().nullable(),
  competitorSatisfaction: z.number().nullable(),
  walletShare: z.number().nullable(),
  rsl: z.number().nullable(),
  source: z.string(),
  enteredBy: z.string(),
  enteredAt: z.string(),
});
