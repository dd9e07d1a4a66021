/**
 * Assessment runs (PRODUCT.md §2, issue 3 item 4): score every active customer (or one) as of a
 * date with the active value model, keep each result with its per-indicator scores and missing
 * indicators, and propose tier changes.
 *
 * How a run scales (bench/assess): memory is bounded by the chunk size, never by the population.
 * 1. Population statistics: each quantitative indicator's quantile sketch (`percentile_cont` at
 *    the domain's sketch fractions, all indicators in ONE statement) over all active customers.
 * 2. Customers are scored in chunks (CHUNK_SIZE; smaller on PGlite), each written in its own
 *    transaction with its progress. Two ways to read them:
 *    - a run for everyone on PostgreSQL (`streamRun`): ONE grouped pass computes every customer's
 *      raw values into a temporary table (billing is stored by month, so a pass per id slice would
 *      read most of its pages again for every chunk); the sketches come from that table and a
 *      cursor streams it by id. Results go in with COPY; two chunks are written at once on their
 *      own connections while the next one is fetched and scored;
 *    - otherwise (PGlite, one customer) keyset pages by id, each ONE grouped query over its id
 *      slice, written with one INSERT per chunk; the event loop is yielded between chunks so the
 *      API stays responsive on PGlite.
 *    Proposals are written set-based per chunk; their snapshots are built by the server from
 *    the results just written. The same statement per chunk supersedes the pending proposals of
 *    the chunk's customers that the new results no longer support (nothing or something else
 *    proposed), so the tier inbox never holds a proposal an assessment has since contradicted.
 * 3. Tiers by threshold are decided in the same pass. Tiers by quota need each customer's rank
 *    in the population of totals, known only once every total is written: a second pass reads
 *    the run's totals' distribution with `percentile_cont` in SQL (a sketch of the ranks, the same
 *    constant-memory technique as step 1), then re-streams the run's results by customer id to set
 *    the indicated tiers and write the proposals.
 * A run for one customer uses the statistics of the whole population (and, for quotas, the
 * totals of the latest finished run for everyone).
 */

import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type pg from 'pg';
import { type Actor, systemActor, writeAudit } from '../../db/audit.ts';
import { type Db, type Engine, type Executor, queryRows } from '../../db/database.ts';
import { valueModels } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { shanghaiDateOf, toDayNumber } from '../../domain/calendar/dates.ts';
import { DomainError } from '../../domain/errors.ts';
import type { GroupClass, Tier } from '../../domain/tiers/scheme.ts';
import { INDICATORS } from '../../domain/value/indicators.ts';
import { populationIndicators, type ValueModelDefinition } from '../../domain/value/model.ts';
import {
  DEFAULT_SKETCH_POINTS,
  percentileRank,
  type QuantileSketch,
  sketchFractions,
} from '../../domain/value/normalise.ts';
import { type Population, scoreCustomer } from '../../domain/value/score.ts';
import { proposeTier, tierFor } from '../../domain/value/tiering.ts';
import {
  addRunProgress,
  type ChunkRow,
  clientExecutor,
  computePopulationStats,
  copyAssessments,
  countActiveCustomers,
  DERIVED_COLUMNS,
  fetchRawChunk,
  findLatestFullRun,
  findRun,
  findRunningFullRun,
  findRunningRuns,
  findScheduledRunOfMonth,
  insertAssessments,
  insertProposals,
  insertRun,
  loadChunk,
  loadRunResults,
  lockRunStarts,
  type NewAssessment,
  type NewProposal,
  openRawCursor,
  type RunRow,
  runTotalsSketch,
  tuneForBulk,
  updateIndicatedTiers,
  updateRunningRun,
} from './assessment.repo.ts';
import { acquireRunLease, isRunLive, parkRunLease, takeParkedLease } from './assessment-lease.service.ts';
import { ensureDefaultModel } from './model.service.ts';

