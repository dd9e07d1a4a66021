import './setup';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Contact, Hierarchy, Transfer } from '../src/api/customers';
import type { Role } from '../src/api/types';
import { setSessionUser } from '../src/auth/session';
import { summarizeBilling } from '../src/pages/customers/billing-card';
import { daysUntilBirthday, fenToWan, formatYuan } from '../src/pages/customers/customer-format';
import { CustomerPage } from '../src/pages/customers/customer-page';
import { ACCOUNT_MANAGERS, buildCustomer, INDUSTRIES, REGIONS, renderWithAntd } from './customers-fixtures';
import { buildUser, json, problem, routeFetch } from './fixtures';

const customer = buildCustomer();
const path = `/api/v1/customers/${customer.id}`;

const contacts: Contact[] = [
  {
    id: 'c2',
    customerId: customer.id,
    name: '陈普通',
    position: '网络主管',
    role: 'ordinary',
    phone: '13900000002',
    email: null,
    birthday: '1988-08-01',
    notes: null,
  },
  {
    id: 'c1',
    customerId: customer.id,
    name: '张核心',
    position: '信息中心主任',
    role: 'core',
    phone: '13800000001',
    email: 'zhang@example.cn',
    birthday: '1975-03-12',
    notes: '决策人',
  },
];

// am1 sees its own customer; the group root and one member belong to another portfolio: they
// come without an id (anonymous node above a visible one, and one counted node).
const hierarchy: Hierarchy = {
  ancestors: [{ id: null, code: null, name: null, visible: false }],
  root: {
    id: null,
    code: null,
    name: null,
    tier: null,
    isHeadquarters: false,
    visible: false,
    hiddenCount: 1,
    children: [
      {
        id: customer.id,
        code: customer.code,
        name: customer.name,
        tier: '5A',
        isHeadquarters: true,
        visible: true,
        hiddenCount: 0,
        children: [
          {
            id: 'm1',
            code: 'GD-0002',
            name: '华南智造(广州)分公司',
            tier: '3A',
            isHeadquarters: false,
            visible: true,
            hiddenCount: 0,
            children: [],
          },
        ],
      },
      {
        id: null,
        code: null,
        name: null,
        tier: null,
        isHeadquarters: false,
        visible: false,
        hiddenCount: 3,
        children: [],
      },
    ],
  },
};

const transfers: Transfer[] = [
  {
    id: 7,
    at: '2026-02-10T02:30:00Z',
    actorName: 'kam',
    from: { id: 'am1-id', name: '李明(客户经理)' },
    to: { id: 'am2-id', name: '王芳(客户经理)' },
    reason: '客户经理岗位调整',
    moved: { tickets: 2, orders: 1, tasks: 0 },
  },
];

function stubServer(extra: Parameters<typeof routeFetch>[0] = {}) {
  const server = routeFetch({
    [`GET ${path}`]: () => json(customer),
    [`GET ${path}/contacts`]: () => json(contacts),
    [`GET ${path}/hierarchy`]: () => json(hierarchy),
    [`GET ${path}/transfers`]: () => json(transfers),
    'GET /api/v1/industries': () => json(INDUSTRIES),
    'GET /api/v1/regions': () => json(REGIONS),
    'GET /api/v1/account-managers': () => json(ACCOUNT_MANAGERS),
    ...extra,
  });
  vi.stubGlobal('fetch', server.fetch);
  return server;
}

function renderPage(role: Role, entry = `/customers/${customer.id}`) {
  setSessionUser(buildUser({ role, id: role === 'account_manager' ? 'am1-id' : 'user-id' }));
  const router = createMemoryRouter(
    [
      { path: '/customers/:id', element: <CustomerPage /> },
      { path: '/customers', element: <p>list</p> },
    ],
    { initialEntries: [entry] },
  );
  renderWithAntd(<RouterProvider router={router} />);
  return router;
}

describe('customer display helpers', () => {
  it('counts days to the next birthday across the year end and on 29 February', () => {
    expect(daysUntilBirthday('1975-03-12', '2026-03-02')).toBe(10);
    expect(daysUntilBirthday('1975-03-02', '2026-03-02')).toBe(0);
    expect(daysUntilBirthday('1975-01-05', '2026-12-30')).toBe(6);
    expect(daysUntilBirthday('1980-02-29', '2026-02-20')).toBe(9);
    expect(daysUntilBirthday('not a day', '2026-02-20')).toBeNull();
    expect(formatYuan(123456789)).toBe('1,234,567.89');
    expect(formatYuan(-5)).toBe('-0.05');
    expect(fenToWan(123_456_789)).toBe(123.46);
  });

  it('sums the last 12 months against the 12 before, in fen', () => {
    const months = Array.from({ length: 24 }, (_, i) => ({
      month: `${2024 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}-01`,
      revenueFen: i < 12 ? 1_000_000 : 1_200_000,
      voiceFen: 0,
      dataFen: 0,
      bandwidthFen: 0,
      newServicesFen: 0,
      idcFen: 0,
      drivenFen: null,
      arrearsMonths: i === 20 ? 2 : 0,
      dedicatedCostFen: 0,
      newServicesCount: 0,
    }));
    expect(summarizeBilling(months)).toEqual({
      last12Fen: 14_400_000,
      previous12Fen: 12_000_000,
      avgMonthlyFen: 1_100_000,
      arrearsMonthCount: 1,
    });
    expect(summarizeBilling(months.slice(0, 5)).previous12Fen).toBeNull();
  });
});

