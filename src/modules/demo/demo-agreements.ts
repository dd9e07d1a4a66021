/**
 * Demo SLA agreements (issue 6 item 9): for up to 16 key accounts with circuits, an approved
 * agreement of each kind and class in turn (AAA, AA, A, maintenance M1–M3, quality only, with
 * after-sales levels), one with a pending upgrade and one awaiting its first approval; outages on
 * the covered circuits over the last three months (some long enough to breach), then the
 * measurement of those months — which takes outages from resolved fault tickets too and raises
 * the slips of the breached SLA commitments — and of the running month.
 *
 * Idempotent: agreements have fixed numbers (`SLA<validFrom>-9000nn`, inserted once); outages are
 * only added with a newly inserted agreement; measurements upsert and slips are raised once.
 */
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/database.ts';
import { formatDocumentNumber } from '../../domain/numbers.ts';
import { monthBounds, monthOf, shiftMonth } from '../../domain/sla/availability.ts';
import { defaultTargets } from '../../domain/sla/targets.ts';
import { getSlaSettings } from '../agreements/agreements.service.ts';
import { measureMonthIn } from '../agreements/measurement.service.ts';
import type { DemoContext, DemoGenerator } from './demo.service.ts';

type Plan = {
  kind: 'sla_commitment' | 'maintenance' | 'quality_only';
  slaClass: 'AAA' | 'AA' | 'A' | null;
  maintenanceLevel: 'M1' | 'M2' | 'M3' | null;
  afterSalesLevel: 'SL1' | 'SL2' | 'SL3' | null;
  title: string;
  /** approved: v1 in force; upgrade: v1 in force and v2 pending; pending: v1 awaiting approval. */
  state: 'approved' | 'upgrade' | 'pending';
};

const PLANS: Plan[] = [
  {
    kind: 'sla_commitment',
    slaClass: 'AAA',
    maintenanceLevel: null,
    afterSalesLevel: 'SL1',
    title: '核心生产专线 SLA 质量保证承诺',
    state: 'approved',
  },
  {
    kind: 'sla_commitment',
    slaClass: 'AA',
    maintenanceLevel: null,
    afterSalesLevel: 'SL2',
    title: '分支互联电路 SLA 质量保证承诺',
    state: 'upgrade',
  },
  {
    kind: 'sla_commitment',
    slaClass: 'A',
    maintenanceLevel: null,
    afterSalesLevel: 'SL3',
    title: '办公互联网专线 SLA 承诺',
    state: 'approved',
  },
  {
    kind: 'maintenance',
    slaClass: null,
    maintenanceLevel: 'M1',
    afterSalesLevel: 'SL1',
    title: '重要电路维护质量保证(一级)',
    state: 'approved',
  },
  {
    kind: 'maintenance',
    slaClass: null,
    maintenanceLevel: 'M2',
    afterSalesLevel: null,
    title: '电路维护质量保证(二级)',
    state: 'approved',
  },
  {
    kind: 'sla_commitment',
    slaClass: 'AAA',
    maintenanceLevel: null,
    afterSalesLevel: 'SL1',
    title: '数据中心互联 SLA 承诺',
    state: 'approved',
  },
  {
    kind: 'quality_only',
    slaClass: null,
    maintenanceLevel: null,
    afterSalesLevel: 'SL3',
    title: '招标项目质量水平承诺',
    state: 'approved',
  },
  {
    kind: 'maintenance',
    slaClass: null,
    maintenanceLevel: 'M3',
    afterSalesLevel: null,
    title: '电路维护质量保证(三级)',
    state: 'approved',
  },
  {
    kind: 'sla_commitment',
    slaClass: 'AA',
    maintenanceLevel: null,
    afterSalesLevel: 'SL2',
    title: '营业网点专线 SLA 承诺',
    state: 'pending',
  },
];

const MAX_AGREEMENTS = 16;
/** Outage lengths in minutes: short ones, and a few that break a 2 h / 4 h / 8 h restore target. */
const DURATIONS = [3, 8, 15, 25, 40, 70, 95, 150, 260, 520];
const MONTHLY_FEES_FEN = [300_000, 500_000, 800_000, 1_200_000, 2_000_000];

type Candidate = { id: string; regionCode: string; am: string | null; circuitIds: string[] };

async function candidates(ctx: DemoContext): Promise<Candidate[]> {
  return queryRows<Candidate>(
    ctx.tx,
    sql`select c.id, c.region_code as "regionCode", c.account_manager_id as am,
        array_agg(k.id::text order by k.circuit_number) as "circuitIds"
      from customers c join circuits k on k.customer_id = c.id and k.status <> 'terminated'
      where c.status = 'active' and c.tier is not null and c.account_manager_id is not null
        and not exists (select 1 from sla_agreement_circuits ac where ac.circuit_id = k.id)
      group by c.id order by c.code limit ${MAX_AGREEMENTS}`,
  );
}

