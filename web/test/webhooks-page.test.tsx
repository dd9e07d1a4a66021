import './setup';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from 'antd';
import { createMemoryRouter, RouterProvider } from 'react-router-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Delivery, HubSubscription } from '../src/api/webhooks';
import { setSessionUser } from '../src/auth/session';
import { WebhooksPage } from '../src/pages/webhooks/webhooks-page';
import { APP_ROUTES } from '../src/routes';
import { buildUser, json, problem, routeFetch } from './fixtures';

const SUB_TT = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const SUB_PO = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
const TT_HUB = '/tmf-api/troubleTicket/v5/hub';
const PO_HUB = '/tmf-api/productOrderingManagement/v5/hub';

const delivery = (overrides: Partial<Delivery> = {}): Delivery => ({
  id: 7,
  subscriptionId: SUB_TT,
  callback: 'https://crm.example.com/hooks',
  eventId: 'e-1',
  eventType: 'TroubleTicketStatusChangeEvent',
  status: 'dead',
  createdAt: '2026-05-06T02:00:00Z',
  attempts: 10,
  nextAttemptAt: '2026-05-07T02:00:00Z',
  deliveredAt: null,
  deadAt: '2026-05-07T02:00:00Z',
  lastStatus: 500,
  lastError: 'HTTP 500',
  ...overrides,
});

const subscription = (overrides: Partial<HubSubscription> = {}): HubSubscription => ({
  id: SUB_TT,
  api: 'troubleTicket',
  callback: 'https://crm.example.com/hooks',
  query: 'eventType=TroubleTicketStatusChangeEvent',
  createdBy: 'admin',
  createdAt: '2026-05-01T02:00:00Z',
  receiving: true,
  ...overrides,
});

function renderPage() {
  setSessionUser(buildUser());
  const router = createMemoryRouter([{ path: '/webhooks', element: <WebhooksPage /> }], {
    initialEntries: ['/webhooks'],
  });
  render(
    <App>
      <RouterProvider router={router} />
    </App>,
  );
}

