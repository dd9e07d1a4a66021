import './setup';
import { render, screen } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router-dom';
import { afterEach, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../src/api/types';
import { setSessionUser } from '../src/auth/session';
import { AppLayout } from '../src/components/app-layout';
import { findActiveRoute, findMenuRoutes } from '../src/routes';
import { buildUser } from './fixtures';

describe('findMenuRoutes', () => {
  it.each<[Role, string[]]>([
    [
      'admin',
      [
        'home',
        'customers',
        'tierApprovals',
        'segmentation',
        'valueModel',
        'catalog',
        'tasks',
        'compliance',
        'resources',
        'desk',
        'tickets',
        'visits',
        'deskConfig',
        'orders',
        'agreements',
        'compensation',
        'reports',
        'imports',
        'calendar',
        'users',
        'webhooks',
        'audit',
      ],
    ],
    [
      'auditor',
      [
        'home',
        'customers',
        'segmentation',
        'valueModel',
        'catalog',
        'compliance',
        'resources',
        'tickets',
        'visits',
        'deskConfig',
        'orders',
        'agreements',
        'compensation',
        'reports',
        'calendar',
        'audit',
      ],
    ],
    [
      'frontdesk',
      ['home', 'customers', 'catalog', 'desk', 'tickets', 'deskConfig', 'orders', 'agreements', 'calendar'],
    ],
    [
      'ops_engineer',
      [
        'home',
        'customers',
        'catalog',
        'desk',
        'tickets',
        'deskConfig',
        'orders',
        'agreements',
        'compensation',
        'reports',
        'calendar',
      ],
    ],
    ['visit_agent', ['home', 'customers', 'catalog', 'tickets', 'visits', 'calendar']],
    [
      'kam_manager',
      [
        'home',
        'customers',
        'tierApprovals',
        'segmentation',
        'valueModel',
        'catalog',
        'tasks',
        'compliance',
        'resources',
        'desk',
        'tickets',
        'visits',
        'deskConfig',
        'orders',
        'agreements',
        'compensation',
        'reports',
        'imports',
        'calendar',
      ],
    ],
    [
      'account_manager',
      [
        'home',
        'customers',
        'segmentation',
        'catalog',
        'tasks',
        'compliance',
        'resources',
        'tickets',
        'orders',
        'agreements',
        'compensation',
        'reports',
        'calendar',
      ],
    ],
  ])('%s sees %j', (role, keys) => {
    expect(findMenuRoutes(role).map((route) => route.key)).toEqual(keys);
  });

  it('gives every role Home and Calendar', () => {
    for (const role of ROLES) {
      expect(findMenuRoutes(role).map((route) => route.key)).toEqual(
        expect.arrayContaining(['home', 'calendar']),
      );
    }
  });

  it('finds the route that owns a path', () => {
    expect(findActiveRoute('/')?.key).toBe('home');
    expect(findActiveRoute('/tickets/3f2a')?.key).toBe('tickets');
    expect(findActiveRoute('/desk-config')?.key).toBe('deskConfig');
    expect(findActiveRoute('/users/42')?.key).toBe('users');
    expect(findActiveRoute('/usersx')).toBeNull();
    expect(findActiveRoute('/webhooks')?.key).toBe('webhooks');
  });
});

function renderLayout(role: Role) {
  setSessionUser(buildUser({ role, displayName: '张三' }));
  const router = createMemoryRouter(
    [{ path: '/', element: <AppLayout />, children: [{ index: true, element: <p>page</p> }] }],
    { initialEntries: ['/'] },
  );
  return render(<RouterProvider router={router} />);
}

describe('AppLayout', () => {
  afterEach(() => setSessionUser(null));

  it('shows Users and Audit log to an admin', () => {
    renderLayout('admin');
    expect(screen.getByTestId('menu-users').textContent).toBe('用户管理');
    expect(screen.getByTestId('menu-audit').textContent).toBe('审计日志');
    expect(screen.getByTestId('current-user').textContent).toContain('张三');
    expect(screen.getByTestId('current-user').textContent).toContain('系统管理员');
    expect(screen.getByTestId('notifications-bell')).toBeTruthy();
    expect(screen.getByTestId('menu-tickets').textContent).toBe('工单看板');
  });

  it('hides Users from everyone else', () => {
    renderLayout('account_manager');
    expect(screen.getByTestId('menu-home').textContent).toBe('首页');
    expect(screen.getByTestId('menu-calendar').textContent).toBe('工作日历');
    expect(screen.queryByTestId('menu-users')).toBeNull();
    expect(screen.queryByTestId('menu-audit')).toBeNull();
  });

  it('shows Audit log but not Users to an auditor', () => {
    renderLayout('auditor');
    expect(screen.queryByTestId('menu-users')).toBeNull();
    expect(screen.getByTestId('menu-audit')).toBeTruthy();
  });

  it('sends a visitor without a session to /login', async () => {
    setSessionUser(null);
    const router = createMemoryRouter(
      [
        { path: '/', element: <AppLayout />, children: [{ path: 'users', element: <p>users</p> }] },
        { path: '/login', element: <p>login page</p> },
      ],
      { initialEntries: ['/users'] },
    );
    render(<RouterProvider router={router} />);
    expect(await screen.findByText('login page')).toBeTruthy();
    expect(router.state.location.state).toEqual({ from: '/users' });
  });
});
