/** Queries of the imports module: import runs, reference lookups, the staging table and the upserts. */
import { and, count, desc, eq, getTableColumns, type SQL, sql } from 'drizzle-orm';
import type { Actor } from '../../db/audit.ts';
import type { Executor } from '../../db/database.ts';
import { queryRows } from '../../db/database.ts';
import { importRuns, regions, users } from '../../db/schema.ts';
import { scopeCondition } from '../../db/scope.ts';
import type { DataScope, RegionNode } from '../../domain/access.ts';
import type { ImportKind } from '../../domain/imports/columns.ts';
import {
  type MovedRecords,
  moveAccountManagerRecordsByCustomer,
  moveRegionRecords,
  type RegionMovedRecords,
  sumMoved,
  ticketsChangingCalendar,
} from '../customers/customers.repo.ts';
import { customers } from '../customers/customers.tables.ts';

export type ImportRunRow = typeof importRuns.$inferSelect;
export type NewImportRunRow = typeof importRuns.$inferInsert;

export async function insertRun(ex: Executor, values: NewImportRunRow): Promise<ImportRunRow> {
  const [row] = await ex.insert(importRuns).values(values).returning();
  return row!;
}

export async function updateRun(
  ex: Executor,
  id: string,
  patch: Partial<NewImportRunRow>,
): Promise<ImportRunRow> {
  const [row] = await ex.update(importRuns).set(patch).where(eq(importRuns.id, id)).returning();
  return row!;
}

export async function findRun(ex: Executor, id: string): Promise<ImportRunRow | null> {
  const [row] = await ex.select().from(importRuns).where(eq(importRuns.id, id));
  return row ?? null;
}

export type RunFilter = { kind?: string | undefined; status?: string | undefined };

/** Runs newest first, without their error lists (see findRun for those) but with the bad-row count. */
export async function listRuns(
  ex: Executor,
  filter: RunFilter,
  page: { limit: number; offset: number },
): Promise<{ items: (Omit<ImportRunRow, 'errors'> & { errorCount: number })[]; total: number }> {
  const conditions: SQL[] = [];
  if (filter.kind) conditions.push(eq(importRuns.kind, filter.kind));
  if (filter.status) conditions.push(eq(importRuns.status, filter.status));
  const where = conditions.length > 0 ? and(...conditions) : undefined;
  const { errors: _errors, ...columns } = getTableColumns(importRuns);
  const items = await ex
    .select({ ...columns, errorCount: sql<number>`jsonb_array_length(${importRuns.errors})::int` })
    .from(importRuns)
    .where(where)
    .orderBy(desc(importRuns.startedAt), desc(importRuns.id))
    .limit(page.limit)
    .offset(page.offset);
  const [total] = await ex.select({ n: count() }).from(importRuns).where(where);
  return { items, total: total?.n ?? 0 };
}

export async function loadRegions(ex: Executor): Promise<RegionNode[]> {
  return ex.select({ code: regions.code, parentCode: regions.parentCode }).from(regions);
}

/** Active account managers by username. */
export async function loadAccountManagers(ex: Executor): Promise<Map<string, string>> {
  const rows = await ex
    .select({ id: users.id, username: users.username })
    .from(users)
    .where(and(eq(users.role, 'account_manager'), eq(users.active, true)));
  return new Map(rows.map((r) => [r.username, r.id]));
}

export type CustomerRef = { id: string; code: string; creditCode: string | null; inScope: boolean };

/** Customers with these codes, each marked whether the importer's scope covers it. */
export async function findCustomersByCodes(
  ex: Executor,
  codes: readonly string[],
  scope: DataScope,
): Promise<Map<string, CustomerRef>> {
  if (codes.length === 0) return new Map();
  const cond = scopeCondition(scope, {
    accountManagerId: customers.accountManagerId,
    regionCode: customers.regionCode,
  });
  const rows = await ex
    .select({
      id: customers.id,
      code: customers.code,
      creditCode: customers.creditCode,
      inScope: sql<boolean>`(${cond})`,
    })
    .from(customers)
    .where(sql`${customers.code} = ANY(${sql.param([...codes])}::text[])`);
  return new Map(rows.map((r) => [r.code, r]));
}

/** Owner code per credit code, for the credit codes given. */
export async function findCreditCodeOwners(
  ex: Executor,
  creditCodes: readonly string[],
): Promise<Map<string, string>> {
  if (creditCodes.length === 0) return new Map();
  const rows = await ex
    .select({ code: customers.code, creditCode: customers.creditCode })
    .from(customers)
    .where(sql`${customers.creditCode} = ANY(${sql.param([...creditCodes])}::text[])`);
  return new Map(rows.map((r) => [r.creditCode!, r.code]));
}

