/**
 * Demo value model, assessment history and tier decisions (owner: value module).
 *
 * Inside the demo transaction: activates the default model, assesses every demo customer three
 * times — three months ago, last month and today — and decides the proposals as the `kam`
 * manager would (the same rows and fields as an approval in the tier inbox: customer tier,
 * stars, group class and effective date, a `tier_changes` row, the proposal approved, audited).
 * The first run's initial tiers are all approved; the last run leaves about ten proposals pending
 * (downgrades and upgrades first) so the tier inbox has work. Downgrades exist only because the
 * earlier runs confirmed them (the grace period).
 */
import { sql } from 'drizzle-orm';
import type { Actor } from '../../db/audit.ts';
import { type Db, type Executor, queryRows } from '../../db/database.ts';
import { shanghaiDateOf } from '../../domain/calendar/dates.ts';
import { ensureActiveModel, executeRun, type RunDeps, startAssessment } from '../value/assessment.service.ts';
import type { DemoGenerator } from './demo.service.ts';

/** Pending proposals left for the tier inbox after the demo. */
const LEAVE_PENDING = 10;

/** The day `months` calendar months before `day` (clamped to the month's end). */
function monthsBefore(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 - months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, last));
  return first.toISOString().slice(0, 10);
}

/**
 * Approves the run's pending proposals (all but `keep`) as `approver`, effective `day`: the
 * customer's tier fields, one `tier_changes` row and two audit entries per proposal, as the tier
 * inbox's approval writes them. Set-based, so two thousand customers take one statement each.
 */
async function approveRun(
  ex: Executor,
  runId: string,
  approver: string,
  day: string,
  at: Date,
  keep: number,
): Promise<number> {
  const atIso = at.toISOString();
  await ex.execute(sql`create temp table demo_approve on commit drop as
    select p.* from tier_proposals p where p.run_id = ${runId}::uuid and p.status = 'pending'
      and p.id not in (select k.id from tier_proposals k where k.run_id = ${runId}::uuid and k.status = 'pending'
        order by case k.kind when 'downgrade' then 0 when 'upgrade' then 1 else 2 end, k.score desc nulls last, k.id
        limit ${keep})`);
  await ex.execute(sql`insert into tier_changes (customer_id, proposal_id, from_tier, to_tier, from_stars, to_stars,
      from_group_class, to_group_class, effective_date, reason, model_version, score, snapshot, approved_by, at)
    select p.customer_id, p.id, c.tier, coalesce(p.to_tier, c.tier), c.stars, coalesce(p.to_stars, c.stars),
      c.group_class, coalesce(p.to_group_class, c.group_class), ${day}::date, p.reason, p.model_version, p.score,
      p.snapshot, ${approver}, ${atIso}::timestamptz
    from demo_approve p join customers c on c.id = p.customer_id`);
  await ex.execute(sql`insert into audit_log (actor_name, action, entity, entity_id, before, after, reason)
    select ${approver}, 'tier-change', 'customer', c.id::text,
      jsonb_build_object('tier', c.tier, 'stars', c.stars, 'groupClass', c.group_class,
        'tierEffectiveDate', c.tier_effective_date, 'version', c.version),
      jsonb_build_object('tier', coalesce(p.to_tier, c.tier), 'stars', coalesce(p.to_stars, c.stars),
        'groupClass', coalesce(p.to_group_class, c.group_class), 'tierEffectiveDate', ${day}::date,
        'version', c.version + 1, 'proposalId', p.id),
      p.reason
    from demo_approve p join customers c on c.id = p.customer_id`);
  await ex.execute(sql`update customers c set tier = coalesce(p.to_tier, c.tier),
      stars = coalesce(p.to_stars, c.stars), group_class = coalesce(p.to_group_class, c.group_class),
      tier_effective_date = ${day}::date, version = c.version + 1, updated_at = ${atIso}::timestamptz
    from demo_approve p where c.id = p.customer_id`);
  await ex.execute(sql`update tier_proposals t set status = 'approved', decided_by = ${approver},
      decided_at = ${atIso}::timestamptz, effective_date = ${day}::date
    from demo_approve p where t.id = p.id`);
  await ex.execute(sql`insert into audit_log (actor_name, action, entity, entity_id, before, after)
    select ${approver}, 'approve', 'tierProposal', p.id::text, '{"status":"pending"}'::jsonb,
      jsonb_build_object('status', 'approved', 'effectiveDate', ${day}::date, 'kind', p.kind,
        'toTier', p.to_tier, 'toStars', p.to_stars)
    from demo_approve p`);
  const [row] = await queryRows<{ n: number }>(ex, sql`select count(*)::int as n from demo_approve`);
  await ex.execute(sql`drop table demo_approve`);
  return Number(row?.n ?? 0);
}

export const valueDemo: DemoGenerator = {
  name: 'value',
  async run(ctx) {
    const [existing] = await queryRows<{ n: number }>(
      ctx.tx,
      sql`select count(*)::int as n from assessment_runs`,
    );
    await ensureActiveModel(ctx.tx, ctx.actor, ctx.now);
    if (Number(existing?.n ?? 0) > 0) return { runs: 0, assessments: 0, approved: 0, pending: 0 }; // a second demo load keeps the history
    const deps: RunDeps = { db: ctx.tx as unknown as Db, now: () => ctx.now, database: { engine: 'pglite' } };
    const today = shanghaiDateOf(ctx.now.toISOString());
    const actor: Actor = ctx.actor;
    const plan = [
      { asOf: monthsBefore(today, 3), keep: 0 },
      { asOf: monthsBefore(today, 1), keep: 0 },
      { asOf: today, keep: LEAVE_PENDING },
    ];
    let assessments = 0;
    let approved = 0;
    let pending = 0;
    for (const step of plan) {
      const run = await startAssessment(deps, actor, { asOf: step.asOf, trigger: 'cli' });
      const done = await executeRun(deps, run.id, actor, { readAhead: false });
      if (done.status !== 'done') throw new Error(`demo assessment failed: ${done.error}`);
      assessments += done.done;
      const n = await approveRun(ctx.tx, run.id, 'kam', step.asOf, ctx.now, step.keep);
      approved += n;
      pending = done.proposals - n;
    }
    return { runs: plan.length, assessments, approved, pending };
  },
};
