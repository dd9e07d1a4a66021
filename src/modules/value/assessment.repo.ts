/**
 * SQL of the assessment runs (PRODUCT.md §2): the per-customer raw indicator values as of a date,
 * the population's quantile sketch, keyset-paginated chunks, bulk writes of results and
 * proposals, and the run rows. Everything set-based: one grouped query per chunk, one INSERT per
 * chunk, so memory stays bounded by the chunk size whatever the number of customers.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { and, count, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { type Executor, queryRows } from '../../db/database.ts';
import * as schema from '../../db/schema.ts';
import { assessmentRuns, assessments, valueModels } from '../../db/schema.ts';
import type { QuantileSketch } from '../../domain/value/normalise.ts';

export type RunRow = typeof assessmentRuns.$inferSelect;
export type AssessmentRow = typeof assessments.$inferSelect;

/**
 * Raw values derived from billing, profile and surveys. Billing covers the 12 billing months
 * before the month of `asOf` ([asOf month − 12, asOf month)):
 * - avgMonthlyRevenue: mean billed revenue (fen) of the months present;
 * - drivenRevenue: mean driven revenue (fen) of the months where it is known (null → missing);
 * - dedicatedCost: mean dedicated cost (fen) per month;
 * - arrearsMonths: the MAX of `arrears_months` over the window. The column already counts
 *   consecutive months in arrears as of each month, so a sum would count one episode many times;
 *   the max is the longest arrears stretch of the year;
 * - newServiceUsage, bandwidthShare: share of the window's revenue (0–1);
 * - relationshipYears: years from `customer_since` to `asOf`;
 * - satisfaction, walletShare: the latest non-null value of a period ≤ asOf.
 * Any indicator may also come from `indicator_inputs` (latest period ≤ asOf) — the only source of
 * the account manager's judgements, and a fallback for the derived ones when billing lacks them.
 */
export const DERIVED_COLUMNS = {
  avgMonthlyRevenue: 'avg_revenue',
  drivenRevenue: 'driven',
  dedicatedCost: 'dedicated',
  arrearsMonths: 'arrears',
  newServiceUsage: 'new_share',
  bandwidthShare: 'bw_share',
  relationshipYears: 'years',
  satisfaction: 'satisfaction',
  walletShare: 'wallet',
} as const satisfies Record<string, string>;

export type RawRow = {
  id: string;
  tier: string | null;
  stars: number | null;
  group_class: string | null;
  avg_revenue: number | null;
  driven: number | null;
  dedicated: number | null;
  arrears: number | null;
  new_share: number | null;
  bw_share: number | null;
  years: number | null;
  satisfaction: number | null;
  wallet: number | null;
  /** Indicator inputs (latest period ≤ asOf): keys and values side by side. */
  input_keys: string[] | null;
  input_values: number[] | null;
};

/** Which customers a run covers: active, and already a customer on `asOf`. */
const activeOn = (asOf: string) =>
  sql`c.status = 'active' and (c.customer_since is null or c.customer_since <= ${asOf}::date)`;

/**
 * A slice of customers by id: `(after, last]` for a chunk (either bound may be null), or one id.
 * Every source is read over the same slice of its (customer_id, …) primary key.
 */
export type IdRange = { after: string | null; last: string | null } | { only: string };

function inRange(column: SQL, range: IdRange): SQL {
  if ('only' in range) return sql`${column} = ${range.only}::uuid`;
  const lo = range.after ? sql`${column} > ${range.after}::uuid` : sql`true`;
  const hi = range.last ? sql`${column} <= ${range.last}::uuid` : sql`true`;
  return sql`${lo} and ${hi}`;
}

/**
 * The indications that may confirm a downgrade (PRODUCT.md §2, the grace period), per customer of
 * `range`, newest first: the indicated tier and group class of the latest assessment of each of
 * the `grace` latest assessment periods BEFORE the period of `asOf`. An assessment period is a
 * calendar month — the monthly job's cycle, and the unit of the billing window (an assessment
 * reads the 12 billing months before its month), so two assessments of one month see the same
 * bills and are one piece of evidence. A rerun the same day or month (the "reassess" button, a
 * second run for everyone) therefore never confirms a downgrade; the next month's assessment does.
 */
