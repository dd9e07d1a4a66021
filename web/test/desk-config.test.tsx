import './setup';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from 'antd';
import { createMemoryRouter, RouterProvider } from 'react-router-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Role } from '../src/api/types';
import { setSessionUser } from '../src/auth/session';
import { DeskConfigPage, localToInstant } from '../src/pages/desk/desk-config-page';
import { configState, DESK_CONFIG } from './desk-fixtures';
import { buildUser, json, problem, routeFetch } from './fixtures';

const DEPARTMENTS = [
  { id: 'd1', code: 'CSC', name: '一站式服务中心', regionCode: null, parentId: null },
  { id: 'd2', code: 'NOC', name: '网络运维部', regionCode: null, parentId: null },
];

function renderConfig(role: Role) {
  setSessionUser(buildUser({ role, username: role }));
  const router = createMemoryRouter([{ path: '/desk-config', element: <DeskConfigPage /> }], {
    initialEntries: ['/desk-config'],
  });
  render(
    <App>
      <RouterProvider router={router} />
    </App>,
  );
}

describe('DeskConfigPage', { timeout: 30_000 }, () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setSessionUser(null);
  });

  it('shows the version in force read-only to the front desk', async () => {
    vi.stubGlobal(
      'fetch',
      routeFetch({
        'GET /api/v1/desk/config': () => json(configState(false)),
        'GET /api/v1/departments': () => json(DEPARTMENTS),
      }).fetch,
    );
    renderConfig('frontdesk');
    const defs = await screen.findByTestId('config-definitions', undefined, { timeout: 20_000 });
    expect(within(defs).getByText('故障修复时限')).toBeTruthy();
    expect(within(defs).getByText('按应享服务 circuit_fault(无固定时限时 6 小时)')).toBeTruthy();
    expect(screen.getByText('只读:仅系统管理员和大客户部经理可以编辑。')).toBeTruthy();
    expect(screen.queryByTestId('config-create-draft')).toBeNull();
    expect(within(defs).queryByTestId('def-edit-0')).toBeNull();
  });

  it('saves an edited draft and shows the server field error on its ladder row', async () => {
    const server = routeFetch({
      'GET /api/v1/desk/config': () => json(configState(true)),
      'GET /api/v1/departments': () => json(DEPARTMENTS),
      'PUT /api/v1/desk/config/draft': () =>
        problem(400, 'DESK_CONFIG_INVALID', 'invalid', {
          errors: [
            { field: 'document.definitions[0].ladder[1].atPercent', message: '升级阶梯必须按百分比递增' },
          ],
        }),
    });
    vi.stubGlobal('fetch', server.fetch);
    renderConfig('kam_manager');
    fireEvent.click(await screen.findByTestId('config-edit-draft', undefined, { timeout: 20_000 }));
    const defs = await screen.findByTestId('config-definitions');
    // open the first definition's ladder and make step 2 lower than step 1
    fireEvent.click(within(defs).getAllByRole('button', { name: /expand row|展开行/i })[0]!);
    const input =
      (await screen.findByTestId('ladder-0-1-atPercent')).querySelector('input') ??
      screen.getByTestId('ladder-0-1-atPercent');
    fireEvent.change(input, { target: { value: '40' } });
    fireEvent.blur(input);
    fireEvent.click(screen.getByTestId('config-save'));
    await waitFor(() => expect(server.calls.some((c) => c.method === 'PUT')).toBe(true));
    const put = server.calls.find((c) => c.method === 'PUT')!;
    const body = JSON.parse(String(put.init.body));
    expect(body.document.definitions[0].ladder[1].atPercent).toBe(40);
    expect(body.document.stages).toEqual(DESK_CONFIG.stages);

    expect(await screen.findByTestId('config-invalid')).toBeTruthy();
    const row = await screen.findByTestId('ladder-row-0-1');
    expect(within(row).getByText('升级阶梯必须按百分比递增')).toBeTruthy();
    expect(within(screen.getByTestId('def-row-0')).getByText('故障修复时限')).toBeTruthy();
    expect(within(screen.getByTestId('ladder-row-0-0')).queryByTestId('config-issue')).toBeNull();
  });

  it('makes a stage limit a response limit (taken by someone) and saves it', async () => {
    const server = routeFetch({
      'GET /api/v1/desk/config': () => json(configState(true)),
      'GET /api/v1/departments': () => json(DEPARTMENTS),
      'PUT /api/v1/desk/config/draft': () => json(configState(true).draft),
    });
    vi.stubGlobal('fetch', server.fetch);
    renderConfig('admin');
    fireEvent.click(await screen.findByTestId('config-edit-draft', undefined, { timeout: 20_000 }));
    const defs = await screen.findByTestId('config-definitions');
    expect(within(screen.getByTestId('def-row-1')).getByText('处理')).toBeTruthy(); // ola_frontdesk
    fireEvent.click(within(defs).getByTestId('def-edit-1'));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(within(dialog).getByTestId('definition-measure')).getByText('响应'));
    fireEvent.click(within(dialog).getByRole('button', { name: /确\s*定|apply/i }));
    await waitFor(() => expect(within(screen.getByTestId('def-row-1')).getByText('响应')).toBeTruthy());
    fireEvent.click(screen.getByTestId('config-save'));
    await waitFor(() => expect(server.calls.some((c) => c.method === 'PUT')).toBe(true));
    const body = JSON.parse(String(server.calls.find((c) => c.method === 'PUT')!.init.body));
    expect(body.document.definitions[1]).toMatchObject({ code: 'ola_frontdesk', measure: 'response' });
    expect(body.document.definitions[0].measure).toBeUndefined(); // the customer's SLA has none
  });

  it('publishes the draft with an effective instant', async () => {
    const server = routeFetch({
      'GET /api/v1/desk/config': () => json(configState(true)),
      'GET /api/v1/departments': () => json(DEPARTMENTS),
      'POST /api/v1/desk/config/draft/publish': () =>
        json({ ...configState(true).current, version: 2, status: 'published' }),
    });
    vi.stubGlobal('fetch', server.fetch);
    renderConfig('admin');
    fireEvent.click(await screen.findByTestId('config-edit-draft', undefined, { timeout: 20_000 }));
    fireEvent.click(await screen.findByTestId('config-publish'));
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByLabelText('effectiveFrom'), {
      target: { value: '2026-04-01T08:00' },
    });
    fireEvent.click(within(dialog).getByTestId('publish-submit'));
    await waitFor(() => expect(server.calls.some((c) => c.method === 'POST')).toBe(true));
    const post = server.calls.find((c) => c.method === 'POST')!;
    expect(JSON.parse(String(post.init.body))).toEqual({ effectiveFrom: '2026-04-01T00:00:00.000Z' });
    expect(localToInstant('2026-04-01T08:00')).toBe('2026-04-01T00:00:00.000Z');
  });
});
