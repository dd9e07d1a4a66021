import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CREDIT_CODE_MESSAGES } from '../../src/domain/customers/credit-code.ts';
import { createTestContext, type TestContext } from '../harness.ts';

// Codes here all start with "ZT" so that demo customers (generated concurrently by the demo
// module) never mix into the assertions: every list below filters with q=ZT.
let ctx: TestContext;
let admin: { authorization: string };
const am: Record<string, string> = {};
const ids: Record<string, string> = {};

type Json = Record<string, unknown>;

async function call(
  user: string,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  payload?: unknown,
) {
  return ctx.app.inject({ method, url, headers: await ctx.auth(user), payload: payload as Json });
}

async function create(user: string, body: Json) {
  const res = await call(user, 'POST', '/api/v1/customers', body);
  return res;
}

const fields = (res: { json(): { errors?: { field: string }[] } }) =>
  (res.json().errors ?? []).map((e) => e.field);

beforeAll(async () => {
  ctx = await createTestContext();
  admin = await ctx.auth('admin');
  const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/account-managers', headers: admin });
  for (const u of res.json() as { id: string; username: string }[]) am[u.username] = u.id;
  const base = { industry: 'I', isHeadquarters: false };
  const made = [
    ['g', { ...base, code: 'ZT-G', name: 'ZT 南方集团', regionCode: 'GD', isHeadquarters: true }],
    [
      'a',
      {
        ...base,
        code: 'ZT-A',
        name: 'ZT 广州云数科技有限公司',
        regionCode: 'GD-GZ',
        accountManagerId: am.am1,
        creditCode: '91440300708461136T',
        phone: '020-88886666',
        customerSince: '2015-03-01',
        employees: 1200,
      },
    ],
    [
      'b',
      {
        ...base,
        code: 'ZT-B',
        name: 'ZT 深圳海港物流',
        industry: 'G',
        regionCode: 'GD-SZ',
        accountManagerId: am.am2,
      },
    ],
    ['c', { ...base, code: 'ZT-C', name: 'ZT 南宁制造', industry: 'C', regionCode: 'GX-NN' }],
  ] as const;
  for (const [key, body] of made) {
    const r = await create('admin', body);
    if (r.statusCode !== 201) throw new Error(`${key}: ${r.body}`);
    ids[key] = r.json().id;
  }
});
afterAll(() => ctx.close());

describe('customer list and scope', () => {
  it('gives admin, analyst and auditor every customer', async () => {
    for (const user of ['admin', 'analyst', 'auditor']) {
      const res = await call(user, 'GET', '/api/v1/customers?q=ZT-&sort=code');
      expect(res.statusCode, user).toBe(200);
      expect(res.json().map((c: Json) => c.code)).toEqual(['ZT-A', 'ZT-B', 'ZT-C', 'ZT-G']);
      expect(res.headers['x-total-count']).toBe('4');
    }
  });

  it('gives an account manager only its portfolio and 404 for another one’s customer', async () => {
    const res = await call('am1', 'GET', '/api/v1/customers?q=ZT');
    expect(res.json().map((c: Json) => c.code)).toEqual(['ZT-A']);
    expect(res.headers['x-total-count']).toBe('1');
    const other = await call('am1', 'GET', `/api/v1/customers/${ids.b}`);
    expect(other.statusCode).toBe(404);
    expect(other.json().code).toBe('NOT_FOUND');
    expect(other.body).not.toContain('深圳');
    for (const sub of ['contacts', 'notes', 'billing', 'hierarchy']) {
      expect((await call('am1', 'GET', `/api/v1/customers/${ids.b}/${sub}`)).statusCode, sub).toBe(404);
    }
    expect((await call('am2', 'GET', `/api/v1/customers/${ids.b}`)).statusCode).toBe(200);
  });

  it('gives a kam_manager and the front desk their region tree', async () => {
    for (const user of ['kam', 'frontdesk', 'ops', 'visit']) {
      const res = await call(user, 'GET', '/api/v1/customers?q=ZT&sort=code');
      expect(
        res.json().map((c: Json) => c.code),
        user,
      ).toEqual(['ZT-A', 'ZT-B', 'ZT-G']);
    }
    expect((await call('kam', 'GET', `/api/v1/customers/${ids.c}`)).statusCode).toBe(404);
  });

  it('returns the contract view', async () => {
    const res = await call('admin', 'GET', `/api/v1/customers/${ids.a}`);
    expect(res.json()).toMatchObject({
      code: 'ZT-A',
      creditCode: '91440300708461136T',
      industry: 'I',
      regionCode: 'GD-GZ',
      regionName: '广州市',
      accountManagerId: am.am1,
      accountManagerName: '李明(客户经理)',
      tier: null,
      stars: null,
      status: 'active',
      version: 1,
      memberCount: 0,
      latestTotal: null,
      customerSince: '2015-03-01',
      employees: 1200,
    });
  });

  it('searches name substring, code, credit code prefix and contact phone', async () => {
    const q = async (text: string) =>
      (await call('admin', 'GET', `/api/v1/customers?q=${encodeURIComponent(text)}`))
        .json()
        .map((c: Json) => c.code);
    expect(await q('云数')).toEqual(['ZT-A']);
    expect(await q('zt-b')).toEqual(['ZT-B']);
    expect(await q('914403007084')).toEqual(['ZT-A']);
    const contact = await call('admin', 'POST', `/api/v1/customers/${ids.c}/contacts`, {
      name: '黄工',
      role: 'core',
      phone: '13977123456',
    });
    expect(contact.statusCode).toBe(201);
    expect(await q('1397712')).toEqual(['ZT-C']);
    expect(await q('100%')).toEqual([]);
  });

  it('filters, sorts and pages with X-Total-Count', async () => {
    const page = await call('admin', 'GET', '/api/v1/customers?q=ZT&sort=-code&limit=2&offset=1');
    expect(page.json().map((c: Json) => c.code)).toEqual(['ZT-C', 'ZT-B']);
    expect(page.headers['x-total-count']).toBe('4');
    const byIndustry = await call('admin', 'GET', '/api/v1/customers?q=ZT&industry=G');
    expect(byIndustry.json().map((c: Json) => c.code)).toEqual(['ZT-B']);
    const byRegion = await call('admin', 'GET', '/api/v1/customers?q=ZT&regionCode=GX-NN');
    expect(byRegion.json().map((c: Json) => c.code)).toEqual(['ZT-C']);
    // A province includes its cities.
    const byProvince = await call('admin', 'GET', '/api/v1/customers?q=ZT&regionCode=GD&sort=code');
    expect(byProvince.json().map((c: Json) => c.code)).toEqual(['ZT-A', 'ZT-B', 'ZT-G']);
    const byAm = await call('admin', 'GET', `/api/v1/customers?q=ZT&accountManagerId=${am.am2}`);
    expect(byAm.json().map((c: Json) => c.code)).toEqual(['ZT-B']);
    const noTier = await call('admin', 'GET', '/api/v1/customers?q=ZT&tier=5A');
    expect(noTier.json()).toEqual([]);
    const bad = await call('admin', 'GET', '/api/v1/customers?sort=password&limit=500');
    expect(bad.statusCode).toBe(400);
    expect(fields(bad)).toEqual(expect.arrayContaining(['sort', 'limit']));
  });
});

