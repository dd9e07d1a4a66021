import './setup';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from 'antd';
import type { ReactElement } from 'react';
import { createMemoryRouter, RouterProvider } from 'react-router-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ComplianceReport, Task } from '../src/api/tasks';
import { setSessionUser } from '../src/auth/session';
import { CompliancePage } from '../src/pages/tasks/compliance-page';
import { TasksPage } from '../src/pages/tasks/tasks-page';
import { buildUser, json, problem, routeFetch } from './fixtures';

const AM1 = '00000000-0000-4000-8000-0000000000a1';

function task(overrides: Partial<Task> = {}): Task {
  return {
    id: 101,
    customerId: '22222222-2222-4222-8222-222222222222',
    customerCode: 'GD0001',
    customerName: '广州地铁集团',
    customerTier: '5A',
    actionCode: 'visit_5a',
    actionName: '客户经理上门拜访(每月)',
    actionNameEn: 'Account manager visit (month)',
    actionKind: 'visit',
    level: '5A',
    catalogVersion: 1,
    occurrenceKey: '2026-03',
    contactId: null,
    contactName: null,
    ownerId: AM1,
    ownerName: '李明(客户经理)',
    regionCode: 'GD-GZ',
    month: '2026-03',
    startDate: '2026-03-01',
    dueDate: '2026-03-31',
    provisional: false,
    status: 'open',
    overdue: false,
    completedDate: null,
    completedAt: null,
    completedBy: null,
    evidence: null,
    cancelledAt: null,
    cancelledBy: null,
    cancelReason: null,
    createdAt: '2026-03-01T01:00:00Z',
    ...overrides,
  };
}

const late = task({
  id: 102,
  actionCode: 'birthday_care_5a',
  actionName: '关键联系人生日关怀',
  actionKind: 'birthday_care',
  occurrenceKey: '2026-birthday:x',
  contactName: '陈总',
  dueDate: '2026-03-20',
  overdue: true,
});

function renderAt(path: string, element: ReactElement) {
  setSessionUser(buildUser({ id: AM1, role: 'account_manager', username: 'am1' }));
  const router = createMemoryRouter([{ path, element }], { initialEntries: [path] });
  render(
    <App>
      <RouterProvider router={router} />
    </App>,
  );
}

describe('TasksPage', { timeout: 30_000 }, () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setSessionUser(null);
  });

  it('lists my tasks with the overdue mark and records a completion with evidence', async () => {
    let open = [task(), late];
    const server = routeFetch({
      'GET /api/v1/tasks': () => json(open, 200, { 'x-total-count': String(open.length) }),
      'POST /api/v1/tasks/101/complete': (_url, init) => {
        const body = JSON.parse(String(init.body));
        open = open.slice(1);
        return json(
          task({
            status: 'done',
            completedDate: body.completedDate,
            evidence: { ...body, contactMet: null },
          }),
        );
      },
    });
    vi.stubGlobal('fetch', server.fetch);
    renderAt('/tasks', <TasksPage />);
    expect(await screen.findAllByText('广州地铁集团', undefined, { timeout: 20_000 })).toHaveLength(2);
    expect(screen.getByTestId('overdue-102').textContent).toBe('逾期');
    expect(screen.getByText('联系人:陈总')).toBeTruthy();
    const list = server.calls.find((c) => c.url.pathname === '/api/v1/tasks')!;
    expect(list.url.searchParams.get('ownerId')).toBe(AM1);
    expect(list.url.searchParams.get('status')).toBe('open');

    fireEvent.click(screen.getByTestId('complete-101'));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByTestId('complete-submit'));
    expect(await within(dialog).findByText('请填写完成情况')).toBeTruthy();
    fireEvent.change(within(dialog).getByTestId('complete-note'), { target: { value: '上门拜访,沟通扩容' } });
    fireEvent.change(within(dialog).getByTestId('complete-date'), { target: { value: '2026-03-11' } });
    fireEvent.click(within(dialog).getByTestId('complete-submit'));
    await waitFor(() => expect(server.calls.some((c) => c.method === 'POST')).toBe(true));
    const body = JSON.parse(String(server.calls.find((c) => c.method === 'POST')!.init.body));
    expect(body).toEqual({
      note: '上门拜访,沟通扩容',
      channel: 'visit',
      completedDate: '2026-03-11',
      attachments: [],
    });
    await waitFor(() => expect(screen.queryByTestId('complete-101')).toBeNull());
  });

  it('marks a provisional due date; shows the server refusal when the task was closed meanwhile', async () => {
    const provisional = task({ occurrenceKey: '2027-01', dueDate: '2027-01-29', provisional: true });
    const server = routeFetch({
      'GET /api/v1/tasks': () => json([provisional], 200, { 'x-total-count': '1' }),
      'POST /api/v1/tasks/101/complete': () => problem(409, 'TASK_CLOSED', 'Task 101 is already done'),
    });
    vi.stubGlobal('fetch', server.fetch);
    renderAt('/tasks', <TasksPage />);
    fireEvent.click(await screen.findByTestId('complete-101', undefined, { timeout: 10_000 }));
    expect(screen.getByTestId('provisional-101').textContent).toBe('推算');
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByTestId('complete-note'), { target: { value: '电话问候' } });
    fireEvent.click(within(dialog).getByTestId('complete-submit'));
    expect(await within(dialog).findByTestId('error-alert')).toBeTruthy();
  });
});

describe('CompliancePage', { timeout: 30_000 }, () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setSessionUser(null);
  });

  const counts = {
    total: 6,
    pending: 1,
    due: 5,
    done: 4,
    doneOnTime: 3,
    doneLate: 1,
    openOverdue: 1,
    rate: 0.6,
  };
  const report: ComplianceReport = {
    groupBy: 'account_manager',
    period: 'month',
    from: '2026-01-01',
    to: '2026-03-31',
    today: '2026-03-25',
    totals: counts,
    groups: [{ key: AM1, label: '李明(客户经理)', ...counts }],
    buckets: [{ bucket: '2026-03', ...counts }],
    rows: [{ key: AM1, label: '李明(客户经理)', bucket: '2026-03', ...counts }],
  };

  it('shows the rate, the table and drills down to the missing tasks', async () => {
    const server = routeFetch({
      'GET /api/v1/compliance': () => json(report),
      'GET /api/v1/compliance/missing': () =>
        json([{ ...late, outcome: 'overdue' }], 200, { 'x-total-count': '1' }),
    });
    vi.stubGlobal('fetch', server.fetch);
    renderAt('/compliance', <CompliancePage />);
    const totals = await screen.findByTestId('compliance-totals', undefined, { timeout: 10_000 });
    expect(within(totals).getByText('60.0%')).toBeTruthy();
    const table = screen.getByTestId('compliance-table');
    expect(within(table).getByText('李明(客户经理)')).toBeTruthy();

    fireEvent.click(screen.getByTestId(`drill-${AM1}-2026-03`));
    const missing = await screen.findByTestId('missing-table');
    expect(await within(missing).findByText('逾期')).toBeTruthy();
    const call = server.calls.find((c) => c.url.pathname === '/api/v1/compliance/missing')!;
    expect(call.url.searchParams.get('key')).toBe(AM1);
    expect(call.url.searchParams.get('bucket')).toBe('2026-03');

    fireEvent.click(screen.getByText('按旬'));
    await waitFor(() =>
      expect(server.calls.some((c) => c.url.searchParams.get('period') === 'dekad')).toBe(true),
    );
  });
});
