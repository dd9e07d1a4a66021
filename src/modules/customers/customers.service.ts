/**
 * Customer profile (PRODUCT.md §1): create, change, transfer between account managers, group
 * hierarchy, contacts and dated notes. Each change: load (scoped) → pure rule → save → audit, in
 * one transaction. Who may write: admin everything; kam_manager customers in its region tree;
 * an account manager its own customers' profile, contacts and notes (not create, not transfer).
 */
import type { SQL } from 'drizzle-orm';
import { type Actor, writeAudit } from '../../db/audit.ts';
import type { Executor, Tx } from '../../db/database.ts';
import type { Deps } from '../../deps.ts';
import { computeDataScope, type ScopedUser } from '../../domain/access.ts';
import { customerFieldIssues, normaliseCreditCode } from '../../domain/customers/customer.ts';
import { buildHierarchy, type HierarchyNode, wouldCreateCycle } from '../../domain/customers/hierarchy.ts';
import { DomainError, type FieldIssue } from '../../domain/errors.ts';
import { recomputeTicketClocks } from '../desk/calendar-clocks.service.ts';
import { kickDelivery } from '../events/delivery.service.ts';
import { queueTicketAttributeChanges } from '../tickets/tickets.service.ts';
import { type CustomerRow, isRegionInScope, loadScopedCustomer } from './customers.access.ts';
import {
  type AccountManagerRow,
  ancestorChain,
  type BillingRow,
  type ContactRow,
  type CustomerFilter,
  type CustomerViewWithScores,
  customerMove,
  customerRegionMove,
  deleteContact,
  findContact,
  findCustomerViews,
  findDuplicate,
  findSubtreeRows,
  findTreeRows,
  findUserBrief,
  findVisibleCustomerId,
  insertContact,
  insertCustomer,
  insertNote,
  listAccountManagerRows,
  listBillingMonths,
  listContactRows,
  listCustomerPage,
  listNoteRows,
  listRegionNodes,
  listTransferRows,
  moveAccountManagerRecords,
  moveRegionRecords,
  type NewCustomerRow,
  type NoteWithAuthor,
  regionExists,
  ticketsChangingCalendar,
  updateContact,
  updateCustomerVersioned,
} from './customers.repo.ts';
import type {
  ContactBody,
  ContactPatchBody,
  ContactView,
  CreateCustomerBody,
  CustomerView,
  NoteBody,
  NoteView,
  TransferView,
  UpdateCustomerBody,
} from './customers.schema.ts';

/** The signed-in user as the service needs it. */
export type CustomerUser = ScopedUser;

const WRITERS = new Set(['admin', 'kam_manager', 'account_manager']);
const OWNERS = new Set(['admin', 'kam_manager']);

function invalid(issues: FieldIssue[]): never {
  const names = issues.map((i) => i.field).join(', ');
  throw new DomainError('VALIDATION_FAILED', `Invalid customer: ${names}`, issues);
}

/** Strips the view down to the contract shape (the latest scores are for TMF629 only). */
export function toCustomerView(view: CustomerViewWithScores): CustomerView {
  const { latest: _latest, ...rest } = view;
  return rest;
}

/** A customer the caller may change: scoped (404 otherwise) and a writing role (403). */
async function loadWritable(ex: Executor, user: CustomerUser, id: string): Promise<CustomerRow> {
  const row = await loadScopedCustomer(ex, user, id, { forUpdate: true });
  if (!WRITERS.has(user.role))
    throw new DomainError('FORBIDDEN', `The role ${user.role} may not change customers`);
  return row;
}

async function viewOf(ex: Executor, user: CustomerUser, id: string): Promise<CustomerViewWithScores> {
  const [view] = await findCustomerViews(ex, user, [id]);
  if (!view) throw new DomainError('NOT_FOUND', `No customer ${id}`);
  return view;
}

// ---- reads ----------------------------------------------------------------------------------

