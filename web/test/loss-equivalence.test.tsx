import './setup';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.setConfig({ testTimeout: 30_000 });

import type { SegmentBillingRow, TierSettings } from '../src/api/tiers';
import { setSessionUser } from '../src/auth/session';
import { monthsEndingWith } from '../src/pages/value/segment-billing-card';
import { json, problem } from './fixtures';
import { openTab, pick, renderPage, stub } from './value-fixtures';

/** The seed's segments measured over 11 months; the defaults in use. */
const SETTINGS: TierSettings = {
  configured: {
    commercialAvgFen: 64_177,
    publicAvgFen: 15_000,
    source: 'default',
    fromMonth: null,
    toMonth: null,
    reason: null,
    updatedBy: null,
    updatedAt: null,
  },
  measured: {
    fromMonth: '2025-04-01',
    toMonth: '2026-03-01',
    commercial: { avgFen: 65_012, months: 11, revenueFen: 858_158_400_000, customerMonths: 13_200_000 },
    public: { avgFen: 14_890, months: 11, revenueFen: 1_474_110_000_000, customerMonths: 99_000_000 },
    keyAccounts: { avgFen: 5_070_000, months: 12, revenueFen: 60_840_000, customerMonths: 12, customers: 1 },
  },
  keyAccountEquivalents: {
    configured: { commercialEquivalent: 79, publicEquivalent: 338 },
    measured: { commercialEquivalent: 78, publicEquivalent: 340.5 },
  },
};

const BILLING: SegmentBillingRow[] = [
  {
    segment: 'commercial',
    month: '2026-02-01',
    revenueFen: 1_200_000 * 64_177,
    billedCustomers: 1_200_000,
    updatedBy: '管理员',
    updatedAt: '2026-03-02T02:00:00.000Z',
  },
  {
    segment: 'public',
    month: '2026-02-01',
    revenueFen: 9_000_000 * 15_000,
    billedCustomers: 9_000_000,
    updatedBy: '管理员',
    updatedAt: '2026-03-02T02:00:00.000Z',
  },
];

function server(extra: Parameters<typeof stub>[0] = {}) {
  return stub({
    'GET /api/v1/tiers/settings': () => json(SETTINGS),
    'GET /api/v1/tiers/segment-billing': () => json(BILLING),
    ...extra,
  });
}

const bodyOf = (s: ReturnType<typeof server>, method: string, path: string) =>
  JSON.parse(String(s.calls.find((c) => c.method === method && c.url.pathname === path)?.init.body));

afterEach(() => {
  vi.unstubAllGlobals();
  setSessionUser(null);
});

