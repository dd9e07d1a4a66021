/**
 * Compensation slips (赔付单, issue 6 item 6): raised → ops_stated → approved | rejected →
 * customer_confirmed → settled, each step by the right role only (403), in order (409), with four
 * eyes (403 SELF_APPROVAL), events, audit and notifications; amounts changed only before
 * approval and only with a reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/db/audit.ts';
import { makeCustomer, userId } from '../fixtures/customers.ts';
import type { TestContext } from '../harness.ts';
import {
  auditOf,
  call,
  createCompensationContext,
  notificationsOf,
  ok,
  raise,
} from './compensation-fixtures.ts';

type Detail = {
  id: string;
  status: string;
  amountFen: number;
  computedAmountFen: number;
  amountChanged: boolean;
  responsibleSegment: string | null;
  opsOpinion: string | null;
  decisionReason: string | null;
  confirmedBy: string | null;
  confirmedAt: string | null;
  customerConfirmation: string | null;
  settlementRef: string | null;
  explanation: string[];
  events: {
    kind: string;
    fromStatus: string | null;
    toStatus: string | null;
    amountBeforeFen: number | null;
    amountAfterFen: number | null;
    note: string | null;
    actorName: string;
  }[];
  actions: string[];
};
type Problem = { code: string; errors?: { field: string; message: string }[] };

let ctx: TestContext;
let customerId: string;
const url = (id: string, step = '') => `/api/v1/compensation/slips/${id}${step ? `/${step}` : ''}`;
const statement = { responsibleSegment: 'transmission', opinion: '传输割接延误,责任在我方' };

beforeAll(async () => {
  ctx = await createCompensationContext();
  ctx.clock.set('2026-12-04T02:00:00.000Z');
  customerId = await makeCustomer(ctx, { am: 'am1', region: 'GD-GZ' });
});
afterAll(async () => ctx?.close());

describe('the happy path', () => {
  let id: string;

  it('raises once per source and tells the region’s ops engineers', async () => {
    const first = await raise(ctx, customerId);
    id = first.id;
    expect(first).toMatchObject({ created: true, slipNumber: expect.stringMatching(/^CS/) });
    expect(await notificationsOf(ctx, 'ops', id)).toEqual(['compensation_raised']);
    expect(await notificationsOf(ctx, 'nochead', id)).toEqual(['compensation_raised']);
    expect(await notificationsOf(ctx, 'kam', id)).toEqual([]);
    const detail = await ok<Detail>(await call(ctx, 'am1', 'GET', url(id)));
    expect(detail).toMatchObject({
      status: 'raised',
      amountFen: 45_000,
      computedAmountFen: 45_000,
      actions: [],
    });
    expect(detail.explanation).toContain('3 个工作日 × 5% × 一次性费用 ¥3,000.00 = ¥450.00');
  });

  it('ops states the responsible segment; the region’s kam_manager is told', async () => {
    expect((await ok<Detail>(await call(ctx, 'ops', 'GET', url(id)))).actions).toEqual([
      'ops_statement',
      'amount',
    ]);
    const d = await ok<Detail>(await call(ctx, 'ops', 'POST', url(id, 'ops-statement'), statement));
    expect(d).toMatchObject({ status: 'ops_stated', responsibleSegment: 'transmission' });
    expect(await notificationsOf(ctx, 'kam', id)).toEqual(['compensation_ops_stated']);
  });

  it('the kam_manager approves; the account manager is told', async () => {
    const d = await ok<Detail>(await call(ctx, 'kam', 'POST', url(id, 'approve'), { note: '同意' }));
    expect(d.status).toBe('approved');
    expect(await notificationsOf(ctx, 'am1', id)).toEqual(['compensation_approved']);
  });

  it('the customer’s AM records the confirmation: who, when, note', async () => {
    const am1Todo = await ok<{ id: string }[]>(
      await call(ctx, 'am1', 'GET', '/api/v1/compensation/slips?todo=true'),
    );
    expect(am1Todo.map((s) => s.id)).toContain(id);
    const early = await call(ctx, 'am1', 'POST', url(id, 'confirm'), {
      confirmedBy: '客户',
      confirmedAt: '2026-12-04T09:30:00+08:00',
    });
    expect(early.json<Problem>().errors?.[0]?.field).toBe('confirmedAt');
    ctx.clock.set('2026-12-04T03:00:00.000Z');
    const d = await ok<Detail>(
      await call(ctx, 'am1', 'POST', url(id, 'confirm'), {
        confirmedBy: '客户财务 王经理',
        confirmedAt: '2026-12-04T10:30:00+08:00',
        note: '电话确认',
      }),
    );
    expect(d).toMatchObject({
      status: 'customer_confirmed',
      confirmedBy: '客户财务 王经理',
      confirmedAt: '2026-12-04T02:30:00.000Z',
      customerConfirmation: '电话确认',
    });
  });

  it('the kam_manager settles with a reference; the AM is told', async () => {
    const noRef = await call(ctx, 'kam', 'POST', url(id, 'settle'), { settlementRef: '  ' });
    expect(noRef.statusCode).toBe(400);
    expect(noRef.json<Problem>().errors?.[0]?.field).toBe('settlementRef');
    const d = await ok<Detail>(
      await call(ctx, 'kam', 'POST', url(id, 'settle'), { settlementRef: 'BC-2026-12-0001' }),
    );
    expect(d).toMatchObject({ status: 'settled', settlementRef: 'BC-2026-12-0001', actions: [] });
    expect(d.events.map((e) => e.kind)).toEqual([
      'raised',
      'ops_stated',
      'approved',
      'customer_confirmed',
      'settled',
    ]);
    expect(await notificationsOf(ctx, 'am1', id)).toEqual(['compensation_approved', 'compensation_settled']);
    expect(await auditOf(ctx, id)).toEqual([
      'compensation.raise',
      'compensation.ops_statement',
      'compensation.approve',
      'compensation.confirm',
      'compensation.settle',
    ]);
  });

  it('a settled slip takes no more steps (409)', async () => {
    const res = await call(ctx, 'kam', 'POST', url(id, 'approve'), {});
    expect(res.statusCode).toBe(409);
    expect(res.json<Problem>().code).toBe('ILLEGAL_TRANSITION');
  });

  it('raising the same source again returns the same slip, untouched', async () => {
    const first = await raise(ctx, customerId, { sourceRef: 'same-line' });
    const again = await raise(ctx, customerId, { sourceRef: 'same-line', amountFen: 1 });
    expect(again).toEqual({ id: first.id, slipNumber: first.slipNumber, created: false });
    const d = await ok<Detail>(await call(ctx, 'admin', 'GET', url(first.id)));
    expect(d.amountFen).toBe(45_000);
    expect(d.events).toHaveLength(1);
  });
});

describe('roles, order and four eyes', () => {
  it('refuses a step to a role that may not take it (403)', async () => {
    const { id } = await raise(ctx, customerId);
    for (const [who, step, body] of [
      ['kam', 'ops-statement', statement],
      ['am1', 'ops-statement', statement],
      ['analyst', 'ops-statement', statement],
      ['ops', 'approve', {}],
      ['am1', 'settle', { settlementRef: 'x' }],
    ] as const) {
      const res = await call(ctx, who, 'POST', url(id, step), body);
      expect(res.statusCode, `${who} ${step}`).toBe(403);
      expect(res.json<Problem>().code).toBe('FORBIDDEN');
    }
  });

  it('refuses a step out of order (409 ILLEGAL_TRANSITION)', async () => {
    const { id } = await raise(ctx, customerId);
    for (const [who, step, body] of [
      ['kam', 'approve', {}],
      ['kam', 'reject', { reason: '不同意' }],
      ['am1', 'confirm', { confirmedBy: '客户' }],
      ['kam', 'settle', { settlementRef: 'x' }],
    ] as const) {
      const res = await call(ctx, who, 'POST', url(id, step), body);
      expect(res.statusCode, `${who} ${step}`).toBe(409);
      expect(res.json<Problem>().code).toBe('ILLEGAL_TRANSITION');
    }
    await ok(await call(ctx, 'ops', 'POST', url(id, 'ops-statement'), statement));
    const twice = await call(ctx, 'ops', 'POST', url(id, 'ops-statement'), statement);
    expect(twice.statusCode).toBe(409);
  });

  it('four eyes: who raised or stated it cannot approve or reject (403 SELF_APPROVAL)', async () => {
    const kamActor: Actor = {
      id: await userId(ctx, 'kam'),
      name: 'kam',
      role: 'kam_manager',
      regionCode: 'GD',
    };
    const raisedByKam = await raise(ctx, customerId, { actor: kamActor });
    await ok(await call(ctx, 'ops', 'POST', url(raisedByKam.id, 'ops-statement'), statement));
    const kamTodo = await ok<{ id: string }[]>(
      await call(ctx, 'kam', 'GET', '/api/v1/compensation/slips?todo=true&limit=500'),
    );
    expect(kamTodo.map((s) => s.id)).not.toContain(raisedByKam.id);
    for (const step of ['approve', 'reject']) {
      const body = step === 'reject' ? { reason: '自己审批' } : {};
      const res = await call(ctx, 'kam', 'POST', url(raisedByKam.id, step), body);
      expect(res.statusCode).toBe(403);
      expect(res.json<Problem>().code).toBe('SELF_APPROVAL');
    }
    const statedByAdmin = await raise(ctx, customerId);
    await ok(await call(ctx, 'admin', 'POST', url(statedByAdmin.id, 'ops-statement'), statement));
    const self = await call(ctx, 'admin', 'POST', url(statedByAdmin.id, 'approve'), {});
    expect(self.json<Problem>().code).toBe('SELF_APPROVAL');
    await ok(await call(ctx, 'kam', 'POST', url(statedByAdmin.id, 'approve'), {}));
  });

  it('a rejection needs a reason; the AM is told; nothing follows', async () => {
    const { id } = await raise(ctx, customerId);
    await ok(
      await call(ctx, 'ops', 'POST', url(id, 'ops-statement'), {
        ...statement,
        responsibleSegment: 'customer_side',
      }),
    );
    const blank = await call(ctx, 'kam', 'POST', url(id, 'reject'), { reason: '' });
    expect(blank.statusCode).toBe(400);
    expect(blank.json<Problem>().errors?.map((e) => e.field)).toEqual(['reason']);
    const d = await ok<Detail>(
      await call(ctx, 'kam', 'POST', url(id, 'reject'), { reason: '客户侧设备原因' }),
    );
    expect(d).toMatchObject({ status: 'rejected', decisionReason: '客户侧设备原因' });
    expect(await notificationsOf(ctx, 'am1', id)).toEqual(['compensation_rejected']);
    const res = await call(ctx, 'am1', 'POST', url(id, 'confirm'), { confirmedBy: '客户' });
    expect(res.statusCode).toBe(409);
  });

  it('only the customer’s own AM confirms; another AM does not even see it', async () => {
    const { id } = await raise(ctx, customerId);
    await ok(await call(ctx, 'ops', 'POST', url(id, 'ops-statement'), statement));
    await ok(await call(ctx, 'kam', 'POST', url(id, 'approve'), {}));
    expect((await call(ctx, 'am2', 'GET', url(id))).statusCode).toBe(404);
    expect((await call(ctx, 'am2', 'POST', url(id, 'confirm'), { confirmedBy: '客户' })).statusCode).toBe(
      404,
    );
    const future = await call(ctx, 'am1', 'POST', url(id, 'confirm'), {
      confirmedBy: '客户',
      confirmedAt: '2027-01-01T00:00:00Z',
    });
    expect(future.statusCode).toBe(400);
    expect(future.json<Problem>().errors?.[0]?.field).toBe('confirmedAt');
  });

  it('rejects unknown segments and unknown body fields (400 naming the field)', async () => {
    const { id } = await raise(ctx, customerId);
    const bad = await call(ctx, 'ops', 'POST', url(id, 'ops-statement'), {
      responsibleSegment: 'moon',
      opinion: 'x',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<Problem>().errors?.map((e) => e.field)).toContain('responsibleSegment');
    const extra = await call(ctx, 'ops', 'POST', url(id, 'ops-statement'), { ...statement, amountFen: 1 });
    expect(extra.statusCode).toBe(400);
  });
});

describe('amount changes', () => {
  it('need a reason, keep the computed amount, and are recorded with before/after', async () => {
    const { id } = await raise(ctx, customerId);
    const byAm = await call(ctx, 'am1', 'PATCH', url(id, 'amount'), { amountFen: 1, reason: 'x' });
    expect(byAm.statusCode).toBe(403);
    const noReason = await call(ctx, 'ops', 'PATCH', url(id, 'amount'), { amountFen: 40_000, reason: ' ' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json<Problem>().errors?.map((e) => e.field)).toEqual(['reason']);
    for (const amountFen of [-1, 10.5, '100']) {
      const res = await call(ctx, 'ops', 'PATCH', url(id, 'amount'), { amountFen, reason: '协商' });
      expect(res.statusCode, String(amountFen)).toBe(400);
      expect(res.json<Problem>().errors?.[0]?.field).toBe('amountFen');
    }
    const same = await call(ctx, 'ops', 'PATCH', url(id, 'amount'), { amountFen: 45_000, reason: '协商' });
    expect(same.statusCode).toBe(400);
    const d = await ok<Detail>(
      await call(ctx, 'ops', 'PATCH', url(id, 'amount'), { amountFen: 40_000, reason: '部分时段为割接窗口' }),
    );
    expect(d).toMatchObject({ amountFen: 40_000, computedAmountFen: 45_000, amountChanged: true });
    expect(d.events.at(-1)).toMatchObject({
      kind: 'amount_changed',
      amountBeforeFen: 45_000,
      amountAfterFen: 40_000,
      note: '部分时段为割接窗口',
      actorName: 'ops',
    });
    expect(await auditOf(ctx, id)).toContain('compensation.amount');
    await ok(await call(ctx, 'ops', 'POST', url(id, 'ops-statement'), statement));
    await ok(await call(ctx, 'kam', 'PATCH', url(id, 'amount'), { amountFen: 42_000, reason: '复核' }));
    await ok(await call(ctx, 'kam', 'POST', url(id, 'approve'), {}));
    const late = await call(ctx, 'kam', 'PATCH', url(id, 'amount'), { amountFen: 1, reason: '复核' });
    expect(late.statusCode).toBe(409);
    expect(late.json<Problem>().code).toBe('ILLEGAL_TRANSITION');
  });
});
