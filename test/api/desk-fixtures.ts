/**
 * Helpers of the desk and ticket API tests: customers of a given tier from the demo data, tickets
 * created and moved through the ticket API at set instants, a desk configuration published, and
 * a stored ticket's rows to copy.
 */
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { queryRows } from '../../src/db/database.ts';
import { shanghaiInstant } from '../../src/domain/calendar/dates.ts';
import type { CreatedTicketRows } from '../../src/modules/tickets/tickets.repo.ts';
import type { TestContext } from '../harness.ts';

/** Shanghai wall time `YYYY-MM-DD HH:MM` as a UTC ISO instant. */
export const sh = (wall: string) => shanghaiInstant(wall.slice(0, 10), wall.slice(11, 16));

/** Sessions that survive the test clock jumping days and months (tokens are cached per user). */
export const LONG_SESSIONS = { SESSION_TTL_HOURS: 24 * 365 * 20, SESSION_IDLE_MINUTES: 60 * 24 * 365 * 20 };

export type DemoCustomer = {
  id: string;
  name: string;
  tier: string | null;
  regionCode: string;
  accountManagerId: string | null;
};

/** A demo customer with the tier (null: none) in a region under GD, with an account manager. */
export async function customerWithTier(
  ctx: TestContext,
  tier: string | null | string[],
  skip = 0,
): Promise<DemoCustomer> {
  // The ticket's tier is the level the customer is served at: n★ → nA, else its tier, else its group class.
  const served = sql`(case when stars between 1 and 5 then stars || 'A'
    when tier in ('1A', '2A', '3A', '4A', '5A') then tier else group_class end)`;
  const rows = await queryRows<DemoCustomer>(
    ctx.deps.db,
    sql`select id, name, ${served} as tier, region_code as "regionCode", account_manager_id as "accountManagerId"
        from customers where ${
          tier === null
            ? sql`${served} is null`
            : Array.isArray(tier)
              ? sql`coalesce(${served}, 'none') in ${tier}`
              : sql`${served} = ${tier}`
        }
          and account_manager_id is not null
        order by (region_code like 'GD%') desc, code`,
  );
  const found = rows[skip] ?? rows[0];
  if (!found) throw new Error(`no demo customer with tier ${tier}`);
  return found;
}

export async function userId(ctx: TestContext, username: string): Promise<string> {
  const [row] = await queryRows<{ id: string }>(
    ctx.deps.db,
    sql`select id from users where username = ${username}`,
  );
  return row!.id;
}

type Ticket = { id: string; number: string; stageCode: string; status: string; deskConfigVersion: number };

/** Creates a ticket through POST /api/v1/tickets at `at` (the test clock is set to it). */
export async function openTicket(
  ctx: TestContext,
  at: string,
  body: { customerId: string; ticketType?: string; severity?: string; serviceItem?: string },
  as = 'frontdesk',
): Promise<Ticket> {
  ctx.clock.set(at);
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/tickets',
    headers: await ctx.auth(as),
    payload: {
      ticketType: 'fault',
      severity: 'major',
      channel: 'phone',
      name: '专线中断',
      description: '客户来电:专线中断',
      ...body,
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Ticket>();
}

/** POST /api/v1/tickets/:id/<action> at `at`. */
export async function act(
  ctx: TestContext,
  at: string,
  id: string,
  action: 'status' | 'stage' | 'assign',
  payload: Record<string, unknown>,
  as = 'admin',
) {
  ctx.clock.set(at);
  const res = await ctx.app.inject({
    method: 'POST',
    url: `/api/v1/tickets/${id}/${action}`,
    headers: await ctx.auth(as),
    payload,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

export type Clock = {
  definitionCode: string;
  measure: 'response' | 'resolution' | null;
  cycle: number;
  stage: string;
  limitMinutes: number;
  elapsedMinutes: number;
  remainingMinutes: number;
  percent: number;
  targetAt: string | null;
  startedAt: string;
  stoppedAt: string | null;
  breached: boolean;
  breachedAt: string | null;
  escalationLevel: number;
  clock: string;
  limitSource: Record<string, unknown>;
  deskConfigVersion: number;
};

export async function clocksOf(ctx: TestContext, id: string, as = 'admin'): Promise<Clock[]> {
  const res = await ctx.app.inject({
    method: 'GET',
    url: `/api/v1/tickets/${id}/clocks`,
    headers: await ctx.auth(as),
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Clock[]>();
}

export const clockOf = (clocks: Clock[], code: string, cycle = 1) =>
  clocks.find((c) => c.definitionCode === code && c.cycle === cycle);

/** Saves `document` as the desk configuration draft and publishes it as `user`; returns its version. */
export async function publishDeskConfig(ctx: TestContext, document: unknown, user = 'kam'): Promise<number> {
  const headers = await ctx.auth(user);
  const put = await ctx.app.inject({
    method: 'PUT',
    url: '/api/v1/desk/config/draft',
    headers,
    payload: { document } as Record<string, unknown>,
  });
  expect(put.statusCode, put.body).toBe(200);
  const pub = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/desk/config/draft/publish',
    headers,
    payload: {},
  });
  expect(pub.statusCode, pub.body).toBe(200);
  return pub.json<{ version: number }>().version;
}

/** The stored rows of the newest ticket, to copy as new tickets' rows (`copyTicketRows`). */
export type TicketTemplate = {
  ticket: Record<string, unknown>;
  event: Record<string, unknown>;
  clocks: Record<string, unknown>[];
  audit: Record<string, unknown>;
  /** Its customer row's `xmin`. */
  customerVersion: string;
};

export async function newestTicketTemplate(ctx: TestContext): Promise<TicketTemplate> {
  const [template] = await queryRows<TicketTemplate>(
    ctx.deps.db,
    sql`select row_to_json(t) as ticket,
      (select row_to_json(e) from ticket_events e where e.ticket_id = t.id order by e.id limit 1) as event,
      (select json_agg(row_to_json(s)) from sla_instances s where s.ticket_id = t.id) as clocks,
      (select row_to_json(a) from audit_log a where a.entity = 'ticket' and a.entity_id = t.id::text order by a.id limit 1) as audit,
      (select xmin::text from customers where id = t.customer_id) as "customerVersion"
    from tickets t order by t.created_at desc, t.id limit 1`,
  );
  return template!;
}

/** The template's rows under a fresh ticket id, event id 2,000,000,000 + `n` and `number`. */
export function copyTicketRows(t: TicketTemplate, n: number, number: string): CreatedTicketRows {
  const id = crypto.randomUUID();
  return {
    event: { ...t.event, id: 2_000_000_000 + n, ticket_id: id } as never,
    ticket: { ...t.ticket, id, number } as never,
    clocks: t.clocks.map(({ id: _id, ...c }) => ({ ...c, ticket_id: id }) as never),
    audit: { ...t.audit, id: undefined, entity_id: id } as never,
  };
}
