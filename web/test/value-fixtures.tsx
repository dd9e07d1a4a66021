/** Shared fixtures of the value model page tests: the indicator catalog, a definition, versions, a stubbed server. */
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App } from 'antd';
import { vi } from 'vitest';
import type { Role } from '../src/api/types';
import type { Indicator, ValueModel, ValueModelDefinition } from '../src/api/value';
import { setSessionUser } from '../src/auth/session';
import { ValueModelPage } from '../src/pages/value/value-model-page';
import { buildUser, json, routeFetch } from './fixtures';

/** [key, group, direction, source, kind, zh, feeds, currentPart] as the server's catalog. */
const CATALOG: [
  string,
  Indicator['group'],
  1 | -1,
  Indicator['source'],
  Indicator['kind'],
  string,
  string[],
  string | null,
][] = [
  [
    'avgMonthlyRevenue',
    'contribution',
    1,
    'billing',
    'quantitative',
    '平均每月计费收入',
    ['currentValue'],
    'directValue',
  ],
  [
    'drivenRevenue',
    'contribution',
    1,
    'billing',
    'quantitative',
    '对公众/商业客户群收入贡献(带动)',
    ['currentValue', 'influence'],
    'addedValue',
  ],
  [
    'dedicatedCost',
    'contribution',
    -1,
    'billing',
    'quantitative',
    '单独运维或营销成本投入',
    ['currentValue'],
    'directValue',
  ],
  [
    'arrearsMonths',
    'contribution',
    -1,
    'billing',
    'quantitative',
    '累计欠费时间',
    ['currentValue'],
    'directValue',
  ],
  ['priceSensitivity', 'characteristics', -1, 'manual', 'scale5', '价格敏感度', ['potentialValue'], null],
  [
    'newServiceUsage',
    'characteristics',
    1,
    'billing',
    'quantitative',
    '新业务使用',
    ['currentValue'],
    'addedValue',
  ],
  [
    'bandwidthShare',
    'characteristics',
    1,
    'billing',
    'quantitative',
    '带宽业务所占比例',
    ['currentValue'],
    'addedValue',
  ],
  ['socialInfluence', 'characteristics', 1, 'manual', 'scale5', '社会及政策影响力', ['influence'], null],
  [
    'businessCondition',
    'characteristics',
    1,
    'manual',
    'scale5',
    '客户自身经营状况',
    ['potentialValue'],
    null,
  ],
  [
    'demandForecast',
    'characteristics',
    1,
    'manual',
    'quantitative',
    '未来一年电信业务需求预测',
    ['potentialValue'],
    null,
  ],
  [
    'valueChainRole',
    'characteristics',
    1,
    'manual',
    'scale5',
    '在价值链中的作用',
    ['potentialValue', 'influence'],
    null,
  ],
  [
    'telecomDependence',
    'characteristics',
    1,
    'manual',
    'scale5',
    '对电信服务的依赖度和需求度',
    ['potentialValue'],
    null,
  ],
  [
    'servicesMovedOut',
    'relationship',
    -1,
    'manual',
    'quantitative',
    '最近一年业务转网情况',
    ['loyalty'],
    null,
  ],
  ['satisfaction', 'relationship', 1, 'survey', 'quantitative', '综合满意度', ['loyalty'], null],
  [
    'walletShare',
    'relationship',
    1,
    'survey',
    'quantitative',
    '钱包份额(占总通信支出比例)',
    ['loyalty'],
    null,
  ],
  [
    'relationshipYears',
    'relationship',
    1,
    'profile',
    'quantitative',
    '双方维系服务关系的时间',
    ['loyalty'],
    null,
  ],
  ['reciprocity', 'relationship', 1, 'manual', 'scale5', '互惠关系', ['loyalty'], null],
];

export const INDICATORS = CATALOG.map(
  ([key, group, direction, source, kind, zh, feeds, currentPart]) =>
    ({
      key,
      group,
      direction,
      source,
      kind,
      unit: kind === 'scale5' ? 'scale5' : 'fen',
      zh,
      en: key,
      feeds,
      currentPart,
      enterable: source === 'manual',
    }) as Indicator,
);

