/**
 * TMF hub subscriptions (`POST /hub`): a callback URL, an optional query selecting events, and a
 * secret signing every delivery (X-Tierline-Signature). The secret is the caller's, or generated
 * and answered once at creation.
 */
import { randomBytes } from 'node:crypto';
import { and, desc, eq, sql } from 'drizzle-orm';
import { type Actor, writeAudit } from '../../db/audit.ts';
import { hubSubscriptions, users } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { DomainError, type FieldIssue } from '../../domain/errors.ts';
import { isCallbackUrl, parseHubQuery } from '../../domain/tickets/hub-query.ts';

/** The TMF APIs with `/hub` subscriptions: TMF621 trouble tickets and TMF622 product orders. */
export type HubApi = 'troubleTicket' | 'productOrder';
export type HubView = { id: string; callback: string; query: string | null };

/** Creates a subscription; 400 naming `callback` (not an http(s) URL), `query` or `secret`. */
export async function createHub(
  deps: Deps,
  actor: Actor,
  api: HubApi,
  input: { callback?: unknown; query?: unknown; secret?: unknown },
): Promise<HubView & { secret: string }> {
  const issues: FieldIssue[] = [];
  const callback = typeof input.callback === 'string' ? input.callback.trim() : '';
  if (!isCallbackUrl(callback) || callback.length > 2000)
    issues.push({ field: 'callback', message: 'an absolute http:// or https:// URL' });
  let query: string | null = null;
  if (input.query !== undefined && input.query !== null) {
    if (typeof input.query !== 'string')
      issues.push({ field: 'query', message: 'a text such as eventType=…' });
    else {
      const parsed = parseHubQuery(input.query);
      if (!parsed.ok) issues.push({ field: 'query', message: parsed.message });
      else query = input.query.trim() === '' ? null : input.query.trim();
    }
  }
  let secret = randomBytes(24).toString('hex');
  if (input.secret !== undefined) {
    if (typeof input.secret === 'string' && input.secret.length >= 16 && input.secret.length <= 200)
      secret = input.secret;
    else issues.push({ field: 'secret', message: '16–200 characters' });
  }
  if (issues.length > 0)
    throw new DomainError(
      'VALIDATION_FAILED',
      `Invalid hub: ${issues.map((i) => i.field).join(', ')}`,
      issues,
    );
  return deps.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(hubSubscriptions)
      .values({ api, callback, query, secret, createdBy: actor.name, createdAt: deps.now() })
      .returning({ id: hubSubscriptions.id });
    await writeAudit(tx, actor, {
      action: 'create',
      entity: 'hubSubscription',
      entityId: row!.id,
      after: { api, callback, query },
    });
    return { id: row!.id, callback, query, secret };
  });
}

export async function getHub(deps: Deps, api: HubApi, id: string): Promise<HubView> {
  const [row] = await deps.db
    .select({ id: hubSubscriptions.id, callback: hubSubscriptions.callback, query: hubSubscriptions.query })
    .from(hubSubscriptions)
    .where(and(eq(hubSubscriptions.id, id), eq(hubSubscriptions.api, api)));
  if (!row) throw new DomainError('NOT_FOUND', `No hub ${id}`);
  return row;
}

export type HubListItem = HubView & {
  api: HubApi;
  createdBy: string;
  createdAt: string;
  /** Whether its events are queued: only while its creator is an active admin (deny by default). */
  receiving: boolean;
};

/** Every subscription of every TMF API, newest first (the admin's webhooks page); never the secret. */
export async function listHubs(deps: Deps): Promise<HubListItem[]> {
  const rows = await deps.db
    .select({
      id: hubSubscriptions.id,
      api: hubSubscriptions.api,
      callback: hubSubscriptions.callback,
      query: hubSubscriptions.query,
      createdBy: hubSubscriptions.createdBy,
      createdAt: hubSubscriptions.createdAt,
      receiving: sql<boolean>`exists (select 1 from ${users} u where u.username = ${hubSubscriptions.createdBy}
        and u.role = 'admin' and u.active)`,
    })
    .from(hubSubscriptions)
    .orderBy(desc(hubSubscriptions.createdAt), hubSubscriptions.id);
  return rows.map((r) => ({ ...r, api: r.api as HubApi, createdAt: r.createdAt.toISOString() }));
}

/** Deletes a subscription; its undelivered events are marked dead (kept for the record). */
export async function deleteHub(deps: Deps, actor: Actor, api: HubApi, id: string): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const [row] = await tx
      .delete(hubSubscriptions)
      .where(and(eq(hubSubscriptions.id, id), eq(hubSubscriptions.api, api)))
      .returning({
        id: hubSubscriptions.id,
        callback: hubSubscriptions.callback,
        query: hubSubscriptions.query,
      });
    if (!row) throw new DomainError('NOT_FOUND', `No hub ${id}`);
    await tx.execute(sql`update outbox set dead_at = ${deps.now().toISOString()}::timestamptz,
      last_error = 'subscription deleted' where subscription_id = ${id}::uuid and delivered_at is null and dead_at is null`);
    await writeAudit(tx, actor, {
      action: 'delete',
      entity: 'hubSubscription',
      entityId: id,
      before: { api, callback: row.callback, query: row.query },
    });
  });
}
