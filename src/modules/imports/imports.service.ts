/**
 * Imports of customers, billing facts, satisfaction and indicator inputs (PRODUCT.md §1–3,
 * issue 3 item 2). The file is streamed: parsed → each row validated (pure rules in
 * src/domain/imports) → references resolved in batches → good rows COPYed into a staging table
 * → one `INSERT … SELECT … ON CONFLICT` upsert, all in one transaction. Every bad row is
 * reported as { line, field, reason }. All-or-nothing by default: one bad row and nothing is
 * written (IMPORT_INVALID); in partial mode the good rows are imported and the bad reported.
 * Every run is recorded in `import_runs` and audited (entity 'import').
 */
import { sql } from 'drizzle-orm';
import { type Actor, writeAudit } from '../../db/audit.ts';
import type { Executor, Tx } from '../../db/database.ts';
import type { Deps } from '../../deps.ts';
import { computeDataScope, type DataScope, isRole, type RegionNode } from '../../domain/access.ts';
import { DomainError } from '../../domain/errors.ts';
import { type HeaderMap, type ImportKind, resolveHeader } from '../../domain/imports/columns.ts';
import {
  type BillingRow,
  type CustomerRow,
  type IndicatorRow,
  ROW_VALIDATORS,
  type RowIssue,
  type RowOf,
  type RowResult,
  rowKey,
  type SatisfactionRow,
} from '../../domain/imports/rows.ts';
import { recomputeTicketClocks } from '../desk/calendar-clocks.service.ts';
import { kickDelivery } from '../events/delivery.service.ts';
import { queueTicketAttributeChanges } from '../tickets/tickets.service.ts';
import { FileProblem, type ImportFormat, openRecords } from './imports.reader.ts';
import {
  applyStage,
  type CustomerRef,
  countStaged,
  createStage,
  dropStagedLines,
  findCreditCodeOwners,
  findCustomersByCodes,
  findRun,
  findStagedCycles,
  type ImportRunRow,
  insertRun,
  loadAccountManagers,
  loadRegions,
  STAGE_COLUMNS,
  STAGE_TABLE,
  updateRun,
} from './imports.repo.ts';
import { type CopyValue, withImportTransaction } from './imports.staging.ts';

export type ImportMode = 'all-or-nothing' | 'partial';

export type ImportRequest = {
  kind: ImportKind;
  fileName: string;
  mode: ImportMode;
  /** The file's bytes, streamed (an HTTP request body, a file read stream). */
  source: AsyncIterable<Buffer | Uint8Array | string>;
};

/** How a run is shown: the `import_runs` row with its bad rows. */
export type ImportRunView = {
  id: string;
  kind: string;
  fileName: string;
  format: string;
  status: string;
  mode: string;
  rowsRead: number;
  rowsImported: number;
  /** Number of distinct bad lines. */
  rowsRejected: number;
  errors: RowIssue[];
  startedBy: string;
  startedAt: string;
  finishedAt: string | null;
};

/** Rows validated and staged per round trip. */
const BATCH = 2000;
/** Bad-row entries kept per run; beyond it one summary entry says how many more there were. */
export const MAX_REPORTED_ISSUES = 100_000;

export function toRunView(row: ImportRunRow): ImportRunView {
  const errors = (row.errors as RowIssue[]) ?? [];
  return {
    id: row.id,
    kind: row.kind,
    fileName: row.fileName,
    format: row.format,
    status: row.status,
    mode: row.mode,
    rowsRead: row.rowsRead,
    rowsImported: row.rowsImported,
    rowsRejected: new Set(errors.filter((e) => e.line > 0).map((e) => e.line)).size,
    errors,
    startedBy: row.startedBy,
    startedAt: row.startedAt.toISOString(),
    finishedAt: row.finishedAt ? row.finishedAt.toISOString() : null,
  };
}

