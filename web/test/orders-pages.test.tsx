import './setup';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from 'antd';
import { createMemoryRouter, RouterProvider } from 'react-router-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { OrderDetail, OrderItem, OrderPreview, OrderView } from '../src/api/orders';
import { formatFen, yuanToFen } from '../src/api/orders';
import type { Role } from '../src/api/types';
import { setSessionUser } from '../src/auth/session';
import { OrderEntry, toOrderInput } from '../src/pages/orders/order-entry';
import { OrderPage } from '../src/pages/orders/order-page';
import { OrdersPage } from '../src/pages/orders/orders-page';
import { byMonth } from '../src/pages/orders/timeliness-chart';
import { buildUser, json, problem, routeFetch } from './fixtures';

const ORDER_ID = '55555555-5555-4555-8555-555555555555';
const ITEM_ID = '66666666-6666-4666-8666-666666666666';
const CUSTOMER_ID = '22222222-2222-4222-8222-222222222222';

const basis = {
  source: 'class' as const,
  text: '开通等级「特急」:数字电路 5 个工作日,自受理日 2026-03-02 起算',
  provisioningClass: 'express',
  workingDays: 5,
  itemCode: null,
  itemName: null,
  level: null,
  wording: null,
  crossOperator: false,
  explanation: [],
};

function orderView(over: Partial<OrderView> = {}): OrderView {
  return {
    id: ORDER_ID,
    orderNumber: 'PO20260302-000001',
    customerId: CUSTOMER_ID,
    customerName: '广州广润建筑工程集团有限公司',
    isHeadquarters: true,
    regionCode: 'GD-GZ',
    accountManagerId: 'am-1',
    accountManagerName: '李明',
    state: 'inProgress',
    priority: '1',
    channel: 'account_manager',
    description: null,
    externalId: null,
    requestedCompletionDate: null,
    expectedCompletionDate: '2026-03-09',
    expectedProvisional: false,
    completionDate: null,
    cancellationReason: null,
    catalogVersion: 1,
    itemCount: 1,
    activatedCount: 0,
    classes: ['express'],
    oneTimeFeeFen: 300_000,
    monthlyFeeFen: 80_000,
    overdueItems: 1,
    dueText: basis.text,
    createdBy: '李明',
    createdAt: '2026-03-02T02:00:00.000Z',
    updatedAt: '2026-03-02T02:00:00.000Z',
    ...over,
  };
}

function item(over: Partial<OrderItem> = {}): OrderItem {
  return {
    id: ITEM_ID,
    lineNo: 1,
    product: 'digital_circuit',
    scope: 'local',
    crossOperator: false,
    provisioningClass: 'express',
    listOneTimeFeeFen: 200_000,
    oneTimeFeeFen: 300_000,
    feePercent: 150,
    monthlyFeeFen: 80_000,
    startDate: '2026-03-02',
    dueDate: '2026-03-09',
    dueAt: '2026-03-09T16:00:00.000Z',
    dueProvisional: false,
    dueBasis: basis,
    state: 'inProgress',
    milestone: 'survey',
    bandwidthMbps: 100,
    aEnd: null,
    zEnd: null,
    circuitId: null,
    circuitNumber: null,
    activatedOn: null,
    activatedAt: null,
    overdueWorkingDays: null,
    overdue: true,
    deliveryDueDate: null,
    deliveredAt: null,
    ...over,
  };
}

function detail(over: Partial<OrderDetail> = {}): OrderDetail {
  return {
    ...orderView(),
    items: [item()],
    events: [
      {
        id: 1,
        itemId: null,
        kind: 'state',
        fromValue: null,
        toValue: 'acknowledged',
        note: '受理',
        data: null,
        at: '2026-03-02T02:00:00.000Z',
        actorName: '李明',
      },
      {
        id: 2,
        itemId: ITEM_ID,
        kind: 'milestone',
        fromValue: 'accepted',
        toValue: 'survey',
        note: null,
        data: null,
        at: '2026-03-03T02:00:00.000Z',
        actorName: '王运维',
      },
    ],
    slips: [],
    visits: [],
    deliveryTasks: [],
    allowedStates: ['pending', 'held', 'cancelled', 'failed'],
    ...over,
  };
}

function renderAt(path: string, element: React.ReactNode, route: string, role: Role) {
  setSessionUser(buildUser({ role, username: role }));
  const router = createMemoryRouter([{ path: route, element }], { initialEntries: [path] });
  render(
    <App>
      <RouterProvider router={router} />
    </App>,
  );
}

afterEach(() => {
  vi.unstubAllGlobals();
  setSessionUser(null);
});

