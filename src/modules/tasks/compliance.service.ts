/**
 * Compliance reports (达标率, PRODUCT.md §4 and §12): per account manager, department or region, by
 * month or dekad (旬) of the due date, with the totals, the trend, and a drill-down to the tasks
 * that are missing (open past their due date, or done late). An account manager sees its own
 * tasks, a kam_manager its region, admin/analyst/auditor everything.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { Deps } from '../../deps.ts';
import type { ScopedUser } from '../../domain/access.ts';
import { toDayNumber } from '../../domain/calendar/dates.ts';
import { DomainError } from '../../domain/errors.ts';
import { addCounts, type ComplianceCounts, classifyTask, countsOf } from '../../domain/tasks/compliance.ts';
import { addMonths, monthSpan, parseMonth, periodOfKey } from '../../domain/tasks/periods.ts';
import { customerScopeOver } from '../customers/customers.access.ts';
import {
  type ComplianceGroup,
  countCompliance,
  findGroupLabels,
  groupKeySql,
  NO_DEPARTMENT,
} from './compliance.repo.ts';
import { listTasks } from './tasks.repo.ts';
import { type Page, type TaskView, todayOf, toViews } from './tasks.service.ts';

/** The longest range one report covers. */
const MAX_RANGE_DAYS = 731;

/** Compliance counts only look at a task's own owner and region. */
function complianceScope(user: ScopedUser): SQL {
  return customerScopeOver(user, { accountManagerId: sql`t.owner_id`, regionCode: sql`t.region_code` });
}

/** [from, to]: as given, else the current month and the two before it. */
function rangeOf(today: string, from: string | undefined, to: string | undefined) {
  const current = parseMonth(today.slice(0, 7));
  const range = {
    from: from ?? monthSpan(addMonths(current, -2)).start,
    to: to ?? monthSpan(current).end,
  };
  if (range.to < range.from) {
    const message = `to (${range.to}) must not be before from (${range.from})`;
    throw new DomainError('INVALID_RANGE', message, [{ field: 'to', message }]);
  }
  if (toDayNumber(range.to, 'to') - toDayNumber(range.from, 'from') > MAX_RANGE_DAYS) {
    const message = `a report covers at most ${MAX_RANGE_DAYS} days`;
    throw new DomainError('VALIDATION_FAILED', message, [{ field: 'from', message }]);
  }
  return range;
}

export type ComplianceQuery = {
  groupBy: ComplianceGroup;
  period: 'month' | 'dekad';
  from?: string | undefined;
  to?: string | undefined;
};

type Labelled = { key: string; label: string };

export type ComplianceReport = {
  groupBy: ComplianceGroup;
  period: 'month' | 'dekad';
  from: string;
  to: string;
  today: string;
  totals: ComplianceCounts;
  /** One row per group over the whole range, best rate first. */
  groups: (Labelled & ComplianceCounts)[];
  /** One row per period bucket over every group, in order (the trend). */
  buckets: ({ bucket: string } & ComplianceCounts)[];
  /** One row per (group, bucket). */
  rows: (Labelled & { bucket: string } & ComplianceCounts)[];
};

export async function complianceReport(
  deps: Deps,
  user: ScopedUser,
  q: ComplianceQuery,
): Promise<ComplianceReport> {
  const today = todayOf(deps);
  const range = rangeOf(today, q.from, q.to);
  const counted = await countCompliance(deps.db, complianceScope(user), {
    groupBy: q.groupBy,
    period: q.period,
    ...range,
    today,
  });
  const labels = await findGroupLabels(deps.db, q.groupBy, [...new Set(counted.map((r) => r.key))]);
  const labelOf = (key: string) => labels.get(key) ?? (key === NO_DEPARTMENT ? '—' : key);
  const rows = counted.map((r) => ({ key: r.key, label: labelOf(r.key), bucket: r.bucket, ...countsOf(r) }));
  const sumBy = (keyOf: (r: (typeof rows)[number]) => string) => {
    const acc = new Map<string, ComplianceCounts[]>();
    for (const r of rows) acc.set(keyOf(r), [...(acc.get(keyOf(r)) ?? []), r]);
    return [...acc].map(([k, list]) => [k, addCounts(list)] as const);
  };
  const groups = sumBy((r) => r.key)
    .map(([key, counts]) => ({ key, label: labelOf(key), ...counts }))
    .sort((a, b) => (b.rate ?? -1) - (a.rate ?? -1) || a.label.localeCompare(b.label));
  const buckets = sumBy((r) => r.bucket)
    .map(([bucket, counts]) => ({ bucket, ...counts }))
    .sort((a, b) => a.bucket.localeCompare(b.bucket));
  return {
    groupBy: q.groupBy,
    period: q.period,
    ...range,
    today,
    totals: addCounts(rows),
    groups,
    buckets,
    rows,
  };
}

export type MissingQuery = ComplianceQuery & { key: string; bucket?: string | undefined };

/**
 * The tasks behind a report row that count against it: open past their due date, or done late.
 * `bucket` (a month `2026-03` or dekad `2026-03-D2`) narrows the range to that period.
 */
export async function missingTasks(
  deps: Deps,
  user: ScopedUser,
  q: MissingQuery,
  page: Page,
): Promise<{ total: number; items: (TaskView & { outcome: 'overdue' | 'late' })[] }> {
  const today = todayOf(deps);
  let range = rangeOf(today, q.from, q.to);
  if (q.bucket !== undefined) {
    const span = periodOfKey(q.bucket);
    if (!span || (span.period !== 'month' && span.period !== 'dekad')) {
      const message = `bucket must be a month YYYY-MM or a dekad YYYY-MM-D1…D3; got '${q.bucket}'`;
      throw new DomainError('VALIDATION_FAILED', message, [{ field: 'bucket', message }]);
    }
    range = {
      from: q.from && q.from > span.start ? q.from : span.start,
      to: q.to && q.to < span.end ? q.to : span.end,
    };
  }
  const where = sql`${groupKeySql(q.groupBy)} = ${q.key} and t.status <> 'cancelled' and t.action_kind <> 'follow_up'
    and ((t.status = 'open' and t.due_date < ${today}::date) or (t.status = 'done' and t.completed_date > t.due_date))`;
  const result = await listTasks(
    deps.db,
    complianceScope(user),
    { from: range.from, to: range.to, where },
    page,
    today,
  );
  const views = await toViews(deps.db, result.items, today);
  return {
    total: result.total,
    items: views.map((v) => ({ ...v, outcome: classifyTask(v, today) === 'late' ? 'late' : 'overdue' })),
  };
}
