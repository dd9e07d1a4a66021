/** zod shapes of the orders REST API (PRODUCT.md §5; docs/orders.md). */
import { z } from 'zod';
import { SERVICE_SCOPES } from '../../domain/catalog/types.ts';
import { ITEM_STATES, MILESTONES, ORDER_STATES, PROGRESS_MILESTONES } from '../../domain/orders/lifecycle.ts';
import { ORDER_PRODUCTS } from '../../domain/orders/order-plan.ts';
import { PROVISIONING_CLASSES } from '../../domain/orders/provisioning-class.ts';
import { pageQuery } from '../../http/list.ts';

const fen = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const day = z.iso.date();
const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();
const bool = z.enum(['true', 'false']).transform((v) => v === 'true');

export const orderIdParams = z.strictObject({ id: z.uuid() });
export const itemParams = z.strictObject({ id: z.uuid(), itemId: z.uuid() });
export const customerIdParams = z.strictObject({ id: z.uuid() });

export const orderLineBody = z.strictObject({
  product: z.enum(ORDER_PRODUCTS),
  scope: z.enum(SERVICE_SCOPES).default('local'),
  crossOperator: z.boolean().default(false),
  provisioningClass: z.enum(PROVISIONING_CLASSES).nullable().default(null),
  bandwidthMbps: z.number().int().positive().max(1_000_000).nullable().optional(),
  aEnd: optionalText(200),
  zEnd: optionalText(200),
  /** The one-time fee before the class surcharge, in fen. */
  listOneTimeFeeFen: fen,
  monthlyFeeFen: fen.default(0),
});
export type OrderLineBody = z.infer<typeof orderLineBody>;

export const ORDER_CHANNELS = ['account_manager', 'frontdesk', 'business_hall', 'hotline', 'api'] as const;

export const createOrderBody = z.strictObject({
  customerId: z.uuid(),
  items: z.array(orderLineBody).min(1).max(50),
  priority: z.enum(['0', '1', '2', '3', '4']).default('2'),
  channel: z.enum(ORDER_CHANNELS).default('account_manager'),
  description: optionalText(2000),
  requestedCompletionDate: day.nullable().optional(),
  externalId: optionalText(120),
});
export type CreateOrderBody = z.infer<typeof createOrderBody>;

const list = <T extends string>(values: readonly T[]) =>
  z
    .string()
    .trim()
    .refine((v) => v.split(',').every((s) => (values as readonly string[]).includes(s.trim())), {
      message: `comma-separated values of ${values.join(', ')}`,
    })
    .transform((v) => v.split(',').map((s) => s.trim()) as T[]);

export const ORDER_SORTS = [
  'createdAt',
  '-createdAt',
  'expectedCompletionDate',
  '-expectedCompletionDate',
  'orderNumber',
  '-orderNumber',
] as const;
export type OrderSort = (typeof ORDER_SORTS)[number];

export const listOrdersQuery = z.strictObject({
  ...pageQuery,
  sort: z.enum(ORDER_SORTS).default('-createdAt'),
  state: list(ORDER_STATES).optional(),
  customerId: z.uuid().optional(),
  q: z.string().trim().min(1).max(100).optional(),
  overdue: bool.optional(),
  provisioningClass: z.enum([...PROVISIONING_CLASSES, 'none']).optional(),
});
export type ListOrdersQuery = z.infer<typeof listOrdersQuery>;

export const customerOrdersQuery = z.strictObject({
  ...pageQuery,
  sort: z.enum(ORDER_SORTS).default('-createdAt'),
});

export const stateBody = z.strictObject({
  state: z.enum(ORDER_STATES),
  reason: optionalText(1000),
});

export const milestoneBody = z.strictObject({
  milestone: z.enum(PROGRESS_MILESTONES),
  note: optionalText(1000),
});

export const activateBody = z.strictObject({
  /** The circuit or service number (required except for IDC and other lines). */
  circuitNumber: z
    .string()
    .trim()
    .min(3)
    .max(60)
    .regex(/^[A-Za-z0-9][A-Za-z0-9\-_/.]*$/, 'letters, digits, - _ / .')
    .nullable()
    .optional(),
  /** When the line went live (default: now); not in the future, not before the order. */
  activatedAt: z.iso.datetime({ offset: true }).optional(),
  note: optionalText(1000),
});
export type ActivateBody = z.infer<typeof activateBody>;

export const deliverBody = z.strictObject({ note: optionalText(1000) });
export const cancelItemBody = z.strictObject({ reason: z.string().trim().min(1).max(1000) });

export const deliveryPackQuery = z.strictObject({
  itemId: z.uuid().optional(),
  format: z.enum(['html', 'pdf']).default('html'),
});

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM');
export const timelinessQuery = z.strictObject({ from: month, to: month });

// ------------------------------------------------------------------ views

