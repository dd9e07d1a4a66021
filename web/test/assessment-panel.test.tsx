import './setup';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App } from 'antd';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Assessment, AssessmentRun } from '../src/api/assessment';
import { setSessionUser } from '../src/auth/session';
import { AssessmentPanel, formatRaw } from '../src/pages/customers/panels/assessment-panel';
import { AssessmentRuns } from '../src/pages/value/assessment-runs';
import { buildUser, json, problem, routeFetch } from './fixtures';

const CUSTOMER = '22222222-2222-4222-8222-222222222222';

function assessment(overrides: Partial<Assessment> = {}): Assessment {
  return {
    id: 2,
    runId: '33333333-3333-4333-8333-333333333333',
    customerId: CUSTOMER,
    modelVersion: 3,
    asOf: '2026-03-01',
    currentValue: 80.1,
    directValue: 82,
    addedValue: 70,
    potentialValue: 75.5,
    loyalty: 68,
    influence: 60,
    total: 74.6,
    indicatedTier: '3A',
    indicatedGroupClass: null,
    scores: {
      avgMonthlyRevenue: { raw: 1_250_000_00, score: 91.2 },
      bandwidthShare: { raw: 0.31, score: 55 },
      reciprocity: { raw: 4, score: 75 },
    },
    missing: ['satisfaction', 'walletShare'],
    createdAt: '2026-03-01T01:00:00Z',
    runStatus: 'done',
    runError: null,
    breakdown: [
      { indicator: 'avgMonthlyRevenue', raw: 1_250_000_00, score: 91.2, weight: 0.5, contribution: 45.6 },
      { indicator: 'bandwidthShare', raw: 0.31, score: 55, weight: 0.3, contribution: 16.5 },
      { indicator: 'reciprocity', raw: 4, score: 75, weight: 0.2, contribution: 15 },
    ],
    ...overrides,
  };
}

const indicators = [
  { key: 'avgMonthlyRevenue', zh: '平均每月计费收入', en: 'Average monthly billed revenue', unit: 'fen' },
  { key: 'bandwidthShare', zh: '带宽业务所占比例', en: 'Share of bandwidth', unit: 'ratio' },
  { key: 'satisfaction', zh: '综合满意度', en: 'Overall satisfaction', unit: 'score100' },
  { key: 'walletShare', zh: '钱包份额', en: 'Share of wallet', unit: 'ratio' },
  { key: 'reciprocity', zh: '互惠关系', en: 'Reciprocal relationship', unit: 'scale5' },
].map((i) => ({
  ...i,
  group: 'contribution',
  direction: 1,
  source: 'billing',
  kind: 'quantitative',
  feeds: [],
  currentPart: null,
  enterable: false,
}));

function run(overrides: Partial<AssessmentRun> = {}): AssessmentRun {
  return {
    id: '55555555-5555-4555-8555-555555555555',
    modelVersion: 3,
    asOf: '2026-03-01',
    scope: CUSTOMER,
    customerId: CUSTOMER,
    trigger: 'manual',
    status: 'running',
    total: 1,
    done: 0,
    proposals: 0,
    error: null,
    startedBy: 'am1',
    startedAt: '2026-03-01T01:00:00Z',
    finishedAt: null,
    ...overrides,
  };
}

function renderWithApp(node: React.ReactNode) {
  render(<App>{node}</App>);
}

