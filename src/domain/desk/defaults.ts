/**
 * The shipped service-desk configuration (PRODUCT.md §7), published as desk config version 1 on
 * a new installation: four stages owned by CSC / NOC / FIELD / KAM, a route per ticket type, the
 * customer's SLA clocks (limits from the entitlements) and each department's internal limits
 * (response: taken by someone; resolution: handled), tighter for higher tiers, with the escalation ladders of seed 000 (超出规定响应时限 → 自动升级).
 */
import type { Condition, DeskConfig, EscalationStep, SlaDefinition } from './config.ts';

const ANY: Condition = {};
const PAUSE: Condition = { statuses: ['pending'] };
const STOP: Condition = { statuses: ['resolved', 'closed'] };
const CANCEL: Condition = { statuses: ['cancelled', 'rejected'] };

/** 50 % notify the owner; 75 % owner + supervisor (+ AM); 100 % supervisor + head (+ AM + KAM). */
const CUSTOMER_LADDER: EscalationStep[] = [
  { level: 1, atPercent: 50, notify: ['owner'], escalate: false },
  { level: 2, atPercent: 75, notify: ['owner', 'supervisor', 'account_manager'], escalate: true },
  {
    level: 3,
    atPercent: 100,
    notify: ['supervisor', 'department_head', 'account_manager', 'kam_manager'],
    escalate: true,
  },
];

/** A stage left untaken: 50 % the department (nobody holds it yet), 100 % supervisor + head, escalate. */
const RESPONSE_LADDER: EscalationStep[] = [
  { level: 1, atPercent: 50, notify: ['owner'], escalate: false },
  { level: 2, atPercent: 100, notify: ['owner', 'department_head'], escalate: true },
];

const INTERNAL_LADDER: EscalationStep[] = [
  { level: 1, atPercent: 50, notify: ['owner'], escalate: false },
  { level: 2, atPercent: 75, notify: ['owner', 'supervisor'], escalate: true },
  { level: 3, atPercent: 100, notify: ['supervisor', 'department_head'], escalate: true },
];

/** A deep copy, so that no two definitions share a condition or ladder object. */
const fresh = (def: SlaDefinition): SlaDefinition => structuredClone(def);

const customer = (
  def: Pick<SlaDefinition, 'code' | 'name' | 'nameEn' | 'ticketTypes' | 'limit' | 'clock'> &
    Partial<SlaDefinition>,
): SlaDefinition =>
  fresh({
    kind: 'customer',
    stageCode: null,
    start: ANY,
    pause: PAUSE,
    stop: STOP,
    cancel: CANCEL,
    ladder: CUSTOMER_LADDER,
    ...def,
  });

const internal = (
  def: Pick<SlaDefinition, 'code' | 'name' | 'nameEn' | 'stageCode' | 'limit' | 'clock'> &
    Partial<SlaDefinition>,
): SlaDefinition =>
  fresh({
    kind: 'internal',
    ticketTypes: ['fault', 'complaint', 'inquiry', 'request'],
    start: ANY,
    pause: PAUSE,
    stop: STOP,
    cancel: CANCEL,
    ladder: INTERNAL_LADDER,
    ...def,
  });

/** A stage's response limit (响应/接单时限): met once someone in the stage takes the ticket. */
const response = (
  def: Pick<SlaDefinition, 'code' | 'name' | 'nameEn' | 'stageCode' | 'limit' | 'clock'> &
    Partial<SlaDefinition>,
): SlaDefinition => internal({ measure: 'response', ladder: RESPONSE_LADDER, ...def });

/**
 * The default desk configuration: per stage a response limit (taken by someone in the
 * department) and a resolution limit (handled and passed on), PRODUCT.md §7.
 *
 * @example
 * DEFAULT_DESK_CONFIG.routes.find((r) => r.ticketType === 'fault')?.stages; // ['frontdesk', 'ops', 'field']
 */
