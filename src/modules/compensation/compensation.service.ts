/**
 * Compensation slips (赔付单, PRODUCT.md §5–6). `raiseSlip` is how orders (late activation) and
 * agreements (a breached month) raise one, in their own transaction; it is idempotent per
 * (kind, sourceRef), so re-running a measurement or an activation never raises a second slip.
 *
 * Then the slip is worked by role (`src/domain/compensation/workflow.ts`): ops states the
 * responsible segment, the key-account department approves or rejects (four eyes), the customer's
 * confirmation is recorded, and it is settled. Every step locks the slip, checks the rule, writes
 * the slip, an event row, the audit log and the notifications in one transaction.
 *
 * Reads are scoped like the customer (`customerScopeOver`): out of scope looks like missing (404).
 */
import { type SQL, sql } from 'drizzle-orm';
import { type Actor, writeAudit } from '../../db/audit.ts';
import type { Tx } from '../../db/database.ts';
import { nextDocumentNumber } from '../../db/numbers.ts';
import { compensationSlipEvents, compensationSlips } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import type { ScopedUser } from '../../domain/access.ts';
import { explainSlipBasis } from '../../domain/compensation/basis.ts';
import { formatYuan, isFen } from '../../domain/compensation/money.ts';
import {
  availableSlipActions,
  planAmountChange,
  planSlipStep,
  type ResponsibleSegment,
  type SlipKind,
  type SlipState,
  type SlipStatus,
  type SlipStep,
  todoStatusesFor,
} from '../../domain/compensation/workflow.ts';
import { DomainError } from '../../domain/errors.ts';
import { customerScopeOver, loadScopedCustomer } from '../customers/customers.access.ts';
import { type NewNotification, notify } from '../notifications/notifications.service.ts';
import {
  countSlips,
  findRegionUsers,
  findSlip,
  findSlipSource,
  listSlipEvents,
  listSlips,
  type SlipRow,
  type SummaryRow,
  summarizeSlips,
} from './compensation.repo.ts';

export type { SlipKind } from '../../domain/compensation/workflow.ts';

export type RaiseSlipInput = {
  kind: SlipKind;
  /** Unique per kind: the order line id, or `<agreementId>:<circuitId>:<YYYY-MM>`. */
  sourceRef: string;
  customerId: string;
  regionCode: string;
  orderId?: string | null;
  orderItemId?: string | null;
  agreementId?: string | null;
  circuitId?: string | null;
  period?: string | null;
  amountFen: number;
  /** The rule's inputs and steps (shown on the slip so anyone can check the amount). */
  basis: Record<string, unknown>;
};

const KIND_NAMES: Record<SlipKind, string> = {
  provisioning_late: '开通逾期赔付',
  sla_availability: 'SLA 可用率赔付',
  sla_restore: 'SLA 修复时限赔付',
};

