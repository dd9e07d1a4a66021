/**
 * Circuits and the front-desk lookup (issue 5 item 4): list and create (409 naming circuitNumber,
 * customer in scope, product and scope checked), and one box that finds a customer by name, code,
 * contact phone or circuit number — scoped like every customer read.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/database.ts';
import { makeCustomer, userId } from '../fixtures/customers.ts';
import { createTestContext, type TestContext } from '../harness.ts';

let ctx: TestContext;
let admin: { authorization: string };

type Hit = {
  customer: { id: string; name: string; creditCode: string | null; accountManagerName: string | null };
  matchedBy: string;
  matched: string;
  circuits: { circuitNumber: string }[];
  openTickets: number;
};

beforeAll(async () => {
  ctx = await createTestContext();
  admin = await ctx.auth('admin');
});
afterAll(() => ctx.close());

const lookup = async (q: string, who = admin) => {
  const res = await ctx.app.inject({
    method: 'GET',
    url: `/api/v1/desk/lookup?q=${encodeURIComponent(q)}`,
    headers: who,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Hit[]>();
};

/** A demo customer of `am` with a circuit, a credit code and a contact phone. */
async function sample(am: string) {
  const [row] = await queryRows<{
    id: string;
    name: string;
    creditCode: string;
    phone: string;
    circuit: string;
  }>(
    ctx.deps.db,
    sql`select c.id, c.name, c.credit_code as "creditCode", ct.phone, k.circuit_number as circuit
      from customers c join users u on u.id = c.account_manager_id
      join circuits k on k.customer_id = c.id join contacts ct on ct.customer_id = c.id
      where u.username = ${am} and c.credit_code is not null and ct.phone is not null
      order by c.code, k.circuit_number, ct.phone limit 1`,
  );
  if (!row) throw new Error(`no sample customer of ${am}`);
  return row;
}

describe('circuits', () => {
  it('the demo gives key accounts circuits numbered by region', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/circuits?limit=500', headers: admin });
    expect(res.statusCode).toBe(200);
    const list = res.json<{ circuitNumber: string; customerId: string }[]>();
    expect(list.length).toBeGreaterThanOrEqual(20);
    expect(Number(res.headers['x-total-count'])).toBe(list.length);
    for (const k of list) expect(k.circuitNumber).toMatch(/^[A-Z]{2}-[A-Z]+-\d{6}$/);
    const q = list[0]!.circuitNumber.slice(-6);
    const found = await ctx.app.inject({ method: 'GET', url: `/api/v1/circuits?q=${q}`, headers: admin });
    expect(found.json<{ circuitNumber: string }[]>().map((k) => k.circuitNumber)).toContain(
      list[0]!.circuitNumber,
    );
  });

  it('creates a circuit; a taken number is 409 naming circuitNumber', async () => {
    const customerId = await makeCustomer(ctx, { am: 'am1' });
    const body = {
      circuitNumber: 'gz-dia-990001',
      customerId,
      product: 'dedicated_internet',
      scope: 'local',
      bandwidthMbps: 100,
      aEnd: '天河路1号',
      zEnd: '天河局',
      activatedOn: '2025-06-01',
    };
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/circuits',
      headers: admin,
      payload: body,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      circuitNumber: 'GZ-DIA-990001',
      customerId,
      scope: 'local',
      bandwidthMbps: 100,
    });
    const again = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/circuits',
      headers: admin,
      payload: body,
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('CONFLICT');
    expect(again.json().errors[0].field).toBe('circuitNumber');

    const bad = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/circuits',
      headers: admin,
      payload: { ...body, circuitNumber: 'GZ-X-1', product: 'pigeon', scope: 'galactic' },
    });
    expect(bad.statusCode).toBe(400);
    const fields = bad.json<{ errors: { field: string }[] }>().errors.map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['product', 'scope']));

    const list = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/customers/${customerId}/circuits`,
      headers: admin,
    });
    expect(list.json<{ circuitNumber: string }[]>().map((k) => k.circuitNumber)).toEqual(['GZ-DIA-990001']);
    const audit = await queryRows<{ n: number }>(
      ctx.deps.db,
      sql`select count(*)::int as n from audit_log where entity = 'circuit' and action = 'create'
        and entity_id = ${res.json<{ id: string }>().id}`,
    );
    expect(audit[0]!.n).toBe(1);
  });

  it('only admin and kam_manager create, and only for customers in scope', async () => {
    const gx = await makeCustomer(ctx, { am: 'am1', region: 'GX-NN' });
    const payload = { circuitNumber: 'NN-DDN-990002', customerId: gx, product: 'ddn', scope: 'local' };
    const byAm = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/circuits',
      headers: await ctx.auth('am1'),
      payload,
    });
    expect(byAm.statusCode).toBe(403);
    const byKam = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/circuits',
      headers: await ctx.auth('kam'),
      payload,
    });
    expect(byKam.statusCode).toBe(404);
    expect(byKam.json().errors[0].field).toBe('customerId');
    const outside = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/customers/${gx}/circuits`,
      headers: await ctx.auth('kam'),
    });
    expect(outside.statusCode).toBe(404);
  });
});

