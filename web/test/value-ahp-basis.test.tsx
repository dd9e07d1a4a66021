import './setup';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from 'antd';
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.setConfig({ testTimeout: 30_000 });

import type { ValueModelDefinition } from '../src/api/value';
import { setSessionUser } from '../src/auth/session';
import { liveAhp, matrixFor, roundWeights } from '../src/pages/value/ahp-math';
import { AhpWizard } from '../src/pages/value/ahp-wizard';
import { dropStaleAhp } from '../src/pages/value/model-helpers';
import { json } from './fixtures';
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

/** Current value twice as important as each other result (CR 0). */
const TOTAL_MATRIX = [
  [1, 2, 2, 2],
  [1 / 2, 1, 1, 1],
  [1 / 2, 1, 1, 1],
  [1 / 2, 1, 1, 1],
];

/** DEFINITION weighted by TOTAL_MATRIX, with the matrix stored as its basis. */
function withBasis(): ValueModelDefinition {
  const def = structuredClone(DEFINITION);
  const w = roundWeights(liveAhp(TOTAL_MATRIX).weights);
  def.totalWeights = { currentValue: w[0]!, potentialValue: w[1]!, loyalty: w[2]!, influence: w[3]! };
  def.ahp = {
    total: {
      criteria: ['currentValue', 'potentialValue', 'loyalty', 'influence'],
      matrix: TOTAL_MATRIX,
      cr: 0,
    },
  };
  return def;
}

afterEach(() => {
  vi.unstubAllGlobals();
  setSessionUser(null);
});

describe('AHP basis helpers', () => {
  it('a stored matrix is rearranged into the wizard’s order; another set of criteria gives null', () => {
    const basis = {
      criteria: ['b', 'a'],
      matrix: [
        [1, 3],
        [1 / 3, 1],
      ],
      cr: 0,
    };
    expect(matrixFor(basis, ['a', 'b'])).toEqual([
      [1, 1 / 3],
      [3, 1],
    ]);
    expect(matrixFor(basis, ['a', 'c'])).toBeNull();
    expect(matrixFor(undefined, ['a', 'b'])).toBeNull();
  });

  it('a hand edit of a group’s weights drops that group’s matrix only', () => {
    const before = withBasis();
    before.ahp!.influence = {
      criteria: ['socialInfluence', 'valueChainRole', 'drivenRevenue'],
      matrix: [],
      cr: 0,
    };
    const next = structuredClone(before);
    next.totalWeights.currentValue = 0.5;
    next.totalWeights.influence = 0.1;
    const { definition, dropped } = dropStaleAhp(before, next);
    expect(dropped).toEqual(['total']);
    expect(Object.keys(definition.ahp ?? {})).toEqual(['influence']);
    const untouched = dropStaleAhp(before, structuredClone(before));
    expect(untouched.dropped).toEqual([]);
  });
});

describe('AhpWizard with a stored matrix', () => {
  it('shows an active version’s matrix read-only, with its CR and no apply', async () => {
    stub();
    render(
      <App>
        <AhpWizard definition={withBasis()} indicators={INDICATORS} canApply={false} onApply={vi.fn()} />
      </App>,
    );
    const wizard = await screen.findByTestId('ahp-wizard');
    expect(within(wizard).getByTestId('ahp-basis').textContent).toContain('CR = 0.000');
    expect(within(wizard).getByTestId('ahp-cell-0-1').textContent).toBe('2');
    expect(within(wizard).getByTestId('ahp-cell-1-0').textContent).toBe('1/2');
    expect(wizard.querySelector('.ant-select-selector [title="2"]')).toBeNull(); // no selects in the matrix
    expect(within(wizard).queryByTestId('ahp-apply')).toBeNull();
    expect(within(wizard).queryByTestId('ahp-reset')).toBeNull();
    expect(within(wizard).getByTestId('ahp-weight-currentValue').textContent).toBe('0.4000');

    // a group without a stored matrix says so and stays a calculator
    await pick('ahp-criteria', '影响力的指标');
    expect((await within(wizard).findByTestId('ahp-no-basis')).textContent).toContain('没有保存判断矩阵');
  });

  it('a draft reopens from its stored matrix and applies the matrix with the weights', async () => {
    stub({
      'POST /api/v1/ahp': (_url, init) => {
        const body = JSON.parse(String(init.body)) as { matrix: number[][] };
        const r = liveAhp(body.matrix);
        return json({ weights: r.weights, lambdaMax: r.lambdaMax, ci: r.ci, ri: 0.9, cr: r.cr });
      },
    });
    const onApply = vi.fn();
    render(
      <App>
        <AhpWizard definition={withBasis()} indicators={INDICATORS} canApply onApply={onApply} />
      </App>,
    );
    const wizard = await screen.findByTestId('ahp-wizard');
    expect(within(wizard).getByTestId('ahp-basis').textContent).toContain('已打开此草稿保存的判断矩阵');
    const cell = within(wizard).getByTestId('ahp-cell-0-1');
    const select = cell.classList.contains('ant-select') ? cell : cell.closest('.ant-select');
    expect(select?.querySelector('.ant-select-selection-item')?.textContent).toBe('2');
    await pick('ahp-cell-0-2', '3');
    fireEvent.click(within(wizard).getByTestId('ahp-apply'));
    await waitFor(() => expect(onApply).toHaveBeenCalledTimes(1));
    const applied = onApply.mock.calls[0]?.[0] as {
      set: string;
      basis: { criteria: string[]; matrix: number[][]; cr: number };
    };
    expect(applied.set).toBe('total');
    expect(applied.basis.criteria).toEqual(['currentValue', 'potentialValue', 'loyalty', 'influence']);
    expect(applied.basis.matrix[0]).toEqual([1, 2, 3, 2]);
    expect(applied.basis.matrix[2]?.[0]).toBeCloseTo(1 / 3, 12);
    expect(applied.basis.cr).toBeCloseTo(liveAhp(applied.basis.matrix).cr, 12);
  });
});

