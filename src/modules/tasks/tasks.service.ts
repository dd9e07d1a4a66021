/**
 * Mandatory-action tasks (PRODUCT.md §4): lists in scope (an account manager sees the tasks it owns
 * and those of its customers, a kam_manager its region, admin/analyst/auditor everything), the
 * month calendar, completion with evidence by the owner, and reassignment or cancellation by an
 * admin or kam_manager — every change locked, checked by a pure rule and audited.
 */

import { type SQL, sql } from 'drizzle-orm';
import { type Actor, writeAudit } from '../../db/audit.ts';
import type { Executor } from '../../db/database.ts';
import type { Deps } from '../../deps.ts';
import { computeDataScope, type ScopedUser } from '../../domain/access.ts';
import { fromDayNumber, shanghaiDayNumberOf } from '../../domain/calendar/dates.ts';
import { DomainError } from '../../domain/errors.ts';
import {
  assertTaskOpen,
  type Evidence,
  type EvidenceChannel,
  planCompletion,
} from '../../domain/tasks/completion.ts';
import { isTaskOverdue } from '../../domain/tasks/compliance.ts';
import { followUpActionName } from '../../domain/tasks/follow-up.ts';
import { monthSpan, parseMonth } from '../../domain/tasks/periods.ts';
import { findCatalogVersion } from '../catalog/catalog.repo.ts';
import { customerScopeOver, loadScopedCustomer } from '../customers/customers.access.ts';
import {
  type CalendarDayRow,
  cancelTask,
  completeTask,
  countTasksByDay,
  findAccountManager,
  findTask,
  listTasks,
  lockTask,
  reassignTask,
  type TaskFilter,
  type TaskRow,
} from './tasks.repo.ts';

/** Today in Asia/Shanghai. */
export function todayOf(deps: Deps): string {
  return fromDayNumber(shanghaiDayNumberOf(deps.now().getTime()));
}

/**
 * Tasks visible to `user`: an account manager's own tasks and those of its customers (two index
 * lookups, OR-ed as bitmaps); otherwise the customer scope over the task's owner and region.
 */
export function taskScope(user: ScopedUser): SQL {
  if (computeDataScope(user, []).kind === 'portfolio') {
    return sql`(t.owner_id = ${user.id}::uuid or t.customer_id = any(array(
      select id from customers where account_manager_id = ${user.id}::uuid)))`;
  }
  return customerScopeOver(user, { accountManagerId: sql`t.owner_id`, regionCode: sql`t.region_code` });
}

export type TaskView = Omit<TaskRow, 'completedAt' | 'cancelledAt' | 'createdAt'> & {
  actionName: string;
  actionNameEn: string;
  overdue: boolean;
  completedAt: string | null;
  cancelledAt: string | null;
  createdAt: string;
};

/** Action names per catalog version; published versions never change, so this never goes stale. */
const actionNames = new Map<number, Map<string, { name: string; nameEn: string }>>();

async function namesOf(ex: Executor, version: number) {
  const hit = actionNames.get(version);
  if (hit) return hit;
  const catalog = await findCatalogVersion(ex, version);
  const names = new Map(
    (catalog?.document.actions ?? []).map((a) => [a.code, { name: a.name, nameEn: a.nameEn }]),
  );
  if (catalog?.status === 'published') actionNames.set(version, names);
  return names;
}

export async function toViews(ex: Executor, rows: TaskRow[], today: string): Promise<TaskView[]> {
  const versions = [...new Set(rows.map((r) => r.catalogVersion))];
  const names = new Map(await Promise.all(versions.map(async (v) => [v, await namesOf(ex, v)] as const)));
  return rows.map((r) => {
    const name = names.get(r.catalogVersion)?.get(r.actionCode) ?? followUpActionName(r.actionCode);
    return {
      ...r,
      actionName: name?.name ?? r.actionCode,
      actionNameEn: name?.nameEn ?? r.actionCode,
      overdue: isTaskOverdue(r, today),
      completedAt: r.completedAt?.toISOString() ?? null,
      cancelledAt: r.cancelledAt?.toISOString() ?? null,
      createdAt: r.createdAt.toISOString(),
    };
  });
}

export type Page = { limit: number; offset: number; sort: string };

export async function listTasksFor(
  deps: Deps,
  user: ScopedUser,
  filter: TaskFilter,
  page: Page,
): Promise<{ total: number; totalEstimated: boolean; items: TaskView[] }> {
  const today = todayOf(deps);
  const result = await listTasks(deps.db, taskScope(user), filter, page, today);
  return {
    total: result.total,
    totalEstimated: result.totalEstimated,
    items: await toViews(deps.db, result.items, today),
  };
}

