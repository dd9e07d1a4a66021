/**
 * Operating reports (运行报告) and joint meetings (联席会议): shapes mirror
 * src/modules/reports/reports.schema.ts and the frozen figures of
 * src/domain/reports/report-data.ts (`OperatingReportData`), copied by hand (the web does not
 * import from the server).
 */
import { API_BASE, api, type Page } from './client';

const enc = encodeURIComponent;

export type ReportSummary = {
  circuits: number;
  breachedCircuits: number;
  worstAvailabilityPpm: number | null;
  outageCount: number;
  restoreBreaches: number;
  tickets: number;
  ticketsWithinLimitRate: number | null;
  ordersOnTimeRate: number | null;
  compensationFen: number;
  openActions: number;
};

export type Report = {
  id: string;
  customerId: string;
  customerCode: string;
  customerName: string;
  regionCode: string;
  agreementId: string | null;
  agreementNumber: string | null;
  period: string;
  generatedBy: string;
  generatedAt: string;
  sentAt: string | null;
  sentToId: string | null;
  sentToName: string | null;
  summary: ReportSummary;
};

export type ReportTargets = { availabilityPpm: number | null; restoreMinutes: number | null };

export type CircuitFigures = {
  circuitId: string;
  circuitNumber: string;
  product: string;
  agreementNumber: string | null;
  availabilityPpm: number;
  targetAvailabilityPpm: number | null;
  targetRestoreMinutes: number | null;
  outageMinutes: number;
  outageCount: number;
  maxRestoreMinutes: number | null;
  restoreBreaches: number;
  availabilityBreached: boolean;
  measured: boolean;
};

export type OrderLineOutcome = 'on_time' | 'late' | 'no_due_date' | 'open_overdue';

export type ReportData = {
  version: 1;
  period: string;
  generatedAt: string;
  minutesInMonth: number;
  customer: {
    id: string;
    code: string;
    name: string;
    tier: string | null;
    regionCode: string;
    accountManagerName: string | null;
  };
  agreement: {
    id: string;
    agreementNumber: string;
    title: string;
    kind: string;
    slaClass: string | null;
    maintenanceLevel: string | null;
    afterSalesLevel: string | null;
    version: number | null;
    targets: ReportTargets;
  } | null;
  circuits: CircuitFigures[];
  outages: {
    circuitNumber: string;
    startedAt: string;
    restoredAt: string | null;
    minutesInMonth: number;
    restoreMinutes: number | null;
    restoreBreached: boolean;
    source: string;
    cause: string | null;
    excluded: boolean;
    ticketNumber: string | null;
  }[];
  tickets: {
    total: number;
    byType: { ticketType: string; count: number }[];
    resolved: number;
    withLimit: number;
    resolvedWithinLimit: number;
    breached: number;
    escalations: number;
    open: number;
  };
  orders: {
    activated: number;
    onTime: number;
    late: number;
    noDueDate: number;
    overdueWorkingDays: number;
    onTimeRate: number | null;
    openOverdue: number;
    lines: {
      orderNumber: string;
      lineNo: number;
      product: string;
      provisioningClass: string | null;
      dueDate: string | null;
      activatedOn: string | null;
      overdueWorkingDays: number | null;
      outcome: OrderLineOutcome;
    }[];
  };
  compensation: {
    count: number;
    totalFen: number;
    byKind: { kind: string; count: number; amountFen: number }[];
    slips: { slipNumber: string; kind: string; status: string; amountFen: number }[];
  };
  meetings: { id: string; heldOn: string; topic: string; attendees: number }[];
  openActions: {
    heldOn: string;
    topic: string;
    title: string;
    ownerName: string | null;
    dueDate: string | null;
  }[];
  summary: Pick<
    ReportSummary,
    'circuits' | 'breachedCircuits' | 'worstAvailabilityPpm' | 'outageCount' | 'restoreBreaches'
  >;
};

export type ReportDetail = Report & { data: ReportData };

export type ReportFilter = { period?: string; customerId?: string; agreementId?: string; sent?: boolean };

export const findReports = (
  filter: ReportFilter,
  paging: { limit: number; offset: number },
  signal?: AbortSignal,
): Promise<Page<Report>> => api.getPage<Report>('/reports/operating', { ...filter, ...paging }, signal);

export const getReport = (id: string, signal?: AbortSignal) =>
  api.get<ReportDetail>(`/reports/operating/${enc(id)}`, undefined, signal);

export const generateReport = (input: { customerId: string; agreementId?: string | null; period: string }) =>
  api.post<ReportDetail>('/reports/operating', input);

export const sendReport = (id: string) => api.post<ReportDetail>(`/reports/operating/${enc(id)}/send`);

/** Same-origin URLs of the renderings (the session cookie goes along). */
export const reportHtmlUrl = (id: string) => `${API_BASE}/reports/operating/${enc(id)}/html`;
export const reportPdfUrl = (id: string) => `${API_BASE}/reports/operating/${enc(id)}/pdf`;

/** The customer's agreements, for the generate dialog (only what it needs of them). */
export type AgreementOption = {
  id: string;
  agreementNumber: string;
  title: string;
  currentVersion: number | null;
  status: string;
};
export const findCustomerAgreementOptions = (customerId: string, signal?: AbortSignal) =>
  api.get<AgreementOption[]>(`/customers/${enc(customerId)}/agreements`, undefined, signal);

// ---- joint meetings ----

export type Attendee = { side: 'customer' | 'operator'; name: string; position?: string | null };
export type ActionStatus = 'open' | 'done' | 'dropped';
export const ACTION_STATUSES: ActionStatus[] = ['open', 'done', 'dropped'];

export type MeetingAction = {
  id: string;
  meetingId: string;
  title: string;
  ownerId: string | null;
  ownerName: string | null;
  dueDate: string | null;
  status: ActionStatus;
  doneAt: string | null;
  note: string | null;
  overdue: boolean;
};

export type Meeting = {
  id: string;
  customerId: string;
  customerName: string;
  regionCode: string;
  heldOn: string;
  place: string | null;
  topic: string;
  attendees: Attendee[];
  minutes: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  actions: MeetingAction[];
};

export type MeetingInput = {
  heldOn: string;
  place?: string | null;
  topic: string;
  attendees: Attendee[];
  minutes?: string | null;
};
export type ActionInput = {
  title: string;
  ownerId?: string | null;
  ownerName?: string | null;
  dueDate?: string | null;
  note?: string | null;
};

export const findCustomerMeetings = (customerId: string, signal?: AbortSignal) =>
  api.get<Meeting[]>(`/customers/${enc(customerId)}/meetings`, undefined, signal);
export const createMeeting = (customerId: string, input: MeetingInput) =>
  api.post<Meeting>(`/customers/${enc(customerId)}/meetings`, input);
export const updateMeeting = (id: string, input: Partial<MeetingInput>) =>
  api.patch<Meeting>(`/meetings/${enc(id)}`, input);
export const addMeetingAction = (meetingId: string, input: ActionInput) =>
  api.post<Meeting>(`/meetings/${enc(meetingId)}/actions`, input);
export const updateMeetingAction = (id: string, input: Partial<ActionInput> & { status?: ActionStatus }) =>
  api.patch<MeetingAction>(`/meeting-actions/${enc(id)}`, input);
