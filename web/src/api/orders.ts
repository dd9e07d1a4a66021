/**
 * Orders API (PRODUCT.md §5): preview, create, list, detail, state, milestones, activation,
 * delivery, the delivery pack and timeliness. Types mirror src/modules/orders/orders.schema.ts.
 */

import { API_BASE, api, type Page } from './client';
import type { SlipStatus } from './compensation';

export const ORDER_PRODUCTS = [
  'fixed_line',
  'digital_circuit',
  'ddn',
  'fr_atm',
  'data_circuit',
  'dedicated_internet',
  'broadband',
  'idc',
  'other',
] as const;
export type OrderProduct = (typeof ORDER_PRODUCTS)[number];
/** Products of the provisioning-class table. */
export const CLASS_PRODUCTS: readonly OrderProduct[] = ['digital_circuit', 'ddn', 'fr_atm'];
export const ORDER_SCOPES = ['local', 'in_province', 'inter_province'] as const;
export type OrderScope = (typeof ORDER_SCOPES)[number];
export const PROVISIONING_CLASSES = ['express', 'urgent', 'normal'] as const;
export type ProvisioningClass = (typeof PROVISIONING_CLASSES)[number];
export const ORDER_STATES = [
  'acknowledged',
  'inProgress',
  'pending',
  'held',
  'completed',
  'cancelled',
  'rejected',
  'failed',
] as const;
export type OrderState = (typeof ORDER_STATES)[number];
export const MILESTONES = [
  'accepted',
  'survey',
  'design',
  'construction',
  'testing',
  'activated',
  'delivered',
] as const;
export type Milestone = (typeof MILESTONES)[number];
export const PROGRESS_MILESTONES = ['survey', 'design', 'construction', 'testing'] as const;
export type ProgressMilestone = (typeof PROGRESS_MILESTONES)[number];

export type DueBasis = {
  source: 'class' | 'entitlement' | 'requested' | 'none';
  text: string;
  provisioningClass: string | null;
  workingDays: number | null;
  itemCode: string | null;
  itemName: string | null;
  level: string | null;
  wording: string | null;
  crossOperator: boolean;
  explanation: string[];
};

export type PlannedLine = {
  lineNo: number;
  product: OrderProduct;
  scope: OrderScope;
  crossOperator: boolean;
  provisioningClass: ProvisioningClass | null;
  listOneTimeFeeFen: number;
  oneTimeFeeFen: number;
  feePercent: number;
  monthlyFeeFen: number;
  startDate: string;
  dueDate: string | null;
  dueAt: string | null;
  dueProvisional: boolean;
  dueBasis: DueBasis;
};

export type OrderPreview = {
  customerId: string;
  customerName: string;
  acceptedAt: string;
  catalogVersion: number;
  lines: PlannedLine[];
  expectedCompletionDate: string | null;
  expectedProvisional: boolean;
  totals: { listOneTimeFeeFen: number; oneTimeFeeFen: number; monthlyFeeFen: number };
};

export type OrderView = {
  id: string;
  orderNumber: string;
  customerId: string;
  customerName: string;
  isHeadquarters: boolean;
  regionCode: string;
  accountManagerId: string | null;
  accountManagerName: string | null;
  state: OrderState;
  priority: string;
  channel: string;
  description: string | null;
  externalId: string | null;
  requestedCompletionDate: string | null;
  expectedCompletionDate: string | null;
  expectedProvisional: boolean;
  completionDate: string | null;
  cancellationReason: string | null;
  catalogVersion: number | null;
  itemCount: number;
  activatedCount: number;
  classes: string[];
  oneTimeFeeFen: number;
  monthlyFeeFen: number;
  overdueItems: number;
  dueText: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
};

export type OrderItem = PlannedLine & {
  id: string;
  state: 'acknowledged' | 'inProgress' | 'completed' | 'cancelled';
  milestone: Milestone;
  bandwidthMbps: number | null;
  aEnd: string | null;
  zEnd: string | null;
  circuitId: string | null;
  circuitNumber: string | null;
  activatedOn: string | null;
  activatedAt: string | null;
  overdueWorkingDays: number | null;
  overdue: boolean;
  deliveryDueDate: string | null;
  deliveredAt: string | null;
};