/** The error a refused import answers with: `errors` for forms, `details.rows` for the report table. */
export function importInvalid(view: ImportRunView, message: string): DomainError {
  return new DomainError(
    'IMPORT_INVALID',
    message,
    view.errors.map((e) => ({
      field: e.line > 0 ? `line ${e.line}: ${e.field}` : e.field,
      message: e.reason,
    })),
    { runId: view.id, rows: view.errors, rowsRead: view.rowsRead },
  );
}

class Report {
  readonly issues: RowIssue[] = [];
  readonly badLines = new Set<number>();
  private dropped = 0;

  add(issue: RowIssue): void {
    this.badLines.add(issue.line);
    if (this.issues.length < MAX_REPORTED_ISSUES) this.issues.push(issue);
    else this.dropped++;
  }

  addAll(issues: readonly RowIssue[]): void {
    for (const i of issues) this.add(i);
  }

  /** The issues in file order (line 0, the file as a whole, last). */
  list(): RowIssue[] {
    const sorted = [...this.issues].sort((a, b) => (a.line || Infinity) - (b.line || Infinity));
    return this.dropped === 0
      ? sorted
      : [...sorted, { line: 0, field: 'file', reason: `${this.dropped} more problems not listed` }];
  }
}

class Refused extends Error {
  constructor(readonly rowsRead: number) {
    super('refused');
  }
}

function scopeOf(actor: Actor, regions: RegionNode[]): DataScope {
  if (actor.role === 'system' || !isRole(actor.role)) return { kind: 'all' };
  return computeDataScope({ id: actor.id ?? '', role: actor.role, regionCode: actor.regionCode }, regions);
}

function regionAllowed(scope: DataScope, regionCode: string): boolean {
  if (scope.kind === 'all') return true;
  if (scope.kind === 'region') return scope.regionCodes.includes(regionCode);
  return false;
}

type Context = {
  ex: Executor;
  scope: DataScope;
  regionCodes: Set<string>;
  accountManagers: Map<string, string>;
  report: Report;
  /** Within-file keys → first line (duplicates). */
  keys: Map<string, number>;
  /** customers: codes seen in the file → line and whether the row was good. */
  fileCodes: Map<string, { line: number; ok: boolean }>;
  creditCodes: Map<string, number>;
};

type Staged = readonly CopyValue[];

/** Checks a batch's references against the database; returns the staging rows of the good ones. */
/** A bad row's customer code (when that cell itself was fine), still checked against the database. */
type PendingRef = { line: number; code: string };

async function resolveBatch<K extends ImportKind>(
  kind: K,
  ctx: Context,
  batch: RowResult<RowOf<K>>[],
  refs: readonly PendingRef[],
): Promise<Staged[]> {
  const good = batch.filter((r) => r.row !== null);
  if (kind === 'customers') return resolveCustomers(ctx, batch as RowResult<CustomerRow>[]);
  const codes = [
    ...new Set([
      ...good.map((r) => (r.row as { customerCode: string }).customerCode),
      ...refs.map((r) => r.code),
    ]),
  ];
  const known = await findCustomersByCodes(ctx.ex, codes, ctx.scope);
  const unknown = (line: number, code: string) =>
    ctx.report.add({ line, field: 'customerCode', reason: `unknown customer ${code}` });
  for (const ref of refs) if (!known.get(ref.code)?.inScope) unknown(ref.line, ref.code);
  const out: Staged[] = [];
  for (const r of good) {
    const row = r.row as BillingRow | SatisfactionRow | IndicatorRow;
    const ref = known.get(row.customerCode);
    if (!ref?.inScope) {
      unknown(r.line, row.customerCode);
      continue;
    }
    out.push(stageRow(kind, r.line, row, ref));
  }
  return out;
}

