import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../harness.ts';

let ctx: TestContext;
let admin: { authorization: string };
beforeAll(async () => {
  ctx = await createTestContext();
  admin = await ctx.auth('admin');
});
afterAll(() => ctx.close());

describe('users', () => {
  it('lists with X-Total-Count, paging and sorting', async () => {
    const res = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/users?limit=3&offset=0&sort=username',
      headers: admin,
    });
    expect(res.statusCode).toBe(200);
    expect(Number(res.headers['x-total-count'])).toBeGreaterThanOrEqual(9);
    expect(res.json()).toHaveLength(3);
    expect(res.json()[0].username).toBe('admin');
    expect(JSON.stringify(res.json())).not.toContain('passwordHash');
    const bad = await ctx.app.inject({ method: 'GET', url: '/api/v1/users?sort=password', headers: admin });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('sort');
  });

  it('creates a user that can sign in, audited without the password hash', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: admin,
      payload: {
        username: 'am9',
        displayName: '新客户经理',
        phone: '+86 138-0000-1234',
        role: 'account_manager',
        regionCode: 'GD-FS',
        password: 's3cret-pass',
      },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().phone).toBe('+86 138-0000-1234');
    const login = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'am9', password: 's3cret-pass' },
    });
    expect(login.statusCode).toBe(200);
    const audit = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/audit?entity=user&entityId=${res.json().id}`,
      headers: await ctx.auth('auditor'),
    });
    expect(audit.statusCode).toBe(200);
    const [entry] = audit.json();
    expect(entry).toMatchObject({ action: 'create', actorName: 'admin', entity: 'user' });
    expect(entry.after.username).toBe('am9');
    expect(JSON.stringify(entry)).not.toMatch(/argon2|passwordHash/);
    const cleared = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${res.json().id}`,
      headers: admin,
      payload: { phone: null },
    });
    expect(cleared.json().phone).toBeNull();
  });

  it.each([
    [{ username: 'x', displayName: 'X', role: 'admin', password: 'longenough' }, 'username'],
    [{ username: 'newbie', displayName: 'X', role: 'boss', password: 'longenough' }, 'role'],
    [{ username: 'newbie', displayName: 'X', role: 'analyst', password: 'short' }, 'password'],
    [
      { username: 'newbie', displayName: 'X', role: 'analyst', password: 'longenough', regionCode: 'MARS' },
      'regionCode',
    ],
    [{ username: 'newbie', displayName: 'X', role: 'analyst', password: 'longenough', extra: 1 }, 'extra'],
    [
      { username: 'newbie', displayName: 'X', role: 'analyst', password: 'longenough', phone: 'call me' },
      'phone',
    ],
  ])('refuses %j naming %s', async (payload, field) => {
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/users', headers: admin, payload });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('refuses a taken username with 409', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: admin,
      payload: { username: 'kam', displayName: 'X', role: 'analyst', password: 'longenough' },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('CONFLICT');
  });

  it('an admin cannot lock itself out', async () => {
    const me = (await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: admin })).json().user;
    const res = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${me.id}`,
      headers: admin,
      payload: { active: false },
    });
    expect(res.statusCode).toBe(409);
  });
});

describe('GET /api/v1/visit-agents', () => {
  it('lists the active visit agents to admin and kam_manager only, without anything private', async () => {
    const kam = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/visit-agents',
      headers: await ctx.auth('kam'),
    });
    expect(kam.statusCode).toBe(200);
    const agents = kam.json() as { username: string; displayName: string }[];
    expect(agents.map((a) => a.username)).toContain('visit');
    expect(Number(kam.headers['x-total-count'])).toBe(agents.length);
    expect(Object.keys(kam.json()[0]).sort()).toEqual(['displayName', 'id', 'regionCode', 'username']);
    const all = (
      await ctx.app.inject({
        method: 'GET',
        url: '/api/v1/users?role=visit_agent&active=true',
        headers: admin,
      })
    ).json() as { username: string }[];
    expect(agents.map((a) => a.username).sort()).toEqual(all.map((a) => a.username).sort());
    for (const role of ['am1', 'frontdesk', 'visit', 'analyst']) {
      const res = await ctx.app.inject({
        method: 'GET',
        url: '/api/v1/visit-agents',
        headers: await ctx.auth(role),
      });
      expect(res.statusCode).toBe(403);
    }
  });
});

describe('audit log', () => {
  it('is readable by admin and auditor only', async () => {
    for (const [user, status] of [
      ['admin', 200],
      ['auditor', 200],
      ['kam', 403],
      ['analyst', 403],
    ] as const) {
      const res = await ctx.app.inject({
        method: 'GET',
        url: '/api/v1/audit',
        headers: await ctx.auth(user),
      });
      expect(res.statusCode, user).toBe(status);
    }
  });

  it('cannot be changed through the API', async () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'] as const) {
      const res = await ctx.app.inject({ method, url: '/api/v1/audit', headers: admin, payload: {} });
      expect(res.statusCode, method).toBe(404);
    }
  });

  it('refuses UPDATE, DELETE and TRUNCATE in the database itself', async () => {
    await expect(ctx.deps.db.execute(sql`UPDATE audit_log SET reason = 'tampered'`)).rejects.toThrow();
    await expect(ctx.deps.db.execute(sql`DELETE FROM audit_log`)).rejects.toThrow();
    await expect(ctx.deps.db.execute(sql`TRUNCATE audit_log`)).rejects.toThrow();
  });

  it('filters by date range and pages', async () => {
    const res = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/audit?from=2000-01-01&to=2100-01-01&limit=2&sort=-at',
      headers: admin,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toHaveLength(2);
    expect(Number(res.headers['x-total-count'])).toBeGreaterThan(2);
  });
});
