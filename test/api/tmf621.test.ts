import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/database.ts';
import { createTestContext, type TestContext } from '../harness.ts';

const BASE = '/tmf-api/troubleTicket/v5/troubleTicket';
const HUB = '/tmf-api/troubleTicket/v5/hub';
let ctx: TestContext;
let customerId: string;
let otherCustomerId: string;
// biome-ignore lint/suspicious/noExplicitAny: response bodies are read loosely in these tests
type Json = Record<string, any>;
const json = { 'content-type': 'application/json' };
const merge = { 'content-type': 'application/merge-patch+json' };

async function call(
  user: string,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  payload?: unknown,
  headers: Record<string, string> = json,
) {
  return ctx.app.inject({
    method,
    url,
    headers: { ...(await ctx.auth(user)), ...(payload === undefined ? {} : headers) },
    ...(payload === undefined
      ? {}
      : { payload: typeof payload === 'string' ? payload : JSON.stringify(payload) }),
  });
}

const fvo = (extra: Json = {}) => ({
  '@type': 'TroubleTicket',
  description: '专线中断，客户业务受影响',
  severity: 'Major',
  ticketType: 'incident',
  channel: { '@type': 'ChannelRef', id: 'hotline', name: 'hotline' },
  relatedParty: [
    {
      '@type': 'RelatedPartyRefOrPartyRoleRef',
      role: 'customer',
      partyOrPartyRole: { '@type': 'PartyRoleRef', '@referredType': 'Customer', id: customerId },
    },
  ],
  note: [{ '@type': 'Note', text: '客户来电，要求尽快处理' }],
  ...extra,
});
const charOf = (t: Json, name: string) =>
  t.troubleTicketCharacteristic?.find((c: Json) => c.name === name)?.value;

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2031-04-01T01:00:00Z');
  const [am1] = await queryRows<{ id: string }>(
    ctx.deps.db,
    sql`select id from users where username = 'am1'`,
  );
  const rows = await queryRows<{ id: string; mine: boolean }>(
    ctx.deps.db,
    sql`select id, account_manager_id = ${am1!.id}::uuid as mine from customers order by name`,
  );
  customerId = rows.find((r) => r.mine)!.id;
  otherCustomerId = rows.find((r) => !r.mine)!.id;
});
afterAll(() => ctx.close());

