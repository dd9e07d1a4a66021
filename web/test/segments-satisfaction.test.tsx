import './setup';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from 'antd';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SatisfactionRow } from '../src/api/segments';
import { setSessionUser } from '../src/auth/session';
import { SatisfactionPanel } from '../src/pages/customers/panels/satisfaction-panel';
import { buildUser, json, problem, routeFetch } from './fixtures';

const ID = '22222222-2222-4222-8222-222222222222';

const row = (
  period: string,
  satisfaction: number,
  competitor: number | null,
  rsl: number | null,
): SatisfactionRow => ({
  customerId: ID,
  period,
  satisfaction,
  competitorSatisfaction: competitor,
  walletShare: 0.35,
  rsl,
  source: 'manual',
  enteredBy: 'am1',
  enteredAt: '2026-03-01T02:00:00Z',
});

describe('SatisfactionPanel', { timeout: 30_000 }, () => {
  beforeEach(() => {
    vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(600);
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(200);
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllGlobals();
    setSessionUser(null);
  });

  it('shows satisfaction, competitor, RSL (80 vs 60 → 1.33) and wallet share, and saves an entry', async () => {
    const server = routeFetch({
      [`GET /api/v1/customers/${ID}/satisfaction`]: () =>
        json([row('2026-03-01', 80, 60, 1.33), row('2025-12-01', 70, 0, null)]),
      [`PUT /api/v1/customers/${ID}/satisfaction`]: (_url, init) => {
        const body = JSON.parse(String(init.body));
        return body.satisfaction > 100
          ? problem(400, 'VALIDATION_FAILED', 'Invalid body', {
              errors: [{ field: 'satisfaction', message: 'at most 100' }],
            })
          : json(row(body.period, body.satisfaction, null, null));
      },
    });
    vi.stubGlobal('fetch', server.fetch);
    setSessionUser(buildUser({ role: 'account_manager', username: 'am1' }));
    render(
      <App>
        <SatisfactionPanel customerId={ID} />
      </App>,
    );
    const panel = await screen.findByTestId('satisfaction-panel');
    await waitFor(() => expect(within(panel).getByText('1.33', { selector: 'td' })).toBeTruthy());
    expect(within(panel).getByText('2026-03', { selector: 'td' })).toBeTruthy();
    expect(within(panel).getAllByText('35%', { selector: 'td' })).toHaveLength(2);
    expect(within(panel).getAllByText('—', { selector: 'td' }).length).toBeGreaterThan(0); // RSL with competitor 0
    await waitFor(() => expect(panel.querySelector('.echarts-for-react svg')).not.toBeNull());

    fireEvent.click(screen.getByTestId('satisfaction-add'));
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByTestId('satisfaction-month'), { target: { value: '2026-02' } });
    fireEvent.change(within(dialog).getByTestId('satisfaction-value'), { target: { value: '85' } });
    fireEvent.click(within(dialog).getAllByRole('button').at(-1)!);
    await waitFor(() => expect(server.calls.some((c) => c.method === 'PUT')).toBe(true));
    const put = server.calls.find((c) => c.method === 'PUT')!;
    expect(JSON.parse(String(put.init.body))).toEqual({ period: '2026-02-01', satisfaction: 85 });
  });
});
