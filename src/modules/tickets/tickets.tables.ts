/**
 * The service desk (一站式服务, PRODUCT.md §7): trouble tickets, their status and stage history,
 * SLA clock instances, escalation steps, return visits, in-app notifications, TMF621 hub
 * subscriptions and the webhook outbox.
 *
 * - `tickets` holds the current state; `ticket_events` is the append-only history every clock is
 *   computed from (each status or stage change records the state *after* it).
 * - `desk_config_versions` is the versioned service-desk configuration (routes of stages per
 *   ticket type, SLA definitions, escalation ladders), edited as a draft and published like the
 *   catalog; a ticket keeps the version it started under unless recomputed on purpose.
 * - `sla_instances` is one row per ticket × SLA definition × cycle (an internal per-stage limit
 *   starts a new cycle each time the ticket re-enters the stage). `next_check_at` is the instant at
 *   which the sweep must look at it again (next ladder threshold or breach); null when it is not
 *   running. The sweep reads only rows with `next_check_at <= now` (partial index), so its cost
 *   grows with the due tickets, not the open ones.
 * - `ticket_escalations` is unique per (instance, level): each ladder step happens once, also with
 *   two processes sweeping at once (INSERT … ON CONFLICT DO NOTHING under FOR UPDATE SKIP LOCKED).
 * - `outbox` keeps every event to deliver by webhook until delivered (or dead after the last
 *   retry): written in the transaction of the change, so a killed process loses nothing.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { instant } from '../../db/columns.ts';

const identity = () => bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity();

/** A customer's circuit or service instance (电路/业务号码), found by its number at the front desk. */
export const circuits = pgTable(
  'circuits',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The circuit or service number as people quote it, e.g. `GZ-DDN-000123`, unique. */
    circuitNumber: text('circuit_number').notNull(),
    customerId: uuid('customer_id').notNull(),
    /** Product family: digital_circuit, data_circuit, ddn, fr_atm, dedicated_internet, broadband, idc, fixed_line, other. */
    product: text('product').notNull(),
    /** local / in_province / inter_province. */
    scope: text('scope').notNull().default('local'),
    bandwidthMbps: integer('bandwidth_mbps'),
    aEnd: text('a_end'),
    zEnd: text('z_end'),
    activatedOn: date('activated_on', { mode: 'string' }),
    status: text('status').notNull().default('active'),
    createdAt: instant('created_at').notNull().defaultNow(),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('circuits_number_uq').on(t.circuitNumber),
    index('circuits_customer_idx').on(t.customerId),
    check('circuits_status_ck', sql`${t.status} in ('active', 'suspended', 'terminated')`),
  ],
);

/** Versioned service-desk configuration: routes, SLA definitions, escalation ladders. */
export const deskConfigVersions = pgTable(
  'desk_config_versions',
  {
    version: integer('version').primaryKey(),
    /** draft (at most one) / published. */
    status: text('status').notNull(),
    document: jsonb('document').notNull(),
    /** The instant from which a published version applies to new tickets. */
    effectiveFrom: instant('effective_from'),
    note: text('note'),
    createdBy: text('created_by').notNull(),
    createdAt: instant('created_at').notNull().defaultNow(),
    publishedBy: text('published_by'),
    publishedAt: instant('published_at'),
  },
  (t) => [
    check('desk_config_status_ck', sql`${t.status} in ('draft', 'published')`),
    uniqueIndex('desk_config_one_draft_uq').on(t.status).where(sql`${t.status} = 'draft'`),
  ],
);

