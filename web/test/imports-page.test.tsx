import './setup';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from 'antd';
import { createMemoryRouter, RouterProvider } from 'react-router-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { findUploadType, XLSX_TYPE } from '../src/api/imports';
import { setSessionUser } from '../src/auth/session';
import { ImportsPage } from '../src/pages/imports/imports-page';
import { buildUser, json, problem, routeFetch } from './fixtures';

const run = {
  id: '11111111-1111-4111-8111-111111111111',
  kind: 'billing',
  fileName: 'billing.csv',
  format: 'csv',
  status: 'done',
  mode: 'partial',
  rowsRead: 3,
  rowsImported: 2,
  startedBy: 'admin',
  startedAt: '2026-11-23T01:00:00Z',
  finishedAt: '2026-11-23T01:00:01Z',
};
const badRows = [
  { line: 3, field: 'customerCode', reason: 'unknown customer NOPE' },
  { line: 4, field: 'month', reason: 'no month 13' },
];

function stubServer(extra: Parameters<typeof routeFetch>[0] = {}) {
  const server = routeFetch({
    'GET /api/v1/imports': () => json([{ ...run, errorCount: 2 }], 200, { 'x-total-count': '1' }),
    [`GET /api/v1/imports/${run.id}`]: () => json({ ...run, rowsRejected: 2, errors: badRows }),
    ...extra,
  });
  vi.stubGlobal('fetch', server.fetch);
  return server;
}

function renderPage() {
  setSessionUser(buildUser({ role: 'admin' }));
  const router = createMemoryRouter([{ path: '/imports', element: <ImportsPage /> }], {
    initialEntries: ['/imports'],
  });
  render(
    <App>
      <RouterProvider router={router} />
    </App>,
  );
}

async function drop(name: string, content: string, type: string) {
  const card = await screen.findByTestId('imports-card');
  const input = card.querySelector('input[type="file"]') as HTMLInputElement;
  fireEvent.change(input, { target: { files: [new File([content], name, { type })] } });
  return card;
}

describe('ImportsPage', { timeout: 30_000 }, () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setSessionUser(null);
  });

  it('sends the file as the raw body and lists every bad row of a refused import', async () => {
    const server = stubServer({
      'POST /api/v1/imports/billing': () =>
        problem(400, 'IMPORT_INVALID', '2 bad rows', {
          errors: badRows.map((r) => ({ field: `line ${r.line}: ${r.field}`, message: r.reason })),
          rows: badRows,
          runId: run.id,
        }),
    });
    renderPage();
    const card = await drop('billing.csv', 'customerCode,month,revenue\nNOPE,2026-13,1\n', 'text/csv');
    const report = await within(card).findByTestId('import-report');
    expect(within(report).getByText('unknown customer NOPE')).toBeTruthy();
    expect(within(report).getByText('month')).toBeTruthy();
    expect(within(card).getByText('billing.csv 有 2 行错误,未导入任何数据')).toBeTruthy();
    const upload = server.calls.find((call) => call.method === 'POST');
    expect(upload?.url.pathname).toBe('/api/v1/imports/billing');
    expect(upload?.url.searchParams.get('mode')).toBe('all-or-nothing');
    expect(upload?.url.searchParams.get('fileName')).toBe('billing.csv');
    expect(new Headers(upload?.init.headers).get('content-type')).toBe('text/csv');
    expect(upload?.init.body).toBeInstanceOf(Blob);
  });

  it('imports in partial mode and shows the result, the kind and the history report', async () => {
    const server = stubServer({
      'POST /api/v1/imports/customers': () =>
        json({ ...run, kind: 'customers', rowsRejected: 2, errors: badRows }),
    });
    renderPage();
    fireEvent.click(await screen.findByText('客户档案'));
    expect(screen.getByTestId('import-columns').textContent).toContain('统一社会信用代码');
    fireEvent.click(screen.getByTestId('import-mode-partial'));
    const card = await drop('customers.xlsx', 'PK', XLSX_TYPE);
    const result = await within(card).findByTestId('import-result');
    expect(result.textContent).toContain('导入 2 行,2 行有错误未导入');
    const upload = server.calls.find((call) => call.method === 'POST');
    expect(upload?.url.searchParams.get('mode')).toBe('partial');
    expect(new Headers(upload?.init.headers).get('content-type')).toBe(XLSX_TYPE);

    const history = await screen.findByTestId('import-history');
    fireEvent.click(await within(history).findByTestId(`import-report-${run.id}`));
    const shown = await screen.findByTestId('import-shown-report');
    await waitFor(() => expect(within(shown).getByText('no month 13')).toBeTruthy());
    expect(screen.getByTestId('template-billing').getAttribute('href')).toBe(
      '/api/v1/imports/templates/billing.csv',
    );
  });

  it('refuses other file types before sending', async () => {
    const server = stubServer();
    renderPage();
    const card = await drop('billing.pdf', '%PDF', 'application/pdf');
    expect(await within(card).findByText('只支持 .csv 或 .xlsx 文件')).toBeTruthy();
    expect(server.calls.some((call) => call.method === 'POST')).toBe(false);
    expect(findUploadType('a.CSV')).toBe('text/csv');
  });
});