export const STAGE_TABLE = 'import_stage';

/** Staging columns per kind (besides `line`), in COPY order. */
export const STAGE_COLUMNS: Record<ImportKind, readonly (readonly [string, string])[]> = {
  customers: [
    ['code', 'text'],
    ['name', 'text'],
    ['credit_code', 'text'],
    ['industry', 'text'],
    ['region_code', 'text'],
    ['parent_code', 'text'],
    ['is_headquarters', 'boolean'],
    ['account_manager_id', 'uuid'],
    ['customer_since', 'date'],
    ['address', 'text'],
    ['phone', 'text'],
    ['employees', 'integer'],
  ],
  billing: [
    ['customer_id', 'uuid'],
    ['month', 'date'],
    ['revenue_fen', 'bigint'],
    ['voice_fen', 'bigint'],
    ['data_fen', 'bigint'],
    ['bandwidth_fen', 'bigint'],
    ['new_services_fen', 'bigint'],
    ['idc_fen', 'bigint'],
    ['driven_fen', 'bigint'],
    ['arrears_months', 'integer'],
    ['dedicated_cost_fen', 'bigint'],
    ['new_services_count', 'integer'],
  ],
  satisfaction: [
    ['customer_id', 'uuid'],
    ['period', 'date'],
    ['satisfaction', 'double precision'],
    ['competitor_satisfaction', 'double precision'],
    ['wallet_share', 'double precision'],
  ],
  indicators: [
    ['customer_id', 'uuid'],
    ['period', 'date'],
    ['indicator', 'text'],
    ['value', 'double precision'],
  ],
};

/** Creates the session's staging table for `kind`, dropped at commit. */
export async function createStage(ex: Executor, kind: ImportKind): Promise<void> {
  const columns = STAGE_COLUMNS[kind].map(([name, type]) => `${name} ${type}`).join(', ');
  await ex.execute(
    sql.raw(`CREATE TEMP TABLE ${STAGE_TABLE} (line integer NOT NULL, ${columns}) ON COMMIT DROP`),
  );
  const key = kind === 'customers' ? 'code' : 'customer_id';
  await ex.execute(sql.raw(`CREATE INDEX ON ${STAGE_TABLE} (${key})`));
}

/** Removes staged rows of these lines (rows that turned out bad after staging, e.g. cycles). */
export async function dropStagedLines(ex: Executor, lines: readonly number[]): Promise<void> {
  if (lines.length === 0) return;
  await ex.execute(sql`DELETE FROM import_stage WHERE line IN ${lines}`);
}

export async function countStaged(ex: Executor): Promise<number> {
  const [row] = await queryRows<{ n: number }>(ex, sql`SELECT count(*)::int AS n FROM import_stage`);
  return row?.n ?? 0;
}

/** `target = excluded.x` for the columns the file had, and the matching change test. */
function setList(columns: readonly string[], keep: 'overwrite' | 'keepWhenEmpty', table: string) {
  const set = columns.map((c) =>
    keep === 'overwrite' ? `${c} = excluded.${c}` : `${c} = COALESCE(excluded.${c}, ${table}.${c})`,
  );
  const changed =
    columns.length === 0
      ? 'false'
      : `(${columns.map((c) => `${table}.${c}`).join(', ')}) IS DISTINCT FROM (${columns
          .map((c) => (keep === 'overwrite' ? `excluded.${c}` : `COALESCE(excluded.${c}, ${table}.${c})`))
          .join(', ')})`;
  return { set, changed };
}

const CUSTOMER_FIELDS: Record<string, string> = {
  name: 'name',
  creditCode: 'credit_code',
  industry: 'industry',
  regionCode: 'region_code',
  isHeadquarters: 'is_headquarters',
  accountManager: 'account_manager_id',
  customerSince: 'customer_since',
  address: 'address',
  phone: 'phone',
  employees: 'employees',
};

const BILLING_FIELDS: Record<string, string> = {
  revenue: 'revenue_fen',
  voice: 'voice_fen',
  data: 'data_fen',
  bandwidth: 'bandwidth_fen',
  newServices: 'new_services_fen',
  idc: 'idc_fen',
  driven: 'driven_fen',
  arrearsMonths: 'arrears_months',
  dedicatedCost: 'dedicated_cost_fen',
  newServicesCount: 'new_services_count',
};