describe('WebhooksPage', { timeout: 30_000 }, () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setSessionUser(null);
  });

  it('is an admin-only route', () => {
    const route = APP_ROUTES.find((r) => r.key === 'webhooks')!;
    expect(route.path).toBe('/webhooks');
    expect(route.roles).toEqual(['admin']);
  });

  it('lists the given-up deliveries first and delivers one again', async () => {
    let rows = [delivery()];
    const server = routeFetch({
      'GET /api/v1/webhooks/deliveries': (url) => {
        const status = url.searchParams.get('status');
        const list =
          status === 'pending'
            ? [
                delivery({
                  id: 8,
                  status: 'pending',
                  attempts: 3,
                  deadAt: null,
                  lastError: 'timeout after 5000 ms',
                  lastStatus: null,
                }),
              ]
            : rows;
        return json(list, 200, { 'x-total-count': String(list.length) });
      },
      'POST /api/v1/webhooks/deliveries/7/retry': () => {
        rows = [];
        return json(delivery({ status: 'pending', attempts: 0, deadAt: null }));
      },
    });
    vi.stubGlobal('fetch', server.fetch);
    renderPage();
    const table = await screen.findByTestId('webhook-deliveries', undefined, { timeout: 20_000 });
    expect((await within(table).findByTestId('delivery-status-7')).textContent).toBe('已放弃');
    expect(within(table).getByText('HTTP 500')).toBeTruthy();
    expect(within(table).getByText('TroubleTicketStatusChangeEvent')).toBeTruthy();
    const first = server.calls.find((c) => c.url.pathname === '/api/v1/webhooks/deliveries')!;
    expect(first.url.searchParams.get('status')).toBe('dead');
    expect(first.url.searchParams.get('limit')).toBe('20');

    fireEvent.click(within(table).getByTestId('delivery-retry-7'));
    expect(await screen.findByText('#7 已重新排队,即将投递')).toBeTruthy();
    await waitFor(() => expect(within(table).queryByTestId('delivery-status-7')).toBeNull());
    expect(server.calls.some((c) => c.method === 'POST' && c.url.pathname.endsWith('/7/retry'))).toBe(true);

    // the failing ones still retrying on their own
    fireEvent.click(screen.getByText('待投递/重试中'));
    expect((await within(table).findByTestId('delivery-status-8')).textContent).toBe('失败重试中');
    expect(within(table).getByText('timeout after 5000 ms')).toBeTruthy();
  });

  it('lists subscriptions, subscribes (secret shown once, field errors on the fields) and deletes', async () => {
    let subs = [
      subscription(),
      subscription({ id: SUB_PO, api: 'productOrder', query: null, createdBy: 'kam', receiving: false }),
    ];
    let answer: (body: Record<string, unknown>) => Response = () =>
      problem(400, 'VALIDATION_FAILED', 'Invalid hub: callback', {
        errors: [{ field: 'callback', message: 'an absolute http:// or https:// URL' }],
      });
    const server = routeFetch({
      'GET /api/v1/webhooks/deliveries': () => json([], 200, { 'x-total-count': '0' }),
      'GET /api/v1/webhooks/subscriptions': () => json(subs),
      [`POST ${TT_HUB}`]: (_url, init) => answer(JSON.parse(String(init.body))),
      [`DELETE ${PO_HUB}/${SUB_PO}`]: () => {
        subs = subs.filter((s) => s.id !== SUB_PO);
        return new Response(null, { status: 204 });
      },
    });
    vi.stubGlobal('fetch', server.fetch);
    renderPage();
    fireEvent.click(await screen.findByText('订阅', undefined, { timeout: 20_000 }));
    const table = await screen.findByTestId('hub-subscriptions');
    expect(await within(table).findByText('TMF622 产品订单')).toBeTruthy();
    expect(within(table).getByText('全部事件')).toBeTruthy();
    expect(within(table).getByTestId(`hub-stopped-${SUB_PO}`).textContent).toBe('已停止');
    expect(within(table).getByText('接收中')).toBeTruthy();

    fireEvent.click(screen.getByTestId('hub-add'));
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByTestId('hub-callback'), { target: { value: 'ftp://crm' } });
    fireEvent.change(within(dialog).getByTestId('hub-query'), {
      target: { value: 'eventType=TroubleTicketResolvedEvent' },
    });
    fireEvent.click(within(dialog).getByTestId('hub-submit'));
    expect(await within(dialog).findByText('an absolute http:// or https:// URL')).toBeTruthy();

    answer = (body) => {
      subs = [subscription({ id: 'cccccccc-cccc-4ccc-8ccc-cccccccccccc', ...body }), ...subs];
      return json(
        { '@type': 'Hub', id: 'cccccccc-cccc-4ccc-8ccc-cccccccccccc', ...body, secret: 's3cr3t-once' },
        201,
      );
    };
    fireEvent.change(within(dialog).getByTestId('hub-callback'), {
      target: { value: ' https://crm.example.com/resolved ' },
    });
    fireEvent.click(within(dialog).getByTestId('hub-submit'));
    expect((await screen.findByTestId('hub-secret')).textContent).toContain('s3cr3t-once');
    const posts = server.calls.filter((c) => c.method === 'POST');
    expect(posts).toHaveLength(2);
    expect(posts[1]!.url.pathname).toBe(TT_HUB);
    expect(JSON.parse(String(posts[1]!.init.body))).toEqual({
      callback: 'https://crm.example.com/resolved',
      query: 'eventType=TroubleTicketResolvedEvent',
    });
    fireEvent.click(screen.getByTestId('hub-secret-close'));
    // shown once: closed, the secret is gone from the page
    await waitFor(() => expect(screen.queryByText('s3cr3t-once')).toBeNull());
    expect(await within(table).findByText('https://crm.example.com/resolved')).toBeTruthy();

    // delete goes to the hub of the subscription's own API
    fireEvent.click(within(table).getByTestId(`hub-delete-${SUB_PO}`));
    fireEvent.click(await screen.findByRole('button', { name: /OK|确 ?定/ }));
    expect(await screen.findByText('订阅已删除')).toBeTruthy();
    await waitFor(() => expect(within(table).queryByText('TMF622 产品订单')).toBeNull());
    expect(server.calls.some((c) => c.method === 'DELETE' && c.url.pathname === `${PO_HUB}/${SUB_PO}`)).toBe(
      true,
    );
  });
});