export function listCustomers(
  deps: Deps,
  user: CustomerUser,
  filter: CustomerFilter,
  page: { limit: number; offset: number; sort: string },
): Promise<{ total: number; totalEstimated: boolean; items: CustomerViewWithScores[] }> {
  return listCustomerPage(deps.db, user, filter, page);
}

export async function getCustomer(
  deps: Deps,
  user: CustomerUser,
  id: string,
): Promise<CustomerViewWithScores> {
  await loadScopedCustomer(deps.db, user, id);
  return viewOf(deps.db, user, id);
}

// ---- validation shared by create and update -------------------------------------------------

type ProfileInput = {
  code?: string | undefined;
  creditCode?: string | null | undefined;
  industry?: string | undefined;
  regionCode?: string | undefined;
  parentId?: string | null | undefined;
};

/**
 * Every problem of the fields given, in one 400 (domain rules, region, parent), then who may set
 * them. `before` is the stored customer of an update (null when creating).
 * - Region: admin any; a kam_manager only a region of its own tree; an account manager never
 *   changes it (it moves the customer between kam_managers' scopes) — 403 naming `regionCode`.
 *   Sending the unchanged region is not a change.
 * - Parent: a new parent must be a customer the caller can see; one it cannot see gets the same
 *   400 as a customer that does not exist, so a write never tells that a customer exists. An
 *   unchanged parent (perhaps a group owned by someone else) is not checked again.
 */
async function checkProfile(
  ex: Executor,
  user: CustomerUser,
  input: ProfileInput,
  before: CustomerRow | null,
) {
  const selfId = before?.id ?? null;
  const issues = customerFieldIssues({ creditCode: input.creditCode, industry: input.industry });
  const regionChanged = input.regionCode !== undefined && input.regionCode !== before?.regionCode;
  if (regionChanged && !(await regionExists(ex, input.regionCode!))) {
    issues.push({ field: 'regionCode', message: `unknown region ${input.regionCode}` });
  }
  const parentChanged = input.parentId && input.parentId !== before?.parentId;
  if (
    parentChanged &&
    input.parentId !== selfId &&
    !(await findVisibleCustomerId(ex, user, input.parentId!))
  ) {
    issues.push({ field: 'parentId', message: 'no such customer' });
  }
  if (issues.length > 0) invalid(issues);
  if (!regionChanged) return;
  if (user.role === 'account_manager') {
    throw new DomainError('FORBIDDEN', 'An account manager may not change the region of a customer', [
      {
        field: 'regionCode',
        message: 'only a kam_manager (within its region) or an admin changes the region',
      },
    ]);
  }
  if (user.role === 'kam_manager' && !(await isRegionInScope(ex, user, input.regionCode!))) {
    throw new DomainError('FORBIDDEN', `The region ${input.regionCode} is outside your region`, [
      { field: 'regionCode', message: 'outside your region' },
    ]);
  }
}

async function checkDuplicates(
  ex: Executor,
  values: { code?: string | undefined; creditCode?: string | null | undefined },
  selfId: string | null,
): Promise<void> {
  const field = await findDuplicate(ex, values, selfId);
  if (field) {
    throw new DomainError(
      'CONFLICT',
      `Another customer has this ${field === 'code' ? 'code' : 'credit code'}`,
      [{ field, message: 'already used by another customer' }],
    );
  }
}

/** Checks that setting `parentId` on `selfId` keeps the hierarchy a forest. */
async function checkNoCycle(ex: Executor, selfId: string, parentId: string | null): Promise<void> {
  const chain = parentId ? await ancestorChain(ex, parentId) : [];
  if (wouldCreateCycle(selfId, parentId, chain)) {
    throw new DomainError('HIERARCHY_CYCLE', 'This parent would make the customer its own ancestor', [
      { field: 'parentId', message: 'the chosen parent is this customer or one of its members' },
    ]);
  }
}

