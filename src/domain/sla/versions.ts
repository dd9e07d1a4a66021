/**
 * Versions of an SLA agreement (PRODUCT.md §6: "validity dates, approval, versions"): the terms a
 * version may carry, the approval workflow and the validity rule. Pure.
 *
 * Workflow: draft → pending (submit) → approved | rejected (kam_manager/admin, never the person
 * who submitted it: 403 SELF_APPROVAL). Approving a version makes it the agreement's current one
 * and the previously approved one `superseded`. Anything else → 409 ILLEGAL_TRANSITION.
 */
import type { Role } from '../access.ts';
import { DomainError } from '../errors.ts';
import type { CompensationTerms } from './breach.ts';
import {
  type AfterSalesLevel,
  type AgreementKind,
  checkCompensationDefaults,
  checkTargets,
  type FieldProblem,
  type MaintenanceLevel,
  type SlaClass,
  type Targets,
} from './targets.ts';

export const VERSION_STATUSES = ['draft', 'pending', 'approved', 'rejected', 'superseded'] as const;
export type VersionStatus = (typeof VERSION_STATUSES)[number];

export type VersionAction = 'edit' | 'submit' | 'approve' | 'reject' | 'supersede';

const MOVES: Record<VersionAction, { from: VersionStatus; to: VersionStatus }> = {
  edit: { from: 'draft', to: 'draft' },
  submit: { from: 'draft', to: 'pending' },
  approve: { from: 'pending', to: 'approved' },
  reject: { from: 'pending', to: 'rejected' },
  supersede: { from: 'approved', to: 'superseded' },
};

const PAST: Record<VersionAction, string> = {
  edit: 'edited',
  submit: 'submitted',
  approve: 'approved',
  reject: 'rejected',
  supersede: 'superseded',
};

/** Who may approve or reject a version. */
export const APPROVER_ROLES: readonly Role[] = ['admin', 'kam_manager'];

/**
 * The status after `action`, or 409 ILLEGAL_TRANSITION; for approve/reject also 403 FORBIDDEN for a
 * role that may not decide and 403 SELF_APPROVAL for the submitter.
 *
 * @example
 * planVersionAction({ status: 'draft', submittedBy: null }, 'submit', { id: 'u1', role: 'account_manager' }); // 'pending'
 */
export function planVersionAction(
  version: { status: VersionStatus; submittedBy: string | null },
  action: VersionAction,
  by: { id: string | null; role: Role | 'system' },
): VersionStatus {
  const move = MOVES[action];
  if (version.status !== move.from) {
    throw new DomainError('ILLEGAL_TRANSITION', `A ${version.status} version cannot be ${PAST[action]}`, [], {
      versionStatus: version.status,
      action,
    });
  }
  if (action === 'approve' || action === 'reject') {
    if (by.role !== 'system' && !APPROVER_ROLES.includes(by.role))
      throw new DomainError('FORBIDDEN', `The role ${by.role} may not decide on agreement versions`);
    if (by.id !== null && version.submittedBy === by.id)
      throw new DomainError(
        'SELF_APPROVAL',
        'A version is decided by someone other than the person who submitted it',
      );
  }
  return move.to;
}

export type VersionTerms = {
  kind: AgreementKind;
  slaClass: SlaClass | null;
  maintenanceLevel: MaintenanceLevel | null;
  afterSalesLevel: AfterSalesLevel | null;
  targets: Targets;
  compensationTerms: CompensationTerms | null;
  afterSales: Record<string, unknown> | null;
  circuitIds: string[];
  validFrom: string;
  validTo: string | null;
};

/**
 * Every problem of a version's terms, each naming the request field: the class or level its kind
 * needs (and none it does not), targets, compensation terms only on an SLA commitment with a
 * monthly fee for every covered circuit, circuits listed once, validFrom ≤ validTo.
 *
 * @example
 * checkVersionTerms({ kind: 'quality_only', compensationTerms: {...}, ... });
 * // → [{ field: 'compensationTerms', message: 'only an SLA commitment carries compensation terms' }]
 */