describe('TMF621 trouble ticket', () => {
  let created: Json;

  it('creates a TroubleTicket shaped as the specification', async () => {
    const res = await call('frontdesk', 'POST', BASE, fvo());
    expect(res.statusCode, res.body).toBe(201);
    created = res.json();
    expect(res.headers.location).toBe(created.href);
    expect(created).toMatchObject({
      '@type': 'TroubleTicket',
      id: expect.any(String),
      href: expect.stringMatching(new RegExp(`^http://localhost(:80)?${BASE}/${created.id}$`)),
      description: '专线中断，客户业务受影响',
      severity: 'major',
      ticketType: 'fault',
      status: 'acknowledged',
      creationDate: '2031-04-01T01:00:00.000Z',
      lastUpdate: '2031-04-01T01:00:00.000Z',
      statusChangeDate: '2031-04-01T01:00:00.000Z',
      channel: { '@type': 'ChannelRef', id: 'hotline' },
      priority: expect.stringMatching(/^[0-4]$/),
    });
    expect(created.name).toBe('专线中断，客户业务受影响');
    expect(created.relatedParty[0]).toMatchObject({
      role: 'customer',
      partyOrPartyRole: { '@referredType': 'Customer', id: customerId, name: expect.any(String) },
    });
    expect(created.note).toEqual([
      expect.objectContaining({
        '@type': 'Note',
        text: '客户来电，要求尽快处理',
        author: expect.any(String),
      }),
    ]);
    expect(created.statusChangeHistory).toEqual([
      {
        '@type': 'StatusChange',
        status: 'acknowledged',
        statusChangeDate: '2031-04-01T01:00:00.000Z',
        statusChangeReason: 'created',
      },
    ]);
    expect(charOf(created, 'number')).toMatch(/^TT20310401-/);
    expect(charOf(created, 'stageCode')).toBe('frontdesk');
    expect(charOf(created, 'serviceItem')).toBe('circuit_fault');
    expect(typeof charOf(created, 'breached')).toBe('boolean');
    expect(charOf(created, 'tierRank')).toEqual(expect.any(Number));
  });

  it('expectedResolutionDate is the customer SLA’s target, not a department’s internal limit', async () => {
    const res = await call('frontdesk', 'POST', BASE, fvo());
    expect(res.statusCode, res.body).toBe(201);
    const t = res.json();
    const clocks = (await call('admin', 'GET', `/api/v1/tickets/${t.id}/clocks`)).json<Json[]>();
    const restore = clocks.find((c) => c.definitionCode === 'customer_restore')!;
    const frontdesk = clocks.find((c) => c.definitionCode === 'ola_frontdesk')!;
    expect(restore.kind).toBe('customer');
    // the front desk's dispatch limit runs out first, but it is not when the customer is served
    expect(Date.parse(frontdesk.targetAt)).toBeLessThan(Date.parse(restore.targetAt));
    expect(t.expectedResolutionDate).toBe(restore.targetAt);
    expect(charOf(t, 'nextTargetAt')).toBe(frontdesk.targetAt); // the board's time left is still the earliest
    // handed to ops: still the customer clock; and the same on GET
    const stage = await call('admin', 'POST', `/api/v1/tickets/${t.id}/stage`, { stageCode: 'ops' });
    expect(stage.statusCode, stage.body).toBe(200);
    const got = (await call('frontdesk', 'GET', `${BASE}/${t.id}`)).json();
    expect(got.expectedResolutionDate).toBe(restore.targetAt);
    // pending (waiting on the customer) pauses it: the target moves as if resumed now
    ctx.clock.set('2031-04-01T02:00:00Z');
    const pending = await call(
      'frontdesk',
      'PATCH',
      `${BASE}/${t.id}`,
      { status: 'pending', statusChangeReason: '等待客户开门' },
      merge,
    );
    expect(pending.statusCode, pending.body).toBe(200);
    ctx.clock.set('2031-04-01T03:00:00Z');
    const resumed = await call(
      'frontdesk',
      'PATCH',
      `${BASE}/${t.id}`,
      { status: 'inProgress', statusChangeReason: '客户已到场' },
      merge,
    );
    expect(Date.parse(resumed.json().expectedResolutionDate) - Date.parse(restore.targetAt)).toBe(3_600_000);
    // resolved: no customer clock is open any more
    const resolved = await call('frontdesk', 'PATCH', `${BASE}/${t.id}`, { status: 'resolved' }, merge);
    expect(resolved.statusCode, resolved.body).toBe(200);
    expect(resolved.json().expectedResolutionDate).toBeUndefined();
    ctx.clock.set('2031-04-01T01:00:00Z');
  });

  it('maps TMF ticket types and refuses what it cannot', async () => {
    const complaint = await call(
      'frontdesk',
      'POST',
      BASE,
      fvo({ ticketType: 'complain', severity: 'minor' }),
    );
    expect(complaint.statusCode).toBe(201);
    expect(complaint.json().ticketType).toBe('complaint');
    const bad = await call(
      'frontdesk',
      'POST',
      BASE,
      fvo({ ticketType: 'billDispute', severity: 'Huge', relatedParty: [] }),
    );
    expect(bad.statusCode).toBe(400);
    const body = bad.json();
    expect(body).toMatchObject({
      '@type': 'Error',
      code: 'VALIDATION_FAILED',
      reason: expect.any(String),
      message: expect.any(String),
    });
    expect(body.errors.map((e: Json) => e.field).sort()).toEqual([
      'relatedParty.customer',
      'severity',
      'ticketType',
    ]);
  });

  it('names the customer party for an unknown or foreign customer', async () => {
    const unknown = fvo();
    unknown.relatedParty[0]!.partyOrPartyRole.id = '00000000-0000-4000-8000-000000000000';
    const res = await call('frontdesk', 'POST', BASE, unknown);
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ '@type': 'Error', errors: [{ field: 'relatedParty.customer' }] });
    const foreign = fvo();
    foreign.relatedParty[0]!.partyOrPartyRole.id = otherCustomerId;
    expect((await call('am1', 'POST', BASE, foreign)).statusCode).toBe(404);
  });

  it('retrieves with attribute selection, and 404s an unknown id', async () => {
    const res = await call('am1', 'GET', `${BASE}/${created.id}?fields=status,severity`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      '@type': 'TroubleTicket',
      id: created.id,
      href: created.href,
      status: 'acknowledged',
      severity: 'major',
    });
    expect((await call('am1', 'GET', `${BASE}/nope`)).statusCode).toBe(404);
    expect((await call('am1', 'GET', `${BASE}/00000000-0000-4000-8000-000000000000`)).json()['@type']).toBe(
      'Error',
    );
    expect((await call('am2', 'GET', `${BASE}/${created.id}`)).statusCode).toBe(404);
  });

  it('lists with filters, paging and the count headers', async () => {
    ctx.clock.advance(3_600_000);
    const later = await call('frontdesk', 'POST', BASE, fvo({ severity: 'critical' }));
    expect(later.statusCode).toBe(201);
    const res = await call('admin', 'GET', `${BASE}?creationDate.gt=2031-04-01T01:30:00Z&fields=id,severity`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual([
      { '@type': 'TroubleTicket', id: later.json().id, href: later.json().href, severity: 'critical' },
    ]);
    expect(res.headers['x-total-count']).toBe('1');
    expect(res.headers['x-result-count']).toBe('1');
    const page = await call(
      'admin',
      'GET',
      `${BASE}?status=acknowledged,inProgress&ticketType=fault&limit=1&offset=1`,
    );
    expect(page.statusCode).toBe(200);
    expect(page.json()).toHaveLength(1);
    expect(Number(page.headers['x-total-count'])).toBeGreaterThanOrEqual(2);
    expect(page.headers['x-result-count']).toBe('1');
    const all = await call(
      'admin',
      'GET',
      `${BASE}?status=acknowledged,inProgress&ticketType=fault&limit=200`,
    );
    expect(
      all
        .json()
        .every((t: Json) => ['acknowledged', 'inProgress'].includes(t.status) && t.ticketType === 'fault'),
    ).toBe(true);
    const before = await call(
      'admin',
      'GET',
      `${BASE}?creationDate.lt=2031-04-01T01:30:00Z&severity=Critical`,
    );
    expect(
      before.json().every((t: Json) => t.severity === 'critical' && t.creationDate < '2031-04-01T01:30:00Z'),
    ).toBe(true);
    const bad = await call('admin', 'GET', `${BASE}?status=open`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ '@type': 'Error', errors: [{ field: 'status' }] });
    // am1 sees only its own customers' tickets
    const am1 = (await call('am1', 'GET', `${BASE}?limit=200`)).json() as Json[];
    expect(am1.every((t) => t.relatedParty[0].partyOrPartyRole.id !== otherCustomerId)).toBe(true);
  });

  it('merge-patches status with statusChangeReason, severity and notes; keeps statusChangeHistory', async () => {
    ctx.clock.advance(60_000);
    const res = await call(
      'ops',
      'PATCH',
      `${BASE}/${created.id}`,
      { status: 'inProgress', severity: 'Critical', note: [...created.note, { text: '已派单至网络运维' }] },
      merge,
    );
    expect(res.statusCode, res.body).toBe(200);
    const t = res.json();
    expect(t).toMatchObject({ status: 'inProgress', severity: 'critical' });
    expect(t.note.map((n: Json) => n.text)).toEqual(['客户来电，要求尽快处理', '已派单至网络运维']);
    ctx.clock.advance(60_000);
    const pending = await call(
      'ops',
      'PATCH',
      `${BASE}/${created.id}`,
      { status: 'pending', statusChangeReason: '等待客户提供机房门禁' },
      json,
    );
    expect(pending.statusCode).toBe(200);
    expect(pending.json()).toMatchObject({ status: 'pending', statusChangeReason: '等待客户提供机房门禁' });
    expect(
      pending.json().statusChangeHistory.map((s: Json) => [s.status, s.statusChangeReason ?? null]),
    ).toEqual([
      ['acknowledged', 'created'],
      ['inProgress', null],
      ['pending', '等待客户提供机房门禁'],
    ]);
  });

  it('refuses an illegal or unexplained status change and read-only attributes', async () => {
    const noReason = await call('ops', 'PATCH', `${BASE}/${created.id}`, { status: 'held' }, merge);
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json()).toMatchObject({ '@type': 'Error', errors: [{ field: 'statusChangeReason' }] });
    const illegal = await call('ops', 'PATCH', `${BASE}/${created.id}`, { status: 'closed' }, merge);
    expect(illegal.statusCode).toBe(409);
    expect(illegal.json()).toMatchObject({
      '@type': 'Error',
      code: 'ILLEGAL_TRANSITION',
      errors: [{ field: 'status' }],
      from: 'pending',
      to: 'closed',
    });
    const unknown = await call('ops', 'PATCH', `${BASE}/${created.id}`, { status: 'done' }, merge);
    expect(unknown.statusCode).toBe(400);
    const readOnly = await call(
      'ops',
      'PATCH',
      `${BASE}/${created.id}`,
      { creationDate: '2020-01-01T00:00:00Z', foo: 1 },
      merge,
    );
    expect(readOnly.statusCode).toBe(400);
    expect(
      readOnly
        .json()
        .errors.map((e: Json) => e.field)
        .sort(),
    ).toEqual(['creationDate', 'foo']);
    expect(
      (await call('analyst', 'PATCH', `${BASE}/${created.id}`, { severity: 'minor' }, merge)).statusCode,
    ).toBe(403);
    const after = (await call('admin', 'GET', `${BASE}/${created.id}`)).json();
    expect(after.status).toBe('pending');
  });
});

