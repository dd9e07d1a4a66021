import './setup';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from 'antd';
import { createMemoryRouter, RouterProvider } from 'react-router-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Agreement, AgreementDetail, SlaServiceLevel } from '../src/api/agreements';
import { formatPpm, percentToPpm, yuanToFen } from '../src/api/agreements';
import type { Role } from '../src/api/types';
import { setSessionUser } from '../src/auth/session';
import { AgreementPage } from '../src/pages/agreements/agreement-page';
import { AgreementsPage } from '../src/pages/agreements/agreements-page';
import { CustomerAgreementsPanel } from '../src/pages/agreements/customer-agreements-panel';
import { OutagesPanel } from '../src/pages/agreements/outages-panel';
import { TicketPage } from '../src/pages/desk/ticket-page';
import { TICKET_ID, detail as ticketDetail } from './desk-fixtures';
import { buildUser, json, problem, routeFetch } from './fixtures';

const AGREEMENT_ID = '55555555-5555-4555-8555-555555555555';
const CIRCUIT_ID = '44444444-4444-4444-8444-444444444444';
const KAM_ID = '00000000-0000-4000-8000-00000000000b';

const level: SlaServiceLevel = {
  agreementId: AGREEMENT_ID,
  agreementNumber: 'SLA20260101-000001',
  version: 1,
  kind: 'sla_commitment',
  slaClass: 'AAA',
  maintenanceLevel: null,
  afterSalesLevel: 'SL1',
  label: 'AAA · SL1',
  targets: { availabilityPpm: 999_900, restoreMinutes: 120 },
  validFrom: '2026-01-01',
  validTo: '2027-12-31',
};

function agreement(overrides: Partial<Agreement> = {}): Agreement {
  return {
    id: AGREEMENT_ID,
    agreementNumber: 'SLA20260101-000001',
    customerId: '22222222-2222-4222-8222-222222222222',
    customerName: '广州地铁集团',
    regionCode: 'GD-GZ',
    title: '核心生产专线 SLA',
    status: 'active',
    currentVersion: 1,
    pendingVersion: 2,
    level: {
      kind: 'sla_commitment',
      slaClass: 'AAA',
      maintenanceLevel: null,
      afterSalesLevel: 'SL1',
      label: 'AAA · SL1',
      validFrom: '2026-01-01',
      validTo: '2027-12-31',
      circuitCount: 1,
    },
    inForce: true,
    createdBy: 'am1',
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-03-01T00:00:00Z',
    ...overrides,
  };
}

const version = (
  v: number,
  status: AgreementDetail['versions'][number]['status'],
  submittedBy: string | null,
) => ({
  version: v,
  kind: 'sla_commitment' as const,
  slaClass: v === 1 ? 'AA' : 'AAA',
  maintenanceLevel: null,
  afterSalesLevel: 'SL1',
  targets:
    v === 1
      ? { availabilityPpm: 999_500, restoreMinutes: 240 }
      : { availabilityPpm: 999_900, restoreMinutes: 120 },
  compensationTerms: {
    availabilitySteps: [{ shortfallAbovePpm: 0, percent: 10 }],
    restorePercentPerBreach: 5,
    capPercent: 100,
    monthlyFeesFen: { [CIRCUIT_ID]: 1_000_000 },
  },
  afterSales: { designatedEngineer: '王工', responseMinutes: 15 },
  circuitIds: [CIRCUIT_ID],
  validFrom: '2026-01-01',
  validTo: '2027-12-31',
  status,
  note: null,
  createdBy: 'am1',
  createdAt: '2026-01-01T00:00:00Z',
  submittedBy,
  submittedByName: submittedBy ? '李明' : null,
  submittedAt: submittedBy ? '2026-02-01T00:00:00Z' : null,
  decidedBy: null,
  decidedByName: null,
  decidedAt: null,
  decisionReason: null,
});

function agreementDetail(overrides: Partial<AgreementDetail> = {}): AgreementDetail {
  return {
    ...agreement(),
    versions: [version(2, 'pending', 'am1-id'), version(1, 'approved', 'am1-id')],
    circuits: [
      {
        id: CIRCUIT_ID,
        circuitNumber: 'GZ-DDN-000123',
        product: 'ddn',
        scope: 'local',
        bandwidthMbps: 100,
        status: 'active',
      },
    ],
    ...overrides,
  };
}

const availability = {
  circuitId: CIRCUIT_ID,
  circuitNumber: 'GZ-DDN-000123',
  serviceLevel: level,
  months: [
    {
      month: '2026-01',
      availabilityPpm: 1_000_000,
      targetAvailabilityPpm: 999_900,
      outageMinutes: 0,
      outageCount: 0,
      maxRestoreMinutes: null,
      restoreBreaches: 0,
      availabilityBreached: false,
      measured: true,
      complete: true,
    },
    {
      month: '2026-02',
      availabilityPpm: 995_833,
      targetAvailabilityPpm: 999_900,
      outageMinutes: 180,
      outageCount: 1,
      maxRestoreMinutes: 180,
      restoreBreaches: 1,
      availabilityBreached: true,
      measured: true,
      complete: true,
    },
  ],
};