function previousIndicationsSql(range: IdRange, p: { runId: string; asOf: string; grace: number }): SQL {
  return sql`select q.customer_id,
      array_agg(q.indicated_tier order by q.as_of desc, q.id desc) as prev_tiers,
      array_agg(q.indicated_group_class order by q.as_of desc, q.id desc) as prev_classes
    from (select a.customer_id, a.indicated_tier, a.indicated_group_class, a.as_of, a.id,
            row_number() over (partition by a.customer_id, date_trunc('month', a.as_of)
              order by a.as_of desc, a.id desc) as in_period,
            dense_rank() over (partition by a.customer_id order by date_trunc('month', a.as_of) desc) as period_rank
          from assessments a
          where ${inRange(sql`a.customer_id`, range)} and a.run_id <> ${p.runId}::uuid
            and a.as_of < date_trunc('month', ${p.asOf}::date)::date) q
    where q.in_period = 1 and q.period_rank <= ${Math.max(p.grace, 1)}
    group by q.customer_id`;
}

/**
 * The raw-value query over the active customers of a slice: ONE statement whose sources
 * (billing, surveys, inputs and optionally earlier assessments) are each aggregated over the
 * slice by customer and merged on the customer id — set-based, no per-customer subqueries.
 */
function rawValuesSql(
  asOf: string,
  range: IdRange,
  prev: { runId: string; grace: number } | null = null,
): SQL {
  const prevCte = prev ? sql`, prev as (${previousIndicationsSql(range, { ...prev, asOf })})` : sql``;
  return sql`
    with bill as (
      select b.customer_id,
        avg(b.revenue_fen::float8) as avg_revenue,
        avg(b.driven_fen::float8) as driven,
        avg(b.dedicated_cost_fen::float8) as dedicated,
        max(b.arrears_months)::float8 as arrears,
        case when sum(b.revenue_fen::float8) > 0
          then sum(b.new_services_fen::float8) / sum(b.revenue_fen::float8) end as new_share,
        case when sum(b.revenue_fen::float8) > 0
          then sum(b.bandwidth_fen::float8) / sum(b.revenue_fen::float8) end as bw_share
      from billing_monthly b
      where ${inRange(sql`b.customer_id`, range)}
        and b.month >= (date_trunc('month', ${asOf}::date) - interval '12 months')::date
        and b.month < date_trunc('month', ${asOf}::date)::date
      group by b.customer_id
    ),
    sat as (
      select distinct on (s.customer_id) s.customer_id, s.satisfaction
      from customer_satisfaction s
      where ${inRange(sql`s.customer_id`, range)} and s.period <= ${asOf}::date and s.satisfaction is not null
      order by s.customer_id, s.period desc
    ),
    wal as (
      select distinct on (s.customer_id) s.customer_id, s.wallet_share
      from customer_satisfaction s
      where ${inRange(sql`s.customer_id`, range)} and s.period <= ${asOf}::date and s.wallet_share is not null
      order by s.customer_id, s.period desc
    ),
    inp as (
      select x.customer_id, array_agg(x.indicator) as input_keys, array_agg(x.value) as input_values
      from (select distinct on (i.customer_id, i.indicator) i.customer_id, i.indicator, i.value
            from indicator_inputs i
            where ${inRange(sql`i.customer_id`, range)} and i.period <= ${asOf}::date
            order by i.customer_id, i.indicator, i.period desc) x
      group by x.customer_id
    )${prevCte}
    select c.id, c.tier, c.stars, c.group_class,
      bill.avg_revenue, bill.driven, bill.dedicated, bill.arrears, bill.new_share, bill.bw_share,
      case when c.customer_since is not null
        then ((${asOf}::date - c.customer_since) / 365.25)::float8 end as years,
      sat.satisfaction, wal.wallet_share as wallet, inp.input_keys, inp.input_values
      ${prev ? sql`, prev.prev_tiers, prev.prev_classes` : sql``}
    from customers c
      left join bill on bill.customer_id = c.id
      left join sat on sat.customer_id = c.id
      left join wal on wal.customer_id = c.id
      left join inp on inp.customer_id = c.id
      ${prev ? sql`left join prev on prev.customer_id = c.id` : sql``}
    where ${activeOn(asOf)} and ${inRange(sql`c.id`, range)}`;
}