export type RunTrigger = 'manual' | 'schedule' | 'cli';
/** What a run needs of `Deps` (the demo passes its own transaction as `db`). */
export type RunDeps = { db: Db; now: () => Date; database: { engine: Engine; pool?: pg.Pool | null } };
export type StartAssessmentInput = {
  asOf?: string | undefined;
  customerId?: string | null;
  trigger: RunTrigger;
};
export type ExecuteOptions = {
  chunkSize?: number;
  /** Read the next chunk while scoring the current one (default: on PostgreSQL, off on PGlite). */
  readAhead?: boolean;
  /** Called after each phase with its duration (the benchmark prints them). */
  onPhase?: (phase: 'population' | 'chunks' | 'quota' | 'finish', ms: number) => void;
};

/** Chunks written at once by a streamed run (PostgreSQL). */
const WRITERS = 2;

/** Customers per chunk: big enough to amortise a round trip, small enough to bound memory. */
export const CHUNK_SIZE = 5_000;
/**
 * On PGlite every query of the process waits its turn, so a smaller chunk keeps the API
 * answering within a fraction of a second while a run goes on.
 */
export const PGLITE_CHUNK_SIZE = 1_000;

/** The error of a run that no live process was executing any more (`failInterruptedRuns`). */
export const INTERRUPTED = 'interrupted';

/** Thrown inside a run that finds itself no longer 'running' (failed as interrupted meanwhile). */
class RunInterrupted extends Error {
  constructor(runId: string) {
    super(`Assessment run ${runId} was failed as interrupted while it ran`);
  }
}

export type RunView = {
  id: string;
  modelVersion: number;
  asOf: string;
  scope: string;
  customerId: string | null;
  trigger: string;
  status: string;
  total: number;
  done: number;
  proposals: number;
  error: string | null;
  startedBy: string;
  startedAt: string;
  finishedAt: string | null;
};

export function runView(row: RunRow): RunView {
  return {
    id: row.id,
    modelVersion: row.modelVersion,
    asOf: row.asOf,
    scope: row.scope,
    customerId: row.scope === 'all' ? null : row.scope,
    trigger: row.trigger,
    status: row.status,
    total: row.total,
    done: row.done,
    proposals: row.proposals,
    error: row.error,
    startedBy: row.startedBy,
    startedAt: row.startedAt.toISOString(),
    finishedAt: row.finishedAt ? row.finishedAt.toISOString() : null,
  };
}

/** Today in Asia/Shanghai by the deps clock. */
export const todayOf = (deps: RunDeps): string => shanghaiDateOf(deps.now().toISOString());

/**
 * Fails, as 'interrupted', every 'running' run that no live process executes any more
 * (`isRunLive`: its process was killed or lost its database mid-run), each audited. The chunks it
 * committed stay: each customer of a written chunk has its result and (tiers by threshold) its
 * proposal, consistent with each other; the others keep their earlier results and proposals. A
 * run by quota interrupted in its first pass has results without indicated tiers or proposals.
 * The caller holds `lockRunStarts`. Returns how many runs it failed.
 */
export async function failInterruptedRuns(tx: Executor, deps: RunDeps): Promise<number> {
  let failedRuns = 0;
  for (const run of await findRunningRuns(tx)) {
    if (await isRunLive(tx, deps.database, run.id)) continue;
    const failed = await updateRunningRun(tx, run.id, {
      status: 'failed',
      error: INTERRUPTED,
      finishedAt: deps.now(),
    });
    if (!failed) continue;
    await writeAudit(tx, systemActor('system:assessment-recovery'), {
      action: 'fail',
      entity: 'assessmentRun',
      entityId: run.id,
      before: runView(run),
      after: runView(failed),
      reason: 'interrupted: no process was executing it any more (stopped mid-run); written chunks are kept',
    });
    failedRuns++;
  }
  return failedRuns;
}

/**
 * At start-up (`tierline serve`): fails the runs that were left 'running' by a process that
 * stopped (on PGlite every one of them: this process executes none yet).
 */
export async function recoverInterruptedRuns(deps: RunDeps): Promise<number> {
  return deps.db.transaction(async (tx) => {
    await lockRunStarts(tx);
    return failInterruptedRuns(tx, deps);
  });
}