export const tickets = pgTable(
  'tickets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Human number, e.g. `TT20261123-000042`, unique. */
    number: text('number').notNull(),
    customerId: uuid('customer_id').notNull(),
    /** fault / complaint / inquiry / request. */
    ticketType: text('ticket_type').notNull(),
    /** critical / major / minor. */
    severity: text('severity').notNull(),
    /** TMF priority 0 (highest) … 4, derived from tier and severity unless given. */
    priority: integer('priority').notNull(),
    /** phone / hotline / email / web / onsite / account_manager / api / wechat. */
    channel: text('channel').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull(),
    status: text('status').notNull(),
    statusReason: text('status_reason'),
    statusChangedAt: instant('status_changed_at').notNull(),
    /** Current stage of the route (e.g. `frontdesk`, `ops`, `field`) and its owning department code. */
    stageCode: text('stage_code').notNull(),
    departmentCode: text('department_code').notNull(),
    /** The person working it now (optional). */
    assigneeId: uuid('assignee_id'),
    circuitId: uuid('circuit_id'),
    product: text('product'),
    /** An order reference (issue 6's product order id or an external number). */
    orderRef: text('order_ref'),
    /** The catalog item whose standard sets the customer limit (e.g. circuit_fault). */
    serviceItem: text('service_item'),
    /** Snapshots at creation, for scope and queue order: tier (1A–5A / A–C / none), region, AM. */
    tier: text('tier'),
    /** Queue rank: higher first (5A=50 … 1A=10, group A=45 …, none 0); then time left. */
    tierRank: integer('tier_rank').notNull().default(0),
    regionCode: text('region_code').notNull(),
    accountManagerId: uuid('account_manager_id'),
    deskConfigVersion: integer('desk_config_version').notNull(),
    catalogVersion: integer('catalog_version'),
    /** The earliest target of the running clocks (for the board); null when none runs. */
    nextTargetAt: instant('next_target_at'),
    /** Highest escalation level reached on any clock (0 = none). */
    escalationLevel: integer('escalation_level').notNull().default(0),
    breached: boolean('breached').notNull().default(false),
    requestedResolutionDate: instant('requested_resolution_date'),
    expectedResolutionDate: instant('expected_resolution_date'),
    resolutionDate: instant('resolution_date'),
    closedAt: instant('closed_at'),
    externalId: text('external_id'),
    /** TMF extras kept as given: relatedEntity, relatedParty, attachment, characteristic. */
    extra: jsonb('extra').notNull().default({}),
    createdBy: text('created_by').notNull(),
    createdAt: instant('created_at').notNull().defaultNow(),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('tickets_number_uq').on(t.number),
    index('tickets_customer_idx').on(t.customerId, t.createdAt),
    // The board and the queues: open tickets by tier then time left.
    index('tickets_open_queue_idx')
      .on(t.departmentCode, t.tierRank, t.nextTargetAt)
      .where(sql`${t.status} not in ('closed', 'cancelled', 'rejected')`),
    index('tickets_am_idx').on(t.accountManagerId, t.createdAt),
    index('tickets_region_idx').on(t.regionCode, t.createdAt),
    index('tickets_circuit_idx').on(t.circuitId),
    check(
      'tickets_status_ck',
      sql`${t.status} in ('acknowledged', 'rejected', 'pending', 'held', 'inProgress', 'cancelled', 'closed', 'resolved', 'reopened')`,
    ),
    check('tickets_type_ck', sql`${t.ticketType} in ('fault', 'complaint', 'inquiry', 'request')`),
    check('tickets_severity_ck', sql`${t.severity} in ('critical', 'major', 'minor')`),
    check('tickets_priority_ck', sql`${t.priority} between 0 and 4`),
  ],
);

/**
 * The append-only history of a ticket. kinds: created, status, stage, assign, note, escalation,
 * visit, sla (recompute), attribute. `status`, `stage_code` and `department_code` are the state
 * after the event (set on every event), so a clock is computed by walking the events in order.
 */
