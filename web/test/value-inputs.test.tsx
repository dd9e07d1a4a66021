import './setup';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from 'antd';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Role } from '../src/api/types';
import type { IndicatorInputItem, IndicatorInputs } from '../src/api/value';
import { setSessionUser } from '../src/auth/session';
import { IndicatorInputsPanel } from '../src/pages/customers/panels/indicator-inputs-panel';
import { buildUser, json, problem, routeFetch } from './fixtures';

vi.setConfig({ testTimeout: 30_000 });

const CUSTOMER = '11111111-1111-4111-8111-111111111111';
const PATH = `/api/v1/customers/${CUSTOMER}/indicator-inputs`;

const item = (
  indicator: IndicatorInputItem['indicator'],
  kind: IndicatorInputItem['kind'],
  value: number | null,
) => ({
  indicator,
  kind,
  value,
  source: value === null ? null : 'manual',
  enteredBy: value === null ? null : 'am1',
  enteredByName: value === null ? null : '王客户经理',
  enteredAt: value === null ? null : '2026-06-15T02:00:00.000Z',
  previousValue: indicator === 'businessCondition' ? 3 : null,
  previousPeriod: indicator === 'businessCondition' ? '2026-05-01' : null,
});

const INPUTS: IndicatorInputs = {
  customerId: CUSTOMER,
  period: '2026-06-01',
  items: [
    item('priceSensitivity', 'scale5', 2),
    item('socialInfluence', 'scale5', 5),
    item('businessCondition', 'scale5', null),
    item('demandForecast', 'quantitative', 120_000_000),
    item('valueChainRole', 'scale5', 4),
    item('telecomDependence', 'scale5', null),
    item('servicesMovedOut', 'quantitative', 0),
    item('reciprocity', 'scale5', 3),
  ] as IndicatorInputItem[],
  missing: ['businessCondition', 'telecomDependence'],
};

const INDICATORS = [
  { key: 'businessCondition', zh: '客户自身经营状况', en: "Customer's business condition" },
  { key: 'demandForecast', zh: '未来一年电信业务需求预测', en: 'Forecast of next-year telecom demand' },
  { key: 'reciprocity', zh: '互惠关系', en: 'Reciprocal relationship' },
];

function renderPanel(role: Role, extra: Parameters<typeof routeFetch>[0] = {}) {
  const server = routeFetch({
    'GET /api/v1/indicators': () => json(INDICATORS),
    [`GET ${PATH}`]: () => json(INPUTS),
    ...extra,
  });
  vi.stubGlobal('fetch', server.fetch);
  setSessionUser(buildUser({ role }));
  render(
    <App>
      <IndicatorInputsPanel customerId={CUSTOMER} />
    </App>,
  );
  return server;
}

afterEach(() => {
  vi.unstubAllGlobals();
  setSessionUser(null);
});

describe('IndicatorInputsPanel', () => {
  it('highlights missing indicators and shows who entered each, with last period for reference', async () => {
    renderPanel('account_manager');
    const panel = await screen.findByTestId('indicator-inputs-panel');
    expect((await within(panel).findByTestId('inputs-missing')).textContent).toContain('本期缺失 2 项指标');
    expect(within(panel).getByTestId('input-missing-businessCondition')).toBeTruthy();
    expect(within(panel).getByTestId('input-missing-telecomDependence')).toBeTruthy();
    expect(within(panel).queryByTestId('input-missing-reciprocity')).toBeNull();
    expect(within(panel).getByText('客户自身经营状况')).toBeTruthy();
    expect(within(panel).getAllByText('王客户经理').length).toBe(6);
    expect(within(panel).getByText('3 (2026-05)')).toBeTruthy();
    // demand forecast entered in fen, shown in yuan
    const forecast = within(panel).getByTestId('input-demandForecast') as HTMLInputElement;
    expect(forecast.value).toBe('1200000.00');
  });

  it('saves only the changed values for the chosen period', async () => {
    const server = renderPanel('account_manager', {
      [`PUT ${PATH}`]: () =>
        json({
          ...INPUTS,
          items: INPUTS.items.map((i) => (i.indicator === 'businessCondition' ? { ...i, value: 4 } : i)),
          missing: ['telecomDependence'],
        }),
    });
    const panel = await screen.findByTestId('indicator-inputs-panel');
    const save = within(panel).getByTestId('inputs-save') as HTMLButtonElement;
    expect(save.disabled).toBe(true);
    const group = await within(panel).findByTestId('input-businessCondition');
    fireEvent.click(within(group).getByText('4'));
    await waitFor(() => expect(save.disabled).toBe(false));
    fireEvent.click(save);
    await waitFor(() => expect(server.calls.some((c) => c.method === 'PUT')).toBe(true));
    const put = server.calls.find((c) => c.method === 'PUT');
    expect(JSON.parse(String(put?.init.body))).toEqual({ inputs: { businessCondition: 4 } });
    expect(put?.url.searchParams.get('period')).toMatch(/^\d{4}-\d{2}-01$/);
  });

  it('shows the server’s field error (a 1–5 value out of range)', async () => {
    renderPanel('kam_manager', {
      [`PUT ${PATH}`]: () =>
        problem(400, 'VALIDATION_FAILED', 'Some indicator inputs are invalid', {
          errors: [{ field: 'inputs.reciprocity', message: 'Must be an integer from 1 to 5' }],
        }),
    });
    const panel = await screen.findByTestId('indicator-inputs-panel');
    const group = await within(panel).findByTestId('input-reciprocity');
    fireEvent.click(within(group).getByText('5'));
    fireEvent.click(within(panel).getByTestId('inputs-save'));
    expect(await within(panel).findByText('inputs.reciprocity', {}, { timeout: 10_000 })).toBeTruthy();
  });

  it('is read-only for an analyst', async () => {
    renderPanel('analyst');
    const panel = await screen.findByTestId('indicator-inputs-panel');
    expect(await within(panel).findByText('只读')).toBeTruthy();
    expect(within(panel).queryByTestId('inputs-save')).toBeNull();
    expect((await within(panel).findByTestId('input-value-reciprocity')).textContent).toBe('3');
  });
});
