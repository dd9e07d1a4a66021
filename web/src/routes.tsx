import {
  AccountBookOutlined,
  AlertOutlined,
  ApiOutlined,
  AuditOutlined,
  BarChartOutlined,
  CalendarOutlined,
  CheckSquareOutlined,
  CustomerServiceOutlined,
  DotChartOutlined,
  FileTextOutlined,
  FunctionOutlined,
  GiftOutlined,
  HomeOutlined,
  IdcardOutlined,
  PhoneOutlined,
  ReadOutlined,
  SafetyCertificateOutlined,
  ScheduleOutlined,
  SettingOutlined,
  ShoppingCartOutlined,
  TeamOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import { type ComponentType, type LazyExoticComponent, lazy, type ReactNode } from 'react';
import type { Role } from './api/types';
import type { Messages } from './i18n/zh-cn';

type LazyPage = LazyExoticComponent<ComponentType>;

/**
 * One page of the app: its menu entry, who may open it, and its lazily loaded component.
 * Routes and the side menu are both built from `APP_ROUTES`, so a module adds a page by adding
 * one entry here (and its `menu.<key>` / `menuHint.<key>` messages in `i18n/zh-cn.ts` and `en.ts`).
 */
export type AppRoute = {
  key: string;
  /** Absolute path. */
  path: string;
  icon: ReactNode;
  labelKey: `menu.${keyof Messages['menu']}`;
  /** One line shown on the home page card. */
  hintKey?: `menuHint.${keyof Messages['menuHint']}`;
  /** The roles that see the menu entry and may open the page (and its sub-pages). */
  roles: readonly Role[] | 'all';
  element: LazyPage;
  /** Sub-pages without a menu entry of their own, e.g. `{ path: ':id', element }` for `/customers/:id`. */
  subPages?: { path: string; element: LazyPage }[];
  /** Routable but not listed in the menu or on the home page. */
  hideInMenu?: boolean;
};

export const APP_ROUTES: readonly AppRoute[] = [
  {
    key: 'home',
    path: '/',
    icon: <HomeOutlined />,
    labelKey: 'menu.home',
    hintKey: 'menuHint.home',
    roles: 'all',
    element: lazy(() => import('./pages/home-page').then((m) => ({ default: m.HomePage }))),
  },
  {
    key: 'customers',
    path: '/customers',
    icon: <IdcardOutlined />,
    labelKey: 'menu.customers',
    hintKey: 'menuHint.customers',
    roles: [
      'admin',
      'kam_manager',
      'account_manager',
      'frontdesk',
      'ops_engineer',
      'visit_agent',
      'analyst',
      'auditor',
    ],
    element: lazy(() =>
      import('./pages/customers/customers-page').then((m) => ({ default: m.CustomersPage })),
    ),
    subPages: [
      {
        path: ':id',
        element: lazy(() =>
          import('./pages/customers/customer-page').then((m) => ({ default: m.CustomerPage })),
        ),
      },
    ],
  },
  {
    key: 'tierApprovals',
    path: '/tier-approvals',
    icon: <CheckSquareOutlined />,
    labelKey: 'menu.tierApprovals',
    hintKey: 'menuHint.tierApprovals',
    roles: ['admin', 'kam_manager'],
    element: lazy(() => import('./pages/tiers/tier-inbox-page').then((m) => ({ default: m.TierInboxPage }))),
  },
  {
    key: 'segmentation',
    path: '/segmentation',
    icon: <DotChartOutlined />,
    labelKey: 'menu.segmentation',
    hintKey: 'menuHint.segmentation',
    roles: ['admin', 'kam_manager', 'account_manager', 'analyst', 'auditor'],
    element: lazy(() =>
      import('./pages/segments/segmentation-page').then((m) => ({ default: m.SegmentationPage })),
    ),
  },
  {
    key: 'valueModel',
    path: '/value-model',
    icon: <FunctionOutlined />,
    labelKey: 'menu.valueModel',
    hintKey: 'menuHint.valueModel',
    roles: ['admin', 'kam_manager', 'analyst', 'auditor'],
    element: lazy(() =>
      import('./pages/value/value-model-page').then((m) => ({ default: m.ValueModelPage })),
    ),
  },
  {
    key: 'catalog',
    path: '/service-catalog',
    icon: <ReadOutlined />,
    labelKey: 'menu.catalog',
    hintKey: 'menuHint.catalog',
    roles: 'all',
    element: lazy(() => import('./pages/catalog/catalog-page').then((m) => ({ default: m.CatalogPage }))),
  },
  {
    key: 'tasks',
    path: '/tasks',
    icon: <ScheduleOutlined />,
    labelKey: 'menu.tasks',
    hintKey: 'menuHint.tasks',
    roles: ['admin', 'kam_manager', 'account_manager'],
    element: lazy(() => import('./pages/tasks/tasks-page').then((m) => ({ default: m.TasksPage }))),
  },
  {
    key: 'compliance',
    path: '/compliance',
    icon: <BarChartOutlined />,
    labelKey: 'menu.compliance',
    hintKey: 'menuHint.compliance',
    roles: ['admin', 'kam_manager', 'account_manager', 'analyst', 'auditor'],
    element: lazy(() => import('./pages/tasks/compliance-page').then((m) => ({ default: m.CompliancePage }))),
  },
  {
    key: 'resources',
    path: '/resources',
    icon: <GiftOutlined />,
    labelKey: 'menu.resources',
    hintKey: 'menuHint.resources',
    roles: ['admin', 'kam_manager', 'account_manager', 'analyst', 'auditor'],
    element: lazy(() =>
      import('./pages/resources/resources-page').then((m) => ({ default: m.ResourcesPage })),
    ),
  },
  {
    key: 'desk',
    path: '/desk',
    icon: <CustomerServiceOutlined />,
    labelKey: 'menu.desk',
    hintKey: 'menuHint.desk',
    roles: ['admin', 'kam_manager', 'frontdesk', 'ops_engineer'],
    element: lazy(() => import('./pages/desk/desk-page').then((m) => ({ default: m.DeskPage }))),
  },
  {
    key: 'tickets',
    path: '/tickets',
    icon: <AlertOutlined />,
    labelKey: 'menu.tickets',
    hintKey: 'menuHint.tickets',
    roles: [
      'admin',
      'kam_manager',
      'account_manager',
      'frontdesk',
      'ops_engineer',
      'visit_agent',
      'analyst',
      'auditor',
    ],
    element: lazy(() => import('./pages/desk/tickets-page').then((m) => ({ default: m.TicketsPage }))),
    subPages: [
      {
        path: ':id',
        element: lazy(() => import('./pages/desk/ticket-page').then((m) => ({ default: m.TicketPage }))),
      },
    ],
  },
  {
    key: 'visits',
    path: '/visits',
    icon: <PhoneOutlined />,
    labelKey: 'menu.visits',
    hintKey: 'menuHint.visits',
    roles: ['admin', 'kam_manager', 'visit_agent', 'analyst', 'auditor'],
    element: lazy(() => import('./pages/desk/visits-page').then((m) => ({ default: m.VisitsPage }))),
  },
  {
    key: 'deskConfig',
    path: '/desk-config',
    icon: <SettingOutlined />,
    labelKey: 'menu.deskConfig',
    hintKey: 'menuHint.deskConfig',
    roles: ['admin', 'kam_manager', 'frontdesk', 'ops_engineer', 'analyst', 'auditor'],
    element: lazy(() => import('./pages/desk/desk-config-page').then((m) => ({ default: m.DeskConfigPage }))),
  },
  {
    key: 'orders',
    path: '/orders',
    icon: <ShoppingCartOutlined />,
    labelKey: 'menu.orders',
    hintKey: 'menuHint.orders',
    roles: ['admin', 'kam_manager', 'account_manager', 'frontdesk', 'ops_engineer', 'analyst', 'auditor'],
    element: lazy(() => import('./pages/orders/orders-page').then((m) => ({ default: m.OrdersPage }))),
    subPages: [
      {
        path: ':id',
        element: lazy(() => import('./pages/orders/order-page').then((m) => ({ default: m.OrderPage }))),
      },
    ],
  },
  {
    key: 'agreements',
    path: '/agreements',
    icon: <SafetyCertificateOutlined />,
    labelKey: 'menu.agreements',
    hintKey: 'menuHint.agreements',
    roles: ['admin', 'kam_manager', 'account_manager', 'frontdesk', 'ops_engineer', 'analyst', 'auditor'],
    element: lazy(() =>
      import('./pages/agreements/agreements-page').then((m) => ({ default: m.AgreementsPage })),
    ),
    subPages: [
      {
        path: ':id',
        element: lazy(() =>
          import('./pages/agreements/agreement-page').then((m) => ({ default: m.AgreementPage })),
        ),
      },
    ],
  },
  {
    key: 'compensation',
    path: '/compensation',
    icon: <AccountBookOutlined />,
    labelKey: 'menu.compensation',
    hintKey: 'menuHint.compensation',
    roles: ['admin', 'kam_manager', 'account_manager', 'ops_engineer', 'analyst', 'auditor'],
    element: lazy(() => import('./pages/compensation/slips-page').then((m) => ({ default: m.SlipsPage }))),
    subPages: [
      {
        path: ':id',
        element: lazy(() => import('./pages/compensation/slip-page').then((m) => ({ default: m.SlipPage }))),
      },
    ],
  },
  {
    key: 'reports',
    path: '/reports',
    icon: <FileTextOutlined />,
    labelKey: 'menu.reports',
    hintKey: 'menuHint.reports',
    roles: ['admin', 'kam_manager', 'account_manager', 'ops_engineer', 'analyst', 'auditor'],
    element: lazy(() => import('./pages/reports/reports-page').then((m) => ({ default: m.ReportsPage }))),
    subPages: [
      {
        path: ':id',
        element: lazy(() => import('./pages/reports/report-page').then((m) => ({ default: m.ReportPage }))),
      },
    ],
  },
  {
    key: 'imports',
    path: '/imports',
    icon: <UploadOutlined />,
    labelKey: 'menu.imports',
    hintKey: 'menuHint.imports',
    roles: ['admin', 'kam_manager'],
    element: lazy(() => import('./pages/imports/imports-page').then((m) => ({ default: m.ImportsPage }))),
  },
  {
    key: 'calendar',
    path: '/calendar',
    icon: <CalendarOutlined />,
    labelKey: 'menu.calendar',
    hintKey: 'menuHint.calendar',
    roles: 'all',
    element: lazy(() => import('./pages/calendar/calendar-page').then((m) => ({ default: m.CalendarPage }))),
  },
  {
    key: 'users',
    path: '/users',
    icon: <TeamOutlined />,
    labelKey: 'menu.users',
    hintKey: 'menuHint.users',
    roles: ['admin'],
    element: lazy(() => import('./pages/users/users-page').then((m) => ({ default: m.UsersPage }))),
  },
  {
    key: 'webhooks',
    path: '/webhooks',
    icon: <ApiOutlined />,
    labelKey: 'menu.webhooks',
    hintKey: 'menuHint.webhooks',
    roles: ['admin'],
    element: lazy(() => import('./pages/webhooks/webhooks-page').then((m) => ({ default: m.WebhooksPage }))),
  },
  {
    key: 'audit',
    path: '/audit',
    icon: <AuditOutlined />,
    labelKey: 'menu.audit',
    hintKey: 'menuHint.audit',
    roles: ['admin', 'auditor'],
    element: lazy(() => import('./pages/audit/audit-page').then((m) => ({ default: m.AuditPage }))),
  },
];

export function isRouteAllowed(route: AppRoute, role: Role): boolean {
  return route.roles === 'all' || route.roles.includes(role);
}

/** The menu entries a role sees, in table order. */
export function findMenuRoutes(role: Role, routes: readonly AppRoute[] = APP_ROUTES): AppRoute[] {
  return routes.filter((route) => !route.hideInMenu && isRouteAllowed(route, role));
}

/** The route that owns a location: the longest path that is the pathname or a parent of it. */
export function findActiveRoute(pathname: string, routes: readonly AppRoute[] = APP_ROUTES): AppRoute | null {
  let best: AppRoute | null = null;
  for (const route of routes) {
    const owns =
      route.path === '/'
        ? pathname === '/'
        : pathname === route.path || pathname.startsWith(`${route.path}/`);
    if (owns && (!best || route.path.length > best.path.length)) best = route;
  }
  return best;
}
