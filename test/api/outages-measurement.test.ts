/**
 * Outages and monthly measurement (issue 6 item 5): manual entry with its order and overlap checks,
 * outages taken from resolved fault tickets, availability and restore times, breach slips raised
 * once with the amount from the terms, the monthly job, and the circuit availability series.
 */
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/db/audit.ts';
import { queryRows } from '../../src/db/database.ts';
import { runMonthlyMeasurement } from '../../src/modules/agreements/measurement.service.ts';
import { changeTicketStatus, createTicketTx } from '../../src/modules/tickets/tickets.service.ts';
import { createTestContext, type TestContext } from '../harness.ts';
import {
  AAA_BODY,
  type AgreementDetail,
  approvedAgreement,
  type Circuit,
  customerWithCircuits,
  get,
  post,
} from './agreements-fixtures.ts';

let ctx: TestContext;
let customerId: string;
let circuits: Circuit[];
let agreement: AgreementDetail;
let maintenance: AgreementDetail;
let maintenanceCircuit: Circuit;

const NOW = '2026-12-07T02:00:00.000Z';
type Problem = { code: string; errors?: { field: string }[] };
type Outage = {
  id: string;
  source: string;
  ticketId: string | null;
  restoredAt: string | null;
  durationMinutes: number | null;
};
type Measure = {
  month: string;
  complete: boolean;
  agreements: number;
  circuits: number;
  outagesFromTickets: number;
  availabilityBreaches: number;
  restoreBreaches: number;
  slipsRaised: number;
  slips: { id: string; kind: string; amountFen: number; created: boolean }[];
};

const patch = async (url: string, who: string, payload: Record<string, unknown>) =>
  ctx.app.inject({ method: 'PATCH', url, headers: await ctx.auth(who), payload });

beforeAll(async () => {
  ctx = await createTestContext({
    config: { SESSION_TTL_HOURS: 24 * 365, SESSION_IDLE_MINUTES: 60 * 24 * 365 },
    now: NOW,
  });
  ({ customerId, circuits } = await customerWithCircuits(ctx, 3));
  agreement = await approvedAgreement(ctx, {
    ...AAA_BODY(customerId, circuits.slice(0, 2)),
    validFrom: '2026-10-01',
  });
  maintenanceCircuit = circuits[2]!;
  maintenance = await approvedAgreement(ctx, {
    customerId,
    title: '维护保障',
    kind: 'maintenance',
    maintenanceLevel: 'M1',
    circuitIds: [maintenanceCircuit.id],
    validFrom: '2026-10-01',
  });
});
afterAll(() => ctx.close());

