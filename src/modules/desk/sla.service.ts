/**
 * SLA clocks of tickets (PRODUCT.md §7 "SLA clocks"): one `sla_instances` row per ticket × SLA
 * definition × cycle, brought up to date from the ticket's event history by `syncTicketClocks`
 * after every ticket change (the ticket service calls it in its transaction). Elapsed time is
 * always recomputed from the history (src/domain/desk/clock-engine.ts), never counted, so a
 * recompute — of one ticket or of every open ticket, optionally moving them to the desk config
 * now in force — gives the same answer as if the clocks had always run that way.
 */
import { and, asc, eq, gt, inArray, lte, notInArray, sql } from 'drizzle-orm';
import { type Actor, writeAudit } from '../../db/audit.ts';
import type { Executor, Tx } from '../../db/database.ts';
import { slaInstances, ticketEscalations, ticketEvents, tickets } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import type { ScopedUser } from '../../domain/access.ts';
import type { WorkCalendar } from '../../domain/calendar/calendar.ts';
import type { Clock } from '../../domain/calendar/clock.ts';
import { resolveEntitlement } from '../../domain/catalog/entitlements.ts';
import type { CatalogDocument } from '../../domain/catalog/types.ts';
import {
  type ClockCycle,
  type ClockEvent,
  type CycleStage,
  clockOf,
  computeCycles,
  expectedResolutionAt,
  type StoredClockEvent,
  toClockEvents,
} from '../../domain/desk/clock-engine.ts';
import type {
  DeskConfig,
  Severity,
  SlaDefinition,
  TicketStatus,
  TicketType,
} from '../../domain/desk/config.ts';
import { planEscalation } from '../../domain/desk/escalation.ts';
import {
  type ComputedLimit,
  computeLimit,
  type EntitlementLimit,
  levelOfTier,
} from '../../domain/desk/limits.ts';
import { DomainError } from '../../domain/errors.ts';
import { isGroupClass, isTier } from '../../domain/tiers/scheme.ts';
import type { CalendarStore } from '../calendar/calendar.service.ts';
import { findCatalogVersion } from '../catalog/catalog.repo.ts';
import { resolveEntitlementForCustomer } from '../catalog/entitlements.service.ts';
import { customerScopeOver } from '../customers/customers.access.ts';
import { ensureDeskConfig, getDeskConfigVersion } from './desk-config.service.ts';

export type TicketRow = typeof tickets.$inferSelect;
export type SlaInstanceRow = typeof slaInstances.$inferSelect;

/** Statuses after which a ticket is no longer open (resolved can still reopen). */
export const CLOSED_STATUSES = ['closed', 'cancelled', 'rejected'] as const;

export type ClockView = {
  id: number;
  definitionCode: string;
  name: string;
  nameEn: string;
  kind: 'customer' | 'internal';
  /** internal clocks: a stage's response (taken) or resolution (handled) limit; null for the customer's SLA. */
  measure: 'response' | 'resolution' | null;
  stageCode: string | null;
  departmentCode: string | null;
  cycle: number;
  stage: ClockCycle['stage'];
  startedAt: string;
  stoppedAt: string | null;
  targetAt: string | null;
  limitMinutes: number;
  elapsedMinutes: number;
  remainingMinutes: number;
  percent: number;
  breached: boolean;
  breachedAt: string | null;
  /** The elapsed time or target reaches past the loaded calendar horizon: an estimate (see ClockCycle). */
  provisional: boolean;
  escalationLevel: number;
  clock: '24x7' | 'business';
  limitSource: Record<string, unknown> | null;
  deskConfigVersion: number;
};

export type EscalationView = {
  id: number;
  slaInstanceId: number;
  definitionCode: string;
  level: number;
  thresholdPercent: number;
  dueAt: string;
  firedAt: string;
  notify: string[];
  escalate: boolean;
  recipients: { id: string; name: string }[];
  reassignedTo: string | null;
};

// ─── Shared loading ────────────────────────────────────────────────────────────────────────────

/** The stored clock of an instance (`{ kind: '24x7' }` or business hours). */
export const storedClock = (json: unknown): Clock => json as Clock;
export const clockKindOf = (clock: Clock): '24x7' | 'business' =>
  clock.kind === '24x7' ? '24x7' : 'business';