describe('bad input names the field', () => {
  const good = { code: 'ZT-NEW', name: 'ZT 新客户', industry: 'C', regionCode: 'GD-FS' };
  it.each([
    [{ creditCode: '91440300708461136U' }, 'creditCode', CREDIT_CODE_MESSAGES.checkDigit],
    [{ creditCode: '9144030070846113' }, 'creditCode', CREDIT_CODE_MESSAGES.length],
    [{ industry: 'Z' }, 'industry', 'unknown industry code Z (GB/T 4754 sections A–T)'],
    [{ regionCode: 'MARS' }, 'regionCode', 'unknown region MARS'],
    [{ parentId: '00000000-0000-4000-8000-000000000000' }, 'parentId', 'no such customer'],
    [{ tier: '5A' }, 'tier', 'Unknown body field'],
  ])('%j → %s', async (change, field, message) => {
    const res = await create('admin', { ...good, ...change });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toContainEqual({ field, message });
  });

  it('refuses an account manager who is not an active account manager', async () => {
    const kamId = (await call('kam', 'GET', '/api/v1/auth/me')).json().user.id;
    const res = await create('admin', { ...good, accountManagerId: kamId });
    expect(res.statusCode).toBe(400);
    expect(fields(res)).toEqual(['accountManagerId']);
  });

  it('refuses a duplicate code or credit code with 409 naming the field', async () => {
    const dupCode = await create('admin', { ...good, code: 'ZT-A' });
    expect(dupCode.statusCode).toBe(409);
    expect(dupCode.json()).toMatchObject({ code: 'CONFLICT', errors: [{ field: 'code' }] });
    const dupCredit = await create('admin', { ...good, creditCode: '9144 0300 7084 6113 6t' });
    expect(dupCredit.statusCode).toBe(409);
    expect(fields(dupCredit)).toEqual(['creditCode']);
  });

  it('lets only admin and a kam_manager in its region create', async () => {
    expect((await create('am1', good)).statusCode).toBe(403);
    expect((await create('analyst', good)).statusCode).toBe(403);
    const outside = await create('kam', { ...good, regionCode: 'GX-NN' });
    expect(outside.statusCode).toBe(403);
    expect(fields(outside)).toEqual(['regionCode']);
    const inside = await create('kam', {
      ...good,
      code: 'ZT-K',
      creditCode: '91110000600037341L',
      accountManagerId: am.am1,
    });
    expect(inside.statusCode).toBe(201);
    expect(inside.json()).toMatchObject({ regionCode: 'GD-FS', creditCode: '91110000600037341L' });
    ids.k = inside.json().id;
  });
});

