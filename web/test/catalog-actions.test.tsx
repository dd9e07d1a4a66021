import './setup';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from 'antd';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type {
  CatalogDocument,
  CatalogVersion,
  CatalogVersionSummary,
  MandatoryAction,
} from '../src/api/catalog';
import { setSessionUser } from '../src/auth/session';
import { CatalogPage } from '../src/pages/catalog/catalog-page';
import { buildUser, json, problem, routeFetch } from './fixtures';

const visit = (level: string, period: 'month' | 'quarter'): MandatoryAction => ({
  code: `visit_${level.toLowerCase()}`,
  name: `客户经理上门拜访(${level})`,
  nameEn: `Account manager visit (${level})`,
  level,
  kind: 'visit',
  schedule: { kind: 'periodic', period, times: 1 },
  itemCode: 'am_visit',
  owner: 'account_manager',
});

const DOC: CatalogDocument = {
  items: [
    {
      code: 'am_visit',
      name: '日常拜访',
      nameEn: 'Routine visits',
      category: 'basic',
      attribute: 'group',
      need: 'basic',
      description: null,
      products: [],
      scoped: false,
    },
  ],
  standards: [],
  actions: [visit('5A', 'month'), visit('3A', 'quarter')],
  channels: [{ channel: 'account_manager', itemCode: 'am_visit', levels: ['5A', '3A'], role: 'primary' }],
};

const meta = {
  basedOn: 1,
  note: null,
  createdBy: 'system',
  createdAt: '2026-03-01T00:00:00Z',
  updatedAt: '2026-03-01T00:00:00Z',
  publishedBy: null,
  publishedAt: null,
};
const V1: CatalogVersion = {
  ...meta,
  version: 1,
  status: 'published',
  effectiveDate: '2000-01-01',
  document: DOC,
};
const DRAFT: CatalogVersion = { ...meta, version: 2, status: 'draft', effectiveDate: null, document: DOC };
const counts = { items: 1, standards: 0, actions: 2, channels: 1 };
const VERSIONS: CatalogVersionSummary[] = [
  { ...DRAFT, inForce: false, counts },
  { ...V1, inForce: true, counts },
];
const TIMES_ISSUE = 'times per dekad must be a whole number from 1 to 8; got 10';

describe('CatalogPage mandatory actions', { timeout: 30_000 }, () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setSessionUser(null);
  });

  it("edits an action's frequency in the draft and shows the server's error on its row", async () => {
    const server = routeFetch({
      'GET /api/v1/catalog': () => json(V1),
      'GET /api/v1/catalog/versions': () => json(VERSIONS),
      'GET /api/v1/catalog/versions/2': () => json(DRAFT),
      'PUT /api/v1/catalog/draft': () =>
        problem(400, 'CATALOG_INVALID', 'The service catalog is invalid', {
          errors: [{ field: 'document.actions[1].schedule.times', message: TIMES_ISSUE }],
        }),
    });
    vi.stubGlobal('fetch', server.fetch);
    setSessionUser(buildUser({ role: 'admin' }));
    render(
      <App>
        <CatalogPage />
      </App>,
    );
    await screen.findByTestId('standards-grid');
    // the published version is read-only, also for an administrator
    fireEvent.click(screen.getByRole('tab', { name: '规定动作' }));
    expect(within(await screen.findByTestId('catalog-actions')).queryAllByRole('button')).toHaveLength(0);

    fireEvent.click(screen.getByRole('button', { name: /编辑草稿/ }));
    fireEvent.click(await screen.findByRole('button', { name: 'edit action visit_3a' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('radio', { name: '旬' }));
    fireEvent.change(within(dialog).getByLabelText('schedule.times'), { target: { value: '10' } });
    fireEvent.click(within(dialog).getByRole('button', { name: /OK|确定|确 定/ }));
    const table = screen.getByTestId('catalog-actions');
    await waitFor(() =>
      expect(within(table).getByText('客户经理上门拜访(3A)').closest('tr')!.textContent).toContain(
        '每旬10次',
      ),
    );

    fireEvent.click(screen.getByRole('button', { name: /保存草稿/ }));
    expect(await screen.findByText('草稿有 1 处错误,请按字段修改后再保存。')).toBeTruthy();
    const sent = JSON.parse(String(server.calls.find((c) => c.method === 'PUT')!.init.body))
      .document as CatalogDocument;
    expect(sent.actions[1]!.schedule).toEqual({ kind: 'periodic', period: 'dekad', times: 10 });
    expect(sent.actions[0]).toEqual(DOC.actions[0]);

    const row = (name: string) =>
      within(screen.getByTestId('catalog-actions')).getByText(name).closest('tr')!;
    expect(row('客户经理上门拜访(3A)').textContent).toContain(`每周期次数: ${TIMES_ISSUE}`);
    expect(row('客户经理上门拜访(5A)').textContent).not.toContain(TIMES_ISSUE);
  });
});