/**
 * Planner settings for the rest of a bulk transaction. JIT off: the estimates of these grouped
 * queries over a large population make PostgreSQL spend seconds compiling them. Nested loops
 * off: uuid ranges get poor row estimates (a chunk of 5,000 looks like one row), and a nested
 * loop would then re-run a whole grouped source for every customer of the chunk; merge and hash
 * joins read each source once. (PGlite accepts both; it has no JIT.)
 */
export async function tuneForBulk(tx: Executor): Promise<void> {
  await tx.execute(sql`set local jit = off`);
  await tx.execute(sql`set local enable_nestloop = off`);
}

/** The SQL expression of one indicator's raw value over a row `r` of the raw-value query. */
function rawExpression(key: string): SQL {
  const column = (DERIVED_COLUMNS as Record<string, string>)[key];
  const input = sql`r.input_values[array_position(r.input_keys, ${sql.raw(`'${key.replace(/'/g, '')}'`)})]`;
  return column ? sql`coalesce(r.${sql.raw(column)}, ${input})` : input;
}

/** The fractions as a SQL float8[] literal (our own constants, never user input). */
function fractionsLiteral(fractions: readonly number[]): SQL {
  return sql.raw(`array[${fractions.map((f) => f.toString()).join(',')}]::float8[]`);
}

/**
 * The population's quantile sketch per quantitative indicator: `percentile_cont` at the given
 * fractions (`sketchFractions()` of the domain) over the raw values of every active customer on
 * `asOf`, nulls ignored, so a missing value never counts as zero. Constant memory: one array of
 * `fractions.length` numbers per indicator. An indicator nobody has → null.
 */
export async function computePopulationStats(
  ex: Executor,
  asOf: string,
  keys: readonly string[],
  fractions: readonly number[],
  source: 'query' | 'rawTable' = 'query',
): Promise<Record<string, QuantileSketch | null>> {
  if (keys.length === 0) return {};
  const literal = fractionsLiteral(fractions);
  const columns = sql.join(
    keys.map(
      (key, i) =>
        sql`percentile_cont(${literal}) within group (order by ${rawExpression(key)}) as ${sql.raw(`q${i}`)},
            count(${rawExpression(key)})::int as ${sql.raw(`n${i}`)}`,
    ),
    sql`, `,
  );
  const from =
    source === 'rawTable' ? sql.raw(RAW_TABLE) : sql`(${rawValuesSql(asOf, { after: null, last: null })})`;
  const [row] = await queryRows<Record<string, number[] | number | null>>(
    ex,
    sql`select ${columns} from ${from} r`,
  );
  const out: Record<string, QuantileSketch | null> = {};
  keys.forEach((key, i) => {
    const n = Number(row?.[`n${i}`] ?? 0);
    const q = row?.[`q${i}`];
    out[key] = n > 0 && Array.isArray(q) ? { quantiles: q.map(Number), count: n } : null;
  });
  return out;
}

/** Number of customers a run for everyone covers. */
export async function countActiveCustomers(ex: Executor, asOf: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    ex,
    sql`select count(*)::int as n from customers c where ${activeOn(asOf)}`,
  );
  return Number(row?.n ?? 0);
}

export type ChunkRow = RawRow & {
  prev_tiers: (string | null)[] | null;
  prev_classes: (string | null)[] | null;
};

/**
 * One keyset page of customers after `afterId` (ordered by id) with their raw values and the
 * indicated tiers of their `grace` latest earlier assessment periods (newest first, see
 * `previousIndicationsSql`). Two statements: the
 * page's last id (an index-only walk of the primary key), then ONE grouped query over that id
 * slice. `onlyId` restricts it to one customer (a single-customer run).
 */
export async function loadChunk(
  ex: Executor,
  p: {
    asOf: string;
    runId: string;
    afterId: string | null;
    limit: number;
    onlyId: string | null;
    grace: number;
  },
): Promise<ChunkRow[]> {
  let range: IdRange;
  if (p.onlyId) range = { only: p.onlyId };
  else {
    const after = p.afterId ? sql`and c.id > ${p.afterId}::uuid` : sql``;
    const [edge] = await queryRows<{ id: string }>(
      ex,
      sql`select x.id from (select c.id from customers c where ${activeOn(p.asOf)} ${after}
          order by c.id limit ${p.limit}) x order by x.id desc limit 1`,
    );
    if (!edge) return [];
    range = { after: p.afterId, last: edge.id };
  }
  const rows = await queryRows<ChunkRow>(
    ex,
    sql`${rawValuesSql(p.asOf, range, { runId: p.runId, grace: p.grace })} order by c.id`,
  );
  return rows.map(numericRow);
}

