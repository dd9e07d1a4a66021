import { LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Layout, Menu, Space, Tag, Typography, theme } from 'antd';
import { Suspense, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { signOut, useSession } from '../auth/session';
import { roleLabel } from '../i18n/describe-error';
import { APP_ROUTES, type AppRoute, findActiveRoute, findMenuRoutes } from '../routes';
import { LanguageSwitch } from './language-switch';
import { NotificationsBell } from './notifications-bell';
import { PageSpin } from './page-spin';

/**
 * The signed-in shell: header (product, user, language, logout), the role-filtered side menu
 * and the current page. Without a session it sends the visitor to /login, remembering where
 * they were going.
 */
export function AppLayout({ routes = APP_ROUTES }: { routes?: readonly AppRoute[] }) {
  const session = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const [collapsed, setCollapsed] = useState(false);
  const [signingOut, setSigningOut] = useState(false);

  const user = session.status === 'authenticated' ? session.user : null;
  const menuItems = useMemo(
    () =>
      user
        ? findMenuRoutes(user.role, routes).map((route) => ({
            key: route.key,
            icon: route.icon,
            label: (
              <Link to={route.path} data-testid={`menu-${route.key}`}>
                {t(route.labelKey)}
              </Link>
            ),
          }))
        : [],
    [user, routes, t],
  );

  // keep the page's menu entry in sight when the menu is taller than the window
  const activeKey = user ? findActiveRoute(location.pathname, routes)?.key : undefined;
  useEffect(() => {
    if (activeKey === undefined) return;
    document
      .querySelector('[data-testid="side-menu"] .ant-menu-item-selected')
      ?.scrollIntoView?.({ block: 'center' });
  }, [activeKey]);

  if (session.status === 'loading') return <PageSpin fullScreen />;
  if (!user) {
    return <Navigate to="/login" replace state={{ from: `${location.pathname}${location.search}` }} />;
  }

  const active = findActiveRoute(location.pathname, routes);

  const handleLogout = async () => {
    setSigningOut(true);
    try {
      await signOut();
    } catch {
      // The session is cleared locally even when the server could not be told.
    } finally {
      setSigningOut(false);
      navigate('/login', { replace: true });
    }
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider
        breakpoint="lg"
        collapsible
        collapsed={collapsed}
        onCollapse={setCollapsed}
        theme="light"
        // the menu scrolls inside a sider as tall as the window (antd's fixed-sider layout): a long
        // menu (an admin's) never runs under the collapse trigger, which sits fixed at the bottom
        style={{
          borderInlineEnd: `1px solid ${token.colorBorderSecondary}`,
          position: 'sticky',
          top: 0,
          height: '100vh',
          overflowY: 'auto',
          scrollbarWidth: 'thin',
        }}
      >
        <div
          style={{
            height: 56,
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'center',
            fontWeight: 600,
            fontSize: 18,
            color: token.colorPrimary,
          }}
        >
          {t('app.name')}
        </div>
        <Menu
          mode="inline"
          items={menuItems}
          selectedKeys={active ? [active.key] : []}
          data-testid="side-menu"
          style={{ borderInlineEnd: 'none', paddingBottom: 48 }}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            background: token.colorBgContainer,
            borderBottom: `1px solid ${token.colorBorderSecondary}`,
            paddingInline: 24,
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'space-between',
            gap: 16,
          }}
        >
          <Typography.Title level={4} style={{ margin: 0, whiteSpace: 'nowrap' }}>
            {t('app.fullName')}
          </Typography.Title>
          <Space size="middle" wrap={false}>
            <NotificationsBell />
            <Space size={6} data-testid="current-user">
              <UserOutlined />
              <Typography.Text strong>{user.displayName}</Typography.Text>
              <Tag color="blue" style={{ marginInlineEnd: 0 }}>
                {roleLabel(user.role, t)}
              </Tag>
            </Space>
            <LanguageSwitch size="small" />
            <Button
              icon={<LogoutOutlined />}
              loading={signingOut}
              onClick={handleLogout}
              data-testid="logout"
            >
              {t('common.logout')}
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: 24 }}>
          <Suspense fallback={<PageSpin />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
