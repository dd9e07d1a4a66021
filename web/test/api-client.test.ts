import './setup';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, api, buildUrl, NetworkError, setUnauthenticatedHandler } from '../src/api/client';
import { describeError } from '../src/i18n/describe-error';
import { i18next } from '../src/i18n/i18n';
import { json, problem, routeFetch } from './fixtures';

afterEach(() => {
  vi.unstubAllGlobals();
  setUnauthenticatedHandler(undefined);
});

describe('buildUrl', () => {
  it('prefixes /api/v1 and leaves out empty values', () => {
    expect(buildUrl('/calendar/days', { year: 2026, region: '' })).toBe('/api/v1/calendar/days?year=2026');
    expect(buildUrl('/audit', { entity: 'user', actor: undefined, limit: 20, offset: 0 })).toBe(
      '/api/v1/audit?entity=user&limit=20&offset=0',
    );
  });
});

describe('api', () => {
  it('sends the session cookie and reads X-Total-Count', async () => {
    const { fetch, calls } = routeFetch({
      'GET /api/v1/users': () => json([{ id: '1' }], 200, { 'X-Total-Count': '41' }),
    });
    vi.stubGlobal('fetch', fetch);
    await expect(api.getPage('/users')).resolves.toEqual({ items: [{ id: '1' }], total: 41 });
    expect(calls[0]?.init.credentials).toBe('include');
  });

  it('throws ApiError with the problem body and field errors', async () => {
    const errors = [{ field: 'days[0].date', message: 'not a date' }];
    vi.stubGlobal(
      'fetch',
      routeFetch({
        'POST /api/v1/calendar/import': () =>
          problem(400, 'CALENDAR_SCHEDULE_INVALID', 'bad file', { errors }),
      }).fetch,
    );
    const error = await api.upload('/calendar/import', 'date,kind,name', 'text/csv').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('CALENDAR_SCHEDULE_INVALID');
    expect((error as ApiError).fieldIssues).toEqual(errors);
    expect((error as ApiError).problem.requestId).toBe('req-1');
  });

  it('reports a 401 to the session, except a failed login', async () => {
    const onUnauthenticated = vi.fn();
    setUnauthenticatedHandler(onUnauthenticated);
    vi.stubGlobal(
      'fetch',
      routeFetch({
        'GET /api/v1/auth/me': () => problem(401, 'UNAUTHENTICATED', 'no session'),
        'POST /api/v1/auth/login': () => problem(401, 'INVALID_CREDENTIALS', 'wrong password'),
      }).fetch,
    );
    await expect(api.post('/auth/login', { username: 'a', password: 'b' })).rejects.toBeInstanceOf(ApiError);
    expect(onUnauthenticated).not.toHaveBeenCalled();
    await expect(api.get('/auth/me')).rejects.toBeInstanceOf(ApiError);
    expect(onUnauthenticated).toHaveBeenCalledOnce();
  });

  it('wraps an unreachable server in NetworkError', async () => {
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')));
    await expect(api.get('/auth/me')).rejects.toBeInstanceOf(NetworkError);
  });
});

describe('describeError', () => {
  const t = i18next.getFixedT('zh-CN');

  it('translates by code', () => {
    const error = new ApiError({
      type: 'x',
      title: 'Unauthorized',
      status: 401,
      code: 'INVALID_CREDENTIALS',
    });
    expect(describeError(error, t)).toBe('用户名或密码错误,或账号已停用。');
    expect(describeError(error, i18next.getFixedT('en'))).toBe(
      'Wrong username or password, or the account is disabled.',
    );
  });

  it("falls back to the server's detail for an unknown code", () => {
    const error = new ApiError({
      type: 'x',
      title: 'Teapot',
      status: 418,
      code: 'NEW_CODE',
      detail: '新的错误',
    });
    expect(describeError(error, t)).toBe('新的错误');
  });
});
