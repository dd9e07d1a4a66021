import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildCalendar } from '../calendar/calendar.ts';
import { shanghaiInstant } from '../calendar/dates.ts';
import { DEFAULT_BUSINESS_HOURS } from '../calendar/deadline.ts';
import { assertSchedule, calendarDataOf, parseScheduleJson } from '../calendar/schedule.ts';
import {
  type ClockEvent,
  computeCycles,
  expectedResolutionAt,
  instantOfElapsed,
  toClockEvents,
} from './clock-engine.ts';
import type { SlaDefinition, TicketStatus } from './config.ts';
import { DEFAULT_DESK_CONFIG } from './defaults.ts';

const dataDir = fileURLToPath(new URL('../../../data/calendars/', import.meta.url));
const cal = buildCalendar(
  calendarDataOf(
    readdirSync(dataDir)
      .filter((file) => /^\d{4}\.json$/.test(file))
      .map((file) =>
        assertSchedule(parseScheduleJson(JSON.parse(readFileSync(join(dataDir, file), 'utf8')))),
      ),
  ),
);
const always = { kind: '24x7' } as const;
/** Shanghai wall time `YYYY-MM-DD HH:MM` as a UTC ISO instant. */
const sh = (wall: string) => shanghaiInstant(wall.slice(0, 10), wall.slice(11, 16));
const def = (code: string): SlaDefinition => DEFAULT_DESK_CONFIG.definitions.find((d) => d.code === code)!;
const ev = (wall: string, status: TicketStatus, stageCode = 'ops'): ClockEvent => ({
  at: sh(wall),
  status,
  stageCode,
});

describe('computeCycles — 7×24 customer clock', () => {
  const restore = def('customer_restore');

  it('excludes the interval paused while pending', () => {
    const events = [
      ev('2025-03-03 09:00', 'acknowledged', 'frontdesk'),
      ev('2025-03-03 10:00', 'pending'),
      ev('2025-03-03 11:00', 'inProgress'),
    ];
    const [c] = computeCycles(restore, events, 240, cal, always, sh('2025-03-03 12:00'));
    expect(c).toMatchObject({
      cycle: 1,
      stage: 'inProgress',
      startedAt: sh('2025-03-03 09:00'),
      stoppedAt: null,
      elapsedMinutes: 120,
      remainingMinutes: 120,
      percent: 50,
      targetAt: sh('2025-03-03 14:00'),
      breached: false,
      breachedAt: null,
    });
  });

  it('is paused while pending, with the target as if resumed now', () => {
    const events = [ev('2025-03-03 09:00', 'acknowledged'), ev('2025-03-03 10:00', 'pending')];
    const [c] = computeCycles(restore, events, 240, cal, always, sh('2025-03-03 15:00'));
    expect(c).toMatchObject({ stage: 'paused', elapsedMinutes: 60, targetAt: sh('2025-03-03 18:00') });
  });

  it('breaches when elapsed reaches the limit, and says when', () => {
    const events = [ev('2025-03-03 09:00', 'acknowledged'), ev('2025-03-03 09:30', 'inProgress')];
    const [c] = computeCycles(restore, events, 90, cal, always, sh('2025-03-03 10:35'));
    expect(c).toMatchObject({
      elapsedMinutes: 95,
      remainingMinutes: -5,
      breached: true,
      breachedAt: sh('2025-03-03 10:30'),
      targetAt: sh('2025-03-03 10:30'),
    });
    expect(c!.percent).toBeCloseTo(105.56, 2);
  });

  it('stops on resolved and starts a new cycle on reopen', () => {
    const events = [
      ev('2025-03-03 09:00', 'acknowledged'),
      ev('2025-03-03 10:00', 'resolved'),
      ev('2025-03-03 12:00', 'closed'),
      ev('2025-03-04 09:00', 'reopened'),
    ];
    const cycles = computeCycles(restore, events, 240, cal, always, sh('2025-03-04 09:30'));
    expect(cycles.map((c) => [c.cycle, c.stage, c.elapsedMinutes, c.stoppedAt])).toEqual([
      [1, 'completed', 60, sh('2025-03-03 10:00')],
      [2, 'inProgress', 30, null],
    ]);
    expect(cycles[0]!.targetAt).toBeNull();
  });

  it('is cancelled by cancelled/rejected', () => {
    const events = [ev('2025-03-03 09:00', 'acknowledged'), ev('2025-03-03 09:20', 'cancelled')];
    const [c] = computeCycles(restore, events, 240, cal, always, sh('2025-03-03 12:00'));
    expect(c).toMatchObject({ stage: 'cancelled', elapsedMinutes: 20, stoppedAt: sh('2025-03-03 09:20') });
  });

  it('ignores events after now (evaluates as of any instant)', () => {
    const events = [ev('2025-03-03 09:00', 'acknowledged'), ev('2025-03-03 11:00', 'resolved')];
    const [c] = computeCycles(restore, events, 240, cal, always, sh('2025-03-03 10:00'));
    expect(c).toMatchObject({ stage: 'inProgress', elapsedMinutes: 60 });
  });

  it('does not start while the start condition fails', () => {
    const d: SlaDefinition = { ...restore, start: { statuses: ['inProgress'] } };
    const events = [ev('2025-03-03 09:00', 'acknowledged'), ev('2025-03-03 09:40', 'inProgress')];
    const [c] = computeCycles(d, events, 240, cal, always, sh('2025-03-03 10:00'));
    expect(c).toMatchObject({ startedAt: sh('2025-03-03 09:40'), elapsedMinutes: 20 });
  });
});

