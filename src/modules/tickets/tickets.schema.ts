/** zod shapes of the tickets REST API (desk brief "Tickets"). */
import { z } from 'zod';
import { SEVERITIES, TICKET_STATUSES, TICKET_TYPES } from '../../domain/desk/config.ts';
import { pageQuery } from '../../http/list.ts';
import { serviceLevelView } from '../agreements/agreements.schema.ts';
import { TICKET_SORTS, type TicketSort } from './tickets.repo.ts';

/** Where a ticket came from (受理渠道). */
export const TICKET_CHANNELS = [
  'phone',
  'hotline',
  'email',
  'web',
  'onsite',
  'account_manager',
  'api',
  'wechat',
] as const;
export type TicketChannel = (typeof TICKET_CHANNELS)[number];

const text = (max: number) => z.string().trim().min(1).max(max);
const bool = z.enum(['true', 'false']).transform((v) => v === 'true');
const instant = z.iso.datetime({ offset: true });

export const ticketIdParams = z.strictObject({ id: z.uuid() });
export const customerIdParams = z.strictObject({ id: z.uuid() });

export const createTicketBody = z.strictObject({
  customerId: z.uuid(),
  ticketType: z.enum(TICKET_TYPES),
  severity: z.enum(SEVERITIES),
  channel: z.enum(TICKET_CHANNELS),
  name: text(200),
  description: text(5000),
  circuitId: z.uuid().nullable().optional(),
  product: z.string().trim().max(120).nullable().optional(),
  orderRef: z.string().trim().max(120).nullable().optional(),
  serviceItem: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_]{0,79}$/, 'a catalog item code')
    .nullable()
    .optional(),
  priority: z.number().int().min(0).max(4).optional(),
  requestedResolutionDate: instant.nullable().optional(),
});
export type CreateTicketBody = z.infer<typeof createTicketBody>;

const statusList = z
  .string()
  .trim()
  .refine((v) => v.split(',').every((s) => (TICKET_STATUSES as readonly string[]).includes(s.trim())), {
    message: `comma-separated statuses of ${TICKET_STATUSES.join(', ')}`,
  })
  .transform((v) => v.split(',').map((s) => s.trim()) as (typeof TICKET_STATUSES)[number][]);

export const listTicketsQuery = z.strictObject({
  ...pageQuery,
  sort: z.enum(Object.keys(TICKET_SORTS) as [TicketSort, ...TicketSort[]]).default('queue'),
  open: bool.optional(),
  status: statusList.optional(),
  ticketType: z.enum(TICKET_TYPES).optional(),
  severity: z.enum(SEVERITIES).optional(),
  departmentCode: z.string().trim().min(1).max(40).optional(),
  stageCode: z.string().trim().min(1).max(40).optional(),
  customerId: z.uuid().optional(),
  breached: bool.optional(),
  escalated: bool.optional(),
  /** The person the ticket is assigned to (the board's "mine"). */
  assigneeId: z.uuid().optional(),
  q: z.string().trim().min(1).max(100).optional(),
});

export const customerTicketsQuery = z.strictObject({
  ...pageQuery,
  sort: z.enum(Object.keys(TICKET_SORTS) as [TicketSort, ...TicketSort[]]).default('-createdAt'),
  open: bool.optional(),
});

export const statusBody = z.strictObject({
  status: z.enum(TICKET_STATUSES),
  reason: z.string().trim().max(1000).nullable().optional(),
});
export const stageBody = z.strictObject({
  stageCode: z.string().trim().min(1).max(40).optional(),
  reason: z.string().trim().max(1000).nullable().optional(),
});
export const severityBody = z.strictObject({
  severity: z.enum(SEVERITIES),
  reason: text(1000),
});
export const assignBody = z.strictObject({ assigneeId: z.uuid().nullable() });
export const assigneesView = z.object({
  departmentCode: z.string(),
  departmentName: z.string().nullable(),
  users: z.array(
    z.object({
      id: z.string(),
      username: z.string(),
      displayName: z.string(),
      role: z.string(),
      isHead: z.boolean(),
    }),
  ),
});
export const noteBody = z.strictObject({ text: text(5000) });

