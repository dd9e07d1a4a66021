import { z } from 'zod';
import { isValidDate } from '../../domain/calendar/dates.ts';
import { ACTION_KINDS } from '../../domain/catalog/types.ts';
import { EVIDENCE_CHANNELS } from '../../domain/tasks/completion.ts';
import { TASK_STATUSES } from '../../domain/tasks/compliance.ts';
import { pageQuery, sortQuery } from '../../http/list.ts';
import { COMPLIANCE_GROUPS } from './compliance.repo.ts';
import { TASK_SORTS } from './tasks.repo.ts';

const day = z.string().refine(isValidDate, 'a real calendar day YYYY-MM-DD');
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month YYYY-MM');
const bool = z.enum(['true', 'false']).transform((v) => v === 'true');

export const taskIdParams = z.strictObject({ id: z.coerce.number().int().positive() });
export const customerIdParams = z.strictObject({ id: z.uuid() });

const taskFilter = {
  ownerId: z.uuid().optional(),
  status: z.enum(TASK_STATUSES).optional(),
  overdue: bool.optional(),
  from: day.optional(),
  to: day.optional(),
  kind: z.enum(ACTION_KINDS).optional(),
  actionCode: z.string().trim().min(1).max(80).optional(),
};

const sort = sortQuery(Object.keys(TASK_SORTS) as (keyof typeof TASK_SORTS)[], 'dueDate');

export const listTasksQuery = z.strictObject({
  ...pageQuery,
  sort,
  ...taskFilter,
  customerId: z.uuid().optional(),
});

export const customerTasksQuery = z.strictObject({ ...pageQuery, sort, ...taskFilter });

export const calendarQuery = z.strictObject({
  month,
  ownerId: z.uuid().optional(),
  customerId: z.uuid().optional(),
  kind: z.enum(ACTION_KINDS).optional(),
});

export const completeBody = z.strictObject({
  note: z.string().trim().min(1, 'say what was done').max(2000),
  contactMet: z.string().trim().max(200).optional(),
  channel: z.enum(EVIDENCE_CHANNELS),
  completedDate: day.optional(),
  attachments: z
    .array(
      z.strictObject({
        name: z.string().trim().min(1).max(255),
        size: z
          .number()
          .int()
          .min(0)
          .max(1024 * 1024 * 1024),
        mimeType: z.string().trim().min(1).max(120),
      }),
    )
    .max(20)
    .optional(),
});

export const reassignBody = z.strictObject({
  ownerId: z.uuid(),
  reason: z.string().trim().min(1, 'say why the task changes hands').max(500),
});

export const cancelBody = z.strictObject({
  reason: z.string().trim().min(1, 'say why the task is cancelled').max(500),
});

export const generateBody = z.strictObject({ month });

export const complianceQuery = z.strictObject({
  groupBy: z.enum(COMPLIANCE_GROUPS).default('account_manager'),
  period: z.enum(['month', 'dekad']).default('month'),
  from: day.optional(),
  to: day.optional(),
});

export const missingQuery = z.strictObject({
  ...pageQuery,
  sort,
  groupBy: z.enum(COMPLIANCE_GROUPS).default('account_manager'),
  period: z.enum(['month', 'dekad']).default('month'),
  key: z.string().trim().min(1).max(80),
  bucket: z.string().trim().max(12).optional(),
  from: day.optional(),
  to: day.optional(),
});

const attachmentView = z.object({ name: z.string(), size: z.number(), mimeType: z.string() });

export const taskView = z.object({
  id: z.number(),
  customerId: z.string(),
  customerCode: z.string(),
  customerName: z.string(),
  customerTier: z.string().nullable(),
  actionCode: z.string(),
  actionName: z.string(),
  actionNameEn: z.string(),
  actionKind: z.string(),
  level: z.string(),
  catalogVersion: z.number(),
  occurrenceKey: z.string(),
  contactId: z.string().nullable(),
  contactName: z.string().nullable(),
  ownerId: z.string(),
  ownerName: z.string().nullable(),
  regionCode: z.string(),
  month: z.string(),
  startDate: z.string(),
  dueDate: z.string(),
  /** The due date was computed past the loaded calendar horizon (weekends only); recomputed on import. */
  provisional: z.boolean(),
  status: z.enum(TASK_STATUSES),
  overdue: z.boolean(),
  completedDate: z.string().nullable(),
  completedAt: z.string().nullable(),
  completedBy: z.string().nullable(),
  evidence: z
    .object({
      note: z.string(),
      contactMet: z.string().nullable(),
      channel: z.string(),
      attachments: z.array(attachmentView),
    })
    .nullable(),
  cancelledAt: z.string().nullable(),
  cancelledBy: z.string().nullable(),
  cancelReason: z.string().nullable(),
  createdAt: z.string(),
});

export const missingTaskView = taskView.extend({ outcome: z.enum(['overdue', 'late']) });

export const calendarView = z.object({
  month: z.string(),
  days: z.array(
    z.object({
      date: z.string(),
      total: z.number(),
      open: z.number(),
      done: z.number(),
      overdue: z.number(),
    }),
  ),
});

export const generationView = z.object({
  month: z.string(),
  catalogVersion: z.number(),
  created: z.number(),
  fullActions: z.number(),
  incrementalActions: z.number(),
  coveredUntil: z.string(),
  milliseconds: z.number(),
});

const counts = {
  total: z.number(),
  pending: z.number(),
  due: z.number(),
  done: z.number(),
  doneOnTime: z.number(),
  doneLate: z.number(),
  openOverdue: z.number(),
  rate: z.number().nullable(),
};

export const complianceView = z.object({
  groupBy: z.enum(COMPLIANCE_GROUPS),
  period: z.enum(['month', 'dekad']),
  from: z.string(),
  to: z.string(),
  today: z.string(),
  totals: z.object(counts),
  groups: z.array(z.object({ key: z.string(), label: z.string(), ...counts })),
  buckets: z.array(z.object({ bucket: z.string(), ...counts })),
  rows: z.array(z.object({ key: z.string(), label: z.string(), bucket: z.string(), ...counts })),
});