describe('computeCycles — internal per-stage clock', () => {
  const frontdesk = def('ola_frontdesk');

  it('stops when the ticket leaves the stage and starts a new cycle when it comes back', () => {
    const events = [
      ev('2025-03-03 09:00', 'acknowledged', 'frontdesk'),
      ev('2025-03-03 09:10', 'acknowledged', 'ops'),
      ev('2025-03-03 10:00', 'inProgress', 'frontdesk'),
      ev('2025-03-03 10:05', 'pending', 'frontdesk'),
      ev('2025-03-03 10:30', 'inProgress', 'frontdesk'),
    ];
    const cycles = computeCycles(frontdesk, events, 15, cal, always, sh('2025-03-03 10:40'));
    expect(cycles.map((c) => [c.cycle, c.stage, c.startedAt, c.elapsedMinutes])).toEqual([
      [1, 'completed', sh('2025-03-03 09:00'), 10],
      [2, 'inProgress', sh('2025-03-03 10:00'), 15],
    ]);
    expect(cycles[1]).toMatchObject({ breached: true, breachedAt: sh('2025-03-03 10:40') });
  });

  it('never starts for a ticket that does not enter the stage', () => {
    const events = [ev('2025-03-03 09:00', 'acknowledged', 'frontdesk')];
    expect(computeCycles(def('ola_ops'), events, 90, cal, always, sh('2025-03-03 12:00'))).toEqual([]);
  });
});

describe('computeCycles — business hours on the official calendar', () => {
  const kam = def('ola_kam');

  it('runs on the make-up working day Sunday 2025-01-26 and skips the Spring Festival 01-28…02-04', () => {
    // Friday 2025-01-24 17:00: 30 min on Friday, Saturday off, Sunday 01-26 is a working day (调休)
    const events = [ev('2025-01-24 17:00', 'acknowledged', 'kam')];
    const sunday = computeCycles(kam, events, 60, cal, DEFAULT_BUSINESS_HOURS, sh('2025-01-25 12:00'))[0]!;
    expect(sunday).toMatchObject({ elapsedMinutes: 30, targetAt: sh('2025-01-26 09:00') });
    // limit 1000: Fri 30 + Sun 450 + Mon 01-27 450 = 930 by Monday 17:30; the holiday runs to
    // 02-04, so the last 70 minutes run on Wednesday 02-05 08:30–09:40
    const [c] = computeCycles(kam, events, 1000, cal, DEFAULT_BUSINESS_HOURS, sh('2025-02-03 12:00'));
    expect(c).toMatchObject({ elapsedMinutes: 930, targetAt: sh('2025-02-05 09:40'), breached: false });
    const [late] = computeCycles(kam, events, 1000, cal, DEFAULT_BUSINESS_HOURS, sh('2025-02-05 10:00'));
    expect(late).toMatchObject({ elapsedMinutes: 1020, breached: true, breachedAt: sh('2025-02-05 09:40') });
  });

  it('counts nothing at night, at lunch or on a holiday', () => {
    const events = [ev('2025-01-27 11:00', 'acknowledged', 'kam')];
    const [c] = computeCycles(kam, events, 480, cal, DEFAULT_BUSINESS_HOURS, sh('2025-02-04 23:00'));
    // Monday 11:00–12:00 and 13:30–17:30 = 300 min; 01-28…02-04 holiday
    expect(c!.elapsedMinutes).toBe(300);
  });
});

