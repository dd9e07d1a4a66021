/** Service-desk shapes as the server answers them (issue 5 contract), for the desk page tests. */
import type {
  ClockView,
  DeskConfig,
  DeskConfigState,
  EscalationView,
  LookupResult,
  TicketDetail,
  TicketSummary,
  TicketView,
  VisitView,
} from '../src/api/desk';

export const CUSTOMER_ID = '22222222-2222-4222-8222-222222222222';
export const TICKET_ID = '33333333-3333-4333-8333-333333333333';
export const CIRCUIT_ID = '44444444-4444-4444-8444-444444444444';
export const VISITOR_ID = '00000000-0000-4000-8000-0000000000a7';

export function ticket(overrides: Partial<TicketView> = {}): TicketView {
  return {
    id: TICKET_ID,
    number: 'TT20260310-000001',
    customerId: CUSTOMER_ID,
    customerName: '广州地铁集团',
    tier: '4A',
    tierRank: 40,
    regionCode: 'GD-GZ',
    accountManagerId: null,
    accountManagerName: '李明',
    ticketType: 'fault',
    severity: 'critical',
    priority: 0,
    channel: 'phone',
    name: '广州—深圳数字电路中断',
    description: '电路中断,影响生产',
    status: 'inProgress',
    statusReason: null,
    statusChangedAt: '2026-03-10T01:00:00Z',
    stageCode: 'ops',
    stageName: '网络运维处理',
    departmentCode: 'NOC',
    departmentName: '网络运维部',
    assigneeId: null,
    assigneeName: null,
    circuitId: CIRCUIT_ID,
    circuitNumber: 'GZ-DDN-000123',
    product: 'ddn',
    orderRef: null,
    serviceItem: 'circuit_fault',
    nextTargetAt: '2026-03-10T04:00:00Z',
    timeLeftMinutes: 95,
    escalationLevel: 1,
    breached: false,
    deskConfigVersion: 1,
    catalogVersion: 1,
    createdAt: '2026-03-10T01:00:00Z',
    updatedAt: '2026-03-10T01:10:00Z',
    resolutionDate: null,
    closedAt: null,
    createdBy: 'frontdesk',
    ...overrides,
  };
}

export function clock(overrides: Partial<ClockView> = {}): ClockView {
  return {
    id: 1,
    definitionCode: 'customer_restore',
    name: '故障修复时限',
    nameEn: 'Fault restoration',
    kind: 'customer',
    measure: null,
    stageCode: null,
    departmentCode: null,
    cycle: 1,
    stage: 'inProgress',
    startedAt: '2026-03-10T01:00:00Z',
    stoppedAt: null,
    targetAt: '2026-03-10T04:00:00Z',
    limitMinutes: 180,
    elapsedMinutes: 85,
    remainingMinutes: 95,
    percent: 47.2,
    breached: false,
    breachedAt: null,
    escalationLevel: 0,
    clock: '24x7',
    limitSource: {
      kind: 'entitlement',
      itemCode: 'circuit_fault',
      level: '4A',
      severity: 'critical',
      factor: 0.5,
    },
    deskConfigVersion: 1,
    ...overrides,
  };
}

export const ESCALATION: EscalationView = {
  id: 7,
  slaInstanceId: 2,
  definitionCode: 'ola_frontdesk',
  level: 2,
  thresholdPercent: 75,
  dueAt: '2026-03-10T01:15:00Z',
  firedAt: '2026-03-10T01:15:30Z',
  notify: ['owner', 'supervisor'],
  escalate: true,
  recipients: [
    { id: 'u1', name: '王前台' },
    { id: 'u2', name: '陈主管' },
  ],
  reassignedTo: null,
};

export function detail(overrides: Partial<TicketDetail> = {}): TicketDetail {
  return {
    ...ticket(),
    events: [
      {
        id: 1,
        at: '2026-03-10T01:00:00Z',
        kind: 'created',
        status: 'acknowledged',
        stageCode: 'frontdesk',
        departmentCode: 'CSC',
        actorName: '王前台',
        reason: null,
        data: null,
      },
      {
        id: 2,
        at: '2026-03-10T01:20:00Z',
        kind: 'stage',
        status: 'acknowledged',
        stageCode: 'ops',
        departmentCode: 'NOC',
        actorName: '王前台',
        reason: null,
        data: null,
      },
      {
        id: 3,
        at: '2026-03-10T01:25:00Z',
        kind: 'status',
        status: 'inProgress',
        stageCode: 'ops',
        departmentCode: 'NOC',
        actorName: '赵运维',
        reason: null,
        data: null,
      },
    ],
    clocks: [
      clock(),
      clock({
        id: 2,
        definitionCode: 'ola_frontdesk',
        name: '前台受理派单',
        nameEn: 'Front desk dispatch',
        kind: 'internal',
        stageCode: 'frontdesk',
        departmentCode: 'CSC',
        stage: 'completed',
        limitMinutes: 20,
        elapsedMinutes: 20,
        remainingMinutes: 0,
        percent: 100,
        breached: true,
        breachedAt: '2026-03-10T01:20:00Z',
        stoppedAt: '2026-03-10T01:20:00Z',
        escalationLevel: 2,
        limitSource: { kind: 'byLevel', level: '4A', severity: 'critical', factor: 1 },
      }),
    ],
    escalations: [ESCALATION],
    visits: [],
    allowedTransitions: ['pending', 'held', 'resolved', 'cancelled'],
    route: [
      {
        code: 'frontdesk',
        name: '一站式受理',
        nameEn: 'Front desk',
        departmentCode: 'CSC',
        departmentName: '一站式服务中心',
      },
      {
        code: 'ops',
        name: '网络运维处理',
        nameEn: 'Network ops',
        departmentCode: 'NOC',
        departmentName: '网络运维部',
      },
      {
        code: 'field',
        name: '现场抢修',
        nameEn: 'Field repair',
        departmentCode: 'FIELD',
        departmentName: '现场维护中心',
      },
    ],
    customer: { id: CUSTOMER_ID, name: '广州地铁集团', tier: '4A', stars: 4 },
    ...overrides,
  };
}