/** The account manager to assign: an active account_manager, in a kam_manager's own region. */
async function checkAccountManager(ex: Executor, user: CustomerUser, id: string): Promise<AccountManagerRow> {
  const am = await findUserBrief(ex, id);
  if (am?.role !== 'account_manager' || !am.active) {
    invalid([{ field: 'accountManagerId', message: 'must be an active account manager' }]);
  }
  if (user.role === 'kam_manager' && !(am.regionCode && (await isRegionInScope(ex, user, am.regionCode)))) {
    invalid([{ field: 'accountManagerId', message: 'this account manager works outside your region' }]);
  }
  return am;
}

/** Maps a unique violation that slipped past the pre-check (a concurrent insert) to a 409. */
function mapUniqueViolation(error: unknown): never {
  const e = error as { code?: string; constraint?: string; cause?: { code?: string; constraint?: string } };
  const pgError = e.code === '23505' ? e : e.cause?.code === '23505' ? e.cause : null;
  if (pgError) {
    const field = String(pgError.constraint ?? '').includes('credit') ? 'creditCode' : 'code';
    throw new DomainError('CONFLICT', 'Another customer has this value', [
      { field, message: 'already used by another customer' },
    ]);
  }
  throw error;
}

// ---- changes --------------------------------------------------------------------------------

/** Creates a customer (admin; kam_manager in its own region), audited. */
export async function createCustomer(
  deps: Deps,
  user: CustomerUser,
  actor: Actor,
  input: CreateCustomerBody,
): Promise<CustomerViewWithScores> {
  if (!OWNERS.has(user.role))
    throw new DomainError('FORBIDDEN', `The role ${user.role} may not create customers`);
  const creditCode = input.creditCode ? normaliseCreditCode(input.creditCode) : null;
  try {
    return await deps.db.transaction(async (tx) => {
      await checkProfile(tx, user, { ...input, creditCode }, null);
      if (input.accountManagerId) await checkAccountManager(tx, user, input.accountManagerId);
      await checkDuplicates(tx, { code: input.code, creditCode }, null);
      const now = deps.now();
      const row = await insertCustomer(tx, {
        code: input.code,
        name: input.name,
        creditCode,
        industry: input.industry,
        regionCode: input.regionCode,
        parentId: input.parentId ?? null,
        isHeadquarters: input.isHeadquarters ?? false,
        accountManagerId: input.accountManagerId ?? null,
        customerSince: input.customerSince ?? null,
        address: input.address ?? null,
        phone: input.phone ?? null,
        employees: input.employees ?? null,
        strategyNotes: input.strategyNotes ?? null,
        financialNotes: input.financialNotes ?? null,
        orgStructure: input.orgStructure ?? null,
        createdAt: now,
        updatedAt: now,
      });
      await writeAudit(tx, actor, { action: 'create', entity: 'customer', entityId: row.id, after: row });
      return viewOf(tx, user, row.id);
    });
  } catch (error) {
    if (error instanceof DomainError) throw error;
    mapUniqueViolation(error);
  }
}

/** `moveRegionRecords`, then the clocks of the open tickets whose calendar changed with the move. */
async function moveRegion(tx: Tx, deps: Deps, moves: SQL) {
  const reclock = await ticketsChangingCalendar(tx, moves);
  const moved = await moveRegionRecords(tx, moves, deps.now());
  if (reclock.length === 0) return moved;
  await recomputeTicketClocks(tx, deps.calendars, reclock, deps.now());
  return { ...moved, clocksRecomputed: reclock.length };
}