/**
 * An executor over one checked-out pg client, for work that needs the raw client too (COPY, a
 * cursor): the caller issues begin/commit on the client itself.
 */
export function clientExecutor(client: pg.PoolClient): Executor {
  return drizzleNodePg({ client, schema }) as unknown as Executor;
}

/** The temporary table of a streamed run's raw values (PostgreSQL, one transaction). */
const RAW_TABLE = 'tl_assess_raw';
const RAW_CURSOR = 'tl_assess_cur';

/**
 * PostgreSQL streaming read, step 1 (inside the reader's transaction): the raw values of EVERY
 * active customer in ONE grouped pass — each source read once, sequentially, with hash
 * aggregates — into a temporary table dropped at commit, then a cursor over it by id. A keyset
 * slice per chunk would instead visit most of billing's heap pages once per chunk, since billing
 * is laid out by month (one load per month), not by customer.
 */
export async function openRawCursor(ex: Executor, asOf: string): Promise<void> {
  await ex.execute(
    sql`create temporary table ${sql.raw(RAW_TABLE)} on commit drop as ${rawValuesSql(asOf, { after: null, last: null })}`,
  );
  await ex.execute(
    sql`declare ${sql.raw(RAW_CURSOR)} no scroll cursor for select * from ${sql.raw(RAW_TABLE)} order by id`,
  );
}

/**
 * PostgreSQL streaming read, step 2: the next `limit` customers of the cursor (ordered by id) with
 * the indicated tiers of their `grace` latest earlier assessment periods (newest first, see
 * `previousIndicationsSql`), read by one range statement over `assessments (customer_id, as_of)` for the chunk's id slice.
 */
export async function fetchRawChunk(
  ex: Executor,
  p: { asOf: string; runId: string; afterId: string | null; limit: number; grace: number },
): Promise<ChunkRow[]> {
  const rows = await queryRows<RawRow>(
    ex,
    sql`fetch forward ${sql.raw(String(p.limit))} from ${sql.raw(RAW_CURSOR)}`,
  );
  if (rows.length === 0) return [];
  const range: IdRange = { after: p.afterId, last: rows[rows.length - 1]!.id };
  const prev = await queryRows<{
    customer_id: string;
    prev_tiers: (string | null)[];
    prev_classes: (string | null)[];
  }>(ex, previousIndicationsSql(range, p));
  const byId = new Map(prev.map((r) => [r.customer_id, r]));
  // node-postgres already returns float8 and int columns as numbers: the rows are completed in place
  const out = rows as ChunkRow[];
  for (const r of out) {
    const q = byId.get(r.id);
    r.prev_tiers = q?.prev_tiers ?? null;
    r.prev_classes = q?.prev_classes ?? null;
  }
  return out;
}

/** One value in COPY's text format: \\N for null, backslash, tab and line breaks escaped. */
function copyText(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'object') {
    // JSON never holds a raw tab or line break; only its own escapes' backslashes need doubling
    const json = JSON.stringify(v);
    return json.includes('\\') ? json.replaceAll('\\', '\\\\') : json;
  }
  const s = String(v);
  return NEEDS_ESCAPE.test(s) ? s.replace(NEEDS_ESCAPE_ALL, (c) => COPY_ESCAPES[c]!) : s;
}
const NEEDS_ESCAPE = /[\\\t\n\r]/;
const NEEDS_ESCAPE_ALL = /[\\\t\n\r]/g;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** COPY … FROM STDIN (text format) of `rows` into `table` on a pg client (PostgreSQL only). */
async function copyRows(
  client: pg.ClientBase,
  table: string,
  columns: string[],
  rows: unknown[][],
): Promise<void> {
  if (rows.length === 0) return;
  let text = '';
  for (const row of rows) text += `${row.map(copyText).join('\t')}\n`;
  const stream = client.query(copyFrom(`copy ${table} (${columns.join(', ')}) from stdin`));
  await pipeline(Readable.from([text]), stream);
}

