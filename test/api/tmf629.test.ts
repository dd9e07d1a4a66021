import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../harness.ts';

const BASE = '/tmf-api/customerManagement/v5/customer';
let ctx: TestContext;
const am: Record<string, string> = {};
const ids: Record<string, string> = {};
type Json = Record<string, unknown> & { characteristic?: { name: string; value: unknown }[] };

async function call(
  user: string,
  method: 'GET' | 'POST' | 'PATCH',
  url: string,
  payload?: unknown,
  headers: Record<string, string> = {},
) {
  return ctx.app.inject({
    method,
    url,
    headers: { ...(await ctx.auth(user)), ...headers },
    payload:
      payload === undefined ? undefined : typeof payload === 'string' ? payload : JSON.stringify(payload),
  });
}
const json = { 'content-type': 'application/json' };
const merge = { 'content-type': 'application/merge-patch+json' };
const charOf = (c: Json, name: string) => c.characteristic?.find((ch) => ch.name === name)?.value;

beforeAll(async () => {
  ctx = await createTestContext();
  const admin = await ctx.auth('admin');
  const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/account-managers', headers: admin });
  for (const u of res.json() as { id: string; username: string }[]) am[u.username] = u.id;
  for (const [key, body] of [
    [
      'a',
      {
        code: 'TMF-A',
        name: 'TMF 甲公司',
        industry: 'J',
        regionCode: 'GD-GZ',
        accountManagerId: am.am1,
        creditCode: '91350100M000100Y43',
        phone: '020-12345678',
        address: '天河路 1 号',
      },
    ],
    [
      'b',
      { code: 'TMF-B', name: 'TMF 乙公司', industry: 'C', regionCode: 'GD-SZ', accountManagerId: am.am2 },
    ],
  ] as const) {
    const r = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/customers',
      headers: admin,
      payload: body,
    });
    if (r.statusCode !== 201) throw new Error(r.body);
    ids[key] = r.json().id;
  }
  // A tier as the tiers module sets it on approval.
  const { customers } = await import('../../src/db/schema.ts');
  const { eq } = await import('drizzle-orm');
  await ctx.deps.db
    .update(customers)
    .set({ tier: '4A', stars: 4, groupClass: 'A' })
    .where(eq(customers.id, ids.a!));
});
afterAll(() => ctx.close());

