import './setup';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from 'antd';
import { MemoryRouter } from 'react-router-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Circuit } from '../src/api/desk';
import type { Role } from '../src/api/types';
import { setSessionUser } from '../src/auth/session';
import { CustomerDeskPanel } from '../src/pages/desk/customer-desk-panel';
import { CIRCUIT_ID, CUSTOMER_ID, VISITOR_ID, visit } from './desk-fixtures';
import { buildUser, json, problem, routeFetch } from './fixtures';

const OTHER_AGENT = '00000000-0000-4000-8000-0000000000b8';
const BASE = `/api/v1/customers/${CUSTOMER_ID}`;

const circuit = (overrides: Partial<Circuit> = {}): Circuit => ({
  id: CIRCUIT_ID,
  customerId: CUSTOMER_ID,
  circuitNumber: 'GZ-DDN-000123',
  product: 'ddn',
  scope: 'local',
  bandwidthMbps: 100,
  aEnd: null,
  zEnd: null,
  activatedOn: null,
  status: 'active',
  ...overrides,
});

const visitor = (id: string | null, name: string | null) => ({
  customerId: CUSTOMER_ID,
  visitorId: id,
  visitorName: name,
  assignedAt: id ? '2026-03-01T02:00:00Z' : null,
  assignedBy: id ? 'system' : null,
});

/** The panel's reads, plus `extra` routes. */
function serve(extra: Record<string, (url: URL, init: RequestInit) => Response> = {}) {
  const server = routeFetch({
    [`GET ${BASE}/tickets`]: () => json([]),
    [`GET ${BASE}/visits`]: () => json([visit()]),
    [`GET ${BASE}/circuits`]: () => json([circuit()]),
    [`GET ${BASE}/visitor`]: () => json(visitor(VISITOR_ID, '赵敏')),
    ...extra,
  });
  vi.stubGlobal('fetch', server.fetch);
  return server;
}

function renderPanel(role: Role) {
  setSessionUser(buildUser({ role, username: role }));
  render(
    <App>
      <MemoryRouter>
        <CustomerDeskPanel customerId={CUSTOMER_ID} />
      </MemoryRouter>
    </App>,
  );
}

async function pick(dialog: HTMLElement, testId: string, title: string) {
  fireEvent.mouseDown(dialog.querySelector(`[data-testid="${testId}"] .ant-select-selector`) as Element);
  fireEvent.click(await screen.findByTitle(title));
}

describe('CustomerDeskPanel: the visitor', { timeout: 30_000 }, () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setSessionUser(null);
  });

  it('shows the visitor read-only to the front desk, without the circuit form', async () => {
    const server = serve();
    renderPanel('frontdesk');
    expect(
      (await screen.findByTestId('customer-visitor-name', undefined, { timeout: 20_000 })).textContent,
    ).toBe('赵敏');
    expect(screen.getByTestId('customer-visitor').textContent).toContain(
      'system 于 2026-03-01 10:00:00 指定',
    );
    expect(screen.queryByTestId('visitor-change')).toBeNull();
    expect(screen.queryByTestId('circuit-add')).toBeNull();
    expect(server.calls.some((c) => c.url.pathname === '/api/v1/users')).toBe(false);
  });

  it('says when no visitor is assigned yet', async () => {
    serve({ [`GET ${BASE}/visitor`]: () => json(visitor(null, null)) });
    renderPanel('visit_agent');
    expect(
      await screen.findByText('尚未指定(首次回访时自动选择本地区负载最少的回访专员)', undefined, {
        timeout: 20_000,
      }),
    ).toBeTruthy();
  });

  const AGENTS = [
    { id: VISITOR_ID, username: 'visit', displayName: '赵敏', regionCode: 'GD' },
    { id: OTHER_AGENT, username: 'visit2', displayName: '钱芳', regionCode: 'GD-SZ' },
  ];

  it('lets a kam_manager pick another visit agent; the open visits move along', async () => {
    let current = visitor(VISITOR_ID, '赵敏');
    const server = serve({
      [`GET ${BASE}/visitor`]: () => json(current),
      'GET /api/v1/visit-agents': () => json(AGENTS, 200, { 'x-total-count': '2' }),
      [`PUT ${BASE}/visitor`]: (_url, init) => {
        const { visitorId } = JSON.parse(String(init.body));
        current = { ...visitor(visitorId, '钱芳'), assignedBy: 'kam' };
        return json({ ...current, movedVisits: 2 });
      },
    });
    renderPanel('kam_manager');
    fireEvent.click(await screen.findByTestId('visitor-change', undefined, { timeout: 20_000 }));
    const dialog = await screen.findByRole('dialog');
    await waitFor(() =>
      expect(server.calls.some((c) => c.url.pathname === '/api/v1/visit-agents')).toBe(true),
    );
    expect(server.calls.some((c) => c.url.pathname === '/api/v1/users')).toBe(false);

    await pick(dialog, 'visitor-select', '钱芳 (visit2) · GD-SZ');
    fireEvent.click(within(dialog).getByTestId('visitor-submit'));
    expect(await screen.findByText('回访人已更换,2 条待回访随之转移')).toBeTruthy();
    const put = server.calls.find((c) => c.method === 'PUT')!;
    expect(JSON.parse(String(put.init.body))).toEqual({ visitorId: OTHER_AGENT });
    await waitFor(() => expect(screen.getByTestId('customer-visitor-name').textContent).toBe('钱芳'));
    // the visits are read again (they moved to the new visitor)
    expect(server.calls.filter((c) => c.url.pathname === `${BASE}/visits`).length).toBe(2);
  });

  it('shows the server refusal on the field', async () => {
    serve({
      'GET /api/v1/visit-agents': () => json(AGENTS, 200, { 'x-total-count': '2' }),
      [`PUT ${BASE}/visitor`]: () =>
        problem(400, 'VALIDATION_FAILED', 'invalid', {
          errors: [{ field: 'visitorId', message: 'the visitor must be an active visit agent' }],
        }),
    });
    renderPanel('admin');
    fireEvent.click(await screen.findByTestId('visitor-change', undefined, { timeout: 20_000 }));
    const dialog = await screen.findByRole('dialog');
    await pick(dialog, 'visitor-select', '钱芳 (visit2) · GD-SZ');
    fireEvent.click(within(dialog).getByTestId('visitor-submit'));
    expect(await within(dialog).findByText('the visitor must be an active visit agent')).toBeTruthy();
    expect(within(dialog).queryByTestId('error-alert')).toBeNull();
  });
});

