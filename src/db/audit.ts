/**
 * The append-only audit log. Services call `writeAudit` inside the transaction of the change
 * it records, so the change and its record commit or vanish together.
 */
import type { Role } from '../domain/access.ts';
import type { Executor } from './database.ts';
import { auditLog } from './schema.ts';

/** Who is acting: a signed-in user, or the system (CLI, jobs) with a descriptive name. */
export type Actor = {
  id: string | null;
  name: string;
  role: Role | 'system';
  regionCode: string | null;
  requestId?: string | undefined;
};

export const systemActor = (name: string): Actor => ({ id: null, name, role: 'system', regionCode: null });

export type AuditEntry = {
  action: string;
  entity: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
  reason?: string | null | undefined;
};

/** Appends one entry for `actor`; call it with the transaction that makes the change. */
export async function writeAudit(ex: Executor, actor: Actor, entry: AuditEntry): Promise<void> {
  await ex.insert(auditLog).values({
    actorId: actor.id,
    actorName: actor.name,
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId,
    before: entry.before ?? null,
    after: entry.after ?? null,
    reason: entry.reason ?? null,
    requestId: actor.requestId ?? null,
  });
}

/** Removes secrets before a row goes into the log. */
export function redact<T extends Record<string, unknown>>(row: T): Omit<T, 'passwordHash'> {
  const { passwordHash: _drop, ...rest } = row;
  return rest;
}
