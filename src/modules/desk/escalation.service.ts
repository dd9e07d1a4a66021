/**
 * The escalation sweep (PRODUCT.md §7 "Escalation", seed 000 超出规定响应时限 → 自动升级): every 30 s
 * (job `desk-escalation`), or as of any instant with `tierline sweep --at`, it takes the SLA
 * instances whose `next_check_at` has come, recomputes each from the ticket's history as of that
 * instant and fires the ladder steps crossed since — each exactly once:
 *
 * - instances are taken in chunks of 500 with `FOR UPDATE SKIP LOCKED`, so two processes sweeping
 *   at once share the work and never hold the same instance; their tickets are locked with SKIP
 *   LOCKED too (a ticket being changed right now is never waited on, so a sweep and a ticket change
 *   cannot deadlock; its clock is tried once more at the end of the sweep, then left for the next);
 * - a step is `INSERT … ON CONFLICT (sla_instance_id, level) DO NOTHING RETURNING`: only the
 *   transaction whose insert returned a row notifies, reassigns, queues the webhook event and
 *   writes the audit — in the same transaction, so a killed process loses or repeats nothing;
 * - the instance's `next_check_at` moves to its next threshold (or null), so a sweep at the same
 *   instant again finds nothing, also after a restart.
 *
 * Cost grows with the due instances, not the open tickets: the selection reads the partial index
 * on `next_check_at`, and each chunk is loaded and written with a handful of set-based statements.
 */
import { and, eq, gte, lte, type SQL, sql } from 'drizzle-orm';
import { systemActor } from '../../db/audit.ts';
import { anyUuid, queryRows, type Tx } from '../../db/database.ts';
import {
  customers,
  departments,
  deskConfigVersions,
  hubSubscriptions,
  regions,
  slaInstances,
  tickets,
  users,
} from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import type { WorkCalendar } from '../../domain/calendar/calendar.ts';
import { computeCycles } from '../../domain/desk/clock-engine.ts';
import type { DeskConfig, EscalationStep, EscalationTarget, TicketType } from '../../domain/desk/config.ts';
import {
  describeEscalation,
  planEscalation,
  planHandover,
  type TicketHolder,
} from '../../domain/desk/escalation.ts';
import { enqueueEvent } from '../events/outbox.service.ts';
import { type NewNotification, notify } from '../notifications/notifications.service.ts';
import { loadTmfTicket } from '../tickets/tickets.service.ts';

import { loadClockEvents, type SlaInstanceRow, storedClock, type TicketRow } from './sla.service.ts';

export const SWEEP_CHUNK = 500;
/** Chunk workers per sweep on PostgreSQL. */
export const SWEEP_WORKERS = 2;
const ACTOR = systemActor('system:escalation');

type UserRow = {
  id: string;
  name: string;
  role: string;
  regionCode: string | null;
  departmentId: string | null;
  supervisorId: string | null;
};
type DeptRow = { id: string; code: string; headId: string | null };

/** Who works where: loaded once per sweep (users, departments and regions are small tables). */
type Org = {
  users: Map<string, UserRow>;
  byDepartment: Map<string, UserRow[]>;
  departments: Map<string, DeptRow>;
  kamByRegion: Map<string, UserRow[]>;
  parentOf: Map<string, string | null>;
};

async function loadOrg(tx: Tx): Promise<Org> {
  const us = await tx
    .select({
      id: users.id,
      name: users.displayName,
      role: users.role,
      regionCode: users.regionCode,
      departmentId: users.departmentId,
      supervisorId: users.supervisorId,
    })
    .from(users)
    .where(eq(users.active, true));
  const ds = await tx
    .select({ id: departments.id, code: departments.code, headId: departments.headId })
    .from(departments);
  const rs = await tx.select({ code: regions.code, parentCode: regions.parentCode }).from(regions);
  const org: Org = {
    users: new Map(us.map((u) => [u.id, u])),
    byDepartment: new Map(),
    departments: new Map(ds.map((d) => [d.code, d])),
    kamByRegion: new Map(),
    parentOf: new Map(rs.map((r) => [r.code, r.parentCode])),
  };
  const push = <K, V>(m: Map<K, V[]>, k: K, v: V) => m.set(k, [...(m.get(k) ?? []), v]);
  for (const u of us) {
    if (u.departmentId) push(org.byDepartment, u.departmentId, u);
    if (u.role === 'kam_manager' && u.regionCode) push(org.kamByRegion, u.regionCode, u);
  }
  return org;
}

