import type { CalendarDay, DayKind, User } from '../src/api/types';

/** The official 2026 schedule (State Council), as the server would answer `GET /calendar/days`. */
const HOLIDAYS_2026: Record<string, string> = {
  '2026-01-01': '元旦',
  '2026-01-02': '元旦',
  '2026-01-03': '元旦',
  '2026-02-15': '春节',
  '2026-02-16': '春节',
  '2026-02-17': '春节',
  '2026-02-18': '春节',
  '2026-02-19': '春节',
  '2026-02-20': '春节',
  '2026-02-21': '春节',
  '2026-02-22': '春节',
  '2026-02-23': '春节',
  '2026-04-04': '清明节',
  '2026-04-05': '清明节',
  '2026-04-06': '清明节',
  '2026-05-01': '劳动节',
  '2026-05-02': '劳动节',
  '2026-05-03': '劳动节',
  '2026-05-04': '劳动节',
  '2026-05-05': '劳动节',
  '2026-06-19': '端午节',
  '2026-06-20': '端午节',
  '2026-06-21': '端午节',
  '2026-09-25': '中秋节',
  '2026-09-26': '中秋节',
  '2026-09-27': '中秋节',
  '2026-10-01': '国庆节',
  '2026-10-02': '国庆节',
  '2026-10-03': '国庆节',
  '2026-10-04': '国庆节',
  '2026-10-05': '国庆节',
  '2026-10-06': '国庆节',
  '2026-10-07': '国庆节',
};

const MAKEUP_2026: Record<string, string> = {
  '2026-01-04': '元旦补班',
  '2026-02-14': '春节补班',
  '2026-02-28': '春节补班',
  '2026-05-09': '劳动节补班',
  '2026-09-20': '国庆节补班',
  '2026-10-10': '国庆节补班',
};

/** Every day of `year`; with `official` false, only weekends (a provisional year). */
export function buildCalendarDays(year: number, official = true): CalendarDay[] {
  const days: CalendarDay[] = [];
  for (let t = Date.UTC(year, 0, 1); new Date(t).getUTCFullYear() === year; t += 86_400_000) {
    const date = new Date(t).toISOString().slice(0, 10);
    const weekday = new Date(t).getUTCDay();
    let kind: DayKind = weekday === 0 || weekday === 6 ? 'weekend' : 'workday';
    let name: string | null = null;
    if (official && HOLIDAYS_2026[date]) {
      kind = 'holiday';
      name = HOLIDAYS_2026[date] ?? null;
    } else if (official && MAKEUP_2026[date]) {
      kind = 'makeupWorkday';
      name = MAKEUP_2026[date] ?? null;
    }
    days.push({
      date,
      kind,
      name,
      workday: kind === 'workday' || kind === 'makeupWorkday',
      provisional: !official,
      regional: false,
    });
  }
  return days;
}

export function buildUser(overrides: Partial<User> = {}): User {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    username: 'admin',
    displayName: '管理员',
    role: 'admin',
    regionCode: null,
    active: true,
    lastLoginAt: null,
    ...overrides,
  };
}

/** A fetch stand-in: answers by `METHOD path` (without query), records every call. */
export function routeFetch(routes: Record<string, (url: URL, init: RequestInit) => Response>) {
  const calls: { method: string; url: URL; init: RequestInit }[] = [];
  const fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(String(input), 'http://localhost');
    const method = (init.method ?? 'GET').toUpperCase();
    calls.push({ method, url, init });
    const handler = routes[`${method} ${url.pathname}`];
    if (!handler) return problem(404, 'NOT_FOUND', `no route ${method} ${url.pathname}`);
    return handler(url, init);
  };
  return { fetch, calls };
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

export function problem(
  status: number,
  code: string,
  detail: string,
  extra: Record<string, unknown> = {},
): Response {
  return new Response(
    JSON.stringify({
      type: 'about:blank',
      title: 'Error',
      status,
      detail,
      code,
      requestId: 'req-1',
      ...extra,
    }),
    { status, headers: { 'content-type': 'application/problem+json' } },
  );
}
