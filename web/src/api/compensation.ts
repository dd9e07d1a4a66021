/** Compensation slips (赔付单): the typed client of /api/v1/compensation (docs/compensation.md). */
import { api, type Page } from './client';

export const SLIP_STATUSES = [
  'raised',
  'ops_stated',
  'approved',
  'rejected',
  'customer_confirmed',
  'settled',
] as const;
export type SlipStatus = (typeof SLIP_STATUSES)[number];

export const SLIP_KINDS = ['provisioning_late', 'sla_availability', 'sla_restore'] as const;
export type SlipKind = (typeof SLIP_KINDS)[number];

export const RESPONSIBLE_SEGMENTS = [
  'access_network',
  'transmission',
  'core_network',
  'field_installation',
  'customer_side',
  'other_operator',
  'other',
] as const;
export type ResponsibleSegment = (typeof RESPONSIBLE_SEGMENTS)[number];

export type SlipStep = 'ops_statement' | 'approve' | 'reject' | 'confirm' | 'settle';
export type SlipAction = SlipStep | 'amount';

export type SlipView = {
  id: string;
  slipNumber: string;
  customerId: string;
  customerName: string;
  accountManagerId: string | null;
  accountManagerName: string | null;
  regionCode: string;
  kind: SlipKind;
  sourceRef: string;
  orderId: string | null;
  orderItemId: string | null;
  agreementId: string | null;
  circuitId: string | null;
  period: string | null;
  computedAmountFen: number;
  amountFen: number;
  amountChanged: boolean;
  status: SlipStatus;
  responsibleSegment: ResponsibleSegment | null;
  opsOpinion: string | null;
  opsBy: string | null;
  opsAt: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
  customerConfirmation: string | null;
  confirmedBy: string | null;
  confirmedAt: string | null;
  settlementRef: string | null;
  settledBy: string | null;
  settledAt: string | null;
  raisedBy: string;
  raisedAt: string;
  updatedAt: string;
  orderNumber: string | null;
  agreementNumber: string | null;
  circuitNumber: string | null;
};

export type SlipEvent = {
  id: number;
  kind: string;
  fromStatus: string | null;
  toStatus: string | null;
  amountBeforeFen: number | null;
  amountAfterFen: number | null;
  note: string | null;
  at: string;
  actorName: string;
  actorDisplayName: string | null;
  actorRole: string;
};

export type SlipDetail = SlipView & {
  basis: Record<string, unknown>;
  explanation: string[];
  source: {
    orderNumber: string | null;
    lineNo: number | null;
    product: string | null;
    agreementNumber: string | null;
    circuitNumber: string | null;
  };
  events: SlipEvent[];
  actions: SlipAction[];
};

export type SlipCounts = { all: number; todo: number; byStatus: Partial<Record<SlipStatus, number>> };

export type SlipSummaryRow = {
  month: string;
  kind: SlipKind;
  status: SlipStatus;
  count: number;
  amountFen: number;
  computedAmountFen: number;
};
export type SlipSummary = {
  from: string;
  to: string;
  rows: SlipSummaryRow[];
  totals: { count: number; amountFen: number; computedAmountFen: number; settledFen: number };
};

export type SlipQuery = {
  status?: SlipStatus | undefined;
  kind?: SlipKind | undefined;
  customerId?: string | undefined;
  todo?: boolean | undefined;
  q?: string | undefined;
  limit?: number;
  offset?: number;
};

const BASE = '/compensation/slips';

export const findSlips = (query: SlipQuery, signal?: AbortSignal): Promise<Page<SlipView>> =>
  api.getPage<SlipView>(BASE, query, signal);

export const getSlipCounts = (signal?: AbortSignal): Promise<SlipCounts> =>
  api.get<SlipCounts>(`${BASE}/counts`, undefined, signal);

export const getSlip = (id: string, signal?: AbortSignal): Promise<SlipDetail> =>
  api.get<SlipDetail>(`${BASE}/${id}`, undefined, signal);

export const getSlipSummary = (
  query: { from?: string; to?: string; customerId?: string },
  signal?: AbortSignal,
): Promise<SlipSummary> => api.get<SlipSummary>('/compensation/summary', query, signal);

export const findCustomerSlips = (customerId: string, signal?: AbortSignal): Promise<SlipView[]> =>
  api.get<SlipView[]>(`/customers/${customerId}/slips`, undefined, signal);

export type StepBodies = {
  ops_statement: { responsibleSegment: ResponsibleSegment; opinion: string };
  approve: { note?: string };
  reject: { reason: string };
  confirm: { confirmedBy: string; confirmedAt?: string; note?: string };
  settle: { settlementRef: string; note?: string };
};

const STEP_PATHS: Record<SlipStep, string> = {
  ops_statement: 'ops-statement',
  approve: 'approve',
  reject: 'reject',
  confirm: 'confirm',
  settle: 'settle',
};

export const takeSlipStep = <S extends SlipStep>(
  id: string,
  step: S,
  body: StepBodies[S],
): Promise<SlipDetail> => api.post<SlipDetail>(`${BASE}/${id}/${STEP_PATHS[step]}`, body);

export const changeSlipAmount = (
  id: string,
  body: { amountFen: number; reason: string },
): Promise<SlipDetail> => api.patch<SlipDetail>(`${BASE}/${id}/amount`, body);

export { formatFen, parseYuan } from '../money';