function renderAt(path: string, pattern: string, element: React.ReactNode, role: Role, id = KAM_ID) {
  setSessionUser(buildUser({ role, username: role, id }));
  const router = createMemoryRouter([{ path: pattern, element }], { initialEntries: [path] });
  render(
    <App>
      <RouterProvider router={router} />
    </App>,
  );
}

describe('agreements pages', { timeout: 30_000 }, () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setSessionUser(null);
  });

  it('lists agreements with their level, status and a pending badge; filters by pending', async () => {
    const server = routeFetch({
      'GET /api/v1/agreements': () => json([agreement()], 200, { 'x-total-count': '1' }),
    });
    vi.stubGlobal('fetch', server.fetch);
    renderAt('/agreements', '/agreements', <AgreementsPage />, 'kam_manager');
    const table = await screen.findByTestId('agreements-table', undefined, { timeout: 20_000 });
    await within(table).findByText('SLA20260101-000001');
    expect(within(table).getByText('AAA · SL1')).toBeTruthy();
    expect(within(table).getByText('第 2 版待处理')).toBeTruthy();
    expect(within(table).getByText('2026-01-01 ~ 2027-12-31')).toBeTruthy();
    fireEvent.click(screen.getByTestId('agreements-pending'));
    await waitFor(() =>
      expect(
        server.calls.some(
          (c) => c.url.pathname === '/api/v1/agreements' && c.url.searchParams.get('pending') === 'true',
        ),
      ).toBe(true),
    );
    expect(screen.getByTestId('agreement-create')).toBeTruthy();
    expect(screen.getByTestId('measure')).toBeTruthy();
  });

  it('shows versions with terms, approves a pending version, and charts availability vs target', async () => {
    let current = agreementDetail();
    const server = routeFetch({
      [`GET /api/v1/agreements/${AGREEMENT_ID}`]: () => json(current),
      [`GET /api/v1/agreements/${AGREEMENT_ID}/measurements`]: () => json([]),
      [`GET /api/v1/circuits/${CIRCUIT_ID}/availability`]: () => json(availability),
      'GET /api/v1/outages': () => json([], 200, { 'x-total-count': '0' }),
      [`POST /api/v1/agreements/${AGREEMENT_ID}/versions/2/approve`]: () => {
        current = agreementDetail({
          currentVersion: 2,
          pendingVersion: null,
          versions: [version(2, 'approved', 'am1-id'), version(1, 'superseded', 'am1-id')],
        });
        return json(current);
      },
    });
    vi.stubGlobal('fetch', server.fetch);
    renderAt(`/agreements/${AGREEMENT_ID}`, '/agreements/:id', <AgreementPage />, 'kam_manager');
    const versions = await screen.findByTestId('versions-table', undefined, { timeout: 20_000 });
    expect(within(versions).getByText('待审批')).toBeTruthy();
    expect(screen.getByTestId('version-2-terms').textContent).toContain('可用率 ≥ 99.99%,恢复 ≤ 120 分钟');
    expect(screen.getByTestId('version-2-terms').textContent).toContain('GZ-DDN-000123 (¥10,000.00)');
    await screen.findByTestId('availability-chart');
    fireEvent.click(screen.getByTestId('approve-2'));
    await waitFor(() =>
      expect(within(screen.getByTestId('versions-table')).getByText('已批准')).toBeTruthy(),
    );
    expect(
      server.calls.some((c) => c.method === 'POST' && c.url.pathname.endsWith('/versions/2/approve')),
    ).toBe(true);
  });

  it('does not offer the submitter an approval, and shows the server refusal', async () => {
    const server = routeFetch({
      [`GET /api/v1/agreements/${AGREEMENT_ID}`]: () => json(agreementDetail()),
      [`GET /api/v1/agreements/${AGREEMENT_ID}/measurements`]: () => json([]),
      [`GET /api/v1/circuits/${CIRCUIT_ID}/availability`]: () => json(availability),
      'GET /api/v1/outages': () => json([], 200, { 'x-total-count': '0' }),
    });
    vi.stubGlobal('fetch', server.fetch);
    renderAt(`/agreements/${AGREEMENT_ID}`, '/agreements/:id', <AgreementPage />, 'kam_manager', 'am1-id');
    const approve = (await screen.findByTestId('approve-2', undefined, {
      timeout: 20_000,
    })) as HTMLButtonElement;
    expect(approve.disabled).toBe(true);
  });

  it('offers an AM no approval but a new version only when none is open', async () => {
    const server = routeFetch({
      [`GET /api/v1/agreements/${AGREEMENT_ID}`]: () =>
        json(agreementDetail({ pendingVersion: null, versions: [version(1, 'approved', 'x')] })),
      [`GET /api/v1/agreements/${AGREEMENT_ID}/measurements`]: () => json([]),
      [`GET /api/v1/circuits/${CIRCUIT_ID}/availability`]: () => json(availability),
      'GET /api/v1/outages': () => problem(500, 'INTERNAL', 'x'),
    });
    vi.stubGlobal('fetch', server.fetch);
    renderAt(`/agreements/${AGREEMENT_ID}`, '/agreements/:id', <AgreementPage />, 'account_manager');
    await screen.findByTestId('new-version', undefined, { timeout: 20_000 });
    expect(screen.queryByTestId('terminate')).toBeNull();
    expect(screen.queryByTestId('approve-1')).toBeNull();
  });

  it('shows the level tag on the ticket page', async () => {
    const server = routeFetch({
      [`GET /api/v1/tickets/${TICKET_ID}`]: () => json({ ...ticketDetail(), serviceLevel: level }),
    });
    vi.stubGlobal('fetch', server.fetch);
    renderAt(`/tickets/${TICKET_ID}`, '/tickets/:id', <TicketPage />, 'ops_engineer');
    const header = await screen.findByTestId('ticket-header', undefined, { timeout: 20_000 });
    expect(within(header).getByTestId('service-level').textContent).toBe('AAA · SL1');
    expect(within(header).queryByTestId('customer-coverage')).toBeNull();
  });

  it("shows the customer's coverage on a ticket without a circuit", async () => {
    const server = routeFetch({
      [`GET /api/v1/tickets/${TICKET_ID}`]: () =>
        json({
          ...ticketDetail(),
          circuitId: null,
          circuitNumber: null,
          serviceLevel: null,
          customerServiceLevels: [{ ...level, circuits: 2 }],
        }),
    });
    vi.stubGlobal('fetch', server.fetch);
    renderAt(`/tickets/${TICKET_ID}`, '/tickets/:id', <TicketPage />, 'frontdesk');
    const coverage = await screen.findByTestId('customer-coverage', undefined, { timeout: 20_000 });
    expect(coverage.textContent).toContain('未指定电路');
    expect(coverage.textContent).toContain('AAA · SL1');
    expect(coverage.textContent).toContain('×2');
  });

  it('the customer tab lists agreements and circuit levels; the editor fills class defaults and sends fees in fen', async () => {
    const customerId = '22222222-2222-4222-8222-222222222222';
    let sent: Record<string, unknown> | null = null;
    const server = routeFetch({
      [`GET /api/v1/customers/${customerId}/agreements`]: () => json([agreement()]),
      [`GET /api/v1/customers/${customerId}/circuits`]: () =>
        json([
          {
            id: CIRCUIT_ID,
            customerId,
            circuitNumber: 'GZ-DDN-000123',
            product: 'ddn',
            scope: 'local',
            bandwidthMbps: 100,
            status: 'active',
            serviceLevel: level,
          },
          {
            id: 'c2',
            customerId,
            circuitNumber: 'GZ-DIA-000124',
            product: 'dedicated_internet',
            scope: 'local',
            bandwidthMbps: 100,
            status: 'active',
            serviceLevel: null,
          },
        ]),
      'GET /api/v1/agreements/settings': () =>
        json({
          classes: {
            AAA: { availabilityPpm: 999_900, restoreMinutes: 120 },
            AA: { availabilityPpm: 999_500, restoreMinutes: 240 },
            A: { availabilityPpm: 999_000, restoreMinutes: 480 },
          },
          compensation: {
            availabilitySteps: [{ shortfallAbovePpm: 0, percent: 10 }],
            restorePercentPerBreach: 5,
            capPercent: 100,
          },
        }),
      'POST /api/v1/agreements': (_url, init) => {
        sent = JSON.parse(String(init.body));
        return json(agreementDetail(), 201);
      },
    });
    vi.stubGlobal('fetch', server.fetch);
    setSessionUser(buildUser({ role: 'account_manager', username: 'am1' }));
    const router = createMemoryRouter(
      [
        { path: '/customers/:id', element: <CustomerAgreementsPanel customerId={customerId} /> },
        { path: '/agreements/:id', element: <div data-testid="went-to-agreement" /> },
      ],
      { initialEntries: [`/customers/${customerId}`] },
    );
    render(
      <App>
        <RouterProvider router={router} />
      </App>,
    );
    const circuits = await screen.findByTestId('customer-sla-circuits', undefined, { timeout: 20_000 });
    await within(circuits).findByText('GZ-DDN-000123');
    expect(within(circuits).getByText('AAA · SL1')).toBeTruthy();
    expect(within(circuits).getByText('无 SLA')).toBeTruthy();
    fireEvent.click(screen.getByTestId('customer-agreement-create'));
    const editor = await screen.findByTestId('agreement-editor');
    await waitFor(() =>
      expect((within(editor).getByTestId('editor-defaults') as HTMLElement).textContent).toContain('99.99%'),
    );
    fireEvent.change(within(editor).getByTestId('editor-title'), { target: { value: '新协议' } });
    // Pick the first circuit and give it a fee in yuan.
    const rows = within(within(editor).getByTestId('editor-circuits')).getAllByRole('checkbox');
    fireEvent.click(rows[1]!);
    fireEvent.change(await within(editor).findByTestId('fee-GZ-DDN-000123'), {
      target: { value: '12345.6' },
    });
    fireEvent.click(screen.getByTestId('editor-save'));
    await screen.findByTestId('went-to-agreement', undefined, { timeout: 10_000 });
    expect(sent).toMatchObject({
      customerId,
      title: '新协议',
      kind: 'sla_commitment',
      slaClass: 'AAA',
      targets: { availabilityPpm: 999_900, restoreMinutes: 120 },
      circuitIds: [CIRCUIT_ID],
      compensationTerms: { monthlyFeesFen: { [CIRCUIT_ID]: 1_234_560 }, capPercent: 100 },
    });
  });

  it('lets ops record an outage in Shanghai time and shows an overlap refusal', async () => {
    const bodies: Record<string, unknown>[] = [];
    const server = routeFetch({
      'GET /api/v1/outages': () =>
        json(
          [
            {
              id: 'o1',
              circuitId: CIRCUIT_ID,
              circuitNumber: 'GZ-DDN-000123',
              customerId: 'c',
              customerName: '广州地铁集团',
              startedAt: '2026-11-10T01:00:00Z',
              restoredAt: null,
              durationMinutes: null,
              source: 'manual',
              ticketId: null,
              ticketNumber: null,
              cause: '光缆被挖断',
              excluded: false,
              note: null,
              createdBy: 'ops',
              createdAt: '2026-11-10T01:00:00Z',
            },
          ],
          200,
          { 'x-total-count': '1' },
        ),
      'POST /api/v1/outages': (_url, init) => {
        bodies.push(JSON.parse(String(init.body)));
        return problem(409, 'OUTAGE_OVERLAP', 'overlaps', {
          errors: [{ field: 'startedAt', message: 'overlaps' }],
        });
      },
    });
    vi.stubGlobal('fetch', server.fetch);
    renderAt('/x', '/x', <OutagesPanel circuitId={CIRCUIT_ID} />, 'ops_engineer');
    const table = await screen.findByTestId('outages-table', undefined, { timeout: 20_000 });
    await within(table).findByText('光缆被挖断');
    expect(within(table).getAllByText('未恢复').length).toBeGreaterThan(0);
    expect(within(table).getByTestId('outage-restore')).toBeTruthy();
    fireEvent.click(screen.getByTestId('outage-add'));
    fireEvent.change(await screen.findByTestId('outage-started'), { target: { value: '2026-11-10T09:30' } });
    fireEvent.change(screen.getByTestId('outage-restored'), { target: { value: '2026-11-10T10:00' } });
    fireEvent.click(screen.getByTestId('outage-save'));
    await screen.findByText('该中断与同一电路上已有的中断时段重叠。');
    expect(bodies[0]).toMatchObject({
      circuitId: CIRCUIT_ID,
      startedAt: '2026-11-10T09:30:00+08:00',
      restoredAt: '2026-11-10T10:00:00+08:00',
    });
  });

  it('hides outage entry from an account manager', async () => {
    vi.stubGlobal(
      'fetch',
      routeFetch({ 'GET /api/v1/outages': () => json([], 200, { 'x-total-count': '0' }) }).fetch,
    );
    renderAt('/x', '/x', <OutagesPanel />, 'account_manager');
    await screen.findByTestId('outages-table', undefined, { timeout: 20_000 });
    expect(screen.queryByTestId('outage-add')).toBeNull();
  });
});

describe('agreement number helpers (no floats)', () => {
  it.each([
    ['99.99', 999_900],
    ['99.95%', 999_500],
    ['100', 1_000_000],
    ['99.9999', 999_999],
    ['abc', null],
    ['101', null],
  ] as const)('percentToPpm(%s) → %s', (text, ppm) => expect(percentToPpm(text)).toBe(ppm));
  it.each([
    ['1234.5', 123_450],
    ['10,000.00', 1_000_000],
    ['0.01', 1],
    ['-1', null],
    ['1.234', null],
  ] as const)('yuanToFen(%s) → %s', (text, fen) => expect(yuanToFen(text)).toBe(fen));
  it('formats ppm', () => expect(formatPpm(995_833)).toBe('99.5833%'));
});
