/**
 * Escalation ladders (PRODUCT.md §7 "Escalation", seed 000 超出规定响应时限 → 自动升级): which
 * steps of a clock's ladder are due as of an instant, when each threshold was or will be crossed,
 * when the sweep must look again, and the notification text (customer, tier, stage, limit, how late).
 */
import type { WorkCalendar } from '../calendar/calendar.ts';
import type { Clock } from '../calendar/clock.ts';
import { type ClockCycle, instantOfElapsed } from './clock-engine.ts';
import type { EscalationStep, TicketType } from './config.ts';

export type DueStep = { step: EscalationStep; dueAt: string };

export type EscalationPlan = {
  /** Steps above `firedLevel` whose threshold was crossed at or before `at`, by level. */
  due: DueStep[];
  /**
   * The instant of the next threshold not yet crossed, when the clock runs; null when paused or
   * stopped, or no step is left. The sweep looks at the instance again then.
   */
  nextCheckAt: string | null;
};

/**
 * Plans the ladder of one clock cycle as of `at`. A step fires once: only levels above
 * `firedLevel` are considered. A threshold crossed while the clock ran is due even if the clock
 * has paused or stopped since (the sweep may run a little after the crossing).
 *
 * @example
 * // limit 90 min on 24×7, running since 09:00; as of 10:10 (70 min): 50 % was due at 09:45, 75 % at 10:07:30
 * planEscalation(ladder, cycle, 0, '2025-03-03T02:10:00Z', cal, { kind: '24x7' });
 * // { due: [{ step: level 1, dueAt: '…01:45:00.000Z' }, { step: level 2, dueAt: '…02:07:30.000Z' }],
 * //   nextCheckAt: '2025-03-03T02:30:00.000Z' }
 */
export function planEscalation(
  ladder: readonly EscalationStep[],
  cycle: Pick<ClockCycle, 'segments' | 'limitMinutes' | 'stage'>,
  firedLevel: number,
  at: string,
  cal: WorkCalendar,
  clock: Clock,
): EscalationPlan {
  const atMs = Date.parse(at);
  const steps = [...ladder].filter((s) => s.level > firedLevel).sort((a, b) => a.atPercent - b.atPercent);
  const due: DueStep[] = [];
  for (const step of steps) {
    const minutes = (cycle.limitMinutes * step.atPercent) / 100;
    const crossing = instantOfElapsed(cycle, minutes, cal, clock, at);
    if (crossing === null) return { due, nextCheckAt: null };
    if (Date.parse(crossing) <= atMs) {
      due.push({ step, dueAt: crossing });
      continue;
    }
    return { due, nextCheckAt: cycle.stage === 'inProgress' ? crossing : null };
  }
  return { due, nextCheckAt: null };
}

/**
 * The instant each step's threshold was or will be crossed (null: not reached and not running).
 *
 * @example
 * thresholdInstants(ladder, cycle, cal, clock, now); // [{ level: 1, atPercent: 50, at: '…' }, …]
 */
export function thresholdInstants(
  ladder: readonly EscalationStep[],
  cycle: Pick<ClockCycle, 'segments' | 'limitMinutes'>,
  cal: WorkCalendar,
  clock: Clock,
  now: string,
): { level: number; atPercent: number; at: string | null }[] {
  return ladder.map((s) => ({
    level: s.level,
    atPercent: s.atPercent,
    at: instantOfElapsed(cycle, (cycle.limitMinutes * s.atPercent) / 100, cal, clock, now),
  }));
}

/** Who holds a ticket: its owning department and assignee. */
export type TicketHolder = { departmentCode: string; assigneeId: string | null };

/**
 * Where the reassign steps fired on a ticket hand it (PRODUCT.md §7 "Escalation": "reassign" moves
 * the ticket to another department's queue and its head): the department of the last step, the
 * assignee that department's head (null when it has none, so the department's queue holds it). Its
 * stage does not change. Null when no step reassigns or the ticket is already held that way.
 *
 * @example
 * planHandover({ departmentCode: 'NOC', assigneeId: 'u-ops' }, ['KAM'], (d) => (d === 'KAM' ? 'u-kam' : null));
 * // { departmentCode: 'KAM', assigneeId: 'u-kam' }
 * planHandover({ departmentCode: 'NOC', assigneeId: 'u-ops' }, ['MKT'], () => null);
 * // { departmentCode: 'MKT', assigneeId: null }
 */
