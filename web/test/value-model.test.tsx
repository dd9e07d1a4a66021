import './setup';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from 'antd';
import { afterEach, describe, expect, it, vi } from 'vitest';

// the page renders 17 rows of editors; jsdom is slow with that many antd inputs
vi.setConfig({ testTimeout: 30_000 });

import { setSessionUser } from '../src/auth/session';
import { liveAhp, roundWeights, setPair } from '../src/pages/value/ahp-math';
import { AhpWizard } from '../src/pages/value/ahp-wizard';
import { classFor, cutsValid } from '../src/pages/value/model-helpers';
import { json, problem } from './fixtures';
import {
  DEFINITION,
  INDICATORS,
  model,
  numberInput,
  openTab,
  pick,
  renderPage,
  showDraft,
  stub,
} from './value-fixtures';

afterEach(() => {
  vi.unstubAllGlobals();
  setSessionUser(null);
});

describe('AHP arithmetic of the wizard', () => {
  it('matches the textbook example and keeps rounded weights summing to 1', () => {
    let m = [
      [1, 1, 1],
      [1, 1, 1],
      [1, 1, 1],
    ];
    m = setPair(m, 0, 1, 3);
    m = setPair(m, 0, 2, 5);
    m = setPair(m, 1, 2, 3);
    expect(m[2]?.[0]).toBeCloseTo(0.2, 12);
    const r = liveAhp(m);
    expect(r.weights[0]).toBeCloseTo(0.637, 3);
    expect(r.cr).toBeCloseTo(0.033, 3);
    const rounded = roundWeights(r.weights);
    expect(rounded.reduce((s, w) => s + w, 0)).toBeCloseTo(1, 12);
  });

  it('tier helpers', () => {
    expect(classFor(DEFINITION.tiering, 82.4, 0)).toBe('5A');
    expect(classFor(DEFINITION.tiering, 10, 0)).toBe('1A');
    expect(
      classFor({ scheme: 'telecom', method: 'quota', cuts: [0.02, 0.1, 0.25, 0.5], graceRuns: 1 }, 0, 0.05),
    ).toBe('4A');
    expect(cutsValid({ ...DEFINITION.tiering, cuts: [80, 85, 50, 35] })).toBe(false);
  });
});