/** The people a target names for a ticket whose clock is owned by `departmentCode`. */
export function resolveTarget(
  org: Org,
  target: EscalationTarget,
  ticket: Pick<TicketRow, 'assigneeId' | 'accountManagerId' | 'regionCode'>,
  departmentCode: string,
): UserRow[] {
  const dept = org.departments.get(departmentCode);
  const membersOf = (code: string) => {
    const d = org.departments.get(code);
    return d ? (org.byDepartment.get(d.id) ?? []) : [];
  };
  const user = (id: string | null | undefined) => (id ? org.users.get(id) : undefined);
  const head = () => [user(dept?.headId)].filter((u): u is UserRow => !!u);
  switch (target) {
    case 'owner': {
      const assignee = user(ticket.assigneeId);
      return assignee ? [assignee] : membersOf(departmentCode);
    }
    case 'supervisor': {
      const assignee = user(ticket.assigneeId);
      const sup = user(assignee?.supervisorId);
      // Nobody assigned (or no supervisor): the department head answers for the queue.
      return sup ? [sup] : head();
    }
    case 'department_head':
      return head();
    case 'account_manager':
      return [user(ticket.accountManagerId)].filter((u): u is UserRow => !!u);
    case 'kam_manager': {
      const seen = new Set<string>();
      for (let r: string | null | undefined = ticket.regionCode; r && !seen.has(r); r = org.parentOf.get(r)) {
        seen.add(r);
        const found = org.kamByRegion.get(r);
        if (found && found.length > 0) return found;
      }
      return [];
    }
    default:
      return target.startsWith('department:') ? membersOf(target.slice('department:'.length)) : [];
  }
}

export type SweepResult = { due: number; fired: number; notified: number; skipped: number; chunks: number };

/** The ticket columns the sweep reads (only these: it locks and reads thousands at once). */
type SweepTicket = Pick<
  TicketRow,
  | 'id'
  | 'number'
  | 'customerId'
  | 'ticketType'
  | 'severity'
  | 'priority'
  | 'name'
  | 'status'
  | 'stageCode'
  | 'departmentCode'
  | 'assigneeId'
  | 'accountManagerId'
  | 'regionCode'
  | 'tier'
  | 'updatedAt'
>;

type Fired = {
  instance: SlaInstanceRow;
  ticket: SweepTicket;
  step: EscalationStep;
  dueAt: string;
  recipients: UserRow[];
  title: string;
  body: string;
  percent: number;
  lateMinutes: number;
  elapsedMinutes: number;
  definitionName: string;
};

/** A set of rows as ONE jsonb parameter, for `jsonb_to_recordset` (multi-row writes without N×M parameters). */
const json = (rows: unknown[]) => sql`${JSON.stringify(rows)}::jsonb`;

/**
 * Fires every ladder step due as of `at`, exactly once across processes and restarts.
 *
 * @example
 * await runEscalationSweep(deps, new Date('2025-03-03T02:30:00Z')); // { due: 3, fired: 4, notified: 9, … }
 */