/** Each ticket's events as clock events, in order, up to `at` (inclusive). */
export async function loadClockEvents(
  ex: Executor,
  ticketIds: readonly string[],
  at?: Date,
): Promise<Map<string, ClockEvent[]>> {
  if (ticketIds.length === 0) return new Map();
  const rows = await ex
    .select({
      ticketId: ticketEvents.ticketId,
      at: ticketEvents.at,
      kind: ticketEvents.kind,
      status: ticketEvents.status,
      stageCode: ticketEvents.stageCode,
      assignTo: sql<string | null>`${ticketEvents.data}->>'to'`,
    })
    .from(ticketEvents)
    .where(
      and(
        // one text parameter for any number of tickets (the sweep loads 500 at once)
        sql`${ticketEvents.ticketId} = any(string_to_array(${ticketIds.join(',')}, ',')::uuid[])`,
        at ? lte(ticketEvents.at, at) : undefined,
      ),
    )
    .orderBy(asc(ticketEvents.ticketId), asc(ticketEvents.at), asc(ticketEvents.id));
  const stored = new Map<string, StoredClockEvent[]>(ticketIds.map((id) => [id, []]));
  for (const r of rows) {
    stored.get(r.ticketId)?.push({
      at: r.at.toISOString(),
      kind: r.kind,
      status: r.status as TicketStatus,
      stageCode: r.stageCode,
      assignTo: r.kind === 'assign' ? r.assignTo : null,
    });
  }
  return new Map([...stored].map(([id, list]) => [id, toClockEvents(list)]));
}

export function definitionsFor(doc: DeskConfig, ticketType: string): SlaDefinition[] {
  return doc.definitions.filter((d) => d.ticketTypes.includes(ticketType as TicketType));
}

function stageDepartment(doc: DeskConfig, stageCode: string | null | undefined): string | null {
  return doc.stages.find((s) => s.code === stageCode)?.departmentCode ?? null;
}

/** The limit of `def` for the ticket: from the entitlement (the ticket's catalog version) or by level. */
async function limitFor(
  tx: Executor,
  calendars: CalendarStore,
  ticket: NewTicketClockInput,
  def: SlaDefinition,
): Promise<ComputedLimit> {
  const input = { level: levelOfTier(ticket.tier), severity: ticket.severity as Severity };
  if (def.limit.kind !== 'entitlement') return computeLimit(def, input);
  const itemCode = ticket.serviceItem ?? def.limit.itemCode;
  let entitlement: EntitlementLimit = null;
  try {
    const r = await resolveEntitlementForCustomer(
      tx,
      ticket.customerId,
      { itemCode },
      ticket.createdAt.toISOString(),
      {
        calendars,
        ...(ticket.catalogVersion !== null ? { catalogVersion: ticket.catalogVersion } : {}),
      },
    );
    if (r.entitlement.provided) {
      entitlement = {
        level: r.entitlement.level,
        responseTime: r.entitlement.responseTime,
        wording: r.entitlement.wording,
      };
    }
  } catch (error) {
    // An item the catalog does not know: the definition's fallback minutes apply.
    if (!(error instanceof DomainError)) throw error;
  }
  return computeLimit({ ...def, limit: { ...def.limit, itemCode } }, { ...input, entitlement });
}

export type InstanceValues = typeof slaInstances.$inferInsert;

const same = (a: Date | null | undefined, b: Date | null | undefined) =>
  (a?.getTime() ?? null) === (b?.getTime() ?? null);

function differs(old: SlaInstanceRow | undefined, v: InstanceValues): boolean {
  if (!old) return true;
  return (
    old.stage !== v.stage ||
    old.limitMinutes !== v.limitMinutes ||
    old.breached !== v.breached ||
    old.provisional !== v.provisional ||
    old.deskConfigVersion !== v.deskConfigVersion ||
    !same(old.targetAt, v.targetAt) ||
    !same(old.stoppedAt, v.stoppedAt) ||
    !same(old.nextCheckAt, v.nextCheckAt)
  );
}

const toDate = (iso: string | null) => (iso === null ? null : new Date(iso));