/** Raises a slip once per (kind, sourceRef); returns it and whether this call created it. */
export async function raiseSlip(
  tx: Tx,
  input: RaiseSlipInput,
  at: Date,
  actor: Actor,
): Promise<{ id: string; slipNumber: string; created: boolean }> {
  if (!isFen(input.amountFen))
    throw new RangeError(`amountFen must be whole non-negative fen: ${input.amountFen}`);
  const existing = (
    (await tx.execute(sql`select id, slip_number as "slipNumber" from compensation_slips
      where kind = ${input.kind} and source_ref = ${input.sourceRef}`)) as unknown as {
      rows: { id: string; slipNumber: string }[];
    }
  ).rows[0];
  if (existing) return { ...existing, created: false };
  const slipNumber = await nextDocumentNumber(tx, 'compensation_slip_seq', 'CS', at);
  const [row] = await tx
    .insert(compensationSlips)
    .values({
      slipNumber,
      customerId: input.customerId,
      regionCode: input.regionCode,
      kind: input.kind,
      sourceRef: input.sourceRef,
      orderId: input.orderId ?? null,
      orderItemId: input.orderItemId ?? null,
      agreementId: input.agreementId ?? null,
      circuitId: input.circuitId ?? null,
      period: input.period ?? null,
      computedAmountFen: input.amountFen,
      amountFen: input.amountFen,
      basis: input.basis,
      status: 'raised',
      raisedBy: actor.name,
      raisedById: actor.id,
      raisedAt: at,
      updatedAt: at,
    })
    .onConflictDoNothing()
    .returning({ id: compensationSlips.id });
  if (!row) {
    // A concurrent transaction raised it first.
    return raiseSlip(tx, input, at, actor);
  }
  await tx.insert(compensationSlipEvents).values({
    slipId: row.id,
    kind: 'raised',
    toStatus: 'raised',
    amountAfterFen: input.amountFen,
    at,
    actorId: actor.id,
    actorName: actor.name,
    actorRole: actor.role,
  });
  await writeAudit(tx, actor, {
    action: 'compensation.raise',
    entity: 'compensation_slip',
    entityId: row.id,
    after: { slipNumber, ...input },
  });
  const ops = await findRegionUsers(tx, 'ops_engineer', input.regionCode);
  const customerName = await customerNameOf(tx, input.customerId);
  await notify(
    tx,
    ops.map((userId) => ({
      userId,
      kind: 'compensation_raised',
      title: `新赔付单待运维说明:${slipNumber}`,
      body: `${customerName} 的${KIND_NAMES[input.kind]} ¥${formatYuan(input.amountFen)},请说明责任环节并给出意见。`,
      entity: 'compensationSlip',
      entityId: row.id,
      data: { slipNumber, customerId: input.customerId, kind: input.kind, amountFen: input.amountFen },
    })),
    at,
  );
  return { id: row.id, slipNumber, created: true };
}

async function customerNameOf(tx: Tx, customerId: string): Promise<string> {
  const rows = (
    (await tx.execute(sql`select name from customers where id = ${customerId}::uuid`)) as unknown as {
      rows: { name: string }[];
    }
  ).rows;
  return rows[0]?.name ?? '客户';
}

// ---------------------------------------------------------------- views

export type SlipView = {
  id: string;
  slipNumber: string;
  customerId: string;
  customerName: string;
  accountManagerId: string | null;
  accountManagerName: string | null;
  regionCode: string;
  kind: SlipKind;
  sourceRef: string;
  orderId: string | null;
  orderItemId: string | null;
  agreementId: string | null;
  circuitId: string | null;
  period: string | null;
  computedAmountFen: number;
  amountFen: number;
  amountChanged: boolean;
  status: SlipStatus;
  responsibleSegment: ResponsibleSegment | null;
  opsOpinion: string | null;
  opsBy: string | null;
  opsAt: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
  customerConfirmation: string | null;
  confirmedBy: string | null;
  confirmedAt: string | null;
  settlementRef: string | null;
  settledBy: string | null;
  settledAt: string | null;
  raisedBy: string;
  raisedAt: string;
  updatedAt: string;
  /** Numbers of the source, for lists: the order, the agreement, the circuit. */
  orderNumber: string | null;
  agreementNumber: string | null;
  circuitNumber: string | null;
};

const iso = (d: Date | null) => d?.toISOString() ?? null;

