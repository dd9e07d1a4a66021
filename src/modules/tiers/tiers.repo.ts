/**
 * SQL of the tier workflow (customer scoping is `customers.access.ts`): proposals (listed with their customer,
 * locked FOR UPDATE for decisions), tier history, billing for loss equivalence, settings.
 */
import { and, desc, eq, gte, ilike, inArray, like, lte, or, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/database.ts';
import {
  appMeta,
  assessments,
  billingMonthly,
  customers,
  tierChanges,
  tierProposals,
  users,
} from '../../db/schema.ts';
import { descendantRegions } from '../../domain/access.ts';
import { DomainError } from '../../domain/errors.ts';
import { listRegions } from '../org/org.repo.ts';

export type CustomerRow = typeof customers.$inferSelect;
export type ProposalRow = typeof tierProposals.$inferSelect;
export type TierChangeRow = typeof tierChanges.$inferSelect;

/** A region code and every region below it, so a filter on a province includes its cities. */
export async function regionTree(ex: Executor, code: string): Promise<string[]> {
  return descendantRegions(await listRegions(ex), code);
}

export type ProposalListRow = ProposalRow & {
  customerCode: string;
  customerName: string;
  regionCode: string;
  currentTier: string | null;
  currentStars: number | null;
  currentGroupClass: string | null;
};

const proposalColumns = {
  proposal: tierProposals,
  customerCode: customers.code,
  customerName: customers.name,
  regionCode: customers.regionCode,
  currentTier: customers.tier,
  currentStars: customers.stars,
  currentGroupClass: customers.groupClass,
};

function flatten(row: { proposal: ProposalRow } & Omit<ProposalListRow, keyof ProposalRow>): ProposalListRow {
  const { proposal, ...rest } = row;
  return { ...proposal, ...rest };
}

export type ProposalFilter = {
  status?: string | undefined;
  kind?: string | undefined;
  customerId?: string | undefined;
  /** A region and the regions below it (the service expands the requested code). */
  regionCodes?: string[] | undefined;
  /** The customer's name (substring) or code (prefix). */
  q?: string | undefined;
  toTier?: string | undefined;
  toGroupClass?: string | undefined;
  /** The customer's current account manager. */
  accountManagerId?: string | undefined;
};

/** Escapes LIKE wildcards so a search for "10%" looks for those characters. */
const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (ch) => `\\${ch}`);

/** A customer by its name (substring, any case) or its code (prefix, any case). */
function customerMatches(q: string): SQL {
  const text = likeLiteral(q);
  return or(
    ilike(customers.name, `%${text}%`),
    like(customers.code, `${text}%`),
    like(customers.code, `${text.toUpperCase()}%`),
  )!;
}

export async function listProposals(
  ex: Executor,
  scope: SQL,
  filter: ProposalFilter,
  page: { limit: number; offset: number },
): Promise<{ total: number; items: ProposalListRow[] }> {
  const conditions: SQL[] = [scope];
  if (filter.status) conditions.push(eq(tierProposals.status, filter.status));
  if (filter.kind) conditions.push(eq(tierProposals.kind, filter.kind));
  if (filter.customerId) conditions.push(eq(tierProposals.customerId, filter.customerId));
  if (filter.regionCodes) conditions.push(inArray(customers.regionCode, filter.regionCodes));
  if (filter.q) conditions.push(customerMatches(filter.q));
  if (filter.toTier) conditions.push(eq(tierProposals.toTier, filter.toTier));
  if (filter.toGroupClass) conditions.push(eq(tierProposals.toGroupClass, filter.toGroupClass));
  if (filter.accountManagerId) conditions.push(eq(customers.accountManagerId, filter.accountManagerId));
  const where = and(...conditions);
  const [count] = await ex
    .select({ n: sql<number>`count(*)::int` })
    .from(tierProposals)
    .innerJoin(customers, eq(customers.id, tierProposals.customerId))
    .where(where);
  const rows = await ex
    .select(proposalColumns)
    .from(tierProposals)
    .innerJoin(customers, eq(customers.id, tierProposals.customerId))
    .where(where)
    .orderBy(desc(tierProposals.createdAt), tierProposals.id)
    .limit(page.limit)
    .offset(page.offset);
  return { total: count?.n ?? 0, items: rows.map(flatten) };
}

/** One proposal with its customer, visible to `scope`, or null. */
export async function findProposal(ex: Executor, scope: SQL, id: string): Promise<ProposalListRow | null> {
  const [row] = await ex
    .select(proposalColumns)
    .from(tierProposals)
    .innerJoin(customers, eq(customers.id, tierProposals.customerId))
    .where(and(eq(tierProposals.id, id), scope));
  return row ? flatten(row) : null;
}