export type OrderEvent = {
  id: number;
  itemId: string | null;
  kind: string;
  fromValue: string | null;
  toValue: string | null;
  note: string | null;
  data: Record<string, unknown> | null;
  at: string;
  actorName: string;
};

export type OrderDetail = OrderView & {
  items: OrderItem[];
  events: OrderEvent[];
  slips: {
    id: string;
    slipNumber: string;
    orderItemId: string | null;
    status: SlipStatus;
    amountFen: number;
    raisedAt: string;
  }[];
  visits: { id: string; status: string; dueAt: string; outcome: string | null }[];
  deliveryTasks: { id: number; itemId: string; status: string; dueDate: string; ownerId: string }[];
  allowedStates: OrderState[];
};

export type OrderLineInput = {
  product: OrderProduct;
  scope: OrderScope;
  crossOperator: boolean;
  provisioningClass: ProvisioningClass | null;
  bandwidthMbps?: number | null;
  aEnd?: string | null;
  zEnd?: string | null;
  listOneTimeFeeFen: number;
  monthlyFeeFen: number;
};

export type CreateOrderInput = {
  customerId: string;
  items: OrderLineInput[];
  priority?: string;
  description?: string | null;
  requestedCompletionDate?: string | null;
};

export type OrderQuery = {
  limit?: number;
  offset?: number;
  sort?: string;
  state?: string;
  customerId?: string;
  q?: string;
  overdue?: boolean;
  provisioningClass?: string;
};

export type TimelinessRow = {
  month: string;
  provisioningClass: ProvisioningClass | 'none';
  activated: number;
  onTime: number;
  late: number;
  overdueWorkingDays: number;
};
export type Timeliness = {
  from: string;
  to: string;
  rows: TimelinessRow[];
  totals: { activated: number; onTime: number; late: number; overdueWorkingDays: number };
};

const enc = encodeURIComponent;

export const findOrders = (query: OrderQuery, signal?: AbortSignal): Promise<Page<OrderView>> =>
  api.getPage<OrderView>('/orders', query, signal);
export const getOrder = (id: string, signal?: AbortSignal) =>
  api.get<OrderDetail>(`/orders/${enc(id)}`, undefined, signal);
export const previewOrder = (input: CreateOrderInput) => api.post<OrderPreview>('/orders/preview', input);
export const createOrder = (input: CreateOrderInput) => api.post<OrderDetail>('/orders', input);
export const changeOrderState = (id: string, input: { state: OrderState; reason?: string }) =>
  api.post<OrderDetail>(`/orders/${enc(id)}/state`, input);
export const recordMilestone = (
  id: string,
  itemId: string,
  input: { milestone: ProgressMilestone; note?: string },
) => api.post<OrderDetail>(`/orders/${enc(id)}/items/${enc(itemId)}/milestone`, input);
export const activateItem = (
  id: string,
  itemId: string,
  input: { circuitNumber?: string | null; activatedAt?: string; note?: string },
) => api.post<OrderDetail>(`/orders/${enc(id)}/items/${enc(itemId)}/activate`, input);
export const deliverItem = (id: string, itemId: string, input: { note?: string }) =>
  api.post<OrderDetail>(`/orders/${enc(id)}/items/${enc(itemId)}/deliver`, input);
export const cancelItem = (id: string, itemId: string, reason: string) =>
  api.post<OrderDetail>(`/orders/${enc(id)}/items/${enc(itemId)}/cancel`, { reason });
export const findCustomerOrders = (customerId: string, signal?: AbortSignal) =>
  api.getPage<OrderView>(`/customers/${enc(customerId)}/orders`, { limit: 100 }, signal);
export const getTimeliness = (from: string, to: string, signal?: AbortSignal) =>
  api.get<Timeliness>('/orders/timeliness', { from, to }, signal);

/** The delivery pack's URL (opened in a new tab or downloaded). */
export const deliveryPackUrl = (id: string, format: 'html' | 'pdf', itemId?: string) =>
  `${API_BASE}/orders/${enc(id)}/delivery-pack?format=${format}${itemId ? `&itemId=${enc(itemId)}` : ''}`;

export { formatFen, parseYuan as yuanToFen } from '../money';
