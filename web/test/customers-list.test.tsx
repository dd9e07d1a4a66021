import './setup';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router-dom';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Role } from '../src/api/types';
import { setSessionUser } from '../src/auth/session';
import { readListQuery, writeListQuery } from '../src/pages/customers/customer-list-query';
import { CustomersPage } from '../src/pages/customers/customers-page';
import { ACCOUNT_MANAGERS, buildCustomer, INDUSTRIES, REGIONS, renderWithAntd } from './customers-fixtures';
import { buildUser, json, routeFetch } from './fixtures';

const rows = [
  buildCustomer(),
  buildCustomer({
    id: '10000000-0000-4000-8000-000000000002',
    code: 'GD-0002',
    name: '华南智造(广州)分公司',
    parentId: '10000000-0000-4000-8000-000000000001',
    isHeadquarters: false,
    tier: null,
    stars: null,
    groupClass: null,
    latestTotal: null,
    memberCount: 0,
  }),
];

/** Per-tier counts answered to the strip's `limit=1` requests. */
const TIER_COUNTS: Record<string, number> = { '5A': 3, '4A': 7, '3A': 12, '2A': 30, '1A': 48 };

function stubServer(extra: Parameters<typeof routeFetch>[0] = {}) {
  const server = routeFetch({
    'GET /api/v1/customers': (url) => {
      if (url.searchParams.get('limit') === '1') {
        const tier = url.searchParams.get('tier');
        return json([], 200, { 'x-total-count': String(tier ? (TIER_COUNTS[tier] ?? 0) : 142) });
      }
      return json(rows, 200, { 'x-total-count': '42' });
    },
    'GET /api/v1/industries': () => json(INDUSTRIES),
    'GET /api/v1/regions': () => json(REGIONS),
    'GET /api/v1/account-managers': () => json(ACCOUNT_MANAGERS),
    ...extra,
  });
  vi.stubGlobal('fetch', server.fetch);
  return server;
}

function renderPage(role: Role, entry = '/customers') {
  setSessionUser(buildUser({ role }));
  const router = createMemoryRouter(
    [
      { path: '/customers', element: <CustomersPage /> },
      { path: '/customers/:id', element: <p data-testid="customer-page-stub">customer</p> },
    ],
    { initialEntries: [entry] },
  );
  renderWithAntd(<RouterProvider router={router} />);
  return router;
}

/** The list requests (not the strip's `limit=1` counts). */
function listCalls(server: ReturnType<typeof stubServer>) {
  return server.calls.filter(
    (call) => call.url.pathname === '/api/v1/customers' && call.url.searchParams.get('limit') !== '1',
  );
}

describe('customer list URL state', () => {
  it('reads known filters and drops unknown values', () => {
    const query = readListQuery(
      new URLSearchParams('q=华南&tier=5A&groupClass=Z&page=3&pageSize=50&sort=-tier'),
    );
    expect(query).toEqual({
      filter: { q: '华南', tier: '5A' },
      page: 3,
      pageSize: 50,
      sort: '-tier',
    });
    expect(readListQuery(new URLSearchParams('tier=6A&sort=password&page=-1')).filter).toEqual({});
    expect(writeListQuery({ filter: { industry: 'C' }, page: 1, pageSize: 20, sort: '' }).toString()).toBe(
      'industry=C',
    );
  });
});

