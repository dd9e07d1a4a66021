/** Storage of service catalog versions (`catalog_versions`). */
import { and, desc, eq, lte, sql } from 'drizzle-orm';
import type { Executor } from '../../db/database.ts';
import { catalogVersions } from '../../db/schema.ts';
import type { CatalogDocument, CatalogVersion } from '../../domain/catalog/types.ts';

export type CatalogVersionRow = typeof catalogVersions.$inferSelect;

export function toCatalogVersion(row: CatalogVersionRow): CatalogVersion {
  return {
    version: row.version,
    status: row.status as CatalogVersion['status'],
    effectiveDate: row.effectiveDate,
    document: row.document as CatalogDocument,
  };
}

/** The published row in force on a Shanghai day: latest effective date on or before it. */
export async function findCatalogRowInForce(ex: Executor, date: string): Promise<CatalogVersionRow | null> {
  const [row] = await ex
    .select()
    .from(catalogVersions)
    .where(and(eq(catalogVersions.status, 'published'), lte(catalogVersions.effectiveDate, date)))
    .orderBy(desc(catalogVersions.effectiveDate), desc(catalogVersions.version))
    .limit(1);
  return row ?? null;
}

/** The published version in force on a Shanghai day: latest effective date on or before it. */
export async function findCatalogInForce(ex: Executor, date: string): Promise<CatalogVersion | null> {
  const row = await findCatalogRowInForce(ex, date);
  return row ? toCatalogVersion(row) : null;
}

/**
 * A version by number (published or the draft). Modules that started an order, ticket or task
 * under a version keep its number and read it back here ("keep the version they started under").
 */
export async function findCatalogVersion(ex: Executor, version: number): Promise<CatalogVersion | null> {
  const row = await findCatalogRow(ex, version);
  return row ? toCatalogVersion(row) : null;
}

export async function findCatalogRow(ex: Executor, version: number): Promise<CatalogVersionRow | null> {
  const [row] = await ex.select().from(catalogVersions).where(eq(catalogVersions.version, version));
  return row ?? null;
}

export async function countCatalogVersions(ex: Executor): Promise<number> {
  const [row] = await ex.select({ n: sql<number>`count(*)::int` }).from(catalogVersions);
  return row?.n ?? 0;
}

export async function nextCatalogVersion(ex: Executor): Promise<number> {
  const [row] = await ex
    .select({ n: sql<number>`coalesce(max(${catalogVersions.version}), 0)::int + 1` })
    .from(catalogVersions);
  return row?.n ?? 1;
}

/** The single draft, locked for a change when `forUpdate`. */
export async function findDraftRow(
  ex: Executor,
  options: { forUpdate?: boolean } = {},
): Promise<CatalogVersionRow | null> {
  const query = ex.select().from(catalogVersions).where(eq(catalogVersions.status, 'draft'));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  return row ?? null;
}

/** The latest effective date among published versions (null when none). */
export async function findLatestEffectiveDate(
  ex: Executor,
): Promise<{ version: number; effectiveDate: string } | null> {
  const [row] = await ex
    .select({ version: catalogVersions.version, effectiveDate: catalogVersions.effectiveDate })
    .from(catalogVersions)
    .where(eq(catalogVersions.status, 'published'))
    .orderBy(desc(catalogVersions.effectiveDate), desc(catalogVersions.version))
    .limit(1);
  return row?.effectiveDate ? { version: row.version, effectiveDate: row.effectiveDate } : null;
}

export type CatalogVersionSummaryRow = Omit<CatalogVersionRow, 'document'> & {
  items: number;
  standards: number;
  actions: number;
  channels: number;
};

/** Every version without its document, newest first, with the size of each part. */
export async function listCatalogRows(ex: Executor): Promise<CatalogVersionSummaryRow[]> {
  const length = (part: string) =>
    sql<number>`coalesce(jsonb_array_length(${catalogVersions.document} -> ${part}), 0)::int`;
  return ex
    .select({
      version: catalogVersions.version,
      status: catalogVersions.status,
      effectiveDate: catalogVersions.effectiveDate,
      basedOn: catalogVersions.basedOn,
      note: catalogVersions.note,
      createdBy: catalogVersions.createdBy,
      createdAt: catalogVersions.createdAt,
      updatedAt: catalogVersions.updatedAt,
      publishedBy: catalogVersions.publishedBy,
      publishedAt: catalogVersions.publishedAt,
      items: length('items'),
      standards: length('standards'),
      actions: length('actions'),
      channels: length('channels'),
    })
    .from(catalogVersions)
    .orderBy(desc(catalogVersions.version));
}

export async function insertCatalogRow(
  ex: Executor,
  values: typeof catalogVersions.$inferInsert,
): Promise<CatalogVersionRow> {
  const [row] = await ex.insert(catalogVersions).values(values).returning();
  return row!;
}

/** Changes the draft; published rows are never touched (the WHERE names the draft). */
export async function updateDraftRow(
  ex: Executor,
  version: number,
  set: Partial<typeof catalogVersions.$inferInsert>,
): Promise<CatalogVersionRow | null> {
  const [row] = await ex
    .update(catalogVersions)
    .set(set)
    .where(and(eq(catalogVersions.version, version), eq(catalogVersions.status, 'draft')))
    .returning();
  return row ?? null;
}

export async function deleteDraftRow(ex: Executor, version: number): Promise<boolean> {
  const rows = await ex
    .delete(catalogVersions)
    .where(and(eq(catalogVersions.version, version), eq(catalogVersions.status, 'draft')))
    .returning({ version: catalogVersions.version });
  return rows.length > 0;
}
