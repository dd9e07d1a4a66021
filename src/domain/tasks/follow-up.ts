/**
 * Follow-up tasks (跟进任务): tasks the system opens for an account manager outside the monthly
 * mandatory actions — e.g. a dissatisfied return visit (PRODUCT.md §7: "any dissatisfaction
 * opens a task for the AM at once"). They live in `action_tasks` with `action_kind = 'follow_up'`
 * so that the owner finds them in the task list and completes them with evidence like any task,
 * but they are not mandatory actions and do not count in mandatory-action compliance (达标率).
 */

export const FOLLOW_UP_KIND = 'follow_up';

/** The follow-up actions the system opens, with their display names. */
export const FOLLOW_UP_ACTIONS: Record<string, { name: string; nameEn: string }> = {
  visit_follow_up: { name: '回访不满意跟进', nameEn: 'Follow up a dissatisfied return visit' },
  order_delivery: { name: '业务交付(集团总部)', nameEn: 'Deliver an activated service to the customer HQ' },
};

/**
 * The display name of a follow-up action, or null when `code` is not one.
 *
 * @example
 * followUpActionName('visit_follow_up') // → { name: '回访不满意跟进', nameEn: 'Follow up a dissatisfied return visit' }
 */
export function followUpActionName(code: string): { name: string; nameEn: string } | null {
  return FOLLOW_UP_ACTIONS[code] ?? null;
}
