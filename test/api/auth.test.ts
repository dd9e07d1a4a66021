import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/database.ts';
import { createTestContext, type TestContext } from '../harness.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ config: { LOGIN_RATE_LIMIT: 5 } });
});
afterAll(() => ctx.close());

const login = (username: string, password: string) =>
  ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });

describe('login', () => {
  it('sets an httpOnly SameSite session cookie and returns a bearer token', async () => {
    const res = await login('admin', 'demo1234');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(body.user).toMatchObject({ username: 'admin', role: 'admin' });
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/tierline_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    // The cookie works as well as the bearer token.
    const token = res.cookies.find((c) => c.name === 'tierline_session')!.value;
    const me = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      cookies: { tierline_session: token },
    });
    expect(me.json().user.username).toBe('admin');
  });

  it('stores only a hash of the token', async () => {
    const { token } = (await login('kam', 'demo1234')).json();
    const rows = await queryRows<{ id: string }>(ctx.deps.db, sql`SELECT id FROM sessions`);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((r) => r.id === token)).toBe(false);
  });

  it('answers a wrong password and an unknown user alike, as problem+json', async () => {
    for (const res of [await login('admin', 'wrong-password'), await login('nobody', 'demo1234')]) {
      expect(res.statusCode).toBe(401);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.json()).toMatchObject({ status: 401, code: 'INVALID_CREDENTIALS' });
    }
  });

  it('names the missing field', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'x' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([expect.objectContaining({ field: 'password' })]);
  });

  it('limits login attempts per client and username', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 7; i++) codes.push((await login('analyst', 'bad-password')).statusCode);
    expect(codes.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(codes[5]).toBe(429);
    const res = await login('analyst', 'demo1234');
    expect(res.json()).toMatchObject({ code: 'RATE_LIMITED' });
    expect(res.headers['retry-after']).toBeDefined();
  });
});

describe('sessions', () => {
  it('logout ends the session', async () => {
    const { token } = (await login('am1', 'demo1234')).json();
    const headers = { authorization: `Bearer ${token}` };
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers })).statusCode).toBe(200);
    const out = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers });
    expect(out.statusCode).toBe(204);
    const after = await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers });
    expect(after.statusCode).toBe(401);
    expect(after.json().code).toBe('UNAUTHENTICATED');
  });

  it('expires after the idle time and never outlives its TTL', async () => {
    ctx.clock.set('2026-03-02T01:00:00Z');
    const { token } = (await login('am2', 'demo1234')).json();
    const headers = { authorization: `Bearer ${token}` };
    const me = () => ctx.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers });
    // Used every 100 minutes (idle limit 120): still alive after 10 hours …
    for (let i = 0; i < 6; i++) {
      ctx.clock.advance(100 * 60_000);
      expect((await me()).statusCode).toBe(200);
    }
    // … but the 12-hour TTL ends it however busy it is.
    ctx.clock.advance(100 * 60_000);
    ctx.clock.advance(100 * 60_000);
    expect((await me()).statusCode).toBe(401);

    const again = (await login('am2', 'demo1234')).json().token;
    ctx.clock.advance(121 * 60_000);
    const idle = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { authorization: `Bearer ${again}` },
    });
    expect(idle.statusCode).toBe(401);
    ctx.clock.set(new Date());
  });

  it('a disabled user cannot sign in and loses open sessions', async () => {
    const admin = await ctx.auth('admin');
    const { token, user } = (await login('visit', 'demo1234')).json();
    const off = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${user.id}`,
      headers: admin,
      payload: { active: false, reason: 'left the company' },
    });
    expect(off.statusCode).toBe(200);
    const me = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(me.statusCode).toBe(401);
    expect((await login('visit', 'demo1234')).statusCode).toBe(401);
  });
});