describe('orders helpers', () => {
  it('converts yuan to fen without floats and formats fen', () => {
    expect(yuanToFen('2000.5')).toBe(200_050);
    expect(yuanToFen(0.1)).toBe(10);
    expect(yuanToFen('1.234')).toBeNull();
    expect(yuanToFen('-1')).toBeNull();
    expect(formatFen(123_456_789)).toBe('¥1,234,567.89');
  });

  it('builds the request from the form only when every line is complete', () => {
    expect(toOrderInput({ customerId: CUSTOMER_ID, items: [{ product: 'ddn' }] })).toBeNull();
    expect(
      toOrderInput({
        customerId: CUSTOMER_ID,
        items: [{ product: 'ddn', listFee: 1500, provisioningClass: 'urgent' }],
      }),
    ).toMatchObject({
      customerId: CUSTOMER_ID,
      items: [{ product: 'ddn', listOneTimeFeeFen: 150_000, provisioningClass: 'urgent', scope: 'local' }],
    });
  });

  it('lays out the timeliness months', () => {
    const s = byMonth({
      from: '2025-11',
      to: '2026-02',
      rows: [
        {
          month: '2025-12',
          provisioningClass: 'express',
          activated: 3,
          onTime: 2,
          late: 1,
          overdueWorkingDays: 4,
        },
        {
          month: '2025-12',
          provisioningClass: 'none',
          activated: 1,
          onTime: 1,
          late: 0,
          overdueWorkingDays: 0,
        },
      ],
      totals: { activated: 4, onTime: 3, late: 1, overdueWorkingDays: 4 },
    });
    expect(s.months).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(s.onTime).toEqual([0, 3, 0, 0]);
    expect(s.late).toEqual([0, 1, 0, 0]);
  });
});

describe('OrdersPage', { timeout: 30_000 }, () => {
  it('lists orders with state, overdue mark and the due date, and filters overdue', async () => {
    const server = routeFetch({
      'GET /api/v1/orders': () => json([orderView()], 200, { 'x-total-count': '1' }),
      'GET /api/v1/orders/timeliness': () =>
        json({
          from: '2025-10',
          to: '2026-03',
          rows: [],
          totals: { activated: 0, onTime: 0, late: 0, overdueWorkingDays: 0 },
        }),
    });
    vi.stubGlobal('fetch', server.fetch);
    renderAt('/orders', <OrdersPage />, '/orders', 'account_manager');
    const table = await screen.findByTestId('orders-table', undefined, { timeout: 20_000 });
    await within(table).findByText('PO20260302-000001');
    expect(within(table).getByText('处理中')).toBeTruthy();
    expect(within(table).getByTestId('overdue-tag').textContent).toBe('逾期 1 行');
    expect(within(table).getByText('2026-03-09')).toBeTruthy();
    expect(screen.getByTestId('new-order')).toBeTruthy();
    expect(screen.getByTestId('timeliness-chart')).toBeTruthy();
    fireEvent.click(screen.getByTestId('orders-overdue'));
    await waitFor(() =>
      expect(
        server.calls.some(
          (c) => c.url.pathname === '/api/v1/orders' && c.url.searchParams.get('overdue') === 'true',
        ),
      ).toBe(true),
    );
  });

  it('hides the new-order button from ops', async () => {
    const server = routeFetch({
      'GET /api/v1/orders': () => json([], 200, { 'x-total-count': '0' }),
      'GET /api/v1/orders/timeliness': () =>
        json({
          from: '2025-10',
          to: '2026-03',
          rows: [],
          totals: { activated: 0, onTime: 0, late: 0, overdueWorkingDays: 0 },
        }),
    });
    vi.stubGlobal('fetch', server.fetch);
    renderAt('/orders', <OrdersPage />, '/orders', 'ops_engineer');
    await screen.findByTestId('orders-table', undefined, { timeout: 20_000 });
    expect(screen.queryByTestId('new-order')).toBeNull();
  });
});

describe('OrderEntry', { timeout: 30_000 }, () => {
  it('previews the priced fee and the due date with its reason as the form changes', async () => {
    const preview: OrderPreview = {
      customerId: CUSTOMER_ID,
      customerName: '广州',
      acceptedAt: '2026-03-02T02:00:00.000Z',
      catalogVersion: 1,
      lines: [{ ...item(), lineNo: 1 }],
      expectedCompletionDate: '2026-03-09',
      expectedProvisional: false,
      totals: { listOneTimeFeeFen: 200_000, oneTimeFeeFen: 300_000, monthlyFeeFen: 80_000 },
    };
    const server = routeFetch({ 'POST /api/v1/orders/preview': () => json(preview) });
    vi.stubGlobal('fetch', server.fetch);
    renderAt('/x', <OrderEntry customerId={CUSTOMER_ID} onCreated={() => {}} />, '/x', 'account_manager');
    const fee = await screen.findByTestId('line-fee-0', undefined, { timeout: 20_000 });
    fireEvent.change(fee, { target: { value: '2000' } });
    const table = await screen.findByTestId('order-preview', undefined, { timeout: 5_000 });
    expect(within(table).getByTestId('preview-fee-1').textContent).toBe('¥3,000.00 (150%)');
    expect(within(table).getByTestId('preview-reason-1').textContent).toContain('5 个工作日');
    const call = server.calls.find((c) => c.url.pathname === '/api/v1/orders/preview');
    expect(JSON.parse(String(call!.init.body))).toMatchObject({
      customerId: CUSTOMER_ID,
      items: [{ product: 'digital_circuit', listOneTimeFeeFen: 200_000 }],
    });
  });
});

