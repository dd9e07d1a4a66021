/**
 * Service standards catalog tables (PRODUCT.md §4). One row per catalog version: the whole
 * catalog (items, standards, mandatory actions, channels) as one JSON `document` validated by
 * `src/domain/catalog`. A published version is immutable; editing makes a draft that is published
 * as a new version with an effective date. The version in force on a day is the published one
 * with the latest `effective_date` on or before it.
 */
import { sql } from 'drizzle-orm';
import { check, date, index, integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { instant } from '../../db/columns.ts';

export const catalogVersions = pgTable(
  'catalog_versions',
  {
    version: integer('version').primaryKey(),
    status: text('status').notNull(),
    /** Shanghai day from which this version is in force; set when published. */
    effectiveDate: date('effective_date', { mode: 'string' }),
    document: jsonb('document').notNull(),
    /** The version this one was edited from. */
    basedOn: integer('based_on'),
    note: text('note'),
    createdBy: text('created_by').notNull(),
    createdAt: instant('created_at').notNull().defaultNow(),
    updatedAt: instant('updated_at').notNull().defaultNow(),
    publishedBy: text('published_by'),
    publishedAt: instant('published_at'),
  },
  (t) => [
    check('catalog_versions_status_ck', sql`${t.status} in ('draft', 'published')`),
    check('catalog_versions_published_ck', sql`${t.status} = 'draft' or ${t.effectiveDate} is not null`),
    // one draft at a time: editing is one shared working copy
    uniqueIndex('catalog_versions_one_draft_uq').on(t.status).where(sql`${t.status} = 'draft'`),
    index('catalog_versions_effective_idx').on(t.effectiveDate, t.version),
  ],
);
