/** Shapes of the server's JSON, as the UI reads them. */

export const ROLES = [
  'admin',
  'kam_manager',
  'account_manager',
  'frontdesk',
  'ops_engineer',
  'visit_agent',
  'analyst',
  'auditor',
] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export type User = {
  id: string;
  username: string;
  displayName: string;
  /** Work phone (printed on delivery packs for account managers). */
  phone?: string | null;
  role: Role;
  regionCode: string | null;
  active: boolean;
  /** UTC ISO instant, or null when the user never signed in. */
  lastLoginAt: string | null;
};

export type Region = { code: string; name: string; parentCode: string | null };

export type DayKind = 'workday' | 'weekend' | 'holiday' | 'makeupWorkday';

export type CalendarDay = {
  /** YYYY-MM-DD (Asia/Shanghai). */
  date: string;
  workday: boolean;
  kind: DayKind;
  name: string | null;
  /** True when no official schedule covers this day and it was derived from weekends. */
  provisional: boolean;
  /** True when a regional schedule overrides the national one on this day. */
  regional: boolean;
};

export type CalendarDays = { year: number; provisional: boolean; items: CalendarDay[] };

export type CalendarYear = {
  year: number;
  region: string | null;
  source: string | null;
  entryCount: number;
  importedAt: string;
};

export type CalendarYears = {
  horizon: { firstYear: number; lastYear: number };
  items: CalendarYear[];
};

export type CalendarImportResult = {
  year: number;
  region: string | null;
  entryCount: number;
  recomputedDeadlines: number;
};

export type AuditEntry = {
  id: number | string;
  at: string;
  actorId: string | null;
  actorName: string;
  action: string;
  entity: string;
  entityId: string;
  before: unknown;
  after: unknown;
  reason: string | null;
  requestId: string | null;
};
