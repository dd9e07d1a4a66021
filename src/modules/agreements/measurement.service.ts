/**
 * Monthly measurement (PRODUCT.md §6 "Measurement and breach"): for every agreement in force during
 * a month, take outages from resolved fault tickets, compute each covered circuit's availability
 * and restore times (`monthlyAvailability`), upsert `sla_measurements`, and for an SLA commitment
 * whose month is over and breached raise `sla_availability` / `sla_restore` compensation slips
 * with the amount from the agreement's terms (`computeBreachCompensation`). One transaction per
 * agreement; idempotent (upsert, and `raiseSlip` raises once per source).
 */
import { sql } from 'drizzle-orm';
import { type Actor, systemActor } from '../../db/audit.ts';
import { type Executor, queryRows, type Tx } from '../../db/database.ts';
import { appMeta } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import type { ScopedUser } from '../../domain/access.ts';
import { formatYuan } from '../../domain/compensation/money.ts';
import { DomainError } from '../../domain/errors.ts';
import { monthBounds, monthlyAvailability, monthOf, shiftMonth } from '../../domain/sla/availability.ts';
import { type CompensationTerms, computeBreachCompensation } from '../../domain/sla/breach.ts';
import { formatPpm, type Targets } from '../../domain/sla/targets.ts';
import { raiseSlip } from '../compensation/compensation.service.ts';
import { findServiceLevels, listMeasurements, type ServiceLevel } from './agreements.repo.ts';
import { agreementScope, todayOf } from './agreements.service.ts';
import { syncTicketOutages } from './outages.service.ts';

type AgreementToMeasure = {
  id: string;
  agreementNumber: string;
  customerId: string;
  regionCode: string;
  version: number;
  kind: string;
  slaClass: string | null;
  targets: Targets;
  compensationTerms: CompensationTerms | null;
  circuitIds: string[];
};

export type MeasureResult = {
  month: string;
  complete: boolean;
  agreements: number;
  circuits: number;
  outagesFromTickets: number;
  availabilityBreaches: number;
  restoreBreaches: number;
  slipsRaised: number;
  slips: { id: string; slipNumber: string; kind: string; amountFen: number; created: boolean }[];
};

const lastDayOf = (month: string) => {
  const { end } = monthBounds(month);
  return todayOf(new Date(end - 1));
};

/** The agreements in force during `month` (optionally one, optionally within `user`'s scope). */
async function agreementsToMeasure(
  ex: Executor,
  month: string,
  agreementId: string | undefined,
  user: ScopedUser | null,
): Promise<AgreementToMeasure[]> {
  const { start } = monthBounds(month);
  const first = todayOf(new Date(start));
  const last = lastDayOf(month);
  return queryRows<AgreementToMeasure>(
    ex,
    sql`select a.id, a.agreement_number as "agreementNumber", a.customer_id as "customerId", a.region_code as "regionCode",
        v.version, v.kind, v.sla_class as "slaClass", v.targets, v.compensation_terms as "compensationTerms",
        v.circuit_ids as "circuitIds"
      from sla_agreements a join customers c on c.id = a.customer_id
      join sla_agreement_versions v on v.agreement_id = a.id and v.version = a.current_version
      where a.status = 'active' and v.valid_from <= ${last}::date and (v.valid_to is null or v.valid_to >= ${first}::date)
        ${agreementId ? sql`and a.id = ${agreementId}::uuid` : sql``}
        ${user ? sql`and ${agreementScope(user)}` : sql``}
      order by a.agreement_number`,
  );
}

const emptyResult = (month: string, complete: boolean, agreements: number): MeasureResult => ({
  month,
  complete,
  agreements,
  circuits: 0,
  outagesFromTickets: 0,
  availabilityBreaches: 0,
  restoreBreaches: 0,
  slipsRaised: 0,
  slips: [],
});

function checkStarted(month: string, at: Date): void {
  if (at.getTime() <= monthBounds(month).start)
    throw new DomainError('INVALID_RANGE', `month ${month} has not started yet`, [
      { field: 'month', message: 'in the future' },
    ]);
}