export function checkVersionTerms(v: VersionTerms): FieldProblem[] {
  const out: FieldProblem[] = [];
  if (v.kind === 'sla_commitment' && !v.slaClass)
    out.push({ field: 'slaClass', message: 'an SLA commitment needs a class AAA, AA or A' });
  if (v.kind !== 'sla_commitment' && v.slaClass)
    out.push({ field: 'slaClass', message: 'only an SLA commitment has a class' });
  if (v.kind === 'maintenance' && !v.maintenanceLevel)
    out.push({ field: 'maintenanceLevel', message: 'maintenance assurance needs a level M1, M2 or M3' });
  if (v.kind !== 'maintenance' && v.maintenanceLevel)
    out.push({ field: 'maintenanceLevel', message: 'only maintenance assurance has a level' });
  out.push(...checkTargets(v.targets, 'targets'));
  if (v.kind !== 'sla_commitment' && v.compensationTerms)
    out.push({ field: 'compensationTerms', message: 'only an SLA commitment carries compensation terms' });
  if (v.kind === 'sla_commitment') {
    if (!v.compensationTerms)
      out.push({ field: 'compensationTerms', message: 'an SLA commitment needs compensation terms' });
    else {
      out.push(...checkCompensationDefaults(v.compensationTerms, 'compensationTerms'));
      for (const id of v.circuitIds) {
        const fee = v.compensationTerms.monthlyFeesFen[id];
        if (fee === undefined || !Number.isSafeInteger(fee) || fee < 0)
          out.push({
            field: `compensationTerms.monthlyFeesFen.${id}`,
            message: 'the monthly fee of every covered circuit, in whole fen',
          });
      }
      for (const id of Object.keys(v.compensationTerms.monthlyFeesFen))
        if (!v.circuitIds.includes(id))
          out.push({ field: `compensationTerms.monthlyFeesFen.${id}`, message: 'not a covered circuit' });
    }
  }
  const seen = new Set<string>();
  v.circuitIds.forEach((id, i) => {
    if (seen.has(id)) out.push({ field: `circuitIds[${i}]`, message: 'listed twice' });
    seen.add(id);
  });
  if (v.validTo !== null && v.validTo < v.validFrom)
    out.push({ field: 'validTo', message: 'the validity ends before it starts' });
  return out;
}

/**
 * Whether a version with this validity is in force on `date` (YYYY-MM-DD, inclusive).
 *
 * @example
 * isValidOn({ validFrom: '2026-01-01', validTo: '2026-12-31' }, '2026-12-31'); // true
 */
export function isValidOn(v: { validFrom: string; validTo: string | null }, date: string): boolean {
  return v.validFrom <= date && (v.validTo === null || date <= v.validTo);
}

/**
 * Whether two validity ranges share a day (a null end runs forever).
 *
 * @example
 * validitiesOverlap({ validFrom: '2026-01-01', validTo: '2026-06-30' }, { validFrom: '2026-07-01', validTo: null }); // false
 */
export function validitiesOverlap(
  a: { validFrom: string; validTo: string | null },
  b: { validFrom: string; validTo: string | null },
): boolean {
  return (a.validTo === null || b.validFrom <= a.validTo) && (b.validTo === null || a.validFrom <= b.validTo);
}

/**
 * The service level label people read on a circuit or ticket: the class or level, plus SL.
 *
 * @example
 * serviceLevelLabel({ kind: 'sla_commitment', slaClass: 'AAA', maintenanceLevel: null, afterSalesLevel: 'SL1' }); // 'AAA · SL1'
 */
export function serviceLevelLabel(v: {
  kind: AgreementKind;
  slaClass: string | null;
  maintenanceLevel: string | null;
  afterSalesLevel: string | null;
}): string {
  const main =
    v.kind === 'sla_commitment'
      ? (v.slaClass ?? 'SLA')
      : v.kind === 'maintenance'
        ? (v.maintenanceLevel ?? 'M')
        : 'Q';
  return v.afterSalesLevel ? `${main} · ${v.afterSalesLevel}` : main;
}