/**
 * Creates a run row (status 'running', id `input.id` whose lease the caller holds) inside `tx`,
 * under an advisory lock so two processes cannot both start one. Runs left 'running' by a
 * stopped process are failed first (`failInterruptedRuns`); refuses with ASSESSMENT_RUNNING while
 * a live run for everyone is running.
 */
async function createRun(
  tx: Executor,
  deps: RunDeps,
  actor: Actor,
  input: { id: string; asOf: string; customerId: string | null; trigger: RunTrigger },
): Promise<RunRow> {
  await lockRunStarts(tx);
  await failInterruptedRuns(tx, deps);
  const running = await findRunningFullRun(tx);
  if (running) {
    throw new DomainError('ASSESSMENT_RUNNING', 'An assessment of all customers is already running', [], {
      runId: running.id,
    });
  }
  const model = await ensureActiveModel(tx, actor, deps.now());
  const total = input.customerId ? 1 : await countActiveCustomers(tx, input.asOf);
  const run = await insertRun(tx, {
    id: input.id,
    modelVersion: model.version,
    asOf: input.asOf,
    scope: input.customerId ?? 'all',
    trigger: input.trigger,
    status: 'running',
    total,
    startedBy: actor.name,
    startedAt: deps.now(),
  });
  await writeAudit(tx, actor, {
    action: 'start',
    entity: 'assessmentRun',
    entityId: run.id,
    after: runView(run),
  });
  return run;
}

/**
 * Starts a run: writes the run row and its audit entry and returns it; `executeRun` does the work
 * and MUST follow in this process (it takes over the run's lease, held from here on).
 * The caller checks that `customerId` is in the actor's scope.
 * @throws ASSESSMENT_RUNNING while a run for everyone is running; INVALID_DATE for a bad `asOf`.
 */
export async function startAssessment(
  deps: RunDeps,
  actor: Actor,
  input: StartAssessmentInput,
): Promise<RunRow> {
  const asOf = input.asOf ?? todayOf(deps);
  toDayNumber(asOf, 'asOf'); // INVALID_DATE naming the field, also for 2026-02-30 and the like
  const lease = await acquireRunLease(deps.database, randomUUID());
  try {
    const run = await deps.db.transaction((tx) =>
      createRun(tx, deps, actor, {
        id: lease.runId,
        asOf,
        customerId: input.customerId ?? null,
        trigger: input.trigger,
      }),
    );
    parkRunLease(lease);
    return run;
  } catch (err) {
    await lease.release();
    throw err;
  }
}

/** A stored model version as a run uses it. */
export type AssessmentModel = {
  version: number;
  def: ValueModelDefinition;
  quota: boolean;
  graceRuns: number;
};

function asModel(version: number, def: ValueModelDefinition): AssessmentModel {
  return { version, def, quota: def.tiering.method === 'quota', graceRuns: def.tiering.graceRuns };
}

/** The stored model `version` (a run keeps the version it started with). */
export async function loadModel(ex: Executor, version: number): Promise<AssessmentModel> {
  const [row] = await ex.select().from(valueModels).where(eq(valueModels.version, version));
  if (!row) throw new DomainError('NOT_FOUND', `No value model version ${version}`);
  return asModel(row.version, row.definition as ValueModelDefinition);
}

/** The active model as the assessment uses it (the shipped default is published if none is). */
export async function ensureActiveModel(tx: Executor, actor: Actor, at: Date): Promise<AssessmentModel> {
  const row = await ensureDefaultModel(tx, actor, at);
  return asModel(row.version, row.definition as ValueModelDefinition);
}

/** Scores one customer's raw values with the model against the population sketches. */
function scoreRaw(
  model: AssessmentModel,
  raw: Record<string, number | null>,
  population: Population,
): Omit<NewAssessment, 'customerId' | 'indicatedTier' | 'indicatedGroupClass'> {
  const s = scoreCustomer(raw, population, model.def);
  return {
    currentValue: s.currentValue,
    directValue: s.directValue,
    addedValue: s.addedValue,
    potentialValue: s.potentialValue,
    loyalty: s.loyalty,
    influence: s.influence,
    total: s.total,
    scores: s.scores,
    missing: s.missing,
  };
}

