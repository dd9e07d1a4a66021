/**
 * Outages of circuits (PRODUCT.md §6: "availability is measured from outage records"): entered by
 * ops, or taken from resolved fault tickets on covered circuits (`syncTicketOutages`, run by the
 * measurement). Intervals on one circuit never overlap: the check runs under a lock of the
 * circuit row (`SELECT … FOR UPDATE`), so two entries at once cannot both pass it.
 */
import { type SQL, sql } from 'drizzle-orm';
import { type Actor, writeAudit } from '../../db/audit.ts';
import { type Executor, queryRows, type Tx } from '../../db/database.ts';
import { circuitOutages } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import type { ScopedUser } from '../../domain/access.ts';
import { DomainError } from '../../domain/errors.ts';
import { monthBounds, outagesOverlap } from '../../domain/sla/availability.ts';
import { customerScopeOver } from '../customers/customers.access.ts';
import {
  findCircuitOutages,
  findOutage,
  listOutages,
  lockCircuit,
  type OutageFilter,
  type OutageRow,
} from './agreements.repo.ts';
import type { OutageBody, OutagePatchBody } from './agreements.schema.ts';

/** Outages visible to `user`: the customer scope over the outage's customer (`c`). */
export const outageScope = (user: ScopedUser): SQL =>
  customerScopeOver(user, { accountManagerId: sql`c.account_manager_id`, regionCode: sql`c.region_code` });

export type OutageView = {
  id: string;
  circuitId: string;
  circuitNumber: string;
  customerId: string;
  customerName: string;
  startedAt: string;
  restoredAt: string | null;
  durationMinutes: number | null;
  source: string;
  ticketId: string | null;
  ticketNumber: string | null;
  cause: string | null;
  excluded: boolean;
  note: string | null;
  createdBy: string;
  createdAt: string;
};

export function toOutageView(r: OutageRow): OutageView {
  return {
    ...r,
    startedAt: r.startedAt.toISOString(),
    restoredAt: r.restoredAt === null ? null : r.restoredAt.toISOString(),
    durationMinutes:
      r.restoredAt === null ? null : Math.ceil((r.restoredAt.getTime() - r.startedAt.getTime()) / 60_000),
    createdAt: r.createdAt.toISOString(),
  };
}

export async function listOutagesFor(
  deps: Deps,
  user: ScopedUser,
  q: {
    circuitId?: string | undefined;
    customerId?: string | undefined;
    agreementId?: string | undefined;
    month?: string | undefined;
    open?: 'true' | 'false' | undefined;
    source?: 'manual' | 'ticket' | undefined;
    limit: number;
    offset: number;
  },
): Promise<{ total: number; items: OutageView[] }> {
  const filter: OutageFilter = {
    circuitId: q.circuitId,
    customerId: q.customerId,
    agreementId: q.agreementId,
    source: q.source,
    open: q.open === undefined ? undefined : q.open === 'true',
    window: q.month ? (({ start, end }) => ({ from: start, to: end }))(monthBounds(q.month)) : undefined,
  };
  const page = await listOutages(deps.db, outageScope(user), filter, q);
  return { total: page.total, items: page.items.map(toOutageView) };
}

export async function getOutage(deps: Deps, user: ScopedUser, id: string): Promise<OutageView> {
  const row = await findOutage(deps.db, outageScope(user), id);
  if (!row) throw new DomainError('NOT_FOUND', `No outage ${id}`);
  return toOutageView(row);
}

/** The interval rules of an outage entered by hand: restore after start, neither in the future. */
function checkInterval(startedAt: Date, restoredAt: Date | null, now: Date): void {
  if (startedAt.getTime() > now.getTime())
    throw new DomainError('INVALID_RANGE', 'An outage cannot start in the future', [
      { field: 'startedAt', message: 'in the future' },
    ]);
  if (restoredAt !== null && restoredAt.getTime() <= startedAt.getTime())
    throw new DomainError('INVALID_RANGE', 'The outage ends before it starts', [
      { field: 'restoredAt', message: 'must be after startedAt' },
    ]);
  if (restoredAt !== null && restoredAt.getTime() > now.getTime())
    throw new DomainError('INVALID_RANGE', 'A restore instant cannot be in the future', [
      { field: 'restoredAt', message: 'in the future' },
    ]);
}

/** 409 OUTAGE_OVERLAP when [startedAt, restoredAt) meets another outage of the (locked) circuit. */
async function checkNoOverlap(
  ex: Executor,
  circuitId: string,
  interval: { startedAt: Date; restoredAt: Date | null },
  exceptId: string | null,
): Promise<void> {
  const others = await findCircuitOutages(
    ex,
    circuitId,
    { from: interval.startedAt, to: interval.restoredAt },
    exceptId,
  );
  const ms = (d: Date | null) => (d === null ? null : d.getTime());
  const hit = others.find((o) =>
    outagesOverlap(
      { startedAt: interval.startedAt.getTime(), restoredAt: ms(interval.restoredAt) },
      { startedAt: o.startedAt.getTime(), restoredAt: ms(o.restoredAt) },
    ),
  );
  if (hit)
    throw new DomainError(
      'OUTAGE_OVERLAP',
      `The outage overlaps another on this circuit (${hit.startedAt.toISOString()} – ${hit.restoredAt?.toISOString() ?? 'open'})`,
      [{ field: 'startedAt', message: 'overlaps another outage of the circuit' }],
      { outageId: hit.id },
    );
}

