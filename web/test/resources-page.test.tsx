import './setup';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Budget, nextPeriodKey, type Resource } from '../src/api/resources';
import { setSessionUser } from '../src/auth/session';
import { ResourcesPage } from '../src/pages/resources/resources-page';
import { buildCustomer, renderWithAntd } from './customers-fixtures';
import { buildUser, json, problem, routeFetch } from './fixtures';

const voucher: Resource = {
  id: 'r1',
  code: 'VOUCHER-BIRTHDAY',
  name: '生日关怀电子券',
  nameEn: 'Birthday-care e-voucher',
  kind: 'voucher',
  unit: '张',
  unitCostFen: 10_000,
  serviceItemCodes: ['birthday_care'],
  description: null,
  active: true,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
};

function budget(overrides: Partial<Budget>): Budget {
  return {
    id: 'b1',
    resourceId: 'r1',
    resourceCode: 'VOUCHER-BIRTHDAY',
    resourceName: '生日关怀电子券',
    resourceNameEn: 'Birthday-care e-voucher',
    resourceKind: 'voucher',
    unit: '张',
    unitCostFen: 10_000,
    level: '5A',
    period: 'month',
    periodKey: '2026-03',
    quantity: 10,
    used: 8,
    remaining: 2,
    budgetAmountFen: 100_000,
    usedAmountFen: 80_000,
    updatedBy: 'kam',
    updatedAt: '2026-03-01T00:00:00Z',
    ...overrides,
  };
}

const customer = buildCustomer({ id: 'c1', name: '华南智造集团有限公司', code: 'GD-0001' });

function stubServer() {
  const server = routeFetch({
    'GET /api/v1/resources': () => json([voucher]),
    'GET /api/v1/resources/budgets': () =>
      json([budget({}), budget({ id: 'b2', level: '3A', quantity: 20, used: 5, remaining: 15 })]),
    'GET /api/v1/resources/ledger': () => json([], 200, { 'x-total-count': '0' }),
    'GET /api/v1/customers': () => json([customer], 200, { 'x-total-count': '1' }),
    'GET /api/v1/customers/c1/contacts': () => json([]),
    'GET /api/v1/customers/c1/resources': () =>
      json({ customerId: 'c1', levels: ['5A'], totals: [], available: [budget({})], entries: [] }),
    'POST /api/v1/resources/issue': () =>
      problem(409, 'BUDGET_EXCEEDED', 'Only 2 left of the 5A monthly budget', {
        remaining: 2,
        requested: 3,
        level: '5A',
        period: 'month',
        periodKey: '2026-03',
      }),
  });
  vi.stubGlobal('fetch', server.fetch);
  return server;
}

function renderPage(role: 'account_manager' | 'kam_manager' = 'account_manager') {
  setSessionUser(buildUser({ role, username: role === 'kam_manager' ? 'kam' : 'am1' }));
  const router = createMemoryRouter([{ path: '/resources', element: <ResourcesPage /> }], {
    initialEntries: ['/resources'],
  });
  renderWithAntd(<RouterProvider router={router} />);
}