const SATISFACTION_FIELDS: Record<string, string> = {
  satisfaction: 'satisfaction',
  competitorSatisfaction: 'competitor_satisfaction',
  walletShare: 'wallet_share',
};

const present = (fields: ReadonlySet<string>, map: Record<string, string>) =>
  Object.entries(map)
    .filter(([field]) => fields.has(field))
    .map(([, column]) => column);

/**
 * One `transfer` audit entry per customer whose account manager the import changes — the same
 * entity, action and shape as a transfer by hand (`transferCustomer`: before/after
 * `accountManagerId` and `accountManagerName`, and `moved`, that customer's counts as
 * `moveAccountManagerRecordsByCustomer` returned them), so the customer's transfer history
 * (`GET /api/v1/customers/:id/transfers`) shows it; the reason names the import. Set-based, in
 * the import's transaction, after the records moved and before the customers change (`moves`
 * still reads the old account managers).
 */
async function auditImportTransfers(
  ex: Executor,
  moves: SQL,
  moved: Map<string, MovedRecords>,
  now: Date,
  actor: Actor,
  runId: string,
) {
  const counts = JSON.stringify(Object.fromEntries(moved));
  await ex.execute(sql`
    insert into audit_log (at, actor_id, actor_name, action, entity, entity_id, before, after, reason, request_id)
    select ${now.toISOString()}::timestamptz, ${actor.id}::uuid, ${actor.name}, 'transfer', 'customer', m.customer_id::text,
      jsonb_build_object('accountManagerId', m.from_am, 'accountManagerName', f.display_name),
      jsonb_build_object('accountManagerId', m.to_am, 'accountManagerName', t.display_name, 'moved',
        coalesce(${counts}::jsonb -> m.customer_id::text, '{"tickets": 0, "orders": 0, "tasks": 0}'::jsonb)),
      ${`导入 ${runId}`}, ${actor.requestId ?? null}
    from (${moves}) m
    left join users f on f.id = m.from_am
    left join users t on t.id = m.to_am`);
}

/** What followed the customers of an import: to new account managers, to new regions. */
export type ImportMoves = {
  moved: MovedRecords | null;
  regionMoved: RegionMovedRecords | null;
  /** The tickets whose account manager changed (their TMF621 subscribers are told). */
  movedTicketIds: string[];
  /** The open tickets whose calendar changed with their region (their clocks are recomputed). */
  reclockTicketIds: string[];
};

/**
 * Upserts the staged rows into the real table. Only the columns the file had are changed on
 * existing rows; rows whose values are unchanged are not touched (re-importing a file changes
 * nothing, not even `version` or `updated_at`). A customers file that changes account managers
 * first hands those customers' tickets, orders and open tasks to the new ones, as a transfer does
 * (`moveAccountManagerRecords`, one set-based statement); one that changes regions moves their
 * tickets, orders, open tasks and open visits to the new regions, as a profile change does
 * (`moveRegionRecords`). Returns how many moved (null for a kind that moves nothing).
 */