type Decision = {
  indicatedTier: string | null;
  indicatedGroupClass: string | null;
  proposal: Omit<NewProposal, 'customerId' | 'score'> | null;
};

/**
 * The indicated tier of a total and the proposal it makes, by the domain's `tierFor` and
 * `proposeTier`. `rankFraction` is the share of the population scoring higher (quotas only).
 */
function decideTier(
  model: AssessmentModel,
  p: {
    total: number | null;
    rankFraction: number | null;
    current: { tier: string | null; stars: number | null; groupClass: string | null };
    previous: { tiers: (string | null)[]; classes: (string | null)[] };
  },
): Decision {
  const indicated = tierFor(p.total, p.rankFraction ?? 0, model.def.tiering);
  if (!indicated) return { indicatedTier: null, indicatedGroupClass: null, proposal: null };
  const telecom = model.def.tiering.scheme === 'telecom';
  const current = (telecom ? p.current.tier : p.current.groupClass) as Tier | GroupClass | null;
  const to = (telecom ? indicated.tier : indicated.groupClass) as Tier | GroupClass;
  const previous = (telecom ? p.previous.tiers : p.previous.classes) as (Tier | GroupClass | null)[];
  const proposed = proposeTier(current, to, previous, model.graceRuns);
  return {
    indicatedTier: indicated.tier,
    indicatedGroupClass: indicated.groupClass,
    proposal: proposed && {
      kind: proposed.kind,
      fromTier: p.current.tier,
      toTier: proposed.toTier,
      fromStars: p.current.stars,
      toStars: proposed.toStars,
      fromGroupClass: p.current.groupClass,
      toGroupClass: proposed.toGroupClass,
      reason: `${proposed.reason};${indicated.reason}`,
    },
  };
}

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The id slice whose tiers a written chunk decided (its rows are ordered by customer id), or null
 * when the chunk decided none: under quotas the first pass only scores, the second decides.
 */
function decidedSlice(
  decided: boolean,
  ids: { customerId: string }[],
): { first: string; last: string } | null {
  if (!decided || ids.length === 0) return null;
  return { first: ids[0]!.customerId, last: ids[ids.length - 1]!.customerId };
}

/** The raw value of every indicator for one customer row (null when there is none). */
export function rawValuesOf(row: ChunkRow): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  const derived = DERIVED_COLUMNS as Record<string, keyof ChunkRow>;
  const inputs = new Map<string, number>();
  row.input_keys?.forEach((k, i) => {
    const v = row.input_values?.[i];
    if (v !== undefined && v !== null) inputs.set(k, Number(v));
  });
  for (const { key } of INDICATORS) {
    const column = derived[key];
    const fromData = column ? (row[column] as number | null) : null;
    out[key] = fromData ?? inputs.get(key) ?? null;
  }
  return out;
}

/** Scores one chunk: the results, and (tiers by threshold) the indicated tiers and proposals. */
function scoreChunk(
  model: AssessmentModel,
  rows: ChunkRow[],
  population: Population,
): { results: NewAssessment[]; proposals: NewProposal[] } {
  const results: NewAssessment[] = [];
  const proposals: NewProposal[] = [];
  for (const row of rows) {
    const a: NewAssessment = {
      customerId: row.id,
      ...scoreRaw(model, rawValuesOf(row), population),
      indicatedTier: null,
      indicatedGroupClass: null,
    };
    if (!model.quota) {
      const decided = decideTier(model, {
        total: a.total,
        rankFraction: null,
        current: { tier: row.tier, stars: row.stars, groupClass: row.group_class },
        previous: { tiers: row.prev_tiers ?? [], classes: row.prev_classes ?? [] },
      });
      a.indicatedTier = decided.indicatedTier;
      a.indicatedGroupClass = decided.indicatedGroupClass;
      if (decided.proposal) {
        proposals.push({ ...decided.proposal, customerId: row.id, score: a.total });
      }
    }
    results.push(a);
  }
  return { results, proposals };
}

