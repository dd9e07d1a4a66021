/**
 * Service-desk API (PRODUCT.md §7): tickets, SLA clocks and escalations, the desk configuration
 * (stages, routes, SLA definitions, ladders), return visits, circuits, the front-desk lookup and
 * in-app notifications. The config types mirror `src/domain/desk/config.ts` by hand (the web does
 * not import from the server).
 */
import type { ServiceLevel } from './catalog';
import { api, apiRequest, type Page } from './client';

export const TICKET_TYPES = ['fault', 'complaint', 'inquiry', 'request'] as const;
export type TicketType = (typeof TICKET_TYPES)[number];

/** TMF621 v5 statuses plus MEF's `reopened`. */
export const TICKET_STATUSES = [
  'acknowledged',
  'inProgress',
  'pending',
  'held',
  'reopened',
  'resolved',
  'closed',
  'rejected',
  'cancelled',
] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** Open = someone still has to work on it: not resolved, closed, cancelled or rejected (the server's rule). */
export const OPEN_STATUSES: TicketStatus[] = ['acknowledged', 'inProgress', 'pending', 'held', 'reopened'];

/** A status change to one of these needs a reason (the lifecycle refuses it without). */
export const REASON_REQUIRED: readonly TicketStatus[] = [
  'rejected',
  'cancelled',
  'held',
  'pending',
  'reopened',
];

export const SEVERITIES = ['critical', 'major', 'minor'] as const;
export type Severity = (typeof SEVERITIES)[number];

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

export type TicketView = {
  id: string;
  number: string;
  customerId: string;
  customerName: string;
  /** e.g. "4A", "B", or null for an unrated customer. */
  tier: string | null;
  tierRank: number;
  regionCode: string;
  accountManagerId: string | null;
  accountManagerName: string | null;
  ticketType: TicketType;
  severity: Severity;
  priority: number;
  channel: string;
  name: string;
  description: string;
  status: TicketStatus;
  statusReason: string | null;
  statusChangedAt: string;
  stageCode: string;
  stageName: string | null;
  departmentCode: string;
  departmentName: string | null;
  assigneeId: string | null;
  assigneeName: string | null;
  circuitId: string | null;
  circuitNumber: string | null;
  product: string | null;
  orderRef: string | null;
  serviceItem: string | null;
  nextTargetAt: string | null;
  /** The customer SLA's target (TMF621 expectedResolutionDate): what the customer is promised; null when no customer clock is open. */
  expectedResolutionDate?: string | null;
  /** Minutes to the earliest running target as of now; negative = late; null when no clock runs. */
  timeLeftMinutes: number | null;
  escalationLevel: number;
  breached: boolean;
  deskConfigVersion: number;
  catalogVersion: number | null;
  createdAt: string;
  updatedAt: string;
  resolutionDate: string | null;
  closedAt: string | null;
  createdBy: string;
};

export type EventView = {
  id: number;
  at: string;
  /** created, status, stage, assign, note, escalation, visit, sla, attribute. */
  kind: string;
  status: TicketStatus;
  stageCode: string;
  departmentCode: string;
  actorName: string;
  reason: string | null;
  data: Record<string, unknown> | null;
};

export type ClockStage = 'inProgress' | 'paused' | 'completed' | 'cancelled';

export type LimitSourceView = {
  kind: 'entitlement' | 'byLevel' | 'fallback' | string;
  itemCode?: string | null;
  level: string | null;
  severity: Severity | null;
  factor: number;
  wording?: string | null;
  baseMinutes?: number;
};

export type ClockView = {
  id: number;
  definitionCode: string;
  name: string;
  nameEn: string;
  kind: 'customer' | 'internal';
  /** An internal clock's: the stage's response limit (taken by someone) or resolution limit; null for the customer's SLA. */
  measure: 'response' | 'resolution' | null;
  stageCode: string | null;
  departmentCode: string | null;
  cycle: number;
  stage: ClockStage;
  startedAt: string | null;
  stoppedAt: string | null;
  targetAt: string | null;
  limitMinutes: number;
  elapsedMinutes: number;
  remainingMinutes: number;
  percent: number;
  breached: boolean;
  breachedAt: string | null;
  /** Elapsed or target past the loaded calendar: an estimate until that year's official schedule is imported. */
  provisional?: boolean;
  escalationLevel: number;
  clock: '24x7' | 'business';
  /** Null for a clock recorded before limits were explained. */
  limitSource: LimitSourceView | null;
  deskConfigVersion: number;
};

export type EscalationView = {
  id: number;
  slaInstanceId: number;
  definitionCode: string;
  level: number;
  thresholdPercent: number;
  dueAt: string;
  firedAt: string | null;
  notify: string[];
  escalate: boolean;
  recipients: { id: string; name: string }[];
  reassignedTo: string | null;
};

export type VisitKind = 'fault_repair' | 'activation' | 'complaint' | string;
export type VisitStatus = 'open' | 'done' | 'cancelled';
export const VISIT_OUTCOMES = ['satisfied', 'dissatisfied', 'unreachable'] as const;
export type VisitOutcome = (typeof VISIT_OUTCOMES)[number];

export type VisitView = {
  id: string;
  kind: VisitKind;
  customerId: string;
  customerName: string;
  tier: string | null;
  ticketId: string | null;
  ticketNumber: string | null;
  orderRef: string | null;
  visitorId: string | null;
  visitorName: string | null;
  regionCode: string;
  dueAt: string;
  status: VisitStatus;
  outcome: VisitOutcome | null;
  score: number | null;
  note: string | null;
  contactName: string | null;
  doneAt: string | null;
  doneBy: string | null;
  overdue: boolean;
  followUpTaskId: number | null;
};

export type RouteStage = {
  code: string;
  name: string;
  nameEn: string;
  departmentCode: string;
  departmentName: string | null;
};

export type TicketDetail = TicketView & {
  events: EventView[];
  clocks: ClockView[];
  escalations: EscalationView[];
  visits: VisitView[];
  allowedTransitions: TicketStatus[];
  route: RouteStage[];
  customer: { id: string; name: string; tier: string | null; stars: number | null };
};

export type TicketSummary = {
  open: number;
  breached: number;
  escalated: number;
  dueWithinHour: number;
  byDepartment: {
    departmentCode: string;
    departmentName: string | null;
    open: number;
    breached: number;
    escalated: number;
  }[];
  byStatus: { status: TicketStatus; count: number }[];
  byTier: { tier: string | null; open: number; breached: number }[];
};

export type TicketQuery = {
  open?: boolean;
  status?: string;
  ticketType?: TicketType;
  severity?: Severity;
  departmentCode?: string;
  stageCode?: string;
  customerId?: string;
  breached?: boolean;
  escalated?: boolean;
  assigneeId?: string;
  q?: string;
  sort?: 'queue' | '-createdAt' | 'createdAt';
  limit?: number;
  offset?: number;
};

export type CreateTicketInput = {
  customerId: string;
  ticketType: TicketType;
  severity: Severity;
  channel: string;
  name: string;
  description: string;
  circuitId?: string;
  product?: string;
  orderRef?: string;
  serviceItem?: string;
  priority?: number;
  requestedResolutionDate?: string;
};

// ---- desk configuration (mirror of src/domain/desk/config.ts) ----

export type StageDef = { code: string; name: string; nameEn: string; departmentCode: string };
export type RouteDef = { ticketType: TicketType; stages: string[] };
export type Condition = { statuses?: TicketStatus[]; stages?: string[] };
export type LimitSource =
  | { kind: 'entitlement'; itemCode: string; fallbackMinutes: number }
  | { kind: 'byLevel'; minutes: Partial<Record<ServiceLevel, number>> & { basic: number } };

export const ESCALATION_TARGETS = [
  'owner',
  'supervisor',
  'department_head',
  'account_manager',
  'kam_manager',
] as const;
export type EscalationTarget = (typeof ESCALATION_TARGETS)[number] | `department:${string}`;

export type EscalationStep = {
  level: number;
  atPercent: number;
  notify: EscalationTarget[];
  escalate: boolean;
  reassignTo?: string | null;
};

export type SlaDefinition = {
  code: string;
  name: string;
  nameEn: string;
  kind: 'customer' | 'internal';
  ticketTypes: TicketType[];
  stageCode?: string | null;
  /** internal only: `response` completes once someone in the stage takes the ticket; default `resolution`. */
  measure?: 'response' | 'resolution';
  limit: LimitSource;
  severityFactor?: Partial<Record<Severity, number>>;
  clock: '24x7' | 'business';
  start: Condition;
  pause: Condition;
  resume?: Condition | null;
  stop: Condition;
  cancel: Condition;
  ladder: EscalationStep[];
};

export type DeskConfig = {
  stages: StageDef[];
  routes: RouteDef[];
  definitions: SlaDefinition[];
  visits: { faultRepairDays: number; activationDays: number; complaintDays: number };
};

export type DeskConfigVersion = {
  version: number;
  status: 'draft' | 'published';
  effectiveFrom: string | null;
  publishedAt: string | null;
  publishedBy: string | null;
  note: string | null;
  document: DeskConfig;
};

export type DeskConfigState = {
  current: {
    version: number;
    effectiveFrom: string | null;
    publishedAt: string | null;
    publishedBy: string | null;
    note: string | null;
    document: DeskConfig;
  };
  versions: {
    version: number;
    status: 'draft' | 'published';
    effectiveFrom: string | null;
    publishedAt: string | null;
    publishedBy: string | null;
    note: string | null;
  }[];
  draft: {
    version: number;
    note: string | null;
    document: DeskConfig;
    createdBy: string;
    createdAt: string;
  } | null;
};

// ---- lookup, circuits, notifications ----

export type CircuitBrief = {
  id: string;
  circuitNumber: string;
  product: string;
  scope: string;
  bandwidthMbps: number | null;
};

export type Circuit = CircuitBrief & {
  customerId: string;
  customerName?: string;
  aEnd?: string | null;
  zEnd?: string | null;
  activatedOn?: string | null;
  status?: string;
};

export type LookupResult = {
  customer: {
    id: string;
    name: string;
    creditCode: string | null;
    tier: string | null;
    stars: number | null;
    groupClass: string | null;
    regionCode: string;
    regionName: string | null;
    accountManagerId: string | null;
    accountManagerName: string | null;
  };
  matchedBy: 'name' | 'code' | 'phone' | 'circuit';
  matched: string;
  circuits: CircuitBrief[];
  openTickets: number;
};

export type NotificationView = {
  id: number | string;
  kind: string;
  title: string;
  body: string;
  entity: string | null;
  entityId: string | null;
  data: Record<string, unknown> | null;
  createdAt: string;
  readAt: string | null;
};

export type CoverageRow = {
  period: string;
  key: string;
  name: string | null;
  due: number;
  done: number;
  doneInTime: number;
  coverage: number;
  satisfied: number;
  dissatisfied: number;
  unreachable: number;
};

const enc = encodeURIComponent;

// ---- tickets ----

export const findTickets = (query: TicketQuery, signal?: AbortSignal) =>
  api.getPage<TicketView>('/tickets', query, signal);
export const getTicketSummary = (signal?: AbortSignal) =>
  api.get<TicketSummary>('/tickets/summary', undefined, signal);
export const getTicket = (id: string, signal?: AbortSignal) =>
  api.get<TicketDetail>(`/tickets/${enc(id)}`, undefined, signal);
export const createTicket = (input: CreateTicketInput) => api.post<TicketView>('/tickets', input);
export const changeTicketStatus = (id: string, input: { status: TicketStatus; reason?: string }) =>
  api.post<TicketDetail>(`/tickets/${enc(id)}/status`, input);
export const moveTicketStage = (id: string, input: { stageCode?: string; reason?: string }) =>
  api.post<TicketDetail>(`/tickets/${enc(id)}/stage`, input);
/** A new severity with its reason: the default priority and the SLA limits follow (409 once resolved). */
export const changeTicketSeverity = (id: string, input: { severity: Severity; reason: string }) =>
  api.post<TicketDetail>(`/tickets/${enc(id)}/severity`, input);
export const assignTicket = (id: string, assigneeId: string | null) =>
  api.post<TicketDetail>(`/tickets/${enc(id)}/assign`, { assigneeId });
/** The people of the department holding the ticket now (its head first). */
export type TicketAssignees = {
  departmentCode: string;
  departmentName: string | null;
  users: { id: string; username: string; displayName: string; role: string; isHead: boolean }[];
};
export const findTicketAssignees = (id: string, signal?: AbortSignal) =>
  api.get<TicketAssignees>(`/tickets/${enc(id)}/assignees`, undefined, signal);
export const addTicketNote = (id: string, text: string) =>
  api.post<TicketDetail>(`/tickets/${enc(id)}/notes`, { text });
export const findCustomerTickets = (customerId: string, signal?: AbortSignal) =>
  api.get<TicketView[]>(`/customers/${enc(customerId)}/tickets`, undefined, signal);

// ---- clocks ----

export const getTicketClocks = (id: string, signal?: AbortSignal) =>
  api.get<ClockView[]>(`/tickets/${enc(id)}/clocks`, undefined, signal);
export const recomputeTicketClocks = (id: string, toCurrentVersion = false) =>
  api.post<ClockView[]>(`/tickets/${enc(id)}/clocks/recompute`, { toCurrentVersion });
export const recomputeAllTickets = (toCurrentVersion = false) =>
  api.post<{ tickets: number; changed: number }>('/desk/recompute', { toCurrentVersion });

// ---- desk configuration ----

export const getDeskConfig = (signal?: AbortSignal) =>
  api.get<DeskConfigState>('/desk/config', undefined, signal);
export const getDeskConfigVersion = (version: number, signal?: AbortSignal) =>
  api.get<DeskConfigVersion>(`/desk/config/versions/${version}`, undefined, signal);
export const saveDeskConfigDraft = async (document: DeskConfig, note?: string) =>
  (
    await apiRequest<DeskConfigState['draft']>('PUT', '/desk/config/draft', {
      json: { document, ...(note ? { note } : {}) },
    })
  ).data;
export const publishDeskConfigDraft = (effectiveFrom?: string) =>
  api.post<DeskConfigVersion>('/desk/config/draft/publish', effectiveFrom ? { effectiveFrom } : {});
export const discardDeskConfigDraft = async () => {
  await apiRequest<void>('DELETE', '/desk/config/draft');
};

// ---- visits ----

export type VisitQuery = {
  mine?: boolean;
  status?: VisitStatus;
  overdue?: boolean;
  customerId?: string;
  limit?: number;
  offset?: number;
};
export const findVisits = (query: VisitQuery, signal?: AbortSignal) =>
  api.getPage<VisitView>('/visits', query, signal);
export const recordVisitOutcome = (
  id: string,
  input: { outcome: VisitOutcome; score?: number; note: string; contactName?: string },
) => api.post<VisitView>(`/visits/${enc(id)}/outcome`, input);
export const getVisitCoverage = (
  query: { from?: string; to?: string; groupBy?: 'region' | 'visitor' },
  signal?: AbortSignal,
) => api.get<CoverageRow[]>('/visits/coverage', query, signal);
export const findCustomerVisits = (customerId: string, signal?: AbortSignal) =>
  api.get<VisitView[]>(`/customers/${enc(customerId)}/visits`, undefined, signal);
/** The customer's one visitor (统一回访接口人); null until assigned or its first visit. */
export type CustomerVisitor = {
  customerId: string;
  visitorId: string | null;
  visitorName: string | null;
  assignedAt: string | null;
  assignedBy: string | null;
};
export const getCustomerVisitor = (customerId: string, signal?: AbortSignal) =>
  api.get<CustomerVisitor>(`/customers/${enc(customerId)}/visitor`, undefined, signal);
/** Another visit agent for the customer (admin, kam_manager); its open visits move along. */
export const setCustomerVisitor = async (customerId: string, visitorId: string) =>
  (
    await apiRequest<CustomerVisitor & { movedVisits: number }>(
      'PUT',
      `/customers/${enc(customerId)}/visitor`,
      { json: { visitorId } },
    )
  ).data;

// ---- circuits and lookup ----

export const findCustomerCircuits = (customerId: string, signal?: AbortSignal) =>
  api.get<Circuit[]>(`/customers/${enc(customerId)}/circuits`, undefined, signal);
export const findCircuits = (query: { q?: string; customerId?: string }, signal?: AbortSignal) =>
  api.get<Circuit[]>('/circuits', query, signal);
/** Product families of a circuit (the server's CIRCUIT_PRODUCTS; labels `orders.product.*`). */
export const CIRCUIT_PRODUCTS = [
  'digital_circuit',
  'data_circuit',
  'ddn',
  'fr_atm',
  'dedicated_internet',
  'broadband',
  'idc',
  'fixed_line',
  'other',
] as const;
export const CIRCUIT_SCOPES = ['local', 'in_province', 'inter_province'] as const;
export type NewCircuitInput = {
  circuitNumber: string;
  customerId: string;
  product: (typeof CIRCUIT_PRODUCTS)[number];
  scope: (typeof CIRCUIT_SCOPES)[number];
  bandwidthMbps?: number;
  aEnd?: string;
  zEnd?: string;
  /** YYYY-MM-DD. */
  activatedOn?: string;
};
/** Registers a circuit (admin, kam_manager); 409 CONFLICT naming `circuitNumber` when taken. */
export const createCircuit = (input: NewCircuitInput) => api.post<Circuit>('/circuits', input);
export const lookupCustomers = (q: string, signal?: AbortSignal) =>
  api.get<LookupResult[]>('/desk/lookup', { q }, signal);

// ---- notifications ----

export const findNotifications = (
  query: { unread?: boolean; limit?: number; offset?: number },
  signal?: AbortSignal,
): Promise<Page<NotificationView>> => api.getPage<NotificationView>('/notifications', query, signal);
export const getUnreadCount = (signal?: AbortSignal) =>
  api.get<{ count: number }>('/notifications/unread-count', undefined, signal);
export const markNotificationRead = (id: number | string) =>
  api.post<unknown>(`/notifications/${enc(String(id))}/read`);
export const markAllNotificationsRead = () => api.post<{ count: number }>('/notifications/read-all');

// ---- organisation ----

export type Department = {
  id: string;
  code: string;
  name: string;
  regionCode: string | null;
  parentId: string | null;
};
export const findDepartments = (signal?: AbortSignal) =>
  api.get<Department[]>('/departments', undefined, signal);
