import './setup';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from 'antd';
import { createMemoryRouter, RouterProvider } from 'react-router-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TierProposal } from '../src/api/tiers';
import { setSessionUser } from '../src/auth/session';
import { TierInboxPage } from '../src/pages/tiers/tier-inbox-page';
import { buildUser, json, problem, routeFetch } from './fixtures';

function proposal(overrides: Partial<TierProposal> = {}): TierProposal {
  return {
    id: '11111111-1111-4111-8111-111111111111',
    customerId: '22222222-2222-4222-8222-222222222222',
    customerCode: 'GD0001',
    customerName: '广州地铁集团',
    regionCode: 'GD-GZ',
    currentTier: '3A',
    currentStars: 3,
    currentGroupClass: null,
    runId: '33333333-3333-4333-8333-333333333333',
    kind: 'upgrade',
    fromTier: '3A',
    toTier: '4A',
    fromStars: 3,
    toStars: 4,
    fromGroupClass: null,
    toGroupClass: null,
    score: 78.2,
    modelVersion: 3,
    snapshot: {
      total: 78.2,
      currentValue: 80.1,
      directValue: 82,
      addedValue: 70,
      potentialValue: 75.5,
      loyalty: 68,
      influence: 60,
      missing: ['reciprocity'],
      asOf: '2026-03-01',
    },
    reason: '评估总分 78.2 ≥ 4A 切分点 75',
    status: 'pending',
    requestedBy: 'system:assessment',
    createdAt: '2026-03-01T01:00:00Z',
    decidedBy: null,
    decidedAt: null,
    decisionReason: null,
    effectiveDate: null,
    ...overrides,
  };
}

const second = proposal({
  id: '44444444-4444-4444-8444-444444444444',
  customerName: '佛山陶瓷集团',
  kind: 'downgrade',
  fromTier: '4A',
  toTier: '3A',
  fromStars: 4,
  toStars: 3,
  score: 58,
  reason: '连续两次评估低于 4A 切分点',
});

function stubServer(initial: TierProposal[], extra: Parameters<typeof routeFetch>[0] = {}) {
  let pending = [...initial];
  const server = routeFetch({
    ...extra,
    'GET /api/v1/tier-proposals': () => json(pending, 200, { 'x-total-count': String(pending.length) }),
    'GET /api/v1/regions': () => json([{ code: 'GD-GZ', name: '广州市', parentCode: 'GD' }]),
    [`POST /api/v1/tier-proposals/${initial[0]!.id}/approve`]: () => {
      const decided = { ...pending[0]!, status: 'approved' as const, effectiveDate: '2026-03-10' };
      pending = pending.slice(1);
      return json(decided);
    },
    [`POST /api/v1/tier-proposals/${initial[0]!.id}/reject`]: () =>
      problem(409, 'PROPOSAL_DECIDED', 'The tier proposal is already approved'),
    'POST /api/v1/tier-proposals/bulk-approve': (_url, init) => {
      const body = JSON.parse(String(init.body)) as { ids: string[] };
      pending = pending.filter((p) => !body.ids.includes(p.id));
      return json({ approved: body.ids.length, proposals: [] });
    },
  });
  vi.stubGlobal('fetch', server.fetch);
  return server;
}

function renderPage(role: 'kam_manager' | 'analyst' = 'kam_manager') {
  setSessionUser(buildUser({ role, username: role === 'kam_manager' ? 'kam' : 'analyst' }));
  const router = createMemoryRouter([{ path: '/tier-approvals', element: <TierInboxPage /> }], {
    initialEntries: ['/tier-approvals'],
  });
  render(
    <App>
      <RouterProvider router={router} />
    </App>,
  );
}