/** The row of one computed cycle, with the next instant the sweep must look at it. */
export function instanceValues(input: {
  ticket: Pick<TicketRow, 'id' | 'departmentCode' | 'deskConfigVersion'>;
  doc: DeskConfig;
  def: SlaDefinition;
  cycle: ClockCycle;
  limit: { minutes: number; clock: Clock; explanation: unknown };
  firedLevel: number;
  cal: WorkCalendar;
  at: Date;
}): InstanceValues {
  const { ticket, def, cycle, limit, cal, at } = input;
  const plan = planEscalation(def.ladder, cycle, input.firedLevel, at.toISOString(), cal, limit.clock);
  // A step already crossed is due now; the sweep acts on it at its next pass.
  const nextCheckAt = plan.due.length > 0 ? plan.due[0]!.dueAt : plan.nextCheckAt;
  return {
    ticketId: ticket.id,
    definitionCode: def.code,
    kind: def.kind,
    stageCode: def.kind === 'internal' ? (def.stageCode ?? null) : null,
    departmentCode:
      def.kind === 'internal' ? stageDepartment(input.doc, def.stageCode) : ticket.departmentCode,
    cycle: cycle.cycle,
    deskConfigVersion: ticket.deskConfigVersion,
    limitMinutes: limit.minutes,
    clock: limit.clock,
    limitSource: limit.explanation as Record<string, unknown>,
    stage: cycle.stage,
    startedAt: new Date(cycle.startedAt),
    stoppedAt: toDate(cycle.stoppedAt),
    targetAt: toDate(cycle.targetAt),
    elapsedMinutes: Math.floor(cycle.elapsedMinutes),
    breached: cycle.breached,
    breachedAt: toDate(cycle.breachedAt),
    provisional: cycle.provisional,
    evaluatedAt: at,
    nextCheckAt: toDate(nextCheckAt),
  };
}

/**
 * What the ticket row carries of its clocks: the earliest target of any running clock (the board's
 * time left, department limits included) and the customer-facing resolution target (TMF621
 * `expectedResolutionDate`: the customer SLA only, see `expectedResolutionAt`).
 */
function ticketTargets(values: readonly InstanceValues[]): {
  nextTargetAt: Date | null;
  expectedResolutionDate: Date | null;
} {
  const running = values.filter((v) => v.stage === 'inProgress' && v.targetAt);
  const nextTargetAt =
    running.length > 0 ? new Date(Math.min(...running.map((v) => v.targetAt!.getTime()))) : null;
  const expected = expectedResolutionAt(
    values.map((v) => ({
      kind: v.kind as 'customer' | 'internal',
      stage: v.stage as CycleStage,
      targetAt: v.targetAt ? v.targetAt.toISOString() : null,
    })),
  );
  return { nextTargetAt, expectedResolutionDate: toDate(expected) };
}

// ─── Sync ──────────────────────────────────────────────────────────────────────────────────────

/**
 * Brings a ticket's SLA instances up to date with its event history as of `at`, in the caller's
 * transaction: attaches the instances whose start condition now holds (limits from the
 * entitlements and the desk config version of the ticket), pauses/resumes/stops/cancels the
 * others, recomputes elapsed/target/breach, sets `next_check_at`, and copies the earliest target,
 * breach flag and escalation level onto the ticket row. Called after every ticket change.
 */
export async function syncTicketClocks(
  tx: Tx,
  calendars: CalendarStore,
  ticketId: string,
  at: Date,
  options: { recomputeLimits?: boolean } = {},
): Promise<void> {
  await syncTicketClocksDetailed(tx, calendars, ticketId, at, options);
}