export const ticketEvents = pgTable(
  'ticket_events',
  {
    id: identity(),
    ticketId: uuid('ticket_id').notNull(),
    at: instant('at').notNull(),
    kind: text('kind').notNull(),
    status: text('status').notNull(),
    stageCode: text('stage_code').notNull(),
    departmentCode: text('department_code').notNull(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name').notNull(),
    reason: text('reason'),
    data: jsonb('data'),
  },
  (t) => [index('ticket_events_ticket_idx').on(t.ticketId, t.at, t.id)],
);

export const slaInstances = pgTable(
  'sla_instances',
  {
    id: identity(),
    ticketId: uuid('ticket_id').notNull(),
    /** The SLA definition's code in the desk config document. */
    definitionCode: text('definition_code').notNull(),
    /** customer (the customer's SLA) / internal (a department's limit, OLA). */
    kind: text('kind').notNull(),
    /** For an internal definition: the stage it watches. */
    stageCode: text('stage_code'),
    departmentCode: text('department_code'),
    cycle: integer('cycle').notNull().default(1),
    deskConfigVersion: integer('desk_config_version').notNull(),
    /** The limit in clock minutes, and the clock it runs on ({ kind: '24x7' } or business hours). */
    limitMinutes: integer('limit_minutes').notNull(),
    clock: jsonb('clock').notNull(),
    /** Why this limit (tier, item, severity, the standard's wording). */
    limitSource: jsonb('limit_source'),
    /** inProgress / paused / completed / cancelled (breach is a flag, not a stage). */
    stage: text('stage').notNull(),
    startedAt: instant('started_at').notNull(),
    stoppedAt: instant('stopped_at'),
    targetAt: instant('target_at'),
    elapsedMinutes: integer('elapsed_minutes').notNull().default(0),
    breached: boolean('breached').notNull().default(false),
    breachedAt: instant('breached_at'),
    /**
     * The elapsed time or target reaches past the loaded calendar horizon (a business clock near
     * the end of the last imported year): an estimate, recomputed when the schedule is imported.
     */
    provisional: boolean('provisional').notNull().default(false),
    /** Highest ladder level fired (0 = none). */
    escalationLevel: integer('escalation_level').notNull().default(0),
    evaluatedAt: instant('evaluated_at').notNull(),
    /** When the sweep must look again; null unless running with a step or breach still ahead. */
    nextCheckAt: instant('next_check_at'),
  },
  (t) => [
    uniqueIndex('sla_instances_cycle_uq').on(t.ticketId, t.definitionCode, t.cycle),
    index('sla_instances_due_idx').on(t.nextCheckAt).where(sql`${t.nextCheckAt} is not null`),
    check('sla_instances_stage_ck', sql`${t.stage} in ('inProgress', 'paused', 'completed', 'cancelled')`),
    check('sla_instances_kind_ck', sql`${t.kind} in ('customer', 'internal')`),
  ],
);

export const ticketEscalations = pgTable(
  'ticket_escalations',
  {
    id: identity(),
    ticketId: uuid('ticket_id').notNull(),
    slaInstanceId: bigint('sla_instance_id', { mode: 'number' }).notNull(),
    level: integer('level').notNull(),
    /** The ladder threshold (50, 75, 100 …) in percent of the limit. */
    thresholdPercent: integer('threshold_percent').notNull(),
    /** The instant the threshold was crossed (as computed), and when the sweep acted on it. */
    dueAt: instant('due_at').notNull(),
    firedAt: instant('fired_at').notNull(),
    /** [{ kind: notify|escalate|reassign, target: owner|supervisor|department_head|account_manager|kam_manager|department:<code> }] */
    actions: jsonb('actions').notNull(),
    /** User ids notified, and the department/user the ticket was reassigned to, if any. */
    recipients: jsonb('recipients').notNull().default([]),
    reassignedTo: text('reassigned_to'),
  },
  (t) => [
    uniqueIndex('ticket_escalations_step_uq').on(t.slaInstanceId, t.level),
    index('ticket_escalations_ticket_idx').on(t.ticketId),
  ],
);

/** The one visitor (回访岗) of each customer: every return visit of the customer goes to them. */
export const customerVisitors = pgTable('customer_visitors', {
  customerId: uuid('customer_id').primaryKey(),
  visitorId: uuid('visitor_id').notNull(),
  assignedAt: instant('assigned_at').notNull().defaultNow(),
  assignedBy: text('assigned_by').notNull(),
});

export const returnVisits = pgTable(
  'return_visits',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    customerId: uuid('customer_id').notNull(),
    /** fault_repair (3 days) / activation (7 days) / complaint. */
    kind: text('kind').notNull(),
    ticketId: uuid('ticket_id'),
    /** An activation's order reference (issue 6), when the visit follows an activation. */
    orderRef: text('order_ref'),
    /**
     * The customer's one visitor; null when no active visit agent existed when the visit was due to
     * be planned (unassigned: admins and kam_managers are told; counted as due in the coverage; the
     * visitor chosen later — next visit, or set by hand — takes it).
     */
    visitorId: uuid('visitor_id'),
    regionCode: text('region_code').notNull(),
    dueAt: instant('due_at').notNull(),
    /** open / done / cancelled. */
    status: text('status').notNull().default('open'),
    /** satisfied / dissatisfied / unreachable. */
    outcome: text('outcome'),
    /** 1–5 when asked. */
    score: integer('score'),
    note: text('note'),
    contactName: text('contact_name'),
    doneAt: instant('done_at'),
    doneBy: text('done_by'),
    /** The account manager's follow-up task opened by a dissatisfied outcome (action_tasks.id). */
    followUpTaskId: bigint('follow_up_task_id', { mode: 'number' }),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('return_visits_visitor_idx').on(t.visitorId, t.status, t.dueAt),
    index('return_visits_customer_idx').on(t.customerId, t.createdAt),
    uniqueIndex('return_visits_ticket_open_uq')
      .on(t.ticketId)
      .where(sql`${t.status} = 'open' and ${t.ticketId} is not null`),
    check('return_visits_kind_ck', sql`${t.kind} in ('fault_repair', 'activation', 'complaint')`),
    check('return_visits_status_ck', sql`${t.status} in ('open', 'done', 'cancelled')`),
    check(
      'return_visits_outcome_ck',
      sql`${t.outcome} is null or ${t.outcome} in ('satisfied', 'dissatisfied', 'unreachable')`,
    ),
  ],
);

