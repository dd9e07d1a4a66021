/** Service resources API (PRODUCT.md §4 "Resources"): resources, budgets per level and period, the ledger. */
import { ApiError, api, apiRequest, type Page } from './client';

export const RESOURCE_KINDS = ['gift', 'voucher', 'consumable', 'spare_equipment'] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];
export const BUDGET_LEVELS = ['5A', '4A', '3A', '2A', '1A', 'A', 'B', 'C'] as const;
export type BudgetLevel = (typeof BUDGET_LEVELS)[number];
export const BUDGET_PERIODS = ['month', 'quarter', 'year'] as const;
export type BudgetPeriod = (typeof BUDGET_PERIODS)[number];
export const LEDGER_KINDS = ['issue', 'return', 'adjustment'] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

export type Resource = {
  id: string;
  code: string;
  name: string;
  nameEn: string;
  kind: ResourceKind;
  unit: string;
  unitCostFen: number;
  serviceItemCodes: string[];
  description: string | null;
  active: boolean;
  createdAt: string;
  updatedAt: string;
};

export type ResourceInput = {
  code: string;
  name: string;
  nameEn: string;
  kind: ResourceKind;
  unit: string;
  unitCostFen: number;
  serviceItemCodes: string[];
  description?: string | null;
  active: boolean;
};

export type Budget = {
  id: string;
  resourceId: string;
  resourceCode: string;
  resourceName: string;
  resourceNameEn: string;
  resourceKind: ResourceKind;
  unit: string;
  unitCostFen: number;
  level: BudgetLevel;
  period: BudgetPeriod;
  periodKey: string;
  quantity: number;
  used: number;
  remaining: number;
  budgetAmountFen: number;
  usedAmountFen: number;
  updatedBy: string | null;
  updatedAt: string;
};

export type BudgetInput = {
  resourceCode: string;
  level: BudgetLevel;
  period: BudgetPeriod;
  periodKey: string;
  quantity: number;
};

export type LedgerEntry = {
  id: string;
  kind: LedgerKind;
  resourceId: string;
  resourceCode: string;
  resourceName: string;
  resourceNameEn: string;
  resourceKind: ResourceKind;
  unit: string;
  customerId: string | null;
  customerCode: string | null;
  customerName: string | null;
  level: string;
  issueDate: string;
  periodKeys: string[];
  budgetIds: string[];
  quantity: number;
  unitCostFen: number;
  amountFen: number;
  reason: string;
  contactId: string | null;
  contactName: string | null;
  taskId: number | null;
  returnOf: string | null;
  returnedQuantity: number;
  actorId: string | null;
  actorName: string;
  /** The user's display name (null for a system actor). */
  actorDisplayName: string | null;
  at: string;
};

export type IssueInput = {
  resourceCode: string;
  customerId: string;
  quantity: number;
  reason: string;
  contactId?: string;
  taskId?: number;
};

export type CustomerResources = {
  customerId: string;
  levels: string[];
  totals: {
    resourceId: string;
    resourceCode: string;
    resourceName: string;
    resourceNameEn: string;
    resourceKind: ResourceKind;
    unit: string;
    issued: number;
    returned: number;
    net: number;
    amountFen: number;
  }[];
  available: Budget[];
  entries: LedgerEntry[];
};

export type LedgerQuery = {
  kind?: LedgerKind;
  resourceCode?: string;
  customerId?: string;
  level?: string;
  periodKey?: string;
  regionCode?: string;
  limit?: number;
  offset?: number;
};

/** The extension members of a 409 BUDGET_EXCEEDED problem: what is left of which budget. */
export type BudgetExceeded = {
  remaining: number;
  requested?: number;
  level?: string | null;
  period?: BudgetPeriod | null;
  periodKey?: string | null;
};

/** The budget figures of a BUDGET_EXCEEDED answer, or null for any other error. */
export function budgetExceededOf(error: unknown): BudgetExceeded | null {
  if (!(error instanceof ApiError) || error.code !== 'BUDGET_EXCEEDED') return null;
  const p = error.problem as unknown as Partial<BudgetExceeded>;
  return typeof p.remaining === 'number' ? (p as BudgetExceeded) : { remaining: 0 };
}

export const findResources = (query: { kind?: ResourceKind; active?: boolean } = {}, signal?: AbortSignal) =>
  api.get<Resource[]>('/resources', query, signal);

export const createResource = (input: ResourceInput) => api.post<Resource>('/resources', input);

export const updateResource = (id: string, input: Partial<Omit<ResourceInput, 'code'>>) =>
  api.patch<Resource>(`/resources/${encodeURIComponent(id)}`, input);

export const findBudgets = (
  query: { periodKey?: string; level?: string; resourceCode?: string; date?: string } = {},
  signal?: AbortSignal,
) => api.get<Budget[]>('/resources/budgets', query, signal);

export const saveBudget = async (input: BudgetInput): Promise<Budget> =>
  (await apiRequest<Budget>('PUT', '/resources/budgets', { json: input })).data;

export const adjustBudget = (id: string, input: { quantity: number; reason: string }) =>
  api.post<LedgerEntry>(`/resources/budgets/${encodeURIComponent(id)}/adjust`, input);

/** What copying the budgets of one period to another did. */
export type CopyBudgetsResult = {
  period: BudgetPeriod;
  fromPeriodKey: string;
  toPeriodKey: string;
  created: number;
  skipped: number;
};

export const copyBudgets = (input: { fromPeriodKey: string; toPeriodKey: string }) =>
  api.post<CopyBudgetsResult>('/resources/budgets/copy', input);

export const issueResource = (input: IssueInput) =>
  api.post<LedgerEntry & { remaining: number }>('/resources/issue', input);

export const returnResource = (id: string, input: { quantity?: number; reason: string }) =>
  api.post<LedgerEntry>(`/resources/ledger/${encodeURIComponent(id)}/return`, input);

export const findLedger = (query: LedgerQuery, signal?: AbortSignal): Promise<Page<LedgerEntry>> =>
  api.getPage<LedgerEntry>('/resources/ledger', query, signal);

export const findCustomerResources = (customerId: string, signal?: AbortSignal) =>
  api.get<CustomerResources>(`/customers/${encodeURIComponent(customerId)}/resources`, undefined, signal);

/** `2026-03`, `2026-Q1`, `2026` of a day `YYYY-MM-DD`. */
export function periodKeyOf(period: BudgetPeriod, date: string): string {
  const year = date.slice(0, 4);
  const month = Number(date.slice(5, 7));
  if (period === 'month') return date.slice(0, 7);
  if (period === 'quarter') return `${year}-Q${Math.ceil(month / 3)}`;
  return year;
}

/** The key of the period after `key` (`2026-12` → `2027-01`, `2026-Q4` → `2027-Q1`, `2026` → `2027`). */
export function nextPeriodKey(key: string): string {
  const year = Number(key.slice(0, 4));
  if (/^\d{4}$/.test(key)) return String(year + 1);
  const quarter = /^\d{4}-Q([1-4])$/.exec(key);
  if (quarter) return Number(quarter[1]) === 4 ? `${year + 1}-Q1` : `${year}-Q${Number(quarter[1]) + 1}`;
  const month = Number(key.slice(5, 7));
  return month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, '0')}`;
}
