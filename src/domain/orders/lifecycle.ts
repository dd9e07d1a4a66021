/**
 * Order states (TMF622 ProductOrderStateType) and line progress (PRODUCT.md §5): an order is
 * acknowledged → inProgress → completed, may be held or pending on the way, cancelled (with a
 * reason) before any line is activated, or rejected while still acknowledged. `completed` is never
 * set by hand: the order completes when every line is activated or cancelled. A line moves forward
 * through the milestones accepted → survey → design → construction → testing → activated →
 * delivered; a step back or a move of a line of a held, pending or closed order is an illegal
 * transition (409).
 */
import type { WorkCalendar } from '../calendar/calendar.ts';
import { countWorkdays } from '../calendar/calendar.ts';
import { DomainError } from '../errors.ts';

export const ORDER_STATES = [
  'acknowledged',
  'inProgress',
  'pending',
  'held',
  'completed',
  'cancelled',
  'rejected',
  'failed',
] as const;
export type OrderState = (typeof ORDER_STATES)[number];

export const ITEM_STATES = ['acknowledged', 'inProgress', 'completed', 'cancelled'] as const;
export type ItemState = (typeof ITEM_STATES)[number];

export const MILESTONES = [
  'accepted',
  'survey',
  'design',
  'construction',
  'testing',
  'activated',
  'delivered',
] as const;
export type Milestone = (typeof MILESTONES)[number];

/** Milestones set through the milestone action (activation and delivery have their own). */
export const PROGRESS_MILESTONES = ['survey', 'design', 'construction', 'testing'] as const;
export type ProgressMilestone = (typeof PROGRESS_MILESTONES)[number];

export const MILESTONE_NAMES_ZH: Record<Milestone, string> = {
  accepted: '受理',
  survey: '勘察',
  design: '设计',
  construction: '施工',
  testing: '测试',
  activated: '开通',
  delivered: '交付',
};

export const ORDER_STATE_NAMES_ZH: Record<OrderState, string> = {
  acknowledged: '已受理',
  inProgress: '处理中',
  pending: '待定',
  held: '挂起',
  completed: '已完成',
  cancelled: '已撤销',
  rejected: '已拒绝',
  failed: '失败',
};

/** The states a person may move an order to from each state. */
const MANUAL: Record<OrderState, readonly OrderState[]> = {
  acknowledged: ['inProgress', 'pending', 'held', 'cancelled', 'rejected'],
  inProgress: ['pending', 'held', 'cancelled', 'failed'],
  pending: ['inProgress', 'held', 'cancelled'],
  held: ['inProgress', 'pending', 'cancelled'],
  completed: [],
  cancelled: [],
  rejected: [],
  failed: [],
};

/** States that need a reason. */
const NEEDS_REASON = new Set<OrderState>(['cancelled', 'rejected', 'failed', 'held', 'pending']);

export const isClosedOrder = (s: OrderState) =>
  s === 'completed' || s === 'cancelled' || s === 'rejected' || s === 'failed';

/**
 * @example
 * allowedOrderStates('acknowledged', false); // ['inProgress', 'pending', 'held', 'cancelled', 'rejected']
 * allowedOrderStates('inProgress', true); // ['pending', 'held', 'failed'] — no cancel once a line is activated
 */
export function allowedOrderStates(from: OrderState, anyActivated: boolean): OrderState[] {
  return MANUAL[from].filter((s) => !(anyActivated && s === 'cancelled'));
}

/**
 * Checks a manual state change; throws ILLEGAL_TRANSITION (409) or VALIDATION_FAILED (a reason is
 * required for cancelled, rejected, failed, held and pending).
 *
 * @example
 * planOrderStateChange('completed', 'inProgress', null, false); // throws ILLEGAL_TRANSITION
 */
export function planOrderStateChange(
  from: OrderState,
  to: OrderState,
  reason: string | null,
  anyActivated: boolean,
): { from: OrderState; to: OrderState; reason: string | null } {
  if (!allowedOrderStates(from, anyActivated).includes(to)) {
    const why =
      to === 'completed'
        ? 'an order completes by itself when every line is activated or cancelled'
        : to === 'cancelled' && anyActivated
          ? 'a line is already activated; cancel the remaining lines one by one'
          : `an order ${from} cannot become ${to}`;
    throw new DomainError('ILLEGAL_TRANSITION', why, [{ field: 'state', message: why }]);
  }
  const text = reason?.trim() ?? '';
  if (NEEDS_REASON.has(to) && text === '') {
    throw new DomainError('VALIDATION_FAILED', `A reason is required to make the order ${to}`, [
      { field: 'reason', message: 'required for this state' },
    ]);
  }
  return { from, to, reason: text === '' ? null : text };
}

