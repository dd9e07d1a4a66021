/**
 * Service standards catalog (PRODUCT.md §4): versions, the draft workflow, publication and diff.
 *
 * One draft at a time is the shared working copy (a partial unique index); publishing it gives it
 * an effective date (today or later, Asia/Shanghai, and not before a version already scheduled)
 * and makes it immutable. The version in force on a day is the published one with the latest
 * effective date on or before it. Every change is audited in its transaction.
 */
import { type Actor, systemActor, writeAudit } from '../../db/audit.ts';
import type { Executor } from '../../db/database.ts';
import { catalogVersions } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { fromDayNumber, shanghaiDayNumberOf } from '../../domain/calendar/dates.ts';
import { DEFAULT_CATALOG } from '../../domain/catalog/defaults.ts';
import { type CatalogDiff, diffCatalogs } from '../../domain/catalog/diff.ts';
import type { CatalogDocument, CatalogVersion } from '../../domain/catalog/types.ts';
import { assertCatalog } from '../../domain/catalog/validate.ts';
import { DomainError } from '../../domain/errors.ts';
import {
  type CatalogVersionRow,
  countCatalogVersions,
  deleteDraftRow,
  findCatalogInForce,
  findCatalogRow,
  findCatalogRowInForce,
  findDraftRow,
  findLatestEffectiveDate,
  insertCatalogRow,
  listCatalogRows,
  nextCatalogVersion,
  updateDraftRow,
} from './catalog.repo.ts';
import type { CatalogVersionSummaryView, CatalogVersionView } from './catalog.schema.ts';

/** The first day from which the shipped catalog is in force. */
export const DEFAULT_CATALOG_EFFECTIVE_DATE = '2000-01-01';

const CATALOG_ACTOR = systemActor('system:catalog');

/** Today in Asia/Shanghai on the deps' clock. */
export function shanghaiToday(deps: Pick<Deps, 'now'>): string {
  return fromDayNumber(shanghaiDayNumberOf(deps.now().getTime()));
}

/**
 * The catalog in force on `date`; on an installation with no catalog yet, publishes the shipped
 * default as version 1 (effective from 2000-01-01) first. The single way to get a catalog.
 */
export async function ensureCatalogInForce(
  ex: Executor,
  actor: Actor,
  date: string,
): Promise<CatalogVersion> {
  const found = await findCatalogInForce(ex, date);
  if (found) return found;
  if ((await countCatalogVersions(ex)) === 0) {
    const inserted = await ex
      .insert(catalogVersions)
      .values({
        version: 1,
        status: 'published',
        effectiveDate: DEFAULT_CATALOG_EFFECTIVE_DATE,
        document: DEFAULT_CATALOG,
        note: 'shipped default (seed 001 star standards, seed 004 examples)',
        createdBy: actor.name,
        publishedBy: actor.name,
        publishedAt: new Date(),
      })
      .onConflictDoNothing()
      .returning({ version: catalogVersions.version });
    if (inserted.length > 0) {
      await writeAudit(ex, actor, {
        action: 'publish',
        entity: 'catalogVersion',
        entityId: '1',
        after: { version: 1, effectiveDate: DEFAULT_CATALOG_EFFECTIVE_DATE },
        reason: 'shipped default',
      });
    }
  }
  const again = await findCatalogInForce(ex, date);
  if (!again) throw new DomainError('NOT_FOUND', `No catalog version is in force on ${date}`);
  return again;
}

export function catalogVersionView(row: CatalogVersionRow): CatalogVersionView {
  return {
    version: row.version,
    status: row.status as CatalogVersionView['status'],
    effectiveDate: row.effectiveDate,
    basedOn: row.basedOn,
    note: row.note,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    publishedBy: row.publishedBy,
    publishedAt: row.publishedAt?.toISOString() ?? null,
    document: row.document as CatalogVersionView['document'],
  };
}

/** The whole version in force on `date` (default today), creating version 1 on a new installation. */
export async function getCatalogInForce(deps: Deps, date?: string): Promise<CatalogVersionView> {
  const day = date ?? shanghaiToday(deps);
  return deps.db.transaction(async (tx) => {
    await ensureCatalogInForce(tx, CATALOG_ACTOR, day);
    const row = await findCatalogRowInForce(tx, day);
    if (!row) throw new DomainError('NOT_FOUND', `No catalog version is in force on ${day}`);
    return catalogVersionView(row);
  });
}