describe('outage entry', () => {
  it('records an outage (ops), and refuses other roles', async () => {
    const body = {
      circuitId: circuits[0]!.id,
      startedAt: '2026-11-10T09:00:00+08:00',
      restoredAt: '2026-11-10T12:00:00+08:00',
      cause: '光缆被挖断',
    };
    expect((await post(ctx, '/api/v1/outages', 'am1', body)).statusCode).toBe(403);
    const res = await post(ctx, '/api/v1/outages', 'ops', body);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json<Outage>()).toMatchObject({ source: 'manual', durationMinutes: 180 });
  });

  it.each([
    [
      'ends before it starts',
      { startedAt: '2026-11-12T10:00:00Z', restoredAt: '2026-11-12T09:00:00Z' },
      400,
      'INVALID_RANGE',
      'restoredAt',
    ],
    [
      'ends when it starts',
      { startedAt: '2026-11-12T10:00:00Z', restoredAt: '2026-11-12T10:00:00Z' },
      400,
      'INVALID_RANGE',
      'restoredAt',
    ],
    ['starts in the future', { startedAt: '2027-01-01T00:00:00Z' }, 400, 'INVALID_RANGE', 'startedAt'],
    [
      'overlaps another',
      { startedAt: '2026-11-10T03:30:00Z', restoredAt: '2026-11-10T05:00:00Z' },
      409,
      'OUTAGE_OVERLAP',
      'startedAt',
    ],
    ['has no offset', { startedAt: '2026-11-12T10:00:00' }, 400, 'VALIDATION_FAILED', 'startedAt'],
  ] as const)('refuses an outage that %s', async (_name, interval, status, code, field) => {
    const res = await post(ctx, '/api/v1/outages', 'ops', { circuitId: circuits[0]!.id, ...interval });
    expect(res.statusCode, res.body).toBe(status);
    expect(res.json<Problem>().code).toBe(code);
    expect((res.json<Problem>().errors ?? []).map((e) => e.field).join(' ')).toContain(field);
  });

  it('keeps an open outage open until patched, and checks overlap on patch too', async () => {
    const open = await post(ctx, '/api/v1/outages', 'ops', {
      circuitId: circuits[1]!.id,
      startedAt: '2026-11-20T01:00:00Z',
    });
    expect(open.statusCode, open.body).toBe(201);
    const id = open.json<Outage>().id;
    // Anything later on the circuit overlaps an open outage.
    const later = await post(ctx, '/api/v1/outages', 'ops', {
      circuitId: circuits[1]!.id,
      startedAt: '2026-11-25T01:00:00Z',
      restoredAt: '2026-11-25T02:00:00Z',
    });
    expect(later.statusCode).toBe(409);
    const restored = await patch(`/api/v1/outages/${id}`, 'ops', { restoredAt: '2026-11-20T01:45:00Z' });
    expect(restored.statusCode, restored.body).toBe(200);
    expect(restored.json<Outage>().durationMinutes).toBe(45);
    const backwards = await patch(`/api/v1/outages/${id}`, 'ops', { restoredAt: '2026-11-20T00:00:00Z' });
    expect(backwards.statusCode).toBe(400);
    const list = await get<Outage[]>(
      ctx,
      `/api/v1/outages?customerId=${customerId}&month=2026-11`,
      'frontdesk',
    );
    expect(list).toHaveLength(2);
    expect(
      (await ctx.app.inject({ method: 'GET', url: `/api/v1/outages/${id}`, headers: await ctx.auth('am2') }))
        .statusCode,
    ).toBe(404);
  });

  it('checks overlap under the circuit row lock: an overlap committed while it waits is seen', async () => {
    const headers = await ctx.auth('ops');
    const circuit = circuits[1]!;
    const send = (from: string, to: string) =>
      ctx.app.inject({
        method: 'POST',
        url: '/api/v1/outages',
        headers,
        payload: { circuitId: circuit.id, startedAt: from, restoredAt: to, cause: '同时录入' },
      });
    if (ctx.deps.database.engine !== 'postgres') {
      // one connection: the entries run one after the other
      expect((await send('2026-10-15T01:00:00Z', '2026-10-15T03:00:00Z')).statusCode).toBe(201);
      expect((await send('2026-10-15T02:00:00Z', '2026-10-15T04:00:00Z')).statusCode).toBe(409);
      return;
    }
    // Another session holds the circuit row, as a concurrent entry would, and writes an outage.
    const url = (ctx.deps.database.pool as unknown as { options: { connectionString: string } }).options
      .connectionString;
    const other = new pg.Client({ connectionString: url });
    await other.connect();
    try {
      await other.query('begin');
      await other.query('select id from circuits where id = $1 for update', [circuit.id]);
      const pending = send('2026-10-15T02:00:00Z', '2026-10-15T04:00:00Z');
      // the request must wait on the row lock (without it, it would see no overlap and insert)
      let waiting = 0;
      for (let i = 0; i < 100 && waiting === 0; i++) {
        await new Promise((r) => setTimeout(r, 50));
        const { rows } = await other.query<{ n: number }>(
          `select count(*)::int as n from pg_stat_activity
           where datname = current_database() and wait_event_type = 'Lock' and pid <> pg_backend_pid()`,
        );
        waiting = rows[0]!.n;
      }
      expect(waiting, 'the entry waits for the circuit row').toBe(1);
      await other.query(
        `insert into circuit_outages (circuit_id, customer_id, started_at, restored_at, source, created_by, created_at)
         values ($1, $2, '2026-10-15T01:00:00Z', '2026-10-15T03:00:00Z', 'manual', 'test', now())`,
        [circuit.id, customerId],
      );
      await other.query('commit');
      const answer = await pending;
      expect(answer.statusCode, answer.body).toBe(409);
      expect(answer.json<Problem>().code).toBe('OUTAGE_OVERLAP');
    } finally {
      await other.end();
    }
    const october = await get<Outage[]>(
      ctx,
      `/api/v1/outages?circuitId=${circuit.id}&month=2026-10`,
      'frontdesk',
    );
    expect(october).toHaveLength(1);
  });

  it('excludes a customer-caused outage (maintenance circuit, 10 h, excluded)', async () => {
    const res = await post(ctx, '/api/v1/outages', 'ops', {
      circuitId: maintenanceCircuit.id,
      startedAt: '2026-11-03T00:00:00Z',
      restoredAt: '2026-11-03T10:00:00Z',
      excluded: true,
      cause: '客户机房停电',
    });
    expect(res.statusCode).toBe(201);
  });
});