/** Writes one chunk of results with COPY (PostgreSQL; the same rows as `insertAssessments`). */
export async function copyAssessments(
  client: pg.ClientBase,
  run: { id: string; modelVersion: number; asOf: string },
  rows: NewAssessment[],
): Promise<void> {
  await copyRows(
    client,
    'assessments',
    ASSESSMENT_COLUMNS,
    rows.map((r) => [
      run.id,
      r.customerId,
      run.modelVersion,
      run.asOf,
      r.currentValue,
      r.directValue,
      r.addedValue,
      r.potentialValue,
      r.loyalty,
      r.influence,
      r.total,
      r.indicatedTier,
      r.indicatedGroupClass,
      r.scores,
      r.missing,
    ]),
  );
}

const ASSESSMENT_COLUMNS = [
  'run_id',
  'customer_id',
  'model_version',
  'as_of',
  'current_value',
  'direct_value',
  'added_value',
  'potential_value',
  'loyalty',
  'influence',
  'total',
  'indicated_tier',
  'indicated_group_class',
  'scores',
  'missing',
];

/** pg returns float8 as number already; PGlite too. Keep a defensive conversion for numerics. */
function numericRow(row: ChunkRow): ChunkRow {
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return {
    ...row,
    stars: num(row.stars),
    avg_revenue: num(row.avg_revenue),
    driven: num(row.driven),
    dedicated: num(row.dedicated),
    arrears: num(row.arrears),
    new_share: num(row.new_share),
    bw_share: num(row.bw_share),
    years: num(row.years),
    satisfaction: num(row.satisfaction),
    wallet: num(row.wallet),
  };
}

export type NewAssessment = {
  customerId: string;
  currentValue: number | null;
  directValue: number | null;
  addedValue: number | null;
  potentialValue: number | null;
  loyalty: number | null;
  influence: number | null;
  total: number | null;
  indicatedTier: string | null;
  indicatedGroupClass: string | null;
  scores: unknown;
  missing: string[];
};

/** Writes one chunk of results with one INSERT … SELECT FROM jsonb_to_recordset. */
export async function insertAssessments(
  ex: Executor,
  run: { id: string; modelVersion: number; asOf: string },
  rows: NewAssessment[],
): Promise<void> {
  if (rows.length === 0) return;
  await ex.execute(sql`
    insert into assessments (run_id, customer_id, model_version, as_of, current_value, direct_value,
      added_value, potential_value, loyalty, influence, total, indicated_tier, indicated_group_class,
      scores, missing)
    select ${run.id}::uuid, x."customerId", ${run.modelVersion}::int, ${run.asOf}::date, x."currentValue",
      x."directValue", x."addedValue", x."potentialValue", x.loyalty, x.influence, x.total,
      x."indicatedTier", x."indicatedGroupClass", x.scores, x.missing
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x("customerId" uuid, "currentValue" float8,
      "directValue" float8, "addedValue" float8, "potentialValue" float8, loyalty float8, influence float8,
      total float8, "indicatedTier" text, "indicatedGroupClass" text, scores jsonb, missing jsonb)`);
}

export type NewProposal = {
  customerId: string;
  kind: string;
  fromTier: string | null;
  toTier: string | null;
  fromStars: number | null;
  toStars: number | null;
  fromGroupClass: string | null;
  toGroupClass: string | null;
  score: number | null;
  reason: string;
};

/**
 * Marks pending proposals 'superseded' once a run has decided the customers of an id slice
 * `[first, last]` (PRODUCT.md §2: a proposal stands only while the latest assessment supports it):
 * - every pending proposal (an override request too) of a customer the run proposes anew — one
 *   pending proposal per customer;
 * - the pending ASSESSMENT proposals (initial, upgrade, downgrade) of every other customer this
 *   run assessed: its latest result proposes nothing (the score recovered to the current tier, or
 *   no total) or something else, so the older proposal must not be approved any more. A manual
 *   override request stays pending: no assessment speaks for or against it.
 * ONE statement over the partial unique index of pending proposals, bounded by the slice, and the
 * run's (run_id, customer_id) index: its cost follows the chunk, not the size of the tables.
 */