describe('TMF629 customer', () => {
  it('retrieves a Customer shaped as the specification', async () => {
    const res = await call('am1', 'GET', `${BASE}/${ids.a}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBe('W/"1"');
    const c = res.json() as Json;
    expect(c).toMatchObject({
      '@type': 'Customer',
      id: ids.a,
      name: 'TMF 甲公司',
      status: 'active',
      engagedParty: { '@type': 'OrganizationRef', '@referredType': 'Organization', id: '91350100M000100Y43' },
      contactMedium: [
        { '@type': 'PhoneContactMedium', phoneNumber: '020-12345678', preferred: true },
        { '@type': 'GeographicAddressContactMedium', street1: '天河路 1 号', city: '广州市' },
      ],
      relatedParty: [
        {
          '@type': 'RelatedPartyOrPartyRole',
          role: 'accountManager',
          partyOrPartyRole: { '@type': 'PartyRef', id: am.am1, name: '李明(客户经理)' },
        },
      ],
    });
    expect(String(c.href)).toMatch(new RegExp(`^https?://[^/]+${BASE}/${ids.a}$`));
    expect(charOf(c, 'tier')).toBe('4A');
    expect(charOf(c, 'stars')).toBe(4);
    expect(charOf(c, 'groupClass')).toBe('A');
    expect(charOf(c, 'industry')).toBe('J');
    expect(c.characteristic?.find((ch) => ch.name === 'stars')).toMatchObject({
      '@type': 'IntegerCharacteristic',
    });
  });

  it('scopes like REST: another account manager’s customer is 404, no session is 401', async () => {
    const res = await call('am1', 'GET', `${BASE}/${ids.b}`);
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ '@type': 'Error', code: 'NOT_FOUND', reason: 'Not found' });
    expect((await ctx.app.inject({ method: 'GET', url: BASE })).statusCode).toBe(401);
    const list = await call('am1', 'GET', `${BASE}?limit=200`);
    expect(list.json().map((c: Json) => c.id)).not.toContain(ids.b);
  });

  it('lists with fields selection, offset/limit and both count headers', async () => {
    const all = await call('admin', 'GET', `${BASE}?limit=200`);
    const total = Number(all.headers['x-total-count']);
    expect(total).toBeGreaterThanOrEqual(2);
    expect(all.headers['x-result-count']).toBe(String(Math.min(total, 200)));
    const page = await call('admin', 'GET', `${BASE}?fields=name,status&offset=1&limit=1`);
    expect(page.statusCode).toBe(200);
    expect(page.headers['x-total-count']).toBe(String(total));
    expect(page.headers['x-result-count']).toBe('1');
    const [first] = page.json();
    expect(Object.keys(first).sort()).toEqual(['@type', 'href', 'id', 'name', 'status']);
    expect(first.id).toBe(all.json()[1].id);
    const one = await call('admin', 'GET', `${BASE}/${ids.a}?fields=characteristic`);
    expect(Object.keys(one.json()).sort()).toEqual(['@type', 'characteristic', 'href', 'id']);
    const bad = await call('admin', 'GET', `${BASE}?limit=0&bogus=1`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['limit', 'bogus']),
    );
  });

  it('merge-patches name, status and characteristics back to the profile', async () => {
    const res = await call(
      'am1',
      'PATCH',
      `${BASE}/${ids.a}`,
      {
        name: 'TMF 甲集团',
        characteristic: [
          { name: 'industry', value: 'I' },
          { name: 'employees', value: 800 },
        ],
      },
      merge,
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers.etag).toBe('W/"2"');
    expect(res.json().name).toBe('TMF 甲集团');
    const rest = (await call('am1', 'GET', `/api/v1/customers/${ids.a}`)).json();
    expect(rest).toMatchObject({ name: 'TMF 甲集团', industry: 'I', employees: 800, version: 2, tier: '4A' });
    const status = await call('admin', 'PATCH', `${BASE}/${ids.a}`, { status: 'inactive' }, json);
    expect(status.statusCode).toBe(200);
    expect(status.json().status).toBe('inactive');
    // Sending the whole object back (tier unchanged) is fine.
    const whole = (await call('admin', 'GET', `${BASE}/${ids.a}`)).json();
    const back = await call(
      'admin',
      'PATCH',
      `${BASE}/${ids.a}`,
      {
        ...whole,
        relatedParty: undefined,
        engagedParty: undefined,
        validFor: undefined,
        role: undefined,
        '@baseType': undefined,
        status: 'active',
      },
      merge,
    );
    expect(back.statusCode, back.body).toBe(200);
    const audit = await call('auditor', 'GET', `/api/v1/audit?entity=customer&entityId=${ids.a}`);
    expect(audit.json().filter((e: Json) => e.action === 'update')).toHaveLength(3);
  });

  it('refuses a direct tier change and other bad patches, naming the field', async () => {
    const tier = await call(
      'admin',
      'PATCH',
      `${BASE}/${ids.a}`,
      { characteristic: [{ name: 'tier', value: '5A' }] },
      merge,
    );
    expect(tier.statusCode).toBe(400);
    expect(tier.json()).toMatchObject({
      '@type': 'Error',
      code: 'VALIDATION_FAILED',
      errors: [{ field: 'characteristic.tier' }],
    });
    const score = await call(
      'admin',
      'PATCH',
      `${BASE}/${ids.a}`,
      { characteristic: [{ name: 'totalScore', value: 99 }] },
      merge,
    );
    expect(score.json().errors[0].field).toBe('characteristic.totalScore');
    const am = await call('admin', 'PATCH', `${BASE}/${ids.a}`, { relatedParty: [] }, merge);
    expect(am.json().errors[0].field).toBe('relatedParty');
    const industry = await call(
      'admin',
      'PATCH',
      `${BASE}/${ids.a}`,
      { characteristic: [{ name: 'industry', value: 'Z' }] },
      merge,
    );
    expect(industry.statusCode).toBe(400);
    expect(industry.json().errors).toEqual([
      { field: 'characteristic.industry', message: 'unknown industry code Z (GB/T 4754 sections A–T)' },
    ]);
    const stale = await call(
      'admin',
      'PATCH',
      `${BASE}/${ids.a}`,
      { name: 'x' },
      { ...merge, 'if-match': 'W/"1"' },
    );
    expect(stale.statusCode).toBe(409);
    expect(stale.json().errors[0].field).toBe('If-Match');
    const other = await call('am1', 'PATCH', `${BASE}/${ids.b}`, { name: 'x' }, merge);
    expect(other.statusCode).toBe(404);
    const readOnly = await call('analyst', 'PATCH', `${BASE}/${ids.a}`, { name: 'x' }, merge);
    expect(readOnly.statusCode).toBe(403);
    const broken = await call('admin', 'PATCH', `${BASE}/${ids.a}`, '{"name":', merge);
    expect(broken.statusCode).toBe(400);
  });

  it('creates a Customer from Customer_FVO', async () => {
    const body = {
      '@type': 'Customer',
      name: 'TMF 丙公司',
      engagedParty: { '@type': 'OrganizationRef', id: '91440300708461136T', name: 'TMF 丙公司' },
      characteristic: [
        { name: 'code', value: 'TMF-C' },
        { name: 'industry', value: 'F' },
        { name: 'regionCode', value: 'GD-FS' },
      ],
      contactMedium: [{ '@type': 'PhoneContactMedium', phoneNumber: '0757-1234567' }],
      relatedParty: [{ role: 'accountManager', partyOrPartyRole: { '@type': 'PartyRef', id: am.am1 } }],
    };
    const res = await call('kam', 'POST', BASE, body, json);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.headers.location).toBe(res.json().href);
    expect(res.json()).toMatchObject({ '@type': 'Customer', name: 'TMF 丙公司', status: 'active' });
    expect(charOf(res.json(), 'regionCode')).toBe('GD-FS');
    const dup = await call('admin', 'POST', BASE, body, json);
    expect(dup.statusCode).toBe(409);
    expect(dup.json().errors[0].field).toBe('characteristic.code');
    const bad = await call(
      'admin',
      'POST',
      BASE,
      {
        ...body,
        engagedParty: { id: '91440300708461136U' },
        characteristic: [
          { name: 'code', value: 'TMF-D' },
          { name: 'tier', value: '5A' },
        ],
      },
      json,
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['characteristic.tier', 'characteristic.industry', 'characteristic.regionCode']),
    );
    const checkDigit = await call(
      'admin',
      'POST',
      BASE,
      {
        ...body,
        engagedParty: { id: '91440300708461136U' },
        characteristic: [...body.characteristic.slice(1), { name: 'code', value: 'TMF-E' }],
      },
      json,
    );
    expect(checkDigit.json().errors).toEqual([
      { field: 'engagedParty.id', message: 'the check character (18th) does not match GB 32100-2015' },
    ]);
    expect((await call('am1', 'POST', BASE, body, json)).statusCode).toBe(403);
  });
});