/**
 * The portable pass (PGlite, a single customer, or a database without a pool): population
 * sketches by one statement, then keyset chunks by id, each ONE grouped query over its id slice,
 * written with one INSERT per chunk in its own transaction, the event loop yielded between chunks
 * so the API stays responsive on PGlite.
 */
async function keysetRun(
  deps: RunDeps,
  run: RunRow,
  model: AssessmentModel,
  fractions: number[],
  chunkSize: number,
  options: ExecuteOptions,
  out: { done: number; proposals: number },
  populationDone: () => void,
): Promise<void> {
  const readAhead = options.readAhead ?? deps.database.engine === 'postgres';
  const population = await deps.db.transaction(async (tx) => {
    await tuneForBulk(tx);
    return computePopulationStats(tx, run.asOf, populationIndicators(model.def), fractions);
  });
  const onlyId = run.scope === 'all' ? null : run.scope;
  populationDone();
  // Read-ahead: the next chunk's grouped query runs on the server while this process scores
  // and writes the current one (two cores busy instead of one taking turns).
  const read = (afterId: string | null) => {
    const p = deps.db.transaction(async (tx) => {
      await tuneForBulk(tx);
      return loadChunk(tx, {
        asOf: run.asOf,
        runId: run.id,
        afterId,
        limit: chunkSize,
        onlyId,
        grace: model.graceRuns,
      });
    });
    p.catch(() => {}); // awaited below; never an unhandled rejection meanwhile
    return p;
  };
  let next = read(null);
  for (;;) {
    const rows = await next;
    if (rows.length === 0) break;
    const more = !onlyId && rows.length === chunkSize;
    const lastId = rows[rows.length - 1]!.id;
    if (more && readAhead) next = read(lastId);
    const { results, proposals } = scoreChunk(model, rows, population);
    out.done += rows.length;
    out.proposals += proposals.length;
    const progress = { done: out.done, proposals: out.proposals };
    await deps.db.transaction(async (tx) => {
      await insertAssessments(tx, run, results);
      await insertProposals(tx, run, decidedSlice(!model.quota, results), proposals, deps.now());
      // last, so the run row stays locked only briefly; a run failed meanwhile keeps nothing more
      if (!(await updateRunningRun(tx, run.id, progress))) throw new RunInterrupted(run.id);
    });
    await yieldToLoop();
    if (!more) break;
    if (!readAhead) next = read(lastId);
  }
}

/**
 * The streamed pass of a run for everyone on PostgreSQL. A reader transaction on its own pooled
 * connection computes every customer's raw values in ONE grouped pass into a temporary table
 * (`openRawCursor`), the population sketches from that table, and streams it through a cursor in
 * chunks of `chunkSize`; each chunk is scored while the next is fetched, and written with COPY
 * (results and proposals) in its own transaction on another connection, overlapping the scoring
 * of the next chunk. At most three chunks are in memory (fetched, being scored, being written).
 */
