import './setup';
import { render, screen, waitFor, within } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Role } from '../src/api/types';
import { setSessionUser } from '../src/auth/session';
import { HomePage } from '../src/pages/home-page';
import { buildUser, json, problem, routeFetch } from './fixtures';

const page = (total: number) => () => json([], 200, { 'x-total-count': String(total) });

function renderHome(role: Role) {
  setSessionUser(buildUser({ role, username: role, displayName: `用户 ${role}` }));
  const router = createMemoryRouter([{ path: '/', element: <HomePage /> }], { initialEntries: ['/'] });
  render(<RouterProvider router={router} />);
}

describe('HomePage (workbench)', { timeout: 30_000 }, () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setSessionUser(null);
  });

  it('shows a kam manager what is waiting in the region, late work in red, each a link to its page', async () => {
    const server = routeFetch({
      'GET /api/v1/tickets': (url) =>
        page(url.searchParams.get('breached') ? 7 : url.searchParams.get('assigneeId') ? 2 : 40)(),
      'GET /api/v1/visits': (url) => page(url.searchParams.get('overdue') ? 0 : 5)(),
      'GET /api/v1/tasks': (url) => page(url.searchParams.get('overdue') ? 3 : 12)(),
      'GET /api/v1/tier-proposals': page(9),
      'GET /api/v1/orders': page(1),
      'GET /api/v1/compensation/slips': page(4),
      'GET /api/v1/notifications/unread-count': () => json({ count: 6 }),
    });
    vi.stubGlobal('fetch', server.fetch);
    renderHome('kam_manager');
    const breached = await screen.findByTestId('home-figure-ticketsBreached');
    await waitFor(() => expect(within(breached).getByText('7')).toBeTruthy());
    expect(breached.getAttribute('href')).toBe('/tickets?breached=1');
    expect(within(breached).getByText('超时的在途工单')).toBeTruthy();
    const value = breached.querySelector('.ant-statistic-content') as HTMLElement;
    expect(value.style.color).toBe('rgb(207, 19, 34)');
    await waitFor(() =>
      expect(within(screen.getByTestId('home-figure-proposalsPending')).getByText('9')).toBeTruthy(),
    );
    // a zero is not coloured
    await waitFor(() =>
      expect(within(screen.getByTestId('home-figure-visitsOverdue')).getByText('0')).toBeTruthy(),
    );
    const zero = screen
      .getByTestId('home-figure-visitsOverdue')
      .querySelector('.ant-statistic-content') as HTMLElement;
    expect(zero.style.color).toBe('');
    // the kam manager counts the region's tasks, not only their own
    const tasks = server.calls.filter((c) => c.url.pathname === '/api/v1/tasks');
    expect(tasks.every((c) => !c.url.searchParams.has('ownerId'))).toBe(true);
    expect(tasks.every((c) => c.url.searchParams.get('limit') === '1')).toBe(true);
    expect(await screen.findByTestId('home-unread')).toBeTruthy();
  });

  it('shows a visit agent their own visits and nothing of pages they cannot open', async () => {
    const server = routeFetch({
      'GET /api/v1/tickets': page(3),
      'GET /api/v1/visits': (url) => page(url.searchParams.get('overdue') ? 2 : 8)(),
      'GET /api/v1/notifications/unread-count': () => json({ count: 0 }),
    });
    vi.stubGlobal('fetch', server.fetch);
    renderHome('visit_agent');
    await waitFor(() =>
      expect(within(screen.getByTestId('home-figure-visitsOpen')).getByText('8')).toBeTruthy(),
    );
    const visits = server.calls.filter((c) => c.url.pathname === '/api/v1/visits');
    expect(visits.every((c) => c.url.searchParams.get('mine') === 'true')).toBe(true);
    expect(screen.queryByTestId('home-figure-tasksOpen')).toBeNull();
    expect(screen.queryByTestId('home-figure-proposalsPending')).toBeNull();
    expect(screen.queryByTestId('home-figure-ticketsMine')).toBeNull();
    expect(screen.queryByTestId('home-unread')).toBeNull();
  });

  it('leaves out a figure the server refuses', async () => {
    const server = routeFetch({
      'GET /api/v1/tickets': page(3),
      'GET /api/v1/orders': () => problem(403, 'FORBIDDEN', 'no'),
      'GET /api/v1/compensation/slips': page(0),
      'GET /api/v1/notifications/unread-count': () => json({ count: 0 }),
    });
    vi.stubGlobal('fetch', server.fetch);
    renderHome('frontdesk');
    await waitFor(() =>
      expect(within(screen.getByTestId('home-figure-ticketsOpen')).getByText('3')).toBeTruthy(),
    );
    await waitFor(() => expect(screen.queryByTestId('home-figure-ordersOverdue')).toBeNull());
  });
});
