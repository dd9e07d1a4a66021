/** Reads and writes of circuits (`circuits`) and the front-desk lookup's queries. */
import { type SQL, sql } from 'drizzle-orm';
import { type Executor, queryRows } from '../../db/database.ts';

export type CircuitRow = {
  id: string;
  circuitNumber: string;
  customerId: string;
  customerName: string;
  product: string;
  scope: string;
  bandwidthMbps: number | null;
  aEnd: string | null;
  zEnd: string | null;
  activatedOn: string | null;
  status: string;
  createdAt: Date;
  updatedAt: Date;
};

const COLUMNS = sql`k.id, k.circuit_number as "circuitNumber", k.customer_id as "customerId",
  c.name as "customerName", k.product, k.scope, k.bandwidth_mbps as "bandwidthMbps", k.a_end as "aEnd",
  k.z_end as "zEnd", k.activated_on as "activatedOn", k.status, k.created_at as "createdAt",
  k.updated_at as "updatedAt"`;

const FROM = sql`circuits k join customers c on c.id = k.customer_id`;

const normalise = (r: CircuitRow): CircuitRow => ({
  ...r,
  createdAt: new Date(r.createdAt),
  updatedAt: new Date(r.updatedAt),
});

/** Escapes LIKE wildcards so a search for "10%" looks for those characters. */
export function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

export async function listCircuits(
  ex: Executor,
  visible: SQL,
  filter: { q?: string | undefined; customerId?: string | undefined },
  page: { limit: number; offset: number },
): Promise<{ total: number; items: CircuitRow[] }> {
  const where: SQL[] = [visible];
  if (filter.customerId) where.push(sql`k.customer_id = ${filter.customerId}::uuid`);
  if (filter.q) {
    const q = likeLiteral(filter.q.toUpperCase());
    where.push(sql`(upper(k.circuit_number) like ${`%${q}%`} or k.a_end ilike ${`%${likeLiteral(filter.q)}%`}
      or k.z_end ilike ${`%${likeLiteral(filter.q)}%`})`);
  }
  const condition = sql.join(where, sql` and `);
  const [count] = await queryRows<{ n: number }>(
    ex,
    sql`select count(*)::int as n from ${FROM} where ${condition}`,
  );
  const rows = await queryRows<CircuitRow>(
    ex,
    sql`select ${COLUMNS} from ${FROM} where ${condition} order by k.circuit_number
      limit ${page.limit} offset ${page.offset}`,
  );
  return { total: Number(count?.n ?? 0), items: rows.map(normalise) };
}

export async function findCircuit(ex: Executor, id: string): Promise<CircuitRow | null> {
  const [row] = await queryRows<CircuitRow>(ex, sql`select ${COLUMNS} from ${FROM} where k.id = ${id}::uuid`);
  return row ? normalise(row) : null;
}

export async function findCircuitIdByNumber(ex: Executor, circuitNumber: string): Promise<string | null> {
  const [row] = await queryRows<{ id: string }>(
    ex,
    sql`select id from circuits where circuit_number = ${circuitNumber}`,
  );
  return row?.id ?? null;
}

export type NewCircuit = {
  circuitNumber: string;
  customerId: string;
  product: string;
  scope: string;
  bandwidthMbps: number | null;
  aEnd: string | null;
  zEnd: string | null;
  activatedOn: string | null;
  at: Date;
};

/** Inserts a circuit; null when the number is taken (unique index). */
export async function insertCircuit(ex: Executor, c: NewCircuit): Promise<string | null> {
  const [row] = await queryRows<{ id: string }>(
    ex,
    sql`insert into circuits (circuit_number, customer_id, product, scope, bandwidth_mbps, a_end, z_end, activated_on,
        created_at, updated_at)
      values (${c.circuitNumber}, ${c.customerId}::uuid, ${c.product}, ${c.scope}, ${c.bandwidthMbps}, ${c.aEnd},
        ${c.zEnd}, ${c.activatedOn}::date, ${c.at.toISOString()}::timestamptz, ${c.at.toISOString()}::timestamptz)
      on conflict (circuit_number) do nothing
      returning id`,
  );
  return row?.id ?? null;
}

// ---------------------------------------------------------------- lookup

export type LookupMatchedBy = 'name' | 'code' | 'phone' | 'circuit';

