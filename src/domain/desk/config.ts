/**
 * The service-desk configuration (PRODUCT.md §7): how tickets move through stages owned by
 * departments, which SLA clocks run on them (the customer's SLA and each department's internal
 * limit), and the escalation ladder each clock climbs (seed 000: 超出规定响应时限 → 自动升级).
 * One `DeskConfig` document is one version; the service keeps a draft and published versions,
 * and a ticket keeps the version it started under unless recomputed on purpose.
 *
 * The clock model follows the public ServiceNow design (research/sla-anchors.md §0.1): a
 * definition has start, pause, resume, stop and cancel conditions on status and stage; an
 * instance per ticket × definition (× cycle for per-stage limits) has a stage
 * (inProgress / paused / completed / cancelled) and a separate breach flag.
 */
import type { ServiceLevel } from '../catalog/types.ts';

export const TICKET_TYPES = ['fault', 'complaint', 'inquiry', 'request'] as const;
export type TicketType = (typeof TICKET_TYPES)[number];

/** TMF621 v5 statuses plus MEF's `reopened`. */
export const TICKET_STATUSES = [
  'acknowledged',
  'rejected',
  'pending',
  'held',
  'inProgress',
  'cancelled',
  'closed',
  'resolved',
  'reopened',
] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export const SEVERITIES = ['critical', 'major', 'minor'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** A stage of a route (环节), owned by a department (by its code, e.g. CSC, NOC, FIELD). */
export type StageDef = {
  /** Stable code, e.g. `frontdesk`, `ops`, `field`, `kam`. */
  code: string;
  name: string;
  nameEn: string;
  departmentCode: string;
};

/** The route of a ticket type: its stages in order; a ticket starts at the first. */
export type RouteDef = { ticketType: TicketType; stages: string[] };

/** Matches when the ticket's status is one of `statuses` (if given) AND its stage one of `stages` (if given). */
export type Condition = { statuses?: TicketStatus[]; stages?: string[] };

/**
 * Where a clock's limit comes from:
 * - `entitlement`: the customer's standard for a catalog item (its `responseTime`, e.g. 6 hours
 *   on 7×24 for circuit_fault), via the entitlements of the customer's tier; `fallbackMinutes`
 *   when the standard has no fixed time (按需 / 按协议);
 * - `byLevel`: minutes per service level (5A…1A, A/B/C, basic) — an internal department limit
 *   that is tighter for higher tiers; `basic` is the default for any level not listed.
 * Either way the result is multiplied by `severityFactor[severity]` (default 1) and rounded up.
 */
export type LimitSource =
  | { kind: 'entitlement'; itemCode: string; fallbackMinutes: number }
  | { kind: 'byLevel'; minutes: Partial<Record<ServiceLevel, number>> & { basic: number } };

/** Who an escalation step reaches. */
export type EscalationTarget =
  | 'owner' // the assignee, else every user of the owning department
  | 'supervisor' // the assignee's supervisor (users.supervisor_id)
  | 'department_head' // departments.head_id of the owning department
  | 'account_manager' // the customer's account manager
  | 'kam_manager' // the kam_manager(s) of the customer's region (nearest up the region tree)
  | `department:${string}`; // every user of that department

/** One rung of a ladder: when the clock passes `atPercent` of its limit, do `actions`. */
export type EscalationStep = {
  /** 1, 2, 3 … in ascending `atPercent`. */
  level: number;
  /** e.g. 50, 75, 100 (breach), 150. */
  atPercent: number;
  /** notify: in-app + webhook to the targets; reassign: move the ticket to that department's queue (and the head). */
  notify: EscalationTarget[];
  /** Raises the ticket's escalation level shown on the board (升级到更高权限). */
  escalate: boolean;
  /** Optional: reassign the ticket to this department code (its stage does not change). */
  reassignTo?: string | null;
};

export type SlaDefinition = {
  /** Stable code, e.g. `customer_restore`, `ola_frontdesk`. */
  code: string;
  name: string;
  nameEn: string;
  /** customer: the customer's SLA (客户时限); internal: a department's limit (部门时限, OLA). */
  kind: 'customer' | 'internal';
  ticketTypes: TicketType[];
  /** internal: the stage whose time it limits (a new cycle each time the ticket enters it). */
  stageCode?: string | null;
  /**
   * internal only — what the stage's limit measures (PRODUCT.md §7: each stage has a response and
   * a resolution limit): `resolution` (default) runs until the ticket leaves the stage or the stop
   * condition holds (处理时限); `response` also completes as soon as someone in the stage takes the
   * ticket — it has an assignee (响应/接单时限; a hand-over to the stage clears the assignee).
   */
  measure?: 'resolution' | 'response';
  limit: LimitSource;
  severityFactor?: Partial<Record<Severity, number>>;
  /** `24x7` or `business` (working days of the calendar with make-up days, default business hours). */
  clock: '24x7' | 'business';
  start: Condition;
  pause: Condition;
  /** Resumes when the pause condition no longer holds, or when this holds. */
  resume?: Condition | null;
  stop: Condition;
  cancel: Condition;
  ladder: EscalationStep[];
};

export type DeskConfig = {
  stages: StageDef[];
  routes: RouteDef[];
  definitions: SlaDefinition[];
  /** Return-visit limits in calendar days (回访: faults within 3 days, activations within a week). */
  visits: { faultRepairDays: number; activationDays: number; complaintDays: number };
};