describe('AssessmentPanel', { timeout: 30_000 }, () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setSessionUser(null);
  });

  it('shows the latest assessment: model version, missing indicators as warnings, the charts', async () => {
    const history = [assessment(), assessment({ id: 1, asOf: '2026-02-01', total: 70 })];
    const server = routeFetch({
      [`GET /api/v1/customers/${CUSTOMER}/assessments`]: () => json(history, 200, { 'x-total-count': '2' }),
      'GET /api/v1/indicators': () => json(indicators),
    });
    vi.stubGlobal('fetch', server.fetch);
    setSessionUser(buildUser({ role: 'analyst' }));
    renderWithApp(<AssessmentPanel customerId={CUSTOMER} />);
    expect((await screen.findByTestId('assessment-model')).textContent).toBe('模型 v3');
    const missing = screen.getByTestId('assessment-missing');
    expect(missing.textContent).toContain('综合满意度');
    expect(missing.textContent).toContain('钱包份额');
    expect(screen.getByTestId('assessment-trend')).toBeTruthy();
    expect(screen.getByTestId('assessment-breakdown')).toBeTruthy();
    expect(screen.getByText('评估指向等级: 3A')).toBeTruthy();
  });

  it('explains an older assessment picked from the history: raw, score, weight, contribution; its interrupted run', async () => {
    const older = assessment({
      id: 1,
      asOf: '2026-02-01',
      total: 60,
      modelVersion: 2,
      runStatus: 'failed',
      runError: 'interrupted',
      missing: ['reciprocity'],
      breakdown: [
        { indicator: 'avgMonthlyRevenue', raw: 1_000_000_00, score: 80, weight: 0.6, contribution: 48 },
        { indicator: 'bandwidthShare', raw: 0.2, score: 30, weight: 0.4, contribution: 12 },
      ],
    });
    const server = routeFetch({
      [`GET /api/v1/customers/${CUSTOMER}/assessments`]: () =>
        json([assessment(), older], 200, { 'x-total-count': '2' }),
      'GET /api/v1/indicators': () => json(indicators),
    });
    vi.stubGlobal('fetch', server.fetch);
    setSessionUser(buildUser({ role: 'analyst' }));
    renderWithApp(<AssessmentPanel customerId={CUSTOMER} />);
    // the latest first: contributions sorted, weight in %, money for people
    const why = await screen.findByTestId('assessment-why');
    await waitFor(() => expect(why.textContent).toContain('平均每月计费收入'));
    const rows = [...why.querySelectorAll('tbody tr.ant-table-row')].map((tr) =>
      [...tr.querySelectorAll('td')].map((td) => td.textContent),
    );
    expect(rows[0]).toEqual(['平均每月计费收入', '¥1,250,000', '91.2', '50.0%', '45.60']);
    expect(rows.map((r) => r[0])).toEqual(['平均每月计费收入', '带宽业务所占比例', '互惠关系']);
    expect(screen.getByTestId('assessment-why-sum').textContent).toBe('合计 77.10 ≈ 总分 74.60');
    expect(screen.queryByTestId('assessment-run-state')).toBeNull();

    // pick the older one from the history
    fireEvent.mouseDown(screen.getByTestId('assessment-pick').querySelector('.ant-select-selector')!);
    fireEvent.click(await screen.findByTitle('2026-02-01 · 总分 60.0 · 模型 v2 ⚠'));
    await waitFor(() => expect(screen.getByTestId('assessment-model').textContent).toBe('模型 v2'));
    expect(screen.getByText('所选评估')).toBeTruthy();
    expect(screen.getByTestId('assessment-run-state').textContent).toContain('所在批次中断');
    const picked = [...screen.getByTestId('assessment-why').querySelectorAll('tbody tr.ant-table-row')].map(
      (tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent),
    );
    expect(picked).toEqual([
      ['平均每月计费收入', '¥1,000,000', '80.0', '60.0%', '48.00'],
      ['带宽业务所占比例', '20%', '30.0', '40.0%', '12.00'],
    ]);
    expect(screen.getByTestId('assessment-why-sum').textContent).toBe('合计 60.00 ≈ 总分 60.00');
    // its missing indicators by their Chinese names, not raw keys
    const missing = screen.getByTestId('assessment-missing');
    expect(missing.textContent).toContain('互惠关系');
    expect(missing.textContent).not.toContain('reciprocity');
  });

  it('reassesses the customer and polls the run until it is done', async () => {
    let polls = 0;
    let assessed = false;
    const server = routeFetch({
      [`GET /api/v1/customers/${CUSTOMER}/assessments`]: () =>
        json(assessed ? [assessment({ id: 3, asOf: '2026-03-02' }), assessment()] : [assessment()]),
      'GET /api/v1/indicators': () => json(indicators),
      'POST /api/v1/assessment-runs': () => json(run(), 202),
      [`GET /api/v1/assessment-runs/${run().id}`]: () => {
        polls++;
        if (polls < 2) return json(run());
        assessed = true;
        return json(run({ status: 'done', done: 1, finishedAt: '2026-03-01T01:00:02Z' }));
      },
    });
    vi.stubGlobal('fetch', server.fetch);
    setSessionUser(buildUser({ role: 'account_manager', username: 'am1' }));
    renderWithApp(<AssessmentPanel customerId={CUSTOMER} />);
    fireEvent.click(await screen.findByTestId('reassess-customer'));
    await waitFor(() => expect(polls).toBeGreaterThanOrEqual(2), { timeout: 5000 });
    const post = server.calls.find((c) => c.method === 'POST')!;
    expect(JSON.parse(String(post.init.body))).toEqual({ customerId: CUSTOMER });
    await waitFor(() => expect(screen.getByText('2 次评估')).toBeTruthy(), { timeout: 5000 });
  });

  it('hides the reassess button from roles that may not assess', async () => {
    const server = routeFetch({
      [`GET /api/v1/customers/${CUSTOMER}/assessments`]: () => json([]),
      'GET /api/v1/indicators': () => json(indicators),
    });
    vi.stubGlobal('fetch', server.fetch);
    setSessionUser(buildUser({ role: 'frontdesk' }));
    renderWithApp(<AssessmentPanel customerId={CUSTOMER} />);
    expect(await screen.findByTestId('assessment-empty')).toBeTruthy();
    expect(screen.queryByTestId('reassess-customer')).toBeNull();
  });

  it('formats raw values for people', () => {
    expect(formatRaw(1_234_500, 'fen', 'en-US')).toBe('¥12,345');
    expect(formatRaw(0.314, 'ratio', 'en-US')).toBe('31.4%');
  });
});

