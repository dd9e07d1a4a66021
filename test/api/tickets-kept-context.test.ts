/**
 * A new ticket for a customer whose context was read lately skips the read (`keptCreateContext`);
 * its write checks in the same statement that what the ticket was computed from still holds, and
 * writes nothing of it otherwise — the ticket is then read and computed again, once. Each case
 * changes one fact between two tickets and checks that the second follows it.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/database.ts';
import { DEFAULT_DESK_CONFIG } from '../../src/domain/desk/defaults.ts';
import { CALENDAR_VERSION_KEY } from '../../src/modules/calendar/calendar.repo.ts';
import {
  type CreatedTicketRows,
  createContextReadStats,
  writeCreatedTicket,
} from '../../src/modules/tickets/tickets.repo.ts';
import { createTestContext, type TestContext } from '../harness.ts';
import { copyTicketRows, newestTicketTemplate, publishDeskConfig } from './desk-fixtures.ts';

let ctx: TestContext;
let customers: { id: string; tier: string | null }[];
beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2031-05-06T02:00:00Z');
  customers = await queryRows<{ id: string; tier: string | null }>(
    ctx.deps.db,
    sql`select id, tier from customers where region_code like 'GD-GZ%' and tier <> '5A' order by code limit 8`,
  );
  expect(customers.length).toBe(8);
});
afterAll(() => ctx.close());

type Json = Record<string, unknown>;
let made = 0;

async function open(customerId: string): Promise<{ statusCode: number; body: Json }> {
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/tickets',
    headers: await ctx.auth('frontdesk'),
    payload: {
      customerId,
      ticketType: 'fault',
      severity: 'critical',
      channel: 'hotline',
      name: `电路中断 ${++made}`,
      description: '全部中断',
    },
  });
  return { statusCode: res.statusCode, body: res.json() };
}

/** Opens a ticket and says how many contexts were read for it (0: a kept one served). */
async function openCounting(customerId: string): Promise<{ statusCode: number; body: Json; reads: number }> {
  const before = createContextReadStats(ctx.deps.db).items;
  const res = await open(customerId);
  return { ...res, reads: createContextReadStats(ctx.deps.db).items - before };
}

const one = async <T>(query: ReturnType<typeof sql>) => (await queryRows<T>(ctx.deps.db, query))[0]!;

async function rowsOf(id: string) {
  return one<{ ticket: Json; created: number; clocks: number; audit: number }>(
    sql`select row_to_json(t) as ticket,
      (select count(*)::int from ticket_events where ticket_id = t.id and kind = 'created') as created,
      (select count(*)::int from sla_instances where ticket_id = t.id) as clocks,
      (select count(*)::int from audit_log where entity = 'ticket' and action = 'create' and entity_id = t.id::text) as audit
    from tickets t where t.id = ${id}::uuid`,
  );
}

async function clockLimits(id: string): Promise<Record<string, number>> {
  const rows = await queryRows<{ code: string; limit: number }>(
    ctx.deps.db,
    sql`select definition_code as code, limit_minutes as limit from sla_instances where ticket_id = ${id}::uuid`,
  );
  return Object.fromEntries(rows.map((r) => [r.code, r.limit]));
}

