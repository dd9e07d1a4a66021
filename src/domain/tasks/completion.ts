/**
 * Completing, reassigning and cancelling a mandatory-action task (PRODUCT.md §4: "completion is
 * recorded with evidence"). Only the task's owner completes it; a closed task (done or cancelled)
 * is not changed again. Pure: the caller passes the task, who acts and today (Asia/Shanghai).
 */
import { DomainError } from '../errors.ts';
import type { TaskStatus } from './compliance.ts';

/** How the action was carried out (走访 / 电话 / 微信 / 邮件 / 会议 / 其他). */
export const EVIDENCE_CHANNELS = ['visit', 'phone', 'wechat', 'email', 'meeting', 'other'] as const;
export type EvidenceChannel = (typeof EVIDENCE_CHANNELS)[number];

/** Metadata of an attachment (the file itself is kept elsewhere). */
export type AttachmentMeta = { name: string; size: number; mimeType: string };

export type Evidence = {
  note: string;
  contactMet: string | null;
  channel: EvidenceChannel;
  attachments: AttachmentMeta[];
};

export type TaskForChange = { id: number; ownerId: string; status: TaskStatus; startDate: string };

/** Throws TASK_CLOSED (409) unless the task is open. */
export function assertTaskOpen(task: TaskForChange): void {
  if (task.status !== 'open') {
    throw new DomainError('TASK_CLOSED', `Task ${task.id} is already ${task.status}`, [], {
      taskStatus: task.status,
    });
  }
}

/**
 * Checks a completion and returns the day it counts for. Throws FORBIDDEN when `userId` is not the
 * owner, TASK_CLOSED when the task is done or cancelled, VALIDATION_FAILED (field `completedDate`)
 * for a day after today or before the task's start.
 *
 * @example
 * planCompletion({ id: 1, ownerId: 'u1', status: 'open', startDate: '2026-03-01' }, 'u1', undefined, '2026-03-10');
 * // '2026-03-10'
 * planCompletion({ id: 1, ownerId: 'u1', status: 'open', startDate: '2026-03-01' }, 'u2', undefined, '2026-03-10');
 * // throws FORBIDDEN
 */
export function planCompletion(
  task: TaskForChange,
  userId: string,
  completedDate: string | undefined,
  today: string,
): string {
  if (task.ownerId !== userId) {
    throw new DomainError('FORBIDDEN', 'Only the account manager who owns this task may complete it');
  }
  assertTaskOpen(task);
  const day = completedDate ?? today;
  if (day > today) {
    const message = `completedDate ${day} is after today (${today})`;
    throw new DomainError('VALIDATION_FAILED', message, [{ field: 'completedDate', message }]);
  }
  if (day < task.startDate) {
    const message = `completedDate ${day} is before the task starts (${task.startDate})`;
    throw new DomainError('VALIDATION_FAILED', message, [{ field: 'completedDate', message }]);
  }
  return day;
}
