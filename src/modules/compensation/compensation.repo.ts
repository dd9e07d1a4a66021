/** SQL of the compensation slips: lists, one slip with its source, events, recipients, summary. */
import { type SQL, sql } from 'drizzle-orm';
import { type Executor, queryRows } from '../../db/database.ts';

const instantOf = (v: Date | string | null): Date | null => (v === null ? null : new Date(v));

export type SlipRow = {
  id: string;
  slipNumber: string;
  customerId: string;
  customerName: string;
  accountManagerId: string | null;
  accountManagerName: string | null;
  regionCode: string;
  kind: string;
  sourceRef: string;
  orderId: string | null;
  orderItemId: string | null;
  agreementId: string | null;
  circuitId: string | null;
  period: string | null;
  computedAmountFen: number;
  amountFen: number;
  basis: Record<string, unknown>;
  status: string;
  responsibleSegment: string | null;
  opsOpinion: string | null;
  opsBy: string | null;
  opsById: string | null;
  opsAt: Date | null;
  decidedBy: string | null;
  decidedAt: Date | null;
  decisionReason: string | null;
  customerConfirmation: string | null;
  confirmedBy: string | null;
  confirmedAt: Date | null;
  settlementRef: string | null;
  settledBy: string | null;
  settledAt: Date | null;
  raisedBy: string;
  raisedById: string | null;
  raisedAt: Date;
  updatedAt: Date;
  orderNumber: string | null;
  agreementNumber: string | null;
  circuitNumber: string | null;
};

/** The id of whoever stated ops' responsibility last (the four-eyes rule looks at it). */
const OPS_BY_ID = sql`(select e.actor_id from compensation_slip_events e
  where e.slip_id = s.id and e.kind = 'ops_stated' order by e.id desc limit 1)`;

const SELECT = sql`select s.id, s.slip_number as "slipNumber", s.customer_id as "customerId",
  c.name as "customerName", c.account_manager_id as "accountManagerId", am.display_name as "accountManagerName",
  s.region_code as "regionCode", s.kind, s.source_ref as "sourceRef", s.order_id as "orderId",
  s.order_item_id as "orderItemId", s.agreement_id as "agreementId", s.circuit_id as "circuitId",
  s.period, s.computed_amount_fen::bigint as "computedAmountFen", s.amount_fen::bigint as "amountFen",
  s.basis, s.status, s.responsible_segment as "responsibleSegment", s.ops_opinion as "opsOpinion",
  s.ops_by as "opsBy", ${OPS_BY_ID} as "opsById", s.ops_at as "opsAt", s.decided_by as "decidedBy",
  s.decided_at as "decidedAt", s.decision_reason as "decisionReason",
  s.customer_confirmation as "customerConfirmation", s.confirmed_by as "confirmedBy",
  s.confirmed_at as "confirmedAt", s.settlement_ref as "settlementRef", s.settled_by as "settledBy",
  s.settled_at as "settledAt", s.raised_by as "raisedBy", s.raised_by_id as "raisedById",
  s.raised_at as "raisedAt", s.updated_at as "updatedAt",
  po.order_number as "orderNumber", sa.agreement_number as "agreementNumber",
  coalesce(ci.circuit_number, poi.circuit_number) as "circuitNumber"
  from compensation_slips s
  join customers c on c.id = s.customer_id
  left join users am on am.id = c.account_manager_id
  left join product_orders po on po.id = s.order_id
  left join product_order_items poi on poi.id = s.order_item_id
  left join sla_agreements sa on sa.id = s.agreement_id
  left join circuits ci on ci.id = s.circuit_id`;

type RawSlip = Omit<SlipRow, 'computedAmountFen' | 'amountFen'> & {
  computedAmountFen: number | string;
  amountFen: number | string;
};

