import './setup';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from 'antd';
import { createMemoryRouter, RouterProvider } from 'react-router-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setSessionUser } from '../src/auth/session';
import { NotificationsBell, notificationPath } from '../src/components/notifications-bell';
import { monthsBefore, VisitsPage } from '../src/pages/desk/visits-page';
import { TICKET_ID, VISITOR_ID, visit } from './desk-fixtures';
import { buildUser, json, routeFetch } from './fixtures';

function renderAt(element: React.ReactElement, role: 'visit_agent' | 'kam_manager' | 'frontdesk') {
  setSessionUser(buildUser({ id: VISITOR_ID, role, username: role }));
  const router = createMemoryRouter(
    [
      { path: '/visits', element },
      { path: '/tickets/:id', element: <p>ticket page</p> },
    ],
    { initialEntries: ['/visits'] },
  );
  render(
    <App>
      <RouterProvider router={router} />
    </App>,
  );
  return router;
}

describe('VisitsPage', { timeout: 30_000 }, () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setSessionUser(null);
  });

  it('gives the visitor the call script of the visit, filled in', async () => {
    const server = routeFetch({
      'GET /api/v1/visits': () => json([visit()], 200, { 'x-total-count': '1' }),
    });
    vi.stubGlobal('fetch', server.fetch);
    renderAt(<VisitsPage />, 'visit_agent');
    fireEvent.click(await screen.findByTestId(`record-${visit().id}`, undefined, { timeout: 20_000 }));
    const script = await within(await screen.findByRole('dialog')).findByTestId('visit-script');
    const lines = within(script)
      .getAllByRole('listitem')
      .map((li) => li.textContent ?? '');
    expect(lines[0]).toContain(visit().customerName);
    expect(lines.some((l) => l.includes(visit().ticketNumber!))).toBe(true);
    expect(lines.some((l) => l.includes('1–5 分'))).toBe(true);
    expect(lines.at(-1)).toContain('感谢您的支持');
  });

  it('marks a visit no visit agent could take', async () => {
    const server = routeFetch({
      'GET /api/v1/visits': () =>
        json([visit({ visitorId: null, visitorName: null })], 200, { 'x-total-count': '1' }),
    });
    vi.stubGlobal('fetch', server.fetch);
    renderAt(<VisitsPage />, 'kam_manager');
    const tag = await screen.findByTestId(`visit-unassigned-${visit().id}`, undefined, { timeout: 20_000 });
    expect(tag.textContent).toBe('未指派(无可用回访专员)');
  });

  it('lists my due visits with the overdue mark and records a dissatisfied outcome', async () => {
    let open = [visit()];
    const server = routeFetch({
      'GET /api/v1/visits': () => json(open, 200, { 'x-total-count': String(open.length) }),
      [`POST /api/v1/visits/${visit().id}/outcome`]: (_url, init) => {
        open = [];
        return json(visit({ status: 'done', ...JSON.parse(String(init.body)) }));
      },
    });
    vi.stubGlobal('fetch', server.fetch);
    renderAt(<VisitsPage />, 'visit_agent');
    const record = await screen.findByTestId(`record-${visit().id}`, undefined, { timeout: 20_000 });
    expect(screen.getByTestId(`visit-overdue-${visit().id}`).textContent).toBe('逾期');
    const list = server.calls.find((c) => c.url.pathname === '/api/v1/visits')!;
    expect(list.url.searchParams.get('mine')).toBe('true');
    expect(list.url.searchParams.get('status')).toBe('open');
    expect(screen.queryByTestId('visit-coverage')).toBeNull();

    fireEvent.click(record);
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByTestId('outcome-submit'));
    expect(await within(dialog).findByText('请选择回访结果')).toBeTruthy();
    fireEvent.click(within(dialog).getByText('不满意'));
    expect(await within(dialog).findByText('不满意将重开工单,并立即为客户经理生成跟进任务。')).toBeTruthy();
    fireEvent.change(within(dialog).getByTestId('outcome-note'), {
      target: { value: '故障反复,客户不满意' },
    });
    fireEvent.click(within(dialog).getByTestId('outcome-submit'));
    await waitFor(() => expect(server.calls.some((c) => c.method === 'POST')).toBe(true));
    const post = server.calls.find((c) => c.method === 'POST')!;
    expect(JSON.parse(String(post.init.body))).toEqual({
      outcome: 'dissatisfied',
      note: '故障反复,客户不满意',
    });
    await waitFor(() => expect(screen.queryByTestId(`record-${visit().id}`)).toBeNull());
  });

  it('shows the coverage by month and per region to a manager', async () => {
    const server = routeFetch({
      'GET /api/v1/visits': () => json([], 200, { 'x-total-count': '0' }),
      'GET /api/v1/visits/coverage': () =>
        json([
          {
            period: '2026-02',
            key: 'GD-GZ',
            name: '广州',
            due: 4,
            done: 3,
            doneInTime: 3,
            coverage: 0.75,
            satisfied: 2,
            dissatisfied: 1,
            unreachable: 0,
          },
        ]),
    });
    vi.stubGlobal('fetch', server.fetch);
    renderAt(<VisitsPage />, 'kam_manager');
    const table = await screen.findByTestId('coverage-table', undefined, { timeout: 20_000 });
    expect(await within(table).findByText('75%')).toBeTruthy();
    expect(within(table).getByText('广州')).toBeTruthy();
    const call = server.calls.find((c) => c.url.pathname === '/api/v1/visits/coverage')!;
    expect(call.url.searchParams.get('groupBy')).toBe('region');
    expect(monthsBefore('2026-03', 11)).toBe('2025-04');
    expect(monthsBefore('2026-01', 1)).toBe('2025-12');
  });
});

describe('NotificationsBell', { timeout: 30_000 }, () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setSessionUser(null);
  });

  it('shows the unread count and opens the ticket of a notification, marking it read', async () => {
    const server = routeFetch({
      'GET /api/v1/notifications/unread-count': () => json({ count: 2 }),
      'GET /api/v1/notifications': () =>
        json(
          [
            {
              id: 11,
              kind: 'escalation',
              title: '工单 TT-1 超时升级',
              body: '广州地铁集团 4A · 网络运维处理 · 超时 30 分',
              entity: 'ticket',
              entityId: TICKET_ID,
              data: null,
              createdAt: '2026-03-10T02:00:00Z',
              readAt: null,
            },
          ],
          200,
          { 'x-total-count': '1' },
        ),
      'POST /api/v1/notifications/11/read': () => json({}),
      'POST /api/v1/notifications/read-all': () => json({ count: 1 }),
    });
    vi.stubGlobal('fetch', server.fetch);
    const router = renderAt(<NotificationsBell />, 'frontdesk');
    await waitFor(() => expect(document.querySelector('.ant-badge-count')?.textContent).toBe('2'), {
      timeout: 20_000,
    });
    fireEvent.click(screen.getByTestId('notifications-bell'));
    const item = await screen.findByTestId('notification-11');
    expect(item.textContent).toContain('超时 30 分');
    fireEvent.click(item);
    await waitFor(() => expect(router.state.location.pathname).toBe(`/tickets/${TICKET_ID}`));
    expect(server.calls.some((c) => c.method === 'POST' && c.url.pathname.endsWith('/11/read'))).toBe(true);
    expect(notificationPath({ entity: 'visit', entityId: 'x' })).toBe('/visits');
    expect(notificationPath({ entity: 'other', entityId: 'x' })).toBeNull();
  });
});