describe('front-desk lookup', () => {
  it('finds a customer by circuit number, credit code, contact phone and name', async () => {
    const s = await sample('am1');
    const byCircuit = await lookup(s.circuit);
    expect(byCircuit[0]).toMatchObject({ customer: { id: s.id }, matchedBy: 'circuit', matched: s.circuit });
    expect(byCircuit[0]!.circuits[0]!.circuitNumber).toBe(s.circuit);
    expect(byCircuit[0]!.customer.accountManagerName).toContain('李明');

    const byCircuitPart = await lookup(s.circuit.slice(-6).toLowerCase());
    expect(byCircuitPart.some((h) => h.customer.id === s.id && h.matchedBy === 'circuit')).toBe(true);

    const byCode = await lookup(s.creditCode);
    expect(byCode[0]).toMatchObject({ customer: { id: s.id, creditCode: s.creditCode }, matchedBy: 'code' });

    const byPhone = await lookup(s.phone);
    expect(byPhone.find((h) => h.customer.id === s.id)).toMatchObject({
      matchedBy: 'phone',
      matched: s.phone,
    });

    const part = s.name.slice(0, 4);
    const byName = await lookup(part);
    expect(byName.length).toBeLessThanOrEqual(20);
    expect(byName.find((h) => h.customer.id === s.id)?.matchedBy).toBe('name');
    expect(byName.every((h) => typeof h.openTickets === 'number')).toBe(true);
  });

  it('is scoped: an account manager does not find another one’s customer', async () => {
    const other = await sample('am2');
    const am1 = await ctx.auth('am1');
    expect(await lookup(other.circuit, am1)).toEqual([]);
    expect(await lookup(other.creditCode, am1)).toEqual([]);
    expect(await lookup(other.phone, am1)).toEqual([]);
    expect((await lookup(other.circuit, await ctx.auth('am2')))[0]?.customer.id).toBe(other.id);
    // the front desk finds any customer of its region tree
    expect((await lookup(other.circuit, await ctx.auth('frontdesk')))[0]?.customer.id).toBe(other.id);
    // and a kam_manager of GD none in GX
    const gx = await makeCustomer(ctx, { am: 'am2', region: 'GX-NN' });
    await ctx.deps.db.execute(
      sql`insert into circuits (circuit_number, customer_id, product, scope) values ('NN-DIA-990009', ${gx}::uuid, 'dedicated_internet', 'local')`,
    );
    expect(await lookup('NN-DIA-990009', await ctx.auth('kam'))).toEqual([]);
    expect((await lookup('NN-DIA-990009'))[0]?.customer.id).toBe(gx);
    expect(await userId(ctx, 'am2')).toBeTruthy();
  });

  it('needs at least 2 characters', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/desk/lookup?q=x', headers: admin });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toContain('q');
  });
});