function toSlipView(r: SlipRow): SlipView {
  return {
    id: r.id,
    slipNumber: r.slipNumber,
    customerId: r.customerId,
    customerName: r.customerName,
    accountManagerId: r.accountManagerId,
    accountManagerName: r.accountManagerName,
    regionCode: r.regionCode,
    kind: r.kind as SlipKind,
    sourceRef: r.sourceRef,
    orderId: r.orderId,
    orderItemId: r.orderItemId,
    agreementId: r.agreementId,
    circuitId: r.circuitId,
    period: r.period,
    computedAmountFen: r.computedAmountFen,
    amountFen: r.amountFen,
    amountChanged: r.amountFen !== r.computedAmountFen,
    status: r.status as SlipStatus,
    responsibleSegment: r.responsibleSegment as ResponsibleSegment | null,
    opsOpinion: r.opsOpinion,
    opsBy: r.opsBy,
    opsAt: iso(r.opsAt),
    decidedBy: r.decidedBy,
    decidedAt: iso(r.decidedAt),
    decisionReason: r.decisionReason,
    customerConfirmation: r.customerConfirmation,
    confirmedBy: r.confirmedBy,
    confirmedAt: iso(r.confirmedAt),
    settlementRef: r.settlementRef,
    settledBy: r.settledBy,
    settledAt: iso(r.settledAt),
    raisedBy: r.raisedBy,
    raisedAt: r.raisedAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    orderNumber: r.orderNumber,
    agreementNumber: r.agreementNumber,
    circuitNumber: r.circuitNumber,
  };
}

const stateOf = (r: SlipRow): SlipState => ({
  status: r.status as SlipStatus,
  raisedById: r.raisedById,
  opsById: r.opsById,
  accountManagerId: r.accountManagerId,
});

/** Slips `user` may read, as SQL over `s` (compensation_slips) joined to `c` (customers). */
export function slipScope(user: ScopedUser): SQL {
  return customerScopeOver(user, {
    accountManagerId: sql`c.account_manager_id`,
    regionCode: sql`c.region_code`,
  });
}

/**
 * The "my to-do" condition: slips in a status the user's role may move on, where the rule lets
 * this user act (own customers for an account manager; not the raiser or stater for a decision).
 */
export function todoCondition(user: ScopedUser): SQL {
  const statuses = todoStatusesFor(user.role);
  if (statuses.length === 0) return sql`false`;
  const parts = statuses.map((status): SQL => {
    if (status === 'approved' && user.role === 'account_manager') {
      return sql`(s.status = 'approved' and c.account_manager_id = ${user.id}::uuid)`;
    }
    if (status === 'ops_stated') {
      return sql`(s.status = 'ops_stated' and s.raised_by_id is distinct from ${user.id}::uuid
        and not exists (select 1 from compensation_slip_events e where e.slip_id = s.id
          and e.kind = 'ops_stated' and e.actor_id = ${user.id}::uuid))`;
    }
    return sql`s.status = ${status}`;
  });
  return sql`(${sql.join(parts, sql` or `)})`;
}

// ---------------------------------------------------------------- reads

export type SlipQuery = {
  status?: SlipStatus | undefined;
  kind?: SlipKind | undefined;
  customerId?: string | undefined;
  todo?: boolean | undefined;
  q?: string | undefined;
  limit: number;
  offset: number;
};

export async function listSlipsFor(
  deps: Deps,
  user: ScopedUser,
  q: SlipQuery,
): Promise<{ total: number; items: SlipView[] }> {
  const page = await listSlips(
    deps.db,
    slipScope(user),
    {
      status: q.status,
      kind: q.kind,
      customerId: q.customerId,
      q: q.q,
      todo: q.todo ? todoCondition(user) : undefined,
    },
    q,
  );
  return { total: page.total, items: page.items.map(toSlipView) };
}

/** Badge counts of the inbox: slips per status in scope, and the user's to-do. */
export async function slipCountsFor(
  deps: Deps,
  user: ScopedUser,
): Promise<{ all: number; todo: number; byStatus: Record<string, number> }> {
  const counts = await countSlips(deps.db, slipScope(user), todoCondition(user));
  const all = Object.values(counts.byStatus).reduce((a, b) => a + b, 0);
  return { all, todo: counts.todo, byStatus: counts.byStatus };
}

