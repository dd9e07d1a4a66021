/**
 * Return-visit coverage (回访率, PRODUCT.md §7: should be 100 %) per month of the due instant and
 * per region or visitor, in the caller's scope (a visit agent: its own visits).
 */
import { sql } from 'drizzle-orm';
import type { Deps } from '../../deps.ts';
import type { ScopedUser } from '../../domain/access.ts';
import { shanghaiInstant } from '../../domain/calendar/dates.ts';
import { DomainError } from '../../domain/errors.ts';
import { addMonths, monthKey, parseMonth } from '../../domain/tasks/periods.ts';
import { computeCoverage, monthOfInstant } from '../../domain/visits/coverage.ts';
import { findLabels, listCoverageSource } from './visits.repo.ts';
import { visitScope } from './visits.service.ts';

/** The coverage key of visits opened without a visitor (no active visit agent): due, never done by anyone. */
export const UNASSIGNED = 'unassigned';

const coverageScope = (user: ScopedUser) =>
  visitScope(user, sql`(select cc.account_manager_id from customers cc where cc.id = v.customer_id)`);

export type CoverageQuery = {
  from?: string | undefined;
  to?: string | undefined;
  groupBy: 'region' | 'visitor';
};

export type CoverageView = {
  period: string;
  key: string;
  name: string;
  due: number;
  done: number;
  doneInTime: number;
  coverage: number;
  satisfied: number;
  dissatisfied: number;
  unreachable: number;
};

const MAX_MONTHS = 24;

/** Coverage (回访率) per month of the due instant and per region or visitor, over [from, to] months. */
export async function visitCoverage(deps: Deps, user: ScopedUser, q: CoverageQuery): Promise<CoverageView[]> {
  const now = deps.now();
  const current = parseMonth(monthOfInstant(now));
  const to = q.to ? parseMonth(q.to, 'to') : current;
  const from = q.from ? parseMonth(q.from, 'from') : addMonths(to, -2);
  const fromKey = monthKey(from);
  const toKey = monthKey(to);
  if (toKey < fromKey) {
    const message = `to (${toKey}) must not be before from (${fromKey})`;
    throw new DomainError('INVALID_RANGE', message, [{ field: 'to', message }]);
  }
  if (monthKey(addMonths(from, MAX_MONTHS - 1)) < toKey) {
    const message = `a report covers at most ${MAX_MONTHS} months`;
    throw new DomainError('VALIDATION_FAILED', message, [{ field: 'from', message }]);
  }
  const range = {
    from: new Date(shanghaiInstant(`${fromKey}-01`, '00:00')),
    to: new Date(shanghaiInstant(`${monthKey(addMonths(to, 1))}-01`, '00:00')),
  };
  const source = await listCoverageSource(deps.db, coverageScope(user), range);
  const rows = computeCoverage(
    source.map((s) => ({ ...s, key: q.groupBy === 'region' ? s.regionCode : (s.visitorId ?? UNASSIGNED) })),
    now,
  );
  const labels = await findLabels(deps.db, q.groupBy, [...new Set(rows.map((r) => r.key))]);
  return rows.map((r) => ({
    ...r,
    name: labels.get(r.key) ?? (r.key === UNASSIGNED ? '未分配回访员' : r.key),
  }));
}