/** The tasks of one customer (404 when the customer is out of scope). */
export async function listCustomerTasks(
  deps: Deps,
  user: ScopedUser,
  customerId: string,
  filter: TaskFilter,
  page: Page,
): Promise<{ total: number; totalEstimated: boolean; items: TaskView[] }> {
  await loadScopedCustomer(deps.db, user, customerId);
  const today = todayOf(deps);
  // The customer is readable: all its tasks are, whoever owns them.
  const result = await listTasks(deps.db, sql`true`, { ...filter, customerId }, page, today);
  return {
    total: result.total,
    totalEstimated: result.totalEstimated,
    items: await toViews(deps.db, result.items, today),
  };
}

export async function getTask(deps: Deps, user: ScopedUser, id: number): Promise<TaskView> {
  const row = await findTask(deps.db, taskScope(user), id);
  if (!row) throw new DomainError('NOT_FOUND', `No task ${id}`);
  const [view] = await toViews(deps.db, [row], todayOf(deps));
  return view!;
}

/** Task counts per due day of a month, for the calendar view. */
export async function taskCalendar(
  deps: Deps,
  user: ScopedUser,
  month: string,
  filter: Pick<TaskFilter, 'ownerId' | 'customerId' | 'kind'>,
): Promise<{ month: string; days: CalendarDayRow[] }> {
  const span = monthSpan(parseMonth(month));
  const days = await countTasksByDay(
    deps.db,
    taskScope(user),
    { ...filter, from: span.start, to: span.end },
    todayOf(deps),
  );
  return { month: span.key, days };
}

export type CompletionInput = {
  note: string;
  contactMet?: string | undefined;
  channel: EvidenceChannel;
  completedDate?: string | undefined;
  attachments?: { name: string; size: number; mimeType: string }[] | undefined;
};

/**
 * Completes a task with evidence. 404 for a task that does not exist, FORBIDDEN for anyone but its
 * owner, TASK_CLOSED when already done or cancelled.
 */
export async function completeTaskFor(
  deps: Deps,
  user: ScopedUser,
  actor: Actor,
  id: number,
  input: CompletionInput,
): Promise<TaskView> {
  const today = todayOf(deps);
  await deps.db.transaction(async (tx) => {
    const task = await lockTask(tx, id);
    if (!task) throw new DomainError('NOT_FOUND', `No task ${id}`);
    const completedDate = planCompletion(task, user.id, input.completedDate, today);
    const evidence: Evidence = {
      note: input.note,
      contactMet: input.contactMet ?? null,
      channel: input.channel,
      attachments: input.attachments ?? [],
    };
    await completeTask(tx, id, { completedDate, completedAt: deps.now(), completedBy: actor.name, evidence });
    await writeAudit(tx, actor, {
      action: 'complete',
      entity: 'task',
      entityId: String(id),
      before: { status: 'open' },
      after: { status: 'done', completedDate, evidence },
    });
  });
  return getTask(deps, user, id);
}

/** Locks a task the caller may see (404 otherwise) and checks that it is open (TASK_CLOSED). */
async function lockVisibleOpen(tx: Executor, user: ScopedUser, id: number) {
  const task = await lockTask(tx, id);
  if (!task || !(await findTask(tx, taskScope(user), id)))
    throw new DomainError('NOT_FOUND', `No task ${id}`);
  assertTaskOpen(task);
  return task;
}

/** Gives an open task to another active account manager (admin, kam_manager in its region). */
export async function reassignTaskFor(
  deps: Deps,
  user: ScopedUser,
  actor: Actor,
  id: number,
  input: { ownerId: string; reason: string },
): Promise<TaskView> {
  await deps.db.transaction(async (tx) => {
    const task = await lockVisibleOpen(tx, user, id);
    const owner = await findAccountManager(tx, input.ownerId);
    if (!owner) {
      const message = 'ownerId must be an active account manager';
      throw new DomainError('VALIDATION_FAILED', message, [{ field: 'ownerId', message }]);
    }
    await reassignTask(tx, id, owner.id, deps.now());
    await writeAudit(tx, actor, {
      action: 'reassign',
      entity: 'task',
      entityId: String(id),
      before: { ownerId: task.ownerId },
      after: { ownerId: owner.id },
      reason: input.reason,
    });
  });
  return getTask(deps, user, id);
}

/** Cancels an open task with a reason (admin, kam_manager in its region). */
export async function cancelTaskFor(
  deps: Deps,
  user: ScopedUser,
  actor: Actor,
  id: number,
  reason: string,
): Promise<TaskView> {
  await deps.db.transaction(async (tx) => {
    await lockVisibleOpen(tx, user, id);
    await cancelTask(tx, id, { by: actor.name, reason, at: deps.now() });
    await writeAudit(tx, actor, {
      action: 'cancel',
      entity: 'task',
      entityId: String(id),
      before: { status: 'open' },
      after: { status: 'cancelled' },
      reason,
    });
  });
  return getTask(deps, user, id);
}
