/**
 * The customer's one visitor (统一回访接口人, PRODUCT.md §7): read it, or give the customer another
 * visit agent (admin, kam_manager), its open visits moving along. Audited.
 */
import { type Actor, writeAudit } from '../../db/audit.ts';
import type { Executor } from '../../db/database.ts';
import type { Deps } from '../../deps.ts';
import type { ScopedUser } from '../../domain/access.ts';
import { DomainError } from '../../domain/errors.ts';
import { loadScopedCustomer } from '../customers/customers.access.ts';
import {
  findActiveUser,
  findCustomerVisitor,
  findCustomerVisitorRow,
  moveOpenVisits,
  upsertCustomerVisitor,
} from './visits.repo.ts';

export type CustomerVisitorView = {
  customerId: string;
  visitorId: string | null;
  visitorName: string | null;
  assignedAt: string | null;
  assignedBy: string | null;
};

async function customerVisitorView(ex: Executor, customerId: string): Promise<CustomerVisitorView> {
  const row = await findCustomerVisitorRow(ex, customerId);
  return {
    customerId,
    visitorId: row?.visitorId ?? null,
    visitorName: row?.visitorName ?? null,
    assignedAt: row?.assignedAt.toISOString() ?? null,
    assignedBy: row?.assignedBy ?? null,
  };
}

export async function getCustomerVisitor(
  deps: Deps,
  user: ScopedUser,
  customerId: string,
): Promise<CustomerVisitorView> {
  await loadScopedCustomer(deps.db, user, customerId);
  return customerVisitorView(deps.db, customerId);
}

/** Gives the customer a (new) visitor, a visit agent; its open visits move along. */
export async function setCustomerVisitor(
  deps: Deps,
  user: ScopedUser,
  actor: Actor,
  customerId: string,
  visitorId: string,
): Promise<CustomerVisitorView & { movedVisits: number }> {
  const at = deps.now();
  const moved = await deps.db.transaction(async (tx) => {
    await loadScopedCustomer(tx, user, customerId, { forUpdate: true });
    const visitor = await findActiveUser(tx, visitorId);
    if (visitor?.role !== 'visit_agent') {
      const message = 'the visitor must be an active visit agent';
      throw new DomainError('VALIDATION_FAILED', message, [{ field: 'visitorId', message }]);
    }
    const before = await findCustomerVisitor(tx, customerId);
    await upsertCustomerVisitor(tx, { customerId, visitorId, at, by: actor.name });
    const movedVisits = await moveOpenVisits(tx, customerId, visitorId);
    await writeAudit(tx, actor, {
      action: 'assign',
      entity: 'customerVisitor',
      entityId: customerId,
      before: { visitorId: before },
      after: { visitorId, movedVisits },
    });
    return movedVisits;
  });
  return { ...(await customerVisitorView(deps.db, customerId)), movedVisits: moved };
}