describe('CustomerPage', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
    setSessionUser(null);
  });

  it('shows the header, the actions of a kam_manager and the contacts', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-03-02T04:00:00Z') });
    stubServer();
    const router = renderPage('kam_manager');

    const header = await screen.findByTestId('customer-header');
    expect(within(header).getByText('华南智造集团有限公司')).toBeTruthy();
    expect(within(header).getByText('GD-0001')).toBeTruthy();
    expect(within(header).getByText('91440300MA5FXXXX1X')).toBeTruthy();
    expect(within(header).getByText('5A')).toBeTruthy();
    expect(within(header).getByText('★★★★★')).toBeTruthy();
    expect(within(header).getByText('李客户经理')).toBeTruthy();
    expect(within(header).getByText('深圳市')).toBeTruthy();
    expect(within(header).getByText('2012-05-20')).toBeTruthy();
    await waitFor(() => expect(within(header).getByText('制造业')).toBeTruthy());
    expect(screen.getByTestId('customer-edit')).toBeTruthy();
    expect(screen.getByTestId('customer-transfer')).toBeTruthy();

    // the profile tab ends with the transfer history
    const history = await screen.findByTestId('customer-transfers');
    const entry = await within(history).findByTestId('customer-transfer-7');
    expect(entry.textContent).toContain('李明(客户经理) → 王芳(客户经理)');
    expect(entry.textContent).toContain('2026-02-10 10:30:00');
    expect(entry.textContent).toContain('操作人 kam');
    expect(entry.textContent).toContain('原因:客户经理岗位调整');
    expect(entry.textContent).toContain('工单 2 张,订单 1 个,待办任务 0 项');

    fireEvent.click(screen.getByTestId('customer-tab-contacts'));
    const table = await screen.findByTestId('contacts-table');
    await within(table).findByText('张核心');
    const rows = table.querySelectorAll('tbody tr.ant-table-row');
    // Core members first, with their role in the group and the coming birthday.
    expect(rows[0]?.textContent).toContain('张核心');
    expect(rows[0]?.textContent).toContain('重要核心成员');
    expect(rows[0]?.textContent).toContain('10 天后生日');
    expect(rows[1]?.textContent).toContain('普通');
    expect(rows[1]?.textContent).not.toContain('天后生日');
    expect(within(table).getByText('决策人')).toBeTruthy();
    expect(screen.getByTestId('contact-add')).toBeTruthy();
    expect(router.state.location.search).toBe('?tab=contacts');
  });

  it('hides the actions from an analyst and greys hidden group members', async () => {
    stubServer();
    const router = renderPage('analyst', `/customers/${customer.id}?tab=hierarchy`);
    await screen.findByTestId('customer-header');
    expect(screen.queryByTestId('customer-edit')).toBeNull();
    expect(screen.queryByTestId('customer-transfer')).toBeNull();

    const tree = await screen.findByTestId('customer-hierarchy');
    await within(tree).findByText('华南智造(广州)分公司');
    // out-of-scope units: anonymous, counted, never clickable, no id in the page
    expect(within(tree).getAllByText('不在您的范围内')).toHaveLength(2); // the breadcrumb and the root
    expect(within(tree).getByText('3 家单位不在您的范围内')).toBeTruthy();
    expect(within(tree).getAllByTestId('hierarchy-node-hidden')).toHaveLength(2);
    expect(within(tree).getByText('当前客户')).toBeTruthy();
    fireEvent.click(within(tree).getByText('3 家单位不在您的范围内'));
    expect(router.state.location.pathname).toBe(`/customers/${customer.id}`);

    // A visible member opens its own page, on the same tab.
    fireEvent.click(within(tree).getByText('华南智造(广州)分公司'));
    await waitFor(() => expect(router.state.location.pathname).toBe('/customers/m1'));
    expect(router.state.location.search).toBe('?tab=hierarchy');
  });

  it('says so when a customer was never transferred', async () => {
    stubServer({ [`GET ${path}/transfers`]: () => json([]) });
    renderPage('account_manager');
    const history = await screen.findByTestId('customer-transfers');
    expect(await within(history).findByText('暂无移交记录')).toBeTruthy();
  });

  it('answers a 404 with the not-found result', async () => {
    stubServer({ [`GET ${path}`]: () => problem(404, 'NOT_FOUND', 'no such customer') });
    renderPage('account_manager');
    expect(await screen.findByText('客户不存在或无权查看')).toBeTruthy();
    expect(screen.queryByTestId('customer-header')).toBeNull();
    expect(screen.getByTestId('customer-not-found')).toBeTruthy();
  });
});