describe('instantOfElapsed', () => {
  it('finds the crossing in a closed interval, in the running one, or null when paused short', () => {
    const restore = def('customer_restore');
    const events = [
      ev('2025-03-03 09:00', 'acknowledged'),
      ev('2025-03-03 09:20', 'pending'),
      ev('2025-03-03 09:50', 'inProgress'),
    ];
    const now = sh('2025-03-03 10:00');
    const [c] = computeCycles(restore, events, 90, cal, always, now);
    expect(instantOfElapsed(c!, 10, cal, always, now)).toBe(sh('2025-03-03 09:10'));
    expect(instantOfElapsed(c!, 45, cal, always, now)).toBe(sh('2025-03-03 10:15'));
    const [paused] = computeCycles(restore, events.slice(0, 2), 90, cal, always, now);
    expect(instantOfElapsed(paused!, 45, cal, always, now)).toBeNull();
  });
});

describe('computeCycles — provisional past the calendar horizon', () => {
  // Business hours on a calendar that knows only 2025: a target in 2026 is an estimate.
  const only2025 = buildCalendar({ years: [2025], entries: [] });
  const inquiry = def('customer_inquiry');

  it.each([
    ['a target inside the loaded year', '2025-06-03 09:00', 120, false],
    ['a target crossing into an unloaded year', '2025-12-31 16:00', 240, true],
  ] as const)('%s', (_, start, limit, provisional) => {
    const events = [ev(start, 'acknowledged', 'frontdesk')];
    const [c] = computeCycles(inquiry, events, limit, only2025, DEFAULT_BUSINESS_HOURS, sh(start));
    expect(c!.provisional).toBe(provisional);
  });

  it('is never provisional on 7×24', () => {
    const events = [ev('2025-12-31 16:00', 'acknowledged', 'frontdesk')];
    const [c] = computeCycles(inquiry, events, 24 * 60, only2025, always, sh('2025-12-31 16:00'));
    expect(c).toMatchObject({ provisional: false, targetAt: sh('2026-01-01 16:00') });
  });
});

describe('expectedResolutionAt — the customer-facing target', () => {
  const at = (wall: string) => sh(wall);
  it.each([
    ['no clock', [], null],
    [
      'the customer SLA, not the 15-minute front-desk limit',
      [
        { kind: 'internal', stage: 'inProgress', targetAt: at('2025-03-03 09:15') },
        { kind: 'customer', stage: 'inProgress', targetAt: at('2025-03-03 12:00') },
      ],
      at('2025-03-03 12:00'),
    ],
    [
      'a paused customer clock (pending): its target as if resumed',
      [{ kind: 'customer', stage: 'paused', targetAt: at('2025-03-03 18:00') }],
      at('2025-03-03 18:00'),
    ],
    [
      'stopped or cancelled cycles do not count',
      [
        { kind: 'customer', stage: 'completed', targetAt: at('2025-03-03 12:00') },
        { kind: 'customer', stage: 'cancelled', targetAt: at('2025-03-03 13:00') },
      ],
      null,
    ],
    [
      'only internal clocks: none',
      [{ kind: 'internal', stage: 'inProgress', targetAt: at('2025-03-03 09:15') }],
      null,
    ],
    [
      'several customer clocks: the latest',
      [
        { kind: 'customer', stage: 'inProgress', targetAt: at('2025-03-03 10:00') },
        { kind: 'customer', stage: 'inProgress', targetAt: at('2025-03-03 15:00') },
      ],
      at('2025-03-03 15:00'),
    ],
  ] as const)('%s', (_, clocks, expected) => {
    expect(expectedResolutionAt(clocks)).toBe(expected);
  });
});