export type LookupHit = { customerId: string; matchedBy: LookupMatchedBy; matched: string; rank: number };

/**
 * Customers matching `q` by circuit number, customer or credit code, contact (or customer) phone,
 * or name substring, visible under `visible` (SQL over `c`); the best match per customer, best
 * first (circuit, code, phone, name; then shorter matched text), at most `limit`.
 */
export async function lookupCustomers(
  ex: Executor,
  visible: SQL,
  q: string,
  limit: number,
): Promise<LookupHit[]> {
  const literal = likeLiteral(q);
  const upper = literal.toUpperCase();
  const digits = q.replace(/[^0-9]/g, '');
  const parts: SQL[] = [
    sql`select k.customer_id as id, 'circuit' as mby, k.circuit_number as matched, 1 as rank
      from circuits k where upper(k.circuit_number) like ${`%${upper}%`}`,
    sql`select c.id, 'code', c.code, 2 from customers c where c.code like ${`${literal}%`} or c.code like ${`${upper}%`}`,
    sql`select c.id, 'code', c.credit_code, 2 from customers c where c.credit_code like ${`${upper}%`}`,
    sql`select c.id, 'name', c.name, 4 from customers c where c.name ilike ${`%${literal}%`}`,
  ];
  if (digits.length >= 3 && /^[0-9+\- ()]+$/.test(q)) {
    parts.push(
      sql`select ct.customer_id, 'phone', ct.phone, 3 from contacts ct
        where ct.phone like ${`${literal}%`} or regexp_replace(ct.phone, '[^0-9]', '', 'g') like ${`%${digits}%`}`,
      sql`select c.id, 'phone', c.phone, 3 from customers c
        where c.phone like ${`${literal}%`} or regexp_replace(c.phone, '[^0-9]', '', 'g') like ${`%${digits}%`}`,
    );
  }
  const union = sql.join(parts, sql` union all `);
  const rows = await queryRows<{
    customerId: string;
    matchedBy: LookupMatchedBy;
    matched: string;
    rank: number;
  }>(
    ex,
    sql`select distinct on (m.id) m.id as "customerId", m.mby as "matchedBy", m.matched, m.rank
      from (${union}) m(id, mby, matched, rank)
      join customers c on c.id = m.id
      where ${visible}
      order by m.id, m.rank, length(m.matched), m.matched`,
  );
  return rows
    .sort(
      (a, b) => a.rank - b.rank || a.matched.length - b.matched.length || a.matched.localeCompare(b.matched),
    )
    .slice(0, limit);
}

export type LookupCustomerRow = {
  id: string;
  name: string;
  creditCode: string | null;
  tier: string | null;
  stars: number | null;
  groupClass: string | null;
  regionCode: string;
  regionName: string | null;
  accountManagerId: string | null;
  accountManagerName: string | null;
  openTickets: number;
};

export async function findLookupCustomers(
  ex: Executor,
  ids: readonly string[],
): Promise<LookupCustomerRow[]> {
  if (ids.length === 0) return [];
  const list = sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  return queryRows<LookupCustomerRow>(
    ex,
    sql`select c.id, c.name, c.credit_code as "creditCode", c.tier, c.stars, c.group_class as "groupClass",
        c.region_code as "regionCode", r.name as "regionName", c.account_manager_id as "accountManagerId",
        u.display_name as "accountManagerName",
        (select count(*)::int from tickets t where t.customer_id = c.id
          and t.status not in ('closed', 'cancelled', 'rejected')) as "openTickets"
      from customers c left join regions r on r.code = c.region_code left join users u on u.id = c.account_manager_id
      where c.id in (${list})`,
  );
}

export type LookupCircuitRow = {
  id: string;
  customerId: string;
  circuitNumber: string;
  product: string;
  scope: string;
  bandwidthMbps: number | null;
};

export async function findCircuitsOf(
  ex: Executor,
  customerIds: readonly string[],
): Promise<LookupCircuitRow[]> {
  if (customerIds.length === 0) return [];
  const list = sql.join(
    customerIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  return queryRows<LookupCircuitRow>(
    ex,
    sql`select id, customer_id as "customerId", circuit_number as "circuitNumber", product, scope,
        bandwidth_mbps as "bandwidthMbps"
      from circuits where customer_id in (${list}) and status <> 'terminated' order by circuit_number`,
  );
}