function stageRow(kind: ImportKind, line: number, row: unknown, ref: CustomerRef): Staged {
  if (kind === 'billing') {
    const r = row as BillingRow;
    return [
      line,
      ref.id,
      r.month,
      r.revenueFen,
      r.voiceFen ?? null,
      r.dataFen ?? null,
      r.bandwidthFen ?? null,
      r.newServicesFen ?? null,
      r.idcFen ?? null,
      r.drivenFen ?? null,
      r.arrearsMonths ?? null,
      r.dedicatedCostFen ?? null,
      r.newServicesCount ?? null,
    ];
  }
  if (kind === 'satisfaction') {
    const r = row as SatisfactionRow;
    return [
      line,
      ref.id,
      r.period,
      r.satisfaction ?? null,
      r.competitorSatisfaction ?? null,
      r.walletShare ?? null,
    ];
  }
  const r = row as IndicatorRow;
  return [line, ref.id, r.period, r.indicator, r.value];
}

async function resolveCustomers(ctx: Context, batch: RowResult<CustomerRow>[]): Promise<Staged[]> {
  const good = batch.filter((r) => r.row !== null);
  const codes = new Set<string>();
  for (const r of good) {
    codes.add(r.row!.code);
    if (r.row!.parentCode) codes.add(r.row!.parentCode);
  }
  const known = await findCustomersByCodes(ctx.ex, [...codes], ctx.scope);
  const owners = await findCreditCodeOwners(
    ctx.ex,
    good.map((r) => r.row!.creditCode).filter((c): c is string => typeof c === 'string'),
  );
  const out: Staged[] = [];
  // In file order, so that a parent earlier in the same batch is already judged.
  for (const r of batch) {
    const row = r.row;
    if (!row) continue;
    const issues: RowIssue[] = [];
    const fail = (field: string, reason: string) => issues.push({ line: r.line, field, reason });
    const existing = known.get(row.code);
    if (existing && !existing.inScope) fail('code', `customer ${row.code} is outside your region`);
    if (!ctx.regionCodes.has(row.regionCode)) fail('regionCode', `unknown region ${row.regionCode}`);
    else if (!regionAllowed(ctx.scope, row.regionCode))
      fail('regionCode', `region ${row.regionCode} is outside your region`);
    let accountManagerId: string | null = null;
    if (row.accountManager) {
      accountManagerId = ctx.accountManagers.get(row.accountManager) ?? null;
      if (!accountManagerId) fail('accountManager', `unknown account manager ${row.accountManager}`);
    }
    if (row.creditCode) {
      const owner = owners.get(row.creditCode);
      if (owner && owner !== row.code) fail('creditCode', `already used by customer ${owner}`);
      const earlier = ctx.creditCodes.get(row.creditCode);
      if (earlier !== undefined) fail('creditCode', `duplicate credit code (line ${earlier})`);
    }
    if (row.parentCode) {
      const inFile = ctx.fileCodes.get(row.parentCode);
      if (inFile && !inFile.ok)
        fail('parentCode', `group ${row.parentCode} (line ${inFile.line}) has errors`);
      else if (!inFile && !known.has(row.parentCode)) {
        fail('parentCode', `no customer ${row.parentCode} in the database or earlier in the file`);
      }
    }
    ctx.fileCodes.set(row.code, { line: r.line, ok: issues.length === 0 });
    if (row.creditCode && !ctx.creditCodes.has(row.creditCode)) ctx.creditCodes.set(row.creditCode, r.line);
    if (issues.length > 0) {
      ctx.report.addAll(issues);
      continue;
    }
    out.push([
      r.line,
      row.code,
      row.name,
      row.creditCode ?? null,
      row.industry,
      row.regionCode,
      row.parentCode ?? null,
      row.isHeadquarters ?? null,
      accountManagerId,
      row.customerSince ?? null,
      row.address ?? null,
      row.phone ?? null,
      row.employees ?? null,
    ]);
  }
  return out;
}

/**
 * Streams, validates and imports one file. Resolves to the finished run (status 'done'; in
 * partial mode its `errors` lists the rows left out); throws IMPORT_INVALID when the file is
 * refused (status 'rejected', nothing written).
 */
