/**
 * Overdue tasks and compliance (达标率) of mandatory actions (PRODUCT.md §4, §12: per account
 * manager, department and region, by month and by ten-day period 旬).
 *
 * A task counts in the period (bucket) of its due date. Cancelled tasks do not count. Of the rest:
 * - `pending`: still open and not yet due (due today or later) — not judged yet;
 * - `due` = the others: `doneOnTime` (completed on or before the due date) + `doneLate` +
 *   `openOverdue` (open, due before today);
 * - `rate` = doneOnTime ÷ due (null when nothing is due).
 * "Today" is the Asia/Shanghai day, passed in.
 */
import type { Period } from '../catalog/types.ts';
import { periodKeyOf } from './periods.ts';

export const TASK_STATUSES = ['open', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** What compliance needs of a task. */
export type TaskState = { status: TaskStatus; dueDate: string; completedDate: string | null };

export type TaskOutcome = 'cancelled' | 'pending' | 'on_time' | 'late' | 'overdue';

/**
 * Whether a task is overdue on `today`: open and due before today.
 *
 * @example
 * isTaskOverdue({ status: 'open', dueDate: '2026-03-09', completedDate: null }, '2026-03-10'); // true
 * isTaskOverdue({ status: 'open', dueDate: '2026-03-10', completedDate: null }, '2026-03-10'); // false (due today)
 */
export function isTaskOverdue(task: TaskState, today: string): boolean {
  return task.status === 'open' && task.dueDate < today;
}

/**
 * How a task stands for compliance on `today`.
 *
 * @example
 * classifyTask({ status: 'done', dueDate: '2026-03-09', completedDate: '2026-03-10' }, '2026-03-20'); // 'late'
 */
export function classifyTask(task: TaskState, today: string): TaskOutcome {
  if (task.status === 'cancelled') return 'cancelled';
  if (task.status === 'done')
    return task.completedDate !== null && task.completedDate <= task.dueDate ? 'on_time' : 'late';
  return task.dueDate < today ? 'overdue' : 'pending';
}

/** Counts of one row of a compliance report. */
export type ComplianceCounts = {
  /** Tasks due in the period, cancelled ones excepted. */
  total: number;
  /** Open and not yet due. */
  pending: number;
  /** total − pending: what has fallen due or been done. */
  due: number;
  done: number;
  doneOnTime: number;
  doneLate: number;
  openOverdue: number;
  /** doneOnTime ÷ due, 0–1 to four decimals; null when nothing is due. */
  rate: number | null;
};

export const emptyCounts = (): ComplianceCounts => ({
  total: 0,
  pending: 0,
  due: 0,
  done: 0,
  doneOnTime: 0,
  doneLate: 0,
  openOverdue: 0,
  rate: null,
});

/**
 * The compliance rate: done on time ÷ due, to four decimals; null when nothing is due.
 *
 * @example
 * complianceRate(2, 3); // 0.6667
 * complianceRate(0, 0); // null
 */
export function complianceRate(doneOnTime: number, due: number): number | null {
  return due === 0 ? null : Math.round((doneOnTime / due) * 10_000) / 10_000;
}

/**
 * Completes counts from the three that a database query gives per row (on time, late, overdue,
 * pending): `due`, `done`, `total` and `rate` follow.
 *
 * @example
 * countsOf({ doneOnTime: 2, doneLate: 1, openOverdue: 1, pending: 3 });
 * // { total: 7, pending: 3, due: 4, done: 3, doneOnTime: 2, doneLate: 1, openOverdue: 1, rate: 0.5 }
 */
export function countsOf(c: {
  doneOnTime: number;
  doneLate: number;
  openOverdue: number;
  pending: number;
}): ComplianceCounts {
  const due = c.doneOnTime + c.doneLate + c.openOverdue;
  return {
    total: due + c.pending,
    pending: c.pending,
    due,
    done: c.doneOnTime + c.doneLate,
    doneOnTime: c.doneOnTime,
    doneLate: c.doneLate,
    openOverdue: c.openOverdue,
    rate: complianceRate(c.doneOnTime, due),
  };
}

/**
 * The sum of several rows' counts, with the rate recomputed (never an average of rates).
 *
 * @example
 * addCounts([countsOf({ doneOnTime: 1, doneLate: 0, openOverdue: 1, pending: 0 }),
 *            countsOf({ doneOnTime: 3, doneLate: 0, openOverdue: 0, pending: 0 })]).rate; // 0.8
 */
export function addCounts(rows: readonly ComplianceCounts[]): ComplianceCounts {
  const sum = { doneOnTime: 0, doneLate: 0, openOverdue: 0, pending: 0 };
  for (const r of rows) {
    sum.doneOnTime += r.doneOnTime;
    sum.doneLate += r.doneLate;
    sum.openOverdue += r.openOverdue;
    sum.pending += r.pending;
  }
  return countsOf(sum);
}

/**
 * Compliance of a set of tasks on `today`, per group and per period bucket of the due date
 * (the reference the SQL report is checked against).
 *
 * @example
 * const rows = computeCompliance(tasks, (t) => t.ownerId, 'dekad', '2026-03-31');
 * rows.get('am1')?.get('2026-03-D1')?.rate; // e.g. 0.75
 */
export function computeCompliance<T extends TaskState>(
  tasks: readonly T[],
  groupOf: (task: T) => string,
  period: Period,
  today: string,
): Map<string, Map<string, ComplianceCounts>> {
  const raw = new Map<
    string,
    Map<string, { doneOnTime: number; doneLate: number; openOverdue: number; pending: number }>
  >();
  for (const task of tasks) {
    const outcome = classifyTask(task, today);
    if (outcome === 'cancelled') continue;
    const group = groupOf(task);
    const bucket = periodKeyOf(task.dueDate, period);
    const byBucket = raw.get(group) ?? new Map();
    raw.set(group, byBucket);
    const c = byBucket.get(bucket) ?? { doneOnTime: 0, doneLate: 0, openOverdue: 0, pending: 0 };
    byBucket.set(bucket, c);
    if (outcome === 'on_time') c.doneOnTime++;
    else if (outcome === 'late') c.doneLate++;
    else if (outcome === 'overdue') c.openOverdue++;
    else c.pending++;
  }
  const out = new Map<string, Map<string, ComplianceCounts>>();
  for (const [group, byBucket] of raw) {
    out.set(group, new Map([...byBucket].map(([bucket, c]) => [bucket, countsOf(c)])));
  }
  return out;
}
