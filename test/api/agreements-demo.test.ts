/**
 * The agreements demo (issue 6 item 9): agreements of each kind (approved, one pending, one with a
 * pending upgrade), outages over three months, measurements and the slips of breached SLA
 * commitments; a second run adds nothing.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/db/audit.ts';
import { queryRows } from '../../src/db/database.ts';
import { runDemo } from '../../src/modules/demo/demo.service.ts';
import { createTestContext, type TestContext } from '../harness.ts';

let ctx: TestContext;

const counts = async () =>
  (
    await queryRows<{
      agreements: number;
      versions: number;
      outages: number;
      measurements: number;
      slips: number;
    }>(
      ctx.deps.db,
      sql`select (select count(*)::int from sla_agreements) as agreements,
        (select count(*)::int from sla_agreement_versions) as versions,
        (select count(*)::int from circuit_outages) as outages,
        (select count(*)::int from sla_measurements) as measurements,
        (select count(*)::int from compensation_slips where kind in ('sla_availability', 'sla_restore')) as slips`,
    )
  )[0]!;

beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

describe('agreements demo', () => {
  it('has agreements of each kind, pending versions, outages, measurements and slips', async () => {
    const kinds = await queryRows<{ kind: string; status: string; n: number }>(
      ctx.deps.db,
      sql`select v.kind, v.status, count(*)::int as n from sla_agreement_versions v group by 1, 2 order by 1, 2`,
    );
    const has = (kind: string, status: string) => kinds.some((k) => k.kind === kind && k.status === status);
    expect(has('sla_commitment', 'approved')).toBe(true);
    expect(has('maintenance', 'approved')).toBe(true);
    expect(has('quality_only', 'approved')).toBe(true);
    expect(has('sla_commitment', 'pending')).toBe(true);
    const c = await counts();
    expect(c.outages).toBeGreaterThan(0);
    expect(c.measurements).toBeGreaterThan(0);
    expect(c.slips).toBeGreaterThan(0);
    // Every covered circuit shows its level through the API.
    const [covered] = await queryRows<{ id: string; customerId: string }>(
      ctx.deps.db,
      sql`select ac.circuit_id as id, k.customer_id as "customerId" from sla_agreement_circuits ac
        join circuits k on k.id = ac.circuit_id limit 1`,
    );
    const res = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/customers/${covered!.customerId}/circuits`,
      headers: await ctx.auth('admin'),
    });
    expect(
      res.json<{ id: string; serviceLevel: unknown }[]>().find((k) => k.id === covered!.id)?.serviceLevel,
    ).not.toBeNull();
  });

  it('is idempotent', async () => {
    const before = await counts();
    await runDemo(ctx.deps, systemActor('test:demo'), { customers: 20, seed: 1 });
    expect(await counts()).toEqual(before);
  });
});