/** Changes profile fields with optimistic locking on `version` (409 when stale), audited. */
export async function updateCustomer(
  deps: Deps,
  user: CustomerUser,
  actor: Actor,
  id: string,
  input: UpdateCustomerBody,
): Promise<CustomerViewWithScores> {
  const { version, reason, ...fields } = input;
  const creditCode =
    fields.creditCode === undefined
      ? undefined
      : fields.creditCode
        ? normaliseCreditCode(fields.creditCode)
        : null;
  try {
    return await deps.db.transaction(async (tx) => {
      const before = await loadWritable(tx, user, id);
      if (before.version !== version) {
        throw new DomainError('CONFLICT', 'The customer was changed by someone else; reload and try again', [
          { field: 'version', message: `stale: the current version is ${before.version}` },
        ]);
      }
      await checkProfile(tx, user, { ...fields, creditCode }, before);
      if (fields.parentId !== undefined) await checkNoCycle(tx, id, fields.parentId);
      await checkDuplicates(
        tx,
        {
          code: fields.code !== undefined && fields.code !== before.code ? fields.code : undefined,
          creditCode: creditCode && creditCode !== before.creditCode ? creditCode : undefined,
        },
        id,
      );
      const patch: Partial<NewCustomerRow> = { updatedAt: deps.now() };
      for (const [key, value] of Object.entries(fields)) {
        if (value !== undefined) (patch as Record<string, unknown>)[key] = value;
      }
      if (creditCode !== undefined) patch.creditCode = creditCode;
      const after = await updateCustomerVersioned(tx, id, version, patch);
      if (!after) {
        throw new DomainError('CONFLICT', 'The customer was changed by someone else; reload and try again', [
          { field: 'version', message: 'stale' },
        ]);
      }
      // a new region takes the customer's tickets, orders, open tasks and open visits along: they
      // carry the region for scoping, so left behind the new region's kam_manager would get 404;
      // and it gives the open tickets that region's calendar, so their business-hours clocks are
      // recomputed when the calendar differs
      const regionMoved =
        after.regionCode !== before.regionCode
          ? await moveRegion(tx, deps, customerRegionMove(id, after.regionCode))
          : null;
      await writeAudit(tx, actor, {
        action: 'update',
        entity: 'customer',
        entityId: id,
        before,
        after: regionMoved ? { ...after, regionMoved } : after,
        reason,
      });
      return viewOf(tx, user, id);
    });
  } catch (error) {
    if (error instanceof DomainError) throw error;
    mapUniqueViolation(error);
  }
}

/**
 * Hands a customer to another account manager (admin; kam_manager in its region), audited with
 * why and with how many tickets, orders and open tasks moved along (`moveAccountManagerRecords`);
 * each moved ticket's TMF621 subscribers get an AttributeValueChange event.
 */
export async function transferCustomer(
  deps: Deps,
  user: CustomerUser,
  actor: Actor,
  id: string,
  input: { accountManagerId: string; reason: string },
): Promise<CustomerViewWithScores> {
  if (!OWNERS.has(user.role))
    throw new DomainError('FORBIDDEN', `The role ${user.role} may not transfer customers`);
  let queued = 0;
  const view = await deps.db.transaction(async (tx) => {
    const before = await loadScopedCustomer(tx, user, id, { forUpdate: true });
    const am = await checkAccountManager(tx, user, input.accountManagerId);
    if (before.accountManagerId === am.id) {
      invalid([{ field: 'accountManagerId', message: 'already the account manager of this customer' }]);
    }
    const previous = before.accountManagerId ? await findUserBrief(tx, before.accountManagerId) : null;
    // the customer's tickets, orders and open tasks follow it in the same transaction: they carry
    // the account manager for scoping, so left behind the new one would get 404 on them
    const { moved, ticketIds } = await moveAccountManagerRecords(
      tx,
      customerMove(id, before.accountManagerId, am.id),
      deps.now(),
    );
    const after = await updateCustomerVersioned(tx, id, before.version, {
      accountManagerId: am.id,
      updatedAt: deps.now(),
    });
    await writeAudit(tx, actor, {
      action: 'transfer',
      entity: 'customer',
      entityId: id,
      before: { ...before, accountManagerName: previous?.displayName ?? null },
      after: { ...after, accountManagerName: am.displayName, moved },
      reason: input.reason,
    });
    // the moved tickets name another account manager now: TMF621 subscribers are told
    queued = await queueTicketAttributeChanges(
      tx,
      ticketIds,
      deps.now(),
      `relatedParty accountManager: ${previous?.displayName ?? '—'} → ${am.displayName} (customer transfer)`,
    );
    return viewOf(tx, user, id);
  });
  kickDelivery(deps, queued);
  return view;
}