describe('changes', () => {
  it('lets the owning account manager change the profile, with optimistic version', async () => {
    const res = await call('am1', 'PATCH', `/api/v1/customers/${ids.a}`, {
      version: 1,
      strategyNotes: '三年数字化转型',
      reason: '拜访后更新',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ version: 2, strategyNotes: '三年数字化转型' });
    const stale = await call('am1', 'PATCH', `/api/v1/customers/${ids.a}`, { version: 1, phone: '020-1' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'CONFLICT', errors: [{ field: 'version' }] });
    expect((await call('admin', 'GET', `/api/v1/customers/${ids.a}`)).json().phone).toBe('020-88886666');
    const audit = await call('auditor', 'GET', `/api/v1/audit?entity=customer&entityId=${ids.a}`);
    const entry = audit.json().find((e: Json) => e.action === 'update');
    expect(entry).toMatchObject({ actorName: 'am1', reason: '拜访后更新' });
    expect(entry.before.version).toBe(1);
    expect(entry.after.strategyNotes).toBe('三年数字化转型');
  });

  it('refuses writers outside their scope (404) and read-only roles (403)', async () => {
    expect(
      (await call('am1', 'PATCH', `/api/v1/customers/${ids.b}`, { version: 1, name: 'x' })).statusCode,
    ).toBe(404);
    expect(
      (await call('kam', 'PATCH', `/api/v1/customers/${ids.c}`, { version: 1, name: 'x' })).statusCode,
    ).toBe(404);
    for (const user of ['analyst', 'auditor', 'frontdesk', 'ops', 'visit']) {
      const res = await call(user, 'PATCH', `/api/v1/customers/${ids.a}`, { version: 2, name: 'x' });
      expect(res.statusCode, user).toBe(403);
    }
    const tier = await call('admin', 'PATCH', `/api/v1/customers/${ids.a}`, { version: 2, tier: '5A' });
    expect(tier.statusCode).toBe(400);
    expect(fields(tier)).toEqual(['tier']);
    const wrong = await call('am1', 'PATCH', `/api/v1/customers/${ids.a}`, {
      version: 2,
      creditCode: '91110000600037341M',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors).toEqual([{ field: 'creditCode', message: CREDIT_CODE_MESSAGES.checkDigit }]);
  });

  it('builds the group hierarchy and refuses a cycle', async () => {
    const ver = async (id: string) => (await call('admin', 'GET', `/api/v1/customers/${id}`)).json().version;
    const link = async (id: string, parentId: string | null) =>
      call('admin', 'PATCH', `/api/v1/customers/${id}`, { version: await ver(id), parentId });
    expect((await link(ids.a!, ids.g!)).statusCode).toBe(200);
    expect((await link(ids.b!, ids.g!)).statusCode).toBe(200);
    expect((await link(ids.k!, ids.a!)).statusCode).toBe(200);
    for (const [child, parent] of [
      [ids.g, ids.k], // g → a → k → g
      [ids.g, ids.g],
      [ids.a, ids.k],
    ] as const) {
      const res = await link(child!, parent!);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'HIERARCHY_CYCLE', errors: [{ field: 'parentId' }] });
    }
    const group = (await call('admin', 'GET', `/api/v1/customers/${ids.g}`)).json();
    expect(group.memberCount).toBe(2);
    expect((await call('admin', 'GET', `/api/v1/customers/${ids.a}`)).json().parentName).toBe('ZT 南方集团');
    const members = await call('admin', 'GET', `/api/v1/customers?parentId=${ids.g}&sort=code`);
    expect(members.json().map((c: Json) => c.code)).toEqual(['ZT-A', 'ZT-B']);

    const tree = (await call('admin', 'GET', `/api/v1/customers/${ids.k}/hierarchy`)).json();
    expect(tree.ancestors.map((a: Json) => a.code)).toEqual(['ZT-G', 'ZT-A']);
    expect(tree.root).toMatchObject({ id: ids.g, code: 'ZT-G', isHeadquarters: true, visible: true });
    expect(tree.root.children.map((c: Json) => c.code)).toEqual(['ZT-A', 'ZT-B']);
    const a = tree.root.children.find((c: Json) => c.id === ids.a);
    expect(a.children.map((c: Json) => c.code)).toEqual(['ZT-K']);

    // am1 owns a and k, not the group g or its member b (am2's): their place shows, never their id,
    // code or name; b, with nothing of am1's below it, is only counted
    const mineRes = await call('am1', 'GET', `/api/v1/customers/${ids.k}/hierarchy`);
    expect(mineRes.statusCode, mineRes.body).toBe(200);
    const mine = mineRes.json();
    expect(mine.ancestors).toEqual([
      { id: null, code: null, name: null, visible: false },
      { id: ids.a, code: 'ZT-A', name: 'ZT 广州云数科技有限公司', visible: true },
    ]);
    expect(mine.root).toMatchObject({ id: null, code: null, name: null, visible: false, hiddenCount: 1 });
    expect(mine.root.children).toHaveLength(2);
    expect(mine.root.children[0]).toMatchObject({ id: ids.a, visible: true, hiddenCount: 0 });
    expect(mine.root.children[0].children.map((c: Json) => c.id)).toEqual([ids.k]);
    expect(mine.root.children[1]).toEqual({
      id: null,
      code: null,
      name: null,
      tier: null,
      isHeadquarters: false,
      visible: false,
      hiddenCount: 1,
      children: [],
    });
    for (const hidden of [ids.g, ids.b, 'ZT-G', 'ZT-B', '南方']) {
      expect(JSON.stringify(mine)).not.toContain(hidden);
    }
    // am2 sees its b, and a (with k) only as one count
    const theirs = (await call('am2', 'GET', `/api/v1/customers/${ids.b}/hierarchy`)).json();
    expect(theirs.ancestors).toEqual([{ id: null, code: null, name: null, visible: false }]);
    expect(theirs.root.children.map((c: Json) => [c.id, c.hiddenCount])).toEqual([
      [ids.b, 0],
      [null, 2],
    ]);
    for (const hidden of [ids.g, ids.a, ids.k]) expect(JSON.stringify(theirs)).not.toContain(hidden);
    expect(JSON.stringify(mine)).not.toContain('深圳');
    expect((await call('am1', 'GET', `/api/v1/customers/${ids.a}`)).json().parentName).toBeNull();
  });

  it('lets only a kam_manager (within its region) or admin move a customer to another region', async () => {
    const patch = async (user: string, id: string, body: Json) => {
      const version = (await call('admin', 'GET', `/api/v1/customers/${id}`)).json().version;
      return call(user, 'PATCH', `/api/v1/customers/${id}`, { version, ...body });
    };
    // an account manager never changes the region (it would move the customer out of its kam_manager's scope)
    const am1 = await patch('am1', ids.a!, { regionCode: 'GD-SZ' });
    expect(am1.statusCode).toBe(403);
    expect(am1.json()).toMatchObject({ code: 'FORBIDDEN', errors: [{ field: 'regionCode' }] });
    const tmf = await ctx.app.inject({
      method: 'PATCH',
      url: `/tmf-api/customerManagement/v5/customer/${ids.a}`,
      headers: { ...(await ctx.auth('am1')), 'content-type': 'application/merge-patch+json' },
      payload: { characteristic: [{ name: 'regionCode', value: 'GX-NN' }] },
    });
    expect(tmf.statusCode).toBe(403);
    expect(tmf.json().errors.map((e: Json) => e.field)).toEqual(['characteristic.regionCode']);
    expect((await call('admin', 'GET', `/api/v1/customers/${ids.a}`)).json().regionCode).toBe('GD-GZ');
    // sending the unchanged region along is no change
    const same = await patch('am1', ids.a!, { regionCode: 'GD-GZ', address: '广州市天河区' });
    expect(same.statusCode, same.body).toBe(200);
    expect(same.json()).toMatchObject({ regionCode: 'GD-GZ', address: '广州市天河区' });
    // a kam_manager within its region tree only; admin anywhere
    const out = await patch('kam', ids.k!, { regionCode: 'GX-NN' });
    expect(out.statusCode).toBe(403);
    expect(fields(out)).toEqual(['regionCode']);
    expect((await patch('kam', ids.k!, { regionCode: 'GD-SZ' })).json()).toMatchObject({
      regionCode: 'GD-SZ',
    });
    expect((await patch('admin', ids.k!, { regionCode: 'GX-NN' })).json()).toMatchObject({
      regionCode: 'GX-NN',
    });
    expect((await patch('admin', ids.k!, { regionCode: 'GD-FS' })).statusCode).toBe(200);
  });

  it('takes only a parent the writer can see, answering exactly as for a missing one otherwise', async () => {
    const patch = async (user: string, id: string, body: Json) => {
      const version = (await call('admin', 'GET', `/api/v1/customers/${id}`)).json().version;
      return call(user, 'PATCH', `/api/v1/customers/${id}`, { version, ...body });
    };
    const problem = (res: { json(): Json }) => {
      const { code, status, title, detail, errors } = res.json();
      return { code, status, title, detail, errors };
    };
    const hidden = await patch('am1', ids.k!, { parentId: ids.b }); // am2's customer
    const missing = await patch('am1', ids.k!, { parentId: '00000000-0000-4000-8000-000000000000' });
    expect(hidden.statusCode).toBe(400);
    expect(problem(hidden)).toEqual(problem(missing));
    expect(problem(hidden)).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ field: 'parentId', message: 'no such customer' }],
    });
    // a kam_manager cannot hang its customer under a group of another region, nor create one there
    const kam = await patch('kam', ids.k!, { parentId: ids.c });
    expect(kam.statusCode).toBe(400);
    expect(fields(kam)).toEqual(['parentId']);
    const created = await create('kam', {
      code: 'ZT-P',
      name: 'ZT 佛山分公司',
      industry: 'I',
      regionCode: 'GD-FS',
      isHeadquarters: false,
      parentId: ids.c,
    });
    expect(created.statusCode).toBe(400);
    expect(fields(created)).toEqual(['parentId']);
    // the group a customer already belongs to stays, even when am1 cannot see it and sends it again
    const kept = await patch('am1', ids.a!, { parentId: ids.g, employees: 1300 });
    expect(kept.statusCode, kept.body).toBe(200);
    expect((await call('admin', 'GET', `/api/v1/customers/${ids.k}`)).json().parentId).toBe(ids.a);
  });

  it('transfers between account managers, audited with before, after and reason', async () => {
    // a ticket of k, opened while am1 manages it: am1 sees it, am2 does not
    const opened = await call('frontdesk', 'POST', '/api/v1/tickets', {
      customerId: ids.k,
      ticketType: 'fault',
      severity: 'major',
      channel: 'phone',
      name: '专线中断',
      description: '佛山分支专线中断',
    });
    expect(opened.statusCode, opened.body).toBe(201);
    const ticketId = opened.json().id as string;
    expect((await call('am1', 'GET', `/api/v1/tickets/${ticketId}`)).statusCode).toBe(200);
    expect((await call('am2', 'GET', `/api/v1/tickets/${ticketId}`)).statusCode).toBe(404);
    const noReason = await call('kam', 'POST', `/api/v1/customers/${ids.k}/transfer`, {
      accountManagerId: am.am2,
    });
    expect(noReason.statusCode).toBe(400);
    expect(fields(noReason)).toEqual(['reason']);
    expect(
      (
        await call('am1', 'POST', `/api/v1/customers/${ids.k}/transfer`, {
          accountManagerId: am.am2,
          reason: 'x',
        })
      ).statusCode,
    ).toBe(403);
    const res = await call('kam', 'POST', `/api/v1/customers/${ids.k}/transfer`, {
      accountManagerId: am.am2,
      reason: '客户经理岗位调整',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ accountManagerId: am.am2, accountManagerName: '王芳(客户经理)' });
    const audit = await call('auditor', 'GET', `/api/v1/audit?entity=customer&entityId=${ids.k}`);
    const entry = audit.json().find((e: Json) => e.action === 'transfer');
    expect(entry).toMatchObject({ actorName: 'kam', reason: '客户经理岗位调整' });
    expect(entry.before).toMatchObject({ accountManagerId: am.am1, accountManagerName: '李明(客户经理)' });
    expect(entry.after).toMatchObject({
      accountManagerId: am.am2,
      accountManagerName: '王芳(客户经理)',
      moved: { tickets: 1, orders: 0, tasks: 0 },
    });
    expect((await call('am1', 'GET', `/api/v1/customers/${ids.k}`)).statusCode).toBe(404);
    expect((await call('am2', 'GET', `/api/v1/customers/${ids.k}`)).statusCode).toBe(200);
    // the history on the customer page: whoever may read the customer, nobody else
    const history = await call('am2', 'GET', `/api/v1/customers/${ids.k}/transfers`);
    expect(history.statusCode, history.body).toBe(200);
    expect(history.json()).toEqual([
      {
        id: expect.any(Number),
        at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
        actorName: 'kam',
        from: { id: am.am1, name: '李明(客户经理)' },
        to: { id: am.am2, name: '王芳(客户经理)' },
        reason: '客户经理岗位调整',
        moved: { tickets: 1, orders: 0, tasks: 0 },
      },
    ]);
    expect(JSON.stringify(history.json())).not.toContain('creditCode');
    for (const user of ['admin', 'kam', 'analyst', 'auditor']) {
      expect((await call(user, 'GET', `/api/v1/customers/${ids.k}/transfers`)).json(), user).toHaveLength(1);
    }
    expect((await call('am1', 'GET', `/api/v1/customers/${ids.k}/transfers`)).statusCode).toBe(404);
    expect((await call('am1', 'GET', `/api/v1/customers/${ids.a}/transfers`)).json()).toEqual([]);
    // the ticket followed the customer: the new account manager sees it (and is the one escalations
    // notify), the old one no longer does
    const ticket = await call('am2', 'GET', `/api/v1/tickets/${ticketId}`);
    expect(ticket.statusCode).toBe(200);
    expect(ticket.json().accountManagerId).toBe(am.am2);
    expect(
      (await call('am2', 'GET', `/api/v1/customers/${ids.k}/tickets`)).json().map((t: Json) => t.id),
    ).toContain(ticketId);
    expect((await call('am1', 'GET', `/api/v1/tickets/${ticketId}`)).statusCode).toBe(404);
    const mine = (await call('am1', 'GET', '/api/v1/tickets?limit=500')).json() as Json[];
    expect(mine.some((t) => t.id === ticketId)).toBe(false);
    const same = await call('admin', 'POST', `/api/v1/customers/${ids.k}/transfer`, {
      accountManagerId: am.am2,
      reason: 'again',
    });
    expect(fields(same)).toEqual(['accountManagerId']);
  });

  it('moves the tickets, orders, open tasks and open visits along when the region changes (PATCH and TMF629)', async () => {
    const made = await create('admin', {
      code: 'ZT-R',
      name: 'ZT 佛山迁址公司',
      industry: 'I',
      regionCode: 'GD-FS',
      isHeadquarters: false,
      accountManagerId: am.am1,
    });
    expect(made.statusCode, made.body).toBe(201);
    const id = made.json().id as string;
    const opened = await call('frontdesk', 'POST', '/api/v1/tickets', {
      customerId: id,
      ticketType: 'fault',
      severity: 'major',
      channel: 'phone',
      name: '专线中断',
      description: '佛山专线中断',
    });
    expect(opened.statusCode, opened.body).toBe(201);
    const ticketId = opened.json().id as string;
    const db = ctx.deps.db;
    await db.execute(sql`insert into product_orders (order_number, customer_id, region_code, created_by)
      values ('PO-ZT-R-1', ${id}::uuid, 'GD-FS', 'test')`);
    const task = (status: string, key: string) => sql`
      insert into action_tasks (customer_id, action_code, action_kind, level, catalog_version, occurrence_key,
        owner_id, region_code, month, start_date, due_date, status, completed_date, completed_at)
      values (${id}::uuid, 'visit', 'visit', '3A', 1, ${key}, ${am.am1}::uuid, 'GD-FS', '2026-11',
        '2026-11-01', '2026-11-30', ${status}, ${status === 'done' ? '2026-11-10' : null}::date,
        ${status === 'done' ? '2026-11-10T02:00:00Z' : null}::timestamptz)`;
    await db.execute(task('open', 'R-2026-11'));
    await db.execute(task('done', 'R-2026-10'));
    const visit = (status: string) => sql`
      insert into return_visits (customer_id, kind, visitor_id, region_code, due_at, status)
      values (${id}::uuid, 'complaint', ${am.am1}::uuid, 'GD-FS', '2026-11-05T02:00:00Z', ${status})`;
    await db.execute(visit('open'));
    await db.execute(visit('done'));
    const regions = async () => {
      const [row] = (
        (await db.execute(sql`select
          (select array_agg(region_code) from tickets where customer_id = ${id}::uuid) as tickets,
          (select array_agg(region_code) from product_orders where customer_id = ${id}::uuid) as orders,
          (select array_agg(region_code order by occurrence_key) from action_tasks where customer_id = ${id}::uuid) as tasks,
          (select array_agg(region_code order by status desc) from return_visits where customer_id = ${id}::uuid) as visits`)) as unknown as {
          rows: Json[];
        }
      ).rows;
      return row;
    };
    expect((await call('kam', 'GET', `/api/v1/tickets/${ticketId}`)).statusCode).toBe(200);

    // to Nanning (outside the GD kam_manager's and front desk's region)
    const version = (await call('admin', 'GET', `/api/v1/customers/${id}`)).json().version;
    const moved = await call('admin', 'PATCH', `/api/v1/customers/${id}`, {
      version,
      regionCode: 'GX-NN',
      reason: '注册地迁址',
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(await regions()).toEqual({
      tickets: ['GX-NN'],
      orders: ['GX-NN'],
      tasks: ['GD-FS', 'GX-NN'], // the done task (R-2026-10) stays where it was carried out
      visits: ['GX-NN', 'GD-FS'], // open moves, done stays
    });
    for (const user of ['kam', 'frontdesk']) {
      expect((await call(user, 'GET', `/api/v1/tickets/${ticketId}`)).statusCode, user).toBe(404);
    }
    expect((await call('am1', 'GET', `/api/v1/tickets/${ticketId}`)).statusCode).toBe(200);
    const audit = await call('auditor', 'GET', `/api/v1/audit?entity=customer&entityId=${id}`);
    const entry = (audit.json() as Json[]).find((e) => e.action === 'update');
    expect(entry).toMatchObject({
      reason: '注册地迁址',
      before: { regionCode: 'GD-FS' },
      after: { regionCode: 'GX-NN', regionMoved: { tickets: 1, orders: 1, tasks: 1, visits: 1 } },
    });

    // and back through TMF629: the same rule
    const back = await ctx.app.inject({
      method: 'PATCH',
      url: `/tmf-api/customerManagement/v5/customer/${id}`,
      headers: { ...(await ctx.auth('admin')), 'content-type': 'application/merge-patch+json' },
      payload: JSON.stringify({ characteristic: [{ name: 'regionCode', value: 'GD-FS' }] }),
    });
    expect(back.statusCode, back.body).toBe(200);
    expect((await regions())!.tickets).toEqual(['GD-FS']);
    expect((await call('kam', 'GET', `/api/v1/tickets/${ticketId}`)).statusCode).toBe(200);
    // an update that keeps the region moves nothing and records no counts
    const same = await call('admin', 'PATCH', `/api/v1/customers/${id}`, {
      version: (await call('admin', 'GET', `/api/v1/customers/${id}`)).json().version,
      employees: 12,
    });
    expect(same.statusCode, same.body).toBe(200);
    const updates = (
      (await call('auditor', 'GET', `/api/v1/audit?entity=customer&entityId=${id}`)).json() as Json[]
    ).filter((e) => e.action === 'update');
    expect(updates.map((e) => (e.after as Json).regionMoved ?? null)).toEqual(
      expect.arrayContaining([null, { tickets: 1, orders: 1, tasks: 1, visits: 1 }]),
    );
  });
});