async function streamRun(
  deps: RunDeps,
  pool: pg.Pool,
  run: RunRow,
  model: AssessmentModel,
  fractions: number[],
  chunkSize: number,
  out: { done: number; proposals: number },
  populationDone: () => void,
): Promise<void> {
  const reader = await pool.connect();
  // Up to WRITERS chunks are written at once, each in its own transaction and connection: the
  // server's side of a write (parsing, foreign-key checks, index entries) is most of a run's work.
  const writing = new Set<Promise<void>>();
  let failed: unknown = null;
  const settle = async () => {
    await Promise.allSettled([...writing]);
    if (failed) throw failed;
  };
  try {
    const rx = clientExecutor(reader);
    await reader.query('begin');
    await tuneForBulk(rx);
    await reader.query(`set local work_mem = '64MB'`);
    await openRawCursor(rx, run.asOf);
    const population = await computePopulationStats(
      rx,
      run.asOf,
      populationIndicators(model.def),
      fractions,
      'rawTable',
    );
    populationDone();
    const read = (afterId: string | null) => {
      const p = fetchRawChunk(rx, {
        asOf: run.asOf,
        runId: run.id,
        afterId,
        limit: chunkSize,
        grace: model.graceRuns,
      });
      p.catch(() => {}); // awaited below; never an unhandled rejection meanwhile
      return p;
    };
    let next = read(null);
    for (;;) {
      const rows = await next;
      if (rows.length === 0) break;
      const more = rows.length === chunkSize;
      if (more) next = read(rows[rows.length - 1]!.id);
      const { results, proposals } = scoreChunk(model, rows, population);
      out.done += rows.length;
      out.proposals += proposals.length;
      while (writing.size >= WRITERS) await Promise.race(writing);
      if (failed) throw failed;
      const w: Promise<void> = writeChunk(
        deps,
        pool,
        run,
        decidedSlice(!model.quota, results),
        results,
        proposals,
      )
        .catch((err) => {
          failed ??= err;
        })
        .finally(() => writing.delete(w));
      writing.add(w);
      if (!more) break;
    }
    await settle();
    await reader.query('commit');
  } catch (err) {
    await Promise.allSettled([...writing]);
    await reader.query('rollback').catch(() => {});
    throw err;
  } finally {
    reader.release();
  }
}