describe('ValueModelPage keeps the matrix with the draft', () => {
  it('applying saves the matrix and CR into the draft; a hand edit of those weights drops it', async () => {
    const versions = [model(2, 'draft'), model(1, 'active')];
    const server = stub(
      {
        'POST /api/v1/ahp': (_url, init) => {
          const body = JSON.parse(String(init.body)) as { matrix: number[][] };
          const r = liveAhp(body.matrix);
          return json({ weights: r.weights, lambdaMax: r.lambdaMax, ci: r.ci, ri: 0.58, cr: r.cr });
        },
        'PUT /api/v1/value-models/2': (_url, init) => {
          versions[0] = { ...model(2, 'draft'), definition: JSON.parse(String(init.body)).definition };
          return json(versions[0]);
        },
      },
      versions,
    );
    renderPage('admin');
    await showDraft();
    await openTab('AHP 层次分析向导');
    await pick('ahp-criteria', '影响力的指标');
    // driven revenue three times as important as each of the other two (consistent)
    await pick('ahp-cell-0-1', '3');
    await pick('ahp-cell-0-2', '3');
    fireEvent.click(await screen.findByTestId('ahp-apply'));
    await waitFor(
      () => expect((screen.getByTestId('save-draft') as HTMLButtonElement).disabled).toBe(false),
      {
        timeout: 5000,
      },
    );
    fireEvent.click(screen.getByTestId('save-draft'));
    await waitFor(() => expect(server.calls.some((c) => c.method === 'PUT')).toBe(true), { timeout: 5000 });
    const sent = JSON.parse(String(server.calls.find((c) => c.method === 'PUT')?.init.body)).definition;
    expect(sent.ahp.influence.criteria).toEqual(['drivenRevenue', 'socialInfluence', 'valueChainRole']);
    expect(sent.ahp.influence.matrix[1][0]).toBeCloseTo(1 / 3, 12);
    expect(sent.ahp.influence.cr).toBeCloseTo(liveAhp(sent.ahp.influence.matrix).cr, 12);
    expect(sent.weights.influence.drivenRevenue).toBeGreaterThan(sent.weights.influence.socialInfluence);

    // edit the influence weights by hand: the matrix is no longer their basis
    await openTab('指标与权重');
    const input = await numberInput('weight-influence-socialInfluence');
    fireEvent.change(input, { target: { value: '0.5' } });
    fireEvent.blur(input);
    fireEvent.click(screen.getByTestId('save-draft'));
    await waitFor(() => expect(server.calls.filter((c) => c.method === 'PUT')).toHaveLength(2), {
      timeout: 5000,
    });
    const second = JSON.parse(
      String(server.calls.filter((c) => c.method === 'PUT')[1]?.init.body),
    ).definition;
    expect(second.ahp).toBeUndefined();
  }, 20_000); // a whole wizard and two saves: slow on a busy machine
});