/** Measures `month` for every agreement in force during it (or one, visible to `user`); a transaction per agreement. */
export async function measureMonth(
  deps: Deps,
  actor: Actor,
  input: { month: string; agreementId?: string | undefined },
  user: ScopedUser | null,
): Promise<MeasureResult> {
  const at = deps.now();
  checkStarted(input.month, at);
  const agreements = await agreementsToMeasure(deps.db, input.month, input.agreementId, user);
  if (input.agreementId && agreements.length === 0) {
    const [exists] = await queryRows<{ id: string }>(
      deps.db,
      sql`select a.id from sla_agreements a join customers c on c.id = a.customer_id
        where a.id = ${input.agreementId}::uuid ${user ? sql`and ${agreementScope(user)}` : sql``}`,
    );
    if (!exists)
      throw new DomainError('NOT_FOUND', `No agreement ${input.agreementId}`, [
        { field: 'agreementId', message: 'no such agreement' },
      ]);
  }
  const result = emptyResult(input.month, at.getTime() >= monthBounds(input.month).end, agreements.length);
  for (const a of agreements) {
    await deps.db.transaction((tx) => measureAgreement(tx, actor, a, input.month, at, result));
  }
  return result;
}

/** The same inside the caller's transaction (the demo generator). */
export async function measureMonthIn(tx: Tx, actor: Actor, month: string, at: Date): Promise<MeasureResult> {
  checkStarted(month, at);
  const agreements = await agreementsToMeasure(tx, month, undefined, null);
  const result = emptyResult(month, at.getTime() >= monthBounds(month).end, agreements.length);
  for (const a of agreements) await measureAgreement(tx, actor, a, month, at, result);
  return result;
}

