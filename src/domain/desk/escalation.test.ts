import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildCalendar } from '../calendar/calendar.ts';
import { shanghaiInstant } from '../calendar/dates.ts';
import { DEFAULT_BUSINESS_HOURS } from '../calendar/deadline.ts';
import { assertSchedule, calendarDataOf, parseScheduleJson } from '../calendar/schedule.ts';
import { type ClockEvent, computeCycles } from './clock-engine.ts';
import type { SlaDefinition, TicketStatus } from './config.ts';
import { DEFAULT_DESK_CONFIG } from './defaults.ts';
import { describeEscalation, planEscalation, planHandover, thresholdInstants } from './escalation.ts';

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
const sh = (wall: string) => shanghaiInstant(wall.slice(0, 10), wall.slice(11, 16));
const def = (code: string): SlaDefinition => DEFAULT_DESK_CONFIG.definitions.find((d) => d.code === code)!;
const ev = (wall: string, status: TicketStatus, stageCode = 'ops'): ClockEvent => ({
  at: sh(wall),
  status,
  stageCode,
});
const ops = def('ola_ops');
const levels = (plan: { due: { step: { level: number }; dueAt: string }[] }) =>
  plan.due.map((d) => [d.step.level, d.dueAt]);

describe('planEscalation — ola_ops, 90 min on 7×24 from 09:00', () => {
  const events = [ev('2025-03-03 09:00', 'acknowledged')];
  const cycleAt = (wall: string) => computeCycles(ops, events, 90, cal, always, sh(wall))[0]!;

  it('crosses 50 / 75 / 100 / 150 % at 09:45, 10:07:30, 10:30, 11:15', () => {
    expect(
      thresholdInstants(ops.ladder, cycleAt('2025-03-03 09:01'), cal, always, sh('2025-03-03 09:01')),
    ).toEqual([
      { level: 1, atPercent: 50, at: sh('2025-03-03 09:45') },
      { level: 2, atPercent: 75, at: '2025-03-03T02:07:30.000Z' },
      { level: 3, atPercent: 100, at: sh('2025-03-03 10:30') },
      { level: 4, atPercent: 150, at: sh('2025-03-03 11:15') },
    ]);
  });

  it('nothing due before 50 %; the next check is the 50 % instant', () => {
    const plan = planEscalation(
      ops.ladder,
      cycleAt('2025-03-03 09:30'),
      0,
      sh('2025-03-03 09:30'),
      cal,
      always,
    );
    expect(plan).toEqual({ due: [], nextCheckAt: sh('2025-03-03 09:45') });
  });

  it('at 10:10 the 50 % and 75 % steps are due, next at 10:30', () => {
    const plan = planEscalation(
      ops.ladder,
      cycleAt('2025-03-03 10:10'),
      0,
      sh('2025-03-03 10:10'),
      cal,
      always,
    );
    expect(levels(plan)).toEqual([
      [1, sh('2025-03-03 09:45')],
      [2, '2025-03-03T02:07:30.000Z'],
    ]);
    expect(plan.nextCheckAt).toBe(sh('2025-03-03 10:30'));
  });

  it('a fired step never comes back', () => {
    const plan = planEscalation(
      ops.ladder,
      cycleAt('2025-03-03 10:10'),
      2,
      sh('2025-03-03 10:10'),
      cal,
      always,
    );
    expect(plan).toEqual({ due: [], nextCheckAt: sh('2025-03-03 10:30') });
  });

  it('after the last step there is nothing left to check', () => {
    const plan = planEscalation(
      ops.ladder,
      cycleAt('2025-03-03 12:00'),
      3,
      sh('2025-03-03 12:00'),
      cal,
      always,
    );
    expect(levels(plan)).toEqual([[4, sh('2025-03-03 11:15')]]);
    expect(plan.nextCheckAt).toBeNull();
  });
});

describe('planEscalation — pauses move the thresholds', () => {
  it('pending 09:20–09:50 moves 50 % from 09:45 to 10:15; paused short of it → no next check', () => {
    const events = [
      ev('2025-03-03 09:00', 'acknowledged'),
      ev('2025-03-03 09:20', 'pending'),
      ev('2025-03-03 09:50', 'inProgress'),
    ];
    const now = sh('2025-03-03 10:00');
    const running = computeCycles(ops, events, 90, cal, always, now)[0]!;
    expect(planEscalation(ops.ladder, running, 0, now, cal, always).nextCheckAt).toBe(sh('2025-03-03 10:15'));
    const paused = computeCycles(ops, events.slice(0, 2), 90, cal, always, now)[0]!;
    expect(planEscalation(ops.ladder, paused, 0, now, cal, always)).toEqual({ due: [], nextCheckAt: null });
  });

  it('a threshold crossed before a pause is still due', () => {
    const events = [ev('2025-03-03 09:00', 'acknowledged'), ev('2025-03-03 09:50', 'pending')];
    const now = sh('2025-03-03 10:00');
    const paused = computeCycles(ops, events, 90, cal, always, now)[0]!;
    const plan = planEscalation(ops.ladder, paused, 0, now, cal, always);
    expect(levels(plan)).toEqual([[1, sh('2025-03-03 09:45')]]);
    expect(plan.nextCheckAt).toBeNull();
  });
});

