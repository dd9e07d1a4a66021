import { Badge, Card, Col, Row, Space, Statistic, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../api/client';
import type { User as SessionUser } from '../api/types';
import { useApi } from '../api/use-api';
import { useSession } from '../auth/session';
import { roleLabel } from '../i18n/describe-error';
import { findMenuRoutes } from '../routes';

/**
 * One figure of the workbench: what is waiting for the user, counted by the list endpoint the page
 * behind it uses (`X-Total-Count` of a one-row page), shown only when the user may open that page.
 */
type FigureKey =
  | 'ticketsBreached'
  | 'ticketsOpen'
  | 'ticketsMine'
  | 'visitsOverdue'
  | 'visitsOpen'
  | 'tasksOverdue'
  | 'tasksOpen'
  | 'proposalsPending'
  | 'ordersOverdue'
  | 'slipsTodo';

type Figure = {
  key: FigureKey;
  /** The page the figure leads to; also decides whether the user sees it (its menu roles). */
  route: string;
  /** Where the click goes (the page, possibly with its filter). */
  to: string;
  /** `warn`: red when above zero (late work); `todo`: orange when above zero; `info`: plain. */
  tone: 'warn' | 'todo' | 'info';
  /** Only for these roles (default: everyone who may open `route`). */
  roles?: readonly string[];
  count: (user: SessionUser, signal: AbortSignal) => Promise<number>;
};

const total = async (path: string, query: Record<string, string | number | boolean>, signal: AbortSignal) =>
  (await api.getPage<unknown>(path, { ...query, limit: 1 }, signal)).total;

/** Roles that look at everyone's tasks in their scope rather than their own. */
const OVERSEERS = ['admin', 'kam_manager', 'analyst', 'auditor'];

/** The figures, most urgent first; each user sees those of the pages in their menu. */
const FIGURES: Figure[] = [
  {
    key: 'ticketsBreached',
    route: '/tickets',
    to: '/tickets?breached=1',
    tone: 'warn',
    count: (_u, s) => total('/tickets', { open: true, breached: true }, s),
  },
  {
    key: 'ticketsOpen',
    route: '/tickets',
    to: '/tickets',
    tone: 'info',
    count: (_u, s) => total('/tickets', { open: true }, s),
  },
  {
    key: 'ticketsMine',
    route: '/tickets',
    to: '/tickets?mine=1',
    tone: 'todo',
    roles: ['admin', 'kam_manager', 'frontdesk', 'ops_engineer'],
    count: (u, s) => total('/tickets', { open: true, assigneeId: u.id }, s),
  },
  {
    key: 'visitsOverdue',
    route: '/visits',
    to: '/visits',
    tone: 'warn',
    count: (u, s) =>
      total(
        '/visits',
        { status: 'open', overdue: true, ...(u.role === 'visit_agent' ? { mine: true } : {}) },
        s,
      ),
  },
  {
    key: 'visitsOpen',
    route: '/visits',
    to: '/visits',
    tone: 'todo',
    count: (u, s) =>
      total('/visits', { status: 'open', ...(u.role === 'visit_agent' ? { mine: true } : {}) }, s),
  },
  {
    key: 'tasksOverdue',
    route: '/tasks',
    to: '/tasks',
    tone: 'warn',
    count: (u, s) =>
      total(
        '/tasks',
        { status: 'open', overdue: true, ...(OVERSEERS.includes(u.role) ? {} : { ownerId: u.id }) },
        s,
      ),
  },
  {
    key: 'tasksOpen',
    route: '/tasks',
    to: '/tasks',
    tone: 'todo',
    count: (u, s) =>
      total('/tasks', { status: 'open', ...(OVERSEERS.includes(u.role) ? {} : { ownerId: u.id }) }, s),
  },
  {
    key: 'proposalsPending',
    route: '/tier-approvals',
    to: '/tier-approvals',
    tone: 'todo',
    count: (_u, s) => total('/tier-proposals', { status: 'pending' }, s),
  },
  {
    key: 'ordersOverdue',
    route: '/orders',
    to: '/orders',
    tone: 'warn',
    count: (_u, s) => total('/orders', { overdue: true }, s),
  },
  {
    key: 'slipsTodo',
    route: '/compensation',
    to: '/compensation',
    tone: 'todo',
    count: (_u, s) => total('/compensation/slips', { todo: true }, s),
  },
];

const TONE_COLOR = { warn: '#cf1322', todo: '#d46b08', info: undefined } as const;

function FigureCard({ figure, user }: { figure: Figure; user: SessionUser }) {
  const { t } = useTranslation();
  const state = useApi((signal) => figure.count(user, signal), [figure.key, user.id]);
  // a figure the server refuses (a role the page admits but the list does not) is left out
  if (state.error) return null;
  const value = state.data;
  const color = value ? TONE_COLOR[figure.tone] : undefined;
  return (
    <Col xs={12} md={8} xl={6}>
      <Link to={figure.to} data-testid={`home-figure-${figure.key}`}>
        <Card hoverable size="small" loading={state.loading && value === undefined}>
          <Statistic
            title={t(`home.figures.${figure.key}`)}
            value={value ?? '—'}
            valueStyle={color ? { color } : undefined}
          />
        </Card>
      </Link>
    </Col>
  );
}

/**
 * The home page is the user's workbench: what is waiting for them today (late tickets, visits,
 * tasks, approvals, orders and compensation slips in their scope, each a link to the page that
 * lists them), their unread notifications, then the pages they may open.
 */
export function HomePage() {
  const { t } = useTranslation();
  const session = useSession();
  const user = session.status === 'authenticated' ? session.user : null;
  const unread = useApi(
    (signal) =>
      user
        ? api.get<{ count: number }>('/notifications/unread-count', undefined, signal).then((r) => r.count)
        : Promise.resolve(0),
    [user?.id],
  );
  if (!user) return null;
  const menu = findMenuRoutes(user.role);
  const paths = new Set(menu.map((route) => route.path));
  const figures = FIGURES.filter((f) => paths.has(f.route) && (!f.roles || f.roles.includes(user.role)));
  const shortcuts = menu.filter((route) => route.path !== '/');

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <div>
        <Typography.Title level={3} style={{ marginTop: 0 }} data-testid="home-greeting">
          {t('home.greeting', { name: user.displayName })}
        </Typography.Title>
        <Space wrap>
          <Typography.Text type="secondary">
            {t('home.role')} <Tag color="blue">{roleLabel(user.role, t)}</Tag>
          </Typography.Text>
          {unread.data !== undefined && unread.data > 0 && (
            <Badge count={unread.data} offset={[8, 0]} data-testid="home-unread">
              <Typography.Text>{t('home.unread')}</Typography.Text>
            </Badge>
          )}
        </Space>
      </div>
      {figures.length > 0 && (
        <div>
          <Typography.Title level={5}>{t('home.today')}</Typography.Title>
          <Row gutter={[16, 16]} data-testid="home-figures">
            {figures.map((figure) => (
              <FigureCard key={figure.key} figure={figure} user={user} />
            ))}
          </Row>
        </div>
      )}
      <div>
        <Typography.Title level={5}>{t('home.shortcuts')}</Typography.Title>
        <Row gutter={[16, 16]}>
          {shortcuts.map((route) => (
            <Col key={route.key} xs={24} sm={12} lg={8} xl={6}>
              <Link to={route.path} data-testid={`home-card-${route.key}`}>
                <Card hoverable>
                  <Card.Meta
                    avatar={<span style={{ fontSize: 24 }}>{route.icon}</span>}
                    title={t(route.labelKey)}
                    description={route.hintKey ? t(route.hintKey) : null}
                  />
                </Card>
              </Link>
            </Col>
          ))}
        </Row>
      </div>
    </Space>
  );
}