describe('loss equivalence settings on the value model page (PRODUCT.md §2)', () => {
  it('shows the formula with the seed’s example, configured beside measured figures, read-only for an analyst', async () => {
    server();
    renderPage('analyst');
    await openTab('损失当量');
    const formula = await screen.findByTestId('loss-formula');
    expect(formula.textContent).toContain('79 个商业客户或 338 个公众客户');
    expect(within(formula).getByTestId('loss-seed-example').textContent).toBe(
      '例:大客户月均 50,700.00 元 ÷ 商业客户月均 641.77 元 ≈ 79 个;÷ 公众客户月均 150.00 元 = 338 个。',
    );
    expect(screen.getByTestId('loss-configured-commercial').textContent).toBe('641.77');
    expect(screen.getByTestId('loss-measured-commercial').textContent).toBe('650.12');
    expect(screen.getByTestId('loss-measured-public').textContent).toBe('148.90');
    expect(screen.getByTestId('loss-measured-keyAccounts').textContent).toBe('50,700.00');
    expect(screen.getByText('实测 2025-04 – 2026-03')).toBeTruthy();
    expect(screen.getByTestId('loss-equivalent-configured').textContent).toBe(
      '79 个商业客户 / 338 个公众客户',
    );
    expect(screen.getByTestId('loss-equivalent-measured').textContent).toBe(
      '78 个商业客户 / 340.5 个公众客户',
    );
    expect((await screen.findByTestId('billing-avg-commercial-2026-02-01')).textContent).toBe('641.77');
    expect(screen.queryByTestId('loss-save')).toBeNull();
    expect(screen.queryByTestId('segment-billing-form')).toBeNull();
  });

  it('the admin adopts the measured figures with a reason', async () => {
    const s = server({
      'PUT /api/v1/tiers/settings': () =>
        json({
          ...SETTINGS,
          configured: { ...SETTINGS.configured, source: 'measured', commercialAvgFen: 65_012 },
        }),
    });
    renderPage('admin');
    await openTab('损失当量');
    fireEvent.click(await screen.findByTestId('loss-adopt-measured'));
    expect((screen.getByTestId('loss-commercial') as HTMLInputElement).value).toBe('650.12');
    expect((screen.getByTestId('loss-commercial') as HTMLInputElement).disabled).toBe(true);

    // no reason: refused before any request
    fireEvent.click(screen.getByTestId('loss-save'));
    expect(await screen.findByText('请填写修改理由')).toBeTruthy();
    expect(s.calls.some((c) => c.method === 'PUT')).toBe(false);

    fireEvent.change(screen.getByTestId('loss-reason'), { target: { value: '按近 12 个月实际' } });
    fireEvent.click(screen.getByTestId('loss-save'));
    await waitFor(() => expect(s.calls.some((c) => c.method === 'PUT')).toBe(true));
    expect(bodyOf(s, 'PUT', '/api/v1/tiers/settings')).toEqual({
      source: 'measured',
      reason: '按近 12 个月实际',
    });
  });

  it('the admin types figures in yuan; they travel as fen, server field errors shown', async () => {
    let calls = 0;
    const s = server({
      'PUT /api/v1/tiers/settings': () => {
        calls += 1;
        return calls === 1
          ? problem(400, 'VALIDATION_FAILED', 'Invalid segment averages', {
              errors: [{ field: 'publicAvgFen', message: 'a positive whole number of fen' }],
            })
          : json(SETTINGS);
      },
    });
    renderPage('admin');
    await openTab('损失当量');
    const commercial = (await screen.findByTestId('loss-commercial')) as HTMLInputElement;
    expect(commercial.value).toBe('641.77');
    fireEvent.change(commercial, { target: { value: '1,200.5' } });
    fireEvent.change(screen.getByTestId('loss-public'), { target: { value: '180' } });
    fireEvent.change(screen.getByTestId('loss-reason'), { target: { value: '省公司口径' } });
    fireEvent.click(screen.getByTestId('loss-save'));
    expect(
      await screen.findByText('a positive whole number of fen', { selector: '.ant-form-item-explain-error' }),
    ).toBeTruthy();
    expect(bodyOf(s, 'PUT', '/api/v1/tiers/settings')).toEqual({
      source: 'manual',
      commercialAvgFen: 120_050,
      publicAvgFen: 18_000,
      reason: '省公司口径',
    });
  });

  it('the admin enters a month of segment billing (prefilled when stored), each segment a row', async () => {
    const s = server({ 'PUT /api/v1/tiers/segment-billing': () => json(BILLING) });
    renderPage('admin');
    await openTab('损失当量');
    const form = await screen.findByTestId('segment-billing-form');
    await screen.findByTestId('billing-avg-public-2026-02-01');
    await pick('billing-month', '2026-01');
    expect((within(form).getByTestId('billing-public-revenue') as HTMLInputElement).value).toBe('');
    await pick('billing-month', '2026-02');
    await waitFor(() =>
      expect((within(form).getByTestId('billing-public-revenue') as HTMLInputElement).value).toBe(
        '1,350,000,000.00',
      ),
    );
    fireEvent.change(within(form).getByTestId('billing-commercial-revenue'), {
      target: { value: '770,124,000' },
    });
    fireEvent.change(within(form).getByTestId('billing-reason'), { target: { value: '财务月报更正' } });
    fireEvent.click(within(form).getByTestId('billing-save'));
    await waitFor(() => expect(s.calls.some((c) => c.method === 'PUT')).toBe(true));
    expect(bodyOf(s, 'PUT', '/api/v1/tiers/segment-billing')).toEqual({
      rows: [
        {
          segment: 'commercial',
          month: '2026-02-01',
          revenueFen: 77_012_400_000,
          billedCustomers: 1_200_000,
        },
        { segment: 'public', month: '2026-02-01', revenueFen: 135_000_000_000, billedCustomers: 9_000_000 },
      ],
      reason: '财务月报更正',
    });
  });

  it('months offered for entry end with the current one', () => {
    expect(monthsEndingWith('2026-03-01', 4)).toEqual([
      '2026-03-01',
      '2026-02-01',
      '2026-01-01',
      '2025-12-01',
    ]);
  });
});