describe('planEscalation — business hours across the Spring Festival', () => {
  it('ola_kam 480 min from Monday 2025-01-27 09:00: 50 % that day, 100 % on Wednesday 02-05', () => {
    const kam = def('ola_kam');
    const events = [ev('2025-01-27 09:00', 'acknowledged', 'kam')];
    const now = sh('2025-01-27 16:00');
    const cycle = computeCycles(kam, events, 480, cal, DEFAULT_BUSINESS_HOURS, now)[0]!;
    // 09:00–12:00 = 180, 13:30–14:30 = 60 → 240 (50 %) at 14:30; 360 (75 %) at 16:30;
    // Monday ends at 17:30 with 420; 01-28…02-04 off; 480 at 02-05 09:30
    expect(thresholdInstants(kam.ladder, cycle, cal, DEFAULT_BUSINESS_HOURS, now)).toEqual([
      { level: 1, atPercent: 50, at: sh('2025-01-27 14:30') },
      { level: 2, atPercent: 75, at: sh('2025-01-27 16:30') },
      { level: 3, atPercent: 100, at: sh('2025-02-05 09:30') },
    ]);
    const plan = planEscalation(kam.ladder, cycle, 1, now, cal, DEFAULT_BUSINESS_HOURS);
    expect(plan).toEqual({ due: [], nextCheckAt: sh('2025-01-27 16:30') });
  });
});

describe('describeEscalation', () => {
  const base = {
    customerName: '广州某某集团',
    tier: '4A',
    ticketType: 'fault' as const,
    ticketNumber: 'TT20250303-000001',
    stageName: '网络运维处理',
    definitionName: '网络运维处理',
    kind: 'internal' as const,
    limitMinutes: 90,
    level: 3,
  };

  it('names customer, tier, stage, limit and how late', () => {
    expect(describeEscalation({ ...base, atPercent: 100, elapsedMinutes: 95.4 }).body).toBe(
      '【升级】广州某某集团(4A) 故障工单 TT20250303-000001 在『网络运维处理』已用时 95 分钟,超时限 90 分钟 5 分钟',
    );
  });

  it('before the limit says how much is left', () => {
    expect(describeEscalation({ ...base, atPercent: 75, elapsedMinutes: 68, level: 2 }).body).toBe(
      '【预警】广州某某集团(4A) 故障工单 TT20250303-000001 在『网络运维处理』已用时 68 分钟,达时限 90 分钟的 75%,剩余 22 分钟',
    );
  });

  it('a response limit says nobody has taken the ticket (seed 000: 超出规定响应时限)', () => {
    const response = { ...base, measure: 'response' as const, limitMinutes: 10 };
    expect(describeEscalation({ ...response, atPercent: 50, elapsedMinutes: 5, level: 1 })).toEqual({
      title: '【预警】TT20250303-000001 网络运维处理未接单 达响应时限 50%(4A 广州某某集团)',
      body: '【预警】广州某某集团(4A) 故障工单 TT20250303-000001 在『网络运维处理』无人接单已 5 分钟,达响应时限 10 分钟的 50%,剩余 5 分钟',
    });
    expect(describeEscalation({ ...response, atPercent: 100, elapsedMinutes: 11, level: 2 }).body).toBe(
      '【升级】广州某某集团(4A) 故障工单 TT20250303-000001 在『网络运维处理』无人接单已 11 分钟,超响应时限 10 分钟 1 分钟',
    );
  });

  it('a customer SLA names the definition and the current stage', () => {
    const m = describeEscalation({
      ...base,
      kind: 'customer',
      definitionName: '故障修复时限',
      tier: null,
      atPercent: 100,
      limitMinutes: 360,
      elapsedMinutes: 400,
    });
    expect(m.body).toBe(
      '【升级】广州某某集团(无等级) 故障工单 TT20250303-000001 『故障修复时限』(当前环节 网络运维处理)已用时 400 分钟,超时限 360 分钟 40 分钟',
    );
  });
});

describe('planHandover — reassign steps', () => {
  const heads = (d: string) => ({ KAM: 'u-kam', NOC: 'u-noc' })[d] ?? null;
  const held = { departmentCode: 'NOC', assigneeId: 'u-ops' };

  it.each([
    ['no reassign step', [], null],
    ['null targets only', [null, undefined], null],
    ['to a department with a head', ['KAM'], { departmentCode: 'KAM', assigneeId: 'u-kam' }],
    ['to a department without a head: its queue', ['MKT'], { departmentCode: 'MKT', assigneeId: null }],
    ['two steps at once: the last wins', ['MKT', 'KAM'], { departmentCode: 'KAM', assigneeId: 'u-kam' }],
    ['its own department: handed to the head', ['NOC'], { departmentCode: 'NOC', assigneeId: 'u-noc' }],
  ] as const)('%s', (_, steps, expected) => {
    expect(planHandover(held, steps, heads)).toEqual(expected);
  });

  it('is null when the head already holds it there', () => {
    expect(planHandover({ departmentCode: 'KAM', assigneeId: 'u-kam' }, ['KAM'], heads)).toBeNull();
  });
});
