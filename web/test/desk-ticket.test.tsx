import './setup';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from 'antd';
import { createMemoryRouter, RouterProvider } from 'react-router-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Role } from '../src/api/types';
import { setSessionUser } from '../src/auth/session';
import { TicketPage } from '../src/pages/desk/ticket-page';
import { clock, detail, TICKET_ID } from './desk-fixtures';
import { buildUser, json, problem, routeFetch } from './fixtures';

function renderTicket(role: Role) {
  setSessionUser(buildUser({ role, username: role }));
  const router = createMemoryRouter([{ path: '/tickets/:id', element: <TicketPage /> }], {
    initialEntries: [`/tickets/${TICKET_ID}`],
  });
  render(
    <App>
      <RouterProvider router={router} />
    </App>,
  );
}

describe('TicketPage', { timeout: 30_000 }, () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setSessionUser(null);
  });

  it('shows the header, the clocks with their limit source and the timeline with escalations', async () => {
    const server = routeFetch({ [`GET /api/v1/tickets/${TICKET_ID}`]: () => json(detail()) });
    vi.stubGlobal('fetch', server.fetch);
    renderTicket('ops_engineer');
    const header = await screen.findByTestId('ticket-header', undefined, { timeout: 20_000 });
    expect(within(header).getByTestId('ticket-number').textContent).toBe('TT20260310-000001');
    expect(within(header).getByText('广州地铁集团')).toBeTruthy();
    expect(within(header).getByText('4A')).toBeTruthy();
    expect(within(header).getAllByText('网络运维部').length).toBeGreaterThan(0);

    const restore = screen.getByTestId('clock-customer_restore-1');
    expect(within(restore).getByText('故障修复时限')).toBeTruthy();
    expect(within(restore).getByTestId('clock-source').textContent).toBe('4A · circuit_fault · 严重 ×0.5');
    expect(within(restore).getByText('47%')).toBeTruthy();
    expect(within(restore).getByText('剩余 1 小时 35 分')).toBeTruthy();
    const desk = screen.getByTestId('clock-ola_frontdesk-1');
    expect(within(desk).getByTestId('clock-breached').textContent).toBe('已超时');
    expect(within(desk).getByTestId('clock-stage').textContent).toBe('已完成');

    const timeline = screen.getByTestId('ticket-timeline');
    const escalation = within(timeline).getByTestId('timeline-escalation');
    expect(escalation.textContent).toContain('前台受理派单 达到 75% · 升级 2 级');
    expect(escalation.textContent).toContain('王前台、陈主管');
    expect(within(timeline).getByText('转至环节"网络运维处理"(网络运维部)')).toBeTruthy();
  });

  it("shows the customer's promised resolution, a provisional clock and a stage's response limit", async () => {
    const server = routeFetch({
      [`GET /api/v1/tickets/${TICKET_ID}`]: () =>
        json(
          detail({
            expectedResolutionDate: '2026-03-10T05:00:00Z',
            clocks: [
              clock({ provisional: true }),
              clock({
                id: 2,
                definitionCode: 'ola_ops_response',
                name: '网络运维响应',
                nameEn: 'Network operations response',
                kind: 'internal',
                measure: 'response',
                stageCode: 'ops',
                departmentCode: 'NOC',
                limitMinutes: 10,
                elapsedMinutes: 13,
                remainingMinutes: -3,
                percent: 130,
                breached: true,
              }),
            ],
          }),
        ),
    });
    vi.stubGlobal('fetch', server.fetch);
    renderTicket('frontdesk');
    const expected = await screen.findByTestId('ticket-expected-resolution', undefined, { timeout: 20_000 });
    expect(expected.textContent).toBe('2026-03-10 13:00:00');
    expect(screen.getByTestId('clock-provisional-1').textContent).toBe('暂定');
    const response = screen.getByTestId('clock-ola_ops_response-1');
    expect(within(response).getByTestId('clock-measure').textContent).toBe('响应');
    expect(within(response).getByTestId('clock-remaining').textContent).toBe('超出 3 分');
    expect(within(screen.getByTestId('clock-customer_restore-1')).queryByTestId('clock-measure')).toBeNull();
  });

  it('offers only the allowed transitions and asks a reason where the lifecycle needs one', async () => {
    let current = detail();
    const server = routeFetch({
      [`GET /api/v1/tickets/${TICKET_ID}`]: () => json(current),
      [`POST /api/v1/tickets/${TICKET_ID}/status`]: (_url, init) => {
        const body = JSON.parse(String(init.body));
        current = detail({
          status: body.status,
          statusReason: body.reason,
          allowedTransitions: ['inProgress'],
        });
        return json(current);
      },
      [`POST /api/v1/tickets/${TICKET_ID}/stage`]: () =>
        problem(409, 'ILLEGAL_TRANSITION', 'not allowed', { errors: [{ field: 'stageCode', message: 'x' }] }),
    });
    vi.stubGlobal('fetch', server.fetch);
    renderTicket('frontdesk');
    const actions = await screen.findByTestId('ticket-actions', undefined, { timeout: 20_000 });
    for (const s of ['pending', 'held', 'resolved', 'cancelled'])
      expect(within(actions).getByTestId(`to-${s}`)).toBeTruthy();
    expect(within(actions).queryByTestId('to-closed')).toBeNull();
    expect(within(actions).queryByTestId('to-inProgress')).toBeNull();
    expect(within(actions).getByTestId('hand-off-next').textContent).toContain('现场抢修');
    expect(screen.queryByTestId('recompute')).toBeNull();

    fireEvent.click(within(actions).getByTestId('to-pending'));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByTestId('status-submit'));
    expect(await within(dialog).findByText('请填写原因')).toBeTruthy();
    fireEvent.change(within(dialog).getByTestId('status-reason'), { target: { value: '等待客户开门' } });
    fireEvent.click(within(dialog).getByTestId('status-submit'));
    await waitFor(() => expect(server.calls.some((c) => c.method === 'POST')).toBe(true));
    const post = server.calls.find((c) => c.method === 'POST')!;
    expect(JSON.parse(String(post.init.body))).toEqual({ status: 'pending', reason: '等待客户开门' });
    expect(await within(actions).findByTestId('to-inProgress')).toBeTruthy();

    fireEvent.click(within(actions).getByTestId('hand-off-next'));
    expect(await within(actions).findByTestId('error-alert')).toBeTruthy();
  });

  it('lets a kam_manager recompute the clocks', async () => {
    const server = routeFetch({
      [`GET /api/v1/tickets/${TICKET_ID}`]: () => json(detail()),
      [`POST /api/v1/tickets/${TICKET_ID}/clocks/recompute`]: () => json(detail().clocks),
    });
    vi.stubGlobal('fetch', server.fetch);
    renderTicket('kam_manager');
    fireEvent.click(await screen.findByText('重算时限', undefined, { timeout: 20_000 }));
    await waitFor(() =>
      expect(server.calls.some((c) => c.url.pathname.endsWith('/clocks/recompute'))).toBe(true),
    );
    const call = server.calls.find((c) => c.url.pathname.endsWith('/clocks/recompute'))!;
    expect(JSON.parse(String(call.init.body))).toEqual({ toCurrentVersion: false });
  });

  it("offers the department's people to whoever may assign, and assigns", async () => {
    const server = routeFetch({
      [`GET /api/v1/tickets/${TICKET_ID}`]: () => json(detail()),
      [`GET /api/v1/tickets/${TICKET_ID}/assignees`]: () =>
        json({
          departmentCode: 'NOC',
          departmentName: '网络运维中心',
          users: [
            { id: 'u-head', username: 'nochead', displayName: '王主管', role: 'ops_engineer', isHead: true },
            { id: 'u-ops', username: 'ops', displayName: '刘强', role: 'ops_engineer', isHead: false },
          ],
        }),
      [`POST /api/v1/tickets/${TICKET_ID}/assign`]: () => json(detail()),
    });
    vi.stubGlobal('fetch', server.fetch);
    renderTicket('ops_engineer');
    const select = await screen.findByTestId('assignee-select', undefined, { timeout: 20_000 });
    fireEvent.mouseDown(select.querySelector('.ant-select-selector')!);
    expect(
      await screen.findByTitle('王主管 (nochead) · 部门负责人', undefined, { timeout: 10_000 }),
    ).toBeTruthy();
    fireEvent.click(await screen.findByTitle('刘强 (ops)', undefined, { timeout: 10_000 }));
    await waitFor(() => expect(server.calls.some((c) => c.url.pathname.endsWith('/assign'))).toBe(true), {
      timeout: 10_000,
    });
    const call = server.calls.find((c) => c.url.pathname.endsWith('/assign'))!;
    expect(JSON.parse(String(call.init.body))).toEqual({ assigneeId: 'u-ops' });
    // no admin user list for a non-admin
    expect(server.calls.some((c) => c.url.pathname === '/api/v1/users')).toBe(false);
  });

  it('changes the severity with a reason', async () => {
    const server = routeFetch({
      [`GET /api/v1/tickets/${TICKET_ID}`]: () => json(detail()),
      [`GET /api/v1/tickets/${TICKET_ID}/assignees`]: () =>
        json({ departmentCode: 'NOC', departmentName: '网络运维中心', users: [] }),
      [`POST /api/v1/tickets/${TICKET_ID}/severity`]: () => json(detail({ severity: 'minor' })),
    });
    vi.stubGlobal('fetch', server.fetch);
    renderTicket('frontdesk');
    const select = await screen.findByTestId('severity-select', undefined, { timeout: 20_000 });
    expect(screen.queryByTestId('severity-submit')).toBeNull(); // nothing to save at the current severity
    fireEvent.mouseDown(select.querySelector('.ant-select-selector')!);
    fireEvent.click(await screen.findByTitle('轻微', undefined, { timeout: 10_000 }));
    const submit = await screen.findByTestId('severity-submit');
    expect((submit as HTMLButtonElement).disabled).toBe(true); // a reason first
    fireEvent.change(screen.getByTestId('severity-reason'), {
      target: { value: '客户确认仅个别业务受影响' },
    });
    fireEvent.click(screen.getByTestId('severity-submit'));
    await waitFor(() => expect(server.calls.some((c) => c.url.pathname.endsWith('/severity'))).toBe(true));
    const call = server.calls.find((c) => c.url.pathname.endsWith('/severity'))!;
    expect(JSON.parse(String(call.init.body))).toEqual({
      severity: 'minor',
      reason: '客户确认仅个别业务受影响',
    });
  });

  it.each(['auditor', 'analyst'] as const)('offers no action, not even a note, to an %s', async (role) => {
    const server = routeFetch({ [`GET /api/v1/tickets/${TICKET_ID}`]: () => json(detail()) });
    vi.stubGlobal('fetch', server.fetch);
    renderTicket(role);
    await screen.findByTestId('ticket-header', undefined, { timeout: 20_000 });
    expect(screen.queryByTestId('ticket-actions')).toBeNull();
    expect(screen.queryByTestId('note-submit')).toBeNull();
  });
});