export type SlipEventView = {
  id: number;
  kind: string;
  fromStatus: string | null;
  toStatus: string | null;
  amountBeforeFen: number | null;
  amountAfterFen: number | null;
  note: string | null;
  at: string;
  actorName: string;
  actorDisplayName: string | null;
  actorRole: string;
};

export type SlipDetail = SlipView & {
  basis: Record<string, unknown>;
  explanation: string[];
  source: {
    orderNumber: string | null;
    lineNo: number | null;
    product: string | null;
    agreementNumber: string | null;
    circuitNumber: string | null;
  };
  events: SlipEventView[];
  /** What the caller may do now: steps, and `amount` for an amount change. */
  actions: (SlipStep | 'amount')[];
};

export async function getSlipDetail(deps: Deps, user: ScopedUser, id: string): Promise<SlipDetail> {
  const row = await findSlip(deps.db, slipScope(user), id);
  if (!row) throw new DomainError('NOT_FOUND', `No compensation slip ${id}`);
  const [source, events] = await Promise.all([findSlipSource(deps.db, row), listSlipEvents(deps.db, row.id)]);
  return {
    ...toSlipView(row),
    basis: row.basis,
    explanation: explainSlipBasis(row.kind as SlipKind, row.basis, row.computedAmountFen),
    source: {
      orderNumber: source.orderNumber,
      lineNo: source.lineNo,
      product: source.product,
      agreementNumber: source.agreementNumber,
      circuitNumber: source.circuitNumber ?? source.itemCircuitNumber,
    },
    events: events.map((e) => ({ ...e, at: e.at.toISOString() })),
    actions: availableSlipActions(stateOf(row), user),
  };
}

/** A customer's slips, newest first (404 when the customer is out of scope). */
export async function listCustomerSlips(
  deps: Deps,
  user: ScopedUser,
  customerId: string,
): Promise<SlipView[]> {
  await loadScopedCustomer(deps.db, user, customerId);
  const page = await listSlips(deps.db, sql`true`, { customerId }, { limit: 500, offset: 0 });
  return page.items.map(toSlipView);
}

export type SlipSummary = {
  from: string;
  to: string;
  rows: SummaryRow[];
  totals: { count: number; amountFen: number; computedAmountFen: number; settledFen: number };
};

const monthStart = (month: string): Date => new Date(`${month}-01T00:00:00+08:00`);
function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}
function shanghaiMonth(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 7);
}

/** Amounts by raising month × kind × status, for the chart and the operating reports. */
export async function slipSummaryFor(
  deps: Deps,
  user: ScopedUser,
  q: { from?: string | undefined; to?: string | undefined; customerId?: string | undefined },
): Promise<SlipSummary> {
  const to = q.to ?? shanghaiMonth(deps.now());
  let from = q.from;
  if (!from) {
    from = to;
    for (let i = 0; i < 11; i++) {
      const [y, m] = from.split('-').map(Number) as [number, number];
      from = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
    }
  }
  if (from > to) {
    throw new DomainError('INVALID_RANGE', `from ${from} is after to ${to}`, [
      { field: 'from', message: 'must not be after to' },
    ]);
  }
  let scope = slipScope(user);
  if (q.customerId) {
    await loadScopedCustomer(deps.db, user, q.customerId);
    scope = sql`${scope} and s.customer_id = ${q.customerId}::uuid`;
  }
  const rows = await summarizeSlips(deps.db, scope, {
    fromAt: monthStart(from),
    toAt: monthStart(nextMonth(to)),
  });
  const totals = { count: 0, amountFen: 0, computedAmountFen: 0, settledFen: 0 };
  for (const r of rows) {
    totals.count += r.count;
    totals.amountFen += r.amountFen;
    totals.computedAmountFen += r.computedAmountFen;
    if (r.status === 'settled') totals.settledFen += r.amountFen;
  }
  return { from, to, rows, totals };
}

// ---------------------------------------------------------------- steps