export async function runEscalationSweep(
  deps: Deps,
  at: Date,
  options: {
    chunk?: number;
    workers?: number;
    /** After each chunk's commit (awaited): its size and time. */
    onChunk?: (instances: number, ms: number) => void | Promise<void>;
    /** Only the clocks of these tickets (the demo replays each ticket's history in turn). */
    tickets?: readonly string[];
    /**
     * What one sweep reads once (people, departments, regions, desk configurations, calendars),
     * kept for the next sweeps of a caller that knows none of it changes meanwhile (the demo).
     */
    memo?: SweepMemo;
  } = {},
): Promise<SweepResult> {
  const chunkSize = options.chunk ?? SWEEP_CHUNK;
  // On a server, two chunk workers overlap one chunk's writes with the next one's reads; SKIP
  // LOCKED keeps them apart exactly as it keeps two processes apart. PGlite runs one query at a time,
  // and a caller passing a transaction as `db` (no `database`, e.g. the demo) gets one worker.
  const workers = options.workers ?? (deps.database?.engine === 'postgres' ? SWEEP_WORKERS : 1);
  const result: SweepResult = { due: 0, fired: 0, notified: 0, skipped: 0, chunks: 0 };
  const skipped: number[] = [];
  /** The instances skipped because another transaction held their ticket (tried once more at the end). */
  const lockedOut: number[] = [];
  const memo = options.memo ?? newSweepMemo();
  const { configs, calendars } = memo;
  let org: Org | null = memo.org;
  const ids = (list: readonly number[]) => sql.raw(`array[${list.join(',')}]::bigint[]`);
  /** Takes (SKIP LOCKED) up to `limit` instances due as of `at` that `where` admits, and sweeps them in `tx`. */
  const sweepDue = async (tx: Tx, where: SQL | undefined, limit: number, lockedOutTo: number[]) => {
    const due = await tx
      .select()
      .from(slaInstances)
      .where(and(lte(slaInstances.nextCheckAt, at), where))
      .orderBy(slaInstances.nextCheckAt)
      .limit(limit)
      .for('update', { skipLocked: true });
    if (due.length === 0) return due;
    org ??= await loadOrg(tx);
    await sweepChunk(tx, deps, at, due, { org, configs, calendars, skipped, lockedOut: lockedOutTo, result });
    return due;
  };
  const work = async () => {
    // Keyset: rows below the last chunk's latest next_check_at were taken (by this worker or, locked,
    // by another), so the next scan starts there instead of walking the index entries the previous
    // chunks just moved away (dead until vacuum). A row changed meanwhile is caught by the next sweep.
    let floor: Date | null = null;
    for (;;) {
      const started = performance.now();
      const taken = await deps.db.transaction(async (tx) => {
        const due = await sweepDue(
          tx,
          and(
            options.tickets ? sql`${slaInstances.ticketId} = ${anyUuid(options.tickets)}` : undefined,
            floor ? gte(slaInstances.nextCheckAt, floor) : undefined,
            skipped.length > 0 ? sql`${slaInstances.id} <> all(${ids(skipped)})` : undefined,
          ),
          chunkSize,
          lockedOut,
        );
        if (due.length > 0) floor = due[due.length - 1]!.nextCheckAt;
        return due.length;
      });
      if (taken === 0) break;
      result.chunks += 1;
      await options.onChunk?.(taken, performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, workers) }, work));
  // One more look at the instances left because their ticket was locked: most often the other
  // worker held it for another of its clocks (a stage's response and resolution limits fall due
  // together), and it has committed by now. Still SKIP LOCKED: a ticket held elsewhere (another
  // process, a change under way) stays for the next sweep.
  const retry = lockedOut.splice(0);
  if (retry.length > 0) {
    const due = await deps.db.transaction((tx) =>
      sweepDue(tx, sql`${slaInstances.id} = any(${ids(retry)})`, retry.length, []),
    );
    // counted as skipped when first left; the sweep above counted again those still held
    result.skipped -= due.length;
    if (due.length > 0) result.chunks += 1;
  }
  memo.org = org;
  return result;
}

/** See `runEscalationSweep`'s `memo`. */
export type SweepMemo = {
  org: Org | null;
  configs: Map<number, DeskConfig>;
  calendars: Map<string, WorkCalendar>;
};

export const newSweepMemo = (): SweepMemo => ({ org: null, configs: new Map(), calendars: new Map() });

