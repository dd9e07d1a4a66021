import './setup';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from 'antd';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type {
  CatalogDiff,
  CatalogDocument,
  CatalogVersion,
  CatalogVersionSummary,
  CustomerEntitlements,
  Entitlement,
  Standard,
} from '../src/api/catalog';
import { setSessionUser } from '../src/auth/session';
import { CatalogPage } from '../src/pages/catalog/catalog-page';
import { EntitlementsPanel } from '../src/pages/customers/panels/entitlements-panel';
import { buildUser, json, problem, routeFetch } from './fixtures';

const std = (level: string, hours: number, wording: string): Standard => ({
  itemCode: 'fixed_line_restore',
  level,
  product: null,
  scope: null,
  contactRole: null,
  provided: true,
  responseTime: { kind: 'hours', hours, clock: '24x7' },
  targetPercent: null,
  frequency: null,
  degree: null,
  coverage: null,
  wording,
});

const DOC: CatalogDocument = {
  items: [
    {
      code: 'fixed_line_restore',
      name: '固定电话复通业务及功能增加',
      nameEn: 'Fixed-line restoration and feature add',
      category: 'basic',
      attribute: 'group',
      need: 'basic',
      description: null,
      products: [],
      scoped: false,
    },
    {
      code: 'chief_account_manager',
      name: '首席客户经理',
      nameEn: 'Chief account manager',
      category: 'value_added',
      attribute: 'group',
      need: 'value_added',
      description: null,
      products: [],
      scoped: false,
    },
  ],
  standards: [
    std('5A', 2, '2小时'),
    std('4A', 2, '2小时'),
    std('3A', 2, '2小时'),
    std('2A', 3, '3小时'),
    std('1A', 4, '不超过4小时'),
    std('basic', 4, '不超过4小时'),
    {
      ...std('2A', 0, '不提供'),
      itemCode: 'chief_account_manager',
      provided: false,
      responseTime: null,
    },
  ],
  actions: [
    {
      code: 'visit_5a',
      name: '客户经理上门拜访(每月)',
      nameEn: 'Account manager visit (month)',
      level: '5A',
      kind: 'visit',
      schedule: { kind: 'periodic', period: 'month', times: 1 },
      itemCode: null,
      owner: 'account_manager',
    },
  ],
  channels: [
    { channel: 'group_hotline', itemCode: 'fixed_line_restore', levels: ['5A', 'basic'], role: 'primary' },
  ],
};

const meta = {
  basedOn: null,
  note: null,
  createdBy: 'system',
  createdAt: '2026-03-01T00:00:00Z',
  updatedAt: '2026-03-01T00:00:00Z',
  publishedBy: 'system',
  publishedAt: '2026-03-01T00:00:00Z',
};
const V1: CatalogVersion = {
  ...meta,
  version: 1,
  status: 'published',
  effectiveDate: '2000-01-01',
  document: DOC,
};
const DRAFT: CatalogVersion = {
  ...meta,
  version: 2,
  status: 'draft',
  effectiveDate: null,
  basedOn: 1,
  publishedBy: null,
  publishedAt: null,
  document: DOC,
};
const counts = { items: 2, standards: 7, actions: 1, channels: 1 };
const VERSIONS: CatalogVersionSummary[] = [
  { ...DRAFT, inForce: false, counts },
  { ...V1, inForce: true, counts },
];
const DIFF: CatalogDiff = {
  from: 1,
  to: 'draft',
  items: [],
  standards: [
    {
      key: 'fixed_line_restore|2A|*|*|*',
      change: 'changed',
      before: std('2A', 3, '3小时'),
      after: std('2A', 2, '2小时'),
      fields: [
        {
          field: 'responseTime',
          before: { kind: 'hours', hours: 3, clock: '24x7' },
          after: { kind: 'hours', hours: 2, clock: '24x7' },
        },
        { field: 'wording', before: '3小时', after: '2小时' },
      ],
    },
  ],
  actions: [],
  channels: [],
  counts: { added: 0, removed: 0, changed: 1 },
};

function stubCatalog() {
  const server = routeFetch({
    'GET /api/v1/catalog': () => json(V1),
    'GET /api/v1/catalog/versions': () => json(VERSIONS),
    'GET /api/v1/catalog/versions/1': () => json(V1),
    'GET /api/v1/catalog/versions/2': () => json(DRAFT),
    'GET /api/v1/catalog/diff': () => json(DIFF),
    'PUT /api/v1/catalog/draft': () =>
      problem(400, 'CATALOG_INVALID', 'The service catalog is invalid', {
        errors: [
          { field: 'document.standards[3].responseTime.hours', message: 'hours must be a number above 0' },
        ],
      }),
  });
  vi.stubGlobal('fetch', server.fetch);
  return server;
}