/** Writes one chunk with COPY in its own transaction on a pooled connection (PostgreSQL). */
async function writeChunk(
  deps: RunDeps,
  pool: pg.Pool,
  run: RunRow,
  decided: { first: string; last: string } | null,
  results: NewAssessment[],
  proposals: NewProposal[],
): Promise<void> {
  const client = await pool.connect();
  try {
    const tx = clientExecutor(client);
    await client.query('begin');
    // A chunk's commit need not wait for its WAL flush: a crash before the run's final commit
    // leaves the run 'running' (then failed as interrupted), never a finished run missing results.
    await client.query('set local synchronous_commit = off');
    await copyAssessments(client, run, results);
    await insertProposals(tx, run, decided, proposals, deps.now());
    // last, so the two writers do not queue on the run row; a run failed meanwhile keeps nothing more
    if (!(await addRunProgress(tx, run.id, results.length, proposals.length))) {
      throw new RunInterrupted(run.id);
    }
    await client.query('commit');
  } catch (err) {
    await client.query('rollback').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

/**
 * Executes a started run to its end and returns the finished row. Failures mark the run
 * 'failed' with the error (and rethrow nothing: the row tells). The run's lease (taken by
 * `startAssessment`, else here) is held until the end, so no other process takes it as interrupted.
 */
export async function executeRun(
  deps: RunDeps,
  runId: string,
  actor: Actor,
  options: ExecuteOptions = {},
): Promise<RunRow> {
  const lease = takeParkedLease(runId) ?? (await acquireRunLease(deps.database, runId));
  try {
    return await executeLeasedRun(deps, runId, actor, options);
  } finally {
    await lease.release();
  }
}

async function executeLeasedRun(
  deps: RunDeps,
  runId: string,
  actor: Actor,
  options: ExecuteOptions,
): Promise<RunRow> {
  const chunkSize = options.chunkSize ?? (deps.database.engine === 'pglite' ? PGLITE_CHUNK_SIZE : CHUNK_SIZE);
  const run = await findRun(deps.db, runId);
  if (!run) throw new DomainError('NOT_FOUND', `No assessment run ${runId}`);
  try {
    const model = await loadModel(deps.db, run.modelVersion);
    const fractions = sketchFractions(DEFAULT_SKETCH_POINTS);
    let phaseStart = performance.now();
    const phase = (name: 'population' | 'chunks' | 'quota' | 'finish') => {
      const now = performance.now();
      options.onPhase?.(name, now - phaseStart);
      phaseStart = now;
    };
    const onlyId = run.scope === 'all' ? null : run.scope;
    const pool = deps.database.engine === 'postgres' ? (deps.database.pool ?? null) : null;
    const scored = { done: 0, proposals: 0 };
    // the streamed pass holds a reader connection and up to WRITERS writer connections (and the
    // lease holds one more)
    if (pool && !onlyId && (pool.options.max ?? 10) > WRITERS + 1) {
      await streamRun(deps, pool, run, model, fractions, chunkSize, scored, () => phase('population'));
    } else {
      await keysetRun(deps, run, model, fractions, chunkSize, options, scored, () => phase('population'));
    }
    const { done } = scored;
    let proposals = scored.proposals;
    phase('chunks');
    if (model.quota) {
      proposals = await quotaPass(deps, run, model, chunkSize);
      phase('quota');
    }
    return await deps.db.transaction(async (tx) => {
      const finished = await updateRunningRun(tx, run.id, {
        status: 'done',
        done,
        total: onlyId ? done : Math.max(done, run.total),
        proposals,
        finishedAt: deps.now(),
      });
      if (!finished) throw new RunInterrupted(run.id);
      await writeAudit(tx, actor, {
        action: 'finish',
        entity: 'assessmentRun',
        entityId: run.id,
        after: runView(finished),
      });
      return finished;
    });
  } catch (err) {
    // A driver error wraps the database's own message (without the statement and its parameters)
    const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
    const message = cause instanceof Error ? cause.message : String(cause);
    return deps.db.transaction(async (tx) => {
      const failed = await updateRunningRun(tx, run.id, {
        status: 'failed',
        error: message.slice(0, 2000),
        finishedAt: deps.now(),
      });
      // already failed as interrupted by another process: that row (and its audit entry) stands
      if (!failed) return (await findRun(tx, run.id)) ?? run;
      await writeAudit(tx, actor, {
        action: 'fail',
        entity: 'assessmentRun',
        entityId: run.id,
        after: runView(failed),
      });
      return failed;
    });
  }
}

/**
 * The second pass for quota cut points: rank fractions from the distribution of the run's totals
 * (for a one-customer run: of the latest run for everyone, when there is one), then indicated
 * tiers and proposals per chunk. Returns the number of proposals.
 */
async function quotaPass(
  deps: RunDeps,
  run: RunRow,
  model: AssessmentModel,
  chunkSize: number,
): Promise<number> {
  const fractions = sketchFractions(DEFAULT_SKETCH_POINTS * 10 - 9); // 1,001 points: ranks to 0.1 %
  let sketch: QuantileSketch | null = null;
  if (run.scope !== 'all') {
    const full = await findLatestFullRun(deps.db);
    if (full) sketch = await runTotalsSketch(deps.db, full.id, fractions);
  }
  sketch ??= await runTotalsSketch(deps.db, run.id, fractions);
  let afterId: string | null = null;
  let proposals = 0;
  for (;;) {
    const count = await deps.db.transaction(async (tx) => {
      await tuneForBulk(tx);
      const rows = await loadRunResults(tx, {
        runId: run.id,
        asOf: run.asOf,
        afterId,
        limit: chunkSize,
        grace: model.graceRuns,
      });
      if (rows.length === 0) return 0;
      const tiers: {
        customerId: string;
        indicatedTier: string | null;
        indicatedGroupClass: string | null;
      }[] = [];
      const newProposals: NewProposal[] = [];
      for (const row of rows) {
        // share of the population scoring higher: 1 − percentile rank
        const rankFraction =
          row.total === null || !sketch ? null : 1 - percentileRank(sketch, row.total) / 100;
        const decided = decideTier(model, {
          total: row.total,
          rankFraction,
          current: { tier: row.tier, stars: row.stars, groupClass: row.group_class },
          previous: { tiers: row.prev_tiers ?? [], classes: row.prev_classes ?? [] },
        });
        tiers.push({
          customerId: row.customer_id,
          indicatedTier: decided.indicatedTier,
          indicatedGroupClass: decided.indicatedGroupClass,
        });
        if (decided.proposal) {
          newProposals.push({ ...decided.proposal, customerId: row.customer_id, score: row.total });
        }
      }
      await updateIndicatedTiers(tx, run.id, tiers);
      await insertProposals(tx, run, decidedSlice(true, tiers), newProposals, deps.now());
      if (!(await updateRunningRun(tx, run.id, { proposals: proposals + newProposals.length }))) {
        throw new RunInterrupted(run.id);
      }
      proposals += newProposals.length;
      afterId = rows[rows.length - 1]!.customer_id;
      return rows.length;
    });
    await yieldToLoop();
    if (count < chunkSize) break;
  }
  return proposals;
}

const inflight = new Set<Promise<unknown>>();

/**
 * Starts a run and executes it in the background of this process (the HTTP request does not
 * wait). `wait` executes it before returning (tests, the CLI).
 */
export async function requestAssessment(
  deps: RunDeps,
  actor: Actor,
  input: StartAssessmentInput,
  options: ExecuteOptions & { wait?: boolean; onError?: (err: unknown) => void } = {},
): Promise<RunRow> {
  const run = await startAssessment(deps, actor, input);
  const work = executeRun(deps, run.id, actor, options);
  if (options.wait) return work;
  const tracked = work.catch((err) => options.onError?.(err)).finally(() => inflight.delete(tracked));
  inflight.add(tracked);
  return run;
}

/** Resolves when every background run of this process has ended (tests, shutdown). */
export async function waitForAssessments(): Promise<void> {
  while (inflight.size > 0) await Promise.all([...inflight]);
}

/** Starts and executes a run synchronously; for tests and the CLI. */
export async function runAssessmentNow(
  deps: RunDeps,
  actor: Actor,
  input: StartAssessmentInput,
  options: ExecuteOptions = {},
): Promise<RunRow> {
  return requestAssessment(deps, actor, input, { ...options, wait: true });
}

/**
 * The monthly job: once per calendar month (Asia/Shanghai) it assesses every customer as of the
 * month's first day. Two processes may call it at once: the run row is created under an advisory
 * transaction lock after checking that this month has no scheduled run (failed ones excepted, so
 * a failure is retried at the next sweep). Executes synchronously (the sweep waits).
 */
export async function runMonthlyAssessment(deps: Deps, at: Date): Promise<Record<string, number>> {
  const monthStart = `${shanghaiDateOf(at.toISOString()).slice(0, 8)}01`;
  const actor = systemActor('job:monthly-assessment');
  const runDeps = { ...deps, now: () => at };
  const lease = await acquireRunLease(deps.database, randomUUID());
  let interrupted = 0;
  let run: RunRow | null;
  try {
    run = await deps.db.transaction(async (tx) => {
      await lockRunStarts(tx);
      // a run left 'running' by a stopped process must not hold this month's run back
      interrupted = await failInterruptedRuns(tx, runDeps);
      if (await findScheduledRunOfMonth(tx, monthStart)) return null;
      if (await findRunningFullRun(tx)) return null; // someone's run for everyone: try at the next sweep
      return createRun(tx, runDeps, actor, {
        id: lease.runId,
        asOf: monthStart,
        customerId: null,
        trigger: 'schedule',
      });
    });
  } catch (err) {
    await lease.release();
    throw err;
  }
  if (!run) {
    await lease.release();
    return interrupted > 0 ? { started: 0, interrupted } : { started: 0 };
  }
  parkRunLease(lease);
  const finished = await executeRun(runDeps, run.id, actor);
  return {
    started: 1,
    customers: finished.done,
    proposals: finished.proposals,
    failed: finished.status === 'failed' ? 1 : 0,
    ...(interrupted > 0 ? { interrupted } : {}),
  };
}

/** Count of runs (tests and the job's report). */
export async function countRuns(ex: Executor, trigger?: RunTrigger): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    ex,
    trigger
      ? sql`select count(*)::int as n from assessment_runs where trigger = ${trigger}`
      : sql`select count(*)::int as n from assessment_runs`,
  );
  return Number(row?.n ?? 0);
}