describe('AhpWizard', () => {
  function renderWizard(canApply = true) {
    const onApply = vi.fn();
    render(
      <App>
        <AhpWizard definition={DEFINITION} indicators={INDICATORS} canApply={canApply} onApply={onApply} />
      </App>,
    );
    return onApply;
  }

  it('shows the live CR, blocks apply at CR ≥ 0.10 with the reason in Chinese, applies when consistent', async () => {
    const server = stub({
      'POST /api/v1/ahp': (_url, init) => {
        const body = JSON.parse(String(init.body)) as { matrix: number[][] };
        const r = liveAhp(body.matrix);
        return json({ weights: r.weights, lambdaMax: r.lambdaMax, ci: r.ci, ri: 0.9, cr: r.cr });
      },
    });
    const onApply = renderWizard();
    const wizard = await screen.findByTestId('ahp-wizard');
    expect(within(wizard).getByTestId('ahp-cr').textContent).toBe('0.000');
    expect((within(wizard).getByTestId('ahp-apply') as HTMLButtonElement).disabled).toBe(false);

    // current ≫ potential ≫ loyalty, yet loyalty ≫ current: a contradiction
    await pick('ahp-cell-0-1', '9');
    await pick('ahp-cell-1-2', '9');
    await pick('ahp-cell-0-2', '1/9');
    expect(within(wizard).getByTestId('ahp-cell-2-0').textContent).toBe('9');
    expect(within(wizard).getByTestId('ahp-cell-1-0').textContent).toBe('1/9');
    const cr = Number(within(wizard).getByTestId('ahp-cr').textContent);
    expect(cr).toBeGreaterThanOrEqual(0.1);
    const status = within(wizard).getByTestId('ahp-status');
    expect(status.textContent).toContain('一致性比率 CR');
    expect(status.textContent).toContain('不能应用');
    expect((within(wizard).getByTestId('ahp-apply') as HTMLButtonElement).disabled).toBe(true);

    // back to equal importance, then a consistent preference for current value
    fireEvent.click(within(wizard).getByTestId('ahp-reset'));
    await pick('ahp-cell-0-1', '2');
    expect(Number(within(wizard).getByTestId('ahp-cr').textContent)).toBeLessThan(0.1);
    expect(within(wizard).getByTestId('ahp-status').textContent).toContain('可以接受');
    fireEvent.click(within(wizard).getByTestId('ahp-apply'));
    await waitFor(() => expect(onApply).toHaveBeenCalledTimes(1));
    const call = server.calls.find((c) => c.url.pathname === '/api/v1/ahp');
    const sent = JSON.parse(String(call?.init.body)) as { matrix: number[][]; labels: string[] };
    expect(sent.matrix[0]?.[1]).toBe(2);
    expect(sent.matrix[1]?.[0]).toBe(0.5);
    expect(sent.labels).toEqual(['当前价值', '潜在价值', '忠诚度', '影响力']);
    const applied = onApply.mock.calls[0]?.[0] as { set: string; weights: Record<string, number> };
    expect(applied.set).toBe('total');
    expect(Object.values(applied.weights).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
    expect(applied.weights.currentValue).toBeGreaterThan(applied.weights.potentialValue ?? 1);
  });

  it('compares the indicators of one result', async () => {
    stub();
    renderWizard();
    await pick('ahp-criteria', '影响力的指标');
    const wizard = await screen.findByTestId('ahp-wizard');
    expect(within(wizard).getByTestId('ahp-weight-socialInfluence')).toBeTruthy();
    expect(within(wizard).getByTestId('ahp-weight-drivenRevenue')).toBeTruthy();
    expect(within(wizard).queryByTestId('ahp-weight-reciprocity')).toBeNull();
  });

  it('shows the server’s refusal when it finds the matrix inconsistent', async () => {
    stub({
      'POST /api/v1/ahp': () => problem(400, 'AHP_INCONSISTENT', '一致性比率 CR = 0.12 ≥ 0.10', { cr: 0.12 }),
    });
    const onApply = renderWizard();
    const wizard = await screen.findByTestId('ahp-wizard');
    await pick('ahp-cell-0-1', '3');
    fireEvent.click(within(wizard).getByTestId('ahp-apply'));
    expect(await within(wizard).findByTestId('error-alert')).toBeTruthy();
    expect(onApply).not.toHaveBeenCalled();
  });

  it('cannot apply without a draft', async () => {
    stub();
    renderWizard(false);
    expect(((await screen.findByTestId('ahp-apply')) as HTMLButtonElement).disabled).toBe(true);
  });
});

describe('ValueModelPage', () => {
  it('is read-only for an analyst: no save, no new draft, apply disabled', async () => {
    stub({}, [model(1, 'active')]);
    renderPage('analyst');
    expect(await screen.findByText('只读:仅系统管理员可修改价值模型。')).toBeTruthy();
    expect(screen.queryByTestId('save-draft')).toBeNull();
    expect(screen.queryByTestId('new-draft')).toBeNull();
    expect((await screen.findByTestId('weight-influence-socialInfluence')).textContent).toBe('0.5');
    await openTab('AHP 层次分析向导');
    expect(((await screen.findByTestId('ahp-apply')) as HTMLButtonElement).disabled).toBe(true);
    await openTab('版本');
    expect(screen.queryByTestId('activate-1')).toBeNull();
  });

  it('flags a result whose weights do not sum to 1 and shows the server’s field errors on save', async () => {
    const server = stub({
      'PUT /api/v1/value-models/2': () =>
        problem(400, 'MODEL_INVALID', 'invalid', {
          errors: [
            { field: 'definition.weights.influence', message: 'Weights must sum to 1 (they sum to 1.1)' },
          ],
        }),
    });
    renderPage('admin');
    await showDraft();
    const input = await numberInput('weight-influence-socialInfluence');
    fireEvent.change(input, { target: { value: '0.6' } });
    fireEvent.blur(input);
    await waitFor(() => expect(screen.getByTestId('sum-influence').textContent).toBe('合计 1.1,应为 1'));
    fireEvent.click(screen.getByTestId('save-draft'));
    expect(await screen.findByText('definition.weights.influence', {}, { timeout: 10_000 })).toBeTruthy();
    const put = server.calls.find((c) => c.method === 'PUT');
    expect(JSON.parse(String(put?.init.body)).definition.weights.influence.socialInfluence).toBe(0.6);
  });

  it('previews tier ranges and refuses non-monotonic cut points', async () => {
    stub();
    renderPage('admin');
    await showDraft();
    await openTab('分级切分点');
    const preview = await screen.findByTestId('tier-preview');
    expect(within(preview).getByText('总分 80 – 100')).toBeTruthy();
    expect(within(preview).getByText('总分 < 35')).toBeTruthy();
    const cut = await numberInput('tier-cut-1');
    fireEvent.change(cut, { target: { value: '90' } });
    fireEvent.blur(cut);
    expect(await screen.findByTestId('tier-invalid')).toBeTruthy();
  });

  it('shows how the cut points would spread the customers in scope, and asks again when they change', async () => {
    const classes = ['5A', '4A', '3A', '2A', '1A'].map((cls, i) => ({ cls, count: 10 - i, current: 8 }));
    const server = stub({
      'POST /api/v1/value-models/tier-preview': () =>
        json({
          assessed: 40,
          unassessed: 3,
          latestAsOf: '2026-11-01',
          histogram: Array.from({ length: 20 }, (_, i) => ({ from: i * 5, to: i * 5 + 5, count: i % 3 })),
          classes,
          moves: { up: 7, down: 5, same: 25, unrated: 3 },
        }),
    });
    renderPage('admin');
    await showDraft();
    await openTab('分级切分点');
    const card = await screen.findByTestId('tier-distribution');
    const table = await within(card).findByTestId('tier-distribution-classes', undefined, { timeout: 5000 });
    expect(within(table).getByText('10(25.0%)')).toBeTruthy();
    expect(within(card).getByText(/40 户最近一次评估/)).toBeTruthy();
    expect(within(card).getByText('将降级(需宽限期确认)')).toBeTruthy();
    const posted = () => server.calls.filter((c) => c.url.pathname === '/api/v1/value-models/tier-preview');
    expect(JSON.parse(String(posted()[0]!.init.body)).tiering.cuts).toEqual([80, 65, 50, 35]);
    const cut = await numberInput('tier-cut-1');
    fireEvent.change(cut, { target: { value: '60' } });
    fireEvent.blur(cut);
    await waitFor(
      () => expect(JSON.parse(String(posted().at(-1)!.init.body)).tiering.cuts).toEqual([80, 60, 50, 35]),
      {
        timeout: 5000,
      },
    );
  });

  it('activates a version with a reason (admin)', async () => {
    const server = stub({
      'POST /api/v1/value-models/2/activate': () => json({ ...model(2, 'active') }),
    });
    renderPage('admin');
    await openTab('版本');
    fireEvent.click(await screen.findByTestId('activate-2'));
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByRole('textbox'), { target: { value: '年度调整' } });
    fireEvent.click(within(dialog).getByRole('button', { name: '生 效' }));
    await waitFor(() =>
      expect(server.calls.some((c) => c.method === 'POST' && c.url.pathname.endsWith('/activate'))).toBe(
        true,
      ),
    );
    const call = server.calls.find((c) => c.url.pathname.endsWith('/activate'));
    expect(JSON.parse(String(call?.init.body))).toEqual({ reason: '年度调整' });
  });
});
