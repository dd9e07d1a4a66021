/**
 * Service standards catalog API (PRODUCT.md §4): versions, the draft workflow, diffs and a
 * customer's entitlements. Shapes mirror `src/domain/catalog/*` and `src/modules/catalog/*`.
 */
import { api, apiRequest } from './client';

export const TIER_LEVELS = ['5A', '4A', '3A', '2A', '1A'] as const;
export const CLASS_LEVELS = ['A', 'B', 'C'] as const;
export const SERVICE_LEVELS = [...TIER_LEVELS, ...CLASS_LEVELS, 'basic'] as const;
export type ServiceLevel = (typeof SERVICE_LEVELS)[number];

export const SERVICE_CATEGORIES = ['basic', 'value_added', 'extended'] as const;
export type ServiceCategory = (typeof SERVICE_CATEGORIES)[number];
export const SERVICE_ATTRIBUTES = ['group', 'member', 'personal'] as const;
export type ServiceAttribute = (typeof SERVICE_ATTRIBUTES)[number];
export const SERVICE_NEEDS = ['basic', 'value_added', 'extended'] as const;
export type ServiceNeed = (typeof SERVICE_NEEDS)[number];
export const CONTACT_ROLES = ['core', 'important', 'ordinary'] as const;
export type ContactRole = (typeof CONTACT_ROLES)[number];
export const SERVICE_SCOPES = ['local', 'in_province', 'inter_province'] as const;
export type ServiceScope = (typeof SERVICE_SCOPES)[number];
export const PERIODS = ['dekad', 'month', 'quarter', 'half_year', 'year'] as const;
export type Period = (typeof PERIODS)[number];
export const CHANNELS = ['account_manager', 'sa', 'group_hotline', 'business_hall', 'electronic'] as const;
export type Channel = (typeof CHANNELS)[number];
export const CHANNEL_ROLES = ['primary', 'support'] as const;
export type ChannelRole = (typeof CHANNEL_ROLES)[number];
export const ACTION_KINDS = ['visit', 'report', 'greeting', 'birthday_care', 'review', 'other'] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];
export const SCHEDULE_KINDS = ['periodic', 'holiday', 'birthday'] as const;
export type ScheduleKind = (typeof SCHEDULE_KINDS)[number];
/** The most times a periodic action recurs per period (the server's `MAX_TIMES_PER_PERIOD`). */
export const MAX_TIMES_PER_PERIOD: Readonly<Record<Period, number>> = {
  dekad: 8,
  month: 28,
  quarter: 90,
  half_year: 181,
  year: 365,
};
export const TIME_KINDS = ['workdays', 'hours', 'days', 'on_demand', 'as_agreed'] as const;
export type TimeKind = (typeof TIME_KINDS)[number];

export type ServiceTime =
  | { kind: 'workdays'; days: number }
  | { kind: 'hours'; hours: number; clock: '24x7' | 'business' }
  | { kind: 'days'; days: number }
  | { kind: 'on_demand' }
  | { kind: 'as_agreed' };

export type Frequency = { times: number; period: Period };

export type ServiceItem = {
  code: string;
  name: string;
  nameEn: string;
  category: ServiceCategory;
  attribute: ServiceAttribute;
  need: ServiceNeed;
  description?: string | null;
  products?: string[];
  scoped?: boolean;
};

export type Standard = {
  itemCode: string;
  level: string;
  product?: string | null;
  scope?: ServiceScope | null;
  contactRole?: ContactRole | null;
  provided: boolean;
  responseTime: ServiceTime | null;
  targetPercent?: number | null;
  frequency: Frequency | null;
  degree: string | null;
  coverage: string | null;
  wording: string;
};

export type ActionSchedule =
  | { kind: 'periodic'; period: Period; times: number }
  | { kind: 'holiday' }
  | { kind: 'birthday'; contactRoles: ContactRole[] };

export type MandatoryAction = {
  code: string;
  name: string;
  nameEn: string;
  level: string;
  kind: string;
  schedule: ActionSchedule;
  itemCode?: string | null;
  owner: 'account_manager';
};

export type ChannelRule = {
  channel: Channel;
  itemCode: string;
  levels: string[];
  role: ChannelRole;
};