export async function runImport(deps: Deps, actor: Actor, request: ImportRequest): Promise<ImportRunView> {
  const { kind, mode } = request;
  const startedAt = deps.now();
  const run = await insertRun(deps.db, {
    kind,
    fileName: request.fileName,
    format: 'unknown',
    status: 'running',
    mode,
    startedBy: actor.name,
    startedAt,
  });
  const report = new Report();
  let format: ImportFormat | 'unknown' = 'unknown';
  let rowsRead = 0;
  try {
    let queued = 0;
    const done = await withImportTransaction(deps.database, async ({ ex, copyRows }) => {
      const regions = await loadRegions(ex);
      const ctx: Context = {
        ex,
        scope: scopeOf(actor, regions),
        regionCodes: new Set(regions.map((r) => r.code)),
        accountManagers: kind === 'customers' ? await loadAccountManagers(ex) : new Map(),
        report,
        keys: new Map(),
        fileCodes: new Map(),
        creditCodes: new Map(),
      };
      await createStage(ex, kind);
      const stageColumns = ['line', ...STAGE_COLUMNS[kind].map(([name]) => name)];
      const opened = await openRecords(request.source);
      format = opened.format;
      let header: HeaderMap | null = null;
      let batch: RowResult<RowOf<typeof kind>>[] = [];
      let refs: PendingRef[] = [];
      const validate = ROW_VALIDATORS[kind] as (
        h: HeaderMap,
        cells: readonly string[],
        line: number,
      ) => RowResult<RowOf<typeof kind>>;
      const flush = async () => {
        if (batch.length === 0) return;
        const staged = await resolveBatch(kind, ctx, batch, refs);
        await copyRows(STAGE_TABLE, stageColumns, staged);
        batch = [];
        refs = [];
      };
      for await (const record of opened.records) {
        if (record.cells.every((c) => c.trim() === '')) continue;
        if (!header) {
          header = resolveHeader(kind, record.cells);
          if (header.issues.length > 0) {
            report.addAll(
              header.issues.map((i) => ({ line: record.line, field: i.field, reason: i.message })),
            );
            throw new Refused(0);
          }
          continue;
        }
        rowsRead++;
        const result = validate(header, record.cells, record.line);
        if (kind === 'customers' && !result.row) {
          // Remember the code of a bad customer row, so that its members are told why.
          const code = (record.cells[header.index.get('code') ?? -1] ?? '').trim();
          if (code && !ctx.fileCodes.has(code)) ctx.fileCodes.set(code, { line: record.line, ok: false });
        } else if (!result.row && !result.issues.some((i) => i.field === 'customerCode')) {
          // A bad row is still told when its customer is unknown, so one round fixes the file.
          const code = (record.cells[header.index.get('customerCode') ?? -1] ?? '').trim();
          if (code) refs.push({ line: record.line, code });
        }
        report.addAll(result.issues);
        if (result.row) {
          const { key, field } = rowKey(kind, result.row);
          const first = ctx.keys.get(key);
          if (first !== undefined) {
            report.add({ line: record.line, field, reason: `duplicate of line ${first}` });
            result.row = null;
          } else {
            ctx.keys.set(key, record.line);
          }
        }
        batch.push(result);
        if (batch.length >= BATCH) await flush();
      }
      await flush();
      if (!header) {
        report.add({ line: 1, field: 'file', reason: 'the file has no header row' });
        throw new Refused(0);
      }
      if (report.badLines.size > 0 && mode === 'all-or-nothing') throw new Refused(rowsRead);
      const fields = new Set(header.index.keys());
      let moved: Awaited<ReturnType<typeof applyStage>> = null;
      if (kind === 'customers') {
        // A parent change may close a loop in the group hierarchy: apply under a savepoint,
        // look for cycles, and leave the looping rows out (or refuse the whole file).
        for (let round = 0; round < 10; round++) {
          if ((await countStaged(ex)) === 0) break;
          await ex.execute(sql.raw('SAVEPOINT import_apply'));
          moved = await applyStage(ex, kind, fields, deps.now(), actor, run.id);
          const cycles = fields.has('parentCode') ? await findStagedCycles(ex) : [];
          if (cycles.length === 0) {
            await ex.execute(sql.raw('RELEASE SAVEPOINT import_apply'));
            break;
          }
          await ex.execute(sql.raw('ROLLBACK TO SAVEPOINT import_apply'));
          moved = null;
          for (const c of cycles) {
            report.add({
              line: c.line,
              field: 'parentCode',
              reason: `customer ${c.code} would become its own group (a cycle)`,
            });
          }
          if (mode === 'all-or-nothing') throw new Refused(rowsRead);
          await dropStagedLines(
            ex,
            cycles.map((c) => c.line),
          );
        }
      } else if ((await countStaged(ex)) > 0) {
        await applyStage(ex, kind, fields, deps.now(), actor, run.id);
      }
      const rowsImported = await countStaged(ex);
      // open tickets now in a region with another calendar: their business-hours clocks follow it
      const reclock = moved?.reclockTicketIds ?? [];
      await recomputeTicketClocks(ex as unknown as Tx, deps.calendars, reclock, deps.now());
      // tickets that now name another account manager: their TMF621 subscribers are told
      queued = await queueTicketAttributeChanges(
        ex as unknown as Tx,
        moved?.movedTicketIds ?? [],
        deps.now(),
        `relatedParty accountManager (customers import ${run.id})`,
      );
      const finished = await updateRun(ex, run.id, {
        status: 'done',
        format,
        rowsRead,
        rowsImported,
        errors: report.list(),
        finishedAt: deps.now(),
      });
      const view = toRunView(finished);
      await writeAudit(ex, actor, {
        action: 'import',
        entity: 'import',
        entityId: run.id,
        // customers whose account manager the file changed took their tickets, orders and open tasks
        // along (`moved`); those whose region it changed, their tickets, orders, open tasks and
        // open visits (`regionMoved`, with the open tickets whose clocks moved to another calendar)
        after: {
          ...summary(view),
          ...(moved?.moved ? { moved: moved.moved } : {}),
          ...(moved?.regionMoved
            ? {
                regionMoved: {
                  ...moved.regionMoved,
                  ...(reclock.length > 0 ? { clocksRecomputed: reclock.length } : {}),
                },
              }
            : {}),
        },
      });
      return view;
    });
    kickDelivery(deps, queued);
    return done;
  } catch (err) {
    if (err instanceof FileProblem) {
      report.add({ line: err.line, field: 'file', reason: err.message });
    } else if (!(err instanceof Refused)) {
      await deps.db.transaction(async (tx) => {
        const failed = await updateRun(tx, run.id, {
          status: 'failed',
          format,
          rowsRead,
          errors: [
            { line: 0, field: 'file', reason: err instanceof DomainError ? err.message : 'internal error' },
          ],
          finishedAt: deps.now(),
        });
        await writeAudit(tx, actor, {
          action: 'import.failed',
          entity: 'import',
          entityId: run.id,
          after: summary(toRunView(failed)),
        });
      });
      throw err;
    }
    const view = await deps.db.transaction(async (tx) => {
      const rejected = await updateRun(tx, run.id, {
        status: 'rejected',
        format,
        rowsRead,
        rowsImported: 0,
        errors: report.list(),
        finishedAt: deps.now(),
      });
      const v = toRunView(rejected);
      await writeAudit(tx, actor, {
        action: 'import.rejected',
        entity: 'import',
        entityId: run.id,
        after: summary(v),
      });
      return v;
    });
    throw importInvalid(
      view,
      `${view.rowsRejected || 1} bad ${view.rowsRejected === 1 ? 'row' : 'rows'} in ${request.fileName}; nothing was imported`,
    );
  }
}

function summary(view: ImportRunView) {
  return {
    kind: view.kind,
    fileName: view.fileName,
    format: view.format,
    mode: view.mode,
    status: view.status,
    rowsRead: view.rowsRead,
    rowsImported: view.rowsImported,
    rowsRejected: view.rowsRejected,
  };
}

/** One run with its report, or NOT_FOUND. */
export async function getRun(ex: Executor, id: string): Promise<ImportRunView> {
  const row = await findRun(ex, id);
  if (!row) throw new DomainError('NOT_FOUND', `No import ${id}`);
  return toRunView(row);
}
