/**
 * Hub subscriptions and the webhook outbox, against a local HTTP server as the callback:
 * delivered and signed; a callback that fails or times out is retried later with backoff and
 * dies after the last attempt; undelivered rows survive a restart.
 */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/database.ts';
import { buildApp } from '../../src/http/app.ts';
import { JOBS } from '../../src/jobs/jobs.ts';
import {
  deliverOutbox,
  MAX_ATTEMPTS,
  setImmediateDelivery,
} from '../../src/modules/events/delivery.service.ts';
import { enqueueEvents } from '../../src/modules/events/outbox.service.ts';
import { loadTmfTicket, loadTmfTickets } from '../../src/modules/tickets/tickets.service.ts';
import { createTestContext, type TestContext } from '../harness.ts';

const BASE = '/tmf-api/troubleTicket/v5';
let ctx: TestContext;
let customerId: string;
// biome-ignore lint/suspicious/noExplicitAny: response bodies are read loosely in these tests
type Json = Record<string, any>;
type Received = { headers: IncomingMessage['headers']; raw: string; body: Json };

/** The callback: records what it gets and answers as `mode` says. */
let mode: 'ok' | 'fail' | 'hang' = 'ok';
const received: Received[] = [];
let server: Server;
let callback: string;

async function call(
  user: string,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  payload?: unknown,
) {
  return ctx.app.inject({
    method,
    url,
    headers: await ctx.auth(user),
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
}

async function subscribe(query?: string, path = '/events'): Promise<Json> {
  const res = await call('admin', 'POST', `${BASE}/hub`, {
    callback: `${callback}${path}`,
    ...(query ? { query } : {}),
    secret: 'a-shared-secret-of-32-characters',
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function openTicket(): Promise<Json> {
  const res = await call('frontdesk', 'POST', '/api/v1/tickets', {
    customerId,
    ticketType: 'fault',
    severity: 'critical',
    channel: 'hotline',
    name: '电路中断',
    description: '全部中断',
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

const outboxRows = () =>
  queryRows<{
    id: number;
    event_type: string;
    attempts: number;
    next_attempt_at: Date;
    delivered_at: Date | null;
    dead_at: Date | null;
    last_error: string | null;
  }>(
    ctx.deps.db,
    sql`select id, event_type, attempts, next_attempt_at, delivered_at, dead_at, last_error from outbox order by id`,
  );

beforeAll(async () => {
  setImmediateDelivery(false); // these tests drive delivery themselves
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => {
      raw += c;
    });
    req.on('end', () => {
      received.push({ headers: req.headers, raw, body: raw ? JSON.parse(raw) : {} });
      if (mode === 'hang') return; // never answers
      res.statusCode = mode === 'ok' ? 204 : 500;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  callback = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  ctx = await createTestContext();
  ctx.clock.set('2026-05-06T02:00:00Z');
  customerId = (
    await queryRows<{ id: string }>(ctx.deps.db, sql`select id from customers order by name limit 1`)
  )[0]!.id;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await ctx.close();
  setImmediateDelivery(true);
});
beforeEach(async () => {
  mode = 'ok';
  received.length = 0;
  await ctx.deps.db.execute(sql`delete from outbox`);
  await ctx.deps.db.execute(sql`delete from hub_subscriptions`);
});

describe('hub outbox', () => {
  it('queues one row per matching subscription in the transaction, and delivers it signed', async () => {
    const all = await subscribe();
    const statusOnly = await subscribe(
      'eventType=TroubleTicketStatusChangeEvent,TroubleTicketResolvedEvent',
      '/status',
    );
    const t = await openTicket();
    let rows = await outboxRows();
    expect(rows.map((r) => r.event_type)).toEqual(['TroubleTicketCreateEvent']);
    await call('frontdesk', 'POST', `/api/v1/tickets/${t.id}/status`, {
      status: 'pending',
      reason: '等待客户',
    });
    rows = await outboxRows();
    expect(rows.map((r) => r.event_type).sort()).toEqual([
      'TroubleTicketCreateEvent',
      'TroubleTicketInformationRequiredEvent',
      'TroubleTicketStatusChangeEvent',
      'TroubleTicketStatusChangeEvent',
    ]);

    const report = await deliverOutbox(ctx.deps, ctx.clock.now);
    expect(report).toMatchObject({ claimed: 4, delivered: 4, failed: 0, dead: 0 });
    expect(received).toHaveLength(4);
    for (const r of received) {
      const expected = createHmac('sha256', 'a-shared-secret-of-32-characters').update(r.raw).digest('hex');
      expect(r.headers['x-tierline-signature']).toBe(`sha256=${expected}`);
      expect(r.headers['x-tierline-event-id']).toBe(r.body.eventId);
      expect(r.headers['content-type']).toBe('application/json');
    }
    const created = received.find((r) => r.body.eventType === 'TroubleTicketCreateEvent')!;
    expect(created.body).toMatchObject({
      '@type': 'TroubleTicketCreateEvent',
      eventId: expect.any(String),
      eventTime: '2026-05-06T02:00:00.000Z',
      timeOccurred: '2026-05-06T02:00:00.000Z',
      domain: 'troubleTicket',
      title: 'TroubleTicketCreateEvent',
      event: {
        troubleTicket: {
          '@type': 'TroubleTicket',
          id: t.id,
          href: `${BASE}/troubleTicket/${t.id}`,
          status: 'acknowledged',
          severity: 'critical',
        },
      },
    });
    const changes = received.filter((r) => r.body.eventType === 'TroubleTicketStatusChangeEvent');
    // one event, two subscriptions: the same eventId (receivers deduplicate by it)
    expect(new Set(changes.map((r) => r.body.eventId)).size).toBe(1);
    expect(changes[0]!.body.event.troubleTicket).toMatchObject({
      status: 'pending',
      statusChangeReason: '等待客户',
    });
    expect(
      received.filter((r) => r.headers.host && r.body.eventType === 'TroubleTicketCreateEvent'),
    ).toHaveLength(1);
    rows = await outboxRows();
    expect(rows.every((r) => r.delivered_at !== null)).toBe(true);
    expect((await deliverOutbox(ctx.deps, ctx.clock.now)).claimed).toBe(0);
    expect(all.id).not.toBe(statusOnly.id);
  });

  it('is admin only, and queues nothing for a subscription whose creator is no longer an active admin', async () => {
    const attempt = { callback: `${callback}/kam`, query: 'eventType=TroubleTicketCreateEvent' };
    const denied = await call('kam', 'POST', `${BASE}/hub`, attempt);
    expect(denied.statusCode).toBe(403);
    expect(denied.headers['content-type']).toContain('application/problem+json');
    const hub = await subscribe();
    for (const method of ['GET', 'DELETE'] as const)
      expect((await call('kam', method, `${BASE}/hub/${hub.id}`)).statusCode).toBe(403);
    // a subscription left by a kam_manager (made when it could), and one by a deactivated admin
    await ctx.deps.db.execute(sql`insert into hub_subscriptions (api, callback, secret, created_by)
      values ('troubleTicket', ${`${callback}/kam`}, 'k', 'kam'), ('troubleTicket', ${`${callback}/old`}, 'k', 'admin-gone')`);
    await ctx.deps.db.execute(sql`insert into users (username, display_name, role, active, password_hash)
      select 'admin-gone', '前管理员', 'admin', false, password_hash from users where username = 'admin'
      on conflict (username) do nothing`);
    await openTicket();
    const rows = await queryRows<{ subscriptionId: string }>(
      ctx.deps.db,
      sql`select subscription_id as "subscriptionId" from outbox`,
    );
    expect(rows).toEqual([{ subscriptionId: hub.id }]);
  });

  it('retries a failing callback later with exponential backoff, then gives up (dead) and can be retried', async () => {
    await subscribe('eventType=TroubleTicketCreateEvent');
    mode = 'fail';
    await openTicket();
    const t0 = ctx.clock.now.getTime();
    expect(await deliverOutbox(ctx.deps, ctx.clock.now)).toMatchObject({ claimed: 1, failed: 1 });
    let [row] = await outboxRows();
    expect(row).toMatchObject({ attempts: 1, delivered_at: null, dead_at: null, last_error: 'HTTP 500' });
    expect(new Date(row!.next_attempt_at).getTime() - t0).toBe(30_000);
    // not due yet
    expect((await deliverOutbox(ctx.deps, new Date(t0 + 29_000))).claimed).toBe(0);
    expect((await deliverOutbox(ctx.deps, new Date(t0 + 30_000))).failed).toBe(1);
    [row] = await outboxRows();
    expect(row!.attempts).toBe(2);
    expect(new Date(row!.next_attempt_at).getTime() - (t0 + 30_000)).toBe(60_000);
    // fail until dead
    let at = new Date(row!.next_attempt_at).getTime();
    for (let n = 3; n <= MAX_ATTEMPTS; n++) {
      const report = await deliverOutbox(ctx.deps, new Date(at));
      expect(report.claimed).toBe(1);
      [row] = await outboxRows();
      at = new Date(row!.next_attempt_at).getTime();
    }
    [row] = await outboxRows();
    expect(row!.attempts).toBe(MAX_ATTEMPTS);
    expect(row!.dead_at).not.toBeNull();
    expect(received).toHaveLength(MAX_ATTEMPTS);
    expect(received.map((r) => r.headers['x-tierline-delivery-attempt'])).toEqual(
      Array.from({ length: MAX_ATTEMPTS }, (_, i) => String(i + 1)),
    );
    expect(new Set(received.map((r) => r.body.eventId)).size).toBe(1);

    const dead = await call('admin', 'GET', '/api/v1/webhooks/deliveries?status=dead');
    expect(dead.statusCode).toBe(200);
    expect(dead.json()).toEqual([
      expect.objectContaining({
        id: Number(row!.id),
        status: 'dead',
        attempts: MAX_ATTEMPTS,
        lastStatus: 500,
        lastError: 'HTTP 500',
      }),
    ]);
    expect(dead.headers['x-total-count']).toBe('1');
    mode = 'ok';
    const retried = await call('admin', 'POST', `/api/v1/webhooks/deliveries/${row!.id}/retry`);
    expect(retried.statusCode).toBe(200);
    expect(retried.json()).toMatchObject({ status: 'pending', attempts: 0 });
    expect(await deliverOutbox(ctx.deps, ctx.clock.now)).toMatchObject({ delivered: 1 });
    const delivered = await call('admin', 'GET', '/api/v1/webhooks/deliveries?status=delivered');
    expect(delivered.json()[0]).toMatchObject({ status: 'delivered', attempts: 1, lastStatus: 204 });
    expect((await call('frontdesk', 'GET', '/api/v1/webhooks/deliveries')).statusCode).toBe(403);
  });

  it('treats a callback that does not answer in time as a failure to retry', async () => {
    await subscribe('eventType=TroubleTicketCreateEvent');
    mode = 'hang';
    await openTicket();
    const report = await deliverOutbox(ctx.deps, ctx.clock.now, { timeoutMs: 300 });
    expect(report).toMatchObject({ claimed: 1, failed: 1 });
    const [row] = await outboxRows();
    expect(row!.last_error).toMatch(/timeout/);
    expect(row!.delivered_at).toBeNull();
    mode = 'ok';
    ctx.clock.advance(30_000);
    expect(await deliverOutbox(ctx.deps, ctx.clock.now)).toMatchObject({ delivered: 1 });
  });

  it('keeps undelivered rows across a restart: a new app on the same database delivers them', async () => {
    await subscribe();
    mode = 'fail';
    const t = await openTicket();
    await deliverOutbox(ctx.deps, ctx.clock.now); // first attempt fails
    await ctx.app.close();
    // "restart": a new app and job run on the same database
    ctx.app = await buildApp(ctx.deps);
    mode = 'ok';
    ctx.clock.advance(30_000);
    const job = JOBS.find((j) => j.name === 'hub-outbox')!;
    expect(job.everySeconds).toBe(10);
    expect(await job.run(ctx.deps, ctx.clock.now)).toMatchObject({ delivered: 1 });
    expect(received.at(-1)!.body.event.troubleTicket.id).toBe(t.id);
    const res = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/tickets/${t.id}`,
      headers: await ctx.auth('admin'),
    });
    expect(res.statusCode).toBe(200);
  });

  it('drops the undelivered events of a deleted subscription as dead', async () => {
    const hub = await subscribe();
    mode = 'fail';
    await openTicket();
    expect((await call('admin', 'DELETE', `${BASE}/hub/${hub.id}`)).statusCode).toBe(204);
    const [row] = await outboxRows();
    expect(row).toMatchObject({ last_error: 'subscription deleted' });
    expect(row!.dead_at).not.toBeNull();
    expect((await deliverOutbox(ctx.deps, ctx.clock.now)).claimed).toBe(0);
  });

  it('filters by ticket attributes in the query', async () => {
    await subscribe('eventType=TroubleTicketCreateEvent&severity=minor');
    await openTicket(); // critical: no row
    expect(await outboxRows()).toHaveLength(0);
  });

  it('queues many events with one read of the subscriptions, each to the subscriptions it matches', async () => {
    await subscribe('eventType=TroubleTicketStatusChangeEvent');
    await subscribe('eventType=TroubleTicketStatusChangeEvent&severity=critical', '/critical');
    const at = ctx.clock.now;
    let built = 0;
    const event = (severity: string) => ({
      eventType: 'TroubleTicketStatusChangeEvent',
      at,
      resource: async () => {
        built++;
        return { id: `t-${severity}`, severity };
      },
    });
    const queued = await ctx.deps.db.transaction((tx) =>
      enqueueEvents(tx, 'troubleTicket', [event('critical'), event('minor'), event('critical')]),
    );
    // both subscriptions for the critical ones, the first alone for the minor one
    expect(queued).toBe(5);
    expect(built).toBe(3); // each resource built once, however many subscriptions read it
    const rows = await queryRows<{ event_id: string; payload: Json }>(
      ctx.deps.db,
      sql`select event_id, payload from outbox order by id`,
    );
    expect(rows).toHaveLength(5);
    // one event id per event, shared by its rows
    expect(new Set(rows.map((r) => r.event_id)).size).toBe(3);
    expect(rows.map((r) => r.payload.event.troubleTicket.severity).sort()).toEqual([
      'critical',
      'critical',
      'critical',
      'critical',
      'minor',
    ]);
    expect(await ctx.deps.db.transaction((tx) => enqueueEvents(tx, 'troubleTicket', []))).toBe(0);
  });

  it('loads many tickets as TMF621 at once, the same as one by one, in the order asked', async () => {
    const a = await openTicket();
    const b = await openTicket();
    const now = ctx.clock.now;
    const many = await loadTmfTickets(
      ctx.deps.db,
      [b.id, '00000000-0000-4000-8000-000000000000', a.id],
      now,
      'http://x',
    );
    expect(many).toEqual([
      await loadTmfTicket(ctx.deps.db, b.id, now, 'http://x'),
      await loadTmfTicket(ctx.deps.db, a.id, now, 'http://x'),
    ]);
  });

  it("tells subscribers when a customer's transfer hands its tickets to another account manager", async () => {
    const t = await openTicket();
    const [owner] = await queryRows<{ am: string | null; region: string }>(
      ctx.deps.db,
      sql`select account_manager_id as am, region_code as region from customers where id = ${customerId}`,
    );
    const [other] = await queryRows<{ id: string; name: string }>(
      ctx.deps.db,
      sql`select id, display_name as name from users where role = 'account_manager' and active
        and id is distinct from ${owner!.am} order by username limit 1`,
    );
    const tickets = await queryRows<{ id: string }>(
      ctx.deps.db,
      sql`select id from tickets where customer_id = ${customerId} order by id`,
    );
    // no subscription: the transfer queues nothing
    const first = await call('admin', 'POST', `/api/v1/customers/${customerId}/transfer`, {
      accountManagerId: other!.id,
      reason: '客户经理调整',
    });
    expect(first.statusCode, first.body).toBe(200);
    expect(await outboxRows()).toEqual([]);
    await subscribe('eventType=TroubleTicketAttributeValueChangeEvent');
    const back = await call('admin', 'POST', `/api/v1/customers/${customerId}/transfer`, {
      accountManagerId: owner!.am,
      reason: '调回原客户经理',
    });
    expect(back.statusCode, back.body).toBe(200);
    const rows = await outboxRows();
    expect(rows.map((r) => r.event_type)).toEqual(
      tickets.map(() => 'TroubleTicketAttributeValueChangeEvent'),
    );
    const report = await deliverOutbox(ctx.deps, ctx.clock.now);
    expect(report).toMatchObject({ delivered: tickets.length, failed: 0 });
    const mine = received.find((r) => r.body.event.troubleTicket.id === t.id)!;
    expect(mine.body.description).toContain(`${other!.name} →`);
    expect(mine.body.event.troubleTicket.relatedParty).toContainEqual(
      expect.objectContaining({
        role: 'accountManager',
        partyOrPartyRole: expect.objectContaining({ id: owner!.am }),
      }),
    );
    expect(new Set(received.map((r) => r.body.event.troubleTicket.id))).toEqual(
      new Set(tickets.map((x) => x.id)),
    );
  });
});