describe('OrderPage', { timeout: 30_000 }, () => {
  it('shows lines with milestones and due basis; ops activate a line', async () => {
    let current = detail();
    const server = routeFetch({
      [`GET /api/v1/orders/${ORDER_ID}`]: () => json(current),
      [`POST /api/v1/orders/${ORDER_ID}/items/${ITEM_ID}/activate`]: (_u, init) => {
        const body = JSON.parse(String(init.body));
        if (body.circuitNumber === 'TAKEN')
          return problem(409, 'CONFLICT', 'taken', {
            errors: [{ field: 'circuitNumber', message: 'already registered' }],
          });
        current = detail({
          state: 'completed',
          items: [
            item({
              state: 'completed',
              milestone: 'activated',
              circuitNumber: body.circuitNumber,
              activatedOn: '2026-03-12',
              overdueWorkingDays: 3,
              overdue: false,
              deliveryDueDate: '2026-03-17',
            }),
          ],
          slips: [
            {
              id: 'slip-1',
              slipNumber: 'CS20260312-000001',
              orderItemId: ITEM_ID,
              status: 'raised',
              amountFen: 45_000,
              raisedAt: '2026-03-12T03:00:00.000Z',
            },
          ],
          allowedStates: [],
        });
        return json(current);
      },
    });
    vi.stubGlobal('fetch', server.fetch);
    renderAt(`/orders/${ORDER_ID}`, <OrderPage />, '/orders/:id', 'ops_engineer');
    const line = await screen.findByTestId('line-1', undefined, { timeout: 20_000 });
    expect(within(line).getByText(basis.text)).toBeTruthy();
    expect(within(line).getAllByText('勘察').length).toBeGreaterThan(0);
    fireEvent.click(within(line).getByTestId('activate'));
    const input = await screen.findByTestId('activate-circuit');
    fireEvent.change(input, { target: { value: 'TAKEN' } });
    fireEvent.click(screen.getByRole('button', { name: /OK|确\s*定/ }));
    await screen.findByText(/taken|already registered/);
    fireEvent.change(input, { target: { value: 'GZ-DC-0001' } });
    fireEvent.click(screen.getByRole('button', { name: /OK|确\s*定/ }));
    const slips = await screen.findByTestId('order-slips', undefined, { timeout: 5_000 });
    expect(within(slips).getByText('CS20260312-000001')).toBeTruthy();
    expect(within(slips).getByText('¥450.00')).toBeTruthy();
    expect(screen.getByText('逾期 3 个工作日')).toBeTruthy();
    expect(screen.getByTestId('pack-pdf').getAttribute('href')).toBe(
      `/api/v1/orders/${ORDER_ID}/delivery-pack?format=pdf`,
    );
  });

  it('lets the account manager deliver but not activate', async () => {
    const server = routeFetch({
      [`GET /api/v1/orders/${ORDER_ID}`]: () =>
        json(
          detail({
            items: [
              item({
                state: 'completed',
                milestone: 'activated',
                circuitNumber: 'GZ-1',
                activatedOn: '2026-03-12',
                overdue: false,
                deliveryDueDate: '2026-03-17',
              }),
            ],
            deliveryTasks: [
              { id: 9, itemId: ITEM_ID, status: 'open', dueDate: '2026-03-17', ownerId: 'am-1' },
            ],
          }),
        ),
    });
    vi.stubGlobal('fetch', server.fetch);
    renderAt(`/orders/${ORDER_ID}`, <OrderPage />, '/orders/:id', 'account_manager');
    const line = await screen.findByTestId('line-1', undefined, { timeout: 20_000 });
    expect(within(line).queryByTestId('activate')).toBeNull();
    expect(within(line).getByTestId('deliver')).toBeTruthy();
    expect(within(line).getByText('交付期限 2026-03-17')).toBeTruthy();
    expect(screen.queryByTestId('change-state')).toBeNull();
  });

  it('shows not found for an order out of scope', async () => {
    const server = routeFetch({});
    vi.stubGlobal('fetch', server.fetch);
    renderAt(`/orders/${ORDER_ID}`, <OrderPage />, '/orders/:id', 'account_manager');
    expect(await screen.findByTestId('order-not-found', undefined, { timeout: 20_000 })).toBeTruthy();
  });
});
