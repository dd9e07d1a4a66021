import './setup';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from 'antd';
import { createMemoryRouter, RouterProvider } from 'react-router-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Meeting, ReportDetail } from '../src/api/reports';
import { setSessionUser } from '../src/auth/session';
import { CustomerReportsPanel, parseAttendees } from '../src/pages/reports/customer-reports-panel';
import { availabilityAxisMin } from '../src/pages/reports/report-charts';
import { ReportPage } from '../src/pages/reports/report-page';
import { formatFen, formatPpm, recentPeriods } from '../src/pages/reports/report-parts';
import {
  availabilityTrendOption,
  hasServiceFigures,
  serviceTrendOption,
  trendReports,
} from '../src/pages/reports/report-trend';
import { ReportsPage } from '../src/pages/reports/reports-page';
import { buildUser, json, routeFetch } from './fixtures';

const REPORT_ID = '11111111-1111-4111-8111-111111111111';
const CUSTOMER_ID = '22222222-2222-4222-8222-222222222222';
const AM_ID = '33333333-3333-4333-8333-333333333333';

function report(overrides: Partial<ReportDetail> = {}): ReportDetail {
  return {
    id: REPORT_ID,
    customerId: CUSTOMER_ID,
    customerCode: 'GZ0001',
    customerName: '广州某银行',
    regionCode: 'GD-GZ',
    agreementId: 'a1',
    agreementNumber: 'SLA-2026-0001',
    period: '2026-03',
    generatedBy: '王经理',
    generatedAt: '2026-04-02T01:00:00.000Z',
    sentAt: null,
    sentToId: null,
    sentToName: null,
    summary: {
      circuits: 2,
      breachedCircuits: 1,
      worstAvailabilityPpm: 993_279,
      outageCount: 1,
      restoreBreaches: 1,
      tickets: 3,
      ticketsWithinLimitRate: 66.7,
      ordersOnTimeRate: 50,
      compensationFen: 68_000,
      openActions: 1,
    },
    data: {
      version: 1,
      period: '2026-03',
      generatedAt: '2026-04-02T01:00:00.000Z',
      minutesInMonth: 44_640,
      customer: {
        id: CUSTOMER_ID,
        code: 'GZ0001',
        name: '广州某银行',
        tier: '5A',
        regionCode: 'GD-GZ',
        accountManagerName: '王经理',
      },
      agreement: null,
      circuits: [
        {
          circuitId: 'k1',
          circuitNumber: 'GZ-01',
          product: 'ddn',
          agreementNumber: 'SLA-2026-0001',
          availabilityPpm: 999_910,
          targetAvailabilityPpm: 999_500,
          targetRestoreMinutes: 240,
          outageMinutes: 4,
          outageCount: 1,
          maxRestoreMinutes: 4,
          restoreBreaches: 0,
          availabilityBreached: false,
          measured: true,
        },
        {
          circuitId: 'k2',
          circuitNumber: 'GZ-02',
          product: 'ddn',
          agreementNumber: 'SLA-2026-0001',
          availabilityPpm: 993_279,
          targetAvailabilityPpm: 999_500,
          targetRestoreMinutes: 240,
          outageMinutes: 300,
          outageCount: 1,
          maxRestoreMinutes: 300,
          restoreBreaches: 1,
          availabilityBreached: true,
          measured: false,
        },
      ],
      outages: [],
      tickets: {
        total: 3,
        byType: [{ ticketType: 'fault', count: 3 }],
        resolved: 3,
        withLimit: 3,
        resolvedWithinLimit: 2,
        breached: 1,
        escalations: 1,
        open: 0,
      },
      orders: {
        activated: 2,
        onTime: 1,
        late: 1,
        noDueDate: 0,
        overdueWorkingDays: 3,
        onTimeRate: 50,
        openOverdue: 0,
        lines: [],
      },
      compensation: { count: 2, totalFen: 68_000, byKind: [], slips: [] },
      meetings: [],
      openActions: [],
      summary: {
        circuits: 2,
        breachedCircuits: 1,
        worstAvailabilityPpm: 993_279,
        outageCount: 1,
        restoreBreaches: 1,
      },
    },
    ...overrides,
  };
}

const { data: _data, ...listed } = report();

function meeting(): Meeting {
  return {
    id: 'm1',
    customerId: CUSTOMER_ID,
    customerName: '广州某银行',
    regionCode: 'GD-GZ',
    heldOn: '2026-03-18',
    place: '客户总部',
    topic: '季度联席会议',
    attendees: [{ side: 'customer', name: '李主任', position: '信息中心主任' }],
    minutes: '回顾三月可用率',
    createdBy: '王经理',
    createdAt: '2026-03-18T08:00:00.000Z',
    updatedAt: '2026-03-18T08:00:00.000Z',
    actions: [
      {
        id: 'x1',
        meetingId: 'm1',
        title: '更换光缆路由',
        ownerId: AM_ID,
        ownerName: '王经理',
        dueDate: '2026-04-05',
        status: 'open',
        doneAt: null,
        note: null,
        overdue: true,
      },
    ],
  };
}