/** In-app notifications (站内通知). */
export const notifications = pgTable(
  'notifications',
  {
    id: identity(),
    userId: uuid('user_id').notNull(),
    /** escalation / breach / visit_dissatisfied / ticket_assigned / … */
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    /** The entity it is about, e.g. ticket + its id, to open it from the list. */
    entity: text('entity'),
    entityId: text('entity_id'),
    data: jsonb('data'),
    createdAt: instant('created_at').notNull().defaultNow(),
    readAt: instant('read_at'),
  },
  (t) => [index('notifications_user_idx').on(t.userId, t.readAt, t.createdAt)],
);

/** TMF hub subscriptions (`POST /hub`): callback URL, optional query, HMAC secret. */
export const hubSubscriptions = pgTable(
  'hub_subscriptions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The API it listens to, e.g. troubleTicket. */
    api: text('api').notNull(),
    callback: text('callback').notNull(),
    /** TMF query, e.g. `eventType=TroubleTicketStatusChangeEvent`; null = every event. */
    query: text('query'),
    /** Signs each delivery: X-Tierline-Signature: sha256=<hex HMAC of the body>. */
    secret: text('secret').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [index('hub_subscriptions_api_idx').on(t.api)],
);

/** Events to deliver by webhook, one row per event × subscription; retried with backoff. */
export const outbox = pgTable(
  'outbox',
  {
    id: identity(),
    subscriptionId: uuid('subscription_id').notNull(),
    eventId: uuid('event_id').notNull(),
    eventType: text('event_type').notNull(),
    payload: jsonb('payload').notNull(),
    createdAt: instant('created_at').notNull().defaultNow(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: instant('next_attempt_at').notNull(),
    deliveredAt: instant('delivered_at'),
    /** Given up after the last retry (kept, visible, can be retried by hand). */
    deadAt: instant('dead_at'),
    lastStatus: integer('last_status'),
    lastError: text('last_error'),
  },
  (t) => [
    uniqueIndex('outbox_event_subscription_uq').on(t.eventId, t.subscriptionId),
    index('outbox_pending_idx')
      .on(t.nextAttemptAt)
      .where(sql`${t.deliveredAt} is null and ${t.deadAt} is null`),
  ],
);