describe('measurement', () => {
  let ticketId: string;

  it('takes an outage from a resolved fault ticket on a covered circuit', async () => {
    // A fault on circuit 2, 2026-11-15 08:00 → resolved 13:00 (Shanghai): 5 h.
    const actor = systemActor('test:sla');
    const admin = { id: '00000000-0000-4000-8000-000000000000', role: 'admin' as const, regionCode: null };
    ticketId = await ctx.deps.db.transaction(async (tx) => {
      const { id } = await createTicketTx(
        tx,
        ctx.deps.calendars,
        admin,
        actor,
        {
          customerId,
          circuitId: circuits[1]!.id,
          ticketType: 'fault',
          severity: 'critical',
          channel: 'phone',
          name: '电路中断',
          description: '客户报障',
        },
        new Date('2026-11-15T00:00:00Z'),
      );
      await changeTicketStatus(
        tx,
        ctx.deps.calendars,
        actor,
        id,
        { status: 'resolved' },
        new Date('2026-11-15T05:00:00Z'),
      );
      return id;
    });
  });

  it('measures November: availability, restore breaches, slips with the amounts of the terms', async () => {
    expect((await post(ctx, '/api/v1/agreements/measure', 'am1', { month: '2026-11' })).statusCode).toBe(403);
    // The demo's agreements are measured too when no agreement is named: name ours first.
    const res = await post(ctx, '/api/v1/agreements/measure', 'kam', {
      month: '2026-11',
      agreementId: agreement.id,
    });
    expect(res.statusCode, res.body).toBe(200);
    const m = res.json<Measure>();
    expect(m).toMatchObject({
      month: '2026-11',
      complete: true,
      agreements: 1,
      circuits: 2,
      outagesFromTickets: 1,
    });
    const all = await post(ctx, '/api/v1/agreements/measure', 'kam', { month: '2026-11' });
    expect(all.json<Measure>().agreements).toBeGreaterThanOrEqual(2);
    const outages = await get<Outage[]>(
      ctx,
      `/api/v1/outages?circuitId=${circuits[1]!.id}&source=ticket`,
      'ops',
    );
    expect(outages).toHaveLength(1);
    expect(outages[0]).toMatchObject({ ticketId, durationMinutes: 300 });

    const rows = await get<
      {
        circuitId: string;
        availabilityPpm: number;
        outageMinutes: number;
        restoreBreaches: number;
        availabilityBreached: boolean;
        maxRestoreMinutes: number;
      }[]
    >(ctx, `/api/v1/agreements/${agreement.id}/measurements?from=2026-11&to=2026-11`, 'am1');
    const c1 = rows.find((r) => r.circuitId === circuits[0]!.id)!;
    const c2 = rows.find((r) => r.circuitId === circuits[1]!.id)!;
    // c1: 180 min of 43,200 → floor(43,020 / 43,200 × 10⁶) = 995,833 ppm; shortfall 4,067 → 30 %; 1 restore breach (180 > 120) → 5 %.
    expect(c1).toMatchObject({
      availabilityPpm: 995_833,
      outageMinutes: 180,
      restoreBreaches: 1,
      availabilityBreached: true,
      maxRestoreMinutes: 180,
    });
    // c2: 45 + 300 = 345 min → 992,013 ppm; shortfall 7,887 → 50 %; 1 breach (300 > 120; 45 is within) → 5 %.
    expect(c2).toMatchObject({ availabilityPpm: 992_013, outageMinutes: 345, restoreBreaches: 1 });

    const slips = await queryRows<{
      kind: string;
      circuitId: string;
      amountFen: number;
      sourceRef: string;
      period: string;
      basis: { explanation: string };
    }>(
      ctx.deps.db,
      sql`select kind, circuit_id as "circuitId", amount_fen as "amountFen", source_ref as "sourceRef", period, basis
        from compensation_slips where agreement_id = ${agreement.id}::uuid order by circuit_id, kind`,
    );
    const amount = (circuitId: string, kind: string) =>
      slips.find((s) => s.circuitId === circuitId && s.kind === kind)?.amountFen;
    expect(amount(circuits[0]!.id, 'sla_availability')).toBe(300_000);
    expect(amount(circuits[0]!.id, 'sla_restore')).toBe(50_000);
    expect(amount(circuits[1]!.id, 'sla_availability')).toBe(500_000);
    expect(amount(circuits[1]!.id, 'sla_restore')).toBe(50_000);
    expect(slips).toHaveLength(4);
    expect(slips[0]!.sourceRef).toBe(`${agreement.id}:${slips[0]!.circuitId}:2026-11`);
    expect(slips.every((s) => s.period === '2026-11')).toBe(true);
    expect(slips.find((s) => s.kind === 'sla_availability')!.basis.explanation).toContain('可用率');
    expect(m.slipsRaised).toBe(4);
    // The maintenance agreement: measured (excluded outage: 100 %), never a slip.
    const maint = await get<{ availabilityPpm: number }[]>(
      ctx,
      `/api/v1/agreements/${maintenance.id}/measurements`,
      'am1',
    );
    expect(maint).toEqual([expect.objectContaining({ availabilityPpm: 1_000_000 })]);
    const maintSlips = await queryRows<{ n: number }>(
      ctx.deps.db,
      sql`select count(*)::int as n from compensation_slips where agreement_id = ${maintenance.id}::uuid`,
    );
    expect(maintSlips[0]!.n).toBe(0);
  });

  it('is idempotent: measuring again raises nothing new', async () => {
    const again = (
      await post(ctx, '/api/v1/agreements/measure', 'ops', { month: '2026-11', agreementId: agreement.id })
    ).json<Measure>();
    expect(again).toMatchObject({ agreements: 1, slipsRaised: 0, outagesFromTickets: 0 });
    expect(again.slips.every((s) => !s.created)).toBe(true);
    const count = await queryRows<{ n: number }>(
      ctx.deps.db,
      sql`select count(*)::int as n from sla_measurements where agreement_id = ${agreement.id}::uuid and month = '2026-11'`,
    );
    expect(count[0]!.n).toBe(2);
  });

  it('measures the running month without slips, and refuses a future one', async () => {
    await post(ctx, '/api/v1/outages', 'ops', {
      circuitId: circuits[0]!.id,
      startedAt: '2026-12-02T00:00:00Z',
      restoredAt: '2026-12-02T08:00:00Z',
    });
    const dec = (await post(ctx, '/api/v1/agreements/measure', 'kam', { month: '2026-12' })).json<Measure>();
    expect(dec).toMatchObject({ complete: false, slipsRaised: 0 });
    expect(dec.availabilityBreaches).toBeGreaterThan(0);
    const future = await post(ctx, '/api/v1/agreements/measure', 'kam', { month: '2027-01' });
    expect(future.statusCode).toBe(400);
    expect(future.json<Problem>().code).toBe('INVALID_RANGE');
    const unknown = await post(ctx, '/api/v1/agreements/measure', 'kam', {
      month: '2026-11',
      agreementId: '00000000-0000-4000-8000-000000000001',
    });
    expect(unknown.statusCode).toBe(404);
  });

  it('the monthly job measures the previous month once', async () => {
    const first = await runMonthlyMeasurement(ctx.deps, new Date(NOW));
    expect(first.measured).toBe(1);
    const second = await runMonthlyMeasurement(ctx.deps, new Date(NOW));
    expect(second.measured).toBe(0);
  });

  it("serves a circuit's availability series against its target", async () => {
    const series = await get<{
      serviceLevel: { label: string } | null;
      months: {
        month: string;
        availabilityPpm: number;
        targetAvailabilityPpm: number | null;
        measured: boolean;
        complete: boolean;
      }[];
    }>(ctx, `/api/v1/circuits/${circuits[0]!.id}/availability?months=3`, 'frontdesk');
    expect(series.serviceLevel?.label).toBe('AAA · SL1');
    expect(series.months.map((p) => p.month)).toEqual(['2026-10', '2026-11', '2026-12']);
    expect(series.months[0]).toMatchObject({ availabilityPpm: 1_000_000, targetAvailabilityPpm: 999_900 });
    expect(series.months[1]).toMatchObject({ availabilityPpm: 995_833, measured: true });
    expect(series.months[2]).toMatchObject({ complete: false });
    expect(
      (
        await ctx.app.inject({
          method: 'GET',
          url: `/api/v1/circuits/${circuits[0]!.id}/availability`,
          headers: await ctx.auth('am2'),
        })
      ).statusCode,
    ).toBe(404);
  });
});
