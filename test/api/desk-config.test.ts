/**
 * The desk configuration editor API (PRODUCT.md §7): version 1 is the shipped default (published
 * once, also with two processes asking at once), one draft, errors naming each field under
 * DESK_CONFIG_INVALID, publish from now or later, published versions immutable, every change audited.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/db/audit.ts';
import { openPostgres, queryRows } from '../../src/db/database.ts';
import { DEFAULT_DESK_CONFIG } from '../../src/domain/desk/defaults.ts';
import { ensureDeskConfig } from '../../src/modules/desk/desk-config.service.ts';
import { createTestContext, type TestContext } from '../harness.ts';
import { LONG_SESSIONS } from './desk-fixtures.ts';

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext({ config: LONG_SESSIONS });
  ctx.clock.set('2026-03-02T01:00:00.000Z');
});
afterAll(() => ctx?.close());

// biome-ignore lint/suspicious/noExplicitAny: the tests break documents in every way on purpose
const copy = () => JSON.parse(JSON.stringify(DEFAULT_DESK_CONFIG)) as Record<string, any>;
const call = async (method: 'GET' | 'PUT' | 'POST' | 'DELETE', url: string, as: string, payload?: object) =>
  ctx.app.inject({ method, url, headers: await ctx.auth(as), ...(payload === undefined ? {} : { payload }) });

describe('version 1', () => {
  it('is published once even when two processes ask at once', async () => {
    await ctx.deps.db.execute(sql`delete from desk_config_versions`);
    const at = new Date('2026-03-02T01:00:00.000Z');
    const actor = systemActor('test');
    let other = ctx.deps;
    let close = async () => {};
    if (ctx.deps.database.engine === 'postgres') {
      const url = (ctx.deps.database.pool as unknown as { options: { connectionString: string } }).options
        .connectionString;
      const db2 = openPostgres(url, 2);
      other = { ...ctx.deps, db: db2.db, database: db2 };
      close = () => db2.close();
    }
    try {
      const [a, b] = await Promise.all([
        ctx.deps.db.transaction((tx) => ensureDeskConfig(tx, actor, at)),
        other.db.transaction((tx) => ensureDeskConfig(tx, actor, at)),
      ]);
      expect([a.version, b.version]).toEqual([1, 1]);
    } finally {
      await close();
    }
    const rows = await queryRows<{ version: number; status: string }>(
      ctx.deps.db,
      sql`select version, status from desk_config_versions`,
    );
    expect(rows).toEqual([{ version: 1, status: 'published' }]);
  });

  it('GET /desk/config shows it in force, with the versions and no draft', async () => {
    const res = await call('GET', '/api/v1/desk/config', 'frontdesk');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.current).toMatchObject({
      version: 1,
      effectiveFrom: '2000-01-01T00:00:00.000Z',
      document: DEFAULT_DESK_CONFIG,
    });
    expect(body.versions).toEqual([expect.objectContaining({ version: 1, status: 'published' })]);
    expect(body.draft).toBeNull();
    expect((await call('GET', '/api/v1/desk/config', 'visit')).statusCode).toBe(403);
    expect((await call('GET', '/api/v1/desk/config/versions/1', 'analyst')).json()).toMatchObject({
      version: 1,
      status: 'published',
    });
    expect((await call('GET', '/api/v1/desk/config/versions/99', 'analyst')).statusCode).toBe(404);
  });
});

describe('draft and publish', () => {
  it('only admin and kam_manager edit', async () => {
    expect(
      (await call('PUT', '/api/v1/desk/config/draft', 'frontdesk', { document: copy() })).statusCode,
    ).toBe(403);
    expect((await call('POST', '/api/v1/desk/config/draft/publish', 'ops', {})).statusCode).toBe(403);
  });

  it('refuses an invalid document naming every field (DESK_CONFIG_INVALID)', async () => {
    const doc = copy();
    doc.definitions[2].ladder = [
      { level: 1, atPercent: 50, notify: ['owner'], escalate: false },
      { level: 2, atPercent: 40, notify: ['owner'], escalate: true },
    ];
    doc.definitions[3].stageCode = 'nowhere';
    doc.definitions[0].limit.itemCode = 'no_such_item';
    doc.routes[1].stages = ['frontdesk', 'moon'];
    doc.stages[0].departmentCode = 'XX';
    const res = await call('PUT', '/api/v1/desk/config/draft', 'kam', { document: doc });
    expect(res.statusCode).toBe(400);
    const body = res.json<{ code: string; errors: { field: string }[] }>();
    expect(body.code).toBe('DESK_CONFIG_INVALID');
    expect(body.errors.map((e) => e.field)).toEqual([
      'document.stages[0].departmentCode',
      'document.routes[1].stages[1]',
      'document.definitions[0].limit.itemCode',
      'document.definitions[2].ladder[1].atPercent',
      'document.definitions[3].stageCode',
    ]);
    expect(
      (await call('PUT', '/api/v1/desk/config/draft', 'kam', { document: copy(), extra: 1 })).statusCode,
    ).toBe(400);
  });

  it('saves one draft (a second save updates it) and audits', async () => {
    const doc = copy();
    doc.visits.faultRepairDays = 2;
    const first = await call('PUT', '/api/v1/desk/config/draft', 'kam', {
      document: doc,
      note: '回访时限改为2天',
    });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ version: 2, note: '回访时限改为2天' });
    doc.visits.complaintDays = 2;
    const second = await call('PUT', '/api/v1/desk/config/draft', 'admin', { document: doc });
    expect(second.json()).toMatchObject({
      version: 2,
      note: '回访时限改为2天',
      document: { visits: { complaintDays: 2 } },
    });
    expect((await call('GET', '/api/v1/desk/config', 'kam')).json().draft).toMatchObject({ version: 2 });
    const audit = await queryRows<{ action: string }>(
      ctx.deps.db,
      sql`select action from audit_log where entity = 'deskConfigVersion' and entity_id = '2' order by id`,
    );
    expect(audit.map((a) => a.action)).toEqual(['create', 'update']);
  });

  it('publishes from now or later, never in the past nor before the last published version', async () => {
    const past = await call('POST', '/api/v1/desk/config/draft/publish', 'kam', {
      effectiveFrom: '2026-03-01T00:00:00Z',
    });
    expect(past.statusCode).toBe(400);
    expect(past.json().errors[0].field).toBe('effectiveFrom');
    const res = await call('POST', '/api/v1/desk/config/draft/publish', 'kam', {
      effectiveFrom: '2026-03-03T00:00:00Z',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      version: 2,
      status: 'published',
      effectiveFrom: '2026-03-03T00:00:00.000Z',
    });
    // not yet in force
    expect((await call('GET', '/api/v1/desk/config', 'kam')).json().current.version).toBe(1);
    ctx.clock.set('2026-03-03T00:00:01.000Z');
    const now = (await call('GET', '/api/v1/desk/config', 'kam')).json();
    expect(now.current).toMatchObject({ version: 2, document: { visits: { faultRepairDays: 2 } } });
    expect(now.draft).toBeNull();
  });

  it('a published version is immutable: the next save makes version 3, delete discards it', async () => {
    const doc = copy();
    doc.visits.faultRepairDays = 5;
    expect((await call('PUT', '/api/v1/desk/config/draft', 'kam', { document: doc })).json().version).toBe(3);
    expect(
      (await call('GET', '/api/v1/desk/config/versions/2', 'kam')).json().document.visits.faultRepairDays,
    ).toBe(2);
    expect((await call('DELETE', '/api/v1/desk/config/draft', 'kam')).statusCode).toBe(204);
    expect((await call('DELETE', '/api/v1/desk/config/draft', 'kam')).statusCode).toBe(404);
    expect((await call('POST', '/api/v1/desk/config/draft/publish', 'kam', {})).statusCode).toBe(404);
    const audit = await queryRows<{ action: string }>(
      ctx.deps.db,
      sql`select action from audit_log where entity = 'deskConfigVersion' and entity_id = '3' order by id`,
    );
    expect(audit.map((a) => a.action)).toEqual(['create', 'delete']);
  });
});

describe('notifications API', () => {
  it('lists my own notifications, counts unread, marks read', async () => {
    const [ops] = await queryRows<{ id: string }>(
      ctx.deps.db,
      sql`select id from users where username = 'ops'`,
    );
    // start from nothing unread (the demo may have notified ops already)
    await call('POST', '/api/v1/notifications/read-all', 'ops');
    await ctx.deps.db.execute(
      sql`update notifications set read_at = now() where user_id = (select id from users where username = 'field')`,
    );
    const fieldTotal = (await call('GET', '/api/v1/notifications', 'field')).headers['x-total-count'];
    await ctx.deps.db.execute(
      sql`insert into notifications (user_id, kind, title, body, entity, entity_id) values
          (${ops!.id}, 'escalation', 't1', 'b1', 'ticket', 'x'), (${ops!.id}, 'breach', 't2', 'b2', 'ticket', 'x')`,
    );
    const list = await call('GET', '/api/v1/notifications?unread=true', 'ops');
    expect(list.statusCode, list.body).toBe(200);
    expect(list.headers['x-total-count']).toBe('2');
    const [first] = list.json<{ id: number }[]>();
    expect((await call('GET', '/api/v1/notifications/unread-count', 'ops')).json()).toEqual({ count: 2 });
    expect((await call('POST', `/api/v1/notifications/${first!.id}/read`, 'field')).statusCode).toBe(404);
    const read = await call('POST', `/api/v1/notifications/${first!.id}/read`, 'ops');
    expect(read.json().readAt).not.toBeNull();
    expect((await call('POST', '/api/v1/notifications/read-all', 'ops')).json()).toEqual({ count: 1 });
    expect((await call('GET', '/api/v1/notifications/unread-count', 'ops')).json()).toEqual({ count: 0 });
    expect((await call('GET', '/api/v1/notifications', 'field')).headers['x-total-count']).toBe(fieldTotal);
    expect((await call('GET', '/api/v1/notifications/unread-count', 'field')).json()).toEqual({ count: 0 });
  });
});