async function measureAgreement(
  tx: Tx,
  actor: Actor,
  a: AgreementToMeasure,
  month: string,
  at: Date,
  result: MeasureResult,
): Promise<void> {
  if (a.circuitIds.length === 0) return;
  const { start, end } = monthBounds(month);
  const window = { from: new Date(start), to: new Date(end) };
  result.outagesFromTickets += await syncTicketOutages(tx, actor, a.circuitIds, window, at);
  const circuits = await queryRows<{ id: string; circuitNumber: string }>(
    tx,
    sql`select id, circuit_number as "circuitNumber" from circuits
      where id in (${sql.join(
        a.circuitIds.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})`,
  );
  const numbers = new Map(circuits.map((k) => [k.id, k.circuitNumber]));
  for (const circuitId of a.circuitIds) {
    if (!numbers.has(circuitId)) continue;
    const outages = await queryRows<{
      id: string;
      startedAt: Date;
      restoredAt: Date | null;
      excluded: boolean;
    }>(
      tx,
      sql`select id, started_at as "startedAt", restored_at as "restoredAt", excluded from circuit_outages
        where circuit_id = ${circuitId}::uuid and started_at < ${window.to.toISOString()}::timestamptz
          and (restored_at is null or restored_at > ${window.from.toISOString()}::timestamptz)`,
    );
    const m = monthlyAvailability({
      month,
      targets: a.targets,
      now: at.getTime(),
      outages: outages.map((o) => ({
        id: o.id,
        startedAt: new Date(o.startedAt).getTime(),
        restoredAt: o.restoredAt === null ? null : new Date(o.restoredAt).getTime(),
        excluded: o.excluded,
      })),
    });
    result.circuits += 1;
    if (m.availabilityBreached) result.availabilityBreaches += 1;
    result.restoreBreaches += m.restoreBreaches;
    let compensation: ReturnType<typeof computeBreachCompensation> | null = null;
    const fee = a.compensationTerms?.monthlyFeesFen[circuitId];
    if (
      a.kind === 'sla_commitment' &&
      a.compensationTerms &&
      fee !== undefined &&
      m.complete &&
      (m.availabilityBreached || m.restoreBreaches > 0)
    ) {
      compensation = computeBreachCompensation({
        terms: a.compensationTerms,
        monthlyFeeFen: fee,
        targetAvailabilityPpm: a.targets.availabilityPpm,
        availabilityPpm: m.availabilityPpm,
        restoreBreaches: m.restoreBreaches,
      });
    }
    const detail = {
      window: { fromAt: m.fromAt, toAt: m.toAt, complete: m.complete },
      outages: m.detail,
      compensation,
    };
    await tx.execute(sql`insert into sla_measurements (agreement_id, agreement_version, circuit_id, customer_id, month,
        minutes_in_month, outage_minutes, outage_count, availability_ppm, target_availability_ppm, target_restore_minutes,
        max_restore_minutes, restore_breaches, availability_breached, detail, computed_at)
      values (${a.id}::uuid, ${a.version}, ${circuitId}::uuid, ${a.customerId}::uuid, ${month}, ${m.minutesInMonth},
        ${m.outageMinutes}, ${m.outageCount}, ${m.availabilityPpm}, ${m.targetAvailabilityPpm}, ${m.targetRestoreMinutes},
        ${m.maxRestoreMinutes}, ${m.restoreBreaches}, ${m.availabilityBreached}, ${JSON.stringify(detail)}::jsonb,
        ${at.toISOString()}::timestamptz)
      on conflict (agreement_id, circuit_id, month) do update set agreement_version = excluded.agreement_version,
        minutes_in_month = excluded.minutes_in_month, outage_minutes = excluded.outage_minutes,
        outage_count = excluded.outage_count, availability_ppm = excluded.availability_ppm,
        target_availability_ppm = excluded.target_availability_ppm, target_restore_minutes = excluded.target_restore_minutes,
        max_restore_minutes = excluded.max_restore_minutes, restore_breaches = excluded.restore_breaches,
        availability_breached = excluded.availability_breached, detail = excluded.detail, computed_at = excluded.computed_at`);
    if (!compensation) continue;
    const sourceRef = `${a.id}:${circuitId}:${month}`;
    const circuitNumber = numbers.get(circuitId)!;
    const common = {
      sourceRef,
      customerId: a.customerId,
      regionCode: a.regionCode,
      agreementId: a.id,
      circuitId,
      period: month,
    };
    const shared = {
      agreementNumber: a.agreementNumber,
      agreementVersion: a.version,
      slaClass: a.slaClass,
      circuitNumber,
      month,
      monthlyFeeFen: compensation.monthlyFeeFen,
      capPercent: a.compensationTerms!.capPercent,
      capFen: compensation.capFen,
    };
    if (compensation.availability.amountFen > 0) {
      const av = compensation.availability;
      const slip = await raiseSlip(
        tx,
        {
          ...common,
          kind: 'sla_availability',
          amountFen: av.amountFen,
          basis: {
            ...shared,
            rule: 'availability shortfall step × monthly fee',
            targetAvailabilityPpm: av.targetPpm,
            availabilityPpm: av.actualPpm,
            shortfallPpm: av.shortfallPpm,
            step: av.step,
            percent: av.percent,
            outageMinutes: m.outageMinutes,
            minutesInMonth: m.minutesInMonth,
            explanation: `${month} 电路 ${circuitNumber} 可用率 ${formatPpm(av.actualPpm)} 低于承诺 ${formatPpm(av.targetPpm)}(差 ${av.shortfallPpm} ppm),按 ${av.percent}% × 月租 ¥${formatYuan(compensation.monthlyFeeFen)} = ¥${formatYuan(av.amountFen)}`,
          },
        },
        at,
        actor,
      );
      result.slips.push({ ...slip, kind: 'sla_availability', amountFen: av.amountFen });
      if (slip.created) result.slipsRaised += 1;
    }
    if (compensation.restore.amountFen > 0) {
      const r = compensation.restore;
      const slip = await raiseSlip(
        tx,
        {
          ...common,
          kind: 'sla_restore',
          amountFen: r.amountFen,
          basis: {
            ...shared,
            rule: 'restore breaches × percent per breach × monthly fee, within the cap',
            targetRestoreMinutes: a.targets.restoreMinutes,
            maxRestoreMinutes: m.maxRestoreMinutes,
            restoreBreaches: r.breaches,
            percentPerBreach: r.percentPerBreach,
            percent: r.percent,
            rawAmountFen: r.rawAmountFen,
            explanation: `${month} 电路 ${circuitNumber} 有 ${r.breaches} 次故障超过 ${a.targets.restoreMinutes} 分钟恢复时限,按 ${r.breaches} × ${r.percentPerBreach}% × 月租 ¥${formatYuan(compensation.monthlyFeeFen)} = ¥${formatYuan(r.rawAmountFen)}${r.amountFen < r.rawAmountFen ? `,封顶后 ¥${formatYuan(r.amountFen)}` : ''}`,
          },
        },
        at,
        actor,
      );
      result.slips.push({ ...slip, kind: 'sla_restore', amountFen: r.amountFen });
      if (slip.created) result.slipsRaised += 1;
    }
  }
}

const MEASURED_KEY = 'sla.measured';

/**
 * The monthly job: once the previous month is over, measure it (once; the marker in `app_meta`
 * records the last month done — a second process measuring too is harmless, everything upserts).
 */
export async function runMonthlyMeasurement(deps: Deps, at: Date): Promise<Record<string, number>> {
  const previous = shiftMonth(monthOf(at.getTime()), -1);
  const [marker] = await queryRows<{ month: string }>(
    deps.db,
    sql`select value->>'month' as month from app_meta where key = ${MEASURED_KEY}`,
  );
  if (marker && marker.month >= previous) return { measured: 0 };
  const result = await measureMonth(
    { ...deps, now: () => at },
    systemActor('job:sla-measurement'),
    { month: previous },
    null,
  );
  await deps.db
    .insert(appMeta)
    .values({ key: MEASURED_KEY, value: { month: previous, at: at.toISOString() }, updatedAt: at })
    .onConflictDoUpdate({
      target: appMeta.key,
      set: { value: { month: previous, at: at.toISOString() }, updatedAt: at },
    });
  return {
    measured: 1,
    agreements: result.agreements,
    circuits: result.circuits,
    outagesFromTickets: result.outagesFromTickets,
    slipsRaised: result.slipsRaised,
  };
}