export type StepInput =
  | { step: 'ops_statement'; responsibleSegment: ResponsibleSegment; opinion: string }
  | { step: 'approve'; note?: string | undefined }
  | { step: 'reject'; reason: string }
  | { step: 'confirm'; confirmedBy: string; confirmedAt?: string | undefined; note?: string | undefined }
  | { step: 'settle'; settlementRef: string; note?: string | undefined };

const SEGMENT_NAMES: Record<ResponsibleSegment, string> = {
  access_network: '接入网',
  transmission: '传输',
  core_network: '核心/数据网',
  field_installation: '现场施工',
  customer_side: '客户侧',
  other_operator: '他网运营商',
  other: '其他',
};

/** Takes one workflow step as `user` (the HTTP edge) and returns the slip's detail. */
export async function takeSlipStep(
  deps: Deps,
  user: ScopedUser,
  actor: Actor,
  id: string,
  input: StepInput,
): Promise<SlipDetail> {
  await deps.db.transaction((tx) => takeSlipStepTx(tx, user, actor, id, input, deps.now()));
  return getSlipDetail(deps, user, id);
}

/** A step in the caller's transaction at `at` (the demo backdates steps). */
export async function takeSlipStepTx(
  tx: Tx,
  user: ScopedUser,
  actor: Actor,
  id: string,
  input: StepInput,
  at: Date,
): Promise<SlipStatus> {
  const slip = await findSlip(tx, slipScope(user), id, { forUpdate: true });
  if (!slip) throw new DomainError('NOT_FOUND', `No compensation slip ${id}`);
  const from = slip.status as SlipStatus;
  const to = planSlipStep(stateOf(slip), input.step, user);
  let set: Partial<typeof compensationSlips.$inferInsert> = {};
  let note: string | null = null;
  switch (input.step) {
    case 'ops_statement':
      set = {
        responsibleSegment: input.responsibleSegment,
        opsOpinion: input.opinion,
        opsBy: actor.name,
        opsAt: at,
      };
      note = `${SEGMENT_NAMES[input.responsibleSegment]}:${input.opinion}`;
      break;
    case 'approve':
      set = {
        decidedBy: actor.name,
        decidedById: actor.id,
        decidedAt: at,
        decisionReason: input.note ?? null,
      };
      note = input.note ?? null;
      break;
    case 'reject':
      set = { decidedBy: actor.name, decidedById: actor.id, decidedAt: at, decisionReason: input.reason };
      note = input.reason;
      break;
    case 'confirm': {
      const confirmedAt = input.confirmedAt ? new Date(input.confirmedAt) : at;
      if (confirmedAt.getTime() > at.getTime()) {
        throw new DomainError('VALIDATION_FAILED', 'The confirmation cannot lie in the future', [
          { field: 'confirmedAt', message: 'not after now' },
        ]);
      }
      if (confirmedAt.getTime() < slip.raisedAt.getTime()) {
        throw new DomainError('VALIDATION_FAILED', 'The confirmation cannot precede the slip', [
          { field: 'confirmedAt', message: 'not before the slip was raised' },
        ]);
      }
      set = { confirmedBy: input.confirmedBy, confirmedAt, customerConfirmation: input.note ?? null };
      note = `客户确认人 ${input.confirmedBy}${input.note ? `:${input.note}` : ''}`;
      break;
    }
    case 'settle':
      set = { settlementRef: input.settlementRef, settledBy: actor.name, settledAt: at };
      note = `结算凭证 ${input.settlementRef}${input.note ? `:${input.note}` : ''}`;
      break;
  }
  await tx
    .update(compensationSlips)
    .set({ ...set, status: to, updatedAt: at })
    .where(sql`${compensationSlips.id} = ${id}::uuid`);
  await tx.insert(compensationSlipEvents).values({
    slipId: id,
    kind: to,
    fromStatus: from,
    toStatus: to,
    note,
    at,
    actorId: actor.id,
    actorName: actor.name,
    actorRole: actor.role,
  });
  const { step: _step, ...fields } = input;
  await writeAudit(tx, actor, {
    action: `compensation.${input.step}`,
    entity: 'compensation_slip',
    entityId: id,
    before: { status: from },
    after: { status: to, ...fields },
    reason: input.step === 'reject' ? input.reason : null,
  });
  await notify(tx, await recipientsOf(tx, slip, to, note), at);
  return to;
}