describe('CustomersPage', () => {
  beforeEach(() => {
    vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(600);
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(200);
  });

  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllGlobals();
    setSessionUser(null);
  });

  it('counts the classes of the scheme in force: A/B/C under the mobile scheme', async () => {
    const CLASS_COUNTS: Record<string, number> = { A: 5, B: 20, C: 60 };
    const server = stubServer({
      'GET /api/v1/value-models': () =>
        json([
          { version: 1, status: 'retired', definition: { tiering: { scheme: 'telecom' } } },
          { version: 2, status: 'active', definition: { tiering: { scheme: 'mobile' } } },
        ]),
      'GET /api/v1/customers': (url) => {
        if (url.searchParams.get('limit') === '1') {
          const groupClass = url.searchParams.get('groupClass');
          return json([], 200, {
            'x-total-count': String(groupClass ? (CLASS_COUNTS[groupClass] ?? 0) : 142),
          });
        }
        return json(rows, 200, { 'x-total-count': '42' });
      },
    });
    renderPage('kam_manager', '/customers?groupClass=B&industry=C');
    const strip = await screen.findByTestId('customers-tier-strip');
    await waitFor(() => expect(strip.getAttribute('data-scheme')).toBe('mobile'));
    await waitFor(() => expect(screen.getByTestId('customers-strip-rated').textContent).toContain('85'));
    expect(strip.textContent).toContain('已分类');
    expect(strip.textContent).toContain('按集团分类分布');
    expect(screen.getByTestId('customers-strip-top').textContent).toContain('5'); // class A
    // one count for all and one per class, with the filter but without its class; no tier counts
    const counts = server.calls.filter((call) => call.url.searchParams.get('limit') === '1');
    expect(counts).toHaveLength(4);
    expect(counts.map((c) => c.url.searchParams.get('groupClass')).sort()).toEqual(['A', 'B', 'C', null]);
    for (const call of counts) {
      expect(call.url.searchParams.get('tier')).toBeNull();
      expect(call.url.searchParams.get('industry')).toBe('C');
    }
  });

  it('renders the rows and passes the URL filters to the request', async () => {
    const server = stubServer();
    const router = renderPage('kam_manager', '/customers?q=华南&tier=5A&industry=C&page=2');

    const row = await screen.findByTestId('customer-row-GD-0001');
    expect(within(row).getByText('华南智造集团有限公司')).toBeTruthy();
    expect(within(row).getByText('5A')).toBeTruthy();
    expect(within(row).getByText('★★★★★')).toBeTruthy();
    expect(within(row).getByText('86.4')).toBeTruthy();
    await waitFor(() => expect(within(row).getByText('制造业')).toBeTruthy());
    expect(within(screen.getByTestId('customer-row-GD-0002')).getByText('未定级')).toBeTruthy();

    const first = listCalls(server)[0];
    expect(first?.url.searchParams.get('q')).toBe('华南');
    expect(first?.url.searchParams.get('tier')).toBe('5A');
    expect(first?.url.searchParams.get('industry')).toBe('C');
    expect(first?.url.searchParams.get('limit')).toBe('20');
    expect(first?.url.searchParams.get('offset')).toBe('20');
    expect(screen.getByTestId('customer-create')).toBeTruthy();

    // The strip counts per tier with the filter but without its tier.
    const counts = server.calls.filter((call) => call.url.searchParams.get('limit') === '1');
    expect(counts).toHaveLength(6);
    for (const call of counts) expect(call.url.searchParams.get('q')).toBe('华南');
    await waitFor(() => expect(screen.getByTestId('customers-tier-strip').textContent).toContain('142'));

    // A new search replaces q, keeps the other filters, goes back to page 1 and lands in the URL.
    const search = screen.getByTestId('customers-search') as HTMLInputElement;
    fireEvent.change(search, { target: { value: '13800138000' } });
    fireEvent.keyDown(search, { key: 'Enter', code: 'Enter', keyCode: 13 });
    await waitFor(() => expect(listCalls(server).at(-1)?.url.searchParams.get('q')).toBe('13800138000'));
    const last = listCalls(server).at(-1);
    expect(last?.url.searchParams.get('tier')).toBe('5A');
    expect(last?.url.searchParams.get('offset')).toBe('0');
    expect(router.state.location.search).toContain('q=13800138000');
    expect(router.state.location.search).toContain('tier=5A');

    fireEvent.click(screen.getByTestId('customer-row-GD-0002'));
    await screen.findByTestId('customer-page-stub');
    expect(router.state.location.pathname).toBe('/customers/10000000-0000-4000-8000-000000000002');
  });

  it('hides "new customer" from an account manager', async () => {
    stubServer();
    renderPage('account_manager');
    await screen.findByTestId('customer-row-GD-0001');
    expect(screen.queryByTestId('customer-create')).toBeNull();
  });
});
