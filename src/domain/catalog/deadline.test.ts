import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildCalendar } from '../calendar/calendar.ts';
import { computeDeadline } from '../calendar/deadline.ts';
import { assertSchedule, calendarDataOf, parseScheduleJson } from '../calendar/schedule.ts';
import { describeServiceTime, serviceTimeToDeadlineRule } from './deadline.ts';
import { DEFAULT_CATALOG } from './defaults.ts';
import { resolveEntitlement } from './entitlements.ts';
import type { ServiceTime } from './types.ts';

// The shipped schedules (tests may do I/O; domain code may not).
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

const due = (time: ServiceTime, startAt: string) => {
  const rule = serviceTimeToDeadlineRule(time, startAt);
  return rule && computeDeadline(cal, rule);
};

describe('time limits as deadline rules', () => {
  const at = '2025-01-24T02:00:00.000Z'; // Friday 10:00 in Shanghai
  it('maps each kind of limit', () => {
    expect(serviceTimeToDeadlineRule({ kind: 'workdays', days: 2 }, at)).toEqual({
      kind: 'workdays',
      startAt: at,
      workdays: 2,
      clock: { kind: '24x7' },
    });
    expect(serviceTimeToDeadlineRule({ kind: 'hours', hours: 4, clock: '24x7' }, at)).toEqual({
      kind: 'clockMinutes',
      startAt: at,
      minutes: 240,
      clock: { kind: '24x7' },
    });
    expect(serviceTimeToDeadlineRule({ kind: 'hours', hours: 1.5, clock: 'business' }, at)).toMatchObject({
      kind: 'clockMinutes',
      minutes: 90,
      clock: { kind: 'businessHours' },
    });
    expect(serviceTimeToDeadlineRule({ kind: 'days', days: 1 }, at)).toEqual({
      kind: 'clockMinutes',
      startAt: at,
      minutes: 1440,
      clock: { kind: '24x7' },
    });
    expect(serviceTimeToDeadlineRule({ kind: 'on_demand' }, at)).toBeNull();
    expect(serviceTimeToDeadlineRule({ kind: 'as_agreed' }, at)).toBeNull();
  });

  it('counts working days across the 2025 Spring Festival and its make-up days', () => {
    // basic installation, 2 wd from Friday 01-24: Sunday 01-26 is a make-up day, then Monday 01-27
    expect(due({ kind: 'workdays', days: 2 }, at)).toEqual({
      dueAt: '2025-01-27T16:00:00.000Z',
      dueDate: '2025-01-27',
      provisional: false,
    });
    // 3★ installation, 1 wd from Monday 01-27: 春节 01-28…02-04, so Wednesday 02-05
    expect(due({ kind: 'workdays', days: 1 }, '2025-01-27T02:00:00.000Z')?.dueDate).toBe('2025-02-05');
    // 2 wd from Friday 02-07: Saturday 02-08 is a make-up day, then Monday 02-10
    expect(due({ kind: 'workdays', days: 2 }, '2025-02-07T02:00:00.000Z')?.dueDate).toBe('2025-02-10');
  });

  it('runs hours on a 7×24 clock through the holiday, business hours skip it', () => {
    // fixed-line restore 4 h started on 除夕 (holiday) 20:00 Shanghai
    expect(due({ kind: 'hours', hours: 4, clock: '24x7' }, '2025-01-28T12:00:00.000Z')?.dueAt).toBe(
      '2025-01-28T16:00:00.000Z',
    );
    // 4 business hours from Friday 01-24 16:00: 1.5 h Friday, 2.5 h on make-up Sunday 01-26 from 08:30
    expect(due({ kind: 'hours', hours: 4, clock: 'business' }, '2025-01-24T08:00:00.000Z')?.dueAt).toBe(
      '2025-01-26T03:00:00.000Z',
    );
  });

  it('gives the due instant of a resolved standard (digital circuit inter-province, 30 wd)', () => {
    const e = resolveEntitlement(
      DEFAULT_CATALOG,
      { tier: null, stars: null, groupClass: null },
      { itemCode: 'circuit_provisioning', product: 'digital_circuit', scope: 'inter_province' },
    );
    // 30 working days from Friday 2025-01-24: 01-26 and 01-27, then from 02-05 on with Saturday 02-08
    expect(due(e.responseTime!, at)?.dueDate).toBe('2025-03-13');
  });

  it('describes limits as people write them', () => {
    expect(describeServiceTime({ kind: 'workdays', days: 15 })).toBe('15个工作日');
    expect(describeServiceTime({ kind: 'hours', hours: 4, clock: '24x7' })).toBe('4小时');
    expect(describeServiceTime({ kind: 'hours', hours: 4, clock: 'business' })).toBe('4个工作小时');
    expect(describeServiceTime({ kind: 'days', days: 1 })).toBe('1天');
    expect(describeServiceTime({ kind: 'on_demand' })).toBe('按需');
    expect(describeServiceTime({ kind: 'as_agreed' })).toBe('按客户要求');
  });
});