/** `syncTicketClocks`, saying whether any clock changed (for the recompute report). */
export async function syncTicketClocksDetailed(
  tx: Executor,
  calendars: CalendarStore,
  ticketId: string,
  at: Date,
  options: { recomputeLimits?: boolean } = {},
): Promise<{ changed: boolean }> {
  const [ticket] = await tx.select().from(tickets).where(eq(tickets.id, ticketId));
  if (!ticket) throw new DomainError('NOT_FOUND', `No ticket ${ticketId}`);
  const { document: doc } = await getDeskConfigVersion(tx, ticket.deskConfigVersion);
  const events = (await loadClockEvents(tx, [ticket.id], at)).get(ticket.id) ?? [];
  // Locked so that a sweep firing a step on one of them finishes first (its level is kept).
  const existing = await tx
    .select()
    .from(slaInstances)
    .where(eq(slaInstances.ticketId, ticket.id))
    .orderBy(asc(slaInstances.id))
    .for('update');
  const cal = await calendars.get(tx, ticket.regionCode);
  const values: InstanceValues[] = [];
  let changed = false;
  for (const def of definitionsFor(doc, ticket.ticketType)) {
    const prior = existing.filter((e) => e.definitionCode === def.code);
    const reuse =
      !options.recomputeLimits && prior[0]?.deskConfigVersion === ticket.deskConfigVersion ? prior[0] : null;
    let limit: { minutes: number; clock: Clock; explanation: unknown };
    if (reuse) {
      limit = {
        minutes: reuse.limitMinutes,
        clock: storedClock(reuse.clock),
        explanation: reuse.limitSource,
      };
    } else {
      const computed = await limitFor(tx, calendars, ticket, def);
      limit = {
        minutes: computed.minutes,
        clock: clockOf(computed.clock),
        explanation: computed.explanation,
      };
    }
    for (const cycle of computeCycles(def, events, limit.minutes, cal, limit.clock, at.toISOString())) {
      const old = prior.find((p) => p.cycle === cycle.cycle);
      const v = instanceValues({
        ticket,
        doc,
        def,
        cycle,
        limit,
        firedLevel: old?.escalationLevel ?? 0,
        cal,
        at,
      });
      if (differs(old, v)) changed = true;
      values.push(v);
    }
  }
  if (values.length > 0) {
    await tx
      .insert(slaInstances)
      .values(values)
      .onConflictDoUpdate({
        target: [slaInstances.ticketId, slaInstances.definitionCode, slaInstances.cycle],
        set: {
          kind: sql`excluded.kind`,
          stageCode: sql`excluded.stage_code`,
          departmentCode: sql`excluded.department_code`,
          deskConfigVersion: sql`excluded.desk_config_version`,
          limitMinutes: sql`excluded.limit_minutes`,
          clock: sql`excluded.clock`,
          limitSource: sql`excluded.limit_source`,
          stage: sql`excluded.stage`,
          startedAt: sql`excluded.started_at`,
          stoppedAt: sql`excluded.stopped_at`,
          targetAt: sql`excluded.target_at`,
          elapsedMinutes: sql`excluded.elapsed_minutes`,
          breached: sql`excluded.breached`,
          breachedAt: sql`excluded.breached_at`,
          provisional: sql`excluded.provisional`,
          evaluatedAt: sql`excluded.evaluated_at`,
          nextCheckAt: sql`excluded.next_check_at`,
        },
      });
  }
  // Instances the history (or the new config version) no longer produces stop being watched.
  const kept = new Set(values.map((v) => `${v.definitionCode}#${v.cycle}`));
  const orphans = existing.filter(
    (e) => !kept.has(`${e.definitionCode}#${e.cycle}`) && (e.stage !== 'cancelled' || e.nextCheckAt),
  );
  if (orphans.length > 0) {
    changed = true;
    await tx
      .update(slaInstances)
      .set({
        stage: 'cancelled',
        nextCheckAt: null,
        stoppedAt: sql`coalesce(${slaInstances.stoppedAt}, ${at})`,
        evaluatedAt: at,
      })
      .where(
        inArray(
          slaInstances.id,
          orphans.map((o) => o.id),
        ),
      );
  }
  const { nextTargetAt, expectedResolutionDate } = ticketTargets(values);
  const breached = values.some((v) => v.breached);
  // The escalation level is raised by the sweep only (steps with `escalate`); a breach stays a breach.
  const breachedNow = options.recomputeLimits ? breached : breached || ticket.breached;
  if (
    !same(ticket.nextTargetAt, nextTargetAt) ||
    !same(ticket.expectedResolutionDate, expectedResolutionDate) ||
    ticket.breached !== breachedNow
  ) {
    await tx
      .update(tickets)
      .set({ nextTargetAt, expectedResolutionDate, breached: breachedNow })
      .where(eq(tickets.id, ticket.id));
  }
  return { changed };
}

// ─── Clocks of a new ticket ────────────────────────────────────────────────────────────────────

/** Published catalog documents by version (a published version never changes). */
const publishedCatalogs = new Map<number, CatalogDocument>();

async function publishedCatalog(ex: Executor, version: number): Promise<CatalogDocument | null> {
  const hit = publishedCatalogs.get(version);
  if (hit) return hit;
  const found = await findCatalogVersion(ex, version);
  if (found?.status !== 'published') return null;
  publishedCatalogs.set(version, found.document);
  return found.document;
}