async function supersedePending(
  ex: Executor,
  run: { id: string },
  slice: { first: string; last: string },
  proposed: { customerId: string }[],
  at: Date,
): Promise<void> {
  const ids = proposed.map((r) => r.customerId).join(',');
  await ex.execute(sql`
    update tier_proposals p set status = 'superseded', decided_by = 'system:assessment',
      decided_at = ${at.toISOString()}::timestamptz, decision_reason = ${`superseded by run ${run.id}`}
    where p.status = 'pending' and p.customer_id >= ${slice.first}::uuid and p.customer_id <= ${slice.last}::uuid
      and (p.customer_id = any(string_to_array(${ids}, ',')::uuid[])
        or (p.run_id is not null and exists (select 1 from assessments a
              where a.run_id = ${run.id}::uuid and a.customer_id = p.customer_id)))`);
}

/**
 * Writes the decisions of a run over the customers of an id slice `[first, last]` (ids ordered;
 * their results already written): supersedes the pending proposals the run no longer supports
 * (`supersedePending`), then inserts the new ones (one statement each), keeping one pending
 * proposal per customer. Each proposal's `snapshot` (the result values, per-indicator scores and
 * missing indicators it was made from) is built by the server from the customer's row of this run
 * in `assessments`: the scores are neither serialised nor parsed a second time.
 */
export async function insertProposals(
  ex: Executor,
  run: { id: string; modelVersion: number },
  slice: { first: string; last: string } | null,
  rows: NewProposal[],
  at: Date,
): Promise<void> {
  if (!slice) return;
  await supersedePending(ex, run, slice, rows, at);
  if (rows.length === 0) return;
  await ex.execute(sql`
    insert into tier_proposals (customer_id, run_id, kind, from_tier, to_tier, from_stars, to_stars,
      from_group_class, to_group_class, score, model_version, snapshot, reason, status, requested_by, created_at)
    select x."customerId", ${run.id}::uuid, x.kind, x."fromTier", x."toTier", x."fromStars", x."toStars",
      x."fromGroupClass", x."toGroupClass", x.score, ${run.modelVersion}::int,
      jsonb_build_object('total', a.total, 'currentValue', a.current_value, 'directValue', a.direct_value,
        'addedValue', a.added_value, 'potentialValue', a.potential_value, 'loyalty', a.loyalty,
        'influence', a.influence, 'scores', a.scores, 'missing', a.missing, 'asOf', a.as_of),
      x.reason, 'pending', 'system:assessment', ${at.toISOString()}::timestamptz
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x("customerId" uuid, kind text,
      "fromTier" text, "toTier" text, "fromStars" int, "toStars" int, "fromGroupClass" text,
      "toGroupClass" text, score float8, reason text)
      join assessments a on a.run_id = ${run.id}::uuid and a.customer_id = x."customerId"`);
}

/** Sets the indicated tiers of a chunk of a run's results (the quota second pass). */
export async function updateIndicatedTiers(
  ex: Executor,
  runId: string,
  rows: { customerId: string; indicatedTier: string | null; indicatedGroupClass: string | null }[],
): Promise<void> {
  if (rows.length === 0) return;
  await ex.execute(sql`
    update assessments a set indicated_tier = x."indicatedTier", indicated_group_class = x."indicatedGroupClass"
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x("customerId" uuid, "indicatedTier" text,
      "indicatedGroupClass" text)
    where a.run_id = ${runId}::uuid and a.customer_id = x."customerId"`);
}

/**
 * The rank distribution of a run's totals: `percentile_cont` at the sketch fractions, from
 * which the second pass reads each customer's rank fraction (the share of the population scoring
 * below it) in constant memory.
 */
export async function runTotalsSketch(
  ex: Executor,
  runId: string,
  fractions: readonly number[],
): Promise<QuantileSketch | null> {
  const [row] = await queryRows<{ q: number[] | null; n: number }>(
    ex,
    sql`select percentile_cont(${fractionsLiteral(fractions)}) within group (order by a.total) as q,
          count(a.total)::int as n
        from assessments a where a.run_id = ${runId}::uuid and a.total is not null`,
  );
  return row?.q && Number(row.n) > 0 ? { quantiles: row.q.map(Number), count: Number(row.n) } : null;
}

export type RunResultRow = {
  customer_id: string;
  tier: string | null;
  stars: number | null;
  group_class: string | null;
  total: number | null;
  current_value: number | null;
  direct_value: number | null;
  added_value: number | null;
  potential_value: number | null;
  loyalty: number | null;
  influence: number | null;
  scores: unknown;
  missing: string[];
  prev_tiers: (string | null)[] | null;
  prev_classes: (string | null)[] | null;
};

