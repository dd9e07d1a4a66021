import './setup';
import { fireEvent, render, screen } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { getSession, setSessionUser } from '../src/auth/session';
import { LoginPage } from '../src/pages/login-page';
import { buildUser, json, problem, routeFetch } from './fixtures';

function renderLogin() {
  setSessionUser(null);
  const router = createMemoryRouter(
    [
      { path: '/login', element: <LoginPage /> },
      { path: '/', element: <p>home page</p> },
    ],
    { initialEntries: ['/login'] },
  );
  render(<RouterProvider router={router} />);
  return router;
}

function submit(username: string, password: string) {
  fireEvent.change(screen.getByTestId('login-username'), { target: { value: username } });
  fireEvent.change(screen.getByTestId('login-password'), { target: { value: password } });
  fireEvent.click(screen.getByTestId('login-submit'));
}

describe('LoginPage', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setSessionUser(null);
  });

  it('shows Chinese labels and the demo hint', () => {
    renderLogin();
    expect(screen.getByText('用户名')).toBeTruthy();
    expect(screen.getByText('密码')).toBeTruthy();
    expect(screen.getByText('演示账号: admin / demo1234')).toBeTruthy();
  });

  it('shows a wrong password by its code', async () => {
    vi.stubGlobal(
      'fetch',
      routeFetch({ 'POST /api/v1/auth/login': () => problem(401, 'INVALID_CREDENTIALS', 'bad') }).fetch,
    );
    renderLogin();
    submit('admin', 'nope');
    expect(await screen.findByText('用户名或密码错误,或账号已停用。')).toBeTruthy();
    expect(getSession().status).toBe('anonymous');
  });

  it('signs in and goes home', async () => {
    const user = buildUser();
    const { fetch, calls } = routeFetch({
      'POST /api/v1/auth/login': () => json({ token: 'opaque', expiresAt: '2026-12-01T00:00:00Z', user }),
    });
    vi.stubGlobal('fetch', fetch);
    const router = renderLogin();
    submit(' admin ', 'demo1234');
    expect(await screen.findByText('home page')).toBeTruthy();
    expect(router.state.location.pathname).toBe('/');
    expect(JSON.parse(String(calls[0]?.init.body))).toEqual({ username: 'admin', password: 'demo1234' });
    expect(getSession()).toEqual({ status: 'authenticated', user });
    expect(JSON.stringify(localStorage)).not.toContain('opaque');
  });
});
