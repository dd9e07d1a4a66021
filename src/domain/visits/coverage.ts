/**
 * Return-visit coverage (回访率, PRODUCT.md §7: should be 100 %) per month and per region or
 * visitor. Pure: the visits and `now` are passed in.
 */
import { fromDayNumber, shanghaiDayNumberOf } from '../calendar/dates.ts';

export type CoverageVisit = {
  dueAt: Date;
  status: string;
  outcome: string | null;
  doneAt: Date | null;
  /** The group key (region code or visitor id). */
  key: string;
};

export type CoverageRow = {
  period: string;
  key: string;
  due: number;
  done: number;
  doneInTime: number;
  coverage: number;
  satisfied: number;
  dissatisfied: number;
  unreachable: number;
};

/** `YYYY-MM` of an instant in Asia/Shanghai. */
export function monthOfInstant(at: Date): string {
  return fromDayNumber(shanghaiDayNumberOf(at.getTime())).slice(0, 7);
}

/**
 * Coverage per (month of the due instant, key). A visit counts as due in its month once it is done
 * or its due instant has passed (an open visit not yet due is not held against anyone); cancelled
 * visits do not count. done = done with any outcome (unreachable included, shown apart);
 * doneInTime = done by the due instant; coverage = done / due. Rows in period then key order.
 *
 * @example
 * computeCoverage([{ dueAt: new Date('2026-03-05T00:00:00Z'), status: 'done', outcome: 'satisfied',
 *   doneAt: new Date('2026-03-04T00:00:00Z'), key: 'GD' }], new Date('2026-03-10T00:00:00Z'));
 * // [{ period: '2026-03', key: 'GD', due: 1, done: 1, doneInTime: 1, coverage: 1, satisfied: 1, … }]
 */
export function computeCoverage(visits: readonly CoverageVisit[], now: Date): CoverageRow[] {
  const rows = new Map<string, CoverageRow>();
  for (const v of visits) {
    if (v.status === 'cancelled') continue;
    const done = v.status === 'done';
    if (!done && v.dueAt.getTime() > now.getTime()) continue;
    const period = monthOfInstant(v.dueAt);
    const id = `${period}\u0000${v.key}`;
    let row = rows.get(id);
    if (!row) {
      row = {
        period,
        key: v.key,
        due: 0,
        done: 0,
        doneInTime: 0,
        coverage: 0,
        satisfied: 0,
        dissatisfied: 0,
        unreachable: 0,
      };
      rows.set(id, row);
    }
    row.due += 1;
    if (done) {
      row.done += 1;
      if (v.doneAt && v.doneAt.getTime() <= v.dueAt.getTime()) row.doneInTime += 1;
      if (v.outcome === 'satisfied') row.satisfied += 1;
      else if (v.outcome === 'dissatisfied') row.dissatisfied += 1;
      else if (v.outcome === 'unreachable') row.unreachable += 1;
    }
  }
  return [...rows.values()]
    .map((r) => ({ ...r, coverage: r.due === 0 ? 0 : r.done / r.due }))
    .sort((a, b) => a.period.localeCompare(b.period) || a.key.localeCompare(b.key));
}