/** What a new ticket's clocks need of it, all known before it is written. */
export type NewTicketClockInput = Pick<
  TicketRow,
  | 'id'
  | 'customerId'
  | 'ticketType'
  | 'severity'
  | 'tier'
  | 'serviceItem'
  | 'catalogVersion'
  | 'deskConfigVersion'
  | 'departmentCode'
  | 'regionCode'
  | 'createdAt'
>;

/**
 * The SLA instances of a ticket being created, as `syncTicketClocks` would attach them right after
 * its creation (same limits, same cycles), computed from what the caller holds in memory: the
 * ticket's values, its desk configuration document, its creation events and the customer's
 * entitlement subject. Nothing is read but the catalog (cached by version) and the calendar (cached).
 * Returns the rows to insert (`insertCreatedTicket` in the tickets repo) and the fields the ticket row carries.
 */
export async function newTicketClocks(
  ex: Executor,
  calendars: CalendarStore,
  ticket: NewTicketClockInput,
  doc: DeskConfig,
  events: readonly ClockEvent[],
  subject: { tier: string | null; stars: number | null; groupClass: string | null },
  at: Date,
  calendarVersion?: number,
): Promise<{
  values: InstanceValues[];
  nextTargetAt: Date | null;
  expectedResolutionDate: Date | null;
  breached: boolean;
}> {
  const cal = await calendars.get(ex, ticket.regionCode, calendarVersion);
  const values: InstanceValues[] = [];
  const level = levelOfTier(ticket.tier);
  const severity = ticket.severity as Severity;
  for (const def of definitionsFor(doc, ticket.ticketType)) {
    let computed: ComputedLimit;
    if (def.limit.kind !== 'entitlement') {
      computed = computeLimit(def, { level, severity });
    } else if (ticket.catalogVersion === null) {
      computed = await limitFor(ex, calendars, ticket, def);
    } else {
      const itemCode = ticket.serviceItem ?? def.limit.itemCode;
      let entitlement: EntitlementLimit = null;
      const catalog = await publishedCatalog(ex, ticket.catalogVersion);
      if (!catalog) {
        computed = await limitFor(ex, calendars, ticket, def); // its fallback, as before
      } else {
        try {
          const found = resolveEntitlement(
            catalog,
            {
              tier: isTier(subject.tier) ? subject.tier : null,
              stars: subject.stars,
              groupClass: isGroupClass(subject.groupClass) ? subject.groupClass : null,
              contactRole: null,
            },
            { itemCode },
          );
          if (found.provided) {
            entitlement = { level: found.level, responseTime: found.responseTime, wording: found.wording };
          }
        } catch (error) {
          // An item the catalog does not know: the definition's fallback minutes apply.
          if (!(error instanceof DomainError)) throw error;
        }
        computed = computeLimit(
          { ...def, limit: { ...def.limit, itemCode } },
          { level, severity, entitlement },
        );
      }
    }
    const limit = {
      minutes: computed.minutes,
      clock: clockOf(computed.clock),
      explanation: computed.explanation,
    };
    for (const cycle of computeCycles(def, [...events], limit.minutes, cal, limit.clock, at.toISOString())) {
      values.push(instanceValues({ ticket, doc, def, cycle, limit, firedLevel: 0, cal, at }));
    }
  }
  return { values, ...ticketTargets(values), breached: values.some((v) => v.breached) };
}

// ─── Views ─────────────────────────────────────────────────────────────────────────────────────

const round1 = (n: number) => Math.round(n * 10) / 10;

