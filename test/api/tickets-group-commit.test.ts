/**
 * Tickets created at the same moment are written together (group commit, `writeCreatedTicket`):
 * every request still gets its own 201 after the commit that holds its ticket, every ticket has
 * all its rows, and a ticket the database refuses fails alone — its neighbours are written.
 * Their reads go together too (`readCreateContext`), one statement per scope.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { queryRows } from '../../src/db/database.ts';
import type { ScopedUser } from '../../src/domain/access.ts';
import { customerScopeOver } from '../../src/modules/customers/customers.access.ts';
import {
  createContextReadStats,
  createdTicketWriteStats,
  loadCreateContext,
  readCreateContext,
  writeCreatedTicket,
} from '../../src/modules/tickets/tickets.repo.ts';
import { createScopeOf } from '../../src/modules/tickets/tickets.service.ts';
import { createTestContext, type TestContext } from '../harness.ts';
import { copyTicketRows, newestTicketTemplate } from './desk-fixtures.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2031-05-06T02:00:00Z');
});
afterAll(() => ctx.close());

const count = async (query: ReturnType<typeof sql>) =>
  (await queryRows<{ n: number }>(ctx.deps.db, query))[0]!.n;

it('24 tickets posted at once: 24 answers, each ticket whole (event, clocks, audit)', async () => {
  const customers = await queryRows<{ id: string }>(
    ctx.deps.db,
    sql`select id from customers where region_code like 'GD-GZ%' order by code limit 6`,
  );
  const headers = { ...(await ctx.auth('frontdesk')), 'content-type': 'application/json' };
  const before = createdTicketWriteStats(ctx.deps.db);
  const responses = await Promise.all(
    Array.from({ length: 24 }, (_, i) =>
      ctx.app.inject({
        method: 'POST',
        url: '/tmf-api/troubleTicket/v5/troubleTicket',
        headers,
        payload: JSON.stringify({
          description: `同时报障 ${i}`,
          severity: ['Critical', 'Major', 'Minor'][i % 3],
          ticketType: ['incident', 'complaint', 'inquiry', 'request'][i % 4],
          channel: { id: 'hotline', name: 'hotline' },
          relatedParty: [
            {
              role: 'customer',
              partyOrPartyRole: { id: customers[i % customers.length]!.id, '@referredType': 'Customer' },
            },
          ],
        }),
      }),
    ),
  );
  for (const res of responses) expect(res.statusCode, res.body).toBe(201);
  const ids = responses.map((r) => r.json().id as string);
  expect(new Set(ids).size).toBe(24);
  const after = createdTicketWriteStats(ctx.deps.db);
  expect(after.items - before.items).toBe(24);
  // on the server, written together: fewer statements than tickets (PGlite answers one query at
  // a time, and the requests reach their write one after the other: one statement each)
  if (ctx.deps.database.engine === 'postgres') expect(after.calls - before.calls).toBeLessThan(24);
  expect(new Set(responses.map((r) => r.json().name ?? r.json().id)).size).toBe(24);
  expect(await count(sql`select count(*)::int as n from tickets where id in ${ids}`)).toBe(24);
  expect(
    await count(
      sql`select count(*)::int as n from ticket_events where kind = 'created' and ticket_id in ${ids}`,
    ),
  ).toBe(24);
  expect(
    await count(sql`select count(distinct ticket_id)::int as n from sla_instances where ticket_id in ${ids}`),
  ).toBe(24);
  expect(
    await count(
      sql`select count(*)::int as n from audit_log where entity = 'ticket' and action = 'create' and entity_id in ${ids}`,
    ),
  ).toBe(24);
  const numbers = await queryRows<{ number: string }>(
    ctx.deps.db,
    sql`select number from tickets where id in ${ids}`,
  );
  expect(new Set(numbers.map((n) => n.number)).size).toBe(24);
});

it('a ticket the database refuses fails alone; the ones written with it stay written', async () => {
  // the rows of a real ticket, copied under fresh ids (a duplicate number for one of them)
  const template = await newestTicketTemplate(ctx);
  const copy = (n: number, number: string) => copyTicketRows(template, n, number);
  const rows = [copy(1, 'GC-1'), copy(2, 'GC-2'), copy(3, template.ticket.number as string), copy(4, 'GC-4')];
  const results = await Promise.allSettled(rows.map((r) => writeCreatedTicket(ctx.deps.db, r)));
  expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
  const refused = (results[2] as PromiseRejectedResult).reason as { cause?: { message?: string } };
  expect(refused.cause?.message).toMatch(/tickets_number_uq|duplicate/);
  const ids = rows.map((r) => r.ticket.id as string);
  const written = await queryRows<{ id: string }>(
    ctx.deps.db,
    sql`select id from tickets where id in ${ids} order by number`,
  );
  expect(written.map((w) => w.id).sort()).toEqual([ids[0], ids[1], ids[3]].sort());
  // nothing of the refused one: no event, clock or audit entry
  expect(
    await count(
      sql`select (select count(*) from ticket_events where ticket_id = ${ids[2]}::uuid)
        + (select count(*) from sla_instances where ticket_id = ${ids[2]}::uuid)
        + (select count(*) from audit_log where entity_id = ${ids[2]})::int as n`,
    ),
  ).toBe(0);
});

it('contexts read at the same moment share a statement per scope, and each keeps its own scope', async () => {
  const users = await queryRows<ScopedUser & { username: string }>(
    ctx.deps.db,
    sql`select id, role, region_code as "regionCode", username from users where username in ('am1', 'am2', 'frontdesk')`,
  );
  const am1 = users.find((u) => u.username === 'am1')!;
  const am2 = users.find((u) => u.username === 'am2')!;
  const frontdesk = users.find((u) => u.username === 'frontdesk')!;
  const mine = await queryRows<{ id: string; accountManagerId: string }>(
    ctx.deps.db,
    sql`select id, account_manager_id as "accountManagerId" from customers
      where account_manager_id in (${am1.id}, ${am2.id}) order by code limit 8`,
  );
  expect(new Set(mine.map((c) => c.accountManagerId)).size).toBe(2);
  const visible = (u: ScopedUser) =>
    customerScopeOver(u, { accountManagerId: sql`c.account_manager_id`, regionCode: sql`c.region_code` });
  const at = ctx.deps.now();
  const asks = mine.flatMap((c) => [am1, am2, frontdesk].map((u) => ({ u, c })));
  const before = createContextReadStats(ctx.deps.db);
  const together = await Promise.all(
    asks.map(({ u, c }) => readCreateContext(ctx.deps.db, createScopeOf(u), c.id, at, '2031-05-06')),
  );
  const after = createContextReadStats(ctx.deps.db);
  expect(after.items - before.items).toBe(asks.length);
  // per scope: the first read at once, alone, then the ones that waited together — 6 for 24
  expect(after.calls - before.calls).toBe(6);
  for (const [i, { u, c }] of asks.entries()) {
    const alone = await loadCreateContext(ctx.deps.db, visible(u), c.id, at, '2031-05-06');
    const expected = u === frontdesk ? alone.customer?.id : u.id === c.accountManagerId ? c.id : undefined;
    expect(together[i]!.customer?.id, `${u.username} asking for ${c.id}`).toBe(expected);
    expect(together[i]!.customer).toEqual(alone.customer);
    expect(together[i]!.desk).toBe(alone.desk);
    expect(together[i]!.catalog).toBe(alone.catalog);
    expect(together[i]!.departmentNames).toEqual(alone.departmentNames);
  }
  // each its own creation event id
  expect(new Set(together.map((t) => t.eventId)).size).toBe(asks.length);
});
