import './setup';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from 'antd';
import { createMemoryRouter, RouterProvider } from 'react-router-dom';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setSessionUser } from '../src/auth/session';
import { CalendarPage } from '../src/pages/calendar/calendar-page';
import { buildCalendarDays, buildUser, json, problem, routeFetch } from './fixtures';

const years = {
  horizon: { firstYear: 2026, lastYear: 2026 },
  items: [{ year: 2026, region: null, source: 'gov.cn', entryCount: 39, importedAt: '2025-11-04T02:00:00Z' }],
};

function stubServer(extra: Parameters<typeof routeFetch>[0] = {}) {
  const server = routeFetch({
    'GET /api/v1/calendar/years': () => json(years),
    'GET /api/v1/calendar/days': (url) => {
      const year = Number(url.searchParams.get('year'));
      const official = year === 2026;
      return json({ year, provisional: !official, items: buildCalendarDays(year, official) });
    },
    ...extra,
  });
  vi.stubGlobal('fetch', server.fetch);
  return server;
}

function renderPage(role: 'admin' | 'frontdesk') {
  setSessionUser(buildUser({ role }));
  const router = createMemoryRouter([{ path: '/calendar', element: <CalendarPage /> }], {
    initialEntries: ['/calendar'],
  });
  render(
    <App>
      <RouterProvider router={router} />
    </App>,
  );
}

describe('CalendarPage', () => {
  beforeEach(() => {
    // jsdom lays nothing out; give the chart's container a size so that echarts draws.
    vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(600);
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(200);
  });

  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllGlobals();
    vi.useRealTimers();
    setSessionUser(null);
  });

  it('shows the loaded year, its chart and no import card for a non-admin', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-03-02T04:00:00Z') });
    stubServer();
    renderPage('frontdesk');
    const day = await screen.findByTestId('day-2026-02-14');
    expect(day.getAttribute('data-kind')).toBe('makeupWorkday');
    expect(screen.queryByTestId('provisional-banner')).toBeNull();
    expect(screen.queryByTestId('calendar-import')).toBeNull();
    await waitFor(() => expect(document.querySelector('.echarts-for-react svg')).not.toBeNull());
  });

  it('warns when the year is provisional', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2027-03-02T04:00:00Z') });
    stubServer();
    renderPage('frontdesk');
    expect(await screen.findByText('该年度官方安排尚未导入,按周末推算')).toBeTruthy();
    expect(screen.getByTestId('day-2027-02-14').getAttribute('data-kind')).toBe('weekend');
  });

  it('lists the validation errors of a refused import', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-03-02T04:00:00Z') });
    const errors = [
      { field: 'days[0].date', message: '2027-02-30 is not a date' },
      { field: 'days[3].kind', message: 'unknown kind "off"' },
    ];
    const server = stubServer({
      'POST /api/v1/calendar/import': () => problem(400, 'CALENDAR_SCHEDULE_INVALID', 'invalid', { errors }),
    });
    renderPage('admin');
    const card = await screen.findByTestId('calendar-import');
    const input = card.querySelector('input[type="file"]') as HTMLInputElement;
    const file = new File(['date,kind,name\n2027-02-30,holiday,春节\n'], '2027.csv', { type: 'text/csv' });
    fireEvent.change(input, { target: { files: [file] } });
    await within(card).findByText('2027.csv');
    fireEvent.click(within(card).getByTestId('import-submit'));

    const table = await within(card).findByTestId('import-errors');
    expect(within(table).getByText('days[3].kind')).toBeTruthy();
    expect(within(table).getByText('unknown kind "off"')).toBeTruthy();
    expect(within(card).getByText('节假日安排文件有误,未做任何修改。')).toBeTruthy();
    const upload = server.calls.find((call) => call.method === 'POST');
    expect(new Headers(upload?.init.headers).get('content-type')).toBe('text/csv');
    await waitFor(() => expect(String(upload?.init.body)).toContain('2027-02-30'));
  });
});