describe('computeCycles — a stage’s response limit (响应/接单)', () => {
  const response = def('ola_ops_response');
  const resolution = def('ola_ops');
  type Row = Parameters<typeof toClockEvents>[0][number];
  const row = (wall: string, kind: string, stageCode: string, assignTo: string | null = null): Row => ({
    at: sh(wall),
    kind,
    status: kind === 'create' ? 'acknowledged' : 'inProgress',
    stageCode,
    assignTo,
  });
  // a fault handed to ops at 09:15, taken by an engineer at 09:23, handed to field at 10:40
  const history = toClockEvents([
    row('2025-03-03 09:00', 'create', 'frontdesk'),
    row('2025-03-03 09:05', 'assign', 'frontdesk', 'desk-1'),
    row('2025-03-03 09:15', 'stage', 'ops'),
    row('2025-03-03 09:20', 'note', 'ops'),
    row('2025-03-03 09:23', 'assign', 'ops', 'noc-1'),
    row('2025-03-03 10:40', 'stage', 'field'),
  ]);

  it('folds who holds the ticket from its events: a hand-over clears the assignee', () => {
    expect(history.map((e) => e.assigned)).toEqual([false, true, false, false, true, false]);
  });

  it('runs from the hand-over until someone in the stage takes the ticket', () => {
    const [c] = computeCycles(response, history, 10, cal, always, sh('2025-03-03 11:00'));
    expect(c).toMatchObject({
      stage: 'completed',
      startedAt: sh('2025-03-03 09:15'),
      stoppedAt: sh('2025-03-03 09:23'),
      elapsedMinutes: 8,
      breached: false,
    });
    // the stage's resolution limit keeps running until the ticket leaves the stage
    const [r] = computeCycles(resolution, history, 90, cal, always, sh('2025-03-03 11:00'));
    expect(r).toMatchObject({ stage: 'completed', stoppedAt: sh('2025-03-03 10:40'), elapsedMinutes: 85 });
  });

  it('breaches when nobody takes it in time, and says when (seed 000: 超出规定响应时限)', () => {
    const untaken = history.slice(0, 4);
    const [c] = computeCycles(response, untaken, 10, cal, always, sh('2025-03-03 09:40'));
    expect(c).toMatchObject({
      stage: 'inProgress',
      elapsedMinutes: 25,
      breached: true,
      breachedAt: sh('2025-03-03 09:25'),
    });
  });

  it('is met by passing the ticket on, and starts again when the ticket is handed back untaken', () => {
    const events = toClockEvents([
      row('2025-03-03 09:00', 'create', 'frontdesk'),
      row('2025-03-03 09:10', 'stage', 'ops'),
      row('2025-03-03 09:14', 'stage', 'field'),
      row('2025-03-03 09:30', 'stage', 'ops'),
      row('2025-03-03 09:33', 'assign', 'ops', 'noc-1'),
      row('2025-03-03 09:50', 'assign', 'ops', null), // put back in the queue
    ]);
    const cycles = computeCycles(response, events, 10, cal, always, sh('2025-03-03 10:00'));
    expect(cycles.map((c) => [c.stage, c.startedAt, c.elapsedMinutes])).toEqual([
      ['completed', sh('2025-03-03 09:10'), 4],
      ['completed', sh('2025-03-03 09:30'), 3],
      ['inProgress', sh('2025-03-03 09:50'), 10],
    ]);
  });

  it('does not stop a resolution limit or a customer clock when the ticket is taken', () => {
    const taken = [
      ev('2025-03-03 09:00', 'acknowledged'),
      { ...ev('2025-03-03 09:05', 'inProgress'), assigned: true },
    ];
    expect(computeCycles(resolution, taken, 90, cal, always, sh('2025-03-03 10:00'))[0]!.stage).toBe(
      'inProgress',
    );
    expect(
      computeCycles(def('customer_restore'), taken, 240, cal, always, sh('2025-03-03 10:00'))[0]!.stage,
    ).toBe('inProgress');
  });
});
