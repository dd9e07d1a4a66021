/**
 * SLA agreements (issue 6 item 4): create with defaults, validation naming fields, scope, the
 * version workflow with four eyes, coverage conflicts, terminate, settings, and the level shown
 * at once on circuits, the desk lookup and an open ticket.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/database.ts';
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
let otherCustomer: { customerId: string; circuits: Circuit[] };

type Problem = { code: string; errors?: { field: string; message: string }[] };
const fields = (body: Problem) => (body.errors ?? []).map((e) => e.field);

beforeAll(async () => {
  ctx = await createTestContext({ now: '2026-12-07T02:00:00.000Z' });
  ctx.clock.set('2026-12-07T02:00:00.000Z');
  ({ customerId, circuits } = await customerWithCircuits(ctx, 3));
  otherCustomer = await customerWithCircuits(ctx, 1, { am: 'am2', region: 'GD-SZ' });
});
afterAll(() => ctx.close());

describe('creating an agreement', () => {
  it('fills the class defaults and numbers it; version 1 is a draft', async () => {
    const res = await post(ctx, '/api/v1/agreements', 'am1', AAA_BODY(customerId, circuits.slice(0, 1)));
    expect(res.statusCode, res.body).toBe(201);
    const a = res.json<AgreementDetail>();
    expect(a.agreementNumber).toMatch(/^SLA/);
    expect(a.status).toBe('draft');
    expect(a.currentVersion).toBeNull();
    expect(a.pendingVersion).toBe(1);
    expect(a.versions[0]).toMatchObject({
      version: 1,
      status: 'draft',
      targets: { availabilityPpm: 999_900, restoreMinutes: 120 },
      compensationTerms: { capPercent: 100, restorePercentPerBreach: 5 },
    });
    // Out of scope: another AM sees nothing.
    const other = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/agreements/${a.id}`,
      headers: await ctx.auth('am2'),
    });
    expect(other.statusCode).toBe(404);
    const list = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/agreements',
      headers: await ctx.auth('am2'),
    });
    expect(list.json<{ id: string }[]>().some((x) => x.id === a.id)).toBe(false);
    // Audited.
    const audit = await queryRows<{ n: number }>(
      ctx.deps.db,
      sql`select count(*)::int as n from audit_log where entity = 'sla_agreement' and entity_id = ${a.id}`,
    );
    expect(audit[0]!.n).toBe(1);
  });

  it.each([
    ['no class on an SLA commitment', { slaClass: null }, 400, 'slaClass'],
    ['compensation on quality only', { kind: 'quality_only', slaClass: null }, 400, 'compensationTerms'],
    [
      'a negative fee',
      { compensationTerms: { monthlyFeesFen: { x: -1 } } },
      400,
      'body.compensationTerms.monthlyFeesFen.x',
    ],
    ['validity ending before it starts', { validTo: '2025-12-31' }, 400, 'validTo'],
    ['an unknown kind', { kind: 'gold' }, 400, 'body.kind'],
  ] as const)('refuses %s', async (_name, patch, status, field) => {
    const res = await post(ctx, '/api/v1/agreements', 'am1', {
      ...AAA_BODY(customerId, circuits.slice(0, 1)),
      ...patch,
    });
    expect(res.statusCode, res.body).toBe(status);
    expect(fields(res.json<Problem>()).join(' ')).toContain(field.replace(/^body\./, ''));
  });

  it('names a covered circuit without a fee, and a circuit of another customer', async () => {
    const body = AAA_BODY(customerId, circuits.slice(0, 1));
    const missingFee = await post(ctx, '/api/v1/agreements', 'am1', {
      ...body,
      circuitIds: [circuits[0]!.id, circuits[1]!.id],
    });
    expect(missingFee.statusCode).toBe(400);
    expect(fields(missingFee.json<Problem>())).toContain(
      `compensationTerms.monthlyFeesFen.${circuits[1]!.id}`,
    );
    const foreign = await post(ctx, '/api/v1/agreements', 'admin', {
      ...AAA_BODY(customerId, otherCustomer.circuits),
    });
    expect(foreign.statusCode).toBe(400);
    expect(fields(foreign.json<Problem>())).toEqual(['circuitIds[0]']);
  });

  it("refuses an AM another AM's customer (404) and a frontdesk user (403)", async () => {
    const res = await post(ctx, '/api/v1/agreements', 'am2', AAA_BODY(customerId, circuits.slice(0, 1)));
    expect(res.statusCode).toBe(404);
    expect(fields(res.json<Problem>())).toEqual(['customerId']);
    const fd = await post(ctx, '/api/v1/agreements', 'frontdesk', AAA_BODY(customerId, circuits.slice(0, 1)));
    expect(fd.statusCode).toBe(403);
  });
});

describe('the version workflow', () => {
  it('submits, refuses an AM approval (403) and the submitter (SELF_APPROVAL), approves by another', async () => {
    const created = await post(ctx, '/api/v1/agreements', 'kam', {
      ...AAA_BODY(customerId, circuits.slice(2, 3)),
      title: 'kam 提交',
    });
    const a = created.json<AgreementDetail>();
    const submit = await post(ctx, `/api/v1/agreements/${a.id}/versions/1/submit`, 'kam');
    expect(submit.json<AgreementDetail>().versions[0]!.status).toBe('pending');
    // A pending version is not edited.
    const edit = await ctx.app.inject({
      method: 'PUT',
      url: `/api/v1/agreements/${a.id}/versions/1`,
      headers: await ctx.auth('kam'),
      payload: { ...AAA_BODY(customerId, circuits.slice(2, 3)), customerId: undefined, title: undefined },
    });
    expect(edit.statusCode, edit.body).toBe(409);
    expect(edit.json<Problem>().code).toBe('ILLEGAL_TRANSITION');
    expect((await post(ctx, `/api/v1/agreements/${a.id}/versions/1/approve`, 'am1', {})).statusCode).toBe(
      403,
    );
    const self = await post(ctx, `/api/v1/agreements/${a.id}/versions/1/approve`, 'kam', {});
    expect(self.statusCode).toBe(403);
    expect(self.json<Problem>().code).toBe('SELF_APPROVAL');
    const ok = await post(ctx, `/api/v1/agreements/${a.id}/versions/1/approve`, 'admin', {});
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json<AgreementDetail>()).toMatchObject({ status: 'active', currentVersion: 1, inForce: true });
    // Approving twice: 409.
    const again = await post(ctx, `/api/v1/agreements/${a.id}/versions/1/approve`, 'admin', {});
    expect(again.statusCode).toBe(409);
    // Terminate (kam), the circuit has no level any more.
    const term = await post(ctx, `/api/v1/agreements/${a.id}/terminate`, 'kam', { reason: '客户退租' });
    expect(term.statusCode, term.body).toBe(200);
    expect(term.json<AgreementDetail>()).toMatchObject({ status: 'terminated', inForce: false });
    const view = await get<{ serviceLevel: unknown }[]>(
      ctx,
      `/api/v1/customers/${customerId}/circuits`,
      'am1',
    );
    expect(view.every((k) => k.serviceLevel === null)).toBe(true);
  });

  it('rejects with a reason only', async () => {
    const a = (
      await post(ctx, '/api/v1/agreements', 'am1', AAA_BODY(customerId, circuits.slice(2, 3)))
    ).json<AgreementDetail>();
    await post(ctx, `/api/v1/agreements/${a.id}/versions/1/submit`, 'am1');
    expect((await post(ctx, `/api/v1/agreements/${a.id}/versions/1/reject`, 'kam', {})).statusCode).toBe(400);
    const res = await post(ctx, `/api/v1/agreements/${a.id}/versions/1/reject`, 'kam', {
      reason: '月租有误',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json<AgreementDetail>().versions[0]).toMatchObject({
      status: 'rejected',
      decisionReason: '月租有误',
    });
    const notes = await queryRows<{ n: number }>(
      ctx.deps.db,
      sql`select count(*)::int as n from notifications n join users u on u.id = n.user_id
        where u.username = 'am1' and n.kind = 'sla_version_rejected'`,
    );
    expect(notes[0]!.n).toBeGreaterThan(0);
  });
});

describe('level propagation (one read path)', () => {
  let agreement: AgreementDetail;
  let ticketId: string;

  it('shows the approved level on the circuits, the desk lookup and an open ticket', async () => {
    agreement = await approvedAgreement(ctx, AAA_BODY(customerId, circuits.slice(0, 2)));
    expect(agreement.level).toMatchObject({ label: 'AAA · SL1', circuitCount: 2 });
    const list = await get<{ id: string; serviceLevel: { label: string; agreementId: string } | null }[]>(
      ctx,
      `/api/v1/circuits?customerId=${customerId}`,
      'frontdesk',
    );
    expect(list.find((k) => k.id === circuits[0]!.id)?.serviceLevel).toMatchObject({
      label: 'AAA · SL1',
      agreementId: agreement.id,
    });
    expect(list.find((k) => k.id === circuits[2]!.id)?.serviceLevel).toBeNull();
    const lookup = await get<{ circuits: { id: string; serviceLevel: { slaClass: string } | null }[] }[]>(
      ctx,
      `/api/v1/desk/lookup?q=${encodeURIComponent(circuits[1]!.circuitNumber)}`,
      'frontdesk',
    );
    expect(lookup[0]!.circuits.find((k) => k.id === circuits[1]!.id)?.serviceLevel?.slaClass).toBe('AAA');
    const ticket = await post(ctx, '/api/v1/tickets', 'frontdesk', {
      customerId,
      circuitId: circuits[0]!.id,
      ticketType: 'fault',
      severity: 'major',
      channel: 'phone',
      name: '专线中断',
      description: '客户来电:专线中断',
    });
    expect(ticket.statusCode, ticket.body).toBe(201);
    ticketId = ticket.json<{ id: string }>().id;
    const detail = await get<{ serviceLevel: { label: string } | null }>(
      ctx,
      `/api/v1/tickets/${ticketId}`,
      'frontdesk',
    );
    expect(detail.serviceLevel?.label).toBe('AAA · SL1');
    // a ticket without a circuit shows the customer's coverage instead
    const noCircuit = await post(ctx, '/api/v1/tickets', 'frontdesk', {
      customerId,
      ticketType: 'inquiry',
      severity: 'minor',
      channel: 'phone',
      name: '咨询',
      description: '客户咨询专线保障等级',
    });
    expect(noCircuit.statusCode, noCircuit.body).toBe(201);
    const plain = await get<{
      serviceLevel: unknown;
      customerServiceLevels: { label: string; agreementId: string; circuits: number }[];
    }>(ctx, `/api/v1/tickets/${noCircuit.json<{ id: string }>().id}`, 'frontdesk');
    expect(plain.serviceLevel).toBeNull();
    expect(plain.customerServiceLevels).toEqual([
      expect.objectContaining({ label: 'AAA · SL1', agreementId: agreement.id, circuits: 2 }),
    ]);
    const withCircuit = await get<{ customerServiceLevels: unknown[] }>(
      ctx,
      `/api/v1/tickets/${ticketId}`,
      'frontdesk',
    );
    expect(withCircuit.customerServiceLevels).toEqual([]);
  });

  it('a newly approved version (AA) is visible at once on every covered circuit and the open ticket', async () => {
    const body = { ...AAA_BODY(customerId, circuits.slice(0, 2)), slaClass: 'AA', afterSalesLevel: 'SL2' };
    const { customerId: _c, title: _t, ...versionBody } = body;
    const v2 = await post(ctx, `/api/v1/agreements/${agreement.id}/versions`, 'am1', versionBody);
    expect(v2.statusCode, v2.body).toBe(201);
    expect(v2.json<AgreementDetail>().pendingVersion).toBe(2);
    // A second open version: 409.
    expect(
      (await post(ctx, `/api/v1/agreements/${agreement.id}/versions`, 'am1', versionBody)).statusCode,
    ).toBe(409);
    // Still AAA until approved.
    let detail = await get<{ serviceLevel: { label: string } | null }>(
      ctx,
      `/api/v1/tickets/${ticketId}`,
      'ops',
    );
    expect(detail.serviceLevel?.label).toBe('AAA · SL1');
    await post(ctx, `/api/v1/agreements/${agreement.id}/versions/2/submit`, 'am1');
    const approved = await post(ctx, `/api/v1/agreements/${agreement.id}/versions/2/approve`, 'kam', {});
    expect(approved.statusCode, approved.body).toBe(200);
    const a = approved.json<AgreementDetail>();
    expect(a.currentVersion).toBe(2);
    expect(a.versions.find((v) => v.version === 1)?.status).toBe('superseded');
    expect(a.versions.find((v) => v.version === 2)?.targets).toEqual({
      availabilityPpm: 999_500,
      restoreMinutes: 240,
    });
    detail = await get<{ serviceLevel: { label: string } | null }>(ctx, `/api/v1/tickets/${ticketId}`, 'ops');
    expect(detail.serviceLevel?.label).toBe('AA · SL2');
    const list = await get<{ id: string; serviceLevel: { label: string } | null }[]>(
      ctx,
      `/api/v1/customers/${customerId}/circuits`,
      'am1',
    );
    expect(
      list
        .filter((k) => k.serviceLevel?.label === 'AA · SL2')
        .map((k) => k.id)
        .sort(),
    ).toEqual([circuits[0]!.id, circuits[1]!.id].sort());
  });

  it('refuses a second agreement in force on a covered circuit (409 naming circuitIds[i])', async () => {
    const body = { ...AAA_BODY(customerId, [circuits[2]!, circuits[1]!]), title: '重复覆盖' };
    const created = (await post(ctx, '/api/v1/agreements', 'am1', body)).json<AgreementDetail>();
    const res = await post(ctx, `/api/v1/agreements/${created.id}/versions/1/submit`, 'am1');
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json<Problem>().code).toBe('CONFLICT');
    expect(fields(res.json<Problem>())).toEqual(['circuitIds[1]']);
  });

  it('lists the customer agreements', async () => {
    const list = await get<{ id: string; inForce: boolean }[]>(
      ctx,
      `/api/v1/customers/${customerId}/agreements`,
      'am1',
    );
    expect(list.find((a) => a.id === agreement.id)?.inForce).toBe(true);
    const pending = await get<{ id: string }[]>(ctx, '/api/v1/agreements?pending=true', 'kam');
    expect(pending.every((a) => a.id !== agreement.id)).toBe(true);
    expect(
      (
        await ctx.app.inject({
          method: 'GET',
          url: `/api/v1/customers/${customerId}/agreements`,
          headers: await ctx.auth('am2'),
        })
      ).statusCode,
    ).toBe(404);
  });
});

describe('settings (default targets)', () => {
  it('reads the defaults, lets only admin change them, checks them, and new versions use them', async () => {
    const settings = await get<{ classes: Record<string, { availabilityPpm: number }> }>(
      ctx,
      '/api/v1/agreements/settings',
      'am1',
    );
    expect(settings.classes.AAA).toEqual({ availabilityPpm: 999_900, restoreMinutes: 120 });
    const changed = {
      ...settings,
      classes: { ...settings.classes, A: { availabilityPpm: 998_000, restoreMinutes: 600 } },
    };
    const put = (who: string, payload: unknown) =>
      ctx.auth(who).then((headers) =>
        ctx.app.inject({
          method: 'PUT',
          url: '/api/v1/agreements/settings',
          headers,
          payload: payload as Record<string, unknown>,
        }),
      );
    expect((await put('kam', changed)).statusCode).toBe(403);
    const bad = await put('admin', {
      ...changed,
      compensation: {
        availabilitySteps: [
          { shortfallAbovePpm: 100, percent: 10 },
          { shortfallAbovePpm: 50, percent: 20 },
        ],
        restorePercentPerBreach: 5,
        capPercent: 100,
      },
    });
    expect(bad.statusCode).toBe(400);
    expect(fields(bad.json<Problem>())).toContain('compensation.availabilitySteps[1].shortfallAbovePpm');
    expect((await put('admin', changed)).statusCode).toBe(200);
    const res = await post(ctx, '/api/v1/agreements', 'am1', {
      customerId,
      title: '普通电路',
      kind: 'maintenance',
      maintenanceLevel: 'M3',
      circuitIds: [],
      validFrom: '2026-12-01',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json<AgreementDetail>().versions[0]!.targets).toEqual({
      availabilityPpm: 998_000,
      restoreMinutes: 600,
    });
    expect((await put('admin', settings)).statusCode).toBe(200);
  });
});
