import './setup';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from 'antd';
import { createMemoryRouter, RouterProvider } from 'react-router-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setSessionUser } from '../src/auth/session';
import { TicketsPage } from '../src/pages/desk/tickets-page';
import { configState, DESK_CONFIG, SUMMARY, ticket } from './desk-fixtures';
import { buildUser, json, routeFetch } from './fixtures';

const first = ticket({
  id: 'a1',
  number: 'TT-5A',
  customerName: '南方电网',
  tier: '5A',
  tierRank: 50,
  timeLeftMinutes: -30,
  breached: true,
  escalationLevel: 3,
});
const second = ticket({ id: 'a2', number: 'TT-4A', timeLeftMinutes: 95, escalationLevel: 0 });
const third = ticket({
  id: 'a3',
  number: 'TT-NONE',
  customerName: '小微企业',
  tier: null,
  tierRank: 0,
  status: 'pending',
  timeLeftMinutes: null,
});

function renderBoard() {
  setSessionUser(buildUser({ role: 'frontdesk', username: 'frontdesk' }));
  const router = createMemoryRouter(
    [
      { path: '/tickets', element: <TicketsPage /> },
      { path: '/tickets/:id', element: <p>ticket page</p> },
    ],
    { initialEntries: ['/tickets'] },
  );
  render(
    <App>
      <RouterProvider router={router} />
    </App>,
  );
  return router;
}

describe('TicketsPage (board)', { timeout: 30_000 }, () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
    setSessionUser(null);
  });

  it('shows the open tickets in queue order with countdowns, summary and filters', async () => {
    const server = routeFetch({
      'GET /api/v1/tickets': () => json([first, second, third], 200, { 'x-total-count': '3' }),
      'GET /api/v1/tickets/summary': () => json(SUMMARY),
      'GET /api/v1/departments': () =>
        json([{ id: 'd1', code: 'NOC', name: '网络运维部', regionCode: null, parentId: null }]),
      'GET /api/v1/desk/config': () =>
        json({ ...configState(false), current: { ...configState(false).current, document: DESK_CONFIG } }),
    });
    vi.stubGlobal('fetch', server.fetch);
    const router = renderBoard();
    const table = await screen.findByTestId('board-table', undefined, { timeout: 20_000 });
    await within(table).findByText('TT-5A');
    const rows = within(table)
      .getAllByRole('row')
      .map((r) => r.getAttribute('data-testid'))
      .filter(Boolean);
    expect(rows).toEqual(['ticket-row-a1', 'ticket-row-a2', 'ticket-row-a3']);
    expect(screen.getByTestId('time-left-a1').textContent).toContain('超时 30 分');
    expect(screen.getByTestId('time-left-a1').style.color).toBe('rgb(207, 19, 34)');
    expect(screen.getByTestId('time-left-a2').textContent).toContain('剩 1 小时 3');
    expect(screen.getByTestId('time-left-a3').textContent).toBe('暂停');
    expect(within(table).getByText('升级 3 级')).toBeTruthy();
    expect(within(table).getByText('未分级')).toBeTruthy();
    expect(screen.getByTestId('board-updated-at').textContent).toContain('更新于');
    const summary = screen.getByTestId('board-summary');
    expect(within(summary).getByText('在途工单')).toBeTruthy();

    const list = server.calls.find((c) => c.url.pathname === '/api/v1/tickets')!;
    expect(list.url.searchParams.get('open')).toBe('true');
    expect(list.url.searchParams.get('sort')).toBe('queue');

    fireEvent.click(screen.getByTestId('filter-breached'));
    await waitFor(() =>
      expect(
        server.calls.some(
          (c) => c.url.pathname === '/api/v1/tickets' && c.url.searchParams.get('breached') === 'true',
        ),
      ).toBe(true),
    );

    fireEvent.click(screen.getByTestId('ticket-row-a2'));
    await waitFor(() => expect(router.state.location.pathname).toBe('/tickets/a2'));
  });

  it('switches to finished tickets (newest first) and filters by severity and "mine"', async () => {
    const server = routeFetch({
      'GET /api/v1/tickets': () => json([second], 200, { 'x-total-count': '1' }),
      'GET /api/v1/tickets/summary': () => json(SUMMARY),
      'GET /api/v1/departments': () => json([]),
      'GET /api/v1/desk/config': () => json(configState(false)),
    });
    vi.stubGlobal('fetch', server.fetch);
    renderBoard();
    await screen.findByText('TT-4A', undefined, { timeout: 20_000 });
    const lists = () => server.calls.filter((c) => c.url.pathname === '/api/v1/tickets');
    fireEvent.click(within(screen.getByTestId('board-view')).getByText('已结束'));
    await waitFor(() => {
      const last = lists().at(-1)!.url.searchParams;
      expect(last.get('open')).toBe('false');
      expect(last.get('sort')).toBe('-createdAt');
    });
    fireEvent.click(within(screen.getByTestId('board-view')).getByText('全部'));
    await waitFor(() => {
      const last = lists().at(-1)!.url.searchParams;
      expect(last.has('open')).toBe(false);
    });
    fireEvent.click(screen.getByTestId('filter-mine'));
    await waitFor(() => expect(lists().at(-1)!.url.searchParams.get('assigneeId')).toBeTruthy());
  });

  it('opens filtered from a link (?breached=1&mine=1)', async () => {
    const server = routeFetch({
      'GET /api/v1/tickets': () => json([first], 200, { 'x-total-count': '1' }),
      'GET /api/v1/tickets/summary': () => json(SUMMARY),
      'GET /api/v1/departments': () => json([]),
      'GET /api/v1/desk/config': () => json(configState(false)),
    });
    vi.stubGlobal('fetch', server.fetch);
    setSessionUser(buildUser({ role: 'frontdesk', username: 'frontdesk' }));
    const router = createMemoryRouter([{ path: '/tickets', element: <TicketsPage /> }], {
      initialEntries: ['/tickets?breached=1&mine=1'],
    });
    render(
      <App>
        <RouterProvider router={router} />
      </App>,
    );
    await screen.findByText('TT-5A', undefined, { timeout: 20_000 });
    const list = server.calls.find((c) => c.url.pathname === '/api/v1/tickets')!.url.searchParams;
    expect(list.get('breached')).toBe('true');
    expect(list.get('assigneeId')).toBeTruthy();
    expect(screen.getByTestId('filter-breached').outerHTML).toContain('checked');
  });

  it('polls every 15 seconds', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const server = routeFetch({
      'GET /api/v1/tickets': () => json([second], 200, { 'x-total-count': '1' }),
      'GET /api/v1/tickets/summary': () => json(SUMMARY),
      'GET /api/v1/departments': () => json([]),
      'GET /api/v1/desk/config': () => json(configState(false)),
    });
    vi.stubGlobal('fetch', server.fetch);
    renderBoard();
    await screen.findByText('TT-4A', undefined, { timeout: 20_000 });
    const before = server.calls.filter((c) => c.url.pathname === '/api/v1/tickets').length;
    await vi.advanceTimersByTimeAsync(15_500);
    await waitFor(() =>
      expect(server.calls.filter((c) => c.url.pathname === '/api/v1/tickets').length).toBeGreaterThan(before),
    );
  });
});