function renderAt(
  path: string,
  routes: { path: string; element: React.ReactElement }[],
  role = 'account_manager',
) {
  setSessionUser(buildUser({ id: AM_ID, role: role as never, username: 'am1' }));
  const router = createMemoryRouter([...routes, { path: '/reports/:id', element: <p>viewer</p> }], {
    initialEntries: [path],
  });
  render(
    <App>
      <RouterProvider router={router} />
    </App>,
  );
  return router;
}

describe('reports pages', { timeout: 30_000 }, () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setSessionUser(null);
  });

  it('formats figures', () => {
    expect(formatPpm(999_500)).toBe('99.95%');
    expect(formatPpm(null)).toBe('—');
    expect(formatFen(123_456)).toBe('¥1,234.56');
    expect(recentPeriods(new Date('2026-01-15T00:00:00Z'), 3)).toEqual(['2026-01', '2025-12', '2025-11']);
    expect(availabilityAxisMin([99.9, 99.95])).toBeGreaterThan(99.8);
    expect(availabilityAxisMin([40, 99])).toBe(40);
    expect(parseAttendees('客户 李主任 信息中心主任\n我方 王经理\n\n张三')).toEqual([
      { side: 'customer', name: '李主任', position: '信息中心主任' },
      { side: 'operator', name: '王经理', position: null },
      { side: 'customer', name: '张三', position: null },
    ]);
  });

  it('lists reports with the figures and sends one to the account manager', async () => {
    let sent = false;
    const server = routeFetch({
      'GET /api/v1/reports/operating': () =>
        json([sent ? { ...listed, sentAt: '2026-04-02T02:00:00.000Z', sentToName: '王经理' } : listed], 200, {
          'x-total-count': '1',
        }),
      [`POST /api/v1/reports/operating/${REPORT_ID}/send`]: () => {
        sent = true;
        return json(report({ sentAt: '2026-04-02T02:00:00.000Z' }));
      },
      'GET /api/v1/customers': () => json([], 200, { 'x-total-count': '0' }),
    });
    vi.stubGlobal('fetch', server.fetch);
    renderAt('/reports', [{ path: '/reports', element: <ReportsPage /> }]);
    const send = await screen.findByTestId(`send-${REPORT_ID}`, undefined, { timeout: 20_000 });
    const table = screen.getByTestId('reports-table');
    expect(within(table).getByText('99.3279%')).toBeTruthy();
    expect(within(table).getByText('¥680.00')).toBeTruthy();
    expect(screen.getByTestId(`sent-${REPORT_ID}`).textContent).toBe('未发送');
    fireEvent.click(send);
    await waitFor(() => expect(screen.getByTestId(`sent-${REPORT_ID}`).textContent).toBe('王经理'));
    expect(server.calls.some((c) => c.method === 'POST')).toBe(true);
  });

  it('hides generate and send from readers', async () => {
    const server = routeFetch({
      'GET /api/v1/reports/operating': () => json([listed], 200, { 'x-total-count': '1' }),
      'GET /api/v1/customers': () => json([], 200, { 'x-total-count': '0' }),
    });
    vi.stubGlobal('fetch', server.fetch);
    renderAt('/reports', [{ path: '/reports', element: <ReportsPage /> }], 'analyst');
    await screen.findByTestId(`view-${REPORT_ID}`, undefined, { timeout: 20_000 });
    expect(screen.queryByTestId(`send-${REPORT_ID}`)).toBeNull();
    expect(screen.queryByTestId('generate-open')).toBeNull();
  });

  it('takes the trend from earlier reports of the same customer and agreement', () => {
    const at = (period: string, extra: Partial<typeof listed> = {}) => ({
      ...listed,
      id: `r-${period}`,
      period,
      ...extra,
    });
    const all = [
      at('2026-04'), // after the report: not in its trend
      at('2026-03'),
      at('2026-02', { summary: { ...listed.summary, worstAvailabilityPpm: 999_950, compensationFen: 0 } }),
      at('2026-01', { agreementId: 'other' }), // another agreement
      at('2025-12', { customerId: 'someone-else' }),
      at('2025-11'),
    ];
    const series = trendReports(all, listed);
    expect(series.map((r) => r.period)).toEqual(['2025-11', '2026-02', '2026-03']);
    expect(trendReports(all, listed, 2).map((r) => r.period)).toEqual(['2026-02', '2026-03']);
    const availability = availabilityTrendOption(series, 999_500, { value: 'v', target: 't' });
    // below the target in red, at or above it in blue; the target as a dashed line
    expect(
      availability.series[0]!.data.map((d) => (d as { itemStyle: { color: string } }).itemStyle.color),
    ).toEqual(['#cf1322', '#1f3a93', '#cf1322']);
    expect(availability.series[1]!.data).toEqual([99.95, 99.95, 99.95]);
    expect(availability.yAxis.min).toBeGreaterThan(98);
    expect(availabilityTrendOption(series, null, { value: 'v', target: 't' }).series).toHaveLength(1);
    const service = serviceTrendOption(series, { tickets: 'a', orders: 'b', compensation: 'c' });
    expect(service.series[0]!.data).toEqual([680, 0, 680]);
    expect(service.series[1]!.data).toEqual([66.7, 66.7, 66.7]);
    expect(hasServiceFigures(series)).toBe(true);
    const quiet = {
      ...listed.summary,
      ticketsWithinLimitRate: null,
      ordersOnTimeRate: null,
      compensationFen: 0,
    };
    expect(hasServiceFigures([at('2026-01', { summary: quiet }), at('2026-02', { summary: quiet })])).toBe(
      false,
    );
  });

  it('shows the report: frame with the HTML, PDF link and charts', async () => {
    const server = routeFetch({
      [`GET /api/v1/reports/operating/${REPORT_ID}`]: () => json(report()),
      'GET /api/v1/reports/operating': () =>
        json([listed, { ...listed, id: 'r-2026-02', period: '2026-02' }], 200, { 'x-total-count': '2' }),
    });
    vi.stubGlobal('fetch', server.fetch);
    renderAt(`/r/${REPORT_ID}`, [{ path: '/r/:id', element: <ReportPage /> }]);
    const title = await screen.findByTestId('report-title', undefined, { timeout: 20_000 });
    expect(title.textContent).toContain('广州某银行');
    const frame = screen.getByTestId('report-frame') as HTMLIFrameElement;
    expect(frame.getAttribute('src')).toBe(`/api/v1/reports/operating/${REPORT_ID}/html`);
    expect(frame.getAttribute('sandbox')).toBe('');
    expect(screen.getByTestId('report-pdf').getAttribute('href')).toBe(
      `/api/v1/reports/operating/${REPORT_ID}/pdf`,
    );
    expect(screen.getByTestId('chart-availability')).toBeTruthy();
    expect(screen.getByTestId('chart-orders').textContent).toContain('50%');
    expect(screen.getByTestId('report-sent').textContent).toBe('未发送');
    const trend = await screen.findByTestId('report-trend', undefined, { timeout: 20_000 });
    expect(trend.textContent).toContain('近 2 期报告');
    const asked = server.calls.find((c) => c.url.pathname === '/api/v1/reports/operating')!;
    expect(asked.url.searchParams.get('customerId')).toBe(CUSTOMER_ID);
    expect(asked.url.searchParams.get('agreementId')).toBe('a1');
  });

  it('customer tab: reports and joint meetings with actions; the status is changed', async () => {
    let status = 'open';
    const server = routeFetch({
      'GET /api/v1/reports/operating': () => json([listed], 200, { 'x-total-count': '1' }),
      [`GET /api/v1/customers/${CUSTOMER_ID}/meetings`]: () => {
        const m = meeting();
        return json([{ ...m, actions: [{ ...m.actions[0]!, status }] }]);
      },
      'PATCH /api/v1/meeting-actions/x1': (_url, init) => {
        status = JSON.parse(String(init.body)).status;
        return json({ ...meeting().actions[0], status });
      },
    });
    vi.stubGlobal('fetch', server.fetch);
    renderAt('/c', [{ path: '/c', element: <CustomerReportsPanel customerId={CUSTOMER_ID} /> }]);
    const item = await screen.findByTestId('meeting-m1', undefined, { timeout: 20_000 });
    expect(item.textContent).toContain('季度联席会议');
    expect(item.textContent).toContain('李主任（信息中心主任）');
    expect(item.textContent).toContain('逾期');
    const list = server.calls.find((c) => c.url.pathname === '/api/v1/reports/operating')!;
    expect(list.url.searchParams.get('customerId')).toBe(CUSTOMER_ID);
    const select = screen.getByTestId('action-status-x1');
    fireEvent.mouseDown(select.querySelector('.ant-select-selector')!);
    fireEvent.click(await screen.findByTitle('已完成'));
    await waitFor(() => expect(server.calls.some((c) => c.method === 'PATCH')).toBe(true));
    const patch = server.calls.find((c) => c.method === 'PATCH')!;
    expect(JSON.parse(String(patch.init.body))).toEqual({ status: 'done' });
  });
});