export const DEFINITION: ValueModelDefinition = {
  indicators: Object.fromEntries(
    INDICATORS.map((i) => [i.key, i.kind === 'scale5' ? { method: 'scale5' } : { method: 'percentile' }]),
  ) as ValueModelDefinition['indicators'],
  weights: {
    currentValue: {
      avgMonthlyRevenue: 0.35,
      dedicatedCost: 0.1,
      arrearsMonths: 0.1,
      drivenRevenue: 0.15,
      newServiceUsage: 0.15,
      bandwidthShare: 0.15,
    },
    potentialValue: {
      demandForecast: 0.3,
      businessCondition: 0.2,
      telecomDependence: 0.2,
      priceSensitivity: 0.15,
      valueChainRole: 0.15,
    },
    loyalty: {
      servicesMovedOut: 0.2,
      satisfaction: 0.25,
      walletShare: 0.25,
      relationshipYears: 0.15,
      reciprocity: 0.15,
    },
    influence: { socialInfluence: 0.5, valueChainRole: 0.3, drivenRevenue: 0.2 },
  },
  currentValueParts: {
    directValue: ['avgMonthlyRevenue', 'dedicatedCost', 'arrearsMonths'],
    addedValue: ['drivenRevenue', 'newServiceUsage', 'bandwidthShare'],
  },
  totalWeights: { currentValue: 0.4, potentialValue: 0.25, loyalty: 0.2, influence: 0.15 },
  tiering: { scheme: 'telecom', method: 'threshold', cuts: [80, 65, 50, 35], graceRuns: 1 },
};

export const model = (version: number, status: ValueModel['status']): ValueModel => ({
  version,
  name: status === 'draft' ? '2026 草稿' : '默认模型',
  status,
  definition: structuredClone(DEFINITION),
  note: null,
  createdBy: 'admin',
  createdAt: '2026-06-01T02:00:00.000Z',
  activatedAt: status === 'active' ? '2026-06-01T02:00:00.000Z' : null,
});

export function stub(
  extra: Parameters<typeof routeFetch>[0] = {},
  versions = [model(2, 'draft'), model(1, 'active')],
) {
  const server = routeFetch({
    'GET /api/v1/indicators': () => json(INDICATORS),
    'GET /api/v1/value-models': () => json(versions),
    ...extra,
  });
  vi.stubGlobal('fetch', server.fetch);
  return server;
}

export function renderPage(role: Role) {
  setSessionUser(buildUser({ role }));
  render(
    <App>
      <ValueModelPage />
    </App>,
  );
}

/** Picks `label` in the antd Select inside the element with `testId`. */
export async function pick(testId: string, label: string) {
  const root = await screen.findByTestId(testId);
  const selector = root.classList.contains('ant-select') ? root : (root.closest('.ant-select') ?? root);
  fireEvent.mouseDown(selector.querySelector('.ant-select-selector') as Element);
  // earlier dropdowns stay in the DOM: choose in the one this select controls
  const combobox = selector.querySelector('[role="combobox"]') as Element;
  const option = await waitFor(() => {
    const list = document.getElementById(combobox.getAttribute('aria-controls') ?? '');
    const dropdown = list?.closest('.ant-select-dropdown');
    const found = dropdown?.querySelector(`[title="${label}"]`);
    if (!found) throw new Error(`no option ${label}`);
    return found;
  });
  fireEvent.click(option);
}

/** The <input> of an antd InputNumber carrying `testId` (antd puts the id on the input itself). */
export async function numberInput(testId: string): Promise<HTMLInputElement> {
  const el = await screen.findByTestId(testId);
  return (el.tagName === 'INPUT' ? el : el.querySelector('input')) as HTMLInputElement;
}

/** Shows the draft version v2 (the page opens on the active one). */
export async function showDraft() {
  await pick('model-version-select', 'v2 · 2026 草稿 · 草稿');
  await screen.findByTestId('save-draft');
}

export async function openTab(name: string) {
  fireEvent.click(await screen.findByRole('tab', { name }));
}