export function planHandover(
  holder: TicketHolder,
  reassignTo: readonly (string | null | undefined)[],
  headOf: (departmentCode: string) => string | null,
): TicketHolder | null {
  const target = reassignTo.filter((d): d is string => !!d).at(-1);
  if (!target) return null;
  const next = { departmentCode: target, assigneeId: headOf(target) };
  const same = next.departmentCode === holder.departmentCode && next.assigneeId === holder.assigneeId;
  return same ? null : next;
}

const TYPE_NAMES: Record<TicketType, string> = {
  fault: '故障',
  complaint: '投诉',
  inquiry: '咨询',
  request: '服务请求',
};

export type EscalationMessageInput = {
  customerName: string;
  tier: string | null;
  ticketType: TicketType;
  ticketNumber: string;
  /** The stage the clock watches (internal) or the definition's name (customer SLA). */
  stageName: string;
  definitionName: string;
  kind: 'customer' | 'internal';
  /** An internal clock's: `response` — nobody in the stage has taken the ticket yet (未接单). */
  measure?: 'response' | 'resolution';
  atPercent: number;
  limitMinutes: number;
  elapsedMinutes: number;
  level: number;
};

/**
 * The in-app notification of one step, in Chinese: which customer (tier), ticket, stage, limit
 * and how late (or how much is left before the limit).
 *
 * @example
 * describeEscalation({ customerName: '广州某某集团', tier: '4A', ticketType: 'fault', ticketNumber: 'TT1',
 *   stageName: '网络运维处理', definitionName: '网络运维处理', kind: 'internal', atPercent: 100,
 *   limitMinutes: 90, elapsedMinutes: 95, level: 3 }).body;
 * // '【升级】广州某某集团(4A) 故障工单 TT1 在『网络运维处理』已用时 95 分钟,超时限 90 分钟 5 分钟'
 * // with measure 'response', limit 10 and 11 minutes elapsed:
 * // '【升级】… 在『网络运维处理』无人接单已 11 分钟,超响应时限 10 分钟 1 分钟'
 */
export function describeEscalation(m: EscalationMessageInput): { title: string; body: string } {
  const elapsed = Math.floor(m.elapsedMinutes);
  const who = `${m.customerName}(${m.tier ?? '无等级'})`;
  const where =
    m.kind === 'internal' ? `在『${m.stageName}』` : `『${m.definitionName}』(当前环节 ${m.stageName})`;
  const head = `${who} ${TYPE_NAMES[m.ticketType]}工单 ${m.ticketNumber} ${where}`;
  // a response clock: nobody in the stage has taken the ticket (seed 000: 超出规定响应时限)
  const response = m.kind === 'internal' && m.measure === 'response';
  const spent = response ? `无人接单已 ${elapsed} 分钟` : `已用时 ${elapsed} 分钟`;
  const limit = response ? '响应时限' : '时限';
  const stage = response ? `${m.stageName}未接单` : m.stageName;
  if (elapsed >= m.limitMinutes || m.atPercent >= 100) {
    const late = Math.max(elapsed - m.limitMinutes, 0);
    return {
      title: `【升级】${m.ticketNumber} ${stage} 达${limit} ${m.atPercent}%,超时 ${late} 分钟(${m.tier ?? '无等级'} ${m.customerName})`,
      body: `【升级】${head}${spent},超${limit} ${m.limitMinutes} 分钟 ${late} 分钟`,
    };
  }
  const left = Math.max(m.limitMinutes - elapsed, 0);
  return {
    title: `【预警】${m.ticketNumber} ${stage} 达${limit} ${m.atPercent}%(${m.tier ?? '无等级'} ${m.customerName})`,
    body: `【预警】${head}${spent},达${limit} ${m.limitMinutes} 分钟的 ${m.atPercent}%,剩余 ${left} 分钟`,
  };
}
