import './setup';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from 'antd';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Customer } from '../src/api/customers';
import type { TierChange } from '../src/api/tiers';
import { setSessionUser } from '../src/auth/session';
import { TierPanel } from '../src/pages/customers/panels/tier-panel';
import { buildUser, json, routeFetch } from './fixtures';

const ID = '22222222-2222-4222-8222-222222222222';

const customer = {
  id: ID,
  code: 'GD0001',
  name: '广州地铁集团',
  tier: '4A',
  stars: 4,
  groupClass: null,
  tierEffectiveDate: '2026-03-10',
} as unknown as Customer;

const change: TierChange = {
  id: 'tc1',
  customerId: ID,
  proposalId: 'p1',
  fromTier: '3A',
  toTier: '4A',
  fromStars: 3,
  toStars: 4,
  fromGroupClass: null,
  toGroupClass: null,
  effectiveDate: '2026-03-10',
  reason: '评估总分 78.2 ≥ 4A 切分点 75;审批意见:同意升级',
  modelVersion: 3,
  score: 78.2,
  snapshot: { total: 78.2 },
  approvedBy: 'kam',
  approverName: '陈经理',
  at: '2026-03-10T02:00:00Z',
};

function stubServer() {
  const server = routeFetch({
    [`GET /api/v1/customers/${ID}`]: () => json(customer),
    [`GET /api/v1/customers/${ID}/tier-history`]: () => json([change]),
    [`GET /api/v1/customers/${ID}/loss-equivalence`]: () =>
      json({
        avgMonthlyRevenueFen: 5_070_000,
        commercialEquivalent: 79,
        publicEquivalent: 338,
        commercialAvgFen: 64_177,
        publicAvgFen: 15_000,
        months: 12,
        fromMonth: '2025-04-01',
        toMonth: '2026-03-01',
      }),
    'GET /api/v1/tier-proposals': () => json([], 200, { 'x-total-count': '0' }),
    [`POST /api/v1/customers/${ID}/tier-override`]: () => json({ id: 'p2', status: 'pending' }, 201),
  });
  vi.stubGlobal('fetch', server.fetch);
  return server;
}

describe('TierPanel', { timeout: 30_000 }, () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setSessionUser(null);
  });

  it('shows the tier, the loss equivalence of the seed and the history; requests an override', async () => {
    const server = stubServer();
    setSessionUser(buildUser({ role: 'account_manager', username: 'am1' }));
    render(
      <App>
        <TierPanel customerId={ID} />
      </App>,
    );
    expect((await screen.findByTestId('current-tier')).textContent).toBe('4A');
    expect((await screen.findByTestId('loss-equivalence')).textContent).toBe(
      '相当于 79 个商业客户 / 338 个公众客户',
    );
    const history = await screen.findByTestId('tier-history');
    expect(history.textContent).toContain('2026-03-10');
    expect(history.textContent).toContain('3A 3★ → 4A 4★');
    expect(history.textContent).toContain('模型 v3');
    expect(history.textContent).toContain('总分 78.2');
    expect(history.textContent).toContain('审批人 陈经理');

    fireEvent.click(screen.getByTestId('request-tier-change'));
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByTestId('override-reason'), { target: { value: '省重点战略客户' } });
    fireEvent.click(within(dialog).getByTestId('override-submit'));
    expect(await within(dialog).findByText('请至少选择一项要调整的内容', {}, { timeout: 4000 })).toBeTruthy();
    expect(server.calls.some((c) => c.method === 'POST')).toBe(false);

    fireEvent.mouseDown(within(dialog).getAllByRole('combobox')[0]!);
    fireEvent.click(await screen.findByTitle('5A', {}, { timeout: 4000 }));
    fireEvent.click(within(dialog).getByTestId('override-submit'));
    await waitFor(() => expect(server.calls.some((c) => c.method === 'POST')).toBe(true));
    const post = server.calls.find((c) => c.method === 'POST')!;
    expect(JSON.parse(String(post.init.body))).toEqual({ toTier: '5A', reason: '省重点战略客户' });
  });
});
