import './setup';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from 'antd';
import { createMemoryRouter, RouterProvider } from 'react-router-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatFen, parseYuan, type SlipDetail, type SlipView } from '../src/api/compensation';
import type { Role } from '../src/api/types';
import { setSessionUser } from '../src/auth/session';
import { SlipPage } from '../src/pages/compensation/slip-page';
import { SlipsPage } from '../src/pages/compensation/slips-page';
import { monthRange } from '../src/pages/compensation/summary-chart';
import { buildUser, json, problem, routeFetch } from './fixtures';

const SLIP_ID = '55555555-5555-4555-8555-555555555555';

function slip(overrides: Partial<SlipView> = {}): SlipView {
  return {
    id: SLIP_ID,
    slipNumber: 'CS20261204-000001',
    customerId: '22222222-2222-4222-8222-222222222222',
    customerName: '广州地铁集团',
    accountManagerId: null,
    accountManagerName: '李明',
    regionCode: 'GD-GZ',
    kind: 'provisioning_late',
    sourceRef: 'item-1',
    orderId: '66666666-6666-4666-8666-666666666666',
    orderItemId: '77777777-7777-4777-8777-777777777777',
    agreementId: null,
    circuitId: null,
    period: null,
    computedAmountFen: 45_000,
    amountFen: 45_000,
    amountChanged: false,
    status: 'ops_stated',
    responsibleSegment: 'transmission',
    opsOpinion: '传输割接延误',
    opsBy: 'ops',
    opsAt: '2026-12-04T03:00:00Z',
    decidedBy: null,
    decidedAt: null,
    decisionReason: null,
    customerConfirmation: null,
    confirmedBy: null,
    confirmedAt: null,
    settlementRef: null,
    settledBy: null,
    settledAt: null,
    raisedBy: 'system',
    raisedAt: '2026-12-04T02:00:00Z',
    updatedAt: '2026-12-04T03:00:00Z',
    orderNumber: 'PO20261101-000007',
    agreementNumber: null,
    circuitNumber: 'GZ-DC-000123',
    ...overrides,
  };
}

function detail(overrides: Partial<SlipDetail> = {}): SlipDetail {
  return {
    ...slip(),
    basis: {},
    explanation: ['3 个工作日 × 5% × 一次性费用 ¥3,000.00 = ¥450.00'],
    source: {
      orderNumber: 'PO20261101-000007',
      lineNo: 2,
      product: 'digital_circuit',
      agreementNumber: null,
      circuitNumber: 'GZ-DC-000123',
    },
    events: [
      {
        id: 1,
        kind: 'raised',
        fromStatus: null,
        toStatus: 'raised',
        amountBeforeFen: null,
        amountAfterFen: 45_000,
        note: null,
        at: '2026-12-04T02:00:00Z',
        actorName: 'system',
        actorDisplayName: null,
        actorRole: 'system',
      },
      {
        id: 2,
        kind: 'ops_stated',
        fromStatus: 'raised',
        toStatus: 'ops_stated',
        amountBeforeFen: null,
        amountAfterFen: null,
        note: '传输:传输割接延误',
        at: '2026-12-04T03:00:00Z',
        actorName: 'ops',
        actorDisplayName: '刘强(运维工程师)',
        actorRole: 'ops_engineer',
      },
    ],
    actions: ['approve', 'reject', 'amount'],
    ...overrides,
  };
}

function renderAt(path: string, role: Role) {
  setSessionUser(buildUser({ role, username: role }));
  const router = createMemoryRouter(
    [
      { path: '/compensation', element: <SlipsPage /> },
      { path: '/compensation/:id', element: <SlipPage /> },
    ],
    { initialEntries: [path] },
  );
  render(
    <App>
      <RouterProvider router={router} />
    </App>,
  );
  return router;
}

const counts = { all: 7, todo: 2, byStatus: { raised: 3, ops_stated: 2, settled: 2 } };
const summary = {
  from: '2026-01',
  to: '2026-12',
  rows: [
    {
      month: '2026-11',
      kind: 'provisioning_late',
      status: 'settled',
      count: 2,
      amountFen: 90_000,
      computedAmountFen: 90_000,
    },
    {
      month: '2026-12',
      kind: 'sla_availability',
      status: 'rejected',
      count: 1,
      amountFen: 5_000,
      computedAmountFen: 5_000,
    },
  ],
  totals: { count: 3, amountFen: 95_000, computedAmountFen: 95_000, settledFen: 90_000 },
};

