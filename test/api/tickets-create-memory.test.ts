/**
 * Creating a ticket answers from memory and computes its SLA clocks in memory
 * (`createdTmfTicket`, `newTicketClocks`, one write statement): the answer must be what a read
 * returns, and a recompute of the clocks from the stored history must change nothing.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { queryRows } from '../../src/db/database.ts';
import { syncTicketClocksDetailed } from '../../src/modules/desk/sla.service.ts';
import { createTestContext, type TestContext } from '../harness.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2031-04-01T01:00:00Z');
});
afterAll(() => ctx.close());

it('creation answers what a read gives, and the clocks need no resync', async () => {
  const circuits = await queryRows<{ id: string; customerId: string }>(
    ctx.deps.db,
    sql`select id, customer_id as "customerId" from circuits limit 3`,
  );
  const customers = await queryRows<{ id: string }>(
    ctx.deps.db,
    sql`select id from customers order by name limit 8`,
  );
  const headers = { ...(await ctx.auth('admin')), 'content-type': 'application/json' };
  let i = 0;
  for (const type of ['incident', 'complaint', 'inquiry', 'request']) {
    for (const severity of ['Critical', 'Major', 'Minor']) {
      i++;
      const c = circuits[i % Math.max(1, circuits.length)];
      const customerId = i % 2 === 0 && c ? c.customerId : customers[i % customers.length]!.id;
      const body = {
        description: `x ${i}`,
        severity,
        ticketType: type,
        channel: { id: 'hotline', name: 'hotline' },
        ...(i % 3 === 0 ? { requestedResolutionDate: '2031-04-03T00:00:00Z' } : {}),
        ...(i % 2 === 0 && c
          ? { relatedEntity: [{ role: 'circuit', entity: { id: c.id, '@referredType': 'Circuit' } }] }
          : {}),
        relatedParty: [
          { role: 'customer', partyOrPartyRole: { id: customerId, '@referredType': 'Customer' } },
        ],
        note: i % 2 ? [{ text: 'n1' }, { text: 'n2' }] : [],
      };
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/tmf-api/troubleTicket/v5/troubleTicket',
        headers,
        payload: JSON.stringify(body),
      });
      expect(res.statusCode, res.body).toBe(201);
      const created = res.json();
      const read = await ctx.app.inject({
        method: 'GET',
        url: `/tmf-api/troubleTicket/v5/troubleTicket/${created.id}`,
        headers,
      });
      expect(created).toEqual(read.json());
      const snap = () =>
        queryRows<Record<string, unknown>>(
          ctx.deps.db,
          sql`select * from sla_instances where ticket_id = ${created.id}::uuid order by definition_code, cycle`,
        );
      const before = await snap();
      expect(before.length).toBeGreaterThan(0);
      const r = await ctx.deps.db.transaction((tx) =>
        syncTicketClocksDetailed(tx, ctx.deps.calendars, created.id, ctx.deps.now(), {
          recomputeLimits: true,
        }),
      );
      expect(await snap()).toEqual(before);
      if (i % 2 === 0 && c)
        expect(created.relatedEntity?.length ?? 0, JSON.stringify(created)).toBeGreaterThan(0);
      expect(r.changed).toBe(false);
      const [t] = await queryRows<{ n: number }>(
        ctx.deps.db,
        sql`select count(*)::int as n from tickets where id = ${created.id}::uuid and updated_at = created_at`,
      );
      expect(t!.n).toBe(1);
      const api = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/tickets',
        headers,
        payload: JSON.stringify({
          customerId,
          ticketType: type === 'incident' ? 'fault' : type,
          severity: severity.toLowerCase(),
          channel: 'phone',
          name: 'n',
          description: 'd',
        }),
      });
      expect(api.statusCode, api.body).toBe(201);
    }
  }
});
