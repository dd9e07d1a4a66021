/**
 * Joint meetings (联席会议, PRODUCT.md §6) with a customer: date, place, topic, attendees of both
 * sides, minutes, and the actions agreed, each with an owner (a user, notified when assigned, or a
 * name from the customer's side), a due date and a status open → done | dropped (and back to
 * open). Open actions appear in the monthly operating report. Every change is audited.
 */
import { sql } from 'drizzle-orm';
import { type Actor, writeAudit } from '../../db/audit.ts';
import { isoOf, isoOrNull } from '../../db/columns.ts';
import { type Executor, queryRows, type Tx } from '../../db/database.ts';
import type { Deps } from '../../deps.ts';
import type { ScopedUser } from '../../domain/access.ts';
import { DomainError } from '../../domain/errors.ts';
import { customerScopeOver, loadScopedCustomer } from '../customers/customers.access.ts';
import { notify } from '../notifications/notifications.service.ts';

export const ACTION_STATUSES = ['open', 'done', 'dropped'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

export type Attendee = { side: 'customer' | 'operator'; name: string; position?: string | null | undefined };

export type MeetingActionView = {
  id: string;
  meetingId: string;
  title: string;
  ownerId: string | null;
  ownerName: string | null;
  dueDate: string | null;
  status: ActionStatus;
  doneAt: string | null;
  note: string | null;
  overdue: boolean;
};

export type MeetingView = {
  id: string;
  customerId: string;
  customerName: string;
  regionCode: string;
  heldOn: string;
  place: string | null;
  topic: string;
  attendees: Attendee[];
  minutes: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  actions: MeetingActionView[];
};

export type MeetingBody = {
  heldOn: string;
  place?: string | null | undefined;
  topic: string;
  attendees: Attendee[];
  minutes?: string | null | undefined;
};

export type ActionBody = {
  title: string;
  ownerId?: string | null | undefined;
  ownerName?: string | null | undefined;
  dueDate?: string | null | undefined;
  note?: string | null | undefined;
};

type MeetingRow = {
  id: string;
  customerId: string;
  customerName: string;
  regionCode: string;
  accountManagerId: string | null;
  heldOn: string;
  place: string | null;
  topic: string;
  attendees: unknown;
  minutes: string | null;
  createdBy: string;
  createdAt: unknown;
  updatedAt: unknown;
};

type ActionRow = {
  id: string;
  meetingId: string;
  title: string;
  ownerId: string | null;
  ownerName: string | null;
  dueDate: string | null;
  status: string;
  doneAt: unknown;
  note: string | null;
};

const MEETING_SELECT = sql`select m.id, m.customer_id as "customerId", c.name as "customerName", m.region_code as "regionCode",
    c.account_manager_id as "accountManagerId", m.held_on::text as "heldOn", m.place, m.topic, m.attendees, m.minutes,
    m.created_by as "createdBy", m.created_at as "createdAt", m.updated_at as "updatedAt"
  from joint_meetings m join customers c on c.id = m.customer_id`;

const scopeOf = (user: ScopedUser) =>
  customerScopeOver(user, { accountManagerId: sql`c.account_manager_id`, regionCode: sql`c.region_code` });

async function actionsOf(ex: Executor, meetingIds: string[]): Promise<ActionRow[]> {
  if (meetingIds.length === 0) return [];
  return queryRows<ActionRow>(
    ex,
    sql`select x.id, x.meeting_id as "meetingId", x.title, x.owner_id as "ownerId",
          coalesce(u.display_name, x.owner_name) as "ownerName", x.due_date::text as "dueDate", x.status,
          x.done_at as "doneAt", x.note
        from joint_meeting_actions x left join users u on u.id = x.owner_id
        where x.meeting_id in (${sql.join(
          meetingIds.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})
        order by x.created_at, x.due_date nulls last, x.title, x.id`,
  );
}

function actionView(row: ActionRow, today: string): MeetingActionView {
  return {
    id: row.id,
    meetingId: row.meetingId,
    title: row.title,
    ownerId: row.ownerId,
    ownerName: row.ownerName,
    dueDate: row.dueDate,
    status: row.status as ActionStatus,
    doneAt: isoOrNull(row.doneAt),
    note: row.note,
    overdue: row.status === 'open' && row.dueDate !== null && row.dueDate < today,
  };
}

function meetingView(row: MeetingRow, actions: ActionRow[], today: string): MeetingView {
  return {
    id: row.id,
    customerId: row.customerId,
    customerName: row.customerName,
    regionCode: row.regionCode,
    heldOn: row.heldOn,
    place: row.place,
    topic: row.topic,
    attendees: Array.isArray(row.attendees) ? (row.attendees as Attendee[]) : [],
    minutes: row.minutes,
    createdBy: row.createdBy,
    createdAt: isoOf(row.createdAt),
    updatedAt: isoOf(row.updatedAt),
    actions: actions.filter((a) => a.meetingId === row.id).map((a) => actionView(a, today)),
  };
}

const todayOf = (deps: Deps) => {
  const at = deps.now();
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
};

async function loadMeeting(
  ex: Executor,
  user: ScopedUser,
  id: string,
  forUpdate = false,
): Promise<MeetingRow> {
  const [row] = await queryRows<MeetingRow>(
    ex,
    sql`${MEETING_SELECT} where m.id = ${id}::uuid and ${scopeOf(user)}${forUpdate ? sql` for update of m` : sql``}`,
  );
  if (!row) throw new DomainError('NOT_FOUND', `No joint meeting ${id}`);
  return row;
}

export async function listCustomerMeetings(
  deps: Deps,
  user: ScopedUser,
  customerId: string,
): Promise<MeetingView[]> {
  await loadScopedCustomer(deps.db, user, customerId);
  const rows = await queryRows<MeetingRow>(
    deps.db,
    sql`${MEETING_SELECT} where m.customer_id = ${customerId}::uuid order by m.held_on desc, m.created_at desc`,
  );
  const actions = await actionsOf(
    deps.db,
    rows.map((r) => r.id),
  );
  const today = todayOf(deps);
  return rows.map((r) => meetingView(r, actions, today));
}

export async function getMeeting(
  deps: Deps,
  user: ScopedUser,
  id: string,
  ex: Executor = deps.db,
): Promise<MeetingView> {
  const row = await loadMeeting(ex, user, id);
  return meetingView(row, await actionsOf(ex, [id]), todayOf(deps));
}

export async function createMeeting(
  deps: Deps,
  user: ScopedUser,
  actor: Actor,
  customerId: string,
  body: MeetingBody,
): Promise<MeetingView> {
  const at = deps.now();
  const id = await deps.db.transaction(async (tx) => {
    const customer = await loadScopedCustomer(tx, user, customerId);
    const [row] = await queryRows<{ id: string }>(
      tx,
      sql`insert into joint_meetings (customer_id, region_code, held_on, place, topic, attendees, minutes, created_by, created_at, updated_at)
          values (${customer.id}::uuid, ${customer.regionCode}, ${body.heldOn}::date, ${body.place ?? null}, ${body.topic},
            ${JSON.stringify(body.attendees)}::jsonb, ${body.minutes ?? null}, ${actor.name},
            ${at.toISOString()}::timestamptz, ${at.toISOString()}::timestamptz)
          returning id`,
    );
    const meetingId = row!.id;
    await writeAudit(tx, actor, {
      action: 'joint_meeting.create',
      entity: 'joint_meeting',
      entityId: meetingId,
      after: body,
    });
    return meetingId;
  });
  return getMeeting(deps, user, id);
}

export async function updateMeeting(
  deps: Deps,
  user: ScopedUser,
  actor: Actor,
  id: string,
  patch: Partial<MeetingBody>,
): Promise<MeetingView> {
  const at = deps.now();
  await deps.db.transaction(async (tx) => {
    const before = await loadMeeting(tx, user, id, true);
    const sets = [sql`updated_at = ${at.toISOString()}::timestamptz`];
    if (patch.heldOn !== undefined) sets.push(sql`held_on = ${patch.heldOn}::date`);
    if (patch.place !== undefined) sets.push(sql`place = ${patch.place}`);
    if (patch.topic !== undefined) sets.push(sql`topic = ${patch.topic}`);
    if (patch.attendees !== undefined) sets.push(sql`attendees = ${JSON.stringify(patch.attendees)}::jsonb`);
    if (patch.minutes !== undefined) sets.push(sql`minutes = ${patch.minutes}`);
    await tx.execute(sql`update joint_meetings set ${sql.join(sets, sql`, `)} where id = ${id}::uuid`);
    await writeAudit(tx, actor, {
      action: 'joint_meeting.update',
      entity: 'joint_meeting',
      entityId: id,
      before: {
        heldOn: before.heldOn,
        place: before.place,
        topic: before.topic,
        attendees: before.attendees,
        minutes: before.minutes,
      },
      after: patch,
    });
  });
  return getMeeting(deps, user, id);
}

/** The owner user (active) or a 400 naming `ownerId`. */
async function ownerOf(ex: Executor, ownerId: string): Promise<{ id: string; displayName: string }> {
  const [row] = await queryRows<{ id: string; displayName: string }>(
    ex,
    sql`select id, display_name as "displayName" from users where id = ${ownerId}::uuid and active`,
  );
  if (!row) {
    const message = 'no active user with this id';
    throw new DomainError('VALIDATION_FAILED', `ownerId ${message}`, [{ field: 'ownerId', message }]);
  }
  return row;
}

async function notifyOwner(
  tx: Tx,
  owner: { id: string },
  actor: Actor,
  meeting: MeetingRow,
  action: { id: string; title: string; dueDate: string | null },
  at: Date,
): Promise<void> {
  if (owner.id === actor.id) return;
  await notify(
    tx,
    [
      {
        userId: owner.id,
        kind: 'meeting_action',
        title: `联席会议行动项：${action.title}`,
        body: `${meeting.customerName} ${meeting.heldOn}「${meeting.topic}」分配给您的行动项${action.dueDate ? `，完成期限 ${action.dueDate}` : ''}。`,
        entity: 'joint_meeting',
        entityId: meeting.id,
        data: {
          actionId: action.id,
          customerId: meeting.customerId,
          viewUrl: `/customers/${meeting.customerId}?tab=reports`,
        },
      },
    ],
    at,
  );
}

export async function addMeetingAction(
  deps: Deps,
  user: ScopedUser,
  actor: Actor,
  meetingId: string,
  body: ActionBody,
): Promise<MeetingView> {
  const at = deps.now();
  await deps.db.transaction(async (tx) => {
    const meeting = await loadMeeting(tx, user, meetingId, true);
    const owner = body.ownerId ? await ownerOf(tx, body.ownerId) : null;
    if (!owner && !body.ownerName) {
      const message = 'give ownerId (a user) or ownerName';
      throw new DomainError('VALIDATION_FAILED', message, [{ field: 'ownerId', message }]);
    }
    const [row] = await queryRows<{ id: string }>(
      tx,
      sql`insert into joint_meeting_actions (meeting_id, title, owner_id, owner_name, due_date, status, note, created_at, updated_at)
          values (${meetingId}::uuid, ${body.title}, ${owner?.id ?? null}::uuid, ${owner?.displayName ?? body.ownerName ?? null},
            ${body.dueDate ?? null}::date, 'open', ${body.note ?? null}, ${at.toISOString()}::timestamptz, ${at.toISOString()}::timestamptz)
          returning id`,
    );
    const id = row!.id;
    if (owner)
      await notifyOwner(
        tx,
        owner,
        actor,
        meeting,
        { id, title: body.title, dueDate: body.dueDate ?? null },
        at,
      );
    await writeAudit(tx, actor, {
      action: 'joint_meeting.action.add',
      entity: 'joint_meeting_action',
      entityId: id,
      after: { meetingId, ...body },
    });
  });
  return getMeeting(deps, user, meetingId);
}

const WRITERS = new Set(['admin', 'kam_manager', 'account_manager']);

/**
 * Changes an action: title, owner (the new owner is notified), due date, note, status
 * (open/done/dropped; done stamps `doneAt`). The meeting's writers may change anything; the
 * action's owner may change its status and note only.
 */
export async function updateMeetingAction(
  deps: Deps,
  user: ScopedUser,
  actor: Actor,
  id: string,
  patch: Partial<ActionBody> & { status?: ActionStatus | undefined },
): Promise<MeetingActionView> {
  const at = deps.now();
  const meetingId = await deps.db.transaction(async (tx) => {
    const [before] = await queryRows<ActionRow & { customerId: string }>(
      tx,
      sql`select x.id, x.meeting_id as "meetingId", x.title, x.owner_id as "ownerId", x.owner_name as "ownerName",
            x.due_date::text as "dueDate", x.status, x.done_at as "doneAt", x.note, m.customer_id as "customerId"
          from joint_meeting_actions x join joint_meetings m on m.id = x.meeting_id
          where x.id = ${id}::uuid for update of x`,
    );
    if (!before) throw new DomainError('NOT_FOUND', `No meeting action ${id}`);
    const isOwner = before.ownerId !== null && before.ownerId === user.id;
    let meeting: MeetingRow;
    if (WRITERS.has(user.role)) {
      meeting = await loadMeeting(tx, user, before.meetingId);
    } else if (isOwner) {
      const [row] = await queryRows<MeetingRow>(
        tx,
        sql`${MEETING_SELECT} where m.id = ${before.meetingId}::uuid`,
      );
      meeting = row!;
      const extra = (['title', 'ownerId', 'ownerName', 'dueDate'] as const).filter(
        (k) => patch[k] !== undefined,
      );
      if (extra.length > 0) {
        throw new DomainError(
          'FORBIDDEN',
          'The owner of an action may change its status and note only',
          extra.map((field) => ({ field, message: 'not yours to change' })),
        );
      }
    } else {
      throw new DomainError('NOT_FOUND', `No meeting action ${id}`);
    }
    const sets = [sql`updated_at = ${at.toISOString()}::timestamptz`];
    if (patch.title !== undefined) sets.push(sql`title = ${patch.title}`);
    if (patch.dueDate !== undefined) sets.push(sql`due_date = ${patch.dueDate}::date`);
    if (patch.note !== undefined) sets.push(sql`note = ${patch.note}`);
    let newOwner: { id: string; displayName: string } | null = null;
    if (patch.ownerId !== undefined && patch.ownerId !== before.ownerId) {
      newOwner = patch.ownerId ? await ownerOf(tx, patch.ownerId) : null;
      sets.push(sql`owner_id = ${newOwner?.id ?? null}::uuid`);
      sets.push(sql`owner_name = ${newOwner?.displayName ?? patch.ownerName ?? before.ownerName}`);
    } else if (patch.ownerName !== undefined && !before.ownerId) {
      sets.push(sql`owner_name = ${patch.ownerName}`);
    }
    if (patch.status !== undefined && patch.status !== before.status) {
      sets.push(sql`status = ${patch.status}`);
      sets.push(
        patch.status === 'done' ? sql`done_at = ${at.toISOString()}::timestamptz` : sql`done_at = null`,
      );
    }
    await tx.execute(sql`update joint_meeting_actions set ${sql.join(sets, sql`, `)} where id = ${id}::uuid`);
    if (newOwner) {
      await notifyOwner(
        tx,
        newOwner,
        actor,
        meeting,
        { id, title: patch.title ?? before.title, dueDate: patch.dueDate ?? before.dueDate },
        at,
      );
    }
    await writeAudit(tx, actor, {
      action: 'joint_meeting.action.update',
      entity: 'joint_meeting_action',
      entityId: id,
      before: {
        title: before.title,
        ownerId: before.ownerId,
        ownerName: before.ownerName,
        dueDate: before.dueDate,
        status: before.status,
        note: before.note,
      },
      after: patch,
    });
    return before.meetingId;
  });
  const [row] = await actionsOf(deps.db, [meetingId]).then((rows) => rows.filter((r) => r.id === id));
  return actionView(row!, todayOf(deps));
}