export const SUMMARY: TicketSummary = {
  open: 3,
  breached: 1,
  escalated: 2,
  dueWithinHour: 1,
  byDepartment: [
    { departmentCode: 'CSC', departmentName: '一站式服务中心', open: 1, breached: 0, escalated: 0 },
    { departmentCode: 'NOC', departmentName: '网络运维部', open: 2, breached: 1, escalated: 2 },
  ],
  byStatus: [{ status: 'inProgress', count: 3 }],
  byTier: [
    { tier: '5A', open: 1, breached: 1 },
    { tier: '4A', open: 2, breached: 0 },
  ],
};

export const DESK_CONFIG: DeskConfig = {
  stages: [
    { code: 'frontdesk', name: '一站式受理', nameEn: 'Front desk', departmentCode: 'CSC' },
    { code: 'ops', name: '网络运维处理', nameEn: 'Network ops', departmentCode: 'NOC' },
  ],
  routes: [
    { ticketType: 'fault', stages: ['frontdesk', 'ops'] },
    { ticketType: 'inquiry', stages: ['frontdesk'] },
  ],
  definitions: [
    {
      code: 'customer_restore',
      name: '故障修复时限',
      nameEn: 'Fault restoration',
      kind: 'customer',
      ticketTypes: ['fault'],
      stageCode: null,
      limit: { kind: 'entitlement', itemCode: 'circuit_fault', fallbackMinutes: 360 },
      severityFactor: { critical: 0.5, major: 1, minor: 2 },
      clock: '24x7',
      start: {},
      pause: { statuses: ['pending'] },
      resume: null,
      stop: { statuses: ['resolved', 'closed'] },
      cancel: { statuses: ['cancelled', 'rejected'] },
      ladder: [
        { level: 1, atPercent: 50, notify: ['owner'], escalate: false },
        { level: 2, atPercent: 75, notify: ['owner', 'supervisor', 'account_manager'], escalate: true },
        { level: 3, atPercent: 100, notify: ['supervisor', 'department_head'], escalate: true },
      ],
    },
    {
      code: 'ola_frontdesk',
      name: '前台受理派单',
      nameEn: 'Front desk dispatch',
      kind: 'internal',
      ticketTypes: ['fault', 'complaint', 'inquiry', 'request'],
      stageCode: 'frontdesk',
      limit: { kind: 'byLevel', minutes: { '5A': 15, '4A': 15, basic: 30 } },
      clock: '24x7',
      start: {},
      pause: { statuses: ['pending'] },
      stop: { statuses: ['resolved', 'closed'] },
      cancel: { statuses: ['cancelled', 'rejected'] },
      ladder: [{ level: 1, atPercent: 50, notify: ['owner'], escalate: false }],
    },
  ],
  visits: { faultRepairDays: 3, activationDays: 7, complaintDays: 3 },
};

export function configState(withDraft: boolean): DeskConfigState {
  return {
    current: {
      version: 1,
      effectiveFrom: '2026-01-01T00:00:00Z',
      publishedAt: '2026-01-01T00:00:00Z',
      publishedBy: 'admin',
      note: null,
      document: DESK_CONFIG,
    },
    versions: [
      {
        version: 1,
        status: 'published',
        effectiveFrom: '2026-01-01T00:00:00Z',
        publishedAt: '2026-01-01T00:00:00Z',
        publishedBy: 'admin',
        note: null,
      },
      ...(withDraft
        ? [
            {
              version: 2,
              status: 'draft' as const,
              effectiveFrom: null,
              publishedAt: null,
              publishedBy: null,
              note: null,
            },
          ]
        : []),
    ],
    draft: withDraft
      ? {
          version: 2,
          note: null,
          document: DESK_CONFIG,
          createdBy: 'admin',
          createdAt: '2026-03-01T00:00:00Z',
        }
      : null,
  };
}

export const LOOKUP: LookupResult[] = [
  {
    customer: {
      id: CUSTOMER_ID,
      name: '广州地铁集团',
      creditCode: '91440101MA59XXXX1A',
      tier: '4A',
      stars: 4,
      groupClass: null,
      regionCode: 'GD-GZ',
      regionName: '广州',
      accountManagerId: null,
      accountManagerName: '李明',
    },
    matchedBy: 'circuit',
    matched: 'GZ-DDN-000123',
    circuits: [
      { id: CIRCUIT_ID, circuitNumber: 'GZ-DDN-000123', product: 'ddn', scope: 'local', bandwidthMbps: 10 },
    ],
    openTickets: 1,
  },
];

export function visit(overrides: Partial<VisitView> = {}): VisitView {
  return {
    id: '55555555-5555-4555-8555-555555555555',
    kind: 'fault_repair',
    customerId: CUSTOMER_ID,
    customerName: '广州地铁集团',
    tier: '4A',
    ticketId: TICKET_ID,
    ticketNumber: 'TT20260310-000001',
    orderRef: null,
    visitorId: VISITOR_ID,
    visitorName: '回访专员',
    regionCode: 'GD-GZ',
    dueAt: '2026-03-13T10:00:00Z',
    status: 'open',
    outcome: null,
    score: null,
    note: null,
    contactName: null,
    doneAt: null,
    doneBy: null,
    overdue: true,
    followUpTaskId: null,
    ...overrides,
  };
}