describe('money in the UI', () => {
  it('formats fen as yuan and parses typed yuan into fen without floats', () => {
    expect(formatFen(123_456_789)).toBe('¥1,234,567.89');
    expect(formatFen(5)).toBe('¥0.05');
    expect(parseYuan('450')).toBe(45_000);
    expect(parseYuan('1,450.5')).toBe(145_050);
    expect(parseYuan('0.07')).toBe(7);
    expect(parseYuan('4.555')).toBeNull();
    expect(parseYuan('-1')).toBeNull();
    expect(parseYuan('abc')).toBeNull();
    expect(monthRange('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
  });
});

describe('SlipsPage', { timeout: 30_000 }, () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setSessionUser(null);
  });

  it('opens on my to-do with badge counts, then lists all in scope', async () => {
    const server = routeFetch({
      'GET /api/v1/compensation/slips': (url) =>
        url.searchParams.get('todo') === 'true'
          ? json([slip()], 200, { 'x-total-count': '1' })
          : json([slip(), slip({ id: 'x2', slipNumber: 'CS2', status: 'settled' })], 200, {
              'x-total-count': '2',
            }),
      'GET /api/v1/compensation/slips/counts': () => json(counts),
      'GET /api/v1/compensation/summary': () => json(summary),
    });
    vi.stubGlobal('fetch', server.fetch);
    renderAt('/compensation', 'kam_manager');
    expect(await screen.findByTestId(`slip-amount-${SLIP_ID}`, undefined, { timeout: 20_000 })).toBeTruthy();
    expect(screen.getByTestId(`slip-amount-${SLIP_ID}`).textContent).toBe('¥450.00');
    expect(screen.getByText('PO20261101-000007 · GZ-DC-000123')).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId('badge-todo').textContent).toContain('2'));
    expect(screen.getByTestId('badge-all').textContent).toContain('7');
    const first = server.calls.find((c) => c.url.pathname === '/api/v1/compensation/slips')!;
    expect(first.url.searchParams.get('todo')).toBe('true');
    // rejected slips are left out of the chart's total
    await waitFor(() => expect(screen.getByTestId('summary-total').textContent).toContain('¥900.00'));

    fireEvent.click(screen.getByText('全部'));
    expect(await screen.findByText('CS2')).toBeTruthy();
    const last = server.calls.filter((c) => c.url.pathname === '/api/v1/compensation/slips').at(-1)!;
    expect(last.url.searchParams.get('todo')).toBeNull();
  });

  it('has no to-do tab for a reader', async () => {
    const server = routeFetch({
      'GET /api/v1/compensation/slips': () => json([], 200, { 'x-total-count': '0' }),
      'GET /api/v1/compensation/slips/counts': () => json({ all: 0, todo: 0, byStatus: {} }),
      'GET /api/v1/compensation/summary': () => json({ ...summary, rows: [] }),
    });
    vi.stubGlobal('fetch', server.fetch);
    renderAt('/compensation', 'analyst');
    expect(await screen.findByText('没有赔付单', undefined, { timeout: 20_000 })).toBeTruthy();
    expect(screen.queryByText('我的待办')).toBeNull();
  });
});

