import './setup';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from 'antd';
import { createMemoryRouter, RouterProvider } from 'react-router-dom';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Matrix, MatrixKind, MissingCustomer, SegmentSummary } from '../src/api/segments';
import { setSessionUser } from '../src/auth/session';
import { SegmentationPage } from '../src/pages/segments/segmentation-page';
import { buildUser, json, routeFetch } from './fixtures';

const thresholds = { valueScore: 60, satisfaction: 80, rsl: 1, walletShare: 0.5 };

const STRATEGY = {
  highHigh: { zh: '重点关注,积极巩固', en: 'Focus and consolidate', flagged: false },
  highLow: { zh: '积极争取,防止流失', en: 'Win back, prevent churn', flagged: true },
  lowHigh: { zh: '积极维持', en: 'Maintain', flagged: false },
  lowLow: { zh: '可放弃', en: 'May abandon', flagged: false },
};

const base = { tier: '4A', industry: 'I', regionCode: 'GD-GZ' };
const points = [
  {
    ...base,
    customerId: 'c1',
    code: 'GD0001',
    name: '广州地铁集团',
    x: 85,
    y: 90,
    quadrant: 'highHigh' as const,
  },
  {
    ...base,
    customerId: 'c2',
    code: 'GD0002',
    name: '南方电网广州局',
    x: 82,
    y: 60,
    quadrant: 'highLow' as const,
  },
  {
    ...base,
    customerId: 'c3',
    code: 'GD0003',
    name: '白云区中学',
    x: 40,
    y: 88,
    quadrant: 'lowHigh' as const,
  },
];

function matrix(kind: MatrixKind): Matrix {
  const count = (key: string) => points.filter((p) => p.quadrant === key).length;
  return {
    kind,
    thresholds,
    axis:
      kind === 'walletSatisfaction'
        ? { x: 0.5, y: 80 }
        : kind === 'valueRsl'
          ? { x: 60, y: 1 }
          : { x: 60, y: 80 },
    points: kind === 'valueSatisfaction' ? points : [],
    quadrants: (['highHigh', 'highLow', 'lowHigh', 'lowLow'] as const).map((key) => ({
      key,
      count: kind === 'valueSatisfaction' ? count(key) : 0,
      strategy: STRATEGY[key],
      flagged: STRATEGY[key].flagged,
    })),
    missing: kind === 'valueSatisfaction' ? 2 : 5,
  };
}

const summary: SegmentSummary = {
  by: 'industry',
  fromMonth: '2025-04-01',
  toMonth: '2026-03-01',
  thresholds,
  groups: [
    {
      key: 'I',
      customers: 5,
      avgTotal: 69,
      avgSatisfaction: 79.3,
      revenue12mFen: 123_000_000,
      tiers: { '4A': 3, none: 2 },
      quadrants: { highHigh: 1, highLow: 1, lowHigh: 1, lowLow: 0, missing: 2 },
    },
  ],
};

const missingRows: MissingCustomer[] = [
  { ...base, customerId: 'm1', code: 'GD0101', name: '番禺制造', tier: null, missing: ['valueScore'] },
  {
    ...base,
    customerId: 'm2',
    code: 'GD0102',
    name: '天河物流',
    missing: ['satisfaction', 'competitorSatisfaction'],
  },
];

function stubServer() {
  const server = routeFetch({
    'GET /api/v1/segments/missing': () => json(missingRows, 200, { 'x-total-count': '12' }),
    'GET /api/v1/segments/matrix': (url) => json(matrix(url.searchParams.get('kind') as MatrixKind)),
    'GET /api/v1/segments/summary': () => json(summary),
    'GET /api/v1/segments/settings': () => json(thresholds),
    'GET /api/v1/industries': () => json([{ code: 'I', zh: '信息传输、软件和信息技术服务业', en: 'ICT' }]),
    'GET /api/v1/regions': () => json([{ code: 'GD-GZ', name: '广州市', parentCode: 'GD' }]),
  });
  vi.stubGlobal('fetch', server.fetch);
  return server;
}

function renderPage(role: 'kam_manager' | 'analyst') {
  setSessionUser(buildUser({ role }));
  const router = createMemoryRouter(
    [
      { path: '/segmentation', element: <SegmentationPage /> },
      { path: '/customers/:id', element: <div data-testid="customer-page" /> },
    ],
    { initialEntries: ['/segmentation'] },
  );
  render(
    <App>
      <RouterProvider router={router} />
    </App>,
  );
}