describe('contacts, notes, billing', () => {
  it('keeps key contacts with role and birthday, audited', async () => {
    const created = await call('am1', 'POST', `/api/v1/customers/${ids.a}/contacts`, {
      name: '陈总',
      position: 'CIO',
      role: 'important',
      phone: '13800138000',
      birthday: '1975-08-16',
    });
    expect(created.statusCode).toBe(201);
    const contact = created.json();
    expect(contact).toMatchObject({
      customerId: ids.a,
      role: 'important',
      birthday: '1975-08-16',
      email: null,
    });
    const bad = await call('am1', 'POST', `/api/v1/customers/${ids.a}/contacts`, {
      name: 'x',
      role: 'boss',
      birthday: '1975-02-30',
    });
    expect(fields(bad)).toEqual(expect.arrayContaining(['role', 'birthday']));
    const patched = await call('am1', 'PATCH', `/api/v1/customers/${ids.a}/contacts/${contact.id}`, {
      role: 'core',
    });
    expect(patched.json().role).toBe('core');
    expect(
      (await call('am2', 'PATCH', `/api/v1/customers/${ids.a}/contacts/${contact.id}`, { role: 'core' }))
        .statusCode,
    ).toBe(404);
    const list = await call('frontdesk', 'GET', `/api/v1/customers/${ids.a}/contacts`);
    expect(list.json().map((c: Json) => c.name)).toEqual(['陈总']);
    expect(
      (await call('frontdesk', 'POST', `/api/v1/customers/${ids.a}/contacts`, { name: 'x' })).statusCode,
    ).toBe(403);
    expect(
      (await call('am1', 'DELETE', `/api/v1/customers/${ids.a}/contacts/${contact.id}`)).statusCode,
    ).toBe(204);
    expect((await call('am1', 'GET', `/api/v1/customers/${ids.a}/contacts`)).json()).toEqual([]);
    const audit = await call('auditor', 'GET', `/api/v1/audit?entity=contact&entityId=${contact.id}`);
    expect(
      audit
        .json()
        .map((e: Json) => e.action)
        .sort(),
    ).toEqual(['create', 'delete', 'update']);
  });

  it('keeps dated notes (major events, competitor information)', async () => {
    const event = await call('am1', 'POST', `/api/v1/customers/${ids.a}/notes`, {
      kind: 'event',
      day: '2026-06-01',
      title: '新园区投产',
    });
    expect(event.statusCode).toBe(201);
    expect(event.json()).toMatchObject({ kind: 'event', authorName: '李明(客户经理)', competitor: null });
    await call('am1', 'POST', `/api/v1/customers/${ids.a}/notes`, {
      kind: 'competitor',
      day: '2026-09-10',
      title: '友商报价专线降价 20%',
      competitor: '中国移动',
    });
    const all = await call('kam', 'GET', `/api/v1/customers/${ids.a}/notes`);
    expect(all.json().map((n: Json) => n.day)).toEqual(['2026-09-10', '2026-06-01']);
    const comp = await call('kam', 'GET', `/api/v1/customers/${ids.a}/notes?kind=competitor`);
    expect(comp.json()).toHaveLength(1);
    expect(comp.json()[0].competitor).toBe('中国移动');
    const audit = await call(
      'auditor',
      'GET',
      `/api/v1/audit?entity=customerNote&entityId=${event.json().id}`,
    );
    expect(audit.json()).toHaveLength(1);
    const bad = await call('am1', 'POST', `/api/v1/customers/${ids.a}/notes`, {
      kind: 'gossip',
      day: '2026-13-01',
      title: '',
    });
    expect(fields(bad)).toEqual(expect.arrayContaining(['kind', 'day', 'title']));
  });

  it('answers the latest billing months oldest first', async () => {
    for (const [month, revenue] of [
      ['2026-08-01', 100_000_00],
      ['2026-09-01', 110_000_00],
      ['2026-10-01', 120_000_00],
    ] as const) {
      await ctx.deps.db.execute(
        sql`insert into billing_monthly (customer_id, month, revenue_fen, bandwidth_fen, arrears_months)
            values (${ids.a}, ${month}, ${revenue}, 3000000, 0)`,
      );
    }
    const res = await call('am1', 'GET', `/api/v1/customers/${ids.a}/billing?months=2`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual([
      expect.objectContaining({
        month: '2026-09-01',
        revenueFen: 11_000_000,
        bandwidthFen: 3_000_000,
        drivenFen: null,
      }),
      expect.objectContaining({
        month: '2026-10-01',
        revenueFen: 12_000_000,
        arrearsMonths: 0,
        newServicesCount: 0,
      }),
    ]);
    expect((await call('am1', 'GET', `/api/v1/customers/${ids.a}/billing`)).json()).toHaveLength(3);
    expect((await call('am1', 'GET', `/api/v1/customers/${ids.a}/billing?months=0`)).statusCode).toBe(400);
  });

  it('shows the total score of the latest assessment', async () => {
    await ctx.deps.db.execute(sql`insert into value_models (version, name, status, definition, created_by)
      values (9001, 'test', 'draft', '{}'::jsonb, 'test') on conflict do nothing`);
    for (const [asOf, total] of [
      ['2026-09-01', 71.5],
      ['2026-10-01', 82.4],
    ] as const) {
      const run = await ctx.deps.db.execute(sql`insert into assessment_runs
        (model_version, as_of, scope, trigger, status, started_by, started_at)
        values (9001, ${asOf}, 'all', 'manual', 'done', 'test', now()) returning id`);
      const runId = (run as unknown as { rows: { id: string }[] }).rows[0]!.id;
      await ctx.deps.db.execute(sql`insert into assessments (run_id, customer_id, model_version, as_of, total, scores, missing)
        values (${runId}, ${ids.a}, 9001, ${asOf}, ${total}, '{}'::jsonb, '[]'::jsonb)`);
    }
    const one = await call('am1', 'GET', `/api/v1/customers/${ids.a}`);
    expect(one.json().latestTotal).toBe(82.4);
    const list = await call('am1', 'GET', '/api/v1/customers?q=ZT-A');
    expect(list.json()[0].latestTotal).toBe(82.4);
  });
});

describe('reference lists', () => {
  it('documents the customer routes in OpenAPI', async () => {
    const doc = await ctx.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(doc.statusCode).toBe(200);
    expect(Object.keys(doc.json().paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/customers',
        '/api/v1/customers/{id}/hierarchy',
        '/api/v1/customers/{id}/transfers',
        '/tmf-api/customerManagement/v5/customer/{id}',
      ]),
    );
  });

  it('lists the industries', async () => {
    const res = await call('am1', 'GET', '/api/v1/industries');
    expect(res.json()).toHaveLength(20);
    expect(res.json()[8]).toEqual({
      code: 'I',
      zh: '信息传输、软件和信息技术服务业',
      en: expect.any(String),
    });
  });

  it('lists account managers in the caller’s scope', async () => {
    const all = (await call('admin', 'GET', '/api/v1/account-managers')).json();
    expect(all.map((u: Json) => u.username)).toEqual(expect.arrayContaining(['am1', 'am2']));
    const kam = (await call('kam', 'GET', '/api/v1/account-managers')).json();
    expect(kam.every((u: { regionCode: string }) => u.regionCode.startsWith('GD'))).toBe(true);
    expect(kam.map((u: Json) => u.username)).toEqual(expect.arrayContaining(['am1', 'am2']));
    const self = (await call('am1', 'GET', '/api/v1/account-managers')).json();
    expect(self.map((u: Json) => u.username)).toEqual(['am1']);
  });
});

describe('big lists', () => {
  it('counts exactly up to the cap, then answers the planner’s estimate and says so', async () => {
    await ctx.deps.db.execute(sql`insert into customers (code, name, industry, region_code, tier)
      select 'ZZBIG' || lpad(g::text, 6, '0'), 'ZZ 批量客户 ' || g, 'C', 'GD-DG', case when g % 100 = 0 then '5A' end
      from generate_series(1, 20100) g`);
    await ctx.deps.db.execute(sql`analyze customers`);
    const big = await call('admin', 'GET', '/api/v1/customers?q=ZZ&regionCode=GD-DG&limit=5');
    expect(big.statusCode).toBe(200);
    expect(big.headers['x-total-count-estimated']).toBe('true');
    expect(Number(big.headers['x-total-count'])).toBeGreaterThan(20_000);
    expect(big.json()).toHaveLength(5);
    const small = await call('admin', 'GET', '/api/v1/customers?q=ZZ&regionCode=GD-DG&tier=5A&limit=5');
    expect(small.headers['x-total-count']).toBe('201');
    expect(small.headers['x-total-count-estimated']).toBeUndefined();
  });
});
