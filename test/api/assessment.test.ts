import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/db/audit.ts';
import { queryRows } from '../../src/db/database.ts';
import {
  assessmentRuns,
  assessments,
  billingMonthly,
  customerSatisfaction,
  customers,
  indicatorInputs,
  tierProposals,
  users,
  valueModels,
} from '../../src/db/schema.ts';
import { DEFAULT_MODEL } from '../../src/domain/value/model.ts';
import { runSweep } from '../../src/jobs/jobs.ts';
import { RUN_LOCK_SQL } from '../../src/modules/value/assessment.repo.ts';
import {
  countRuns,
  executeRun,
  recoverInterruptedRuns,
  runAssessmentNow,
  runMonthlyAssessment,
  startAssessment,
  waitForAssessments,
} from '../../src/modules/value/assessment.service.ts';
import { acquireRunLease } from '../../src/modules/value/assessment-lease.service.ts';
import { runAssessCommand } from '../../src/modules/value/value.cli.ts';
import { createTestContext, type TestContext } from '../harness.ts';

let ctx: TestContext;
const ids: Record<string, string> = {};
const AS_OF = '2026-06-15';

/** 12 billing months before June 2026: 2025-06 … 2026-05. */
const MONTHS = Array.from({ length: 12 }, (_, i) => {
  const d = new Date(Date.UTC(2025, 5 + i, 1));
  return d.toISOString().slice(0, 10);
});

/** A population: revenue per month in fen, and which extra data each customer has. */
const POPULATION = [
  { code: 'T-A01', revenue: 9_000_000, am: 'am1', tier: null, sat: 90, inputs: true },
  { code: 'T-A02', revenue: 6_000_000, am: 'am1', tier: null, sat: 70, inputs: true },
  { code: 'T-A03', revenue: 3_000_000, am: 'am2', tier: null, sat: null, inputs: false },
  { code: 'T-A04', revenue: 1_000_000, am: 'am2', tier: '5A', sat: 40, inputs: true },
  { code: 'T-A05', revenue: 500_000, am: 'am1', tier: null, sat: 50, inputs: false },
  { code: 'T-A06', revenue: 200_000, am: 'am2', tier: null, sat: 30, inputs: true },
] as const;

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2026-06-15T02:00:00Z');
  const db = ctx.deps.db;
  const us = await db.select({ id: users.id, username: users.username }).from(users);
  const userId = (name: string) => us.find((u) => u.username === name)!.id;
  for (const [i, p] of POPULATION.entries()) {
    const [row] = await db
      .insert(customers)
      .values({
        code: p.code,
        name: `测试客户${i + 1}`,
        industry: 'I',
        regionCode: p.am === 'am1' ? 'GD-GZ' : 'GD-SZ',
        accountManagerId: userId(p.am),
        tier: p.tier,
        stars: p.tier ? 5 : null,
        customerSince: `${2010 + i}-03-01`,
      })
      .returning();
    ids[p.code] = row!.id;
    await db.insert(billingMonthly).values(
      MONTHS.map((month, m) => ({
        customerId: row!.id,
        month,
        revenueFen: p.revenue + m * 1000,
        bandwidthFen: Math.round(p.revenue * 0.3),
        newServicesFen: Math.round(p.revenue * (0.05 + i * 0.02)),
        dedicatedCostFen: 10_000 * (i + 1),
        arrearsMonths: i === 5 && m === 11 ? 2 : 0,
        drivenFen: i < 3 ? p.revenue / 10 : null,
      })),
    );
    if (p.sat !== null) {
      await db.insert(customerSatisfaction).values({
        customerId: row!.id,
        period: '2026-03-01',
        satisfaction: p.sat,
        walletShare: 0.5,
        enteredBy: 'test',
      });
    }
    if (p.inputs) {
      const values = {
        priceSensitivity: 3,
        socialInfluence: 5 - (i % 5),
        businessCondition: 4,
        valueChainRole: 3,
        telecomDependence: 4,
        reciprocity: 3,
        demandForecast: p.revenue * 12,
        servicesMovedOut: i % 2,
      };
      await db.insert(indicatorInputs).values(
        Object.entries(values).map(([indicator, value]) => ({
          customerId: row!.id,
          period: '2026-01-01',
          indicator,
          value,
          enteredBy: 'test',
        })),
      );
      // a later input after asOf must be ignored
      await db.insert(indicatorInputs).values({
        customerId: row!.id,
        period: '2026-07-01',
        indicator: 'socialInfluence',
        value: 1,
        enteredBy: 'test',
      });
    }
  }
});
afterAll(async () => {
  await waitForAssessments();
  // pg-pool's end() resolves before its idle sockets are closed, so the harness's DROP DATABASE …
  // WITH (FORCE) can terminate one that is still closing; its 'error' would surface as unhandled.
  ctx.deps.database.pool?.on('error', () => {});
  await ctx.close();
});