/**
 * A keyset page of a run's results with the customers' current tiers and the indications of
 * their `grace` latest earlier assessment periods (newest first): the page's last customer id first,
 * then ONE grouped statement over that id slice.
 */
export async function loadRunResults(
  ex: Executor,
  p: { runId: string; asOf: string; afterId: string | null; limit: number; grace: number },
): Promise<RunResultRow[]> {
  const after = p.afterId ? sql`and a.customer_id > ${p.afterId}::uuid` : sql``;
  const [edge] = await queryRows<{ id: string }>(
    ex,
    sql`select x.customer_id as id from (select a.customer_id from assessments a
        where a.run_id = ${p.runId}::uuid ${after} order by a.customer_id limit ${p.limit}) x
        order by x.customer_id desc limit 1`,
  );
  if (!edge) return [];
  const range: IdRange = { after: p.afterId, last: edge.id };
  const rows = await queryRows<RunResultRow>(
    ex,
    sql`with prev as (${previousIndicationsSql(range, p)})
      select a.customer_id, c.tier, c.stars, c.group_class, a.total, a.current_value, a.direct_value,
        a.added_value, a.potential_value, a.loyalty, a.influence, a.scores, a.missing,
        prev.prev_tiers, prev.prev_classes
      from assessments a
        join customers c on c.id = a.customer_id
        left join prev on prev.customer_id = a.customer_id
      where a.run_id = ${p.runId}::uuid and ${inRange(sql`a.customer_id`, range)}
      order by a.customer_id`,
  );
  return rows.map((r) => ({
    ...r,
    stars: r.stars === null ? null : Number(r.stars),
    total: r.total === null ? null : Number(r.total),
  }));
}

/** The latest finished run for everyone (for a single-customer run's quota ranks). */
export async function findLatestFullRun(ex: Executor): Promise<RunRow | null> {
  const [row] = await ex
    .select()
    .from(assessmentRuns)
    .where(and(eq(assessmentRuns.scope, 'all'), eq(assessmentRuns.status, 'done')))
    .orderBy(desc(assessmentRuns.finishedAt))
    .limit(1);
  return row ?? null;
}

export async function findRun(ex: Executor, id: string): Promise<RunRow | null> {
  const [row] = await ex.select().from(assessmentRuns).where(eq(assessmentRuns.id, id));
  return row ?? null;
}

/** Every run marked 'running' (few: at most one for everyone and the one-customer runs in flight). */
export async function findRunningRuns(ex: Executor): Promise<RunRow[]> {
  return ex
    .select()
    .from(assessmentRuns)
    .where(eq(assessmentRuns.status, 'running'))
    .orderBy(assessmentRuns.startedAt);
}

/**
 * The advisory lock a process holds on its own session while it executes a run (PostgreSQL): two
 * int4 keys, the namespace's hash and the run id's. The session ends with the process, so a run
 * whose lock is free has no live process executing it.
 */
export const RUN_LOCK_SQL =
  "select pg_advisory_lock(hashtext('tierline:assessment-run'), hashtext($1::text))";
export const RUN_UNLOCK_SQL =
  "select pg_advisory_unlock(hashtext('tierline:assessment-run'), hashtext($1::text))";

/**
 * Whether no session holds the run's lock (PostgreSQL): takes it without waiting for the rest of
 * the transaction and answers true, or answers false while its executing process lives.
 */
export async function isRunLockFree(ex: Executor, runId: string): Promise<boolean> {
  const [row] = await queryRows<{ free: boolean }>(
    ex,
    sql`select pg_try_advisory_xact_lock(hashtext('tierline:assessment-run'), hashtext(${runId}::text)) as free`,
  );
  return row?.free === true;
}

/**
 * `updateRun` only while the run is still 'running': null once it is not (another process found
 * it interrupted and failed it), so a late chunk or finish never overwrites that.
 */
export async function updateRunningRun(
  ex: Executor,
  id: string,
  set: Partial<typeof assessmentRuns.$inferInsert>,
): Promise<RunRow | null> {
  const [row] = await ex
    .update(assessmentRuns)
    .set(set)
    .where(and(eq(assessmentRuns.id, id), eq(assessmentRuns.status, 'running')))
    .returning();
  return row ?? null;
}

