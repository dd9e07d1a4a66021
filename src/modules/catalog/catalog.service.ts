/**
 * Service standards catalog (PRODUCT.md §4): versions, publication, diff, entitlements.
 */
import { type Actor, writeAudit } from '../../db/audit.ts';
import type { Tx } from '../../db/database.ts';
import { catalogVersions } from '../../db/schema.ts';
import { DEFAULT_CATALOG } from '../../domain/catalog/defaults.ts';
import type { CatalogVersion } from '../../domain/catalog/types.ts';
import { countCatalogVersions, findCatalogInForce } from './catalog.repo.ts';

/** The first day from which the shipped catalog is in force. */
export const DEFAULT_CATALOG_EFFECTIVE_DATE = '2000-01-01';

/**
 * The catalog in force on `date`; on an installation with no catalog yet, publishes the shipped
 * default as version 1 (effective from 2000-01-01) first. The single way to get a catalog.
 */
export async function ensureCatalogInForce(tx: Tx, actor: Actor, date: string): Promise<CatalogVersion> {
  const found = await findCatalogInForce(tx, date);
  if (found) return found;
  if ((await countCatalogVersions(tx)) === 0) {
    await tx
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
      .onConflictDoNothing();
    await writeAudit(tx, actor, {
      action: 'publish',
      entity: 'catalogVersion',
      entityId: '1',
      after: { version: 1, effectiveDate: DEFAULT_CATALOG_EFFECTIVE_DATE },
      reason: 'shipped default',
    });
  }
  const again = await findCatalogInForce(tx, date);
  if (!again) throw new Error(`no catalog version in force on ${date}`);
  return again;
}