describe('kept create contexts', () => {
  it('a second ticket for the same customer needs no read and is written whole', async () => {
    const c = customers[0]!;
    const first = await openCounting(c.id);
    expect(first.statusCode, JSON.stringify(first.body)).toBe(201);
    expect(first.reads).toBe(1);
    const second = await openCounting(c.id);
    expect(second.statusCode, JSON.stringify(second.body)).toBe(201);
    expect(second.reads).toBe(0);
    expect(second.body.number).not.toBe(first.body.number);
    expect(second.body.tier).toBe(first.body.tier);
    const a = await rowsOf(first.body.id as string);
    const b = await rowsOf(second.body.id as string);
    expect(b).toMatchObject({ created: 1, clocks: a.clocks, audit: 1 });
    expect(b.ticket).toMatchObject({
      customer_id: c.id,
      tier: a.ticket.tier,
      region_code: a.ticket.region_code,
      account_manager_id: a.ticket.account_manager_id,
      desk_config_version: a.ticket.desk_config_version,
      catalog_version: a.ticket.catalog_version,
    });
    expect(await clockLimits(second.body.id as string)).toEqual(await clockLimits(first.body.id as string));
  });

  it('the customer changed since (its tier): the ticket is computed again from the new tier, written once', async () => {
    const c = customers[1]!;
    const before = await open(c.id);
    expect(before.statusCode).toBe(201);
    await ctx.deps.db.execute(sql`update customers set tier = '5A', stars = null where id = ${c.id}::uuid`);
    const after = await openCounting(c.id);
    expect(after.statusCode, JSON.stringify(after.body)).toBe(201);
    expect(after.reads).toBe(1); // the kept context failed its check; read again
    expect(after.body.tier).toBe('5A');
    expect((await rowsOf(after.body.id as string)).ticket.tier).toBe('5A');
    // its clocks are the 5A ones: the same as a ticket computed from a fresh read of the new tier
    const fresh = await openCounting(c.id);
    expect(fresh.reads).toBe(0);
    expect(await clockLimits(after.body.id as string)).toEqual(await clockLimits(fresh.body.id as string));
    expect(await clockLimits(after.body.id as string)).not.toEqual(
      await clockLimits(before.body.id as string),
    );
    const same = await one<{ n: number }>(
      sql`select count(*)::int as n from tickets where customer_id = ${c.id}::uuid and name = ${after.body.name as string}`,
    );
    expect(same.n).toBe(1);
  });

  it('the customer left the caller’s scope since: 404, nothing written', async () => {
    const c = customers[2]!;
    expect((await open(c.id)).statusCode).toBe(201);
    const elsewhere = await one<{ code: string }>(
      sql`select code from regions where code not like 'GD%' order by code limit 1`,
    );
    await ctx.deps.db.execute(
      sql`update customers set region_code = ${elsewhere.code} where id = ${c.id}::uuid`,
    );
    const count = () =>
      one<{ n: number }>(sql`select count(*)::int as n from tickets where customer_id = ${c.id}::uuid`);
    const tickets = (await count()).n;
    const res = await open(c.id);
    expect(res.statusCode).toBe(404);
    expect((await count()).n).toBe(tickets);
  });

  it('a hub subscription made since: the next ticket queues its event', async () => {
    const c = customers[3]!;
    expect((await open(c.id)).statusCode).toBe(201);
    const hub = await ctx.app.inject({
      method: 'POST',
      url: '/tmf-api/troubleTicket/v5/hub',
      headers: await ctx.auth('admin'),
      payload: { callback: 'http://127.0.0.1:9/events', secret: 'a-shared-secret-of-32-characters' },
    });
    expect(hub.statusCode, hub.body).toBe(201);
    try {
      const res = await openCounting(c.id);
      expect(res.statusCode).toBe(201);
      expect(res.reads).toBe(1);
      const queued = await one<{ n: number }>(
        sql`select count(*)::int as n from outbox where event_type = 'TroubleTicketCreateEvent'
          and payload::text like ${`%${res.body.id as string}%`}`,
      );
      expect(queued.n).toBe(1);
    } finally {
      await ctx.deps.db.execute(sql`delete from hub_subscriptions`);
      await ctx.deps.db.execute(sql`delete from outbox`);
    }
  });

  it('a calendar data change since: read again', async () => {
    const c = customers[4]!;
    expect((await open(c.id)).statusCode).toBe(201);
    expect((await openCounting(c.id)).reads).toBe(0);
    await ctx.deps.db.execute(
      sql`insert into app_meta (key, value) values (${CALENDAR_VERSION_KEY}, '1'::jsonb)
        on conflict (key) do update set value = to_jsonb(coalesce((app_meta.value #>> '{}')::int, 0) + 1)`,
    );
    const res = await openCounting(c.id);
    expect(res.statusCode).toBe(201);
    expect(res.reads).toBe(1);
  });

  it('a desk configuration in force since: the ticket is computed under it', async () => {
    const c = customers[5]!;
    const before = await open(c.id);
    expect(before.statusCode).toBe(201);
    const version = await publishDeskConfig(ctx, structuredClone(DEFAULT_DESK_CONFIG));
    expect(version).toBeGreaterThan(before.body.deskConfigVersion as number);
    ctx.clock.advance(60_000);
    const res = await openCounting(c.id);
    expect(res.statusCode).toBe(201);
    expect(res.reads).toBe(1);
    expect((await rowsOf(res.body.id as string)).ticket.desk_config_version).toBe(version);
  });
});

it('a write whose check fails writes nothing of that ticket; the others in its statement are written', async () => {
  const t = await newestTicketTemplate(ctx);
  const copy = (n: number, customerVersion: string | null): CreatedTicketRows => ({
    ...copyTicketRows(t, n, `KC-${n}`),
    check:
      customerVersion === null
        ? undefined
        : {
            customerId: t.ticket.customer_id as string,
            customerVersion,
            at: t.ticket.created_at as string,
            date: (t.ticket.created_at as string).slice(0, 10),
            desk: t.ticket.desk_config_version as number,
            catalog: t.ticket.catalog_version as number,
            calendarVersion: 0,
          },
  });
  const rows = [copy(1, null), copy(2, `${t.customerVersion}0`), copy(3, null)];
  const written = await Promise.all(rows.map((r) => writeCreatedTicket(ctx.deps.db, r)));
  expect(written).toEqual([true, false, true]);
  const ids = rows.map((r) => r.ticket.id as string);
  const present = await queryRows<{ id: string }>(
    ctx.deps.db,
    sql`select id from tickets where id in ${ids}`,
  );
  expect(present.map((p) => p.id).sort()).toEqual([ids[0], ids[2]].sort());
  const leftovers = await one<{ n: number }>(
    sql`select ((select count(*) from ticket_events where ticket_id = ${ids[1]}::uuid)
      + (select count(*) from sla_instances where ticket_id = ${ids[1]}::uuid)
      + (select count(*) from audit_log where entity_id = ${ids[1]}))::int as n`,
  );
  expect(leftovers.n).toBe(0);
});
