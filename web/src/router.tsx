import { type ComponentType, lazy, Suspense } from 'react';
import type { RouteObject } from 'react-router-dom';
import { useSession } from './auth/session';
import { AppLayout } from './components/app-layout';
import { PageSpin } from './components/page-spin';
import { StatusResult } from './components/status-result';
import { APP_ROUTES, type AppRoute, isRouteAllowed } from './routes';

const LoginPage = lazy(() => import('./pages/login-page').then((m) => ({ default: m.LoginPage })));

/** Renders the page only for the route's roles; the layout has already ensured a session. */
function RoleGate({ route, page: Page }: { route: AppRoute; page: ComponentType }) {
  const session = useSession();
  if (session.status !== 'authenticated') return null;
  if (!isRouteAllowed(route, session.user.role)) return <StatusResult kind="forbidden" />;
  return <Page />;
}

function joinPath(parent: string, child: string): string {
  return `${parent.replace(/\/$/, '')}/${child.replace(/^\//, '')}`;
}

/** The router's tree: /login outside the layout, every `APP_ROUTES` page (and sub-page) inside it. */
export function buildRouteObjects(routes: readonly AppRoute[] = APP_ROUTES): RouteObject[] {
  const pages: RouteObject[] = routes.flatMap((route) => [
    { path: route.path, element: <RoleGate route={route} page={route.element} /> },
    ...(route.subPages ?? []).map((sub) => ({
      path: joinPath(route.path, sub.path),
      element: <RoleGate route={route} page={sub.element} />,
    })),
  ]);
  return [
    {
      path: '/login',
      element: (
        <Suspense fallback={<PageSpin fullScreen />}>
          <LoginPage />
        </Suspense>
      ),
    },
    {
      path: '/',
      element: <AppLayout routes={routes} />,
      children: [...pages, { path: '*', element: <StatusResult kind="notFound" /> }],
    },
  ];
}