describe('CustomerDeskPanel: a new circuit', { timeout: 30_000 }, () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setSessionUser(null);
  });

  it('puts the server field errors on the fields, then registers the circuit and lists it', async () => {
    let circuits = [circuit()];
    let answer: (body: Record<string, unknown>) => Response = () =>
      problem(409, 'CONFLICT', 'Circuit number GZ-DDN-000123 is already registered', {
        errors: [{ field: 'circuitNumber', message: 'already registered' }],
      });
    const server = serve({
      [`GET ${BASE}/circuits`]: () => json(circuits),
      'POST /api/v1/circuits': (_url, init) => answer(JSON.parse(String(init.body))),
    });
    renderPanel('kam_manager');
    fireEvent.click(await screen.findByTestId('circuit-add', undefined, { timeout: 20_000 }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByTestId('circuit-submit'));
    expect(await within(dialog).findByText('请输入电路号')).toBeTruthy();
    expect(within(dialog).getByText('请选择产品')).toBeTruthy();
    expect(server.calls.some((c) => c.method === 'POST')).toBe(false);

    fireEvent.change(within(dialog).getByTestId('circuit-number'), { target: { value: 'gz-ddn-000123' } });
    await pick(dialog, 'circuit-product', '数字电路');
    await pick(dialog, 'circuit-scope', '省际');
    fireEvent.change(within(dialog).getByTestId('circuit-bandwidth'), { target: { value: '155' } });
    fireEvent.change(within(dialog).getByTestId('circuit-a-end'), { target: { value: '广州天河机房' } });
    fireEvent.change(within(dialog).getByTestId('circuit-activated-on'), { target: { value: '2026-03-01' } });
    fireEvent.click(within(dialog).getByTestId('circuit-submit'));
    expect(await within(dialog).findByText('already registered')).toBeTruthy();
    expect(within(dialog).queryByTestId('error-alert')).toBeNull();
    const first = JSON.parse(String(server.calls.find((c) => c.method === 'POST')!.init.body));
    expect(first).toEqual({
      customerId: CUSTOMER_ID,
      circuitNumber: 'gz-ddn-000123',
      product: 'digital_circuit',
      scope: 'inter_province',
      bandwidthMbps: 155,
      aEnd: '广州天河机房',
      activatedOn: '2026-03-01',
    });

    // a bad day: zod's error names the field too
    answer = () =>
      problem(400, 'VALIDATION_FAILED', 'Invalid body: activatedOn', {
        errors: [{ field: 'activatedOn', message: 'a real calendar day YYYY-MM-DD' }],
      });
    fireEvent.change(within(dialog).getByTestId('circuit-number'), { target: { value: 'GZ-SDH-000900' } });
    fireEvent.click(within(dialog).getByTestId('circuit-submit'));
    expect(await within(dialog).findByText('a real calendar day YYYY-MM-DD')).toBeTruthy();

    answer = (body) => {
      const created = circuit({
        id: '66666666-6666-4666-8666-666666666666',
        circuitNumber: String(body.circuitNumber).toUpperCase(),
        product: 'digital_circuit',
        scope: 'inter_province',
      });
      circuits = [...circuits, created];
      return json(created, 201);
    };
    fireEvent.click(within(dialog).getByTestId('circuit-submit'));
    expect(await screen.findByText('电路 GZ-SDH-000900 已登记')).toBeTruthy();
    const table = screen.getByTestId('customer-circuits');
    expect(await within(table).findByText('GZ-SDH-000900')).toBeTruthy();
  });
});
