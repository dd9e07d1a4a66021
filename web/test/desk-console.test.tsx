import './setup';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from 'antd';
import { createMemoryRouter, RouterProvider } from 'react-router-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setSessionUser } from '../src/auth/session';
import { DeskPage } from '../src/pages/desk/desk-page';
import { CIRCUIT_ID, CUSTOMER_ID, LOOKUP, ticket } from './desk-fixtures';
import { buildUser, json, problem, routeFetch } from './fixtures';

function renderConsole() {
  setSessionUser(buildUser({ role: 'frontdesk', username: 'frontdesk' }));
  const router = createMemoryRouter(
    [
      { path: '/desk', element: <DeskPage /> },
      { path: '/tickets/:id', element: <p>ticket page</p> },
    ],
    { initialEntries: ['/desk'] },
  );
  render(
    <App>
      <RouterProvider router={router} />
    </App>,
  );
  return router;
}

const ENTITLEMENTS = {
  customerId: CUSTOMER_ID,
  at: '2026-03-10T01:00:00Z',
  catalogVersion: 1,
  subject: { serviceTier: '4A', groupClass: null },
  items: [],
};

describe('DeskPage (console)', { timeout: 30_000 }, () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setSessionUser(null);
  });

  it('finds a customer by circuit, shows its tier and opens a fault ticket on that circuit', async () => {
    let badOnce = true;
    const server = routeFetch({
      'GET /api/v1/desk/lookup': () => json(LOOKUP),
      'GET /api/v1/tickets': () => json([ticket()], 200, { 'x-total-count': '1' }),
      [`GET /api/v1/customers/${CUSTOMER_ID}/entitlements`]: () => json(ENTITLEMENTS),
      'POST /api/v1/tickets': () => {
        if (badOnce) {
          badOnce = false;
          return problem(400, 'VALIDATION_FAILED', 'bad', {
            errors: [{ field: 'body.name', message: '标题过长' }],
          });
        }
        return json(ticket({ id: 'new-1', number: 'TT20260310-000099' }), 201);
      },
    });
    vi.stubGlobal('fetch', server.fetch);
    const router = renderConsole();
    const search = await screen.findByTestId('desk-search', undefined, { timeout: 20_000 });
    fireEvent.change(search, { target: { value: 'GZ-DDN-000123' } });
    const hit = await screen.findByTestId(`lookup-result-${CUSTOMER_ID}`, undefined, { timeout: 5_000 });
    expect(within(hit).getByText('4A')).toBeTruthy();
    expect(within(hit).getByText('★★★★')).toBeTruthy();
    expect(hit.textContent).toContain('匹配电路号:GZ-DDN-000123');
    expect(
      server.calls.find((c) => c.url.pathname === '/api/v1/desk/lookup')!.url.searchParams.get('q'),
    ).toBe('GZ-DDN-000123');

    // keyboard: Enter picks the highlighted customer
    fireEvent.keyDown(search, { key: 'Enter' });
    const workspace = await screen.findByTestId('desk-customer');
    expect(within(workspace).getByText('李明')).toBeTruthy();
    const form = within(workspace).getByTestId('new-ticket-form');
    await waitFor(() =>
      expect(
        server.calls.some(
          (c) => c.url.pathname === '/api/v1/tickets' && c.url.searchParams.get('customerId') === CUSTOMER_ID,
        ),
      ).toBe(true),
    );
    // the circuit the customer was found by is chosen already
    expect(within(form).getByText('GZ-DDN-000123 · ddn · 10M')).toBeTruthy();

    fireEvent.click(within(form).getByText('严重'));
    fireEvent.change(within(form).getByTestId('form-name'), { target: { value: '数字电路中断' } });
    fireEvent.change(within(form).getByTestId('form-description'), { target: { value: '两端均无光' } });
    fireEvent.click(within(form).getByTestId('ticket-submit'));
    expect(await within(form).findByText('标题过长')).toBeTruthy();

    fireEvent.click(within(form).getByTestId('ticket-submit'));
    await waitFor(() => expect(router.state.location.pathname).toBe('/tickets/new-1'));
    const posts = server.calls.filter((c) => c.method === 'POST');
    expect(JSON.parse(String(posts[1]!.init.body))).toEqual({
      customerId: CUSTOMER_ID,
      ticketType: 'fault',
      severity: 'critical',
      channel: 'phone',
      name: '数字电路中断',
      description: '两端均无光',
      circuitId: CIRCUIT_ID,
    });
  });

  it('says so when nothing matches', async () => {
    vi.stubGlobal('fetch', routeFetch({ 'GET /api/v1/desk/lookup': () => json([]) }).fetch);
    renderConsole();
    fireEvent.change(await screen.findByTestId('desk-search', undefined, { timeout: 20_000 }), {
      target: { value: '不存在的客户' },
    });
    expect(await screen.findByText('没有找到匹配的客户', undefined, { timeout: 5_000 })).toBeTruthy();
  });
});