/**
 * Locks the proposals (ordered by id, so two bulk approvals cannot deadlock) and their customers
 * for a decision: a second approver waits here and then sees the first one's decision.
 */
export async function lockProposals(ex: Executor, ids: readonly string[]): Promise<Map<string, ProposalRow>> {
  if (ids.length === 0) return new Map();
  const rows = await ex
    .select()
    .from(tierProposals)
    .where(inArray(tierProposals.id, [...ids]))
    .orderBy(tierProposals.id)
    .for('update');
  return new Map(rows.map((r) => [r.id, r]));
}

export async function lockCustomer(ex: Executor, id: string): Promise<CustomerRow> {
  const [row] = await ex.select().from(customers).where(eq(customers.id, id)).for('update');
  if (!row) throw new DomainError('NOT_FOUND', `No customer ${id}`);
  return row;
}

export async function updateProposal(
  ex: Executor,
  id: string,
  patch: Partial<typeof tierProposals.$inferInsert>,
): Promise<ProposalRow> {
  const [row] = await ex.update(tierProposals).set(patch).where(eq(tierProposals.id, id)).returning();
  return row!;
}

export async function updateCustomerTier(
  ex: Executor,
  id: string,
  patch: Pick<CustomerRow, 'tier' | 'stars' | 'groupClass' | 'tierEffectiveDate' | 'updatedAt'>,
): Promise<CustomerRow> {
  const [row] = await ex
    .update(customers)
    .set({ ...patch, version: sql`${customers.version} + 1` })
    .where(eq(customers.id, id))
    .returning();
  return row!;
}

export async function insertTierChange(
  ex: Executor,
  row: typeof tierChanges.$inferInsert,
): Promise<TierChangeRow> {
  const [created] = await ex.insert(tierChanges).values(row).returning();
  return created!;
}

/** Marks a customer's pending proposal superseded; returns the superseded ids. */
export async function supersedePending(ex: Executor, customerId: string, at: Date): Promise<string[]> {
  const rows = await ex
    .update(tierProposals)
    .set({ status: 'superseded', decidedAt: at, decidedBy: 'system:superseded' })
    .where(and(eq(tierProposals.customerId, customerId), eq(tierProposals.status, 'pending')))
    .returning({ id: tierProposals.id });
  return rows.map((r) => r.id);
}

export async function insertProposal(
  ex: Executor,
  row: typeof tierProposals.$inferInsert,
): Promise<ProposalRow> {
  const [created] = await ex.insert(tierProposals).values(row).returning();
  return created!;
}

/** The customer's latest assessment (latest as_of, then latest written), or null. */
export async function findLatestAssessment(ex: Executor, customerId: string) {
  const [row] = await ex
    .select()
    .from(assessments)
    .where(eq(assessments.customerId, customerId))
    .orderBy(desc(assessments.asOf), desc(assessments.createdAt))
    .limit(1);
  return row ?? null;
}

export type TierChangeListRow = TierChangeRow & { approverName: string | null };

export async function listTierChanges(ex: Executor, customerId: string): Promise<TierChangeListRow[]> {
  const rows = await ex
    .select({ change: tierChanges, approverName: users.displayName })
    .from(tierChanges)
    .leftJoin(users, eq(users.username, tierChanges.approvedBy))
    .where(eq(tierChanges.customerId, customerId))
    .orderBy(desc(tierChanges.effectiveDate), desc(tierChanges.at));
  return rows.map((r) => ({ ...r.change, approverName: r.approverName }));
}

/** Monthly revenues of the customer for months in [fromMonth, toMonth]. */
export async function findMonthlyRevenues(
  ex: Executor,
  customerId: string,
  fromMonth: string,
  toMonth: string,
): Promise<number[]> {
  const rows = await ex
    .select({ revenueFen: billingMonthly.revenueFen })
    .from(billingMonthly)
    .where(
      and(
        eq(billingMonthly.customerId, customerId),
        gte(billingMonthly.month, fromMonth),
        lte(billingMonthly.month, toMonth),
      ),
    );
  return rows.map((r) => r.revenueFen);
}

export async function readMeta<T>(ex: Executor, key: string): Promise<T | null> {
  const [row] = await ex.select({ value: appMeta.value }).from(appMeta).where(eq(appMeta.key, key));
  return (row?.value as T | undefined) ?? null;
}

export async function writeMeta(ex: Executor, key: string, value: unknown, at: Date): Promise<void> {
  await ex
    .insert(appMeta)
    .values({ key, value, updatedAt: at })
    .onConflictDoUpdate({ target: appMeta.key, set: { value, updatedAt: at } });
}