describe('TMF621 hub', () => {
  it('creates, reads and deletes a subscription', async () => {
    const res = await call('admin', 'POST', HUB, {
      callback: 'https://crm.example.com/listener',
      query: 'eventType=TroubleTicketStatusChangeEvent',
    });
    expect(res.statusCode).toBe(201);
    const hub = res.json();
    expect(hub).toMatchObject({
      id: expect.any(String),
      callback: 'https://crm.example.com/listener',
      query: 'eventType=TroubleTicketStatusChangeEvent',
      secret: expect.stringMatching(/^[0-9a-f]{48}$/),
    });
    expect(res.headers.location).toContain(`${HUB}/${hub.id}`);
    const got = await call('admin', 'GET', `${HUB}/${hub.id}`);
    expect(got.json()).toEqual({
      '@type': 'Hub',
      id: hub.id,
      callback: hub.callback,
      query: hub.query,
    });
    expect((await call('admin', 'DELETE', `${HUB}/${hub.id}`)).statusCode).toBe(204);
    expect((await call('admin', 'GET', `${HUB}/${hub.id}`)).statusCode).toBe(404);
    expect((await call('admin', 'DELETE', `${HUB}/${hub.id}`)).statusCode).toBe(404);
  });

  it.each([
    ['ftp://example.com/x', 'callback'],
    ['not a url', 'callback'],
    [undefined, 'callback'],
  ])('refuses callback %s', async (callback, field) => {
    const res = await call('admin', 'POST', HUB, callback === undefined ? {} : { callback });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ '@type': 'Error', code: 'VALIDATION_FAILED', errors: [{ field }] });
  });

  it('refuses a malformed query and non-admin roles', async () => {
    const res = await call('admin', 'POST', HUB, { callback: 'http://127.0.0.1:9/x', query: '=oops' });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('query');
    expect((await call('frontdesk', 'POST', HUB, { callback: 'http://127.0.0.1:9/x' })).statusCode).toBe(403);
    const kam = await call('kam', 'POST', HUB, { callback: 'http://127.0.0.1:9/x' });
    expect(kam.statusCode).toBe(403);
    expect(kam.json()).toMatchObject({ status: 403 });
  });
});