export async function findRunningFullRun(ex: Executor): Promise<RunRow | null> {
  const [row] = await ex
    .select()
    .from(assessmentRuns)
    .where(and(eq(assessmentRuns.scope, 'all'), eq(assessmentRuns.status, 'running')))
    .limit(1);
  return row ?? null;
}

export async function insertRun(ex: Executor, values: typeof assessmentRuns.$inferInsert): Promise<RunRow> {
  const [row] = await ex.insert(assessmentRuns).values(values).returning();
  return row!;
}

export async function updateRun(
  ex: Executor,
  id: string,
  set: Partial<typeof assessmentRuns.$inferInsert>,
): Promise<RunRow> {
  const [row] = await ex.update(assessmentRuns).set(set).where(eq(assessmentRuns.id, id)).returning();
  return row!;
}

/**
 * Adds a written chunk to a run's progress (chunks may commit out of order); false when the run is
 * no longer 'running' (failed as interrupted meanwhile), and nothing is added.
 */
export async function addRunProgress(
  ex: Executor,
  id: string,
  done: number,
  proposals: number,
): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(
    ex,
    sql`update assessment_runs set done = done + ${done}::int, proposals = proposals + ${proposals}::int
        where id = ${id}::uuid and status = 'running' returning id`,
  );
  return rows.length > 0;
}

/** Runs visible under `visible` (a condition over `assessment_runs`), newest first. */
export async function listRuns(
  ex: Executor,
  visible: SQL,
  page: { limit: number; offset: number },
): Promise<{ total: number; items: RunRow[] }> {
  const [c] = await ex.select({ n: count() }).from(assessmentRuns).where(visible);
  const items = await ex
    .select()
    .from(assessmentRuns)
    .where(visible)
    .orderBy(desc(assessmentRuns.startedAt))
    .limit(page.limit)
    .offset(page.offset);
  return { total: Number(c?.n ?? 0), items };
}

/** An assessment with the state of its run (a failed or interrupted run keeps its written results). */
export type CustomerAssessmentRow = AssessmentRow & { runStatus: string; runError: string | null };

/** A customer's assessments, newest first, each with its run's status and error. */
export async function listCustomerAssessments(
  ex: Executor,
  customerId: string,
  page: { limit: number; offset: number },
): Promise<{ total: number; items: CustomerAssessmentRow[] }> {
  const [c] = await ex.select({ n: count() }).from(assessments).where(eq(assessments.customerId, customerId));
  const rows = await ex
    .select({ a: assessments, runStatus: assessmentRuns.status, runError: assessmentRuns.error })
    .from(assessments)
    .innerJoin(assessmentRuns, eq(assessmentRuns.id, assessments.runId))
    .where(eq(assessments.customerId, customerId))
    .orderBy(desc(assessments.asOf), desc(assessments.id))
    .limit(page.limit)
    .offset(page.offset);
  return {
    total: Number(c?.n ?? 0),
    items: rows.map((r) => ({ ...r.a, runStatus: r.runStatus, runError: r.runError })),
  };
}

/** The definitions of the model versions `versions` (to explain their assessments' totals). */
export async function findModelDefinitions(ex: Executor, versions: number[]): Promise<Map<number, unknown>> {
  if (versions.length === 0) return new Map();
  const rows = await ex
    .select({ version: valueModels.version, definition: valueModels.definition })
    .from(valueModels)
    .where(inArray(valueModels.version, versions));
  return new Map(rows.map((r) => [r.version, r.definition]));
}

/** The scheduled run of a calendar month (not failed), if any: the monthly job's guard. */
export async function findScheduledRunOfMonth(ex: Executor, monthStart: string): Promise<RunRow | null> {
  const [row] = await queryRows<{ id: string }>(
    ex,
    sql`select id from assessment_runs where trigger = 'schedule' and status <> 'failed'
        and as_of >= ${monthStart}::date and as_of < (${monthStart}::date + interval '1 month')::date limit 1`,
  );
  return row ? findRun(ex, row.id) : null;
}

/** Serialises run starts across processes for the rest of the transaction. */
export async function lockRunStarts(ex: Executor): Promise<void> {
  await ex.execute(sql`select pg_advisory_xact_lock(hashtext('tierline:assessment-runs'))`);
}
