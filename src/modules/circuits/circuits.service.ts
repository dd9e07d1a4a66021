/**
 * Circuits (电路/业务号码) of customers and the front-desk lookup (一站式 客户查找, PRODUCT.md §7,
 * issue 5 item 4): one box finds a customer by name, customer or credit code, contact phone or
 * circuit number, scoped like every customer read.
 */
import { sql } from 'drizzle-orm';
import { type Actor, writeAudit } from '../../db/audit.ts';
import type { Deps } from '../../deps.ts';
import type { ScopedUser } from '../../domain/access.ts';
import { fromDayNumber, shanghaiDayNumberOf } from '../../domain/calendar/dates.ts';
import { DomainError } from '../../domain/errors.ts';
import { findServiceLevels, type ServiceLevel } from '../agreements/agreements.repo.ts';
import { customerScopeOver, loadScopedCustomer } from '../customers/customers.access.ts';
import {
  type CircuitRow,
  findCircuit,
  findCircuitIdByNumber,
  findCircuitsOf,
  findLookupCustomers,
  insertCircuit,
  type LookupMatchedBy,
  listCircuits,
  lookupCustomers,
} from './circuits.repo.ts';

export type CircuitView = Omit<CircuitRow, 'createdAt' | 'updatedAt'> & {
  createdAt: string;
  updatedAt: string;
  serviceLevel: ServiceLevel | null;
};

const toView = (r: CircuitRow, levels: Map<string, ServiceLevel>): CircuitView => ({
  ...r,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
  serviceLevel: levels.get(r.id) ?? null,
});

/** The service level in force today of each circuit: the one read path (agreements.repo). */
const levelsOf = (deps: Deps, ids: readonly string[]) =>
  findServiceLevels(deps.db, ids, fromDayNumber(shanghaiDayNumberOf(deps.now().getTime())));

const circuitScope = (user: ScopedUser) =>
  customerScopeOver(user, { accountManagerId: sql`c.account_manager_id`, regionCode: sql`c.region_code` });

export async function listCircuitsFor(
  deps: Deps,
  user: ScopedUser,
  q: { q?: string | undefined; customerId?: string | undefined; limit: number; offset: number },
): Promise<{ total: number; items: CircuitView[] }> {
  const page = await listCircuits(deps.db, circuitScope(user), q, q);
  const levels = await levelsOf(
    deps,
    page.items.map((k) => k.id),
  );
  return { total: page.total, items: page.items.map((k) => toView(k, levels)) };
}

/** The circuits of one customer (404 when the customer is out of scope). */
export async function listCustomerCircuits(
  deps: Deps,
  user: ScopedUser,
  customerId: string,
): Promise<CircuitView[]> {
  await loadScopedCustomer(deps.db, user, customerId);
  const page = await listCircuits(deps.db, sql`true`, { customerId }, { limit: 500, offset: 0 });
  const levels = await levelsOf(
    deps,
    page.items.map((k) => k.id),
  );
  return page.items.map((k) => toView(k, levels));
}

export type NewCircuitInput = {
  circuitNumber: string;
  customerId: string;
  product: string;
  scope: string;
  bandwidthMbps?: number | undefined;
  aEnd?: string | undefined;
  zEnd?: string | undefined;
  activatedOn?: string | undefined;
};

/** Registers a circuit for a customer in scope; 409 CONFLICT naming `circuitNumber` when taken. */
export async function createCircuit(
  deps: Deps,
  user: ScopedUser,
  actor: Actor,
  input: NewCircuitInput,
): Promise<CircuitView> {
  const circuitNumber = input.circuitNumber.toUpperCase();
  const id = await deps.db.transaction(async (tx) => {
    try {
      await loadScopedCustomer(tx, user, input.customerId);
    } catch (e) {
      if (e instanceof DomainError && e.code === 'NOT_FOUND') {
        throw new DomainError('NOT_FOUND', `No customer ${input.customerId}`, [
          { field: 'customerId', message: 'no such customer' },
        ]);
      }
      throw e;
    }
    const taken = () =>
      new DomainError('CONFLICT', `Circuit number ${circuitNumber} is already registered`, [
        { field: 'circuitNumber', message: 'already registered' },
      ]);
    if (await findCircuitIdByNumber(tx, circuitNumber)) throw taken();
    const values = {
      circuitNumber,
      customerId: input.customerId,
      product: input.product,
      scope: input.scope,
      bandwidthMbps: input.bandwidthMbps ?? null,
      aEnd: input.aEnd ?? null,
      zEnd: input.zEnd ?? null,
      activatedOn: input.activatedOn ?? null,
      at: deps.now(),
    };
    const created = await insertCircuit(tx, values);
    if (!created) throw taken();
    await writeAudit(tx, actor, {
      action: 'create',
      entity: 'circuit',
      entityId: created,
      after: { ...values, at: values.at.toISOString() },
    });
    return created;
  });
  return toView((await findCircuit(deps.db, id))!, await levelsOf(deps, [id]));
}

export type LookupResult = {
  customer: {
    id: string;
    name: string;
    creditCode: string | null;
    tier: string | null;
    stars: number | null;
    groupClass: string | null;
    regionCode: string;
    regionName: string | null;
    accountManagerId: string | null;
    accountManagerName: string | null;
  };
  matchedBy: LookupMatchedBy;
  matched: string;
  circuits: {
    id: string;
    circuitNumber: string;
    product: string;
    scope: string;
    bandwidthMbps: number | null;
    serviceLevel: ServiceLevel | null;
  }[];
  openTickets: number;
};

const LOOKUP_LIMIT = 20;

/** The front desk's one box: customers in scope matching `q`, best match first, at most 20. */
export async function lookup(deps: Deps, user: ScopedUser, q: string): Promise<LookupResult[]> {
  const hits = await lookupCustomers(deps.db, circuitScope(user), q.trim(), LOOKUP_LIMIT);
  const ids = hits.map((h) => h.customerId);
  const customers = new Map((await findLookupCustomers(deps.db, ids)).map((c) => [c.id, c]));
  const circuits = new Map<string, LookupResult['circuits']>();
  const rows = await findCircuitsOf(deps.db, ids);
  const levels = await levelsOf(
    deps,
    rows.map((k) => k.id),
  );
  for (const k of rows) {
    const list = circuits.get(k.customerId) ?? [];
    list.push({
      id: k.id,
      circuitNumber: k.circuitNumber,
      product: k.product,
      scope: k.scope,
      bandwidthMbps: k.bandwidthMbps,
      serviceLevel: levels.get(k.id) ?? null,
    });
    circuits.set(k.customerId, list);
  }
  return hits.flatMap((h) => {
    const c = customers.get(h.customerId);
    if (!c) return [];
    const { openTickets, ...customer } = c;
    const own = circuits.get(h.customerId) ?? [];
    // The matched circuit first.
    own.sort((a, b) => Number(b.circuitNumber === h.matched) - Number(a.circuitNumber === h.matched));
    return [
      {
        customer,
        matchedBy: h.matchedBy,
        matched: h.matched,
        circuits: own,
        openTickets: Number(openTickets),
      },
    ];
  });
}
