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

/** The published version in force on a Shanghai day: latest effective date on or before it. */
export async function findCatalogInForce(ex: Executor, date: string): Promise<CatalogVersion | null> {
  const [row] = await ex
    .select()
    .from(catalogVersions)
    .where(and(eq(catalogVersions.status, 'published'), lte(catalogVersions.effectiveDate, date)))
    .orderBy(desc(catalogVersions.effectiveDate), desc(catalogVersions.version))
    .limit(1);
  return row ? toCatalogVersion(row) : null;
}

export async function findCatalogVersion(ex: Executor, version: number): Promise<CatalogVersion | null> {
  const [row] = await ex.select().from(catalogVersions).where(eq(catalogVersions.version, version));
  return row ? toCatalogVersion(row) : null;
}

export async function countCatalogVersions(ex: Executor): Promise<number> {
  const [row] = await ex.select({ n: sql<number>`count(*)::int` }).from(catalogVersions);
  return row?.n ?? 0;
}
