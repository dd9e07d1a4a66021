/** Shapes of GET/PUT /api/v1/customers/:id/indicator-inputs (PRODUCT.md §2). */
import { z } from 'zod';

/** The first day of a month, `YYYY-MM-01`. */
export const periodString = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])-01$/, 'Must be the first day of a month, YYYY-MM-01');

export const customerIdParams = z.strictObject({ id: z.uuid() });

export const periodQuery = z.strictObject({ period: periodString.optional() });

/** Values by indicator key; null removes the input for the period. Checked by the domain. */
export const putInputsBody = z.strictObject({
  inputs: z.record(z.string(), z.number().nullable()),
  reason: z.string().trim().max(500).optional(),
});

export const indicatorInputItem = z.object({
  indicator: z.string(),
  kind: z.enum(['quantitative', 'scale5']),
  value: z.number().nullable(),
  source: z.string().nullable(),
  enteredBy: z.string().nullable(),
  enteredByName: z.string().nullable(),
  enteredAt: z.string().nullable(),
  /** The latest value of an earlier period, for reference. */
  previousValue: z.number().nullable(),
  previousPeriod: z.string().nullable(),
});

export const indicatorInputsView = z.object({
  customerId: z.string(),
  period: z.string(),
  items: z.array(indicatorInputItem),
  /** Enterable indicators without a value for this period. */
  missing: z.array(z.string()),
});
export type IndicatorInputsView = z.infer<typeof indicatorInputsView>;