export const agreementsDemo: DemoGenerator = {
  name: 'agreements',
  async run(ctx) {
    const { tx, rng, now, actor } = ctx;
    const settings = await getSlaSettings(tx);
    const [kam] = await queryRows<{ id: string }>(tx, sql`select id from users where username = 'kam'`);
    const thisMonth = monthOf(now.getTime());
    const validFrom = `${shiftMonth(thisMonth, -6)}-01`;
    const validTo = `${shiftMonth(thisMonth, 18)}-01`;
    const fromAt = new Date(monthBounds(validFrom.slice(0, 7)).start);
    let agreements = 0;
    let outages = 0;
    const list = await candidates(ctx);
    for (const [i, c] of list.entries()) {
      const plan = PLANS[i % PLANS.length]!;
      const number = formatDocumentNumber('SLA', fromAt, 900_001 + i);
      const circuitIds = c.circuitIds.slice(0, 3);
      const targets = defaultTargets(settings, plan);
      const fees = Object.fromEntries(circuitIds.map((id) => [id, rng.pick(MONTHLY_FEES_FEN)]));
      const terms =
        plan.kind === 'sla_commitment' ? { ...settings.compensation, monthlyFeesFen: fees } : null;
      const afterSales = plan.afterSalesLevel
        ? {
            designatedEngineer: rng.pick(['王工', '陈工', '刘工', '黄工']),
            engineerPhone: `1380000${String(1000 + i).slice(-4)}`,
            responseMinutes: { SL1: 15, SL2: 30, SL3: 60 }[plan.afterSalesLevel],
            onSiteHours: { SL1: 2, SL2: 4, SL3: 8 }[plan.afterSalesLevel],
            reports: plan.afterSalesLevel === 'SL3' ? 'quarterly' : 'monthly',
            optimisation: plan.afterSalesLevel === 'SL1',
          }
        : null;
      const approved = plan.state !== 'pending';
      const [row] = await queryRows<{ id: string }>(
        tx,
        sql`insert into sla_agreements (agreement_number, customer_id, region_code, title, current_version, status,
            created_by, created_at, updated_at)
          values (${number}, ${c.id}::uuid, ${c.regionCode}, ${plan.title}, ${approved ? 1 : null}::int,
            ${approved ? 'active' : 'draft'}, ${actor.name}, ${fromAt.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz)
          on conflict (agreement_number) do nothing returning id`,
      );
      if (!row) continue;
      agreements += 1;
      const submitted = new Date(fromAt.getTime() - 5 * 86_400_000).toISOString();
      const version = (v: number, status: string, p: Plan, t: typeof targets, ct: typeof terms, at: string) =>
        sql`insert into sla_agreement_versions (agreement_id, version, kind, sla_class, maintenance_level, after_sales_level,
            targets, compensation_terms, after_sales, circuit_ids, valid_from, valid_to, status, created_by, created_at,
            submitted_by, submitted_at, decided_by, decided_at)
          values (${row.id}::uuid, ${v}, ${p.kind}, ${p.slaClass}, ${p.maintenanceLevel}, ${p.afterSalesLevel},
            ${JSON.stringify(t)}::jsonb, ${ct === null ? null : JSON.stringify(ct)}::jsonb,
            ${afterSales === null ? null : JSON.stringify(afterSales)}::jsonb, ${JSON.stringify(circuitIds)}::jsonb,
            ${validFrom}::date, ${validTo}::date, ${status}, ${actor.name}, ${at}::timestamptz,
            ${c.am}, ${at}::timestamptz, ${status === 'approved' ? (kam?.id ?? null) : null},
            ${status === 'approved' ? at : null}::timestamptz)`;
      await tx.execute(version(1, approved ? 'approved' : 'pending', plan, targets, terms, submitted));
      if (plan.state === 'upgrade') {
        const up: Plan = { ...plan, slaClass: 'AAA', afterSalesLevel: 'SL1' };
        await tx.execute(
          version(
            2,
            'pending',
            up,
            defaultTargets(settings, up),
            terms,
            new Date(now.getTime() - 2 * 86_400_000).toISOString(),
          ),
        );
      }
      if (!approved) continue;
      for (const circuitId of circuitIds)
        await tx.execute(sql`insert into sla_agreement_circuits (agreement_id, circuit_id)
          values (${row.id}::uuid, ${circuitId}::uuid) on conflict do nothing`);
      // Outages in each of the last three months, on distinct days so they never overlap.
      for (const circuitId of circuitIds) {
        for (let back = 3; back >= 1; back -= 1) {
          const { start } = monthBounds(shiftMonth(thisMonth, -back));
          const count = rng.int(0, 2);
          const first = rng.int(0, 26);
          const days = count === 0 ? [] : count === 1 ? [first] : [first, (first + rng.int(1, 25)) % 27];
          for (const day of days) {
            const startedAt = new Date(start + (day + 1) * 86_400_000 + rng.int(0, 20) * 3_600_000);
            const minutes = rng.pick(DURATIONS);
            const restoredAt = new Date(startedAt.getTime() + minutes * 60_000 + rng.int(0, 59) * 1_000);
            const excluded = rng.next() < 0.1;
            await tx.execute(sql`insert into circuit_outages (circuit_id, customer_id, started_at, restored_at, source,
                cause, excluded, created_by, created_at)
              values (${circuitId}::uuid, ${c.id}::uuid, ${startedAt.toISOString()}::timestamptz,
                ${restoredAt.toISOString()}::timestamptz, 'manual',
                ${excluded ? '客户机房停电(客户原因)' : rng.pick(['光缆被挖断', '传输设备板卡故障', '局端电源故障', '用户端设备故障', '割接超时'])},
                ${excluded}, ${actor.name}, ${restoredAt.toISOString()}::timestamptz)`);
            outages += 1;
          }
        }
      }
    }
    // Measure the last three months (slips on breaches) and the running one (ticket outages, no slips).
    let slips = 0;
    let fromTickets = 0;
    for (let back = 3; back >= 0; back -= 1) {
      // As the monthly job would: a closed month on the 1st of the next at 03:00 (Shanghai), so
      // its slips carry that date; the running month now.
      const month = shiftMonth(thisMonth, -back);
      const closedAt = monthBounds(shiftMonth(month, 1)).start + 3 * 3_600_000;
      const result = await measureMonthIn(tx, actor, month, new Date(Math.min(closedAt, now.getTime())));
      slips += result.slipsRaised;
      fromTickets += result.outagesFromTickets;
    }
    return { agreements, outages, outagesFromTickets: fromTickets, slips };
  },
};