/** The ticket's clocks, live as of `now` (elapsed and remaining recomputed from the events). */
export async function clockViewsFor(
  ex: Executor,
  calendars: CalendarStore,
  ticketId: string,
  now: Date,
): Promise<ClockView[]> {
  const [ticket] = await ex.select().from(tickets).where(eq(tickets.id, ticketId));
  if (!ticket) throw new DomainError('NOT_FOUND', `No ticket ${ticketId}`);
  const rows = await ex
    .select()
    .from(slaInstances)
    .where(eq(slaInstances.ticketId, ticketId))
    .orderBy(asc(slaInstances.id));
  if (rows.length === 0) return [];
  const versions = new Map<number, DeskConfig>();
  for (const v of new Set(rows.map((r) => r.deskConfigVersion))) {
    versions.set(v, (await getDeskConfigVersion(ex, v)).document);
  }
  const events = (await loadClockEvents(ex, [ticketId], now)).get(ticketId) ?? [];
  const cal = await calendars.get(ex, ticket.regionCode);
  const live = new Map<string, ClockCycle[]>();
  const views = rows.map((row): ClockView => {
    const def = versions.get(row.deskConfigVersion)?.definitions.find((d) => d.code === row.definitionCode);
    const clock = storedClock(row.clock);
    const key = `${row.definitionCode}@${row.deskConfigVersion}`;
    if (def && !live.has(key))
      live.set(key, computeCycles(def, events, row.limitMinutes, cal, clock, now.toISOString()));
    const cycle = live.get(key)?.find((c) => c.cycle === row.cycle);
    const elapsed = cycle?.elapsedMinutes ?? row.elapsedMinutes;
    return {
      id: row.id,
      definitionCode: row.definitionCode,
      name: def?.name ?? row.definitionCode,
      nameEn: def?.nameEn ?? row.definitionCode,
      kind: row.kind as ClockView['kind'],
      measure: row.kind === 'internal' ? (def?.measure ?? 'resolution') : null,
      stageCode: row.stageCode,
      departmentCode: row.kind === 'internal' ? row.departmentCode : ticket.departmentCode,
      cycle: row.cycle,
      stage: cycle?.stage ?? (row.stage as ClockView['stage']),
      startedAt: row.startedAt.toISOString(),
      stoppedAt: cycle ? cycle.stoppedAt : (row.stoppedAt?.toISOString() ?? null),
      targetAt: cycle ? cycle.targetAt : (row.targetAt?.toISOString() ?? null),
      limitMinutes: row.limitMinutes,
      elapsedMinutes: Math.floor(elapsed),
      remainingMinutes: Math.ceil(row.limitMinutes - elapsed),
      percent: round1(row.limitMinutes > 0 ? (elapsed / row.limitMinutes) * 100 : 100),
      breached: cycle?.breached ?? row.breached,
      breachedAt: cycle ? cycle.breachedAt : (row.breachedAt?.toISOString() ?? null),
      provisional: cycle?.provisional ?? row.provisional,
      escalationLevel: row.escalationLevel,
      clock: clockKindOf(clock),
      limitSource: (row.limitSource as Record<string, unknown> | null) ?? null,
      deskConfigVersion: row.deskConfigVersion,
    };
  });
  return views.sort(
    (a, b) =>
      (a.kind === b.kind ? 0 : a.kind === 'customer' ? -1 : 1) ||
      a.startedAt.localeCompare(b.startedAt) ||
      a.id - b.id,
  );
}

/** The escalation steps fired on the ticket, oldest first. */
export async function escalationViewsFor(ex: Executor, ticketId: string): Promise<EscalationView[]> {
  const rows = await ex
    .select({ e: ticketEscalations, definitionCode: slaInstances.definitionCode })
    .from(ticketEscalations)
    .innerJoin(slaInstances, eq(slaInstances.id, ticketEscalations.slaInstanceId))
    .where(eq(ticketEscalations.ticketId, ticketId))
    .orderBy(asc(ticketEscalations.firedAt), asc(ticketEscalations.id));
  return rows.map(({ e, definitionCode }) => {
    const actions = (e.actions as { kind: string; target?: string }[]) ?? [];
    return {
      id: e.id,
      slaInstanceId: e.slaInstanceId,
      definitionCode,
      level: e.level,
      thresholdPercent: e.thresholdPercent,
      dueAt: e.dueAt.toISOString(),
      firedAt: e.firedAt.toISOString(),
      notify: actions.filter((a) => a.kind === 'notify' && a.target).map((a) => a.target!),
      escalate: actions.some((a) => a.kind === 'escalate'),
      recipients: (e.recipients as { id: string; name: string }[]) ?? [],
      reassignedTo: e.reassignedTo,
    };
  });
}

// ─── Scoped reads and recompute ────────────────────────────────────────────────────────────────

