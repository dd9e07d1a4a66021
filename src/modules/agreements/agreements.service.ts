/**
 * SLA agreements (SLA 协议, PRODUCT.md §6): create for a customer in scope, versions with terms,
 * submit → approve | reject (four eyes), terminate; the default targets (settings). Approval
 * rewrites `sla_agreement_circuits`, the covered set every circuit and ticket reads its level from.
 * Each change: load → pure rule (src/domain/sla) → save → audit, in one transaction.
 */
import { eq, type SQL, sql } from 'drizzle-orm';
import { type Actor, writeAudit } from '../../db/audit.ts';
import { isoOrNull } from '../../db/columns.ts';
import { type Executor, queryRows, type Tx } from '../../db/database.ts';
import { nextDocumentNumber } from '../../db/numbers.ts';
import { appMeta, slaAgreementCircuits, slaAgreements, slaAgreementVersions } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import type { ScopedUser } from '../../domain/access.ts';
import { fromDayNumber, shanghaiDayNumberOf } from '../../domain/calendar/dates.ts';
import { DomainError, type FieldIssue } from '../../domain/errors.ts';
import type { CompensationTerms } from '../../domain/sla/breach.ts';
import {
  type AfterSalesLevel,
  type AgreementKind,
  checkSettings,
  DEFAULT_SLA_SETTINGS,
  defaultTargets,
  type MaintenanceLevel,
  type SlaClass,
  type SlaSettings,
} from '../../domain/sla/targets.ts';
import {
  checkVersionTerms,
  isValidOn,
  planVersionAction,
  serviceLevelLabel,
  type VersionAction,
  type VersionTerms,
  validitiesOverlap,
} from '../../domain/sla/versions.ts';
import { customerScopeOver, loadScopedCustomer } from '../customers/customers.access.ts';
import { notify } from '../notifications/notifications.service.ts';
import {
  type AgreementFilter,
  type AgreementRow,
  findAgreement,
  findCircuitsByIds,
  findOtherCoverage,
  findVersion,
  listAgreements,
  listVersions,
  type VersionRow,
} from './agreements.repo.ts';
import type { CreateAgreementBody, VersionBody } from './agreements.schema.ts';

export const todayOf = (at: Date) => fromDayNumber(shanghaiDayNumberOf(at.getTime()));

/** Agreements visible to `user`: the customer scope over the customer's current owner columns. */
export const agreementScope = (user: ScopedUser): SQL =>
  customerScopeOver(user, { accountManagerId: sql`c.account_manager_id`, regionCode: sql`c.region_code` });

// ------------------------------------------------------------------ settings

const SETTINGS_KEY = 'sla.settings';

export async function getSlaSettings(ex: Executor): Promise<SlaSettings> {
  const [row] = await ex.select().from(appMeta).where(eq(appMeta.key, SETTINGS_KEY));
  return (row?.value as SlaSettings | undefined) ?? DEFAULT_SLA_SETTINGS;
}

export async function putSlaSettings(deps: Deps, actor: Actor, settings: SlaSettings): Promise<SlaSettings> {
  const problems = checkSettings(settings);
  if (problems.length > 0)
    throw new DomainError('VALIDATION_FAILED', 'The SLA settings do not hold together', problems);
  const at = deps.now();
  await deps.db.transaction(async (tx) => {
    const before = await getSlaSettings(tx);
    await tx
      .insert(appMeta)
      .values({ key: SETTINGS_KEY, value: settings, updatedAt: at })
      .onConflictDoUpdate({ target: appMeta.key, set: { value: settings, updatedAt: at } });
    await writeAudit(tx, actor, {
      action: 'sla.settings',
      entity: 'sla_settings',
      entityId: SETTINGS_KEY,
      before,
      after: settings,
    });
  });
  return settings;
}

// ------------------------------------------------------------------ views

export type ServiceLevelSummary = {
  kind: string;
  slaClass: string | null;
  maintenanceLevel: string | null;
  afterSalesLevel: string | null;
  label: string;
  validFrom: string;
  validTo: string | null;
  circuitCount: number;
};

