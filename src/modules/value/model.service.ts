/**
 * Value model versions (PRODUCT.md §2): drafts are created and edited by an administrator,
 * validated by the domain (`validateModel`, every problem named as `definition.<path>`), and
 * activated — the previous active version is retired. A version is immutable once activated, so
 * every assessment stamped with a version can be explained later. All changes are audited.
 */
import { type Actor, systemActor, writeAudit } from '../../db/audit.ts';
import type { Executor } from '../../db/database.ts';
import type { Deps } from '../../deps.ts';
import { DomainError } from '../../domain/errors.ts';
import { DEFAULT_MODEL, validateModel } from '../../domain/value/model.ts';
import {
  findActiveModel,
  findModel,
  insertModel,
  listModels,
  lockModels,
  nextModelVersion,
  updateModel,
  type ValueModelRow,
} from './model.repo.ts';
import type { ValueModelView } from './model.schema.ts';

export function modelView(row: ValueModelRow): ValueModelView {
  return {
    version: row.version,
    name: row.name,
    status: row.status as ValueModelView['status'],
    definition: row.definition as Record<string, unknown>,
    note: row.note,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    activatedAt: row.activatedAt ? row.activatedAt.toISOString() : null,
  };
}

/** Throws MODEL_INVALID naming every problem of `definition` as `definition.<path>`. */
export function assertValidModel(definition: unknown): void {
  const issues = validateModel(definition);
  if (issues.length > 0) {
    throw new DomainError(
      'MODEL_INVALID',
      `The value model is invalid: ${issues.map((i) => i.field).join(', ')}`,
      issues.map((i) => ({ field: `definition.${i.field}`, message: i.message })),
    );
  }
}

/**
 * The active model; when none is active (a new installation), publishes the shipped
 * DEFAULT_MODEL as the next version, active, audited. Idempotent and safe with two processes.
 * Called lazily by the model endpoints and by every assessment.
 */
export async function ensureDefaultModel(
  ex: Executor,
  actor: Actor = systemActor('system:value-model'),
  at: Date = new Date(),
): Promise<ValueModelRow> {
  const active = await findActiveModel(ex);
  if (active) return active;
  const version = await nextModelVersion(ex);
  const row = await insertModel(ex, {
    version,
    name: '默认模型 Default model',
    status: 'active',
    definition: DEFAULT_MODEL,
    note: 'PRODUCT.md §2 defaults',
    createdBy: actor.name,
    createdAt: at,
    activatedAt: at,
  });
  // Another transaction published one at the same moment: use that.
  if (!row) return (await findActiveModel(ex))!;
  await writeAudit(ex, actor, {
    action: 'activate',
    entity: 'valueModel',
    entityId: String(version),
    after: modelView(row),
    reason: 'shipped default model',
  });
  return row;
}

/** Every version, newest first (the default model is published on first use). */
export async function listModelVersions(deps: Deps): Promise<ValueModelView[]> {
  let rows = await listModels(deps.db);
  if (rows.length === 0) {
    await deps.db.transaction((tx) => ensureDefaultModel(tx, systemActor('system:value-model'), deps.now()));
    rows = await listModels(deps.db);
  }
  return rows.map(modelView);
}

/** One version, or NOT_FOUND. */
export async function getModelVersion(deps: Deps, version: number): Promise<ValueModelView> {
  const row = await findModel(deps.db, version);
  if (!row) {
    if (version === 1) {
      await deps.db.transaction((tx) =>
        ensureDefaultModel(tx, systemActor('system:value-model'), deps.now()),
      );
      const seeded = await findModel(deps.db, version);
      if (seeded) return modelView(seeded);
    }
    throw new DomainError('NOT_FOUND', `No value model version ${version}`);
  }
  return modelView(row);
}

export type CreateModelInput = { name: string; note?: string | null | undefined; definition: unknown };

/** A new draft version from a validated definition. */
export async function createModelDraft(
  deps: Deps,
  actor: Actor,
  input: CreateModelInput,
): Promise<ValueModelView> {
  assertValidModel(input.definition);
  return deps.db.transaction(async (tx) => {
    await lockModels(tx);
    await ensureDefaultModel(tx, actor, deps.now());
    const version = await nextModelVersion(tx);
    const row = await insertModel(tx, {
      version,
      name: input.name,
      status: 'draft',
      definition: input.definition,
      note: input.note ?? null,
      createdBy: actor.name,
      createdAt: deps.now(),
    });
    if (!row) throw new DomainError('CONFLICT', `Value model version ${version} exists`);
    const view = modelView(row);
    await writeAudit(tx, actor, {
      action: 'create',
      entity: 'valueModel',
      entityId: String(version),
      after: view,
    });
    return view;
  });
}

export type UpdateModelInput = {
  name?: string | undefined;
  note?: string | null | undefined;
  definition?: unknown;
};

/** Changes a draft; an active or retired version is immutable (CONFLICT). */
export async function updateModelDraft(
  deps: Deps,
  actor: Actor,
  version: number,
  input: UpdateModelInput,
): Promise<ValueModelView> {
  if (input.definition !== undefined) assertValidModel(input.definition);
  return deps.db.transaction(async (tx) => {
    const before = await findModel(tx, version, { forUpdate: true });
    if (!before) throw new DomainError('NOT_FOUND', `No value model version ${version}`);
    if (before.status !== 'draft') {
      throw new DomainError(
        'CONFLICT',
        `Version ${version} is ${before.status} and can no longer change; create a new draft`,
        [{ field: 'version', message: `Version is ${before.status}, only drafts change` }],
      );
    }
    const row = await updateModel(tx, version, {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.note !== undefined ? { note: input.note } : {}),
      ...(input.definition !== undefined ? { definition: input.definition } : {}),
    });
    const view = modelView(row);
    await writeAudit(tx, actor, {
      action: 'update',
      entity: 'valueModel',
      entityId: String(version),
      before: modelView(before),
      after: view,
    });
    return view;
  });
}

/**
 * Activates a draft (or re-activates a retired version); the previous active version is
 * retired, in one transaction, audited with the reason.
 */
export async function activateModel(
  deps: Deps,
  actor: Actor,
  version: number,
  reason?: string | undefined,
): Promise<ValueModelView> {
  return deps.db.transaction(async (tx) => {
    await lockModels(tx);
    await ensureDefaultModel(tx, actor, deps.now());
    const target = await findModel(tx, version, { forUpdate: true });
    if (!target) throw new DomainError('NOT_FOUND', `No value model version ${version}`);
    if (target.status === 'active') {
      throw new DomainError('CONFLICT', `Version ${version} is already active`, [
        { field: 'version', message: 'already active' },
      ]);
    }
    assertValidModel(target.definition);
    const previous = await findActiveModel(tx);
    if (previous) {
      await updateModel(tx, previous.version, { status: 'retired' });
      await writeAudit(tx, actor, {
        action: 'retire',
        entity: 'valueModel',
        entityId: String(previous.version),
        before: { status: 'active' },
        after: { status: 'retired', replacedBy: version },
        reason: reason ?? null,
      });
    }
    const row = await updateModel(tx, version, { status: 'active', activatedAt: deps.now() });
    const view = modelView(row);
    await writeAudit(tx, actor, {
      action: 'activate',
      entity: 'valueModel',
      entityId: String(version),
      before: { status: target.status },
      after: view,
      reason: reason ?? null,
    });
    return view;
  });
}