describe('CatalogPage', { timeout: 30_000 }, () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setSessionUser(null);
  });

  it('shows the star standards grid, the versions and their diff; an admin sees field errors of a bad draft', async () => {
    const server = stubCatalog();
    setSessionUser(buildUser({ role: 'admin' }));
    render(
      <App>
        <CatalogPage />
      </App>,
    );
    const grid = await screen.findByTestId('standards-grid');
    for (const header of ['5★(5A)', '4★(4A)', '3★(3A)', '2★(2A)', '1★(A)', '基本标准']) {
      expect(within(grid).getAllByText(header).length).toBeGreaterThan(0);
    }
    const row = within(grid).getByText('固定电话复通业务及功能增加').closest('tr')!;
    expect(row.textContent).toContain('3小时');
    expect(row.textContent).toContain('不超过4小时');
    expect(within(grid).getByText('首席客户经理').closest('tr')!.textContent).toContain('不提供');

    fireEvent.click(screen.getByRole('tab', { name: '版本' }));
    const diff = await screen.findByTestId('catalog-diff');
    expect(diff.textContent).toContain('固定电话复通业务及功能增加 · 2★(2A)');
    expect(within(diff).getAllByText('3小时', { selector: 'del' })).toHaveLength(2);
    expect(diff.textContent).toContain('2小时');
    expect(
      server.calls.some(
        (c) => c.url.pathname === '/api/v1/catalog/diff' && c.url.search === '?from=1&to=draft',
      ),
    ).toBe(true);

    // edit the draft: change 2★ restore to 0 hours and save → the field error is shown
    fireEvent.click(screen.getByRole('button', { name: /编辑草稿/ }));
    fireEvent.click(screen.getByRole('tab', { name: '星级服务标准' }));
    fireEvent.click(await screen.findByRole('button', { name: 'edit fixed_line_restore 2A' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByLabelText('responseTime.amount'), { target: { value: '0' } });
    fireEvent.click(within(dialog).getByRole('button', { name: /OK|确定|确 定/ }));
    await waitFor(() =>
      expect(screen.getByRole('button', { name: /保存草稿/ })).not.toHaveProperty('disabled', true),
    );
    fireEvent.click(screen.getByRole('button', { name: /保存草稿/ }));
    expect(await screen.findByText('草稿有 1 处错误,请按字段修改后再保存。')).toBeTruthy();
    expect(screen.getByText('document.standards[3].responseTime.hours')).toBeTruthy();
    const put = server.calls.find((c) => c.method === 'PUT')!;
    const sent = JSON.parse(String(put.init.body)).document as CatalogDocument;
    expect(sent.standards[3]!.responseTime).toEqual({ kind: 'hours', hours: 0, clock: '24x7' });
  });
});

const entry = (overrides: Partial<Entitlement>): Entitlement => ({
  itemCode: 'fixed_line_restore',
  product: null,
  scope: null,
  contactRole: null,
  level: '5A',
  standard: null,
  provided: true,
  responseTime: { kind: 'hours', hours: 2, clock: '24x7' },
  targetPercent: null,
  frequency: null,
  degree: null,
  coverage: null,
  wording: '2小时',
  channels: [{ channel: 'group_hotline', role: 'primary' }],
  explanation: [
    { rule: 'service_tier', level: '5A', detail: { tier: '5A', stars: 5, serviceTier: '5A' }, message: '' },
    { rule: 'basic_level', level: 'basic', detail: {}, message: '' },
    { rule: 'standard_matched', level: '5A', detail: { fallback: false }, message: '' },
  ],
  deadline: {
    rule: { kind: 'clockMinutes', startAt: '2026-03-10T02:00:00.000Z', minutes: 120 },
    dueAt: '2026-03-10T04:00:00.000Z',
    dueDate: '2026-03-10',
    provisional: false,
  },
  ...overrides,
});

const ENTITLEMENTS: CustomerEntitlements = {
  customerId: 'c1',
  customerName: '广州地铁集团',
  at: '2026-03-10T02:00:00.000Z',
  catalogVersion: 1,
  subject: { tier: '5A', stars: 5, groupClass: null, serviceTier: '5A', regionCode: 'GD-GZ' },
  items: [
    { item: DOC.items[0]!, provided: true, entries: [entry({})] },
    {
      item: { ...DOC.items[1]!, code: 'birthday_care', name: '生日关怀', category: 'value_added' },
      provided: true,
      entries: [
        entry({
          itemCode: 'birthday_care',
          contactRole: 'core',
          wording: '生日当天送上祝福及电子兑换券',
          responseTime: null,
          deadline: null,
        }),
        entry({
          itemCode: 'birthday_care',
          contactRole: 'ordinary',
          provided: false,
          level: null,
          wording: null,
          responseTime: null,
          deadline: null,
        }),
      ],
    },
    {
      item: DOC.items[1]!,
      provided: false,
      entries: [entry({ itemCode: 'chief_account_manager', provided: false })],
    },
  ],
};

describe('EntitlementsPanel', { timeout: 30_000 }, () => {
  afterEach(() => vi.unstubAllGlobals());

  it('lists what the customer gets by category, with due instants, channels and the explanation', async () => {
    const server = routeFetch({ 'GET /api/v1/customers/c1/entitlements': () => json(ENTITLEMENTS) });
    vi.stubGlobal('fetch', server.fetch);
    render(
      <App>
        <EntitlementsPanel customerId="c1" />
      </App>,
    );
    const basic = await screen.findByTestId('entitlements-basic');
    const row = within(basic).getByText('固定电话复通业务及功能增加').closest('tr')!;
    expect(row.textContent).toContain('5★(5A)');
    expect(row.textContent).toContain('2小时');
    expect(row.textContent).toContain('2026-03-10 12:00:00');
    expect(row.textContent).toContain('集团热线');
    const added = screen.getByTestId('entitlements-value_added');
    expect(added.textContent).toContain('重要核心成员:生日当天送上祝福及电子兑换券');
    expect(added.textContent).not.toContain('首席客户经理'); // not provided: hidden by default

    fireEvent.click(within(row).getByRole('button'));
    const explanation = await screen.findByTestId('entitlement-explanation');
    expect(explanation.textContent).toContain('按 5★(5A) 标准服务(客户等级 5A,5★)');
    expect(explanation.textContent).toContain('采用 5★(5A) 标准');

    fireEvent.click(screen.getByRole('switch'));
    expect(await screen.findByText('首席客户经理')).toBeTruthy();
  });
});
