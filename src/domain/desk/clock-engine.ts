/**
 * The SLA clock engine (PRODUCT.md §7 "SLA clocks", issue 5 item 2): the cycles of one SLA
 * definition on one ticket, computed from the ticket's status/stage history only — no stored
 * counters — so a definition or calendar change can recompute any open ticket.
 *
 * The model is ServiceNow's task SLA: a cycle starts when the start condition holds (and neither
 * stop nor cancel does); it is paused while the pause condition holds (unless resume holds), it
 * completes when the stop condition holds and is cancelled when the cancel condition holds. An
 * internal (per-stage) definition also needs the ticket in its stage: leaving the stage completes
 * the cycle, re-entering starts a new one. After a cycle ended, a new one starts as soon as the
 * conditions hold again (a reopened ticket gets a new customer cycle). A per-stage *response*
 * definition also completes when the ticket gets an assignee in the stage (taken, 接单). Elapsed time counts only
 * the running intervals, measured on the clock (7×24, or business hours on working days with
 * make-up days) with `clockMinutesBetween`; instants come from `addClockMinutes`.
 */
import type { WorkCalendar } from '../calendar/calendar.ts';
import { addClockMinutes, type Clock, clockMinutesBetween } from '../calendar/clock.ts';
import { DEFAULT_BUSINESS_HOURS } from '../calendar/deadline.ts';
import type { Condition, SlaDefinition, TicketStatus } from './config.ts';

/**
 * The state of the ticket after one event of its history (`at` a UTC ISO instant); `assigned`:
 * someone holds it (an assignee), which completes a stage's response clock (absent: not assigned).
 */
export type ClockEvent = { at: string; status: TicketStatus; stageCode: string; assigned?: boolean };

/** A stored event as the clock loader reads it: its kind and, for `assign`, the new assignee. */
export type StoredClockEvent = {
  at: string;
  kind: string;
  status: TicketStatus;
  stageCode: string;
  assignTo: string | null;
};

/**
 * The clock events of a ticket's stored history (in order): whether someone holds the ticket is
 * folded from its events — an `assign` sets or clears the assignee, a `stage` hand-over clears it
 * (the next department has to take it), anything else keeps it; a ticket starts unassigned.
 *
 * @example
 * toClockEvents([
 *   { at: 'T1', kind: 'create', status: 'acknowledged', stageCode: 'ops', assignTo: null },
 *   { at: 'T2', kind: 'assign', status: 'acknowledged', stageCode: 'ops', assignTo: 'u1' },
 *   { at: 'T3', kind: 'stage', status: 'inProgress', stageCode: 'field', assignTo: null },
 * ]).map((e) => e.assigned); // [false, true, false]
 */
export function toClockEvents(rows: readonly StoredClockEvent[]): ClockEvent[] {
  let assigned = false;
  return rows.map((r) => {
    if (r.kind === 'assign') assigned = r.assignTo !== null;
    else if (r.kind === 'stage') assigned = false;
    return { at: r.at, status: r.status, stageCode: r.stageCode, assigned };
  });
}

export type CycleStage = 'inProgress' | 'paused' | 'completed' | 'cancelled';

/** One running interval; `to` null while it still runs (up to `now`). */
export type RunningSegment = { from: string; to: string | null };

export type ClockCycle = {
  /** 1, 2, … in order of start. */
  cycle: number;
  stage: CycleStage;
  startedAt: string;
  /** When it completed or was cancelled; null while open. */
  stoppedAt: string | null;
  segments: RunningSegment[];
  limitMinutes: number;
  /** Clock minutes run up to `now` (fractional when instants carry seconds). */
  elapsedMinutes: number;
  /** limit − elapsed (negative when late). */
  remainingMinutes: number;
  /** elapsed / limit × 100. */
  percent: number;
  /**
   * When elapsed reaches the limit: the breach instant once breached; while running, the instant
   * it will be reached if it keeps running; while paused, if it resumed at `now`; null once
   * stopped without a breach.
   */
  targetAt: string | null;
  breached: boolean;
  breachedAt: string | null;
  /**
   * The elapsed time or the target reaches past the loaded calendar horizon (business clocks only):
   * an estimate until the official schedule of that year is imported, which recomputes it.
   */
  provisional: boolean;
};

/** The clock a definition's `clock` names. */
export function clockOf(kind: '24x7' | 'business'): Clock {
  return kind === '24x7' ? { kind: '24x7' } : DEFAULT_BUSINESS_HOURS;
}

/**
 * Whether a condition holds for a state: each of `statuses` / `stages` given must contain it.
 *
 * @example
 * conditionHolds({ statuses: ['pending'] }, { status: 'pending', stageCode: 'ops' }); // true
 * conditionHolds({}, { status: 'resolved', stageCode: 'ops' }); // true (empty matches anything)
 */
