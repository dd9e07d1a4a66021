/** Mandatory-action tasks and compliance API (PRODUCT.md §4): lists, month calendar, completion, reports. */
import { api, type Page } from './client';

export type TaskStatus = 'open' | 'done' | 'cancelled';
export type ActionKind = 'visit' | 'report' | 'greeting' | 'birthday_care' | 'review' | 'other';
export type EvidenceChannel = 'visit' | 'phone' | 'wechat' | 'email' | 'meeting' | 'other';

export const ACTION_KINDS: ActionKind[] = ['visit', 'report', 'greeting', 'birthday_care', 'review', 'other'];
export const EVIDENCE_CHANNELS: EvidenceChannel[] = ['visit', 'phone', 'wechat', 'email', 'meeting', 'other'];

export type Attachment = { name: string; size: number; mimeType: string };

export type Task = {
  id: number;
  customerId: string;
  customerCode: string;
  customerName: string;
  customerTier: string | null;
  actionCode: string;
  actionName: string;
  actionNameEn: string;
  actionKind: ActionKind;
  level: string;
  catalogVersion: number;
  occurrenceKey: string;
  contactId: string | null;
  contactName: string | null;
  ownerId: string;
  ownerName: string | null;
  regionCode: string;
  month: string;
  startDate: string;
  dueDate: string;
  /** Due date computed past the loaded calendar horizon (weekends only); recomputed on import. */
  provisional: boolean;
  status: TaskStatus;
  overdue: boolean;
  completedDate: string | null;
  completedAt: string | null;
  completedBy: string | null;
  evidence: {
    note: string;
    contactMet: string | null;
    channel: EvidenceChannel;
    attachments: Attachment[];
  } | null;
  cancelledAt: string | null;
  cancelledBy: string | null;
  cancelReason: string | null;
  createdAt: string;
};

export type TaskQuery = {
  ownerId?: string;
  customerId?: string;
  status?: TaskStatus;
  overdue?: boolean;
  from?: string;
  to?: string;
  kind?: ActionKind;
  sort?: string;
  limit?: number;
  offset?: number;
};

export type CalendarDayCount = { date: string; total: number; open: number; done: number; overdue: number };

export type CompletionInput = {
  note: string;
  contactMet?: string;
  channel: EvidenceChannel;
  completedDate?: string;
  attachments?: Attachment[];
};

export function findTasks(query: TaskQuery, signal?: AbortSignal): Promise<Page<Task>> {
  return api.getPage<Task>('/tasks', query, signal);
}

export function findCustomerTasks(
  customerId: string,
  query: TaskQuery,
  signal?: AbortSignal,
): Promise<Page<Task>> {
  return api.getPage<Task>(`/customers/${encodeURIComponent(customerId)}/tasks`, query, signal);
}

export function getTaskCalendar(
  month: string,
  query: { ownerId?: string; kind?: ActionKind },
  signal?: AbortSignal,
): Promise<{ month: string; days: CalendarDayCount[] }> {
  return api.get(`/tasks/calendar`, { month, ...query }, signal);
}

export function completeTask(id: number, input: CompletionInput): Promise<Task> {
  return api.post<Task>(`/tasks/${id}/complete`, input);
}

export function reassignTask(id: number, ownerId: string, reason: string): Promise<Task> {
  return api.post<Task>(`/tasks/${id}/reassign`, { ownerId, reason });
}

export function cancelTask(id: number, reason: string): Promise<Task> {
  return api.post<Task>(`/tasks/${id}/cancel`, { reason });
}

export type ComplianceGroup = 'account_manager' | 'department' | 'region';
export type CompliancePeriod = 'month' | 'dekad';

export type ComplianceCounts = {
  total: number;
  pending: number;
  due: number;
  done: number;
  doneOnTime: number;
  doneLate: number;
  openOverdue: number;
  rate: number | null;
};

export type ComplianceReport = {
  groupBy: ComplianceGroup;
  period: CompliancePeriod;
  from: string;
  to: string;
  today: string;
  totals: ComplianceCounts;
  groups: ({ key: string; label: string } & ComplianceCounts)[];
  buckets: ({ bucket: string } & ComplianceCounts)[];
  rows: ({ key: string; label: string; bucket: string } & ComplianceCounts)[];
};

export type ComplianceQuery = {
  groupBy: ComplianceGroup;
  period: CompliancePeriod;
  from?: string;
  to?: string;
};

export function getCompliance(query: ComplianceQuery, signal?: AbortSignal): Promise<ComplianceReport> {
  return api.get<ComplianceReport>('/compliance', query, signal);
}

export type MissingTask = Task & { outcome: 'overdue' | 'late' };

export function findMissingTasks(
  query: ComplianceQuery & { key: string; bucket?: string; limit?: number; offset?: number },
  signal?: AbortSignal,
): Promise<Page<MissingTask>> {
  return api.getPage<MissingTask>('/compliance/missing', query, signal);
}
