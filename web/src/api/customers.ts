/**
 * The customers REST API (`/api/v1/customers…`, `/industries`, `/account-managers`) as the UI
 * reads it; shapes follow the issue-3 interface notes. Money is integer fen, days 'YYYY-MM-DD'.
 */
import { api, apiRequest, type Page } from './client';

export const TIERS = ['1A', '2A', '3A', '4A', '5A'] as const;
export type Tier = (typeof TIERS)[number];
export const GROUP_CLASSES = ['A', 'B', 'C'] as const;
export type GroupClass = (typeof GROUP_CLASSES)[number];
export const CONTACT_ROLES = ['core', 'important', 'ordinary'] as const;
export type ContactRole = (typeof CONTACT_ROLES)[number];
export const NOTE_KINDS = ['event', 'competitor', 'strategy', 'finance'] as const;
export type NoteKind = (typeof NOTE_KINDS)[number];

export function isTier(value: unknown): value is Tier {
  return typeof value === 'string' && (TIERS as readonly string[]).includes(value);
}

export function isGroupClass(value: unknown): value is GroupClass {
  return typeof value === 'string' && (GROUP_CLASSES as readonly string[]).includes(value);
}

export type Customer = {
  id: string;
  code: string;
  name: string;
  creditCode: string | null;
  /** GB/T 4754 section letter A…T. */
  industry: string;
  regionCode: string;
  regionName: string | null;
  parentId: string | null;
  parentName: string | null;
  isHeadquarters: boolean;
  accountManagerId: string | null;
  accountManagerName: string | null;
  tier: Tier | null;
  stars: number | null;
  groupClass: GroupClass | null;
  tierEffectiveDate: string | null;
  customerSince: string | null;
  address: string | null;
  phone: string | null;
  employees: number | null;
  strategyNotes: string | null;
  financialNotes: string | null;
  orgStructure: string | null;
  status: 'active' | 'inactive';
  version: number;
  createdAt: string;
  updatedAt: string;
  /** Direct members of this group. */
  memberCount: number;
  /** Total score (0–100) of the latest assessment. */
  latestTotal: number | null;
};

/** The list filter; every key is also a query parameter of the list page's URL. */
export type CustomerFilter = {
  q?: string;
  tier?: Tier;
  groupClass?: GroupClass;
  industry?: string;
  regionCode?: string;
  accountManagerId?: string;
  parentId?: string;
  status?: 'active' | 'inactive';
};

/** The editable profile fields (POST takes all, PATCH any subset plus `version`). */
export type CustomerFields = {
  code: string;
  name: string;
  creditCode?: string | null;
  industry: string;
  regionCode: string;
  parentId?: string | null;
  isHeadquarters?: boolean;
  customerSince?: string | null;
  address?: string | null;
  phone?: string | null;
  employees?: number | null;
  strategyNotes?: string | null;
  financialNotes?: string | null;
  orgStructure?: string | null;
};

export type CreateCustomerInput = CustomerFields & { accountManagerId?: string | null };
export type UpdateCustomerInput = Partial<CustomerFields> & { version: number; reason?: string };

export type Contact = {
  id: string;
  customerId: string;
  name: string;
  position: string | null;
  role: ContactRole;
  phone: string | null;
  email: string | null;
  birthday: string | null;
  notes: string | null;
};

export type ContactInput = Omit<Contact, 'id' | 'customerId'>;

export type Note = {
  id: string;
  kind: NoteKind;
  day: string;
  title: string;
  body: string | null;
  competitor: string | null;
  authorName: string | null;
  createdAt: string;
};

export type NoteInput = {
  kind: NoteKind;
  day: string;
  title: string;
  body?: string | null;
  competitor?: string | null;
};

export type BillingMonth = {
  /** First day of the month, 'YYYY-MM-01'. */
  month: string;
  revenueFen: number;
  voiceFen: number;
  dataFen: number;
  bandwidthFen: number;
  newServicesFen: number;
  idcFen: number;
  drivenFen: number | null;
  arrearsMonths: number;
  dedicatedCostFen: number;
  newServicesCount: number;
};

export type HierarchyNode = {
  /** Null (like code, name, tier) when the node is outside the caller's scope. */
  id: string | null;
  code: string | null;
  name: string | null;
  tier: Tier | null;
  isHeadquarters: boolean;
  visible: boolean;
  /** Out-of-scope customers this node stands for (0 when visible). */
  hiddenCount: number;
  children: HierarchyNode[];
};