/** Whether the lines of an order in `state` may progress (milestones, activation). */
export function assertOrderWorkable(state: OrderState): void {
  if (state === 'acknowledged' || state === 'inProgress') return;
  const why = `the order is ${state}; lines move only while it is acknowledged or in progress`;
  throw new DomainError('ILLEGAL_TRANSITION', why, [{ field: 'state', message: why }]);
}

/**
 * A line reaching a progress milestone: forward only (a milestone may be skipped), and only while
 * the line is open.
 *
 * @example
 * planMilestone({ state: 'inProgress', milestone: 'survey' }, 'design'); // { from: 'survey', to: 'design' }
 * planMilestone({ state: 'inProgress', milestone: 'design' }, 'survey'); // throws ILLEGAL_TRANSITION
 */
export function planMilestone(
  item: { state: ItemState; milestone: Milestone },
  to: ProgressMilestone,
): { from: Milestone; to: ProgressMilestone } {
  if (item.state === 'completed' || item.state === 'cancelled') {
    const why = `the line is ${item.state === 'completed' ? 'activated' : 'cancelled'}`;
    throw new DomainError('ILLEGAL_TRANSITION', why, [{ field: 'milestone', message: why }]);
  }
  if (MILESTONES.indexOf(to) <= MILESTONES.indexOf(item.milestone)) {
    const why = `the line is already at ${item.milestone}; milestones only move forward`;
    throw new DomainError('ILLEGAL_TRANSITION', why, [{ field: 'milestone', message: why }]);
  }
  return { from: item.milestone, to };
}

/** Activation needs an open line. */
export function assertActivatable(item: { state: ItemState }): void {
  if (item.state === 'acknowledged' || item.state === 'inProgress') return;
  const why = `the line is ${item.state === 'completed' ? 'already activated' : 'cancelled'}`;
  throw new DomainError('ILLEGAL_TRANSITION', why, [{ field: 'itemId', message: why }]);
}

/** Delivery needs an activated, not yet delivered line. */
export function assertDeliverable(item: { state: ItemState; milestone: Milestone }): void {
  if (item.state === 'completed' && item.milestone === 'activated') return;
  const why =
    item.milestone === 'delivered'
      ? 'the line is already delivered'
      : 'only an activated line can be delivered';
  throw new DomainError('ILLEGAL_TRANSITION', why, [{ field: 'itemId', message: why }]);
}

/** Cancelling one line needs an open line. */
export function assertLineCancellable(item: { state: ItemState }): void {
  if (item.state === 'acknowledged' || item.state === 'inProgress') return;
  const why = `the line is ${item.state === 'completed' ? 'activated' : 'already cancelled'}`;
  throw new DomainError('ILLEGAL_TRANSITION', why, [{ field: 'itemId', message: why }]);
}

/**
 * The state an order takes from its lines: completed when every line is activated or cancelled
 * (and at least one activated), cancelled when all are cancelled, otherwise unchanged (null).
 *
 * @example
 * orderStateFromLines(['completed', 'cancelled']); // 'completed'
 * orderStateFromLines(['completed', 'inProgress']); // null
 */
export function orderStateFromLines(states: readonly ItemState[]): 'completed' | 'cancelled' | null {
  if (states.length === 0) return null;
  if (states.every((s) => s === 'cancelled')) return 'cancelled';
  if (states.every((s) => s === 'completed' || s === 'cancelled')) return 'completed';
  return null;
}

/**
 * Working days late at activation: the working days after the due date up to and including the
 * activation day (0 when activated on or before the due date, or without a due date).
 *
 * @example
 * overdueWorkingDays(cal, '2025-01-24', '2025-01-27'); // { days: 2, provisional: false } (01-26 make-up day, 01-27)
 */
export function overdueWorkingDays(
  cal: WorkCalendar,
  dueDate: string | null,
  activatedOn: string,
): { days: number; provisional: boolean } {
  if (dueDate === null || activatedOn <= dueDate) return { days: 0, provisional: false };
  const r = countWorkdays(cal, dueDate, activatedOn);
  return { days: r.count, provisional: r.provisional };
}