describe('SegmentationPage', { timeout: 30_000 }, () => {
  beforeEach(() => {
    vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(600);
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(320);
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllGlobals();
    setSessionUser(null);
  });

  it('draws the three matrices with quadrant strategies, missing counts and the quadrant list', async () => {
    const server = stubServer();
    renderPage('analyst');
    const card = await screen.findByTestId('matrix-valueSatisfaction');
    await waitFor(() => expect(card.querySelector('.echarts-for-react svg')).not.toBeNull());
    // The scatter points are drawn: one SVG path per point at least, and the strategy labels as text.
    await waitFor(() => expect(card.querySelector('svg')!.textContent).toContain('积极争取,防止流失 (1)'));
    expect(screen.getByTestId('quadrant-valueSatisfaction-highLow').textContent).toContain(
      '积极争取,防止流失: 1',
    );
    expect(screen.getByTestId('missing-valueSatisfaction').textContent).toBe('2 个客户缺少数据,未绘制');
    expect(screen.getByTestId('missing-valueRsl').textContent).toBe('5 个客户缺少数据,未绘制');
    expect(
      server.calls
        .filter((c) => c.url.pathname === '/api/v1/segments/matrix')
        .map((c) => c.url.searchParams.get('kind'))
        .sort(),
    ).toEqual(['valueRsl', 'valueSatisfaction', 'walletSatisfaction']);

    // The default quadrant (high value, low satisfaction) lists its customer; picking another switches.
    const table = screen.getByTestId('quadrant-table');
    expect(within(table).getByText('南方电网广州局')).toBeTruthy();
    fireEvent.click(screen.getByTestId('quadrant-valueSatisfaction-highHigh'));
    await waitFor(() => expect(within(table).getByText('广州地铁集团')).toBeTruthy());
    expect(within(table).queryByText('南方电网广州局')).toBeNull();

    // The summary by industry, with the industry's name.
    const summaryTable = await screen.findByTestId('summary-table');
    await waitFor(() =>
      expect(within(summaryTable).getByText('信息传输、软件和信息技术服务业')).toBeTruthy(),
    );
    expect(within(summaryTable).getByText('123.0')).toBeTruthy();
    expect(screen.queryByTestId('open-thresholds')).toBeNull();
  });

  it('lists who lacks data for a matrix, paged on the server, with links to the customers', async () => {
    const server = stubServer();
    renderPage('analyst');
    const missingCalls = () => server.calls.filter((c) => c.url.pathname === '/api/v1/segments/missing');
    fireEvent.click(await screen.findByTestId('show-missing-valueRsl'));
    const table = await screen.findByTestId('missing-table-valueRsl');
    await within(table).findByText('番禺制造');
    expect(screen.getByText('缺少数据的客户 · 客户价值 × 相对服务水平(RSL)')).toBeTruthy();
    const row = within(table).getByText('天河物流').closest('tr')!;
    expect(row.textContent).toContain('GD0102');
    expect(row.textContent).toContain('4A');
    expect(row.textContent).toContain('满意度');
    expect(row.textContent).toContain('竞争对手满意度');
    expect(within(table).getByText('番禺制造').closest('tr')!.textContent).toContain('价值评估');
    expect(missingCalls()[0]!.url.searchParams.get('kind')).toBe('valueRsl');
    expect(missingCalls()[0]!.url.searchParams.get('offset')).toBe('0');
    // 12 on the server: a second page is asked for with its offset
    fireEvent.click(within(document.body).getByTitle('2'));
    await waitFor(() => expect(missingCalls().at(-1)!.url.searchParams.get('offset')).toBe('10'));
    fireEvent.click(within(table).getByText('番禺制造'));
    expect(await screen.findByTestId('customer-page')).toBeTruthy();
  });

  it('opens the customer from the quadrant list and passes filters to the server', async () => {
    const server = stubServer();
    renderPage('kam_manager');
    expect(await screen.findByTestId('open-thresholds')).toBeTruthy();
    const table = screen.getByTestId('quadrant-table');
    fireEvent.click(await within(table).findByText('南方电网广州局'));
    expect(await screen.findByTestId('customer-page')).toBeTruthy();
    expect(server.calls.every((c) => c.url.searchParams.get('industry') === null)).toBe(true);
  });
});
