/**
 * Versions of the service-desk configuration (PRODUCT.md §7): one draft at a time (a partial
 * unique index), published versions immutable with an effective instant (now or later, never
 * before a version already published). The version in force at an instant is the published one
 * with the latest effective instant on or before it; new tickets take it, open tickets keep theirs
 * unless recomputed on purpose. Every change is audited in its transaction.
 */
import { and, desc, eq, lte, sql } from 'drizzle-orm';
import { type Actor, systemActor, writeAudit } from '../../db/audit.ts';
import type { Executor } from '../../db/database.ts';
import { departments, deskConfigVersions } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { shanghaiDateOf } from '../../domain/calendar/dates.ts';
import type { DeskConfig } from '../../domain/desk/config.ts';
import { DEFAULT_DESK_CONFIG } from '../../domain/desk/defaults.ts';
import { assertDeskConfig } from '../../domain/desk/validate.ts';
import { DomainError } from '../../domain/errors.ts';
import { ensureCatalogInForce } from '../catalog/catalog.service.ts';

export type DeskConfigVersion = { version: number; document: DeskConfig; effectiveFrom: Date | null };

type Row = typeof deskConfigVersions.$inferSelect;

/** The shipped default is in force from this instant (older tickets of an import still get it). */
export const DEFAULT_DESK_CONFIG_EFFECTIVE_FROM = new Date('2000-01-01T00:00:00.000Z');

const DESK_ACTOR = systemActor('system:desk-config');

const toVersion = (row: Row): DeskConfigVersion => ({
  version: row.version,
  document: row.document as DeskConfig,
  effectiveFrom: row.effectiveFrom,
});

async function findInForce(ex: Executor, at: Date): Promise<Row | null> {
  const [row] = await ex
    .select()
    .from(deskConfigVersions)
    .where(and(eq(deskConfigVersions.status, 'published'), lte(deskConfigVersions.effectiveFrom, at)))
    .orderBy(desc(deskConfigVersions.effectiveFrom), desc(deskConfigVersions.version))
    .limit(1);
  return row ?? null;
}

/** The published version in force at `at`; publishes the shipped default as version 1 when there is none. */
export async function ensureDeskConfig(ex: Executor, actor: Actor, at: Date): Promise<DeskConfigVersion> {
  const found = await findInForce(ex, at);
  if (found) return toVersion(found);
  const [{ n } = { n: 0 }] = await ex
    .select({ n: sql<number>`count(*)::int` })
    .from(deskConfigVersions)
    .where(eq(deskConfigVersions.status, 'published'));
  if (n === 0) {
    // Two processes starting at once: the primary key lets one insert win, the other reads it.
    const inserted = await ex
      .insert(deskConfigVersions)
      .values({
        version: 1,
        status: 'published',
        document: DEFAULT_DESK_CONFIG,
        effectiveFrom: DEFAULT_DESK_CONFIG_EFFECTIVE_FROM,
        note: 'shipped default (PRODUCT.md §7)',
        createdBy: actor.name,
        publishedBy: actor.name,
        publishedAt: at,
      })
      .onConflictDoNothing()
      .returning({ version: deskConfigVersions.version });
    if (inserted.length > 0) {
      await writeAudit(ex, actor, {
        action: 'publish',
        entity: 'deskConfigVersion',
        entityId: '1',
        after: { version: 1, effectiveFrom: DEFAULT_DESK_CONFIG_EFFECTIVE_FROM.toISOString() },
        reason: 'shipped default',
      });
    }
  }
  const again = await findInForce(ex, at);
  if (!again) throw new DomainError('NOT_FOUND', `No desk configuration is in force at ${at.toISOString()}`);
  return toVersion(again);
}

/** A given version (a ticket keeps the version it started under); throws NOT_FOUND. */
export async function getDeskConfigVersion(ex: Executor, version: number): Promise<DeskConfigVersion> {
  const [row] = await ex
    .select()
    .from(deskConfigVersions)
    .where(and(eq(deskConfigVersions.version, version), eq(deskConfigVersions.status, 'published')));
  if (!row) {
    throw new DomainError('NOT_FOUND', `No published desk configuration version ${version}`, [
      { field: 'version', message: 'no such published version' },
    ]);
  }
  return toVersion(row);
}

// ─── Views ─────────────────────────────────────────────────────────────────────────────────────

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function deskVersionView(row: Row) {
  return {
    version: row.version,
    status: row.status as 'draft' | 'published',
    effectiveFrom: iso(row.effectiveFrom),
    publishedAt: iso(row.publishedAt),
    publishedBy: row.publishedBy,
    note: row.note,
    document: row.document as DeskConfig,
  };
}

function draftView(row: Row) {
  return {
    version: row.version,
    note: row.note,
    document: row.document as DeskConfig,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
  };
}

/** The version in force, every version (newest first) and the draft. */
export async function getDeskConfigOverview(deps: Deps) {
  return deps.db.transaction(async (tx) => {
    const current = await ensureDeskConfig(tx, DESK_ACTOR, deps.now());
    const rows = await tx.select().from(deskConfigVersions).orderBy(desc(deskConfigVersions.version));
    const currentRow = rows.find((r) => r.version === current.version)!;
    const draft = rows.find((r) => r.status === 'draft') ?? null;
    const { status: _s, ...currentView } = deskVersionView(currentRow);
    return {
      current: currentView,
      versions: rows.map((r) => {
        const { document: _d, ...summary } = deskVersionView(r);
        return summary;
      }),
      draft: draft ? draftView(draft) : null,
    };
  });
}

