import { describe, expect, it } from 'vitest';
import { renderDocumentHtml } from '../documents/html.ts';
import {
  buildOperatingReportDocument,
  formatMinutes,
  formatPpm,
  formatShanghai,
} from './operating-report.ts';
import { parsePeriod, periodBounds, periodOf, previousPeriod } from './period.ts';
import {
  availabilityPpmOf,
  clippedMinutes,
  computeOperatingReportData,
  type OperatingReportInput,
  restoreMinutesOf,
} from './report-data.ts';

const targets = { availabilityPpm: 999_500, restoreMinutes: 240 };

const input = (over: Partial<OperatingReportInput> = {}): OperatingReportInput => ({
  period: '2026-05',
  generatedAt: '2026-06-01T02:00:00Z',
  customer: {
    id: 'c1',
    code: 'GZ001',
    name: '广州某银行',
    tier: '5A',
    regionCode: 'GZ',
    accountManagerName: '王经理',
  },
  agreement: {
    id: 'a1',
    agreementNumber: 'SLA-1',
    title: '专线 SLA',
    kind: 'sla_commitment',
    slaClass: 'AA',
    maintenanceLevel: null,
    afterSalesLevel: 'SL2',
    version: 1,
    validFrom: '2026-01-01',
    validTo: null,
    targets,
  },
  circuits: [
    { id: 'k1', circuitNumber: 'GZ-0001', product: 'digital_circuit', agreementNumber: 'SLA-1', targets },
    { id: 'k2', circuitNumber: 'GZ-0002', product: 'ddn', agreementNumber: 'SLA-1', targets },
  ],
  measurements: [
    {
      circuitId: 'k1',
      availabilityPpm: 999_900,
      targetAvailabilityPpm: 999_500,
      targetRestoreMinutes: 240,
      outageMinutes: 4,
      outageCount: 1,
      maxRestoreMinutes: 4,
      restoreBreaches: 0,
      availabilityBreached: false,
    },
  ],
  outages: [
    // k2: 5 h outage wholly in May (restore breach), and an excluded one
    {
      circuitId: 'k2',
      startedAt: '2026-05-10T02:00:00Z',
      restoredAt: '2026-05-10T07:00:30Z',
      source: 'ticket',
      cause: '光缆中断',
      excluded: false,
      ticketNumber: 'TT-1',
    },
    {
      circuitId: 'k2',
      startedAt: '2026-05-12T02:00:00Z',
      restoredAt: '2026-05-12T03:00:00Z',
      source: 'manual',
      cause: '客户割接',
      excluded: true,
      ticketNumber: null,
    },
    // starts in April (Shanghai): only the May part counts
    {
      circuitId: 'k2',
      startedAt: '2026-04-30T15:00:00Z',
      restoredAt: '2026-04-30T17:00:00Z',
      source: 'manual',
      cause: null,
      excluded: false,
      ticketNumber: null,
    },
  ],
  tickets: [
    {
      number: 'TT-1',
      ticketType: 'fault',
      status: 'closed',
      createdAt: '2026-05-10T02:05:00Z',
      resolutionDate: '2026-05-10T07:00:00Z',
      hasCustomerLimit: true,
      breached: true,
      escalations: 2,
    },
    {
      number: 'TT-2',
      ticketType: 'fault',
      status: 'resolved',
      createdAt: '2026-05-11T02:05:00Z',
      resolutionDate: '2026-05-11T03:00:00Z',
      hasCustomerLimit: true,
      breached: false,
      escalations: 0,
    },
    {
      number: 'TT-3',
      ticketType: 'inquiry',
      status: 'inProgress',
      createdAt: '2026-05-20T02:05:00Z',
      resolutionDate: null,
      hasCustomerLimit: false,
      breached: false,
      escalations: 0,
    },
  ],
  orderLines: [
    {
      orderNumber: 'PO-1',
      lineNo: 1,
      product: 'digital_circuit',
      provisioningClass: 'express',
      crossOperator: false,
      state: 'completed',
      dueDate: '2026-05-08',
      dueProvisional: false,
      activatedOn: '2026-05-08',
      overdueWorkingDays: 0,
      circuitNumber: 'GZ-0001',
    },
    {
      orderNumber: 'PO-1',
      lineNo: 2,
      product: 'ddn',
      provisioningClass: 'normal',
      crossOperator: false,
      state: 'completed',
      dueDate: '2026-05-08',
      dueProvisional: false,
      activatedOn: '2026-05-13',
      overdueWorkingDays: 3,
      circuitNumber: 'GZ-0002',
    },
    {
      orderNumber: 'PO-2',
      lineNo: 1,
      product: 'idc',
      provisioningClass: null,
      crossOperator: false,
      state: 'completed',
      dueDate: null,
      dueProvisional: false,
      activatedOn: '2026-05-20',
      overdueWorkingDays: null,
      circuitNumber: null,
    },
    {
      orderNumber: 'PO-3',
      lineNo: 1,
      product: 'dedicated_internet',
      provisioningClass: null,
      crossOperator: false,
      state: 'inProgress',
      dueDate: '2026-05-15',
      dueProvisional: false,
      activatedOn: null,
      overdueWorkingDays: null,
      circuitNumber: null,
    },
    {
      orderNumber: 'PO-4',
      lineNo: 1,
      product: 'ddn',
      provisioningClass: null,
      crossOperator: false,
      state: 'completed',
      dueDate: '2026-04-08',
      dueProvisional: false,
      activatedOn: '2026-04-08',
      overdueWorkingDays: 0,
      circuitNumber: null,
    },
  ],
  slips: [
    {
      slipNumber: 'CS-2',
      kind: 'sla_restore',
      status: 'raised',
      amountFen: 50_000,
      period: '2026-05',
      circuitNumber: 'GZ-0002',
      orderNumber: null,
    },
    {
      slipNumber: 'CS-1',
      kind: 'provisioning_late',
      status: 'approved',
      amountFen: 45_000,
      period: null,
      circuitNumber: null,
      orderNumber: 'PO-1',
    },
    {
      slipNumber: 'CS-3',
      kind: 'provisioning_late',
      status: 'rejected',
      amountFen: 10_000,
      period: null,
      circuitNumber: null,
      orderNumber: 'PO-9',
    },
  ],
  meetings: [
    {
      id: 'm1',
      heldOn: '2026-05-18',
      topic: '季度联席会议',
      place: '客户总部',
      attendees: 5,
      minutes: '回顾可用率',
      actions: [{ title: '更换光缆路由', ownerName: '运维张工', dueDate: '2026-06-30', status: 'open' }],
    },
  ],
  openActions: [
    {
      heldOn: '2026-05-18',
      topic: '季度联席会议',
      title: '更换光缆路由',
      ownerName: '运维张工',
      dueDate: '2026-06-30',
    },
  ],
  ...over,
});