export type AgreementView = {
  id: string;
  agreementNumber: string;
  customerId: string;
  customerName: string;
  regionCode: string;
  title: string;
  status: string;
  currentVersion: number | null;
  pendingVersion: number | null;
  level: ServiceLevelSummary | null;
  inForce: boolean;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
};

export function toAgreementView(r: AgreementRow, today: string): AgreementView {
  const level: ServiceLevelSummary | null =
    r.kind && r.validFrom
      ? {
          kind: r.kind,
          slaClass: r.slaClass,
          maintenanceLevel: r.maintenanceLevel,
          afterSalesLevel: r.afterSalesLevel,
          label: serviceLevelLabel({
            kind: r.kind as AgreementKind,
            slaClass: r.slaClass,
            maintenanceLevel: r.maintenanceLevel,
            afterSalesLevel: r.afterSalesLevel,
          }),
          validFrom: r.validFrom,
          validTo: r.validTo,
          circuitCount: r.circuitCount ?? 0,
        }
      : null;
  return {
    id: r.id,
    agreementNumber: r.agreementNumber,
    customerId: r.customerId,
    customerName: r.customerName,
    regionCode: r.regionCode,
    title: r.title,
    status: r.status,
    currentVersion: r.currentVersion,
    pendingVersion: r.pendingVersion,
    level,
    inForce: r.status === 'active' && level !== null && isValidOn(level, today),
    createdBy: r.createdBy,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

export function toVersionView(v: VersionRow) {
  return {
    version: v.version,
    kind: v.kind,
    slaClass: v.slaClass,
    maintenanceLevel: v.maintenanceLevel,
    afterSalesLevel: v.afterSalesLevel,
    targets: v.targets,
    compensationTerms: v.compensationTerms,
    afterSales: v.afterSales,
    circuitIds: v.circuitIds,
    validFrom: v.validFrom,
    validTo: v.validTo,
    status: v.status,
    note: v.note,
    createdBy: v.createdBy,
    createdAt: v.createdAt.toISOString(),
    submittedBy: v.submittedBy,
    submittedByName: v.submittedByName,
    submittedAt: isoOrNull(v.submittedAt),
    decidedBy: v.decidedBy,
    decidedByName: v.decidedByName,
    decidedAt: isoOrNull(v.decidedAt),
    decisionReason: v.decisionReason,
  };
}

export async function listAgreementsFor(
  deps: Deps,
  user: ScopedUser,
  filter: AgreementFilter,
  page: { limit: number; offset: number },
): Promise<{ total: number; items: AgreementView[] }> {
  const result = await listAgreements(deps.db, agreementScope(user), filter, page);
  const today = todayOf(deps.now());
  return { total: result.total, items: result.items.map((r) => toAgreementView(r, today)) };
}

export async function listCustomerAgreements(deps: Deps, user: ScopedUser, customerId: string) {
  await loadScopedCustomer(deps.db, user, customerId);
  const result = await listAgreements(deps.db, sql`true`, { customerId }, { limit: 500, offset: 0 });
  const today = todayOf(deps.now());
  return result.items.map((r) => toAgreementView(r, today));
}

async function getVisibleAgreement(ex: Executor, user: ScopedUser, id: string): Promise<AgreementRow> {
  const row = await findAgreement(ex, agreementScope(user), id);
  if (!row) throw new DomainError('NOT_FOUND', `No agreement ${id}`);
  return row;
}

export async function getAgreementDetail(deps: Deps, user: ScopedUser, id: string) {
  const row = await getVisibleAgreement(deps.db, user, id);
  const versions = await listVersions(deps.db, id);
  const circuitIds = [...new Set(versions.flatMap((v) => v.circuitIds))];
  const circuits = await findCircuitsByIds(deps.db, circuitIds);
  return {
    ...toAgreementView(row, todayOf(deps.now())),
    versions: versions.map(toVersionView),
    circuits: circuits
      .map(({ customerId: _c, ...k }) => k)
      .sort((a, b) => a.circuitNumber.localeCompare(b.circuitNumber)),
  };
}

// ------------------------------------------------------------------ terms

/** The terms of a version from a request body: defaults filled from the settings, then checked. */
async function termsFrom(ex: Executor, body: VersionBody): Promise<VersionTerms & { note: string | null }> {
  const settings = await getSlaSettings(ex);
  const slaClass = (body.slaClass ?? null) as SlaClass | null;
  const maintenanceLevel = (body.maintenanceLevel ?? null) as MaintenanceLevel | null;
  const targets = body.targets ?? defaultTargets(settings, { kind: body.kind, slaClass, maintenanceLevel });
  let compensationTerms: CompensationTerms | null = null;
  if (body.compensationTerms) {
    compensationTerms = {
      availabilitySteps: body.compensationTerms.availabilitySteps ?? settings.compensation.availabilitySteps,
      restorePercentPerBreach:
        body.compensationTerms.restorePercentPerBreach ?? settings.compensation.restorePercentPerBreach,
      capPercent: body.compensationTerms.capPercent ?? settings.compensation.capPercent,
      monthlyFeesFen: body.compensationTerms.monthlyFeesFen,
    };
  }
  const terms: VersionTerms & { note: string | null } = {
    kind: body.kind,
    slaClass,
    maintenanceLevel,
    afterSalesLevel: (body.afterSalesLevel ?? null) as AfterSalesLevel | null,
    targets,
    compensationTerms,
    afterSales: body.afterSales ?? null,
    circuitIds: body.circuitIds,
    validFrom: body.validFrom,
    validTo: body.validTo ?? null,
    note: body.note ?? null,
  };
  const problems = checkVersionTerms(terms);
  if (problems.length > 0) {
    const range = problems.find((p) => p.field === 'validTo');
    throw new DomainError(
      range && problems.length === 1 ? 'INVALID_RANGE' : 'VALIDATION_FAILED',
      problems.map((p) => `${p.field}: ${p.message}`).join('; '),
      problems,
    );
  }
  return terms;
}

/** Every covered circuit must exist and belong to the customer (400 naming `circuitIds[i]`). */
async function checkCircuitsOfCustomer(ex: Executor, customerId: string, circuitIds: readonly string[]) {
  const found = new Map((await findCircuitsByIds(ex, circuitIds)).map((k) => [k.id, k]));
  const problems: FieldIssue[] = [];
  circuitIds.forEach((id, i) => {
    const k = found.get(id);
    if (!k) problems.push({ field: `circuitIds[${i}]`, message: 'no such circuit' });
    else if (k.customerId !== customerId)
      problems.push({ field: `circuitIds[${i}]`, message: 'not a circuit of this customer' });
    else if (k.status === 'terminated')
      problems.push({ field: `circuitIds[${i}]`, message: 'the circuit is terminated' });
  });
  if (problems.length > 0)
    throw new DomainError('VALIDATION_FAILED', 'Covered circuits must be circuits of the customer', problems);
}

/**
 * Circuits covered by another agreement in force over an overlapping validity → 409 CONFLICT naming
 * `circuitIds[i]`. Rows of agreements no longer in force (terminated, or expired before this
 * version starts) are returned so the approval can release them.
 */
async function checkCoverageConflicts(
  ex: Executor,
  agreementId: string,
  v: { circuitIds: readonly string[]; validFrom: string; validTo: string | null },
): Promise<{ circuitId: string; agreementId: string }[]> {
  const others = await findOtherCoverage(ex, agreementId, v.circuitIds);
  const problems: FieldIssue[] = [];
  const stale: { circuitId: string; agreementId: string }[] = [];
  for (const o of others) {
    const inForce =
      o.status === 'active' &&
      o.validFrom !== null &&
      validitiesOverlap({ validFrom: o.validFrom, validTo: o.validTo }, v);
    if (inForce) {
      const i = v.circuitIds.indexOf(o.circuitId);
      problems.push({
        field: `circuitIds[${i}]`,
        message: `covered by agreement ${o.agreementNumber} in force`,
      });
    } else stale.push({ circuitId: o.circuitId, agreementId: o.agreementId });
  }
  if (problems.length > 0) {
    problems.sort((a, b) => a.field.localeCompare(b.field, 'en', { numeric: true }));
    throw new DomainError('CONFLICT', 'A circuit is covered by another agreement in force', problems);
  }
  return stale;
}

const versionValues = (terms: VersionTerms & { note: string | null }) => ({
  kind: terms.kind,
  slaClass: terms.slaClass,
  maintenanceLevel: terms.maintenanceLevel,
  afterSalesLevel: terms.afterSalesLevel,
  targets: terms.targets,
  compensationTerms: terms.compensationTerms,
  afterSales: terms.afterSales,
  circuitIds: terms.circuitIds,
  validFrom: terms.validFrom,
  validTo: terms.validTo,
  note: terms.note,
});

// ------------------------------------------------------------------ changes

/** Creates an agreement for a customer in scope with version 1 as a draft. */
export async function createAgreement(
  deps: Deps,
  user: ScopedUser,
  actor: Actor,
  body: CreateAgreementBody,
): Promise<string> {
  const at = deps.now();
  const id = await deps.db.transaction(async (tx) => {
    let customer: Awaited<ReturnType<typeof loadScopedCustomer>>;
    try {
      customer = await loadScopedCustomer(tx, user, body.customerId);
    } catch (e) {
      if (e instanceof DomainError && e.code === 'NOT_FOUND')
        throw new DomainError('NOT_FOUND', `No customer ${body.customerId}`, [
          { field: 'customerId', message: 'no such customer' },
        ]);
      throw e;
    }
    const { customerId: _c, title, ...versionBody } = body;
    const terms = await termsFrom(tx, versionBody);
    await checkCircuitsOfCustomer(tx, customer.id, terms.circuitIds);
    const agreementNumber = await nextDocumentNumber(tx, 'sla_agreement_seq', 'SLA', at);
    const [row] = await tx
      .insert(slaAgreements)
      .values({
        agreementNumber,
        customerId: customer.id,
        regionCode: customer.regionCode,
        title,
        status: 'draft',
        createdBy: actor.name,
        createdAt: at,
        updatedAt: at,
      })
      .returning({ id: slaAgreements.id });
    await tx.insert(slaAgreementVersions).values({
      agreementId: row!.id,
      version: 1,
      ...versionValues(terms),
      status: 'draft',
      createdBy: actor.name,
      createdAt: at,
    });
    await writeAudit(tx, actor, {
      action: 'sla.agreement.create',
      entity: 'sla_agreement',
      entityId: row!.id,
      after: { agreementNumber, title, customerId: customer.id, version: 1, ...versionValues(terms) },
    });
    return row!.id;
  });
  return id;
}

/** Loads and locks the agreement (scoped) for a change by an editor. */
async function lockAgreement(tx: Tx, user: ScopedUser, id: string): Promise<AgreementRow> {
  const row = await getVisibleAgreement(tx, user, id);
  await tx.execute(sql`select id from sla_agreements where id = ${id}::uuid for update`);
  return row;
}

/** A new draft version (only one draft or pending version at a time → 409 CONFLICT). */
export async function createVersion(
  deps: Deps,
  user: ScopedUser,
  actor: Actor,
  id: string,
  body: VersionBody,
): Promise<number> {
  const at = deps.now();
  return deps.db.transaction(async (tx) => {
    const agreement = await lockAgreement(tx, user, id);
    if (agreement.status === 'terminated')
      throw new DomainError('ILLEGAL_TRANSITION', 'A terminated agreement takes no new versions');
    if (agreement.pendingVersion !== null)
      throw new DomainError(
        'CONFLICT',
        `Version ${agreement.pendingVersion} is still open: edit or decide it first`,
      );
    const terms = await termsFrom(tx, body);
    await checkCircuitsOfCustomer(tx, agreement.customerId, terms.circuitIds);
    const [max] = await queryRows<{ n: number }>(
      tx,
      sql`select coalesce(max(version), 0)::int as n from sla_agreement_versions where agreement_id = ${id}::uuid`,
    );
    const version = Number(max?.n ?? 0) + 1;
    await tx.insert(slaAgreementVersions).values({
      agreementId: id,
      version,
      ...versionValues(terms),
      status: 'draft',
      createdBy: actor.name,
      createdAt: at,
    });
    await tx.update(slaAgreements).set({ updatedAt: at }).where(eq(slaAgreements.id, id));
    await writeAudit(tx, actor, {
      action: 'sla.version.create',
      entity: 'sla_agreement',
      entityId: id,
      after: { version, ...versionValues(terms) },
    });
    return version;
  });
}

/** Replaces the terms of a draft version (409 ILLEGAL_TRANSITION otherwise). */
export async function updateVersion(
  deps: Deps,
  user: ScopedUser,
  actor: Actor,
  id: string,
  version: number,
  body: VersionBody,
): Promise<void> {
  const at = deps.now();
  await deps.db.transaction(async (tx) => {
    const agreement = await lockAgreement(tx, user, id);
    const current = await findVersion(tx, id, version, true);
    if (!current) throw new DomainError('NOT_FOUND', `No version ${version} of agreement ${id}`);
    planVersionAction(current, 'edit', actor);
    const terms = await termsFrom(tx, body);
    await checkCircuitsOfCustomer(tx, agreement.customerId, terms.circuitIds);
    await tx
      .update(slaAgreementVersions)
      .set(versionValues(terms))
      .where(sql`agreement_id = ${id}::uuid and version = ${version}`);
    await tx.update(slaAgreements).set({ updatedAt: at }).where(eq(slaAgreements.id, id));
    await writeAudit(tx, actor, {
      action: 'sla.version.update',
      entity: 'sla_agreement',
      entityId: id,
      before: toVersionView(current),
      after: { version, ...versionValues(terms) },
    });
  });
}

/** People to tell about a decision: the customer's AM and the submitter. */
async function notifyDecision(
  tx: Tx,
  agreement: AgreementRow,
  version: VersionRow,
  decision: 'approved' | 'rejected' | 'submitted',
  at: Date,
  reason: string | null,
) {
  const recipients = new Set<string>();
  if (decision === 'submitted') {
    const kams = await queryRows<{ id: string }>(
      tx,
      sql`with recursive up(code, parent) as (
          select code, parent_code from regions where code = ${agreement.regionCode}
          union select r.code, r.parent_code from regions r join up on r.code = up.parent)
        select u.id from users u where u.role = 'kam_manager' and u.active
          and (u.region_code is null or u.region_code in (select code from up))`,
    );
    for (const k of kams) recipients.add(k.id);
  } else {
    const [c] = await queryRows<{ am: string | null }>(
      tx,
      sql`select account_manager_id as am from customers where id = ${agreement.customerId}::uuid`,
    );
    if (c?.am) recipients.add(c.am);
    if (version.submittedBy && /^[0-9a-f-]{36}$/.test(version.submittedBy))
      recipients.add(version.submittedBy);
  }
  const words = { submitted: '待审批', approved: '已批准', rejected: '已驳回' }[decision];
  await notify(
    tx,
    [...recipients].map((userId) => ({
      userId,
      kind: `sla_version_${decision}`,
      title: `SLA 协议 ${agreement.agreementNumber} 第 ${version.version} 版${words}`,
      body: `${agreement.customerName}:${agreement.title}${reason ? `(原因:${reason})` : ''}`,
      entity: 'sla_agreement',
      entityId: agreement.id,
      data: { version: version.version, decision },
    })),
    at,
  );
}

/** submit / approve / reject a version. */
export async function decideVersion(
  deps: Deps,
  user: ScopedUser,
  actor: Actor,
  id: string,
  version: number,
  action: Extract<VersionAction, 'submit' | 'approve' | 'reject'>,
  reason: string | null,
): Promise<void> {
  const at = deps.now();
  await deps.db.transaction(async (tx) => {
    const agreement = await lockAgreement(tx, user, id);
    const current = await findVersion(tx, id, version, true);
    if (!current) throw new DomainError('NOT_FOUND', `No version ${version} of agreement ${id}`);
    if (agreement.status === 'terminated')
      throw new DomainError('ILLEGAL_TRANSITION', 'The agreement is terminated');
    const to = planVersionAction(current, action, actor);
    if (action === 'submit') {
      await checkCircuitsOfCustomer(tx, agreement.customerId, current.circuitIds);
      await checkCoverageConflicts(tx, id, current);
      await tx
        .update(slaAgreementVersions)
        .set({ status: to, submittedBy: actor.id ?? actor.name, submittedAt: at })
        .where(sql`agreement_id = ${id}::uuid and version = ${version}`);
      await notifyDecision(tx, agreement, current, 'submitted', at, null);
    } else if (action === 'reject') {
      await tx
        .update(slaAgreementVersions)
        .set({ status: to, decidedBy: actor.id ?? actor.name, decidedAt: at, decisionReason: reason })
        .where(sql`agreement_id = ${id}::uuid and version = ${version}`);
      await notifyDecision(tx, agreement, current, 'rejected', at, reason);
    } else {
      // Lock the circuits in id order, then check that no other agreement in force covers them.
      await findCircuitsByIds(tx, current.circuitIds, true);
      await checkCircuitsOfCustomer(tx, agreement.customerId, current.circuitIds);
      const stale = await checkCoverageConflicts(tx, id, current);
      for (const s of stale)
        await tx.execute(sql`delete from sla_agreement_circuits
          where agreement_id = ${s.agreementId}::uuid and circuit_id = ${s.circuitId}::uuid`);
      if (agreement.currentVersion !== null) {
        const previous = await findVersion(tx, id, agreement.currentVersion, true);
        if (previous && previous.status === 'approved') {
          planVersionAction(previous, 'supersede', actor);
          await tx
            .update(slaAgreementVersions)
            .set({ status: 'superseded' })
            .where(sql`agreement_id = ${id}::uuid and version = ${agreement.currentVersion}`);
        }
      }
      await tx
        .update(slaAgreementVersions)
        .set({ status: to, decidedBy: actor.id ?? actor.name, decidedAt: at, decisionReason: reason })
        .where(sql`agreement_id = ${id}::uuid and version = ${version}`);
      await tx.delete(slaAgreementCircuits).where(eq(slaAgreementCircuits.agreementId, id));
      if (current.circuitIds.length > 0)
        await tx
          .insert(slaAgreementCircuits)
          .values(current.circuitIds.map((circuitId) => ({ agreementId: id, circuitId })));
      await tx
        .update(slaAgreements)
        .set({ currentVersion: version, status: 'active', updatedAt: at })
        .where(eq(slaAgreements.id, id));
      await notifyDecision(tx, agreement, current, 'approved', at, reason);
    }
    if (action !== 'approve')
      await tx.update(slaAgreements).set({ updatedAt: at }).where(eq(slaAgreements.id, id));
    await writeAudit(tx, actor, {
      action: `sla.version.${action}`,
      entity: 'sla_agreement',
      entityId: id,
      before: { version, status: current.status, currentVersion: agreement.currentVersion },
      after: { version, status: to, ...(action === 'approve' ? { circuitIds: current.circuitIds } : {}) },
      reason,
    });
  });
}

/** Ends an agreement: no level any more on its circuits (kam_manager/admin). */
export async function terminateAgreement(
  deps: Deps,
  user: ScopedUser,
  actor: Actor,
  id: string,
  reason: string,
): Promise<void> {
  const at = deps.now();
  await deps.db.transaction(async (tx) => {
    const agreement = await lockAgreement(tx, user, id);
    if (agreement.status === 'terminated')
      throw new DomainError('ILLEGAL_TRANSITION', 'The agreement is already terminated');
    await tx.delete(slaAgreementCircuits).where(eq(slaAgreementCircuits.agreementId, id));
    await tx
      .update(slaAgreementVersions)
      .set({
        status: 'rejected',
        decisionReason: `terminated: ${reason}`,
        decidedBy: actor.id ?? actor.name,
        decidedAt: at,
      })
      .where(sql`agreement_id = ${id}::uuid and status in ('draft', 'pending')`);
    await tx
      .update(slaAgreements)
      .set({ status: 'terminated', updatedAt: at })
      .where(eq(slaAgreements.id, id));
    await writeAudit(tx, actor, {
      action: 'sla.agreement.terminate',
      entity: 'sla_agreement',
      entityId: id,
      before: { status: agreement.status },
      after: { status: 'terminated' },
      reason,
    });
  });
}