export type Hierarchy = {
  /** From the top of the group down to the customer's parent; hidden ones have null names. */
  ancestors: { id: string | null; code: string | null; name: string | null; visible?: boolean }[];
  root: HierarchyNode;
};

export type Industry = { code: string; zh: string; en: string };
export type AccountManager = { id: string; username: string; displayName: string; regionCode: string | null };

const customerPath = (id: string) => `/customers/${encodeURIComponent(id)}`;

/** One page of customers matching `filter`, with the server's total in `X-Total-Count`. */
export function findCustomers(
  filter: CustomerFilter,
  paging: { limit: number; offset: number; sort?: string },
  signal?: AbortSignal,
): Promise<Page<Customer>> {
  return api.getPage<Customer>('/customers', { ...filter, ...paging }, signal);
}

/** How many customers match `filter`: a `limit=1` request read for its `X-Total-Count`. */
export async function countCustomers(filter: CustomerFilter, signal?: AbortSignal): Promise<number> {
  const page = await findCustomers(filter, { limit: 1, offset: 0 }, signal);
  return page.total;
}

export function getCustomer(id: string, signal?: AbortSignal): Promise<Customer> {
  return api.get<Customer>(customerPath(id), undefined, signal);
}

export function createCustomer(input: CreateCustomerInput): Promise<Customer> {
  return api.post<Customer>('/customers', input);
}

/** Changes profile fields; answers 409 CONFLICT when `version` is not the stored one. */
export function updateCustomer(id: string, input: UpdateCustomerInput): Promise<Customer> {
  return api.patch<Customer>(customerPath(id), input);
}

export function transferCustomer(id: string, accountManagerId: string, reason: string): Promise<Customer> {
  return api.post<Customer>(`${customerPath(id)}/transfer`, { accountManagerId, reason });
}

export function getHierarchy(id: string, signal?: AbortSignal): Promise<Hierarchy> {
  return api.get<Hierarchy>(`${customerPath(id)}/hierarchy`, undefined, signal);
}

/** One account-manager transfer of a customer, as the audit log recorded it. */
export type Transfer = {
  id: number;
  at: string;
  actorName: string;
  from: { id: string | null; name: string | null };
  to: { id: string | null; name: string | null };
  reason: string | null;
  moved: { tickets: number; orders: number; tasks: number };
};

/** The customer's account-manager transfers, newest first. */
export function findTransfers(id: string, signal?: AbortSignal): Promise<Transfer[]> {
  return api.get<Transfer[]>(`${customerPath(id)}/transfers`, undefined, signal);
}

export function findContacts(id: string, signal?: AbortSignal): Promise<Contact[]> {
  return api.get<Contact[]>(`${customerPath(id)}/contacts`, undefined, signal);
}

export function createContact(id: string, input: ContactInput): Promise<Contact> {
  return api.post<Contact>(`${customerPath(id)}/contacts`, input);
}

export function updateContact(id: string, contactId: string, input: Partial<ContactInput>): Promise<Contact> {
  return api.patch<Contact>(`${customerPath(id)}/contacts/${encodeURIComponent(contactId)}`, input);
}

export async function deleteContact(id: string, contactId: string): Promise<void> {
  await apiRequest<void>('DELETE', `${customerPath(id)}/contacts/${encodeURIComponent(contactId)}`);
}

export function findNotes(id: string, kind?: NoteKind, signal?: AbortSignal): Promise<Note[]> {
  return api.get<Note[]>(`${customerPath(id)}/notes`, { kind }, signal);
}

export function createNote(id: string, input: NoteInput): Promise<Note> {
  return api.post<Note>(`${customerPath(id)}/notes`, input);
}

/** The last `months` months of billing facts, oldest first. */
export function findBilling(id: string, months: number, signal?: AbortSignal): Promise<BillingMonth[]> {
  return api.get<BillingMonth[]>(`${customerPath(id)}/billing`, { months }, signal);
}

export function findIndustries(signal?: AbortSignal): Promise<Industry[]> {
  return api.get<Industry[]>('/industries', undefined, signal);
}

/** Account managers the caller may assign (a kam_manager sees its region's). */
export function findAccountManagers(signal?: AbortSignal): Promise<AccountManager[]> {
  return api.get<AccountManager[]>('/account-managers', undefined, signal);
}
