import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/db/audit.ts';
import { queryRows } from '../../src/db/database.ts';
import {
  assessmentRuns,
  billingMonthly,
  customerSatisfaction,
  customers,
  indicatorInputs,
  tierProposals,
  users,
} from '../../src/db/schema.ts';
import { runSweep } from '../../src/jobs/jobs.ts';
import {
  countRuns,
  runAssessmentNow,
  runMonthlyAssessment,
  waitForAssessments,
} from '../../src/modules/value/assessment.service.ts';
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

import { runDemo } from '../../src/modules/demo/demo.service.ts';
it('demo value', async () => {
  await ctx.deps.db.execute(sql`delete from assessment_runs`);
  const rep = await runDemo(ctx.deps, systemActor('demo'), { customers: 20, seed: 1 });
  console.log(JSON.stringify(rep.generated.value));
  const rows = await queryRows(ctx.deps.db, sql`select code, tier, stars, tier_effective_date from customers order by code`);
  console.log(rows);
  console.log(await queryRows(ctx.deps.db, sql`select kind, status, count(*) from tier_proposals group by 1,2`));
  console.log(await queryRows(ctx.deps.db, sql`select count(*) from tier_changes`));
  await ctx.close();
});
