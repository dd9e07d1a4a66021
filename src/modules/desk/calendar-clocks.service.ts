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
 *
 * A region's calendar is the national schedule plus that region's own days, and a ticket runs on
 * the calendar of its region; so when every change since the clocks were computed was a regional
 * import, the marker lists those regions and only their tickets are recomputed. Anything it cannot
 * vouch for (a national import, a seeded year, changes it did not see) means every region.
 */
import { eq, sql } from 'drizzle-orm';
import { type Actor, systemActor, writeAudit } from '../../db/audit.ts';
import { queryRows, type Tx } from '../../db/database.ts';
import { appMeta } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { readCalendarVersion } from '../calendar/calendar.repo.ts';
import { type CalendarStore, onScheduleCommitted, onScheduleImported } from '../calendar/calendar.service.ts';
import { onBusinessHoursClock } from '../tickets/tickets.repo.ts';
import { syncTicketClocksDetailed } from './sla.service.ts';

export const CLOCKS_CALENDAR_KEY = 'desk.clocks.calendar';
const CHUNK = 200;
const LEASE_MS = 10 * 60_000;
const ACTOR = systemActor('system:desk-clocks');

/**
 * `version`: the calendar data version the clocks are computed with; `claim`: a recompute under
 * way; `regions`: the only regions whose calendars changed after `version`, valid while the data
 * version is `through` (any later change, or none listed: every region).
 */
type Marker = {
  version: number;
  claim?: { version: number; until: string } | null;
  regions?: string[];
  through?: number;
};

export type CalendarRecompute = {
  fromVersion: number;
  toVersion: number;
  /** The regions whose tickets were recomputed; null: every region. */
  regions: string[] | null;
  tickets: number;
  changed: number;
};

/** The regions `marker` vouches for as the only ones changed up to data version `version`. */
function changedRegions(marker: Marker, version: number): string[] | null {
  return marker.regions && marker.through === version ? marker.regions : null;
}

/** The marker while a recompute to `claim.version` runs (the regions kept, for whoever takes over). */
function claimed(from: number, to: number, regions: string[] | null, until: string): Marker {
  return { version: from, claim: { version: to, until }, ...(regions ? { regions, through: to } : {}) };
}

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
    const regions = changedRegions(marker, version);
    await setMarker(tx, claimed(marker.version, version, regions, lease().until), at);
    return { from: marker.version, to: version, regions };
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
          where t.id > ${after}::uuid and ${onBusinessHoursClock(sql`t`)}
            ${
              claim.regions
                ? sql`and t.region_code in (${sql.join(
                    claim.regions.map((r) => sql`${r}`),
                    sql`, `,
                  )})`
                : sql``
            }
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
      await setMarker(tx, claimed(claim.from, claim.to, claim.regions, lease().until), at);
      return chunk.length < CHUNK;
    });
    if (done) break;
  }
  const result = { fromVersion: claim.from, toVersion: claim.to, regions: claim.regions, tickets, changed };
  await deps.db.transaction(async (tx) => {
    await setMarker(tx, { version: claim.to, claim: null }, at);
    await writeAudit(tx, actor, {
      action: 'recompute',
      entity: 'deskConfig',
      entityId: 'open-tickets',
      before: { calendarVersion: claim.from },
      after: { trigger: 'calendar', calendarVersion: claim.to, regions: claim.regions, tickets, changed },
      reason: claim.regions
        ? `regional working-day calendars changed (${claim.regions.join(', ')}): business-hours clocks of their open tickets recomputed`
        : 'the working-day calendar changed: business-hours clocks of open tickets recomputed',
    });
  });
  return result;
}

/**
 * Recomputes the clocks of `ticketIds` as of `at` in the caller's transaction (tickets whose region,
 * hence whose calendar, changed: `ticketsChangingCalendar`). Returns how many clocks changed.
 */
export async function recomputeTicketClocks(
  tx: Tx,
  calendars: CalendarStore,
  ticketIds: readonly string[],
  at: Date,
): Promise<number> {
  let changed = 0;
  for (const id of ticketIds) {
    if ((await syncTicketClocksDetailed(tx, calendars, id, at)).changed) changed += 1;
  }
  return changed;
}

async function setMarker(ex: Parameters<typeof readCalendarVersion>[0], value: Marker, at: Date) {
  await ex
    .insert(appMeta)
    .values({ key: CLOCKS_CALENDAR_KEY, value, updatedAt: at })
    .onConflictDoUpdate({ target: appMeta.key, set: { value, updatedAt: at } });
}

// In the import's transaction (the data version already bumped by it): note which regions the
// changes not yet recomputed touched — this import's region added to those the marker vouches for
// up to the version before it, or every region. The first import after this shipped finds no
// marker yet: the clocks count as computed with the calendar before it.
onScheduleImported('desk.clocks', async (tx, event) => {
  const version = await readCalendarVersion(tx);
  const [row] = await tx
    .select({ value: appMeta.value })
    .from(appMeta)
    .where(eq(appMeta.key, CLOCKS_CALENDAR_KEY))
    .for('update');
  const marker = (row?.value as Marker | undefined) ?? { version: version - 1 };
  const before = marker.version >= version - 1 ? [] : changedRegions(marker, version - 1);
  const regions =
    event.region === null || before === null ? null : [...new Set([...before, event.region])].sort();
  const { regions: _, through: __, ...rest } = marker;
  await setMarker(tx, { ...rest, ...(regions ? { regions, through: version } : {}) }, event.at);
});

// Right after the import committed, with the importing user as the actor.
onScheduleCommitted('ticketClocks', async (deps, event) => {
  const r = await recomputeClocksForCalendar(deps, event.at, event.actor);
  return r?.tickets ?? null;
});
