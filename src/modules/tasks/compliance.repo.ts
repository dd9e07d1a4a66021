/**
 * Compliance (达标率) counts in SQL: tasks due in a range, grouped by account manager, department
 * or region and by month or dekad of the due date — the rules of src/domain/tasks/compliance.ts
 * (cancelled tasks excluded; on time = completed on or before the due date; overdue = open and due
 * before today; pending = open and not yet due).
 */
import { type SQL, sql } from 'drizzle-orm';
import { type Executor, queryRows } from '../../db/database.ts';
import type { Period } from '../../domain/catalog/types.ts';

export const COMPLIANCE_GROUPS = ['account_manager', 'department', 'region'] as const;
export type ComplianceGroup = (typeof COMPLIANCE_GROUPS)[number];

/** Key of a department-less owner. */
export const NO_DEPARTMENT = 'none';

/** The group key of a task as SQL over `t` (action_tasks) and `u` (its owner). */
export function groupKeySql(groupBy: ComplianceGroup): SQL {
  switch (groupBy) {
    case 'account_manager':
      return sql`t.owner_id::text`;
    case 'department':
      return sql`coalesce(u.department_id::text, ${NO_DEPARTMENT})`;
    case 'region':
      return sql`t.region_code`;
  }
}

/** The period key of a due date as SQL, the same keys as `periodKeyOf` (`2026-03`, `2026-03-D2`). */
export function bucketSql(period: Extract<Period, 'month' | 'dekad'>): SQL {
  const month = sql`to_char(t.due_date, 'YYYY-MM')`;
  if (period === 'month') return month;
  return sql`${month} || '-D' || (case when extract(day from t.due_date) <= 10 then '1'
    when extract(day from t.due_date) <= 20 then '2' else '3' end)`;
}

export type ComplianceCountRow = {
  key: string;
  bucket: string;
  doneOnTime: number;
  doneLate: number;
  openOverdue: number;
  pending: number;
};

/** Counts per (group, bucket) of the tasks due in [from, to] visible under `visible`. */
export async function countCompliance(
  ex: Executor,
  visible: SQL,
  input: { groupBy: ComplianceGroup; period: 'month' | 'dekad'; from: string; to: string; today: string },
): Promise<ComplianceCountRow[]> {
  const key = groupKeySql(input.groupBy);
  const bucket = bucketSql(input.period);
  return queryRows<ComplianceCountRow>(
    ex,
    sql`select ${key} as key, ${bucket} as bucket,
        count(*) filter (where t.status = 'done' and t.completed_date <= t.due_date)::int as "doneOnTime",
        count(*) filter (where t.status = 'done' and t.completed_date > t.due_date)::int as "doneLate",
        count(*) filter (where t.status = 'open' and t.due_date < ${input.today}::date)::int as "openOverdue",
        count(*) filter (where t.status = 'open' and t.due_date >= ${input.today}::date)::int as pending
      from action_tasks t
      left join users u on u.id = t.owner_id
      where t.status <> 'cancelled' and t.action_kind <> 'follow_up' and t.due_date between ${input.from}::date and ${input.to}::date and ${visible}
      group by 1, 2
      order by 1, 2`,
  );
}

/** Display names of group keys (users, departments or regions). */
export async function findGroupLabels(
  ex: Executor,
  groupBy: ComplianceGroup,
  keys: readonly string[],
): Promise<Map<string, string>> {
  const ids = keys.filter((k) => k !== NO_DEPARTMENT);
  if (ids.length === 0) return new Map();
  const list = sql.join(
    ids.map((k) => sql`${k}`),
    sql`, `,
  );
  const query =
    groupBy === 'account_manager'
      ? sql`select id::text as key, display_name as label from users where id::text in (${list})`
      : groupBy === 'department'
        ? sql`select id::text as key, name as label from departments where id::text in (${list})`
        : sql`select code as key, name as label from regions where code in (${list})`;
  const rows = await queryRows<{ key: string; label: string }>(ex, query);
  return new Map(rows.map((r) => [r.key, r.label]));
}