describe('periods', () => {
  it('validates YYYY-MM', () => {
    expect(parsePeriod('2026-05')).toBe('2026-05');
    for (const bad of ['2026-13', '2026-5', '26-05', '', null]) {
      expect(() => parsePeriod(bad)).toThrow(expect.objectContaining({ code: 'INVALID_DATE' }));
    }
  });
  it('bounds a month in Asia/Shanghai', () => {
    expect(periodBounds('2026-02')).toEqual({
      period: '2026-02',
      firstDate: '2026-02-01',
      lastDate: '2026-02-28',
      startAt: '2026-01-31T16:00:00.000Z',
      endAt: '2026-02-28T16:00:00.000Z',
      minutes: 28 * 1440,
    });
  });
  it('finds the previous month and the month of an instant', () => {
    expect(previousPeriod('2026-06-01T00:30:00+08:00')).toBe('2026-05');
    expect(previousPeriod('2026-01-05T00:00:00Z')).toBe('2025-12');
    expect(periodOf('2026-04-30T16:00:00Z')).toBe('2026-05');
  });
});

describe('figures', () => {
  it('rounds restore times up and clips outages to the month', () => {
    expect(restoreMinutesOf('2026-05-10T02:00:00Z', '2026-05-10T04:00:30Z')).toBe(121);
    expect(restoreMinutesOf('2026-05-10T02:00:00Z', null)).toBeNull();
    const b = periodBounds('2026-05');
    expect(
      clippedMinutes(
        '2026-04-30T15:00:00Z',
        '2026-04-30T17:00:00Z',
        Date.parse(b.startAt),
        Date.parse(b.endAt),
      ),
    ).toBe(60);
    expect(clippedMinutes('2026-05-31T15:00:00Z', null, Date.parse(b.startAt), Date.parse(b.endAt))).toBe(60);
    expect(availabilityPpmOf(44_640, 0)).toBe(1_000_000);
    expect(availabilityPpmOf(44_640, 361)).toBe(991_913);
  });

  it('summarises circuits, tickets, orders, compensation', () => {
    const data = computeOperatingReportData(input());
    const [k1, k2] = data.circuits;
    expect(k1).toMatchObject({
      circuitNumber: 'GZ-0001',
      availabilityPpm: 999_900,
      measured: true,
      availabilityBreached: false,
    });
    // k2: 301 min (rounded) + 60 min from the April outage; the excluded one ignored
    expect(k2).toMatchObject({
      outageMinutes: 361,
      outageCount: 2,
      maxRestoreMinutes: 301,
      restoreBreaches: 1,
      measured: false,
    });
    expect(k2?.availabilityPpm).toBe(availabilityPpmOf(31 * 1440, 361));
    expect(k2?.availabilityBreached).toBe(true);
    expect(data.summary).toEqual({
      circuits: 2,
      breachedCircuits: 1,
      worstAvailabilityPpm: k2?.availabilityPpm,
      outageCount: 2,
      restoreBreaches: 1,
    });
    expect(data.tickets).toMatchObject({
      total: 3,
      resolved: 2,
      withLimit: 2,
      resolvedWithinLimit: 1,
      breached: 1,
      escalations: 2,
      open: 1,
    });
    expect(data.tickets.byType).toEqual([
      { ticketType: 'fault', count: 2 },
      { ticketType: 'inquiry', count: 1 },
    ]);
    expect(data.orders).toMatchObject({
      activated: 3,
      onTime: 1,
      late: 1,
      noDueDate: 1,
      overdueWorkingDays: 3,
      onTimeRate: 50,
      openOverdue: 1,
    });
    expect(data.orders.lines.map((l) => l.outcome)).toEqual([
      'on_time',
      'late',
      'no_due_date',
      'open_overdue',
    ]);
    expect(data.compensation.totalFen).toBe(95_000);
    expect(data.compensation.byKind).toEqual([
      { kind: 'provisioning_late', count: 2, amountFen: 45_000 },
      { kind: 'sla_restore', count: 1, amountFen: 50_000 },
    ]);
  });

  it('counts an open outage until the generation instant within the month', () => {
    const data = computeOperatingReportData(
      input({
        generatedAt: '2026-05-10T03:00:00Z',
        measurements: [],
        outages: [
          {
            circuitId: 'k1',
            startedAt: '2026-05-10T02:00:00Z',
            restoredAt: null,
            source: 'manual',
            cause: null,
            excluded: false,
            ticketNumber: null,
          },
        ],
      }),
    );
    expect(data.circuits[0]).toMatchObject({ outageMinutes: 60, maxRestoreMinutes: null });
  });

  it('handles an empty month', () => {
    const data = computeOperatingReportData(
      input({
        circuits: [],
        measurements: [],
        outages: [],
        tickets: [],
        orderLines: [],
        slips: [],
        meetings: [],
        openActions: [],
      }),
    );
    expect(data.summary.worstAvailabilityPpm).toBeNull();
    expect(data.orders.onTimeRate).toBeNull();
    const html = renderDocumentHtml(
      buildOperatingReportDocument(data, { issuer: 'X', issuedOn: '2026-06-01' }),
    );
    expect(html).toContain('本月共 0 条电路');
  });
});

