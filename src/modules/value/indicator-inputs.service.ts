/**
 * Indicator inputs per customer and month (PRODUCT.md §2): the account manager's 1–5 judgements,
 * demand forecast and services moved out. Reads and writes are scoped like the customer itself
 * (out of scope → 404); writes are validated by the domain, applied in one transaction and
 * audited with before/after values.
 */
import type { Actor } from '../../db/audit.ts';
import { writeAudit } from '../../db/audit.ts';
import type { Executor } from '../../db/database.ts';
import type { Deps } from '../../deps.ts';
import { shanghaiDateOf } from '../../domain/calendar/dates.ts';
import { DomainError, type FieldIssue } from '../../domain/errors.ts';
import { ENTERABLE_INDICATORS, validateIndicatorInput } from '../../domain/value/indicators.ts';
import type { SessionUser } from '../auth/auth.service.ts';
import { loadScopedCustomer } from '../customers/customers.access.ts';
import { deleteInputs, findInputs, findPreviousInputs, upsertInputs } from './indicator-inputs.repo.ts';
import type { IndicatorInputsView } from './indicator-inputs.schema.ts';

/** The first day of the current month in Asia/Shanghai. */
export function currentPeriod(now: Date): string {
  return `${shanghaiDateOf(now.toISOString()).slice(0, 7)}-01`;
}

async function viewOf(ex: Executor, customerId: string, period: string): Promise<IndicatorInputsView> {
  const rows = await findInputs(ex, customerId, period);
  const previous = await findPreviousInputs(ex, customerId, period);
  const items = ENTERABLE_INDICATORS.map((ind) => {
    const row = rows.find((r) => r.indicator === ind.key);
    const prev = previous.find((p) => p.indicator === ind.key);
    return {
      indicator: ind.key,
      kind: ind.kind,
      value: row ? row.value : null,
      source: row ? row.source : null,
      enteredBy: row ? row.enteredBy : null,
      enteredByName: row ? row.enteredByName : null,
      enteredAt: row ? row.enteredAt.toISOString() : null,
      previousValue: prev ? prev.value : null,
      previousPeriod: prev ? prev.period : null,
    };
  });
  return {
    customerId,
    period,
    items,
    missing: items.filter((i) => i.value === null).map((i) => i.indicator),
  };
}

/** The enterable indicators of a customer for `period` (default: the current month). */
export async function getIndicatorInputs(
  deps: Deps,
  user: SessionUser,
  customerId: string,
  period?: string,
): Promise<IndicatorInputsView> {
  await loadScopedCustomer(deps.db, user, customerId);
  return viewOf(deps.db, customerId, period ?? currentPeriod(deps.now()));
}

/**
 * Sets (number) or clears (null) inputs of one customer and period. Every value is checked
 * first (fields `inputs.<key>`); nothing is written when one is bad.
 */
export async function putIndicatorInputs(
  deps: Deps,
  user: SessionUser,
  actor: Actor,
  customerId: string,
  period: string | undefined,
  input: { inputs: Record<string, number | null>; reason?: string | undefined },
): Promise<IndicatorInputsView> {
  const theperiod = period ?? currentPeriod(deps.now());
  const issues: FieldIssue[] = [];
  for (const [key, value] of Object.entries(input.inputs)) {
    if (value === null) {
      if (!ENTERABLE_INDICATORS.some((i) => i.key === key)) {
        issues.push({ field: `inputs.${key}`, message: `Unknown or non-enterable indicator '${key}'` });
      }
      continue;
    }
    const issue = validateIndicatorInput(key, value, `inputs.${key}`);
    if (issue) issues.push(issue);
  }
  if (issues.length > 0) {
    throw new DomainError('VALIDATION_FAILED', 'Some indicator inputs are invalid', issues);
  }
  return deps.db.transaction(async (tx) => {
    await loadScopedCustomer(tx, user, customerId, { forUpdate: true });
    const before = await findInputs(tx, customerId, theperiod);
    const at = deps.now();
    const set = Object.entries(input.inputs).filter((e): e is [string, number] => e[1] !== null);
    const cleared = Object.entries(input.inputs)
      .filter(([, v]) => v === null)
      .map(([k]) => k);
    await upsertInputs(
      tx,
      set.map(([indicator, value]) => ({
        customerId,
        period: theperiod,
        indicator,
        value,
        enteredBy: actor.name,
        enteredAt: at,
      })),
    );
    await deleteInputs(tx, customerId, theperiod, cleared);
    const beforeValues = Object.fromEntries(before.map((r) => [r.indicator, r.value]));
    await writeAudit(tx, actor, {
      action: 'update',
      entity: 'indicatorInputs',
      entityId: customerId,
      before: { period: theperiod, inputs: beforeValues },
      after: { period: theperiod, inputs: input.inputs },
      reason: input.reason ?? null,
    });
    return viewOf(tx, customerId, theperiod);
  });
}