/** The ticket if `user` may read it; NOT_FOUND otherwise (out of scope looks like missing). */
export async function loadScopedTicket(
  ex: Executor,
  user: ScopedUser,
  ticketId: string,
  options: { forUpdate?: boolean } = {},
): Promise<TicketRow> {
  const scope = customerScopeOver(user, {
    accountManagerId: sql`${tickets.accountManagerId}`,
    regionCode: sql`${tickets.regionCode}`,
  });
  const query = ex
    .select()
    .from(tickets)
    .where(and(eq(tickets.id, ticketId), scope));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  if (!row) throw new DomainError('NOT_FOUND', `No ticket ${ticketId}`);
  return row;
}

export async function getTicketClocks(deps: Deps, user: ScopedUser, ticketId: string): Promise<ClockView[]> {
  await loadScopedTicket(deps.db, user, ticketId);
  return clockViewsFor(deps.db, deps.calendars, ticketId, deps.now());
}

/** Moves the ticket to the desk config in force (appending an `sla` event); true when it moved. */
async function moveToCurrentVersion(tx: Tx, actor: Actor, ticket: TicketRow, at: Date): Promise<boolean> {
  const current = await ensureDeskConfig(tx, actor, at);
  if (current.version === ticket.deskConfigVersion) return false;
  await tx
    .update(tickets)
    .set({ deskConfigVersion: current.version, updatedAt: at })
    .where(eq(tickets.id, ticket.id));
  await tx.insert(ticketEvents).values({
    ticketId: ticket.id,
    at,
    kind: 'sla',
    status: ticket.status,
    stageCode: ticket.stageCode,
    departmentCode: ticket.departmentCode,
    actorId: actor.id,
    actorName: actor.name,
    reason: 'recomputed under the desk configuration in force',
    data: { fromVersion: ticket.deskConfigVersion, toVersion: current.version },
  });
  return true;
}

/** Recomputes one ticket's clocks from its history (limits included), optionally under the config in force. */
export async function recomputeTicketClocks(
  deps: Deps,
  user: ScopedUser,
  actor: Actor,
  ticketId: string,
  options: { toCurrentVersion?: boolean | undefined } = {},
): Promise<ClockView[]> {
  const at = deps.now();
  return deps.db.transaction(async (tx) => {
    const ticket = await loadScopedTicket(tx, user, ticketId, { forUpdate: true });
    const moved = options.toCurrentVersion ? await moveToCurrentVersion(tx, actor, ticket, at) : false;
    const { changed } = await syncTicketClocksDetailed(tx, deps.calendars, ticketId, at, {
      recomputeLimits: true,
    });
    await writeAudit(tx, actor, {
      action: 'recompute',
      entity: 'ticket',
      entityId: ticketId,
      before: { deskConfigVersion: ticket.deskConfigVersion },
      after: { toCurrentVersion: !!options.toCurrentVersion, moved, changed },
    });
    return clockViewsFor(tx, deps.calendars, ticketId, at);
  });
}

const RECOMPUTE_CHUNK = 200;

/** Every open ticket, in chunks of 200 (a transaction each); returns how many and how many changed. */
export async function recomputeOpenTickets(
  deps: Deps,
  actor: Actor,
  options: { toCurrentVersion?: boolean | undefined } = {},
): Promise<{ tickets: number; changed: number }> {
  const at = deps.now();
  let after = '00000000-0000-0000-0000-000000000000';
  let total = 0;
  let changed = 0;
  for (;;) {
    const done = await deps.db.transaction(async (tx) => {
      const chunk = await tx
        .select()
        .from(tickets)
        .where(and(gt(tickets.id, after), notInArray(tickets.status, [...CLOSED_STATUSES])))
        .orderBy(asc(tickets.id))
        .limit(RECOMPUTE_CHUNK)
        .for('update');
      for (const ticket of chunk) {
        const moved = options.toCurrentVersion ? await moveToCurrentVersion(tx, actor, ticket, at) : false;
        const r = await syncTicketClocksDetailed(tx, deps.calendars, ticket.id, at, {
          recomputeLimits: true,
        });
        if (moved || r.changed) changed += 1;
      }
      total += chunk.length;
      if (chunk.length > 0) after = chunk[chunk.length - 1]!.id;
      return chunk.length < RECOMPUTE_CHUNK;
    });
    if (done) break;
  }
  await deps.db.transaction((tx) =>
    writeAudit(tx, actor, {
      action: 'recompute',
      entity: 'deskConfig',
      entityId: 'open-tickets',
      after: { tickets: total, changed, toCurrentVersion: !!options.toCurrentVersion },
    }),
  );
  return { tickets: total, changed };
}