describe('ResourcesPage', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setSessionUser(null);
  });

  it('shows budgets per level with usage, and a 409 on issue with the remaining budget', async () => {
    const server = stubServer();
    renderPage();
    const cell = await screen.findByTestId('budget-VOUCHER-BIRTHDAY-5A-month');
    expect(cell.textContent).toContain('剩余 2');
    expect(cell.textContent).toContain('8/10');
    expect(screen.getByTestId('budget-VOUCHER-BIRTHDAY-3A-month').textContent).toContain('剩余 15');
    expect(screen.getByTestId('budget-chart')).toBeTruthy();
    // An account manager issues but does not set budgets.
    expect(screen.queryByText('新增预算')).toBeNull();

    fireEvent.click(screen.getByTestId('issue-open'));
    const dialog = await screen.findByRole('dialog');
    fireEvent.mouseDown(
      dialog.querySelector('[data-testid="issue-customer"] .ant-select-selector') as Element,
    );
    fireEvent.click(await screen.findByTitle('华南智造集团有限公司 (GD-0001)'));
    fireEvent.mouseDown(
      dialog.querySelector('[data-testid="issue-resource"] .ant-select-selector') as Element,
    );
    fireEvent.click(await screen.findByTitle('生日关怀电子券 (VOUCHER-BIRTHDAY)'));
    expect((await within(dialog).findByTestId('issue-available')).textContent).toContain('剩余 2 张');
    fireEvent.change(within(dialog).getByTestId('issue-quantity'), { target: { value: '3' } });
    fireEvent.change(within(dialog).getByTestId('issue-reason'), { target: { value: '生日关怀' } });
    fireEvent.click(within(dialog).getByTestId('issue-submit'));

    const alert = await within(dialog).findByTestId('issue-exceeded');
    expect(alert.textContent).toContain('仅剩 2');
    expect(alert.textContent).toContain('2026-03');
    const post = server.calls.find((c) => c.method === 'POST')!;
    expect(JSON.parse(String(post.init.body))).toEqual({
      customerId: 'c1',
      resourceCode: 'VOUCHER-BIRTHDAY',
      quantity: 3,
      reason: '生日关怀',
    });
    await waitFor(() => expect(screen.getByRole('dialog')).toBeTruthy());
  });

  it('lets a kam_manager copy the period viewed to the next one and shows an adjustment refused at the field', async () => {
    const server = stubServer();
    const routes = server as unknown as { calls: { method: string; url: URL; init: RequestInit }[] };
    vi.stubGlobal('fetch', async (input: RequestInfo | URL, init: RequestInit = {}) => {
      const url = new URL(String(input), 'http://localhost');
      const method = (init.method ?? 'GET').toUpperCase();
      if (method === 'POST' && url.pathname === '/api/v1/resources/budgets/copy') {
        routes.calls.push({ method, url, init });
        const body = JSON.parse(String(init.body));
        return json({ period: 'month', ...body, created: 3, skipped: 1 });
      }
      if (method === 'POST' && url.pathname === '/api/v1/resources/budgets/b1/adjust') {
        routes.calls.push({ method, url, init });
        return problem(409, 'BUDGET_EXCEEDED', 'Only 2 left', { remaining: 2 });
      }
      return server.fetch(input, init);
    });
    renderPage('kam_manager');
    await screen.findByTestId('budget-VOUCHER-BIRTHDAY-5A-month');
    // In force (several periods): no copy; one period viewed: copy to the next.
    expect(screen.queryByTestId('budget-copy')).toBeNull();
    fireEvent.mouseDown(
      document.querySelector('[data-testid="budget-period"] .ant-select-selector') as Element,
    );
    const option = await screen.findByTitle(/^本月 /);
    const from = option.getAttribute('title')!.replace('本月 ', '');
    fireEvent.click(option);
    fireEvent.click(await screen.findByTestId('budget-copy'));
    const confirm = await screen.findByTestId('budget-copy-confirm');
    expect(confirm.textContent).toContain(from);
    expect(confirm.textContent).toContain(nextPeriodKey(from));
    fireEvent.click(await screen.findByTestId('budget-copy-ok'));
    expect(await screen.findByText('已复制:新建 3 条,跳过已有 1 条')).toBeTruthy();
    const copy = routes.calls.find((c) => c.url.pathname.endsWith('/budgets/copy'))!;
    expect(JSON.parse(String(copy.init.body))).toEqual({
      fromPeriodKey: from,
      toPeriodKey: nextPeriodKey(from),
    });

    fireEvent.click(screen.getByTestId('budget-adjust-VOUCHER-BIRTHDAY-5A-month'));
    const quantity = await screen.findByTestId('adjust-quantity');
    const dialog = quantity.closest('.ant-modal') as HTMLElement;
    fireEvent.change(within(dialog).getByTestId('adjust-quantity'), { target: { value: '5' } });
    fireEvent.change(within(dialog).getByTestId('adjust-reason'), { target: { value: '盘点损耗' } });
    fireEvent.click(within(dialog).getByTestId('adjust-submit'));
    expect(await within(dialog).findByText('超出预算:仅剩 2')).toBeTruthy();
    const adjust = routes.calls.find((c) => c.url.pathname.endsWith('/adjust'))!;
    expect(JSON.parse(String(adjust.init.body))).toEqual({ quantity: 5, reason: '盘点损耗' });
  });
});