/**
 * The customer's account-manager transfers, newest first, for whoever may read the customer
 * (the same check as reading it: out of scope is 404).
 */
export async function listTransfers(deps: Deps, user: CustomerUser, id: string): Promise<TransferView[]> {
  await loadScopedCustomer(deps.db, user, id);
  return (await listTransferRows(deps.db, id)).map((r) => ({
    id: r.id,
    at: new Date(r.at).toISOString(),
    actorName: r.actorName,
    from: { id: r.fromId, name: r.fromName },
    to: { id: r.toId, name: r.toName },
    reason: r.reason,
    moved: { tickets: r.moved?.tickets ?? 0, orders: r.moved?.orders ?? 0, tasks: r.moved?.tasks ?? 0 },
  }));
}

// ---- hierarchy ------------------------------------------------------------------------------

export type HierarchyView = {
  ancestors: { id: string | null; code: string | null; name: string | null; visible: boolean }[];
  root: HierarchyNode;
};

/**
 * The customer's group: its ancestors (root first) and the whole tree from the root group.
 * Customers outside the caller's scope are anonymous (no id, code or name) or only counted.
 */
export async function getHierarchy(deps: Deps, user: CustomerUser, id: string): Promise<HierarchyView> {
  await loadScopedCustomer(deps.db, user, id);
  const chain = await ancestorChain(deps.db, id); // id, parent, …, root
  const ancestorIds = chain.slice(1).reverse();
  const rootId = chain[chain.length - 1] ?? id;
  const [ancestorRows, treeRows] = await Promise.all([
    findTreeRows(deps.db, user, ancestorIds),
    findSubtreeRows(deps.db, user, rootId),
  ]);
  const byId = new Map(ancestorRows.map((r) => [r.id, r]));
  const root = buildHierarchy(treeRows, rootId);
  if (!root) throw new DomainError('NOT_FOUND', `No customer ${id}`);
  return {
    ancestors: ancestorIds.map((aid) => {
      const r = byId.get(aid);
      const visible = r?.visible === true;
      return visible
        ? { id: aid, code: r!.code, name: r!.name, visible }
        : { id: null, code: null, name: null, visible };
    }),
    root,
  };
}

// ---- contacts -------------------------------------------------------------------------------

function contactView(row: ContactRow): ContactView {
  return {
    id: row.id,
    customerId: row.customerId,
    name: row.name,
    position: row.position,
    role: row.role as ContactView['role'],
    phone: row.phone,
    email: row.email,
    birthday: row.birthday,
    notes: row.notes,
  };
}

export async function listContacts(
  deps: Deps,
  user: CustomerUser,
  customerId: string,
): Promise<ContactView[]> {
  await loadScopedCustomer(deps.db, user, customerId);
  return (await listContactRows(deps.db, customerId)).map(contactView);
}

export async function createContact(
  deps: Deps,
  user: CustomerUser,
  actor: Actor,
  customerId: string,
  input: ContactBody,
): Promise<ContactView> {
  return deps.db.transaction(async (tx) => {
    await loadWritable(tx, user, customerId);
    const now = deps.now();
    const row = await insertContact(tx, {
      customerId,
      name: input.name,
      position: input.position ?? null,
      role: input.role ?? 'ordinary',
      phone: input.phone ?? null,
      email: input.email ?? null,
      birthday: input.birthday ?? null,
      notes: input.notes ?? null,
      createdAt: now,
      updatedAt: now,
    });
    await writeAudit(tx, actor, { action: 'create', entity: 'contact', entityId: row.id, after: row });
    return contactView(row);
  });
}