describe('report document', () => {
  const data = computeOperatingReportData(input());
  const doc = buildOperatingReportDocument(data, { issuer: '广州分公司 政企客户部', issuedOn: '2026-06-01' });

  it('formats percents, minutes and instants', () => {
    expect(formatPpm(999_500)).toBe('99.95%');
    expect(formatPpm(1_000_000)).toBe('100.00%');
    expect(formatPpm(999_990)).toBe('99.999%');
    expect(formatMinutes(45)).toBe('45 分钟');
    expect(formatMinutes(120)).toBe('2 小时');
    expect(formatMinutes(301)).toBe('5 小时 1 分');
    expect(formatShanghai('2026-05-10T02:00:00Z')).toBe('2026-05-10 10:00');
  });

  it('is a Chinese document with availability bars against targets', () => {
    expect(doc.lang).toBe('zh-CN');
    expect(doc.subtitle).toBe('广州某银行 · 2026 年 5 月 · SLA-1');
    const bars = doc.blocks.find((b) => b.kind === 'bars');
    expect(bars).toEqual({
      kind: 'bars',
      title: '各电路月可用率与目标',
      unit: '%',
      items: [
        { label: 'GZ-0001', value: 99.99, target: 99.95 },
        { label: 'GZ-0002', value: data.circuits[1]!.availabilityPpm / 10_000, target: 99.95 },
      ],
    });
    const headings = doc.blocks
      .filter((b) => b.kind === 'heading')
      .map((b) => (b.kind === 'heading' ? b.text : ''));
    expect(headings).toEqual([
      '一、概况',
      '二、电路可用率',
      '三、故障中断与恢复',
      '四、服务工单',
      '五、业务开通及时率',
      '六、赔付',
      '七、联席会议与待办事项',
      '未完成的行动项',
    ]);
  });

  it('shows the figures in words and tables', () => {
    const html = renderDocumentHtml(doc);
    expect(html).toContain('AA');
    expect(html).toContain('月可用率 ≥ 99.95%，故障恢复 ≤ 4 小时');
    expect(html).toContain('5 小时 1 分（超时）');
    expect(html).toContain('未达标');
    expect(html).toContain('¥950.00');
    expect(html).toContain('更换光缆路由');
    expect(html).toContain('* 本月尚无正式测量');
  });
});