// ------------------------------------------------------------------ reads

export async function listAgreementMeasurements(
  deps: Deps,
  user: ScopedUser,
  agreementId: string,
  q: { from?: string | undefined; to?: string | undefined },
) {
  const [visible] = await queryRows<{ id: string }>(
    deps.db,
    sql`select a.id from sla_agreements a join customers c on c.id = a.customer_id
      where a.id = ${agreementId}::uuid and ${agreementScope(user)}`,
  );
  if (!visible) throw new DomainError('NOT_FOUND', `No agreement ${agreementId}`);
  const rows = await listMeasurements(deps.db, { agreementId, from: q.from, to: q.to });
  return rows.map((r) => ({ ...r, detail: r.detail ?? {}, computedAt: r.computedAt.toISOString() }));
}

/**
 * A circuit's availability for the last `months` months (this one included): the stored
 * measurement where there is one, else computed now from its outages against its level's targets.
 */
export async function circuitAvailability(deps: Deps, user: ScopedUser, circuitId: string, months: number) {
  const now = deps.now();
  const [circuit] = await queryRows<{ id: string; circuitNumber: string }>(
    deps.db,
    sql`select k.id, k.circuit_number as "circuitNumber" from circuits k join customers c on c.id = k.customer_id
      where k.id = ${circuitId}::uuid and ${agreementScope(user)}`,
  );
  if (!circuit) throw new DomainError('NOT_FOUND', `No circuit ${circuitId}`);
  const levels = await findServiceLevels(deps.db, [circuitId], todayOf(now));
  const level: ServiceLevel | null = levels.get(circuitId) ?? null;
  const thisMonth = monthOf(now.getTime());
  const firstMonth = shiftMonth(thisMonth, -(months - 1));
  const measured = new Map<string, Awaited<ReturnType<typeof listMeasurements>>[number]>();
  for (const m of await listMeasurements(deps.db, { circuitId, from: firstMonth, to: thisMonth }))
    if (!measured.has(m.month) || (level && m.agreementId === level.agreementId)) measured.set(m.month, m);
  const from = new Date(monthBounds(firstMonth).start);
  const outages = (
    await queryRows<{ id: string; startedAt: Date; restoredAt: Date | null; excluded: boolean }>(
      deps.db,
      sql`select id, started_at as "startedAt", restored_at as "restoredAt", excluded from circuit_outages
        where circuit_id = ${circuitId}::uuid and (restored_at is null or restored_at > ${from.toISOString()}::timestamptz)`,
    )
  ).map((o) => ({
    id: o.id,
    startedAt: new Date(o.startedAt).getTime(),
    restoredAt: o.restoredAt === null ? null : new Date(o.restoredAt).getTime(),
    excluded: o.excluded,
  }));
  const points = [];
  for (let i = 0; i < months; i += 1) {
    const month = shiftMonth(firstMonth, i);
    const stored = measured.get(month);
    if (stored) {
      points.push({
        month,
        availabilityPpm: stored.availabilityPpm,
        targetAvailabilityPpm: stored.targetAvailabilityPpm,
        outageMinutes: stored.outageMinutes,
        outageCount: stored.outageCount,
        maxRestoreMinutes: stored.maxRestoreMinutes,
        restoreBreaches: stored.restoreBreaches,
        availabilityBreached: stored.availabilityBreached,
        measured: true,
        complete: (stored.detail as { window?: { complete?: boolean } }).window?.complete ?? true,
      });
      continue;
    }
    const m = monthlyAvailability({ month, outages, targets: level?.targets ?? null, now: now.getTime() });
    points.push({
      month,
      availabilityPpm: m.availabilityPpm,
      targetAvailabilityPpm: m.targetAvailabilityPpm,
      outageMinutes: m.outageMinutes,
      outageCount: m.outageCount,
      maxRestoreMinutes: m.maxRestoreMinutes,
      restoreBreaches: m.restoreBreaches,
      availabilityBreached: m.availabilityBreached,
      measured: false,
      complete: m.complete,
    });
  }
  return { circuitId, circuitNumber: circuit.circuitNumber, serviceLevel: level, months: points };
}
