import { z } from 'zod';
import {
  RESPONSIBLE_SEGMENTS,
  SLIP_KINDS,
  SLIP_STATUSES,
  SLIP_STEPS,
} from '../../domain/compensation/workflow.ts';
import { pageQuery } from '../../http/list.ts';

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month YYYY-MM');
const bool = z.enum(['true', 'false']).transform((v) => v === 'true');
const text = (max: number, message: string) => z.string().trim().min(1, message).max(max);
const optionalNote = z.string().trim().max(2000).optional();

export const slipIdParams = z.strictObject({ id: z.uuid() });
export const customerIdParams = z.strictObject({ id: z.uuid() });

export const listSlipsQuery = z.strictObject({
  ...pageQuery,
  status: z.enum(SLIP_STATUSES).optional(),
  kind: z.enum(SLIP_KINDS).optional(),
  customerId: z.uuid().optional(),
  todo: bool.optional(),
  q: z.string().trim().min(1).max(100).optional(),
});

export const summaryQuery = z.strictObject({
  from: month.optional(),
  to: month.optional(),
  customerId: z.uuid().optional(),
});

export const opsStatementBody = z.strictObject({
  responsibleSegment: z.enum(RESPONSIBLE_SEGMENTS),
  opinion: text(2000, 'give ops’ opinion'),
});
export const approveBody = z.strictObject({ note: optionalNote });
export const rejectBody = z.strictObject({ reason: text(2000, 'say why the slip is rejected') });
export const confirmBody = z.strictObject({
  confirmedBy: text(200, 'name who confirmed for the customer'),
  confirmedAt: z.iso.datetime({ offset: true }).optional(),
  note: optionalNote,
});
export const settleBody = z.strictObject({
  settlementRef: text(200, 'give the settlement reference (e.g. the bill credit number)'),
  note: optionalNote,
});
export const amountBody = z.strictObject({
  amountFen: z.number().int().nonnegative(),
  reason: text(2000, 'say why the amount changes'),
});

const instant = z.string().nullable();

export const slipView = z.object({
  id: z.string(),
  slipNumber: z.string(),
  customerId: z.string(),
  customerName: z.string(),
  accountManagerId: z.string().nullable(),
  accountManagerName: z.string().nullable(),
  regionCode: z.string(),
  kind: z.enum(SLIP_KINDS),
  sourceRef: z.string(),
  orderId: z.string().nullable(),
  orderItemId: z.string().nullable(),
  agreementId: z.string().nullable(),
  circuitId: z.string().nullable(),
  period: z.string().nullable(),
  computedAmountFen: z.number(),
  amountFen: z.number(),
  amountChanged: z.boolean(),
  status: z.enum(SLIP_STATUSES),
  responsibleSegment: z.enum(RESPONSIBLE_SEGMENTS).nullable(),
  opsOpinion: z.string().nullable(),
  opsBy: z.string().nullable(),
  opsAt: instant,
  decidedBy: z.string().nullable(),
  decidedAt: instant,
  decisionReason: z.string().nullable(),
  customerConfirmation: z.string().nullable(),
  confirmedBy: z.string().nullable(),
  confirmedAt: instant,
  settlementRef: z.string().nullable(),
  settledBy: z.string().nullable(),
  settledAt: instant,
  raisedBy: z.string(),
  raisedAt: z.string(),
  updatedAt: z.string(),
  orderNumber: z.string().nullable(),
  agreementNumber: z.string().nullable(),
  circuitNumber: z.string().nullable(),
});

export const slipEventView = z.object({
  id: z.number(),
  kind: z.string(),
  fromStatus: z.string().nullable(),
  toStatus: z.string().nullable(),
  amountBeforeFen: z.number().nullable(),
  amountAfterFen: z.number().nullable(),
  note: z.string().nullable(),
  at: z.string(),
  actorName: z.string(),
  actorDisplayName: z.string().nullable(),
  actorRole: z.string(),
});

export const slipDetail = slipView.extend({
  basis: z.record(z.string(), z.unknown()),
  explanation: z.array(z.string()),
  source: z.object({
    orderNumber: z.string().nullable(),
    lineNo: z.number().nullable(),
    product: z.string().nullable(),
    agreementNumber: z.string().nullable(),
    circuitNumber: z.string().nullable(),
  }),
  events: z.array(slipEventView),
  actions: z.array(z.union([z.enum(SLIP_STEPS), z.literal('amount')])),
});

export const countsView = z.object({
  all: z.number(),
  todo: z.number(),
  byStatus: z.record(z.string(), z.number()),
});

export const summaryView = z.object({
  from: z.string(),
  to: z.string(),
  rows: z.array(
    z.object({
      month: z.string(),
      kind: z.string(),
      status: z.string(),
      count: z.number(),
      amountFen: z.number(),
      computedAmountFen: z.number(),
    }),
  ),
  totals: z.object({
    count: z.number(),
    amountFen: z.number(),
    computedAmountFen: z.number(),
    settledFen: z.number(),
  }),
});