export async function listCatalogVersions(deps: Deps): Promise<CatalogVersionSummaryView[]> {
  const today = shanghaiToday(deps);
  return deps.db.transaction(async (tx) => {
    const inForce = await ensureCatalogInForce(tx, CATALOG_ACTOR, today);
    const rows = await listCatalogRows(tx);
    return rows.map((r) => ({
      version: r.version,
      status: r.status as CatalogVersionSummaryView['status'],
      effectiveDate: r.effectiveDate,
      basedOn: r.basedOn,
      note: r.note,
      createdBy: r.createdBy,
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
      publishedBy: r.publishedBy,
      publishedAt: r.publishedAt?.toISOString() ?? null,
      inForce: r.version === inForce.version,
      counts: { items: r.items, standards: r.standards, actions: r.actions, channels: r.channels },
    }));
  });
}

export async function getCatalogVersion(deps: Deps, version: number): Promise<CatalogVersionView> {
  const row = await findCatalogRow(deps.db, version);
  if (!row) throw new DomainError('NOT_FOUND', `No catalog version ${version}`);
  return catalogVersionView(row);
}

export async function getDraft(deps: Deps): Promise<CatalogVersionView> {
  const row = await findDraftRow(deps.db);
  if (!row) throw new DomainError('NOT_FOUND', 'There is no catalog draft');
  return catalogVersionView(row);
}

/** What changed from version `from` to version `to` (a number, or the draft). */
export async function diffVersions(
  deps: Deps,
  from: number,
  to: number | 'draft',
): Promise<CatalogDiff & { from: number; to: number | 'draft' }> {
  const a = await findCatalogRow(deps.db, from);
  if (!a)
    throw new DomainError('NOT_FOUND', `No catalog version ${from}`, [
      { field: 'from', message: 'no such version' },
    ]);
  const b = to === 'draft' ? await findDraftRow(deps.db) : await findCatalogRow(deps.db, to);
  if (!b) {
    const message = to === 'draft' ? 'there is no draft' : 'no such version';
    throw new DomainError('NOT_FOUND', `No catalog version ${to}`, [{ field: 'to', message }]);
  }
  return { from, to, ...diffCatalogs(a.document as CatalogDocument, b.document as CatalogDocument) };
}

/** A unique violation from two drafts created at once becomes CONFLICT. */
function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; cause?: { code?: string } };
  return e?.code === '23505' || e?.cause?.code === '23505';
}

/** Summary of a diff for the audit log (the documents themselves are in the versions). */
function auditChanges(diff: CatalogDiff) {
  const keys = (list: { key: string; change: string }[]) => list.map((c) => `${c.change} ${c.key}`);
  return {
    counts: diff.counts,
    items: keys(diff.items),
    standards: keys(diff.standards),
    actions: keys(diff.actions),
    channels: keys(diff.channels),
  };
}

/**
 * Creates the draft as a copy of `basedOn` (default: the version in force today). Admin only.
 * Throws CONFLICT when a draft exists, NOT_FOUND (field `basedOn`) for an unknown version.
 */
