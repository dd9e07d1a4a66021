import { z } from 'zod';
import { isValidDate } from '../../domain/calendar/dates.ts';
import { pageQuery } from '../../http/list.ts';
import { ACTION_STATUSES } from './meetings.service.ts';

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month YYYY-MM');
const day = z.string().refine((v) => isValidDate(v), 'a calendar day YYYY-MM-DD');
const bool = z.enum(['true', 'false']).transform((v) => v === 'true');
const text = (max: number) => z.string().trim().min(1).max(max);

export const idParams = z.strictObject({ id: z.uuid() });

export const generateBody = z.strictObject({
  customerId: z.uuid(),
  agreementId: z.uuid().nullable().optional(),
  period: month,
});

export const listReportsQuery = z.strictObject({
  ...pageQuery,
  period: month.optional(),
  customerId: z.uuid().optional(),
  agreementId: z.uuid().optional(),
  sent: bool.optional(),
});

const summaryView = z.object({
  circuits: z.number(),
  breachedCircuits: z.number(),
  worstAvailabilityPpm: z.number().nullable(),
  outageCount: z.number(),
  restoreBreaches: z.number(),
  tickets: z.number(),
  ticketsWithinLimitRate: z.number().nullable(),
  ordersOnTimeRate: z.number().nullable(),
  compensationFen: z.number(),
  openActions: z.number(),
});

export const reportView = z.object({
  id: z.string(),
  customerId: z.string(),
  customerCode: z.string(),
  customerName: z.string(),
  regionCode: z.string(),
  agreementId: z.string().nullable(),
  agreementNumber: z.string().nullable(),
  period: z.string(),
  generatedBy: z.string(),
  generatedAt: z.string(),
  sentAt: z.string().nullable(),
  sentToId: z.string().nullable(),
  sentToName: z.string().nullable(),
  summary: summaryView,
});

/** The frozen figures (see src/domain/reports/report-data.ts `OperatingReportData`). */
export const reportDetailView = reportView.extend({ data: z.record(z.string(), z.unknown()) });

const attendee = z.strictObject({
  side: z.enum(['customer', 'operator']),
  name: text(100),
  position: z.string().trim().max(100).nullable().optional(),
});

export const meetingBody = z.strictObject({
  heldOn: day,
  place: z.string().trim().max(200).nullable().optional(),
  topic: text(300),
  attendees: z.array(attendee).max(100).default([]),
  minutes: z.string().trim().max(20_000).nullable().optional(),
});

export const meetingPatchBody = z.strictObject({
  heldOn: day.optional(),
  place: z.string().trim().max(200).nullable().optional(),
  topic: text(300).optional(),
  attendees: z.array(attendee).max(100).optional(),
  minutes: z.string().trim().max(20_000).nullable().optional(),
});

export const actionBody = z.strictObject({
  title: text(500),
  ownerId: z.uuid().nullable().optional(),
  ownerName: z.string().trim().min(1).max(100).nullable().optional(),
  dueDate: day.nullable().optional(),
  note: z.string().trim().max(2000).nullable().optional(),
});

export const actionPatchBody = z.strictObject({
  title: text(500).optional(),
  ownerId: z.uuid().nullable().optional(),
  ownerName: z.string().trim().min(1).max(100).nullable().optional(),
  dueDate: day.nullable().optional(),
  note: z.string().trim().max(2000).nullable().optional(),
  status: z.enum(ACTION_STATUSES).optional(),
});

export const actionView = z.object({
  id: z.string(),
  meetingId: z.string(),
  title: z.string(),
  ownerId: z.string().nullable(),
  ownerName: z.string().nullable(),
  dueDate: z.string().nullable(),
  status: z.enum(ACTION_STATUSES),
  doneAt: z.string().nullable(),
  note: z.string().nullable(),
  overdue: z.boolean(),
});

export const meetingView = z.object({
  id: z.string(),
  customerId: z.string(),
  customerName: z.string(),
  regionCode: z.string(),
  heldOn: z.string(),
  place: z.string().nullable(),
  topic: z.string(),
  attendees: z.array(
    z.object({ side: z.string(), name: z.string(), position: z.string().nullable().optional() }),
  ),
  minutes: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  actions: z.array(actionView),
});
