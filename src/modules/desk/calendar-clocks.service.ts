/**
 * Ticket clocks after a calendar change (PRODUCT.md §7 "SLA clocks": elapsed time is computed from
 * the history, so a calendar change can recompute open tickets). A business-hours clock's elapsed
 * time, target, breach, next check and `provisional` flag all depend on the working days; when an
 * official schedule is imported (or a shipped year is seeded at start), every open ticket with a
 * running or paused business-hours clock is recomputed with the calendars now in force — chunked
 * as `POST /api/v1/desk/recompute` is (200 tickets a transaction), audited as one entry. 7×24 clocks
 * do not depend on the calendar and are left alone.
 *
 * The registry is `app_meta['desk.clocks.calendar']`: the calendar data version the clocks were
 * last recomputed with. The import notes it in its own transaction (so a crash right after the
 * commit still leaves the clocks marked behind), the recompute runs right after the commit, and the
 * `desk-clocks-calendar` job catches up on whatever is still behind (a crash, a seeded year, an
 * import by another process). A claim with a lease keeps two processes from doing it twice.
 */
import { eq, sql } from 'drizzle-orm';
import { type Actor, systemActor, writeAudit } from '../../db/audit.ts';
import { queryRows } from '../../db/database.ts';
import { appMeta } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { readCalendarVersion } from '../calendar/calendar.repo.ts';
import { onScheduleCommitted, onScheduleImported } from '../calendar/calendar.service.ts';
import { CLOSED_STATUSES, syncTicketClocksDetailed } from './sla.service.ts';

export const CLOCKS_CALENDAR_KEY = 'desk.clocks.calendar';
const CHUNK = 200;
const LEASE_MS = 10 * 60_000;
const ACTOR = systemActor('system:desk-clocks');

/** `version`: the calendar data version the clocks are computed with; `claim`: a recompute under way. */
type Marker = { version: number; claim?: { version: number; until: string } | null };

export type CalendarRecompute = { fromVersion: number; toVersion: number; tickets: number; changed: number };

/**
 * Recomputes the open tickets' business-hours clocks if the calendar changed since they were last
 * computed. Null when there was nothing to do or another process is at it; the first run on a
 * database only starts watching (the clocks were computed with the calendars in force).
 *
 * @example
 * await recomputeClocksForCalendar(deps, new Date()); // { fromVersion: 3, toVersion: 4, tickets: 120, changed: 7 }
 */
export async function recomputeClocksForCalendar(
  deps: Deps,
  at: Date,
  actor: Actor = ACTOR,
): Promise<CalendarRecompute | null> {
  // The lease is about this process's real time, not the instant evaluated (`sweep --at` may be any).
  const lease = () => ({ until: new Date(Date.now() + LEASE_MS).toISOString() });
  const claim = await deps.db.transaction(async (tx) => {
    const version = await readCalendarVersion(tx);
    const [row] = await tx
      .select({ value: appMeta.value })
      .from(appMeta)
      .where(eq(appMeta.key, CLOCKS_CALENDAR_KEY))
      .for('update');
    const marker = row?.value as Marker | undefined;
    if (!marker) {
      await tx
        .insert(appMeta)
        .values({ key: CLOCKS_CALENDAR_KEY, value: { version }, updatedAt: at })
        .onConflictDoNothing();
      return null;
    }
    if (marker.version >= version) return null;
    if (marker.claim && Date.parse(marker.claim.until) > Date.now()) return null;
    await setMarker(tx, { version: marker.version, claim: { version, ...lease() } }, at);
    return { from: marker.version, to: version };
  });
  if (!claim) return null;
  let after = '00000000-0000-0000-0000-000000000000';
  let tickets = 0;
  let changed = 0;
  for (;;) {
    const done = await deps.db.transaction(async (tx) => {
      const chunk = await queryRows<{ id: string; updatedAt: Date | string }>(
        tx,
        sql`select t.id, t.updated_at as "updatedAt" from tickets t
          where t.id > ${after}::uuid and t.status not in (${sql.join(
            CLOSED_STATUSES.map((s) => sql`${s}`),
            sql`, `,
          )})
            and exists (select 1 from sla_instances s where s.ticket_id = t.id
              and s.stage in ('inProgress', 'paused') and s.clock->>'kind' = 'businessHours')
          order by t.id limit ${CHUNK} for update of t`,
      );
      for (const { id, updatedAt } of chunk) {
        // Never as of an instant before the ticket's last change (`sweep --at` may name any): the
        // history after it would be ignored and its clocks rewound.
        const last = new Date(updatedAt);
        const asOf = last.getTime() > at.getTime() ? last : at;
        const r = await syncTicketClocksDetailed(tx, deps.calendars, id, asOf);
        if (r.changed) changed += 1;
      }
      tickets += chunk.length;
      if (chunk.length > 0) after = chunk[chunk.length - 1]!.id;
      await setMarker(tx, { version: claim.from, claim: { version: claim.to, ...lease() } }, at);
      return chunk.length < CHUNK;
    });
    if (done) break;
  }
  const result = { fromVersion: claim.from, toVersion: claim.to, tickets, changed };
  await deps.db.transaction(async (tx) => {
    await setMarker(tx, { version: claim.to, claim: null }, at);
    await writeAudit(tx, actor, {
      action: 'recompute',
      entity: 'deskConfig',
      entityId: 'open-tickets',
      before: { calendarVersion: claim.from },
      after: { trigger: 'calendar', calendarVersion: claim.to, tickets, changed },
      reason: 'the working-day calendar changed: business-hours clocks of open tickets recomputed',
    });
  });
  return result;
}

async function setMarker(ex: Parameters<typeof readCalendarVersion>[0], value: Marker, at: Date) {
  await ex
    .insert(appMeta)
    .values({ key: CLOCKS_CALENDAR_KEY, value, updatedAt: at })
    .onConflictDoUpdate({ target: appMeta.key, set: { value, updatedAt: at } });
}

// In the import's transaction: the first import after this shipped finds no marker yet; note the
// clocks as computed with the calendar before it, so the recompute (or its job) sees them behind.
onScheduleImported('desk.clocks', async (tx, event) => {
  const version = await readCalendarVersion(tx);
  await tx
    .insert(appMeta)
    .values({ key: CLOCKS_CALENDAR_KEY, value: { version: version - 1 }, updatedAt: event.at })
    .onConflictDoNothing();
});

// Right after the import committed, with the importing user as the actor.
onScheduleCommitted('ticketClocks', async (deps, event) => {
  const r = await recomputeClocksForCalendar(deps, event.at, event.actor);
  return r?.tickets ?? null;
});