describe('TierInboxPage', { timeout: 30_000 }, () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setSessionUser(null);
  });

  it('lists pending proposals with kind, from→to, score, model version and reason', async () => {
    const server = stubServer([proposal(), second]);
    renderPage();
    expect(await screen.findByText('广州地铁集团')).toBeTruthy();
    expect(screen.getByTestId('kind-upgrade').textContent).toBe('升级 ↑');
    expect(screen.getByTestId('kind-downgrade').textContent).toBe('降级 ↓');
    expect(screen.getByTestId(`change-${proposal().id}`).textContent).toBe('3A 3★ → 4A 4★');
    expect(screen.getAllByText('v3', { selector: 'td' })).toHaveLength(2);
    expect(screen.getByText('评估总分 78.2 ≥ 4A 切分点 75')).toBeTruthy();
    const list = server.calls.find((c) => c.url.pathname === '/api/v1/tier-proposals')!;
    expect(list.url.searchParams.get('status')).toBe('pending');
  });

  it('approves with a comment: posts the decision and reloads the inbox', async () => {
    const server = stubServer([proposal(), second]);
    renderPage();
    fireEvent.click(await screen.findByTestId(`approve-${proposal().id}`));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('批准等级变更')).toBeTruthy();
    // takes effect the day it is approved: the day is shown, not chosen (no date input)
    expect(within(dialog).getByTestId('decision-effective-date').textContent).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(dialog.querySelector('input[type="date"]')).toBeNull();
    fireEvent.change(within(dialog).getByTestId('decision-reason'), { target: { value: '同意升级' } });
    fireEvent.click(within(dialog).getByTestId('decision-submit'));
    await waitFor(() =>
      expect(server.calls.some((c) => c.method === 'POST' && c.url.pathname.endsWith('/approve'))).toBe(true),
    );
    const post = server.calls.find((c) => c.method === 'POST')!;
    expect(JSON.parse(String(post.init.body))).toEqual({ reason: '同意升级' });
    await waitFor(() => expect(screen.queryByText('广州地铁集团')).toBeNull());
    expect(screen.getByText('佛山陶瓷集团')).toBeTruthy();
  });

  it('requires a reason to reject and shows the server refusal', async () => {
    const server = stubServer([proposal()]);
    renderPage();
    fireEvent.click(await screen.findByTestId(`reject-${proposal().id}`));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByTestId('decision-submit'));
    expect(await within(dialog).findByText('请填写驳回理由')).toBeTruthy();
    expect(server.calls.some((c) => c.method === 'POST')).toBe(false);
    fireEvent.change(within(dialog).getByTestId('decision-reason'), { target: { value: '暂缓' } });
    fireEvent.click(within(dialog).getByTestId('decision-submit'));
    expect(await within(dialog).findByTestId('error-alert')).toBeTruthy();
  });

  it('bulk-approves the selected rows', async () => {
    const server = stubServer([proposal(), second]);
    renderPage();
    await screen.findByText('广州地铁集团');
    const table = screen.getByTestId('proposals-table');
    const boxes = within(table).getAllByRole('checkbox');
    fireEvent.click(boxes[0]!); // select all
    const bulk = screen.getByTestId('bulk-approve');
    await waitFor(() => expect(bulk.textContent).toContain('2'));
    fireEvent.click(bulk);
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByTestId('decision-submit'));
    await waitFor(() =>
      expect(server.calls.some((c) => c.url.pathname.endsWith('/bulk-approve'))).toBe(true),
    );
    const body = JSON.parse(
      String(server.calls.find((c) => c.url.pathname.endsWith('/bulk-approve'))!.init.body),
    );
    expect(body.ids.sort()).toEqual([proposal().id, second.id].sort());
    await waitFor(() => expect(screen.getByText('没有待审批的等级建议')).toBeTruthy());
  });

  it('filters by customer, proposed class of the scheme in force, account manager; names missing indicators', async () => {
    const server = stubServer([proposal()], {
      'GET /api/v1/value-models': () =>
        json([{ version: 3, status: 'active', definition: { tiering: { scheme: 'mobile' } } }]),
      'GET /api/v1/account-managers': () =>
        json([{ id: 'am-1', username: 'am1', displayName: '李明', regionCode: 'GD-GZ' }]),
      'GET /api/v1/indicators': () =>
        json([{ key: 'reciprocity', zh: '互惠关系', en: 'Reciprocal relationship' }]),
    });
    renderPage();
    await screen.findByText('广州地铁集团');
    const lastList = () => server.calls.filter((c) => c.url.pathname === '/api/v1/tier-proposals').at(-1)!;

    const search = screen.getByTestId('filter-search');
    fireEvent.change(search, { target: { value: 'GD00' } });
    fireEvent.keyDown(search, { key: 'Enter', code: 'Enter', keyCode: 13 });
    await waitFor(() => expect(lastList().url.searchParams.get('q')).toBe('GD00'));

    // the active model classes A/B/C: the proposed-class filter offers them, sent as toGroupClass
    const to = screen.getByTestId('filter-to');
    fireEvent.mouseDown(to.querySelector('.ant-select-selector')!);
    expect(screen.queryByTitle('5A')).toBeNull();
    fireEvent.click(await screen.findByTitle('B 类'));
    await waitFor(() => expect(lastList().url.searchParams.get('toGroupClass')).toBe('B'));
    expect(lastList().url.searchParams.get('toTier')).toBeNull();
    expect(lastList().url.searchParams.get('q')).toBe('GD00');

    const am = await screen.findByTestId('filter-am');
    fireEvent.mouseDown(am.querySelector('.ant-select-selector')!);
    fireEvent.click(await screen.findByTitle('李明'));
    await waitFor(() => expect(lastList().url.searchParams.get('accountManagerId')).toBe('am-1'));

    const kind = screen.getByTestId('filter-kind');
    fireEvent.mouseDown(kind.querySelector('.ant-select-selector')!);
    fireEvent.click(await screen.findByTitle('升级 ↑'));
    await waitFor(() => expect(lastList().url.searchParams.get('kind')).toBe('upgrade'));
    expect(lastList().url.searchParams.get('offset')).toBe('0');

    // the snapshot names the missing indicator instead of its key
    fireEvent.click(screen.getByRole('button', { name: /expand row/i }));
    expect((await screen.findByTestId('snapshot-missing')).textContent).toBe('缺失指标:互惠关系');
  });

  it('offers 5A…1A as proposed tiers under the telecom scheme, sent as toTier', async () => {
    const server = stubServer([proposal()]);
    renderPage();
    await screen.findByText('广州地铁集团');
    const to = screen.getByTestId('filter-to');
    fireEvent.mouseDown(to.querySelector('.ant-select-selector')!);
    fireEvent.click(await screen.findByTitle('5A'));
    await waitFor(() =>
      expect(
        server.calls
          .filter((c) => c.url.pathname === '/api/v1/tier-proposals')
          .at(-1)!
          .url.searchParams.get('toTier'),
      ).toBe('5A'),
    );
    // no account-manager list for this role (404 here): no such filter
    expect(screen.queryByTestId('filter-am')).toBeNull();
  });

  it('shows no decision buttons to a read-only analyst', async () => {
    stubServer([proposal()]);
    renderPage('analyst');
    await screen.findByText('广州地铁集团');
    expect(screen.queryByTestId(`approve-${proposal().id}`)).toBeNull();
    expect(screen.queryByTestId('bulk-approve')).toBeNull();
  });
});