function toRow(r: RawSlip): SlipRow {
  return {
    ...r,
    computedAmountFen: Number(r.computedAmountFen),
    amountFen: Number(r.amountFen),
    basis: (r.basis ?? {}) as Record<string, unknown>,
    opsAt: instantOf(r.opsAt),
    decidedAt: instantOf(r.decidedAt),
    confirmedAt: instantOf(r.confirmedAt),
    settledAt: instantOf(r.settledAt),
    raisedAt: new Date(r.raisedAt),
    updatedAt: new Date(r.updatedAt),
  };
}

export type SlipFilter = {
  status?: string | undefined;
  kind?: string | undefined;
  customerId?: string | undefined;
  /** The "my to-do" condition, already as SQL over `s` and `c`. */
  todo?: SQL | undefined;
  /** Slip number or customer name. */
  q?: string | undefined;
};

function whereOf(scope: SQL, f: SlipFilter): SQL {
  const parts: SQL[] = [scope];
  if (f.status) parts.push(sql`s.status = ${f.status}`);
  if (f.kind) parts.push(sql`s.kind = ${f.kind}`);
  if (f.customerId) parts.push(sql`s.customer_id = ${f.customerId}::uuid`);
  if (f.todo) parts.push(f.todo);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    parts.push(sql`(s.slip_number ilike ${like} or c.name ilike ${like})`);
  }
  return sql.join(parts, sql` and `);
}

export async function listSlips(
  ex: Executor,
  scope: SQL,
  filter: SlipFilter,
  page: { limit: number; offset: number },
): Promise<{ total: number; items: SlipRow[] }> {
  const where = whereOf(scope, filter);
  const [count] = await queryRows<{ n: number | string }>(
    ex,
    sql`select count(*)::int as n from compensation_slips s join customers c on c.id = s.customer_id where ${where}`,
  );
  const rows = await queryRows<RawSlip>(
    ex,
    sql`${SELECT} where ${where} order by s.raised_at desc, s.slip_number desc limit ${page.limit} offset ${page.offset}`,
  );
  return { total: Number(count?.n ?? 0), items: rows.map(toRow) };
}

/** Counts per status and of the to-do condition, for the inbox badges. */
export async function countSlips(
  ex: Executor,
  scope: SQL,
  todo: SQL,
): Promise<{ byStatus: Record<string, number>; todo: number }> {
  const rows = await queryRows<{ status: string; n: number | string; todo: number | string }>(
    ex,
    sql`select s.status, count(*)::int as n, count(*) filter (where ${todo})::int as todo
      from compensation_slips s join customers c on c.id = s.customer_id where ${scope} group by s.status`,
  );
  const byStatus: Record<string, number> = {};
  let todoCount = 0;
  for (const r of rows) {
    byStatus[r.status] = Number(r.n);
    todoCount += Number(r.todo);
  }
  return { byStatus, todo: todoCount };
}