export function conditionHolds(c: Condition | null | undefined, s: Pick<ClockEvent, 'status' | 'stageCode'>) {
  if (!c) return false;
  if (c.statuses && c.statuses.length > 0 && !c.statuses.includes(s.status)) return false;
  if (c.stages && c.stages.length > 0 && !c.stages.includes(s.stageCode)) return false;
  return true;
}

/** An empty-or-absent condition on pause/stop/cancel/resume means "never" (start: "always"). */
function active(c: Condition | null | undefined): boolean {
  return !!c && ((c.statuses?.length ?? 0) > 0 || (c.stages?.length ?? 0) > 0);
}

type Mode = 'idle' | 'running' | 'paused';

/** What a state means for the definition: no cycle, a running one, a paused one, stop, cancel. */
function modeOf(def: SlaDefinition, s: ClockEvent): 'cancel' | 'stop' | 'pause' | 'run' | 'out' {
  const inStage = def.kind !== 'internal' || !def.stageCode || s.stageCode === def.stageCode;
  if (active(def.cancel) && conditionHolds(def.cancel, s)) return 'cancel';
  if (!inStage) return 'out';
  if (active(def.stop) && conditionHolds(def.stop, s)) return 'stop';
  // a response clock is met once someone in the stage holds the ticket
  if (def.kind === 'internal' && def.measure === 'response' && s.assigned) return 'stop';
  if (
    active(def.pause) &&
    conditionHolds(def.pause, s) &&
    !(active(def.resume) && conditionHolds(def.resume, s))
  ) {
    return 'pause';
  }
  return 'run';
}

type Draft = {
  cycle: number;
  startedAt: string;
  stoppedAt: string | null;
  stage: CycleStage;
  segments: RunningSegment[];
};

/**
 * The cycles of `def` on a ticket whose history is `events` (in order), as of `now` (events after
 * `now` are ignored), with a limit of `limitMinutes` on `clock` and the calendar `cal`.
 *
 * @example
 * // 24×7, 240 min: opened 09:00, pending 10:00–11:00, asked at 12:00 → 120 min run, 50 %
 * computeCycles(def, [
 *   { at: '2025-03-03T01:00:00Z', status: 'acknowledged', stageCode: 'ops' },
 *   { at: '2025-03-03T02:00:00Z', status: 'pending', stageCode: 'ops' },
 *   { at: '2025-03-03T03:00:00Z', status: 'inProgress', stageCode: 'ops' },
 * ], 240, cal, { kind: '24x7' }, '2025-03-03T04:00:00.000Z')[0]; // { elapsedMinutes: 120, percent: 50, stage: 'inProgress', … }
 */
export function computeCycles(
  def: SlaDefinition,
  events: readonly ClockEvent[],
  limitMinutes: number,
  cal: WorkCalendar,
  clock: Clock,
  now: string,
): ClockCycle[] {
  const nowMs = Date.parse(now);
  const drafts: Draft[] = [];
  let current: Draft | null = null;
  let mode: Mode = 'idle';
  for (const e of events) {
    if (Date.parse(e.at) > nowMs) break;
    const m = modeOf(def, e);
    if (mode === 'idle') {
      if ((m === 'run' || m === 'pause') && conditionHolds(def.start ?? {}, e)) {
        current = {
          cycle: drafts.length + 1,
          startedAt: e.at,
          stoppedAt: null,
          stage: 'inProgress',
          segments: [],
        };
        drafts.push(current);
        if (m === 'run') {
          startRunning(current, e.at);
          mode = 'running';
        } else {
          current.stage = 'paused';
          mode = 'paused';
        }
      }
      continue;
    }
    const cur = current!;
    if (m === 'cancel' || m === 'stop' || m === 'out') {
      stopRunning(cur, e.at);
      cur.stoppedAt = e.at;
      cur.stage = m === 'cancel' ? 'cancelled' : 'completed';
      current = null;
      mode = 'idle';
    } else if (m === 'pause' && mode === 'running') {
      stopRunning(cur, e.at);
      cur.stage = 'paused';
      mode = 'paused';
    } else if (m === 'run' && mode === 'paused') {
      startRunning(cur, e.at);
      cur.stage = 'inProgress';
      mode = 'running';
    }
  }
  return drafts.map((d) => finish(d, limitMinutes, cal, clock, now));
}

function startRunning(d: Draft, at: string): void {
  d.segments.push({ from: at, to: null });
}