describe('AssessmentRuns', { timeout: 30_000 }, () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setSessionUser(null);
  });

  it('lists runs with progress and shows ASSESSMENT_RUNNING when a run is refused', async () => {
    const server = routeFetch({
      'GET /api/v1/assessment-runs': () =>
        json(
          [run({ scope: 'all', customerId: null, status: 'done', total: 2000, done: 2000, proposals: 12 })],
          200,
          {
            'x-total-count': '1',
          },
        ),
      'POST /api/v1/assessment-runs': () =>
        problem(409, 'ASSESSMENT_RUNNING', 'An assessment of all customers is already running'),
    });
    vi.stubGlobal('fetch', server.fetch);
    setSessionUser(buildUser({ role: 'admin', username: 'admin' }));
    renderWithApp(<AssessmentRuns />);
    expect((await screen.findByTestId(`run-status-${run().id}`)).textContent).toBe('已完成');
    expect(screen.getByText('全部客户')).toBeTruthy();
    fireEvent.click(screen.getByTestId('run-assessment'));
    fireEvent.click(await screen.findByText('OK'));
    await waitFor(() => expect(server.calls.some((c) => c.method === 'POST')).toBe(true));
    expect(await screen.findByTestId('error-alert')).toBeTruthy();
  });

  it('names an interrupted run in words', async () => {
    const server = routeFetch({
      'GET /api/v1/assessment-runs': () =>
        json([run({ status: 'failed', error: 'interrupted', total: 2000, done: 600 })], 200, {
          'x-total-count': '1',
        }),
    });
    vi.stubGlobal('fetch', server.fetch);
    setSessionUser(buildUser({ role: 'admin', username: 'admin' }));
    renderWithApp(<AssessmentRuns />);
    expect((await screen.findByTestId(`run-status-${run().id}`)).textContent).toBe('失败');
    expect(screen.getByTestId(`run-error-${run().id}`).textContent).toBe('已中断');
  });

  it('offers no run button to an account manager', async () => {
    const server = routeFetch({
      'GET /api/v1/assessment-runs': () => json([], 200, { 'x-total-count': '0' }),
    });
    vi.stubGlobal('fetch', server.fetch);
    setSessionUser(buildUser({ role: 'account_manager', username: 'am1' }));
    renderWithApp(<AssessmentRuns />);
    expect(await screen.findByText('尚无评估批次')).toBeTruthy();
    expect(screen.queryByTestId('run-assessment')).toBeNull();
  });
});