const inject = async (method: 'GET' | 'POST', url: string, user: string, payload?: unknown) =>
  ctx.app.inject({ method, url, headers: await ctx.auth(user), ...(payload ? { payload } : {}) });

type AssessmentJson = {
  runId: string;
  modelVersion: number;
  asOf: string;
  total: number | null;
  indicatedTier: string | null;
  scores: Record<string, { raw: number; score: number }>;
  missing: string[];
};

describe('assessment runs', () => {
  let firstRun: string;

  it('assesses everyone: per-indicator scores, missing listed (not zero), stamped with the model', async () => {
    const res = await inject('POST', '/api/v1/assessment-runs?wait=true', 'analyst', { asOf: AS_OF });
    expect(res.statusCode).toBe(202);
    const run = res.json();
    expect(run).toMatchObject({
      status: 'done',
      asOf: AS_OF,
      scope: 'all',
      customerId: null,
      trigger: 'manual',
    });
    expect(run.done).toBe(run.total);
    expect(run.done).toBeGreaterThanOrEqual(POPULATION.length);
    firstRun = run.id;

    const history = await inject('GET', `/api/v1/customers/${ids['T-A01']}/assessments`, 'admin');
    expect(history.statusCode).toBe(200);
    const [a] = history.json<AssessmentJson[]>();
    expect(a!.runId).toBe(firstRun);
    expect(a!.modelVersion).toBe(run.modelVersion);
    expect(a!.scores.avgMonthlyRevenue!.raw).toBeCloseTo(9_000_000 + 5_500, 3);
    expect(a!.scores.avgMonthlyRevenue!.score).toBeGreaterThan(50);
    expect(a!.scores.socialInfluence).toEqual({ raw: 5, score: 100 }); // the July input is after asOf
    expect(a!.scores.satisfaction!.raw).toBe(90);
    expect(a!.scores.bandwidthShare!.raw).toBeCloseTo(0.3, 2);
    expect(a!.scores.relationshipYears!.raw).toBeGreaterThan(16);
    expect(a!.missing).toEqual([]);
    expect(a!.total).not.toBeNull();

    const [c] = (await inject('GET', `/api/v1/customers/${ids['T-A03']}/assessments`, 'admin')).json<
      AssessmentJson[]
    >();
    // no survey and no inputs: listed as missing, never scored as zero
    expect(c!.missing).toEqual(
      expect.arrayContaining([
        'satisfaction',
        'walletShare',
        'socialInfluence',
        'reciprocity',
        'demandForecast',
      ]),
    );
    expect(c!.scores.satisfaction).toBeUndefined();
    expect(c!.scores.reciprocity).toBeUndefined();
    const [f] = (await inject('GET', `/api/v1/customers/${ids['T-A06']}/assessments`, 'admin')).json<
      AssessmentJson[]
    >();
    expect(f!.scores.arrearsMonths!.raw).toBe(2); // the longest arrears stretch in the window
    expect(f!.missing).toContain('drivenRevenue');
  });

  it('creates initial proposals for customers without a tier, none for the unconfirmed downgrade', async () => {
    const rows = await ctx.deps.db
      .select()
      .from(tierProposals)
      .where(and(eq(tierProposals.runId, firstRun), inArray(tierProposals.customerId, Object.values(ids))));
    const byCustomer = new Map(rows.map((r) => [r.customerId, r]));
    const a1 = byCustomer.get(ids['T-A01']!);
    expect(a1).toMatchObject({
      kind: 'initial',
      status: 'pending',
      requestedBy: 'system:assessment',
      fromTier: null,
    });
    expect(a1!.toTier).toMatch(/^[1-5]A$/);
    expect(a1!.reason).toMatch(/评估总分/);
    expect(a1!.snapshot).toMatchObject({ asOf: AS_OF });
    expect((a1!.snapshot as { scores: object }).scores).toHaveProperty('avgMonthlyRevenue');
    // T-A04 is 5A but scores low: one assessment is not yet a confirmed downgrade
    expect(byCustomer.has(ids['T-A04']!)).toBe(false);
  });

  it('a rerun in the same month never confirms a downgrade (the grace period counts earlier months)', async () => {
    // "reassess" clicked twice the same day by T-A04's account manager, then a second run for
    // everyone later in June: all read the same bills as the first run, none is a further period
    for (let i = 0; i < 2; i++) {
      const res = await inject('POST', '/api/v1/assessment-runs?wait=true', 'am2', {
        customerId: ids['T-A04'],
        asOf: AS_OF,
      });
      expect(res.json()).toMatchObject({ status: 'done', done: 1, proposals: 0 });
    }
    const june = await runAssessmentNow(ctx.deps, systemActor('test'), {
      asOf: '2026-06-20',
      trigger: 'manual',
    });
    expect(june.status).toBe('done');
    const results = await ctx.deps.db
      .select({ tier: assessments.indicatedTier })
      .from(assessments)
      .where(eq(assessments.customerId, ids['T-A04']!));
    expect(results).toHaveLength(4);
    expect(results.every((r) => r.tier !== null && r.tier < '5A')).toBe(true); // each one lower
    const pending = await ctx.deps.db
      .select()
      .from(tierProposals)
      .where(and(eq(tierProposals.customerId, ids['T-A04']!), eq(tierProposals.status, 'pending')));
    expect(pending).toEqual([]);
  });

  it('keeps history across runs and proposes the downgrade after the grace run', async () => {
    const run = await runAssessmentNow(ctx.deps, systemActor('test'), {
      asOf: '2026-07-15',
      trigger: 'manual',
    });
    expect(run.status).toBe('done');
    const history = (await inject('GET', `/api/v1/customers/${ids['T-A04']}/assessments`, 'kam')).json<
      AssessmentJson[]
    >();
    expect(history.map((h) => h.asOf)).toEqual(['2026-07-15', '2026-06-20', AS_OF, AS_OF, AS_OF]);
    const pending = await ctx.deps.db
      .select()
      .from(tierProposals)
      .where(and(eq(tierProposals.customerId, ids['T-A04']!), eq(tierProposals.status, 'pending')));
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({ kind: 'downgrade', fromTier: '5A', runId: run.id });
    // the downgrade's reason names the confirming month; T-A01's initial proposals of the June
    // runs were each superseded by the next run's
    expect(pending[0]!.reason).toMatch(/2 个月份的评估均低于 5A/);
    const a1 = await ctx.deps.db
      .select()
      .from(tierProposals)
      .where(eq(tierProposals.customerId, ids['T-A01']!));
    expect(a1.map((p) => p.status).sort()).toEqual(['pending', 'superseded', 'superseded']);
  });

  it('supersedes a pending proposal the latest assessment no longer supports (both run paths)', async () => {
    const db = ctx.deps.db;
    const JULY = '2026-07-15';
    const indicated = async (code: string) => {
      const [row] = await db
        .select({ tier: assessments.indicatedTier })
        .from(assessments)
        .innerJoin(assessmentRuns, eq(assessmentRuns.id, assessments.runId))
        .where(
          and(
            eq(assessments.customerId, ids[code]!),
            eq(assessments.asOf, JULY),
            eq(assessmentRuns.scope, 'all'),
          ),
        );
      return row!.tier!;
    };
    const pendingOf = (code: string) =>
      db
        .select()
        .from(tierProposals)
        .where(and(eq(tierProposals.customerId, ids[code]!), eq(tierProposals.status, 'pending')));
    // T-A05 and T-A06 hold the July run's pending initial proposal; meanwhile their tier became the
    // one indicated (a proposal approved elsewhere): a new assessment proposes nothing for them
    const stalePending: Record<string, string> = {};
    for (const code of ['T-A05', 'T-A06']) {
      const tier = await indicated(code);
      const [pending, ...more] = await pendingOf(code);
      expect(more).toEqual([]);
      expect(pending).toMatchObject({ kind: 'initial', toTier: tier });
      stalePending[code] = pending!.id;
      await db
        .update(customers)
        .set({ tier, stars: Number(tier[0]) })
        .where(eq(customers.id, ids[code]!));
    }
    // the single-customer path ("reassess")
    const one = await inject('POST', '/api/v1/assessment-runs?wait=true', 'am1', {
      customerId: ids['T-A05'],
      asOf: JULY,
    });
    expect(one.json()).toMatchObject({ status: 'done', proposals: 0 });
    const [stale] = await db.select().from(tierProposals).where(eq(tierProposals.id, stalePending['T-A05']!));
    expect(stale).toMatchObject({
      status: 'superseded',
      decidedBy: 'system:assessment',
      decisionReason: `superseded by run ${one.json().id}`,
    });
    expect(await pendingOf('T-A05')).toEqual([]);
    // a manual override request is not an assessment's proposal: no later run supersedes it
    const [override] = await db
      .insert(tierProposals)
      .values({
        customerId: ids['T-A05']!,
        kind: 'override',
        toTier: '5A',
        toStars: 5,
        snapshot: {},
        reason: 'strategic account',
        requestedBy: 'kam',
      })
      .returning();
    // the streamed (PostgreSQL) or keyset path for everyone, in chunks of 2
    const all = await runAssessmentNow(
      ctx.deps,
      systemActor('test'),
      { asOf: JULY, trigger: 'manual' },
      { chunkSize: 2 },
    );
    expect(all.status).toBe('done');
    expect(await pendingOf('T-A06')).toEqual([]);
    const [staleAll] = await db
      .select()
      .from(tierProposals)
      .where(eq(tierProposals.id, stalePending['T-A06']!));
    expect(staleAll).toMatchObject({ status: 'superseded', decisionReason: `superseded by run ${all.id}` });
    expect(await pendingOf('T-A05')).toMatchObject([{ id: override!.id, status: 'pending' }]);
    // still re-proposed where the new result supports it: T-A04's confirmed downgrade
    expect(await pendingOf('T-A04')).toMatchObject([{ kind: 'downgrade', runId: all.id }]);
    await db
      .update(tierProposals)
      .set({ status: 'rejected', decidedBy: 'test', decidedAt: ctx.clock.now })
      .where(eq(tierProposals.id, override!.id));
  });

  it('assesses one customer against the whole population, for its account manager', async () => {
    const res = await inject('POST', '/api/v1/assessment-runs?wait=true', 'am1', {
      customerId: ids['T-A02'],
      asOf: '2026-07-15',
    });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({ status: 'done', total: 1, done: 1, customerId: ids['T-A02'] });
    const [latest, previous] = (
      await inject('GET', `/api/v1/customers/${ids['T-A02']}/assessments`, 'am1')
    ).json<AssessmentJson[]>();
    expect(latest!.runId).toBe(res.json().id);
    // same population statistics → the same scores as the run for everyone of the same day
    expect(latest!.scores.avgMonthlyRevenue).toEqual(previous!.scores.avgMonthlyRevenue);
    // why this total: each scored indicator's weight in it and weight × score add up to it
    const why = latest as AssessmentJson & {
      runStatus: string;
      breakdown: { indicator: string; raw: number; score: number; weight: number; contribution: number }[];
    };
    expect(why.runStatus).toBe('done');
    expect(why.breakdown.map((b) => b.indicator).sort()).toEqual(Object.keys(latest!.scores).sort());
    expect(why.breakdown.reduce((sum, b) => sum + b.weight, 0)).toBeCloseTo(1, 2);
    expect(why.breakdown.reduce((sum, b) => sum + b.contribution, 0)).toBeCloseTo(latest!.total!, 0);
    const revenue = why.breakdown.find((b) => b.indicator === 'avgMonthlyRevenue')!;
    expect(revenue.contribution).toBeCloseTo(revenue.weight * revenue.score, 1);
    for (const key of latest!.missing) expect(why.breakdown.some((b) => b.indicator === key)).toBe(false);
    const progress = await inject('GET', `/api/v1/assessment-runs/${res.json().id}`, 'am1');
    expect(progress.json()).toMatchObject({ done: 1, total: 1 });
  });

  it('scopes: 404 for another portfolio, 403 for an account manager assessing everyone', async () => {
    expect((await inject('GET', `/api/v1/customers/${ids['T-A01']}/assessments`, 'am2')).statusCode).toBe(
      404,
    );
    expect(
      (await inject('POST', '/api/v1/assessment-runs', 'am2', { customerId: ids['T-A01'] })).statusCode,
    ).toBe(404);
    expect((await inject('POST', '/api/v1/assessment-runs', 'am1', {})).statusCode).toBe(403);
    expect((await inject('POST', '/api/v1/assessment-runs', 'frontdesk', {})).statusCode).toBe(403);
    const bad = await inject('POST', '/api/v1/assessment-runs', 'admin', { asOf: '2026-02-30' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'INVALID_DATE', errors: [{ field: 'asOf' }] });
    const runs = (await inject('GET', '/api/v1/assessment-runs?limit=200', 'am2')).json<
      { customerId: string | null }[]
    >();
    expect(runs.some((r) => r.customerId === ids['T-A02'])).toBe(false);
    const mine = (await inject('GET', '/api/v1/assessment-runs?limit=200', 'am1')).json<
      { customerId: string | null }[]
    >();
    expect(mine.some((r) => r.customerId === ids['T-A02'])).toBe(true);
  });

  /** A run row left 'running' (as by a process killed mid-run), with `written` results already committed. */
  const insertRunningRun = async (p: { asOf: string; scope?: string; trigger?: 'manual' | 'schedule' }) => {
    const [v] = await queryRows<{ v: number }>(
      ctx.deps.db,
      sql`select version as v from value_models where status = 'active'`,
    );
    const [row] = await ctx.deps.db
      .insert(assessmentRuns)
      .values({
        modelVersion: v!.v,
        asOf: p.asOf,
        scope: p.scope ?? 'all',
        trigger: p.trigger ?? 'manual',
        status: 'running',
        total: 26,
        done: 1,
        startedBy: 'test',
        startedAt: ctx.clock.now,
      })
      .returning();
    return row!;
  };
  const runRow = async (id: string) =>
    (await ctx.deps.db.select().from(assessmentRuns).where(eq(assessmentRuns.id, id)))[0]!;
  const auditOf = (id: string) =>
    queryRows<{ action: string; actor_name: string; after: { status: string; error: string } }>(
      ctx.deps.db,
      sql`select action, actor_name, after from audit_log where entity = 'assessmentRun' and entity_id = ${id} order by id`,
    );

  it('refuses a second run for everyone while a live process executes one (ASSESSMENT_RUNNING), not once it died', async () => {
    const stuck = await insertRunningRun({ asOf: '2026-07-15' });
    // its executing process: on PostgreSQL another session holding the run's lock, on PGlite this one
    const pool = ctx.deps.database.pool;
    const other = pool ? await pool.connect() : null;
    const lease = other ? null : await acquireRunLease(ctx.deps.database, stuck.id);
    if (other) await other.query(RUN_LOCK_SQL, [stuck.id]);
    const res = await inject('POST', '/api/v1/assessment-runs', 'admin', {});
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'ASSESSMENT_RUNNING', runId: stuck.id });
    expect((await runRow(stuck.id)).status).toBe('running');
    // the process dies: its session ends and the server drops its locks
    if (other) {
      other.release(true);
      for (let i = 0; i < 100; i++) {
        const [held] = await queryRows<{ n: number }>(
          ctx.deps.db,
          sql`select count(*)::int as n from pg_locks where locktype = 'advisory' and objsubid = 2
                and objid::int = hashtext(${stuck.id}::text)`,
        );
        if (Number(held!.n) === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } else await lease!.release();
    const next = await inject('POST', '/api/v1/assessment-runs', 'admin', { asOf: '2026-07-15' });
    expect(next.statusCode).toBe(202);
    await waitForAssessments();
    expect(await runRow(stuck.id)).toMatchObject({ status: 'failed', error: 'interrupted' });
    expect((await runRow(next.json().id)).status).toBe('done');
  });

  it('a new run fails a run no process executes as interrupted (audited); its written results stay, marked', async () => {
    const customerId = ids['T-A03']!;
    const stuck = await insertRunningRun({ asOf: '2026-07-14' });
    // one chunk was committed before the process died
    await ctx.deps.db.insert(assessments).values({
      runId: stuck.id,
      customerId,
      modelVersion: stuck.modelVersion,
      asOf: '2026-07-14',
      total: 42,
      scores: { avgMonthlyRevenue: { raw: 3_000_000, score: 50 } },
      missing: ['satisfaction'],
    });
    // even a one-customer run (never blocked by it) clears it
    const res = await inject('POST', '/api/v1/assessment-runs?wait=true', 'admin', {
      customerId,
      asOf: '2026-07-14',
    });
    expect(res.statusCode).toBe(202);
    const failed = await runRow(stuck.id);
    expect(failed).toMatchObject({ status: 'failed', error: 'interrupted', done: 1 });
    expect(failed.finishedAt).not.toBeNull();
    expect(await auditOf(stuck.id)).toEqual([
      {
        action: 'fail',
        actor_name: 'system:assessment-recovery',
        after: expect.objectContaining({ status: 'failed', error: 'interrupted' }),
      },
    ]);
    const history = (await inject('GET', `/api/v1/customers/${customerId}/assessments`, 'admin')).json<
      (AssessmentJson & { runStatus: string; runError: string | null })[]
    >();
    expect(history.find((a) => a.runId === stuck.id)).toMatchObject({
      runStatus: 'failed',
      runError: 'interrupted',
      total: 42,
    });
    expect(history.find((a) => a.runId === res.json().id)).toMatchObject({
      runStatus: 'done',
      runError: null,
    });
  });

  it('at start-up and from the monthly job: runs of a stopped process fail, the ones executing here do not', async () => {
    const orphan = await insertRunningRun({ asOf: '2026-07-13', scope: ids['T-A01']! });
    const live = await insertRunningRun({ asOf: '2026-07-13', scope: ids['T-A02']! });
    const lease = await acquireRunLease(ctx.deps.database, live.id);
    try {
      expect(await recoverInterruptedRuns(ctx.deps)).toBe(1);
      expect(await runRow(orphan.id)).toMatchObject({ status: 'failed', error: 'interrupted' });
      expect((await runRow(live.id)).status).toBe('running');
    } finally {
      await lease.release();
    }
    await ctx.deps.db.update(assessmentRuns).set({ status: 'done' }).where(eq(assessmentRuns.id, live.id));
    // a scheduled run left 'running' no longer holds its month back
    const scheduled = await insertRunningRun({ asOf: '2026-09-01', trigger: 'schedule' });
    const report = await runMonthlyAssessment(ctx.deps, new Date('2026-09-02T01:00:00Z'));
    expect(report).toMatchObject({ started: 1, interrupted: 1, failed: 0 });
    expect(await runRow(scheduled.id)).toMatchObject({ status: 'failed', error: 'interrupted' });
  });

  it('a run failed as interrupted while it still executes stops at its next chunk and stays failed', async () => {
    const run = await startAssessment(ctx.deps, systemActor('test'), {
      asOf: '2026-07-12',
      customerId: ids['T-A04']!,
      trigger: 'manual',
    });
    // another process took it for dead (its lock had gone with its connection)
    await ctx.deps.db
      .update(assessmentRuns)
      .set({ status: 'failed', error: 'interrupted', finishedAt: ctx.clock.now })
      .where(eq(assessmentRuns.id, run.id));
    const after = await executeRun(ctx.deps, run.id, systemActor('test'));
    expect(after).toMatchObject({ status: 'failed', error: 'interrupted' });
    const written = await ctx.deps.db.select().from(assessments).where(eq(assessments.runId, run.id));
    expect(written).toHaveLength(0); // the chunk rolled back
    expect((await auditOf(run.id)).map((a) => a.action)).toEqual(['start']);
  });

  it('starts in the background and answers 202 with the running run', async () => {
    const res = await inject('POST', '/api/v1/assessment-runs', 'kam', { asOf: '2026-07-16' });
    expect(res.statusCode).toBe(202);
    expect(res.json().status).toBe('running');
    await waitForAssessments();
    const done = await inject('GET', `/api/v1/assessment-runs/${res.json().id}`, 'kam');
    expect(done.json()).toMatchObject({ status: 'done' });
    expect(done.json().done).toBe(done.json().total);
  });

  it('runs once per calendar month from the job, even when called twice at once', async () => {
    const at = new Date('2026-08-03T01:00:00Z');
    const before = await countRuns(ctx.deps.db, 'schedule');
    const [a, b] = await Promise.all([
      runMonthlyAssessment(ctx.deps, at),
      runMonthlyAssessment(ctx.deps, at),
    ]);
    expect([a!.started, b!.started].sort()).toEqual([0, 1]);
    const again = await runSweep({ ...ctx.deps, now: () => at }, new Date('2026-08-20T01:00:00Z'));
    expect(again.jobs.find((j) => j.name === 'monthly-assessment')!.result.started).toBe(0);
    expect(await countRuns(ctx.deps.db, 'schedule')).toBe(before + 1);
    const [scheduled] = await ctx.deps.db
      .select()
      .from(assessmentRuns)
      .where(and(eq(assessmentRuns.trigger, 'schedule'), eq(assessmentRuns.asOf, '2026-08-01')));
    expect(scheduled).toMatchObject({
      asOf: '2026-08-01',
      status: 'done',
      startedBy: 'job:monthly-assessment',
    });
  });

  it('tierline assess: by code, synchronously, with a summary', async () => {
    const summary = await runAssessCommand(ctx.deps, { at: '2026-08-05', customer: 'T-A05' });
    expect(summary).toMatchObject({ status: 'done', asOf: '2026-08-05', customers: 1 });
    expect(summary.seconds).toBeGreaterThanOrEqual(0);
    await expect(runAssessCommand(ctx.deps, { at: undefined, customer: 'NOPE' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('tiers by quota in a second pass over the ranked totals', async () => {
    const db = ctx.deps.db;
    const [active] = await db.select().from(valueModels).where(eq(valueModels.status, 'active'));
    const quota = {
      ...DEFAULT_MODEL,
      tiering: {
        scheme: 'telecom' as const,
        method: 'quota' as const,
        cuts: [0.02, 0.1, 0.25, 0.5],
        graceRuns: 1,
      },
    };
    await db.update(valueModels).set({ status: 'retired' }).where(eq(valueModels.version, active!.version));
    await db.insert(valueModels).values({
      version: active!.version + 100,
      name: 'quota',
      status: 'active',
      definition: quota,
      createdBy: 'test',
    });
    try {
      const run = await runAssessmentNow(ctx.deps, systemActor('test'), {
        asOf: '2026-07-20',
        trigger: 'manual',
      });
      expect(run).toMatchObject({ status: 'done', modelVersion: active!.version + 100 });
      const rows = await db
        .select({ total: assessments.total, tier: assessments.indicatedTier })
        .from(assessments)
        .where(eq(assessments.runId, run.id));
      const ranked = rows.filter((r) => r.total !== null).sort((a, b) => b.total! - a.total!);
      expect(ranked.length).toBeGreaterThan(20);
      // top 2 % → only the best of ~26 is 5A; a higher total never gets a lower tier
      expect(ranked[0]!.tier).toBe('5A');
      expect(ranked.filter((r) => r.tier === '5A')).toHaveLength(1);
      const rank = (t: string | null) => Number(t?.[0] ?? 0);
      for (let i = 1; i < ranked.length; i++)
        expect(rank(ranked[i]!.tier)).toBeLessThanOrEqual(rank(ranked[i - 1]!.tier));
      expect(ranked.at(-1)!.tier).toBe('1A'); // below the top 50 %
    } finally {
      await db
        .update(valueModels)
        .set({ status: 'retired' })
        .where(eq(valueModels.version, active!.version + 100));
      await db.update(valueModels).set({ status: 'active' }).where(eq(valueModels.version, active!.version));
    }
  });

  it('marks a run that fails as failed, with the error', async () => {
    const db = ctx.deps.db;
    await db
      .insert(valueModels)
      .values({ version: 999, name: 'broken', status: 'draft', definition: {}, createdBy: 'test' });
    const [row] = await db
      .insert(assessmentRuns)
      .values({
        modelVersion: 999,
        asOf: '2026-07-21',
        scope: 'all',
        trigger: 'manual',
        status: 'running',
        startedBy: 'test',
        startedAt: ctx.clock.now,
      })
      .returning();
    const failed = await executeRun(ctx.deps, row!.id, systemActor('test'));
    expect(failed.status).toBe('failed');
    expect(failed.error).toBeTruthy();
    expect(failed.finishedAt).not.toBeNull();
  });

  it('audits the run start and finish, not every row', async () => {
    const rows = await queryRows<{ action: string; n: number }>(
      ctx.deps.db,
      sql`select action, count(*)::int as n from audit_log where entity = 'assessmentRun' and entity_id = ${firstRun} group by action`,
    );
    expect(Object.fromEntries(rows.map((r) => [r.action, Number(r.n)]))).toEqual({ start: 1, finish: 1 });
  });

  it('gives the same results in many small chunks as in one (streamed on PostgreSQL, keyset on PGlite)', async () => {
    const asOf = '2026-10-15';
    const one = await runAssessmentNow(ctx.deps, systemActor('test'), { asOf, trigger: 'manual' });
    const many = await runAssessmentNow(
      ctx.deps,
      systemActor('test'),
      { asOf, trigger: 'manual' },
      { chunkSize: 3 },
    );
    expect(many).toMatchObject({ status: 'done', total: one.total, done: one.total });
    expect(one.total).toBeGreaterThan(6); // several chunks of 3
    const resultsOf = async (runId: string) =>
      new Map(
        (
          await queryRows<{
            customer_id: string;
            total: number | null;
            indicated_tier: string | null;
            missing: unknown;
          }>(
            ctx.deps.db,
            sql`select customer_id, total, indicated_tier, missing from assessments where run_id = ${runId}`,
          )
        ).map((r) => [r.customer_id, r]),
      );
    const a = await resultsOf(one.id);
    const b = await resultsOf(many.id);
    expect(b.size).toBe(a.size);
    for (const [customerId, row] of a) {
      expect(b.get(customerId), customerId).toMatchObject({
        total: row.total,
        indicated_tier: row.indicated_tier,
        missing: row.missing,
      });
    }
  });
});