export async function applyStage(
  ex: Executor,
  kind: ImportKind,
  fields: ReadonlySet<string>,
  now: Date,
  actor: Actor,
  runId: string,
): Promise<ImportMoves | null> {
  const at = now.toISOString();
  switch (kind) {
    case 'customers': {
      // read before the upsert: the customers' current account manager is the one moved from
      const amMoves = sql`select c.id as customer_id, c.account_manager_id as from_am, s.account_manager_id as to_am
                from import_stage s join customers c on c.code = s.code
                where c.account_manager_id is distinct from s.account_manager_id`;
      let moved: MovedRecords | null = null;
      let movedTicketIds: string[] = [];
      if (fields.has('accountManager')) {
        const byCustomer = await moveAccountManagerRecordsByCustomer(ex, amMoves, now);
        await auditImportTransfers(ex, amMoves, byCustomer.counts, now, actor, runId);
        moved = sumMoved(byCustomer.counts);
        movedTicketIds = byCustomer.ticketIds;
      }
      const regionMoves = sql`select c.id as customer_id, s.region_code as to_region
                from import_stage s join customers c on c.code = s.code
                where s.region_code is not null and c.region_code is distinct from s.region_code`;
      // read before the move: which open tickets change calendar with their region
      const reclockTicketIds = fields.has('regionCode') ? await ticketsChangingCalendar(ex, regionMoves) : [];
      const regionMoved = fields.has('regionCode') ? await moveRegionRecords(ex, regionMoves, now) : null;
      const { set, changed } = setList(present(fields, CUSTOMER_FIELDS), 'overwrite', 'customers');
      await ex.execute(sql`
        INSERT INTO customers (code, name, credit_code, industry, region_code, is_headquarters,
          account_manager_id, customer_since, address, phone, employees, created_at, updated_at)
        SELECT code, name, credit_code, industry, region_code, COALESCE(is_headquarters, false),
          account_manager_id, customer_since, address, phone, employees, ${at}::timestamptz, ${at}::timestamptz
        FROM import_stage ORDER BY line
        ON CONFLICT (code) DO UPDATE SET ${sql.raw(set.join(', '))},
          version = customers.version + 1, updated_at = ${at}::timestamptz
        WHERE ${sql.raw(changed)}`);
      if (fields.has('parentCode')) {
        await ex.execute(sql`
          UPDATE customers c
          SET parent_id = p.id, version = c.version + 1, updated_at = ${at}::timestamptz
          FROM import_stage s LEFT JOIN customers p ON p.code = s.parent_code
          WHERE c.code = s.code AND c.parent_id IS DISTINCT FROM p.id`);
      }
      return { moved, regionMoved, movedTicketIds, reclockTicketIds };
    }
    case 'billing': {
      const cols = present(fields, BILLING_FIELDS);
      const { set, changed } = setList(cols, 'overwrite', 'billing_monthly');
      await ex.execute(sql`
        INSERT INTO billing_monthly (customer_id, month, revenue_fen, voice_fen, data_fen, bandwidth_fen,
          new_services_fen, idc_fen, driven_fen, arrears_months, dedicated_cost_fen, new_services_count)
        SELECT customer_id, month, revenue_fen, COALESCE(voice_fen, 0), COALESCE(data_fen, 0),
          COALESCE(bandwidth_fen, 0), COALESCE(new_services_fen, 0), COALESCE(idc_fen, 0), driven_fen,
          COALESCE(arrears_months, 0), COALESCE(dedicated_cost_fen, 0), COALESCE(new_services_count, 0)
        FROM import_stage
        ON CONFLICT (customer_id, month) DO UPDATE SET ${sql.raw(set.join(', '))}
        WHERE ${sql.raw(changed)}`);
      return null;
    }
    case 'satisfaction': {
      const cols = present(fields, SATISFACTION_FIELDS);
      const { set, changed } = setList(cols, 'keepWhenEmpty', 'customer_satisfaction');
      await ex.execute(sql`
        INSERT INTO customer_satisfaction (customer_id, period, satisfaction, competitor_satisfaction,
          wallet_share, source, entered_by, entered_at)
        SELECT customer_id, period, satisfaction, competitor_satisfaction, wallet_share, 'import',
          ${actor.name}, ${at}::timestamptz
        FROM import_stage
        ON CONFLICT (customer_id, period) DO UPDATE SET ${sql.raw(set.join(', '))},
          source = 'import', entered_by = excluded.entered_by, entered_at = excluded.entered_at
        WHERE ${sql.raw(changed)}`);
      return null;
    }
    case 'indicators': {
      await ex.execute(sql`
        INSERT INTO indicator_inputs (customer_id, period, indicator, value, source, entered_by, entered_at)
        SELECT customer_id, period, indicator, value, 'import', ${actor.name}, ${at}::timestamptz
        FROM import_stage
        ON CONFLICT (customer_id, period, indicator) DO UPDATE SET value = excluded.value,
          source = 'import', entered_by = excluded.entered_by, entered_at = excluded.entered_at
        WHERE indicator_inputs.value IS DISTINCT FROM excluded.value`);
      return null;
    }
  }
}

/**
 * Staged customers that are now their own ancestor (the import closed a loop in the group
 * hierarchy), with their lines.
 */
export async function findStagedCycles(ex: Executor): Promise<{ line: number; code: string }[]> {
  return queryRows(
    ex,
    sql`
      WITH RECURSIVE walk(start_id, ancestor_id, depth) AS (
        SELECT c.id, c.parent_id, 1 FROM customers c JOIN import_stage s ON s.code = c.code
        WHERE c.parent_id IS NOT NULL
        UNION ALL
        SELECT w.start_id, p.parent_id, w.depth + 1 FROM walk w JOIN customers p ON p.id = w.ancestor_id
        WHERE p.parent_id IS NOT NULL AND w.ancestor_id <> w.start_id AND w.depth < 1000
      )
      SELECT DISTINCT s.line, s.code FROM walk w
      JOIN customers c ON c.id = w.start_id JOIN import_stage s ON s.code = c.code
      WHERE w.ancestor_id = w.start_id ORDER BY s.line`,
  );
}