function stopRunning(d: Draft, at: string): void {
  const last = d.segments[d.segments.length - 1];
  if (last && last.to === null) last.to = at;
}

function finish(d: Draft, limitMinutes: number, cal: WorkCalendar, clock: Clock, now: string): ClockCycle {
  let elapsed = 0;
  let breachedAt: string | null = null;
  let openFrom: string | null = null;
  let elapsedBeforeOpen = 0;
  let provisional = false;
  let r: { at: string; provisional: boolean };
  for (const seg of d.segments) {
    const to = seg.to ?? now;
    const span = clockMinutesBetween(cal, clock, seg.from, to);
    const minutes = span.minutes;
    provisional ||= span.provisional;
    if (breachedAt === null && elapsed + minutes >= limitMinutes && limitMinutes >= 0) {
      r = addClockMinutes(cal, clock, seg.from, Math.max(limitMinutes - elapsed, 0));
      provisional ||= r.provisional;
      breachedAt = r.at;
    }
    if (seg.to === null) {
      openFrom = seg.from;
      elapsedBeforeOpen = elapsed;
    }
    elapsed += minutes;
  }
  const breached = breachedAt !== null;
  let targetAt: string | null = breachedAt;
  if (!breached) {
    if (d.stage === 'inProgress' && openFrom !== null) {
      r = addClockMinutes(cal, clock, openFrom, limitMinutes - elapsedBeforeOpen);
      provisional ||= r.provisional;
      targetAt = r.at;
    } else if (d.stage === 'paused') {
      r = addClockMinutes(cal, clock, now, limitMinutes - elapsed);
      provisional ||= r.provisional;
      targetAt = r.at;
    }
  }
  return {
    cycle: d.cycle,
    stage: d.stage,
    startedAt: d.startedAt,
    stoppedAt: d.stoppedAt,
    segments: d.segments,
    limitMinutes,
    elapsedMinutes: elapsed,
    remainingMinutes: limitMinutes - elapsed,
    percent: limitMinutes > 0 ? (elapsed / limitMinutes) * 100 : 100,
    targetAt,
    breached,
    breachedAt,
    provisional,
  };
}

/** What `expectedResolutionAt` reads of a ticket's clocks. */
export type ResolutionClock = {
  kind: 'customer' | 'internal';
  stage: CycleStage;
  targetAt: string | null;
};

/**
 * The instant a ticket is expected to be resolved for the customer (TMF621 `expectedResolutionDate`,
 * PRODUCT.md §7 "SLA clocks"): the target of the customer's SLA (`kind: customer` — restore a fault,
 * handle a complaint, answer an inquiry), never a department's internal limit (the front desk's
 * 15-minute dispatch limit says nothing about when the customer is served). Only open cycles count
 * (running, or paused with the target as if resumed now); with several customer clocks the latest,
 * since the ticket is resolved once each is met. Null when no customer clock is open.
 *
 * @example
 * expectedResolutionAt([
 *   { kind: 'internal', stage: 'inProgress', targetAt: '2025-03-03T01:15:00.000Z' }, // ola_frontdesk
 *   { kind: 'customer', stage: 'inProgress', targetAt: '2025-03-03T07:00:00.000Z' }, // customer_restore
 * ]); // '2025-03-03T07:00:00.000Z'
 */
export function expectedResolutionAt(clocks: readonly ResolutionClock[]): string | null {
  let latest: string | null = null;
  for (const c of clocks) {
    if (c.kind !== 'customer' || c.targetAt === null) continue;
    if (c.stage !== 'inProgress' && c.stage !== 'paused') continue;
    if (latest === null || Date.parse(c.targetAt) > Date.parse(latest)) latest = c.targetAt;
  }
  return latest;
}

/**
 * The instant a cycle's elapsed time reaches `minutes`: in the past when it already did, in the
 * future when the cycle runs now (assuming it keeps running), null when it has not and is paused
 * or stopped.
 *
 * @example
 * // a 24×7 cycle running since 09:00 Shanghai with nothing run before: 45 min → 09:45
 * instantOfElapsed(cycle, 45, cal, { kind: '24x7' }); // '2025-03-03T01:45:00.000Z'
 */
export function instantOfElapsed(
  cycle: Pick<ClockCycle, 'segments'>,
  minutes: number,
  cal: WorkCalendar,
  clock: Clock,
  now: string,
): string | null {
  let before = 0;
  for (const seg of cycle.segments) {
    const span = clockMinutesBetween(cal, clock, seg.from, seg.to ?? now).minutes;
    if (seg.to === null || before + span >= minutes) {
      return addClockMinutes(cal, clock, seg.from, Math.max(minutes - before, 0)).at;
    }
    before += span;
  }
  return null;
}
