/**
 * Webhook delivery of the outbox (PRODUCT.md §7, TMF621 hub). Each run claims due rows with
 * FOR UPDATE SKIP LOCKED in a short transaction that already counts the attempt and moves
 * `next_attempt_at` to the retry instant (so a second process skips them, and a crash mid-POST
 * retries later), POSTs outside any transaction with a timeout, then records delivered or failed;
 * after MAX_ATTEMPTS failures a row is dead (kept, listed, retryable by hand).
 *
 * Each POST carries `X-Tierline-Signature: sha256=<hex HMAC-SHA256 of the raw body with the
 * subscription's secret>` and `X-Tierline-Event-Id`. Delivery is at least once: receivers must
 * deduplicate by eventId.
 */
import { createHmac } from 'node:crypto';
import { type SQL, sql } from 'drizzle-orm';
import { type Actor, writeAudit } from '../../db/audit.ts';
import { queryRows } from '../../db/database.ts';
import type { Deps } from '../../deps.ts';
import { DomainError } from '../../domain/errors.ts';

/** Attempts before a row is dead. */
export const MAX_ATTEMPTS = 10;
/** How long a callback may take to answer. */
export const DELIVERY_TIMEOUT_MS = 5000;

export type DeliveryReport = { claimed: number; delivered: number; failed: number; dead: number };

type Claimed = {
  id: number;
  attempts: number;
  eventId: string;
  eventType: string;
  payload: unknown;
  callback: string | null;
  secret: string | null;
};

/** The signature header value of a body. */
export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

async function claim(deps: Deps, at: Date, batch: number): Promise<Claimed[]> {
  return deps.db.transaction(async (tx) => {
    const rows = await queryRows<Claimed>(
      tx,
      sql`select o.id, o.attempts, o.event_id as "eventId", o.event_type as "eventType", o.payload,
        s.callback, s.secret
        from outbox o left join hub_subscriptions s on s.id = o.subscription_id
        where o.delivered_at is null and o.dead_at is null and o.next_attempt_at <= ${at.toISOString()}::timestamptz
        order by o.next_attempt_at, o.id limit ${batch}
        for update of o skip locked`,
    );
    if (rows.length === 0) return [];
    const live = rows.filter((r) => r.callback !== null).map((r) => Number(r.id));
    const orphans = rows.filter((r) => r.callback === null).map((r) => Number(r.id));
    const iso = at.toISOString();
    if (live.length > 0) {
      // attempt n = attempts + 1; its retry delay 30 s × 2^(n−1) = 30 × 2^attempts, at most 6 h
      // (retryDelaySeconds in src/domain/tickets/hub-query.ts)
      await tx.execute(sql`update outbox set attempts = attempts + 1,
        next_attempt_at = ${iso}::timestamptz + make_interval(secs => least(30 * power(2, attempts), 21600))
        where id in (${sql.join(
          live.map((id) => sql`${id}`),
          sql`, `,
        )})`);
    }
    if (orphans.length > 0) {
      await tx.execute(sql`update outbox set dead_at = ${iso}::timestamptz, last_error = 'subscription deleted'
        where id in (${sql.join(
          orphans.map((id) => sql`${id}`),
          sql`, `,
        )})`);
    }
    return rows
      .filter((r) => r.callback !== null)
      .map((r) => ({ ...r, id: Number(r.id), attempts: Number(r.attempts) + 1 }));
  });
}