export async function createDraft(deps: Deps, actor: Actor, basedOn?: number): Promise<CatalogVersionView> {
  const today = shanghaiToday(deps);
  try {
    return await deps.db.transaction(async (tx) => {
      const inForce = await ensureCatalogInForce(tx, CATALOG_ACTOR, today);
      const existing = await findDraftRow(tx, { forUpdate: true });
      if (existing) {
        throw new DomainError('CONFLICT', `A catalog draft (version ${existing.version}) already exists`, [
          { field: 'basedOn', message: 'edit, publish or delete the existing draft first' },
        ]);
      }
      const base = await findCatalogRow(tx, basedOn ?? inForce.version);
      if (base?.status !== 'published') {
        throw new DomainError('NOT_FOUND', `No published catalog version ${basedOn}`, [
          { field: 'basedOn', message: 'no such published version' },
        ]);
      }
      const row = await insertCatalogRow(tx, {
        version: await nextCatalogVersion(tx),
        status: 'draft',
        effectiveDate: null,
        document: base.document,
        basedOn: base.version,
        createdBy: actor.name,
        createdAt: deps.now(),
        updatedAt: deps.now(),
      });
      await writeAudit(tx, actor, {
        action: 'create',
        entity: 'catalogVersion',
        entityId: String(row.version),
        after: { version: row.version, status: 'draft', basedOn: base.version },
      });
      return catalogVersionView(row);
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new DomainError('CONFLICT', 'A catalog draft already exists', [
        { field: 'basedOn', message: 'edit, publish or delete the existing draft first' },
      ]);
    }
    throw error;
  }
}

function noDraft(): DomainError {
  return new DomainError('NOT_FOUND', 'There is no catalog draft; create one first');
}

/** Replaces the draft's document; the whole document is validated first (CATALOG_INVALID). */
export async function saveDraft(deps: Deps, actor: Actor, document: unknown): Promise<CatalogVersionView> {
  const today = shanghaiToday(deps);
  let checked: CatalogDocument;
  try {
    checked = assertCatalog(document, { today });
  } catch (error) {
    if (error instanceof DomainError) {
      throw new DomainError(
        error.code,
        error.message,
        error.errors.map((i) => ({
          field: i.field === 'document' ? 'document' : `document.${i.field}`,
          message: i.message,
        })),
      );
    }
    throw error;
  }
  return deps.db.transaction(async (tx) => {
    const draft = await findDraftRow(tx, { forUpdate: true });
    if (!draft) throw noDraft();
    const changes = diffCatalogs(draft.document as CatalogDocument, checked);
    const row = await updateDraftRow(tx, draft.version, { document: checked, updatedAt: deps.now() });
    if (!row) throw noDraft();
    await writeAudit(tx, actor, {
      action: 'update',
      entity: 'catalogVersion',
      entityId: String(row.version),
      after: auditChanges(changes),
    });
    return catalogVersionView(row);
  });
}

export async function deleteDraft(deps: Deps, actor: Actor): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const draft = await findDraftRow(tx, { forUpdate: true });
    if (!draft || !(await deleteDraftRow(tx, draft.version))) throw noDraft();
    await writeAudit(tx, actor, {
      action: 'delete',
      entity: 'catalogVersion',
      entityId: String(draft.version),
      before: { version: draft.version, status: 'draft', basedOn: draft.basedOn },
    });
  });
}

/**
 * Publishes the draft with an effective date: today or later in Asia/Shanghai, and not before the
 * effective date of a version already published (a later number must not be overtaken by an
 * older one). The document is validated again. Throws CATALOG_INVALID naming `effectiveDate` or
 * the document's fields, NOT_FOUND without a draft.
 */
export async function publishDraft(
  deps: Deps,
  actor: Actor,
  input: { effectiveDate: string; note?: string | undefined },
): Promise<CatalogVersionView> {
  const today = shanghaiToday(deps);
  return deps.db.transaction(async (tx) => {
    const draft = await findDraftRow(tx, { forUpdate: true });
    if (!draft) throw noDraft();
    const checked = assertCatalog(draft.document, { today, effectiveDate: input.effectiveDate });
    const latest = await findLatestEffectiveDate(tx);
    if (latest && input.effectiveDate < latest.effectiveDate) {
      const message = `version ${latest.version} takes effect on ${latest.effectiveDate}; a newer version cannot take effect before it`;
      throw new DomainError('CATALOG_INVALID', `The service catalog is invalid: effectiveDate ${message}`, [
        { field: 'effectiveDate', message },
      ]);
    }
    const base = draft.basedOn ? await findCatalogRow(tx, draft.basedOn) : null;
    const row = await updateDraftRow(tx, draft.version, {
      status: 'published',
      effectiveDate: input.effectiveDate,
      document: checked,
      note: input.note ?? draft.note,
      publishedBy: actor.name,
      publishedAt: deps.now(),
      updatedAt: deps.now(),
    });
    if (!row) throw noDraft();
    await writeAudit(tx, actor, {
      action: 'publish',
      entity: 'catalogVersion',
      entityId: String(row.version),
      after: {
        version: row.version,
        effectiveDate: row.effectiveDate,
        basedOn: row.basedOn,
        ...(base ? { changes: auditChanges(diffCatalogs(base.document as CatalogDocument, checked)) } : {}),
      },
      reason: input.note ?? null,
    });
    return catalogVersionView(row);
  });
}