type ChunkContext = {
  org: Org;
  configs: Map<number, DeskConfig>;
  calendars: Map<string, WorkCalendar>;
  /** Instances this sweep does not take again (the chunk scans exclude them). */
  skipped: number[];
  /** …of those, the ones whose ticket another transaction held. */
  lockedOut: number[];
  result: SweepResult;
};

async function sweepChunk(
  tx: Tx,
  deps: Deps,
  at: Date,
  due: SlaInstanceRow[],
  ctx: ChunkContext,
): Promise<void> {
  const atIso = at.toISOString();
  const ticketIds = [...new Set(due.map((d) => d.ticketId))].sort();
  // In id order and without waiting: a ticket changed right now is left for the next pass.
  const locked: SweepTicket[] = await tx
    .select({
      id: tickets.id,
      number: tickets.number,
      customerId: tickets.customerId,
      ticketType: tickets.ticketType,
      severity: tickets.severity,
      priority: tickets.priority,
      name: tickets.name,
      status: tickets.status,
      stageCode: tickets.stageCode,
      departmentCode: tickets.departmentCode,
      assigneeId: tickets.assigneeId,
      accountManagerId: tickets.accountManagerId,
      regionCode: tickets.regionCode,
      tier: tickets.tier,
      updatedAt: tickets.updatedAt,
    })
    .from(tickets)
    .where(sql`${tickets.id} = ${anyUuid(ticketIds)}`)
    .orderBy(tickets.id)
    .for('update', { skipLocked: true });
  const ticketById = new Map(locked.map((t) => [t.id, t]));
  const names = new Map(
    (
      await tx
        .select({ id: customers.id, name: customers.name })
        .from(customers)
        .where(sql`${customers.id} = ${anyUuid([...new Set(locked.map((t) => t.customerId))])}`)
    ).map((c) => [c.id, c.name]),
  );
  const events = await loadClockEvents(tx, [...ticketById.keys()], at);
  for (const v of new Set(due.map((d) => d.deskConfigVersion))) {
    if (!ctx.configs.has(v)) {
      const [row] = await tx
        .select({ document: deskConfigVersions.document })
        .from(deskConfigVersions)
        .where(eq(deskConfigVersions.version, v));
      if (row) ctx.configs.set(v, row.document as DeskConfig);
    }
  }
  const updates: Record<string, unknown>[] = [];
  const fired: Fired[] = [];
  for (const inst of due) {
    const ticket = ticketById.get(inst.ticketId);
    if (!ticket) {
      ctx.skipped.push(inst.id);
      ctx.lockedOut.push(inst.id);
      ctx.result.skipped += 1;
      continue;
    }
    if (ticket.updatedAt.getTime() > at.getTime()) {
      // A sweep as of an instant before the ticket's last change (`sweep --at` in the past): its
      // history goes on after `at`, and the clock as it stood then (paused, say) must not replace
      // the checks its later events set. Left alone; a sweep as of now fires its steps.
      ctx.skipped.push(inst.id);
      ctx.result.skipped += 1;
      continue;
    }
    ctx.result.due += 1;
    const doc = ctx.configs.get(inst.deskConfigVersion);
    const def = doc?.definitions.find((d) => d.code === inst.definitionCode);
    if (!doc || !def) {
      updates.push({
        id: inst.id,
        level: inst.escalationLevel,
        next_check_at: null,
        stage: inst.stage,
        elapsed: inst.elapsedMinutes,
        target_at: inst.targetAt,
        breached: inst.breached,
        breached_at: inst.breachedAt,
        provisional: inst.provisional,
      });
      continue;
    }
    let cal = ctx.calendars.get(ticket.regionCode);
    if (!cal) {
      cal = await deps.calendars.get(tx, ticket.regionCode);
      ctx.calendars.set(ticket.regionCode, cal);
    }
    const clock = storedClock(inst.clock);
    const cycle = computeCycles(def, events.get(ticket.id) ?? [], inst.limitMinutes, cal, clock, atIso).find(
      (c) => c.cycle === inst.cycle,
    );
    if (!cycle) {
      // The cycle starts after `at` (a sweep evaluated in the past): nothing to do as of then.
      ctx.skipped.push(inst.id);
      continue;
    }
    const plan = planEscalation(def.ladder, cycle, inst.escalationLevel, atIso, cal, clock);
    let level = inst.escalationLevel;
    const stage =
      def.kind === 'internal'
        ? doc.stages.find((s) => s.code === def.stageCode)
        : doc.stages.find((s) => s.code === ticket.stageCode);
    // A department limit belongs to its stage's department; the customer's SLA to whoever holds
    // the ticket now (an earlier step may have reassigned it).
    const owning =
      def.kind === 'internal' ? (inst.departmentCode ?? ticket.departmentCode) : ticket.departmentCode;
    for (const { step, dueAt } of plan.due) {
      level = Math.max(level, step.level);
      const recipients = new Map<string, UserRow>();
      for (const target of step.notify)
        for (const u of resolveTarget(ctx.org, target, ticket, owning)) recipients.set(u.id, u);
      // A reassign step also tells the receiving side: its head, else everyone of its queue.
      if (step.reassignTo) {
        const head = resolveTarget(ctx.org, 'department_head', ticket, step.reassignTo);
        const receiving =
          head.length > 0 ? head : resolveTarget(ctx.org, `department:${step.reassignTo}`, ticket, owning);
        for (const u of receiving) recipients.set(u.id, u);
      }
      const text = describeEscalation({
        customerName: names.get(ticket.customerId) ?? ticket.customerId,
        tier: ticket.tier,
        ticketType: ticket.ticketType as TicketType,
        ticketNumber: ticket.number,
        stageName: stage?.name ?? ticket.stageCode,
        definitionName: def.name,
        kind: def.kind,
        measure: def.measure ?? 'resolution',
        atPercent: step.atPercent,
        limitMinutes: inst.limitMinutes,
        elapsedMinutes: cycle.elapsedMinutes,
        level: step.level,
      });
      fired.push({
        instance: inst,
        ticket,
        step,
        dueAt,
        recipients: [...recipients.values()],
        ...text,
        percent: Math.round(cycle.percent * 10) / 10,
        lateMinutes: Math.max(0, Math.floor(cycle.elapsedMinutes - inst.limitMinutes)),
        elapsedMinutes: Math.floor(cycle.elapsedMinutes),
        definitionName: def.name,
      });
    }
    updates.push({
      id: inst.id,
      level,
      next_check_at: plan.nextCheckAt,
      stage: cycle.stage,
      elapsed: Math.floor(cycle.elapsedMinutes),
      target_at: cycle.targetAt,
      breached: cycle.breached,
      breached_at: cycle.breachedAt,
      provisional: cycle.provisional,
    });
  }
  const inserted = new Set<string>();
  if (fired.length > 0) {
    const rows = await queryRows<{ slaInstanceId: string; level: number }>(
      tx,
      sql`insert into ticket_escalations (ticket_id, sla_instance_id, level, threshold_percent, due_at, fired_at,
            actions, recipients, reassigned_to)
          select x.ticket_id, x.sla_instance_id, x.level, x.threshold_percent, x.due_at, ${atIso}::timestamptz,
            x.actions, x.recipients, x.reassigned_to
          from jsonb_to_recordset(${json(
            fired.map((f) => ({
              ticket_id: f.ticket.id,
              sla_instance_id: f.instance.id,
              level: f.step.level,
              threshold_percent: Math.round(f.step.atPercent),
              due_at: f.dueAt,
              actions: [
                ...f.step.notify.map((target) => ({ kind: 'notify', target })),
                ...(f.step.escalate ? [{ kind: 'escalate' }] : []),
                ...(f.step.reassignTo ? [{ kind: 'reassign', target: f.step.reassignTo }] : []),
              ],
              recipients: f.recipients.map((u) => ({ id: u.id, name: u.name })),
              reassigned_to: f.step.reassignTo ?? null,
            })),
          )}) as x(ticket_id uuid, sla_instance_id bigint, level int, threshold_percent int, due_at timestamptz,
            actions jsonb, recipients jsonb, reassigned_to text)
          on conflict (sla_instance_id, level) do nothing
          returning sla_instance_id::text as "slaInstanceId", level`,
    );
    for (const r of rows) inserted.add(`${r.slaInstanceId}#${r.level}`);
  }
  const acted = fired.filter((f) => inserted.has(`${f.instance.id}#${f.step.level}`));
  ctx.result.fired += acted.length;
  const handovers = planHandovers(ctx.org, acted);

  if (acted.length > 0) {
    const notes: NewNotification[] = acted.flatMap((f) =>
      f.recipients.map((u) => ({
        userId: u.id,
        kind: f.step.atPercent >= 100 ? 'breach' : 'escalation',
        title: f.title,
        body: f.body,
        entity: 'ticket',
        entityId: f.ticket.id,
        data: {
          ticketNumber: f.ticket.number,
          definitionCode: f.instance.definitionCode,
          slaInstanceId: f.instance.id,
          level: f.step.level,
          thresholdPercent: f.step.atPercent,
          percent: f.percent,
          lateMinutes: f.lateMinutes,
        },
      })),
    );
    // (not `+= await`: that reads the counter before the other worker's chunk adds to it)
    const notified = await notify(tx, notes, at);
    ctx.result.notified += notified;

    // The ticket's timeline: an `escalation` event for each step that changes the ticket (raises
    // its level, marks the breach, reassigns it). A notify-only step (50 % → owner) changes nothing
    // on the ticket; it stays in ticket_escalations, which the ticket page lists too.
    const changing = acted.filter((f) => f.step.escalate || f.step.atPercent >= 100 || !!f.step.reassignTo);
    if (changing.length > 0)
      await tx.execute(
        sql`insert into ticket_events (ticket_id, at, kind, status, stage_code, department_code, actor_id, actor_name, reason, data)
          select x.ticket_id, ${atIso}::timestamptz, 'escalation', x.status, x.stage_code, x.department_code, null,
            ${ACTOR.name}, x.reason, x.data
          from jsonb_to_recordset(${json(
            changing.map((f) => ({
              ticket_id: f.ticket.id,
              status: f.ticket.status,
              stage_code: f.ticket.stageCode,
              department_code: handovers.get(f.ticket.id)?.to.departmentCode ?? f.ticket.departmentCode,
              reason: f.body,
              data: {
                level: f.step.level,
                percent: f.step.atPercent,
                definitionCode: f.instance.definitionCode,
                lateMinutes: f.lateMinutes,
                elapsedMinutes: f.elapsedMinutes,
                limitMinutes: f.instance.limitMinutes,
                recipients: f.recipients.map((u) => u.id),
                ...(f.step.reassignTo ? { reassignedTo: f.step.reassignTo } : {}),
              },
            })),
          )}) as x(ticket_id uuid, status text, stage_code text, department_code text, reason text, data jsonb)`,
      );
    // Webhooks: only when someone subscribes (enqueueEvent would find nobody anyway).
    const [subscribed] = await tx
      .select({ id: hubSubscriptions.id })
      .from(hubSubscriptions)
      .where(eq(hubSubscriptions.api, 'troubleTicket'))
      .limit(1);
    if (subscribed) {
      for (const f of acted) {
        await enqueueEvent(tx, {
          api: 'troubleTicket',
          eventType: 'TroubleTicketEscalationEvent',
          resource: {
            id: f.ticket.id,
            href: `/tmf-api/troubleTicket/v5/troubleTicket/${f.ticket.id}`,
            '@type': 'TroubleTicket',
            name: f.ticket.name,
            ticketType: f.ticket.ticketType,
            status: f.ticket.status,
            severity: f.ticket.severity,
            priority: String(f.ticket.priority),
            externalId: f.ticket.number,
            escalation: {
              definitionCode: f.instance.definitionCode,
              definitionName: f.definitionName,
              level: f.step.level,
              thresholdPercent: f.step.atPercent,
              limitMinutes: f.instance.limitMinutes,
              elapsedMinutes: f.elapsedMinutes,
              lateMinutes: f.lateMinutes,
              dueAt: f.dueAt,
              reassignedTo: f.step.reassignTo ?? null,
            },
          },
          at,
          title: f.title,
          description: f.body,
        });
      }
    }

    // The audit log, one entry per step (writeAudit's columns, written as one statement).
    await tx.execute(
      sql`insert into audit_log (at, actor_id, actor_name, action, entity, entity_id, after, reason, request_id)
          select ${atIso}::timestamptz, null, ${ACTOR.name}, 'escalate', 'ticket', x.entity_id, x.after, x.reason, null
          from jsonb_to_recordset(${json(
            acted.map((f) => ({
              entity_id: f.ticket.id,
              reason: f.body,
              after: {
                slaInstanceId: f.instance.id,
                definitionCode: f.instance.definitionCode,
                level: f.step.level,
                thresholdPercent: f.step.atPercent,
                dueAt: f.dueAt,
                escalate: f.step.escalate,
                recipients: f.recipients.map((u) => u.id),
                reassignedTo: f.step.reassignTo ?? null,
                lateMinutes: f.lateMinutes,
              },
            })),
          )}) as x(entity_id text, after jsonb, reason text)`,
    );
    // Tickets: escalation level (steps with `escalate`), breach, hand-over (department and assignee).
    const perTicket = new Map<
      string,
      { level: number; breached: boolean; handover: boolean; dept: string | null; assignee: string | null }
    >();
    for (const f of changing) {
      const t = perTicket.get(f.ticket.id) ?? {
        level: 0,
        breached: false,
        handover: false,
        dept: null,
        assignee: null,
      };
      if (f.step.escalate) t.level = Math.max(t.level, f.step.level);
      if (f.step.atPercent >= 100) t.breached = true;
      const h = handovers.get(f.ticket.id);
      if (h) Object.assign(t, { handover: true, dept: h.to.departmentCode, assignee: h.to.assigneeId });
      perTicket.set(f.ticket.id, t);
    }
    if (perTicket.size > 0)
      await tx.execute(sql`
      update tickets t set
        escalation_level = greatest(t.escalation_level, v.level),
        breached = t.breached or v.breached,
        department_code = case when v.handover then v.dept else t.department_code end,
        assignee_id = case when v.handover then v.assignee else t.assignee_id end,
        updated_at = ${at.toISOString()}::timestamptz
      from jsonb_to_recordset(${json([...perTicket].map(([id, t]) => ({ id, ...t })))})
        as v(id uuid, level int, breached boolean, handover boolean, dept text, assignee uuid)
      where t.id = v.id`);
    if (handovers.size > 0) await recordHandovers(tx, at, [...handovers.values()], !!subscribed);
  }
  if (updates.length > 0) {
    await tx.execute(sql`
      update sla_instances s set
        escalation_level = greatest(s.escalation_level, v.level),
        next_check_at = v.next_check_at,
        stage = v.stage,
        elapsed_minutes = v.elapsed,
        target_at = v.target_at,
        breached = v.breached,
        breached_at = v.breached_at,
        provisional = v.provisional,
        evaluated_at = ${at.toISOString()}::timestamptz
      from jsonb_to_recordset(${json(updates)})
        as v(id bigint, level int, next_check_at timestamptz, stage text, elapsed int, target_at timestamptz,
          breached boolean, breached_at timestamptz, provisional boolean)
      where s.id = v.id`);
  }
}

