/** TMF622 Product Ordering v5: create, list (fields, paging, state), retrieve, merge patch, errors. */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/database.ts';
import { createTestContext, type TestContext } from '../harness.ts';

let ctx: TestContext;
// biome-ignore lint/suspicious/noExplicitAny: response bodies are read loosely in these tests
type Json = Record<string, any>;
const BASE = '/tmf-api/productOrderingManagement/v5/productOrder';
let customerId: string;

async function call(user: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) {
  return ctx.app.inject({
    method,
    url,
    headers: {
      ...(await ctx.auth(user)),
      'content-type': method === 'PATCH' ? 'application/merge-patch+json' : 'application/json',
    },
    ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
  });
}

const tmfItem = (over: Json = {}, chars: Json[] = []): Json => ({
  action: 'add',
  product: {
    productSpecification: { id: 'digital_circuit' },
    productCharacteristic: [
      { name: 'scope', value: 'in_province' },
      { name: 'provisioningClass', value: 'urgent' },
      { name: 'bandwidthMbps', value: 50 },
      ...chars,
    ],
  },
  itemPrice: [
    { priceType: 'oneTime', price: { taxIncludedAmount: { unit: 'CNY', value: 2000.5 } } },
    {
      priceType: 'recurring',
      recurringChargePeriod: 'month',
      price: { taxIncludedAmount: { unit: 'CNY', value: 800 } },
    },
  ],
  ...over,
});

const order = (over: Json = {}): Json => ({
  '@type': 'ProductOrder',
  priority: '1',
  description: 'TMF 订单',
  requestedCompletionDate: '2026-03-20T00:00:00+08:00',
  externalId: [{ id: 'CRM-001' }],
  relatedParty: [{ role: 'customer', partyOrPartyRole: { id: customerId, '@referredType': 'Customer' } }],
  productOrderItem: [tmfItem()],
  ...over,
});

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2026-03-02T02:00:00Z');
  const [row] = await queryRows<{ id: string }>(
    ctx.deps.db,
    sql`select id from customers where account_manager_id = (select id from users where username = 'am1') order by code limit 1`,
  );
  customerId = row!.id;
});
afterAll(() => ctx.close());

describe('TMF622 productOrder', () => {
  let created: Json;

  it('creates an order shaped as TMF622', async () => {
    const res = await call('am1', 'POST', BASE, order());
    expect(res.statusCode, res.body).toBe(201);
    created = res.json();
    expect(res.headers.location).toBe(created.href);
    expect(created).toMatchObject({
      '@type': 'ProductOrder',
      state: 'acknowledged',
      priority: '1',
      requestedCompletionDate: '2026-03-20T00:00:00+08:00',
      expectedCompletionDate: '2026-03-16T00:00:00+08:00', // urgent digital circuit: 10 wd
      externalId: [{ id: 'CRM-001' }],
      relatedParty: expect.arrayContaining([expect.objectContaining({ role: 'customer' })]),
    });
    expect(created.href).toMatch(new RegExp(`${BASE}/${created.id}$`));
    const item = created.productOrderItem[0];
    expect(item).toMatchObject({
      '@type': 'ProductOrderItem',
      id: '1',
      action: 'add',
      state: 'acknowledged',
    });
    expect(item.itemPrice[0]).toMatchObject({
      priceType: 'oneTime',
      price: { taxIncludedAmount: { unit: 'CNY', value: 2600.65 } }, // 200 050 fen × 130 % = 260 065
      priceAlteration: [expect.objectContaining({ price: expect.objectContaining({ percentage: 130 }) })],
    });
    expect(item.itemPrice[1]).toMatchObject({ priceType: 'recurring', recurringChargePeriod: 'month' });
    const [row] = await queryRows<{ one: number; list: number }>(
      ctx.deps.db,
      sql`select one_time_fee_fen as one, list_one_time_fee_fen as list from product_order_items
        where order_id = ${created.id}`,
    );
    expect(row).toEqual({ one: 260_065, list: 200_050 });
  });

  it('names the TMF attribute of bad input', async () => {
    const bad = async (body: Json, field: string) => {
      const res = await call('am1', 'POST', BASE, body);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json()['@type']).toBe('Error');
      expect(res.json().errors.map((e: Json) => e.field)).toContain(field);
    };
    await bad(
      order({ productOrderItem: [tmfItem({}, [{ name: 'crossOperator', value: true }])] }),
      'productOrderItem[0].product.productCharacteristic.provisioningClass',
    );
    await bad(order({ productOrderItem: [tmfItem({ action: 'delete' })] }), 'productOrderItem[0].action');
    await bad(
      order({
        productOrderItem: [
          tmfItem({ itemPrice: [{ priceType: 'oneTime', price: { taxIncludedAmount: { value: -1 } } }] }),
        ],
      }),
      'productOrderItem[0].itemPrice[0].price',
    );
    await bad(order({ relatedParty: [] }), 'relatedParty.customer');
    await bad(
      order({ productOrderItem: [tmfItem({ product: { productSpecification: { id: 'x' } } })] }),
      'productOrderItem[0].product.productSpecification.id',
    );
  });

  it('lists with fields, paging, state filter and counts; scoped', async () => {
    const res = await call('am1', 'GET', `${BASE}?fields=state,priority&limit=1&state=acknowledged`);
    expect(res.statusCode, res.body).toBe(200);
    expect(Number(res.headers['x-total-count'])).toBeGreaterThanOrEqual(1);
    expect(res.headers['x-result-count']).toBe('1');
    expect(Object.keys(res.json()[0]).sort()).toEqual(['@type', 'href', 'id', 'priority', 'state']);
    const one = await call('am1', 'GET', `${BASE}/${created.id}?fields=state`);
    expect(one.json()).toEqual({
      '@type': 'ProductOrder',
      id: created.id,
      href: created.href,
      state: 'acknowledged',
    });
    expect((await call('am2', 'GET', `${BASE}/${created.id}`)).statusCode).toBe(404);
    expect((await call('am1', 'GET', `${BASE}/not-a-uuid`)).statusCode).toBe(404);
  });

  it('merge-patches attributes and the state', async () => {
    const res = await call('am1', 'PATCH', `${BASE}/${created.id}`, {
      priority: '0',
      description: '加急处理',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ priority: '0', description: '加急处理' });
    expect(
      (await call('am1', 'PATCH', `${BASE}/${created.id}`, { state: 'cancelled', cancellationReason: 'x' }))
        .statusCode,
    ).toBe(403);
    const noReason = await call('ops', 'PATCH', `${BASE}/${created.id}`, { state: 'cancelled' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors[0].field).toBe('cancellationReason');
    const done = await call('ops', 'PATCH', `${BASE}/${created.id}`, {
      state: 'cancelled',
      cancellationReason: '客户撤单',
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ state: 'cancelled', cancellationReason: '客户撤单' });
    expect(done.json().productOrderItem[0].state).toBe('cancelled');
    const again = await call('ops', 'PATCH', `${BASE}/${created.id}`, { state: 'inProgress' });
    expect(again.statusCode).toBe(409);
    expect((await call('ops', 'PATCH', `${BASE}/${created.id}`, { creationDate: 'x' })).statusCode).toBe(400);
  });
});