/** One slip within `scope`; `forUpdate` locks the slip row for a step. */
export async function findSlip(
  ex: Executor,
  scope: SQL,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<SlipRow | null> {
  const lock = options.forUpdate ? sql` for update of s` : sql``;
  const [row] = await queryRows<RawSlip>(ex, sql`${SELECT} where s.id = ${id}::uuid and ${scope}${lock}`);
  return row ? toRow(row) : null;
}

export type SlipEventRow = {
  id: number;
  kind: string;
  fromStatus: string | null;
  toStatus: string | null;
  amountBeforeFen: number | null;
  amountAfterFen: number | null;
  note: string | null;
  at: Date;
  actorName: string;
  actorDisplayName: string | null;
  actorRole: string;
};

export async function listSlipEvents(ex: Executor, slipId: string): Promise<SlipEventRow[]> {
  const rows = await queryRows<
    Omit<SlipEventRow, 'amountBeforeFen' | 'amountAfterFen' | 'id'> & {
      id: number | string;
      amountBeforeFen: number | string | null;
      amountAfterFen: number | string | null;
    }
  >(
    ex,
    sql`select e.id, e.kind, e.from_status as "fromStatus", e.to_status as "toStatus",
      e.amount_before_fen as "amountBeforeFen", e.amount_after_fen as "amountAfterFen", e.note, e.at,
      e.actor_name as "actorName", u.display_name as "actorDisplayName", e.actor_role as "actorRole"
      from compensation_slip_events e left join users u on u.id = e.actor_id
      where e.slip_id = ${slipId}::uuid order by e.id`,
  );
  return rows.map((r) => ({
    ...r,
    id: Number(r.id),
    amountBeforeFen: r.amountBeforeFen === null ? null : Number(r.amountBeforeFen),
    amountAfterFen: r.amountAfterFen === null ? null : Number(r.amountAfterFen),
    at: new Date(r.at),
  }));
}

export type SlipSource = {
  orderNumber: string | null;
  lineNo: number | null;
  product: string | null;
  itemCircuitNumber: string | null;
  agreementNumber: string | null;
  circuitNumber: string | null;
};

/** The numbers of what raised the slip (the order and line, or the agreement and circuit). */
export async function findSlipSource(
  ex: Executor,
  slip: Pick<SlipRow, 'orderId' | 'orderItemId' | 'agreementId' | 'circuitId'>,
): Promise<SlipSource> {
  const [row] = await queryRows<SlipSource>(
    ex,
    sql`select
      (select o.order_number from product_orders o where o.id = ${slip.orderId}::uuid) as "orderNumber",
      (select i.line_no from product_order_items i where i.id = ${slip.orderItemId}::uuid) as "lineNo",
      (select i.product from product_order_items i where i.id = ${slip.orderItemId}::uuid) as "product",
      (select i.circuit_number from product_order_items i where i.id = ${slip.orderItemId}::uuid) as "itemCircuitNumber",
      (select a.agreement_number from sla_agreements a where a.id = ${slip.agreementId}::uuid) as "agreementNumber",
      (select ci.circuit_number from circuits ci where ci.id = ${slip.circuitId}::uuid) as "circuitNumber"`,
  );
  return (
    row ?? {
      orderNumber: null,
      lineNo: null,
      product: null,
      itemCircuitNumber: null,
      agreementNumber: null,
      circuitNumber: null,
    }
  );
}

/** Active users of `role` whose region is `regionCode` or above it (or who have none). */
export async function findRegionUsers(ex: Executor, role: string, regionCode: string): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    ex,
    sql`with recursive up(code, parent) as (
        select code, parent_code from regions where code = ${regionCode}
        union
        select r.code, r.parent_code from regions r join up on r.code = up.parent
      )
      select u.id from users u
      where u.role = ${role} and u.active
        and (u.region_code is null or u.region_code in (select code from up))
      order by u.username`,
  );
  return rows.map((r) => r.id);
}

export type SummaryRow = {
  month: string;
  kind: string;
  status: string;
  count: number;
  amountFen: number;
  computedAmountFen: number;
};

/** Amounts by raising month (Asia/Shanghai) × kind × status within `scope`. */
export async function summarizeSlips(
  ex: Executor,
  scope: SQL,
  range: { fromAt: Date; toAt: Date },
): Promise<SummaryRow[]> {
  const rows = await queryRows<{
    month: string;
    kind: string;
    status: string;
    count: number | string;
    amountFen: number | string;
    computedAmountFen: number | string;
  }>(
    ex,
    sql`select to_char(s.raised_at at time zone 'Asia/Shanghai', 'YYYY-MM') as month, s.kind, s.status,
        count(*)::int as count, coalesce(sum(s.amount_fen), 0)::bigint as "amountFen",
        coalesce(sum(s.computed_amount_fen), 0)::bigint as "computedAmountFen"
      from compensation_slips s join customers c on c.id = s.customer_id
      where ${scope} and s.raised_at >= ${range.fromAt.toISOString()}::timestamptz
        and s.raised_at < ${range.toAt.toISOString()}::timestamptz
      group by 1, 2, 3 order by 1, 2, 3`,
  );
  return rows.map((r) => ({
    month: r.month,
    kind: r.kind,
    status: r.status,
    count: Number(r.count),
    amountFen: Number(r.amountFen),
    computedAmountFen: Number(r.computedAmountFen),
  }));
}