async function recipientsOf(
  tx: Tx,
  slip: SlipRow,
  to: SlipStatus,
  note: string | null,
): Promise<NewNotification[]> {
  const base = {
    entity: 'compensationSlip',
    entityId: slip.id,
    data: { slipNumber: slip.slipNumber, customerId: slip.customerId, status: to, amountFen: slip.amountFen },
  };
  const money = `¥${formatYuan(slip.amountFen)}`;
  const toAm = (title: string, body: string): NewNotification[] =>
    slip.accountManagerId
      ? [{ ...base, userId: slip.accountManagerId, kind: `compensation_${to}`, title, body }]
      : [];
  switch (to) {
    case 'ops_stated':
      return (await findRegionUsers(tx, 'kam_manager', slip.regionCode)).map((userId) => ({
        ...base,
        userId,
        kind: 'compensation_ops_stated',
        title: `赔付单待审批:${slip.slipNumber}`,
        body: `${slip.customerName} ${money};运维意见:${note ?? ''}`,
      }));
    case 'approved':
      return toAm(
        `赔付单已审批通过:${slip.slipNumber}`,
        `${slip.customerName} ${money} 已审批通过,请取得客户确认并登记。`,
      );
    case 'rejected':
      return toAm(
        `赔付单被驳回:${slip.slipNumber}`,
        `${slip.customerName} ${money} 被驳回,原因:${note ?? ''}`,
      );
    case 'customer_confirmed':
      return (await findRegionUsers(tx, 'kam_manager', slip.regionCode)).map((userId) => ({
        ...base,
        userId,
        kind: 'compensation_customer_confirmed',
        title: `赔付单待结算:${slip.slipNumber}`,
        body: `${slip.customerName} 已确认 ${money},请办理结算。`,
      }));
    case 'settled':
      return toAm(`赔付单已结算:${slip.slipNumber}`, `${slip.customerName} ${money} 已结算(${note ?? ''})。`);
    default:
      return [];
  }
}

/** Changes the amount in force (before approval, with a reason); the computed amount stays. */
export async function changeSlipAmount(
  deps: Deps,
  user: ScopedUser,
  actor: Actor,
  id: string,
  input: { amountFen: number; reason: string },
): Promise<SlipDetail> {
  const at = deps.now();
  await deps.db.transaction(async (tx) => {
    const slip = await findSlip(tx, slipScope(user), id, { forUpdate: true });
    if (!slip) throw new DomainError('NOT_FOUND', `No compensation slip ${id}`);
    const plan = planAmountChange(stateOf(slip), slip.amountFen, user, input);
    await tx
      .update(compensationSlips)
      .set({ amountFen: plan.after, updatedAt: at })
      .where(sql`${compensationSlips.id} = ${id}::uuid`);
    await tx.insert(compensationSlipEvents).values({
      slipId: id,
      kind: 'amount_changed',
      fromStatus: slip.status,
      toStatus: slip.status,
      amountBeforeFen: plan.before,
      amountAfterFen: plan.after,
      note: plan.reason,
      at,
      actorId: actor.id,
      actorName: actor.name,
      actorRole: actor.role,
    });
    await writeAudit(tx, actor, {
      action: 'compensation.amount',
      entity: 'compensation_slip',
      entityId: id,
      before: { amountFen: plan.before },
      after: { amountFen: plan.after, computedAmountFen: slip.computedAmountFen },
      reason: plan.reason,
    });
  });
  return getSlipDetail(deps, user, id);
}
