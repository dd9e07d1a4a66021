/**
 * Standards' time limits as calendar deadline rules (PRODUCT.md §4 "Deadlines come back as
 * calendar-aware rules", "The working-day calendar"): the catalog says "2 个工作日" or "不超过 4
 * 小时"; the calendar (`computeDeadline`) turns the rule into a due instant with 调休 and holidays.
 */
import { DEFAULT_BUSINESS_HOURS, type DeadlineRule } from '../calendar/deadline.ts';
import type { ServiceTime } from './types.ts';

const TWENTY_FOUR_SEVEN = { kind: '24x7' } as const;

/**
 * The deadline rule of a time limit started at `startAt` (UTC ISO), or null when the limit has no
 * fixed due instant (`on_demand` 按需, `as_agreed` 按客户要求):
 * - N working days → the end (Shanghai midnight) of the N-th working day after the start day;
 * - N hours → N×60 minutes on a 7×24 clock, or on the default business hours (08:30–12:00,
 *   13:30–17:30 on working days) when the standard says `business`;
 * - N days → N×1440 minutes on a 7×24 clock ("不超过一天").
 *
 * @example
 * serviceTimeToDeadlineRule({ kind: 'workdays', days: 2 }, '2025-01-24T02:00:00.000Z');
 * // { kind: 'workdays', startAt: '2025-01-24T02:00:00.000Z', workdays: 2, clock: { kind: '24x7' } }
 * serviceTimeToDeadlineRule({ kind: 'hours', hours: 4, clock: '24x7' }, at);
 * // { kind: 'clockMinutes', startAt: at, minutes: 240, clock: { kind: '24x7' } }
 * serviceTimeToDeadlineRule({ kind: 'on_demand' }, at); // null
 */
export function serviceTimeToDeadlineRule(time: ServiceTime, startAt: string): DeadlineRule | null {
  switch (time.kind) {
    case 'workdays':
      return { kind: 'workdays', startAt, workdays: time.days, clock: TWENTY_FOUR_SEVEN };
    case 'hours':
      return {
        kind: 'clockMinutes',
        startAt,
        minutes: Math.round(time.hours * 60),
        clock: time.clock === 'business' ? DEFAULT_BUSINESS_HOURS : TWENTY_FOUR_SEVEN,
      };
    case 'days':
      return { kind: 'clockMinutes', startAt, minutes: time.days * 1440, clock: TWENTY_FOUR_SEVEN };
    case 'on_demand':
    case 'as_agreed':
      return null;
  }
}

/**
 * The time limit in Chinese as people write it, for labels and exports.
 *
 * @example
 * describeServiceTime({ kind: 'workdays', days: 15 }); // '15个工作日'
 * describeServiceTime({ kind: 'hours', hours: 4, clock: '24x7' }); // '4小时'
 * describeServiceTime({ kind: 'hours', hours: 4, clock: 'business' }); // '4个工作小时'
 */
export function describeServiceTime(time: ServiceTime): string {
  switch (time.kind) {
    case 'workdays':
      return `${time.days}个工作日`;
    case 'hours':
      return time.clock === 'business' ? `${time.hours}个工作小时` : `${time.hours}小时`;
    case 'days':
      return `${time.days}天`;
    case 'on_demand':
      return '按需';
    case 'as_agreed':
      return '按客户要求';
  }
}