export async function updateContactById(
  deps: Deps,
  user: CustomerUser,
  actor: Actor,
  customerId: string,
  contactId: string,
  input: ContactPatchBody,
): Promise<ContactView> {
  return deps.db.transaction(async (tx) => {
    await loadWritable(tx, user, customerId);
    const before = await findContact(tx, customerId, contactId);
    if (!before) throw new DomainError('NOT_FOUND', `No contact ${contactId}`);
    const patch: Record<string, unknown> = { updatedAt: deps.now() };
    for (const [key, value] of Object.entries(input)) if (value !== undefined) patch[key] = value;
    const after = await updateContact(tx, contactId, patch);
    await writeAudit(tx, actor, { action: 'update', entity: 'contact', entityId: contactId, before, after });
    return contactView(after);
  });
}

export async function deleteContactById(
  deps: Deps,
  user: CustomerUser,
  actor: Actor,
  customerId: string,
  contactId: string,
): Promise<void> {
  await deps.db.transaction(async (tx) => {
    await loadWritable(tx, user, customerId);
    const before = await findContact(tx, customerId, contactId);
    if (!before) throw new DomainError('NOT_FOUND', `No contact ${contactId}`);
    await deleteContact(tx, contactId);
    await writeAudit(tx, actor, { action: 'delete', entity: 'contact', entityId: contactId, before });
  });
}

// ---- notes ----------------------------------------------------------------------------------

function noteView(row: NoteWithAuthor): NoteView {
  return {
    id: row.id,
    kind: row.kind as NoteView['kind'],
    day: row.day,
    title: row.title,
    body: row.body,
    competitor: row.competitor,
    authorName: row.authorName,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function listNotes(
  deps: Deps,
  user: CustomerUser,
  customerId: string,
  kind?: string,
): Promise<NoteView[]> {
  await loadScopedCustomer(deps.db, user, customerId);
  return (await listNoteRows(deps.db, customerId, kind)).map(noteView);
}

export async function createNote(
  deps: Deps,
  user: CustomerUser & { displayName?: string },
  actor: Actor,
  customerId: string,
  input: NoteBody,
): Promise<NoteView> {
  return deps.db.transaction(async (tx) => {
    await loadWritable(tx, user, customerId);
    const row = await insertNote(tx, {
      customerId,
      kind: input.kind,
      day: input.day,
      title: input.title,
      body: input.body ?? null,
      competitor: input.competitor ?? null,
      authorId: user.id,
      createdAt: deps.now(),
    });
    await writeAudit(tx, actor, { action: 'create', entity: 'customerNote', entityId: row.id, after: row });
    return noteView({ ...row, authorName: user.displayName ?? null });
  });
}

// ---- billing and reference lists ------------------------------------------------------------

export async function listBilling(
  deps: Deps,
  user: CustomerUser,
  customerId: string,
  months: number,
): Promise<Omit<BillingRow, 'customerId'>[]> {
  await loadScopedCustomer(deps.db, user, customerId);
  const rows = await listBillingMonths(deps.db, customerId, months);
  return rows.map(({ customerId: _c, ...rest }) => rest);
}

/** Account managers the caller may see: all, its region tree (kam_manager), or itself. */
export async function listAccountManagers(deps: Deps, user: CustomerUser): Promise<AccountManagerRow[]> {
  const scope = computeDataScope(user, await listRegionNodes(deps.db));
  switch (scope.kind) {
    case 'all':
      return listAccountManagerRows(deps.db, {});
    case 'region':
      return listAccountManagerRows(deps.db, { regionCodes: scope.regionCodes });
    case 'portfolio':
      return listAccountManagerRows(deps.db, { userId: user.id });
    case 'none':
      return [];
  }
}