export const ticketView = z.object({
  id: z.string(),
  number: z.string(),
  customerId: z.string(),
  customerName: z.string(),
  tier: z.string().nullable(),
  tierRank: z.number(),
  regionCode: z.string(),
  accountManagerId: z.string().nullable(),
  accountManagerName: z.string().nullable(),
  ticketType: z.enum(TICKET_TYPES),
  severity: z.enum(SEVERITIES),
  priority: z.number(),
  channel: z.string(),
  name: z.string(),
  description: z.string(),
  status: z.enum(TICKET_STATUSES),
  statusReason: z.string().nullable(),
  statusChangedAt: z.string(),
  stageCode: z.string(),
  stageName: z.string(),
  departmentCode: z.string(),
  departmentName: z.string().nullable(),
  assigneeId: z.string().nullable(),
  assigneeName: z.string().nullable(),
  circuitId: z.string().nullable(),
  circuitNumber: z.string().nullable(),
  product: z.string().nullable(),
  orderRef: z.string().nullable(),
  serviceItem: z.string().nullable(),
  nextTargetAt: z.string().nullable(),
  timeLeftMinutes: z.number().nullable(),
  escalationLevel: z.number(),
  breached: z.boolean(),
  deskConfigVersion: z.number(),
  catalogVersion: z.number().nullable(),
  requestedResolutionDate: z.string().nullable(),
  /** The customer SLA's target (TMF621 expectedResolutionDate); null when no customer clock is open. */
  expectedResolutionDate: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  resolutionDate: z.string().nullable(),
  closedAt: z.string().nullable(),
  createdBy: z.string(),
});
export type TicketView = z.infer<typeof ticketView>;

export const eventView = z.object({
  id: z.number(),
  at: z.string(),
  kind: z.string(),
  status: z.string(),
  stageCode: z.string(),
  departmentCode: z.string(),
  actorName: z.string(),
  reason: z.string().nullable(),
  data: z.unknown(),
});
export type EventView = z.infer<typeof eventView>;

export const visitView = z.object({
  id: z.string(),
  kind: z.string(),
  customerId: z.string(),
  customerName: z.string().nullable(),
  tier: z.string().nullable(),
  ticketId: z.string().nullable(),
  ticketNumber: z.string().nullable(),
  orderRef: z.string().nullable(),
  visitorId: z.string().nullable(),
  visitorName: z.string().nullable(),
  regionCode: z.string(),
  dueAt: z.string(),
  status: z.string(),
  outcome: z.string().nullable(),
  score: z.number().nullable(),
  note: z.string().nullable(),
  contactName: z.string().nullable(),
  doneAt: z.string().nullable(),
  doneBy: z.string().nullable(),
  overdue: z.boolean(),
  followUpTaskId: z.number().nullable(),
});
export type VisitView = z.infer<typeof visitView>;

export const ticketDetail = ticketView.extend({
  events: z.array(eventView),
  // Clock and escalation views are the SLA engine's (src/modules/desk/sla.service.ts): passed through.
  clocks: z.array(z.looseObject({})),
  escalations: z.array(z.looseObject({})),
  visits: z.array(visitView),
  allowedTransitions: z.array(z.enum(TICKET_STATUSES)),
  route: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      nameEn: z.string(),
      departmentCode: z.string(),
      departmentName: z.string().nullable(),
    }),
  ),
  customer: z.object({
    id: z.string(),
    name: z.string(),
    tier: z.string().nullable(),
    stars: z.number().nullable(),
  }),
  /** The SLA level in force on the ticket's circuit now (issue 6), null without one. */
  serviceLevel: serviceLevelView.nullable(),
  /** Without a circuit: the levels in force over the customer's circuits, each with its circuit count. */
  customerServiceLevels: z.array(serviceLevelView.extend({ circuits: z.number() })),
});
export type TicketDetail = z.infer<typeof ticketDetail>;

export const summaryView = z.object({
  open: z.number(),
  breached: z.number(),
  escalated: z.number(),
  dueWithinHour: z.number(),
  byDepartment: z.array(
    z.object({
      departmentCode: z.string(),
      departmentName: z.string().nullable(),
      open: z.number(),
      breached: z.number(),
      escalated: z.number(),
    }),
  ),
  byStatus: z.array(z.object({ status: z.string(), count: z.number() })),
  byTier: z.array(z.object({ tier: z.string().nullable(), open: z.number(), breached: z.number() })),
});