export const DEFAULT_DESK_CONFIG: DeskConfig = {
  stages: [
    { code: 'frontdesk', name: '一站式受理', nameEn: 'Front desk', departmentCode: 'CSC' },
    { code: 'ops', name: '网络运维处理', nameEn: 'Network operations', departmentCode: 'NOC' },
    { code: 'field', name: '现场抢修', nameEn: 'Field repair', departmentCode: 'FIELD' },
    { code: 'kam', name: '大客户部处理', nameEn: 'Key account department', departmentCode: 'KAM' },
  ],
  routes: [
    { ticketType: 'fault', stages: ['frontdesk', 'ops', 'field'] },
    { ticketType: 'complaint', stages: ['frontdesk', 'kam'] },
    { ticketType: 'inquiry', stages: ['frontdesk'] },
    { ticketType: 'request', stages: ['frontdesk', 'ops'] },
  ],
  definitions: [
    customer({
      code: 'customer_restore',
      name: '故障修复时限',
      nameEn: 'Fault restoration',
      ticketTypes: ['fault'],
      limit: { kind: 'entitlement', itemCode: 'circuit_fault', fallbackMinutes: 360 },
      severityFactor: { critical: 0.5, major: 1, minor: 2 },
      clock: '24x7',
    }),
    customer({
      code: 'customer_complaint',
      name: '投诉处理时限',
      nameEn: 'Complaint handling',
      ticketTypes: ['complaint'],
      limit: { kind: 'entitlement', itemCode: 'complaint_response', fallbackMinutes: 1440 },
      clock: '24x7',
    }),
    customer({
      code: 'customer_inquiry',
      name: '咨询/受理答复时限',
      nameEn: 'Inquiry and request answer',
      ticketTypes: ['inquiry', 'request'],
      limit: {
        kind: 'byLevel',
        minutes: { '5A': 120, '4A': 120, A: 120, '3A': 240, B: 240, basic: 480 },
      },
      clock: 'business',
    }),
    internal({
      code: 'ola_frontdesk',
      name: '前台受理派单',
      nameEn: 'Front desk dispatch',
      stageCode: 'frontdesk',
      limit: { kind: 'byLevel', minutes: { '5A': 15, '4A': 15, A: 15, '3A': 20, B: 20, basic: 30 } },
      clock: '24x7',
    }),
    internal({
      code: 'ola_ops',
      name: '网络运维处理',
      nameEn: 'Network operations',
      stageCode: 'ops',
      limit: {
        kind: 'byLevel',
        minutes: { '5A': 90, '4A': 90, A: 90, '3A': 120, B: 120, '2A': 180, C: 180, '1A': 180, basic: 240 },
      },
      clock: '24x7',
      ladder: [...INTERNAL_LADDER, { level: 4, atPercent: 150, notify: ['kam_manager'], escalate: true }],
    }),
    internal({
      code: 'ola_field',
      name: '现场抢修',
      nameEn: 'Field repair',
      stageCode: 'field',
      limit: { kind: 'byLevel', minutes: { '5A': 120, '4A': 120, A: 120, '3A': 180, B: 180, basic: 300 } },
      clock: '24x7',
    }),
    internal({
      code: 'ola_kam',
      name: '大客户部投诉处理',
      nameEn: 'Key account complaint handling',
      stageCode: 'kam',
      limit: { kind: 'byLevel', minutes: { '5A': 120, '4A': 120, A: 120, '3A': 240, B: 240, basic: 480 } },
      clock: 'business',
    }),
    // the response limit of each stage a ticket is handed to (seed 000: 下一环节处理部门…响应时限):
    // until someone in the department takes the ticket. The front desk's is its dispatch limit
    // above — its own staff open the ticket.
    response({
      code: 'ola_ops_response',
      name: '网络运维响应',
      nameEn: 'Network operations response',
      stageCode: 'ops',
      limit: {
        kind: 'byLevel',
        minutes: { '5A': 10, '4A': 10, A: 10, '3A': 15, B: 15, '2A': 20, C: 20, '1A': 20, basic: 30 },
      },
      severityFactor: { critical: 0.5, major: 1, minor: 2 },
      clock: '24x7',
    }),
    response({
      code: 'ola_field_response',
      name: '现场抢修接单',
      nameEn: 'Field repair response',
      stageCode: 'field',
      limit: { kind: 'byLevel', minutes: { '5A': 15, '4A': 15, A: 15, '3A': 20, B: 20, basic: 30 } },
      severityFactor: { critical: 0.5, major: 1, minor: 2 },
      clock: '24x7',
    }),
    response({
      code: 'ola_kam_response',
      name: '大客户部投诉响应',
      nameEn: 'Key account complaint response',
      stageCode: 'kam',
      limit: { kind: 'byLevel', minutes: { '5A': 30, '4A': 30, A: 30, '3A': 60, B: 60, basic: 120 } },
      clock: 'business',
    }),
  ],
  visits: { faultRepairDays: 3, activationDays: 7, complaintDays: 3 },
};