type Handover = { fired: Fired; from: TicketHolder; to: TicketHolder; assigneeName: string | null };

/**
 * The tickets the reassign steps just fired hand over, each to the last step's department and its
 * head (or its queue): the steps in firing order, per ticket.
 */
function planHandovers(org: Org, acted: readonly Fired[]): Map<string, Handover> {
  const steps = new Map<string, Fired[]>();
  for (const f of acted)
    if (f.step.reassignTo) steps.set(f.ticket.id, [...(steps.get(f.ticket.id) ?? []), f]);
  const headOf = (code: string) => {
    const headId = org.departments.get(code)?.headId;
    return headId && org.users.has(headId) ? headId : null; // an inactive head holds nothing
  };
  const out = new Map<string, Handover>();
  for (const [ticketId, list] of steps) {
    const last = list[list.length - 1]!;
    const from = { departmentCode: last.ticket.departmentCode, assigneeId: last.ticket.assigneeId };
    const to = planHandover(
      from,
      list.map((f) => f.step.reassignTo),
      headOf,
    );
    if (!to) continue;
    const assigneeName = to.assigneeId ? (org.users.get(to.assigneeId)?.name ?? null) : null;
    out.set(ticketId, { fired: last, from, to, assigneeName });
  }
  return out;
}

/**
 * The hand-overs of this chunk, after the ticket rows changed: an `assign` event each (the
 * timeline shows it like a manual assignment), the audit entry, and the TMF621
 * AttributeValueChange event a manual reassignment queues — in the sweep's transaction.
 */
