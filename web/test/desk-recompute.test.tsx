import './setup';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from 'antd';
import { createMemoryRouter, RouterProvider } from 'react-router-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Role } from '../src/api/types';
import { setSessionUser } from '../src/auth/session';
import { DeskConfigPage } from '../src/pages/desk/desk-config-page';
import { configState } from './desk-fixtures';
import { buildUser, json, problem, routeFetch } from './fixtures';

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

describe('DeskConfigPage: recompute open tickets', { timeout: 30_000 }, () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setSessionUser(null);
  });

  it('is offered to the admin only (the API is the admin’s)', async () => {
    vi.stubGlobal(
      'fetch',
      routeFetch({
        'GET /api/v1/desk/config': () => json(configState(true)),
        'GET /api/v1/departments': () => json([]),
      }).fetch,
    );
    renderConfig('kam_manager');
    await screen.findByTestId('config-edit-draft', undefined, { timeout: 20_000 });
    expect(screen.queryByTestId('config-recompute')).toBeNull();
  });

  it('after publishing, recomputes the open tickets onto the version in force and shows the counts', async () => {
    let published = false;
    let finish: (r: Response) => void = () => {};
    const server = routeFetch({
      'GET /api/v1/desk/config': () => {
        const state = configState(!published);
        return json(published ? { ...state, current: { ...state.current, version: 2 } } : state);
      },
      'GET /api/v1/departments': () => json([]),
      'POST /api/v1/desk/config/draft/publish': () => {
        published = true;
        return json({ ...configState(true).current, version: 2, status: 'published' });
      },
    });
    const answers = [
      () => problem(403, 'FORBIDDEN', 'forbidden'),
      () => new Promise<Response>((resolve) => (finish = resolve)),
    ];
    const fetch = async (input: RequestInfo | URL, init: RequestInit = {}) => {
      const url = new URL(String(input), 'http://localhost');
      if (url.pathname === '/api/v1/desk/recompute') {
        server.calls.push({ method: 'POST', url, init });
        return answers.shift()!();
      }
      return server.fetch(input, init);
    };
    vi.stubGlobal('fetch', fetch);
    renderConfig('admin');

    fireEvent.click(await screen.findByTestId('config-edit-draft', undefined, { timeout: 20_000 }));
    fireEvent.click(await screen.findByTestId('config-publish'));
    const publish = await screen.findByRole('dialog');
    fireEvent.click(within(publish).getByTestId('publish-submit'));
    const banner = await screen.findByTestId('config-published');
    expect(banner.textContent).toContain('已发布 v2。在途工单仍按原版本计时,可将其重算到现行版本。');

    fireEvent.click(within(banner).getByTestId('published-recompute'));
    const modal = await screen.findByTestId('recompute-modal');
    await waitFor(() => expect(modal.textContent).toContain('改用现行版本 v2 的配置'));
    const toCurrent = within(modal).getByRole('checkbox');
    expect((toCurrent as HTMLInputElement).checked).toBe(true);

    // a refusal is shown, and the dialog stays for another try
    fireEvent.click(screen.getByTestId('recompute-submit'));
    expect(await within(modal).findByTestId('error-alert')).toBeTruthy();

    fireEvent.click(screen.getByTestId('recompute-submit'));
    expect(await screen.findByTestId('recompute-running')).toBeTruthy();
    finish(json({ tickets: 412, changed: 37 }));
    expect((await screen.findByTestId('recompute-result')).textContent).toBe(
      '已重算 412 张在途工单,其中 37 张有变化。',
    );
    expect(screen.queryByTestId('recompute-running')).toBeNull();
    const posts = server.calls.filter((c) => c.url.pathname === '/api/v1/desk/recompute');
    expect(posts).toHaveLength(2);
    expect(JSON.parse(String(posts[1]!.init.body))).toEqual({ toCurrentVersion: true });
    // done: the prompt after publishing goes away; the toolbar keeps the action
    await waitFor(() => expect(screen.queryByTestId('config-published')).toBeNull());
    fireEvent.click(screen.getByTestId('recompute-close'));
    expect(screen.getByTestId('config-recompute')).toBeTruthy();
  });

  it('can keep each ticket on its own version', async () => {
    const server = routeFetch({
      'GET /api/v1/desk/config': () => json(configState(false)),
      'GET /api/v1/departments': () => json([]),
      'POST /api/v1/desk/recompute': () => json({ tickets: 3, changed: 0 }),
    });
    vi.stubGlobal('fetch', server.fetch);
    renderConfig('admin');
    fireEvent.click(await screen.findByTestId('config-recompute', undefined, { timeout: 20_000 }));
    const modal = await screen.findByTestId('recompute-modal');
    fireEvent.click(within(modal).getByRole('checkbox'));
    expect(
      within(modal).getByText('不勾选时,工单保留受理时的配置版本,只按日历与应享服务重新计算。'),
    ).toBeTruthy();
    fireEvent.click(screen.getByTestId('recompute-submit'));
    expect((await screen.findByTestId('recompute-result')).textContent).toBe(
      '已重算 3 张在途工单,其中 0 张有变化。',
    );
    const post = server.calls.find((c) => c.method === 'POST')!;
    expect(JSON.parse(String(post.init.body))).toEqual({ toCurrentVersion: false });
  });
});