async function post(
  row: Claimed,
  timeoutMs: number,
): Promise<{ status: number | null; error: string | null }> {
  const body = JSON.stringify(typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload);
  try {
    const res = await fetch(row.callback!, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Tierline-Webhook/1',
        'x-tierline-event-id': row.eventId,
        'x-tierline-event-type': row.eventType,
        'x-tierline-delivery-attempt': String(row.attempts),
        'x-tierline-signature': signBody(row.secret!, body),
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.arrayBuffer().catch(() => undefined);
    const ok = res.status >= 200 && res.status < 300;
    return { status: res.status, error: ok ? null : `HTTP ${res.status}` };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    const timedOut = e.name === 'TimeoutError' || e.name === 'AbortError';
    return {
      status: null,
      error: timedOut
        ? `timeout after ${timeoutMs} ms`
        : `${e.cause?.code ?? e.name}: ${e.message}`.slice(0, 500),
    };
  }
}

async function record(deps: Deps, row: Claimed, result: { status: number | null; error: string | null }) {
  const now = deps.now().toISOString();
  if (result.error === null) {
    await deps.db.execute(sql`update outbox set delivered_at = ${now}::timestamptz, last_status = ${result.status},
      last_error = null where id = ${row.id}`);
    return 'delivered' as const;
  }
  const dead = row.attempts >= MAX_ATTEMPTS;
  await deps.db.execute(sql`update outbox set last_status = ${result.status}, last_error = ${result.error}
    ${dead ? sql`, dead_at = ${now}::timestamptz` : sql``} where id = ${row.id}`);
  return dead ? ('dead' as const) : ('failed' as const);
}

/**
 * Delivers the outbox rows due at `at` (the `hub-outbox` job; also kicked after a commit that
 * queued events). Safe with several processes at once.
 */
export async function deliverOutbox(
  deps: Deps,
  at: Date,
  options: { timeoutMs?: number; batch?: number; maxBatches?: number } = {},
): Promise<DeliveryReport> {
  const batch = options.batch ?? 50;
  const report: DeliveryReport = { claimed: 0, delivered: 0, failed: 0, dead: 0 };
  for (let i = 0; i < (options.maxBatches ?? 10); i++) {
    const rows = await claim(deps, at, batch);
    report.claimed += rows.length;
    const outcomes = await Promise.all(
      rows.map(async (row) => record(deps, row, await post(row, options.timeoutMs ?? DELIVERY_TIMEOUT_MS))),
    );
    for (const o of outcomes) report[o]++;
    if (rows.length < batch) break;
  }
  return report;
}

let immediate = true;
const running = new WeakMap<Deps, { again: boolean }>();

/** Turns the best-effort delivery right after a commit on or off (tests that count attempts turn it off). */
export function setImmediateDelivery(on: boolean): void {
  immediate = on;
}

/**
 * Best effort, after a commit that queued `queued` rows: delivers now in the background instead
 * of waiting for the job. Errors are left to the job's next run.
 */
export function kickDelivery(deps: Deps, queued: number): void {
  if (!immediate || queued <= 0) return;
  const state = running.get(deps);
  if (state) {
    state.again = true;
    return;
  }
  const mine = { again: false };
  running.set(deps, mine);
  void (async () => {
    try {
      do {
        mine.again = false;
        await deliverOutbox(deps, deps.now(), { maxBatches: 2 });
      } while (mine.again);
    } catch {
      // the job retries
    } finally {
      running.delete(deps);
    }
  })();
}

export const DELIVERY_STATUSES = ['pending', 'delivered', 'dead'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export type DeliveryView = {
  id: number;
  subscriptionId: string;
  callback: string | null;
  eventId: string;
  eventType: string;
  status: DeliveryStatus;
  createdAt: string;
  attempts: number;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  deadAt: string | null;
  lastStatus: number | null;
  lastError: string | null;
};

const STATUS_SQL: Record<DeliveryStatus, SQL> = {
  pending: sql`o.delivered_at is null and o.dead_at is null`,
  delivered: sql`o.delivered_at is not null`,
  dead: sql`o.dead_at is not null`,
};

type DeliveryRow = Omit<DeliveryView, 'status' | 'createdAt' | 'nextAttemptAt' | 'deliveredAt' | 'deadAt'> & {
  createdAt: Date | string;
  nextAttemptAt: Date | string;
  deliveredAt: Date | string | null;
  deadAt: Date | string | null;
};

const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());

function toView(r: DeliveryRow): DeliveryView {
  const status: DeliveryStatus = r.deliveredAt ? 'delivered' : r.deadAt ? 'dead' : 'pending';
  return {
    ...r,
    id: Number(r.id),
    attempts: Number(r.attempts),
    lastStatus: r.lastStatus === null ? null : Number(r.lastStatus),
    status,
    createdAt: iso(r.createdAt)!,
    nextAttemptAt: status === 'pending' ? iso(r.nextAttemptAt) : null,
    deliveredAt: iso(r.deliveredAt),
    deadAt: iso(r.deadAt),
  };
}

const DELIVERY_COLUMNS = sql`o.id, o.subscription_id as "subscriptionId", s.callback, o.event_id as "eventId",
  o.event_type as "eventType", o.created_at as "createdAt", o.attempts, o.next_attempt_at as "nextAttemptAt",
  o.delivered_at as "deliveredAt", o.dead_at as "deadAt", o.last_status as "lastStatus", o.last_error as "lastError"`;

/** Outbox rows, newest first (admin view). */
export async function listDeliveries(
  deps: Deps,
  filter: { status?: DeliveryStatus | undefined; limit: number; offset: number },
): Promise<{ total: number; items: DeliveryView[] }> {
  const where = filter.status ? STATUS_SQL[filter.status] : sql`true`;
  const [count] = await queryRows<{ n: number }>(
    deps.db,
    sql`select count(*)::int as n from outbox o where ${where}`,
  );
  const rows = await queryRows<DeliveryRow>(
    deps.db,
    sql`select ${DELIVERY_COLUMNS} from outbox o left join hub_subscriptions s on s.id = o.subscription_id
      where ${where} order by o.id desc limit ${filter.limit} offset ${filter.offset}`,
  );
  return { total: Number(count?.n ?? 0), items: rows.map(toView) };
}

/** Puts a dead or pending row back to be delivered now with a fresh set of attempts. */
export async function retryDelivery(deps: Deps, actor: Actor, id: number): Promise<DeliveryView> {
  const at = deps.now();
  const view = await deps.db.transaction(async (tx) => {
    const [row] = await queryRows<DeliveryRow & { subscriptionExists: boolean }>(
      tx,
      sql`select ${DELIVERY_COLUMNS}, s.id is not null as "subscriptionExists"
        from outbox o left join hub_subscriptions s on s.id = o.subscription_id where o.id = ${id} for update of o`,
    );
    if (!row) throw new DomainError('NOT_FOUND', `No delivery ${id}`);
    if (row.deliveredAt) throw new DomainError('CONFLICT', `Delivery ${id} was already delivered`);
    if (!row.subscriptionExists)
      throw new DomainError('CONFLICT', `The subscription of delivery ${id} was deleted`);
    await tx.execute(sql`update outbox set dead_at = null, attempts = 0,
      next_attempt_at = ${at.toISOString()}::timestamptz where id = ${id}`);
    await writeAudit(tx, actor, {
      action: 'retry',
      entity: 'webhookDelivery',
      entityId: String(id),
      before: { attempts: Number(row.attempts), deadAt: iso(row.deadAt) },
      after: { attempts: 0, nextAttemptAt: at.toISOString() },
    });
    const [fresh] = await queryRows<DeliveryRow>(
      tx,
      sql`select ${DELIVERY_COLUMNS} from outbox o left join hub_subscriptions s on s.id = o.subscription_id where o.id = ${id}`,
    );
    return toView(fresh!);
  });
  kickDelivery(deps, 1);
  return view;
}