async function recordHandovers(tx: Tx, at: Date, handovers: Handover[], subscribed: boolean): Promise<void> {
  const atIso = at.toISOString();
  const reasonOf = (h: Handover) =>
    `升级改派:${h.from.departmentCode} → ${h.to.departmentCode}` +
    `(${h.assigneeName ? `部门负责人 ${h.assigneeName}` : '无部门负责人,进入部门队列'});` +
    `${h.fired.definitionName} 达时限 ${h.fired.step.atPercent}%`;
  await tx.execute(
    sql`insert into ticket_events (ticket_id, at, kind, status, stage_code, department_code, actor_id, actor_name, reason, data)
      select x.ticket_id, ${atIso}::timestamptz, 'assign', x.status, x.stage_code, x.department_code, null,
        ${ACTOR.name}, x.reason, x.data
      from jsonb_to_recordset(${json(
        handovers.map((h) => ({
          ticket_id: h.fired.ticket.id,
          status: h.fired.ticket.status,
          stage_code: h.fired.ticket.stageCode,
          department_code: h.to.departmentCode,
          reason: reasonOf(h),
          data: {
            from: h.from.assigneeId,
            to: h.to.assigneeId,
            assigneeName: h.assigneeName,
            fromDepartment: h.from.departmentCode,
            department: h.to.departmentCode,
            escalation: {
              slaInstanceId: h.fired.instance.id,
              definitionCode: h.fired.instance.definitionCode,
              level: h.fired.step.level,
            },
          },
        })),
      )}) as x(ticket_id uuid, status text, stage_code text, department_code text, reason text, data jsonb)`,
  );
  await tx.execute(
    sql`insert into audit_log (at, actor_id, actor_name, action, entity, entity_id, before, after, reason, request_id)
      select ${atIso}::timestamptz, null, ${ACTOR.name}, 'assign', 'ticket', x.entity_id, x.before, x.after, x.reason, null
      from jsonb_to_recordset(${json(
        handovers.map((h) => ({
          entity_id: h.fired.ticket.id,
          before: h.from,
          after: {
            ...h.to,
            slaInstanceId: h.fired.instance.id,
            definitionCode: h.fired.instance.definitionCode,
            level: h.fired.step.level,
          },
          reason: reasonOf(h),
        })),
      )}) as x(entity_id text, before jsonb, after jsonb, reason text)`,
  );
  if (!subscribed) return;
  for (const h of handovers) {
    const id = h.fired.ticket.id;
    await enqueueEvent(tx, {
      api: 'troubleTicket',
      eventType: 'TroubleTicketAttributeValueChangeEvent',
      resource: () => loadTmfTicket(tx, id, at, ''),
      at,
      title: 'TroubleTicketAttributeValueChangeEvent',
      description: `department ${h.from.departmentCode} → ${h.to.departmentCode}, assignee (escalation)`,
    });
  }
}
