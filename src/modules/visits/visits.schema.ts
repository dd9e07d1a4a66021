import { z } from 'zod';
import { VISIT_OUTCOMES, VISIT_STATUSES } from '../../domain/visits/visits.ts';
import { pageQuery } from '../../http/list.ts';

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month YYYY-MM');
const bool = z.enum(['true', 'false']).transform((v) => v === 'true');

export const visitIdParams = z.strictObject({ id: z.uuid() });
export const customerIdParams = z.strictObject({ id: z.uuid() });

export const listVisitsQuery = z.strictObject({
  ...pageQuery,
  mine: bool.optional(),
  status: z.enum(VISIT_STATUSES).optional(),
  overdue: bool.optional(),
  customerId: z.uuid().optional(),
});

export const outcomeBody = z.strictObject({
  outcome: z.enum(VISIT_OUTCOMES),
  score: z.number().int().min(1).max(5).optional(),
  note: z.string().trim().min(1, 'say what the customer said').max(2000),
  contactName: z.string().trim().min(1).max(200).optional(),
});

export const coverageQuery = z.strictObject({
  from: month.optional(),
  to: month.optional(),
  groupBy: z.enum(['region', 'visitor']).default('region'),
});

export const customerVisitorBody = z.strictObject({ visitorId: z.uuid() });

export const visitView = z.object({
  id: z.string(),
  kind: z.string(),
  customerId: z.string(),
  customerName: z.string(),
  tier: z.string().nullable(),
  ticketId: z.string().nullable(),
  ticketNumber: z.string().nullable(),
  orderRef: z.string().nullable(),
  /** Null: unassigned (no active visit agent when it was opened). */
  visitorId: z.string().nullable(),
  visitorName: z.string().nullable(),
  regionCode: z.string(),
  dueAt: z.string(),
  status: z.enum(VISIT_STATUSES),
  outcome: z.enum(VISIT_OUTCOMES).nullable(),
  score: z.number().nullable(),
  note: z.string().nullable(),
  contactName: z.string().nullable(),
  doneAt: z.string().nullable(),
  doneBy: z.string().nullable(),
  overdue: z.boolean(),
  followUpTaskId: z.number().nullable(),
});

export const coverageView = z.object({
  period: z.string(),
  key: z.string(),
  name: z.string(),
  due: z.number(),
  done: z.number(),
  doneInTime: z.number(),
  coverage: z.number(),
  satisfied: z.number(),
  dissatisfied: z.number(),
  unreachable: z.number(),
});

export const customerVisitorView = z.object({
  customerId: z.string(),
  visitorId: z.string().nullable(),
  visitorName: z.string().nullable(),
  assignedAt: z.string().nullable(),
  assignedBy: z.string().nullable(),
});