describe('SlipPage', { timeout: 30_000 }, () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setSessionUser(null);
  });

  it('shows the steps, the basis in words and the history, and approves', async () => {
    const server = routeFetch({
      [`GET /api/v1/compensation/slips/${SLIP_ID}`]: () => json(detail()),
      [`POST /api/v1/compensation/slips/${SLIP_ID}/approve`]: () =>
        json(
          detail({ status: 'approved', decidedBy: 'kam', decidedAt: '2026-12-04T05:00:00Z', actions: [] }),
        ),
    });
    vi.stubGlobal('fetch', server.fetch);
    renderAt(`/compensation/${SLIP_ID}`, 'kam_manager');
    expect(await screen.findByTestId('slip-page', undefined, { timeout: 20_000 })).toBeTruthy();
    expect(screen.getByTestId('slip-status').textContent).toBe('待审批');
    expect(
      within(screen.getByTestId('slip-basis')).getByText('3 个工作日 × 5% × 一次性费用 ¥3,000.00 = ¥450.00'),
    ).toBeTruthy();
    expect(within(screen.getByTestId('slip-steps')).getByText('运维定责')).toBeTruthy();
    expect(within(screen.getByTestId('slip-timeline')).getByText('传输:传输割接延误')).toBeTruthy();
    expect(screen.getByText('PO20261101-000007')).toBeTruthy();
    expect(screen.queryByTestId('form-confirm')).toBeNull();
    expect(screen.getByTestId('form-reject')).toBeTruthy();

    fireEvent.click(screen.getByTestId('form-approve-submit'));
    await waitFor(() => expect(screen.getByTestId('slip-status').textContent).toBe('待客户确认'));
    const post = server.calls.find((c) => c.method === 'POST')!;
    expect(JSON.parse(String(post.init.body))).toEqual({});
    expect(screen.getByText('当前没有需要您办理的步骤。')).toBeTruthy();
  });

  it('needs a reason to reject, and shows SELF_APPROVAL from the server', async () => {
    const server = routeFetch({
      [`GET /api/v1/compensation/slips/${SLIP_ID}`]: () => json(detail()),
      [`POST /api/v1/compensation/slips/${SLIP_ID}/reject`]: () => problem(403, 'SELF_APPROVAL', 'Four eyes'),
    });
    vi.stubGlobal('fetch', server.fetch);
    renderAt(`/compensation/${SLIP_ID}`, 'kam_manager');
    const form = await screen.findByTestId('form-reject', undefined, { timeout: 20_000 });
    fireEvent.click(within(form).getByTestId('form-reject-submit'));
    expect(await within(form).findByText('驳回须说明原因')).toBeTruthy();
    expect(server.calls.some((c) => c.method === 'POST')).toBe(false);
    fireEvent.change(within(form).getByTestId('reject-reason'), { target: { value: '客户侧原因' } });
    fireEvent.click(within(form).getByTestId('form-reject-submit'));
    expect(await within(form).findByText('不能审批自己发起或填写的单据,请由其他人审批。')).toBeTruthy();
    const post = server.calls.find((c) => c.method === 'POST')!;
    expect(JSON.parse(String(post.init.body))).toEqual({ reason: '客户侧原因' });
  });

  it('changes the amount in yuan with a reason', async () => {
    const server = routeFetch({
      [`GET /api/v1/compensation/slips/${SLIP_ID}`]: () => json(detail({ actions: ['amount'] })),
      [`PATCH /api/v1/compensation/slips/${SLIP_ID}/amount`]: () =>
        json(detail({ amountFen: 40_050, amountChanged: true, actions: ['amount'] })),
    });
    vi.stubGlobal('fetch', server.fetch);
    renderAt(`/compensation/${SLIP_ID}`, 'ops_engineer');
    const form = await screen.findByTestId('form-amount', undefined, { timeout: 20_000 });
    fireEvent.change(within(form).getByTestId('amount-yuan'), { target: { value: '400.5' } });
    fireEvent.click(within(form).getByTestId('form-amount-submit'));
    expect(await within(form).findByText('调整金额必须说明原因')).toBeTruthy();
    fireEvent.change(within(form).getByTestId('amount-reason'), { target: { value: '部分时段为割接窗口' } });
    fireEvent.click(within(form).getByTestId('form-amount-submit'));
    await waitFor(() => expect(screen.getByTestId('slip-amount').textContent).toBe('¥400.50'));
    expect(screen.getByTestId('slip-computed').textContent).toContain('¥450.00');
    const patch = server.calls.find((c) => c.method === 'PATCH')!;
    expect(JSON.parse(String(patch.init.body))).toEqual({ amountFen: 40_050, reason: '部分时段为割接窗口' });
  });

  it('records the customer’s confirmation for the AM', async () => {
    const server = routeFetch({
      [`GET /api/v1/compensation/slips/${SLIP_ID}`]: () =>
        json(detail({ status: 'approved', actions: ['confirm'] })),
      [`POST /api/v1/compensation/slips/${SLIP_ID}/confirm`]: () =>
        json(detail({ status: 'customer_confirmed', confirmedBy: '王经理', actions: [] })),
    });
    vi.stubGlobal('fetch', server.fetch);
    renderAt(`/compensation/${SLIP_ID}`, 'account_manager');
    const form = await screen.findByTestId('form-confirm', undefined, { timeout: 20_000 });
    fireEvent.change(within(form).getByTestId('confirm-by'), { target: { value: ' 王经理 ' } });
    fireEvent.click(within(form).getByTestId('form-confirm-submit'));
    await waitFor(() => expect(screen.getByTestId('slip-status').textContent).toBe('待结算'));
    const post = server.calls.find((c) => c.method === 'POST')!;
    expect(JSON.parse(String(post.init.body))).toEqual({ confirmedBy: '王经理' });
  });

  it('says so when the slip is not there', async () => {
    vi.stubGlobal('fetch', routeFetch({}).fetch);
    renderAt(`/compensation/${SLIP_ID}`, 'account_manager');
    expect(await screen.findByTestId('slip-not-found', undefined, { timeout: 20_000 })).toBeTruthy();
  });
});