export async function getDeskConfigVersionView(deps: Deps, version: number) {
  const [row] = await deps.db
    .select()
    .from(deskConfigVersions)
    .where(eq(deskConfigVersions.version, version));
  if (!row) throw new DomainError('NOT_FOUND', `No desk configuration version ${version}`);
  return deskVersionView(row);
}

// ─── Draft and publish ─────────────────────────────────────────────────────────────────────────

async function validationContext(ex: Executor, at: Date) {
  const depts = await ex.select({ code: departments.code }).from(departments);
  const catalog = await ensureCatalogInForce(
    ex,
    systemActor('system:catalog'),
    shanghaiDateOf(at.toISOString()),
  );
  return { departmentCodes: depts.map((d) => d.code), itemCodes: catalog.document.items.map((i) => i.code) };
}

async function findDraft(ex: Executor): Promise<Row | null> {
  const [row] = await ex
    .select()
    .from(deskConfigVersions)
    .where(eq(deskConfigVersions.status, 'draft'))
    .for('update');
  return row ?? null;
}

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; cause?: { code?: string } };
  return e?.code === '23505' || e?.cause?.code === '23505';
}

/** Saves the draft (creating it when there is none); the document is validated whole (DESK_CONFIG_INVALID). */
export async function saveDeskConfigDraft(
  deps: Deps,
  actor: Actor,
  input: { document: unknown; note?: string | null | undefined },
) {
  const at = deps.now();
  try {
    return await deps.db.transaction(async (tx) => {
      await ensureDeskConfig(tx, DESK_ACTOR, at);
      const document = assertDeskConfig(input.document, await validationContext(tx, at));
      const existing = await findDraft(tx);
      let row: Row;
      if (existing) {
        [row] = (await tx
          .update(deskConfigVersions)
          .set({ document, note: input.note === undefined ? existing.note : input.note })
          .where(eq(deskConfigVersions.version, existing.version))
          .returning()) as [Row];
      } else {
        const [{ next } = { next: 1 }] = await tx
          .select({ next: sql<number>`coalesce(max(${deskConfigVersions.version}), 0)::int + 1` })
          .from(deskConfigVersions);
        [row] = (await tx
          .insert(deskConfigVersions)
          .values({
            version: next,
            status: 'draft',
            document,
            note: input.note ?? null,
            createdBy: actor.name,
            createdAt: at,
          })
          .returning()) as [Row];
      }
      await writeAudit(tx, actor, {
        action: existing ? 'update' : 'create',
        entity: 'deskConfigVersion',
        entityId: String(row.version),
        after: {
          version: row.version,
          status: 'draft',
          definitions: document.definitions.map((d) => d.code),
          note: row.note,
        },
      });
      return draftView(row);
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new DomainError('CONFLICT', 'Another desk configuration draft was created at the same time', [
        { field: 'document', message: 'reload the draft and save again' },
      ]);
    }
    throw error;
  }
}

/**
 * Publishes the draft from `effectiveFrom` (default now): not in the past, not before the version
 * published last. The document is validated again. NOT_FOUND without a draft.
 */
export async function publishDeskConfigDraft(
  deps: Deps,
  actor: Actor,
  input: { effectiveFrom?: string | undefined; note?: string | undefined },
) {
  const now = deps.now();
  const effectiveFrom = input.effectiveFrom ? new Date(input.effectiveFrom) : now;
  if (effectiveFrom.getTime() < now.getTime() - 1000) {
    const message = `a version cannot take effect in the past (${effectiveFrom.toISOString()} is before now, ${now.toISOString()})`;
    throw new DomainError('VALIDATION_FAILED', message, [{ field: 'effectiveFrom', message }]);
  }
  return deps.db.transaction(async (tx) => {
    await ensureDeskConfig(tx, DESK_ACTOR, now);
    const draft = await findDraft(tx);
    if (!draft) throw new DomainError('NOT_FOUND', 'There is no desk configuration draft');
    const document = assertDeskConfig(draft.document, await validationContext(tx, now));
    const [latest] = await tx
      .select({ version: deskConfigVersions.version, effectiveFrom: deskConfigVersions.effectiveFrom })
      .from(deskConfigVersions)
      .where(eq(deskConfigVersions.status, 'published'))
      .orderBy(desc(deskConfigVersions.effectiveFrom))
      .limit(1);
    if (latest?.effectiveFrom && effectiveFrom < latest.effectiveFrom) {
      const message = `version ${latest.version} takes effect at ${latest.effectiveFrom.toISOString()}; a newer version cannot take effect before it`;
      throw new DomainError('VALIDATION_FAILED', message, [{ field: 'effectiveFrom', message }]);
    }
    const [row] = (await tx
      .update(deskConfigVersions)
      .set({
        status: 'published',
        document,
        effectiveFrom,
        note: input.note ?? draft.note,
        publishedBy: actor.name,
        publishedAt: now,
      })
      .where(eq(deskConfigVersions.version, draft.version))
      .returning()) as [Row];
    await writeAudit(tx, actor, {
      action: 'publish',
      entity: 'deskConfigVersion',
      entityId: String(row.version),
      after: { version: row.version, effectiveFrom: effectiveFrom.toISOString(), note: row.note },
    });
    return deskVersionView(row);
  });
}

export async function deleteDeskConfigDraft(deps: Deps, actor: Actor): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const draft = await findDraft(tx);
    if (!draft) throw new DomainError('NOT_FOUND', 'There is no desk configuration draft');
    await tx.delete(deskConfigVersions).where(eq(deskConfigVersions.version, draft.version));
    await writeAudit(tx, actor, {
      action: 'delete',
      entity: 'deskConfigVersion',
      entityId: String(draft.version),
      before: { version: draft.version, status: 'draft', note: draft.note },
    });
  });
}