export const dueBasisView = z.object({
  source: z.enum(['class', 'entitlement', 'requested', 'none']),
  text: z.string(),
  provisioningClass: z.string().nullable(),
  workingDays: z.number().nullable(),
  itemCode: z.string().nullable(),
  itemName: z.string().nullable(),
  level: z.string().nullable(),
  wording: z.string().nullable(),
  crossOperator: z.boolean(),
  explanation: z.array(z.string()),
});

export const plannedLineView = z.object({
  lineNo: z.number(),
  product: z.enum(ORDER_PRODUCTS),
  scope: z.enum(SERVICE_SCOPES),
  crossOperator: z.boolean(),
  provisioningClass: z.enum(PROVISIONING_CLASSES).nullable(),
  listOneTimeFeeFen: z.number(),
  oneTimeFeeFen: z.number(),
  feePercent: z.number(),
  monthlyFeeFen: z.number(),
  startDate: z.string(),
  dueDate: z.string().nullable(),
  dueAt: z.string().nullable(),
  dueProvisional: z.boolean(),
  dueBasis: dueBasisView,
});

export const previewView = z.object({
  customerId: z.string(),
  customerName: z.string(),
  acceptedAt: z.string(),
  catalogVersion: z.number(),
  lines: z.array(plannedLineView),
  expectedCompletionDate: z.string().nullable(),
  expectedProvisional: z.boolean(),
  totals: z.object({ listOneTimeFeeFen: z.number(), oneTimeFeeFen: z.number(), monthlyFeeFen: z.number() }),
});

export const orderView = z.object({
  id: z.string(),
  orderNumber: z.string(),
  customerId: z.string(),
  customerName: z.string(),
  isHeadquarters: z.boolean(),
  regionCode: z.string(),
  accountManagerId: z.string().nullable(),
  accountManagerName: z.string().nullable(),
  state: z.enum(ORDER_STATES),
  priority: z.string(),
  channel: z.string(),
  description: z.string().nullable(),
  externalId: z.string().nullable(),
  requestedCompletionDate: z.string().nullable(),
  expectedCompletionDate: z.string().nullable(),
  expectedProvisional: z.boolean(),
  completionDate: z.string().nullable(),
  cancellationReason: z.string().nullable(),
  catalogVersion: z.number().nullable(),
  itemCount: z.number(),
  activatedCount: z.number(),
  classes: z.array(z.string()),
  oneTimeFeeFen: z.number(),
  monthlyFeeFen: z.number(),
  /** Open lines past their due date. */
  overdueItems: z.number(),
  /** The reason of the line that sets the expected date. */
  dueText: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type OrderView = z.infer<typeof orderView>;

export const itemView = plannedLineView.extend({
  id: z.string(),
  state: z.enum(ITEM_STATES),
  milestone: z.enum(MILESTONES),
  bandwidthMbps: z.number().nullable(),
  aEnd: z.string().nullable(),
  zEnd: z.string().nullable(),
  circuitId: z.string().nullable(),
  circuitNumber: z.string().nullable(),
  activatedOn: z.string().nullable(),
  activatedAt: z.string().nullable(),
  overdueWorkingDays: z.number().nullable(),
  /** Open and past its due date today. */
  overdue: z.boolean(),
  deliveryDueDate: z.string().nullable(),
  deliveredAt: z.string().nullable(),
});
export type ItemView = z.infer<typeof itemView>;

export const eventView = z.object({
  id: z.number(),
  itemId: z.string().nullable(),
  kind: z.string(),
  fromValue: z.string().nullable(),
  toValue: z.string().nullable(),
  note: z.string().nullable(),
  data: z.record(z.string(), z.unknown()).nullable(),
  at: z.string(),
  actorName: z.string(),
});

export const orderDetail = orderView.extend({
  items: z.array(itemView),
  events: z.array(eventView),
  slips: z.array(
    z.object({
      id: z.string(),
      slipNumber: z.string(),
      orderItemId: z.string().nullable(),
      status: z.string(),
      amountFen: z.number(),
      raisedAt: z.string(),
    }),
  ),
  visits: z.array(
    z.object({ id: z.string(), status: z.string(), dueAt: z.string(), outcome: z.string().nullable() }),
  ),
  deliveryTasks: z.array(
    z.object({
      id: z.number(),
      itemId: z.string(),
      status: z.string(),
      dueDate: z.string(),
      ownerId: z.string(),
    }),
  ),
  allowedStates: z.array(z.enum(ORDER_STATES)),
});
export type OrderDetail = z.infer<typeof orderDetail>;

export const timelinessRow = z.object({
  month: z.string(),
  provisioningClass: z.enum([...PROVISIONING_CLASSES, 'none']),
  activated: z.number(),
  onTime: z.number(),
  late: z.number(),
  overdueWorkingDays: z.number(),
});
export const timelinessView = z.object({
  from: z.string(),
  to: z.string(),
  rows: z.array(timelinessRow),
  totals: z.object({
    activated: z.number(),
    onTime: z.number(),
    late: z.number(),
    overdueWorkingDays: z.number(),
  }),
});