export type CatalogDocument = {
  items: ServiceItem[];
  standards: Standard[];
  actions: MandatoryAction[];
  channels: ChannelRule[];
};

type VersionMeta = {
  version: number;
  status: 'draft' | 'published';
  effectiveDate: string | null;
  basedOn: number | null;
  note: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  publishedBy: string | null;
  publishedAt: string | null;
};

export type CatalogVersion = VersionMeta & { document: CatalogDocument };
export type CatalogVersionSummary = VersionMeta & {
  inForce: boolean;
  counts: { items: number; standards: number; actions: number; channels: number };
};

export type FieldChange = { field: string; before: unknown; after: unknown };
export type EntryChange<T> = {
  key: string;
  change: 'added' | 'removed' | 'changed';
  before: T | null;
  after: T | null;
  fields: FieldChange[];
};
export type CatalogDiff = {
  from: number;
  to: number | 'draft';
  items: EntryChange<ServiceItem>[];
  standards: EntryChange<Standard>[];
  actions: EntryChange<MandatoryAction>[];
  channels: EntryChange<ChannelRule>[];
  counts: { added: number; removed: number; changed: number };
};

export type ExplanationStep = {
  rule: string;
  level: string | null;
  detail: Record<string, string | number | boolean | null>;
  message: string;
};

export type EntitlementDeadline = {
  rule: { kind: 'workdays' | 'clockMinutes'; startAt: string; workdays?: number; minutes?: number };
  dueAt: string;
  dueDate: string;
  provisional: boolean;
};

export type Entitlement = {
  itemCode: string;
  product: string | null;
  scope: string | null;
  contactRole: string | null;
  level: string | null;
  standard: Standard | null;
  provided: boolean;
  responseTime: ServiceTime | null;
  targetPercent: number | null;
  frequency: Frequency | null;
  degree: string | null;
  coverage: string | null;
  wording: string | null;
  channels: { channel: Channel; role: 'primary' | 'support' }[];
  explanation: ExplanationStep[];
  deadline: EntitlementDeadline | null;
};

export type EntitlementSubject = {
  tier: string | null;
  stars: number | null;
  groupClass: string | null;
  serviceTier: string | null;
  regionCode: string;
};

export type CustomerEntitlements = {
  customerId: string;
  customerName: string;
  at: string;
  catalogVersion: number;
  subject: EntitlementSubject;
  items: { item: ServiceItem; provided: boolean; entries: Entitlement[] }[];
};

export const findCatalog = (signal?: AbortSignal, date?: string) =>
  api.get<CatalogVersion>('/catalog', { date }, signal);

export const findCatalogVersions = (signal?: AbortSignal) =>
  api.get<CatalogVersionSummary[]>('/catalog/versions', undefined, signal);

export const findCatalogVersion = (version: number, signal?: AbortSignal) =>
  api.get<CatalogVersion>(`/catalog/versions/${version}`, undefined, signal);

/** The draft, or null when there is none. */
export async function findCatalogDraft(signal?: AbortSignal): Promise<CatalogVersion | null> {
  try {
    return await api.get<CatalogVersion>('/catalog/draft', undefined, signal);
  } catch (error) {
    if ((error as { status?: number }).status === 404) return null;
    throw error;
  }
}

export const diffCatalog = (from: number, to: number | 'draft', signal?: AbortSignal) =>
  api.get<CatalogDiff>('/catalog/diff', { from, to }, signal);

export const createCatalogDraft = (basedOn?: number) =>
  api.post<CatalogVersion>('/catalog/draft', basedOn === undefined ? {} : { basedOn });

export const saveCatalogDraft = async (document: CatalogDocument) =>
  (await apiRequest<CatalogVersion>('PUT', '/catalog/draft', { json: { document } })).data;

export const deleteCatalogDraft = async () => {
  await apiRequest<void>('DELETE', '/catalog/draft');
};

export const publishCatalogDraft = (input: { effectiveDate: string; note?: string }) =>
  api.post<CatalogVersion>('/catalog/draft/publish', input);

export const findCustomerEntitlements = (customerId: string, signal?: AbortSignal, at?: string) =>
  api.get<CustomerEntitlements>(`/customers/${customerId}/entitlements`, { at }, signal);