/** Records an outage by hand (ops_engineer/admin; the circuit's customer in scope). */
export async function createOutage(
  deps: Deps,
  user: ScopedUser,
  actor: Actor,
  body: OutageBody,
): Promise<OutageView> {
  const now = deps.now();
  const startedAt = new Date(body.startedAt);
  const restoredAt = body.restoredAt ? new Date(body.restoredAt) : null;
  checkInterval(startedAt, restoredAt, now);
  const id = await deps.db.transaction(async (tx) => {
    const circuit = await visibleCircuitLocked(tx, user, body.circuitId);
    await checkNoOverlap(tx, circuit.id, { startedAt, restoredAt }, null);
    const values = {
      circuitId: circuit.id,
      customerId: circuit.customerId,
      startedAt,
      restoredAt,
      source: 'manual',
      cause: body.cause ?? null,
      excluded: body.excluded ?? false,
      note: body.note ?? null,
      createdBy: actor.name,
      createdAt: now,
    };
    const [row] = await tx.insert(circuitOutages).values(values).returning({ id: circuitOutages.id });
    await writeAudit(tx, actor, {
      action: 'sla.outage.create',
      entity: 'circuit_outage',
      entityId: row!.id,
      after: values,
    });
    return row!.id;
  });
  return getOutage(deps, user, id);
}

async function visibleCircuitLocked(tx: Tx, user: ScopedUser, circuitId: string) {
  const circuit = await lockCircuit(tx, circuitId);
  const visible = circuit
    ? await queryRows<{ id: string }>(
        tx,
        sql`select c.id from customers c where c.id = ${circuit.customerId}::uuid and ${outageScope(user)}`,
      )
    : [];
  if (!circuit || visible.length === 0)
    throw new DomainError('NOT_FOUND', `No circuit ${circuitId}`, [
      { field: 'circuitId', message: 'no such circuit' },
    ]);
  return circuit;
}

/** Changes an outage (restore it, correct the instants, exclude it); the overlap rule holds again. */
export async function patchOutage(
  deps: Deps,
  user: ScopedUser,
  actor: Actor,
  id: string,
  body: OutagePatchBody,
): Promise<OutageView> {
  const now = deps.now();
  await deps.db.transaction(async (tx) => {
    const before = await findOutage(tx, outageScope(user), id);
    if (!before) throw new DomainError('NOT_FOUND', `No outage ${id}`);
    await lockCircuit(tx, before.circuitId);
    const startedAt = body.startedAt ? new Date(body.startedAt) : before.startedAt;
    const restoredAt =
      body.restoredAt === undefined
        ? before.restoredAt
        : body.restoredAt === null
          ? null
          : new Date(body.restoredAt);
    checkInterval(startedAt, restoredAt, now);
    await checkNoOverlap(tx, before.circuitId, { startedAt, restoredAt }, id);
    const after = {
      startedAt,
      restoredAt,
      cause: body.cause === undefined ? before.cause : body.cause,
      excluded: body.excluded ?? before.excluded,
      note: body.note === undefined ? before.note : body.note,
    };
    await tx.update(circuitOutages).set(after).where(sql`id = ${id}::uuid`);
    await writeAudit(tx, actor, {
      action: 'sla.outage.update',
      entity: 'circuit_outage',
      entityId: id,
      before: toOutageView(before),
      after,
    });
  });
  return getOutage(deps, user, id);
}

/**
 * Takes outages from resolved fault tickets on `circuitIds` that overlap [from, to): start = the
 * ticket's creation, restore = its last `resolved` status event. A ticket whose interval overlaps
 * an outage already on the circuit (entered by hand) is skipped — the manual record stands.
 * Returns how many were added. Runs in the caller's transaction.
 */
export async function syncTicketOutages(
  tx: Tx,
  actor: Actor,
  circuitIds: readonly string[],
  window: { from: Date; to: Date },
  at: Date,
): Promise<number> {
  if (circuitIds.length === 0) return 0;
  const list = sql.join(
    circuitIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  const candidates = await queryRows<{
    id: string;
    number: string;
    circuitId: string;
    customerId: string;
    startedAt: Date;
    restoredAt: Date | null;
  }>(
    tx,
    sql`select t.id, t.number, t.circuit_id as "circuitId", t.customer_id as "customerId", t.created_at as "startedAt",
        (select max(e.at) from ticket_events e where e.ticket_id = t.id and e.kind = 'status' and e.status = 'resolved')
          as "restoredAt"
      from tickets t
      where t.circuit_id in (${list}) and t.ticket_type = 'fault' and t.status in ('resolved', 'closed')
        and t.created_at < ${window.to.toISOString()}::timestamptz
        and not exists (select 1 from circuit_outages o where o.ticket_id = t.id)
      order by t.circuit_id, t.created_at`,
  );
  let added = 0;
  for (const c of candidates) {
    if (c.restoredAt === null) continue;
    const startedAt = new Date(c.startedAt);
    const restoredAt = new Date(c.restoredAt);
    if (restoredAt.getTime() <= window.from.getTime() || restoredAt.getTime() <= startedAt.getTime())
      continue;
    await lockCircuit(tx, c.circuitId);
    const others = await findCircuitOutages(tx, c.circuitId, { from: startedAt, to: restoredAt });
    if (others.length > 0) continue;
    const values = {
      circuitId: c.circuitId,
      customerId: c.customerId,
      startedAt,
      restoredAt,
      source: 'ticket',
      ticketId: c.id,
      cause: `故障单 ${c.number}`,
      excluded: false,
      createdBy: actor.name,
      createdAt: at,
    };
    const [row] = await tx
      .insert(circuitOutages)
      .values(values)
      .onConflictDoNothing()
      .returning({ id: circuitOutages.id });
    if (!row) continue;
    await writeAudit(tx, actor, {
      action: 'sla.outage.fromTicket',
      entity: 'circuit_outage',
      entityId: row.id,
      after: values,
    });
    added += 1;
  }
  return added;
}
