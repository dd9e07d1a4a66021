/**
 * One order: header (state, customer, AM, dates), the lines with their milestone Steps, due date and
 * reason, circuit and activation, and the actions the caller's role may take (progress, activate,
 * cancel — ops/kam/admin; deliver — AM/kam/admin); the delivery pack (HTML/PDF); slips raised,
 * activation visits, delivery tasks and the timeline.
 */

import {
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Modal,
  Result,
  Select,
  Space,
  Spin,
  Steps,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import {
  activateItem,
  cancelItem,
  changeOrderState,
  deliverItem,
  deliveryPackUrl,
  formatFen,
  getOrder,
  MILESTONES,
  type OrderDetail,
  type OrderItem,
  type OrderState,
  PROGRESS_MILESTONES,
  type ProgressMilestone,
  recordMilestone,
} from '../../api/orders';
import { useApi } from '../../api/use-api';
import { useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/error-alert';
import { formatInstant } from '../../format';
import { SlipStatusTag } from '../compensation/slip-labels';
import { ClassTag, DueDate, OrderStateTag } from './order-labels';

export const HANDLER_ROLES = ['admin', 'kam_manager', 'ops_engineer'];
export const DELIVERER_ROLES = ['admin', 'kam_manager', 'account_manager'];

type Action =
  | { kind: 'state' }
  | { kind: 'milestone'; item: OrderItem }
  | { kind: 'activate'; item: OrderItem }
  | { kind: 'deliver'; item: OrderItem }
  | { kind: 'cancel'; item: OrderItem };

function ActionModal({
  order,
  action,
  onClose,
  onDone,
}: {
  order: OrderDetail;
  action: Action;
  onClose: () => void;
  onDone: (o: OrderDetail) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const item = action.kind === 'state' ? null : action.item;
  const title =
    action.kind === 'state'
      ? t('orders.order.changeState')
      : action.kind === 'activate'
        ? t('orders.order.activateTitle', { line: action.item.lineNo })
        : action.kind === 'milestone'
          ? t('orders.order.milestoneAction')
          : action.kind === 'deliver'
            ? t('orders.order.deliver')
            : t('orders.order.cancelLine');
  const ok = async () => {
    const v = await form.validateFields();
    setSaving(true);
    setError(null);
    try {
      let next: OrderDetail;
      if (action.kind === 'state')
        next = await changeOrderState(order.id, { state: v.state, reason: v.reason || undefined });
      else if (action.kind === 'milestone')
        next = await recordMilestone(order.id, action.item.id, {
          milestone: v.milestone,
          note: v.note || undefined,
        });
      else if (action.kind === 'activate')
        next = await activateItem(order.id, action.item.id, {
          circuitNumber: v.circuitNumber || null,
          activatedAt: v.activatedAt ? v.activatedAt.toISOString() : undefined,
          note: v.note || undefined,
        });
      else if (action.kind === 'deliver')
        next = await deliverItem(order.id, action.item.id, { note: v.note || undefined });
      else next = await cancelItem(order.id, action.item.id, v.reason);
      onDone(next);
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  };
  const nextMilestones = item
    ? PROGRESS_MILESTONES.filter((m) => MILESTONES.indexOf(m) > MILESTONES.indexOf(item.milestone))
    : [];
  return (
    <Modal open title={title} onCancel={onClose} onOk={ok} confirmLoading={saving} destroyOnClose>
      <Form form={form} layout="vertical" data-testid={`action-${action.kind}`}>
        {action.kind === 'state' ? (
          <>
            <Form.Item name="state" label={t('orders.order.state')} rules={[{ required: true }]}>
              <Select
                options={order.allowedStates.map((s: OrderState) => ({
                  value: s,
                  label: t(`orders.state.${s}`),
                }))}
              />
            </Form.Item>
            <Form.Item name="reason" label={t('orders.order.stateReason')}>
              <Input.TextArea rows={2} maxLength={1000} />
            </Form.Item>
          </>
        ) : null}
        {action.kind === 'milestone' ? (
          <>
            <Form.Item
              name="milestone"
              label={t('orders.order.milestoneAction')}
              rules={[{ required: true }]}
              initialValue={nextMilestones[0]}
            >
              <Select
                options={nextMilestones.map((m: ProgressMilestone) => ({
                  value: m,
                  label: t(`orders.milestone.${m}`),
                }))}
              />
            </Form.Item>
            <Form.Item name="note" label={t('orders.order.milestoneNote')}>
              <Input maxLength={1000} />
            </Form.Item>
          </>
        ) : null}
        {action.kind === 'activate' ? (
          <>
            <Form.Item
              name="circuitNumber"
              label={t('orders.order.circuitNumber')}
              rules={[{ required: !['idc', 'other'].includes(action.item.product) }]}
            >
              <Input maxLength={60} data-testid="activate-circuit" />
            </Form.Item>
            <Form.Item name="activatedAt" label={t('orders.order.activatedAt')}>
              <DatePicker showTime style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="note" label={t('orders.order.milestoneNote')}>
              <Input maxLength={1000} />
            </Form.Item>
          </>
        ) : null}
        {action.kind === 'deliver' ? (
          <Form.Item name="note" label={t('orders.order.deliverNote')}>
            <Input maxLength={1000} />
          </Form.Item>
        ) : null}
        {action.kind === 'cancel' ? (
          <Form.Item name="reason" label={t('orders.order.cancelReason')} rules={[{ required: true }]}>
            <Input maxLength={1000} />
          </Form.Item>
        ) : null}
      </Form>
      {error ? <ErrorAlert error={error} /> : null}
    </Modal>
  );
}

function LineCard({
  order,
  item,
  role,
  onAction,
}: {
  order: OrderDetail;
  item: OrderItem;
  role: string;
  onAction: (a: Action) => void;
}) {
  const { t } = useTranslation();
  const open = item.state === 'acknowledged' || item.state === 'inProgress';
  const workable = order.state === 'acknowledged' || order.state === 'inProgress';
  const handler = HANDLER_ROLES.includes(role);
  const current = MILESTONES.indexOf(item.milestone);
  const task = order.deliveryTasks.find((x) => x.itemId === item.id);
  return (
    <Card
      size="small"
      data-testid={`line-${item.lineNo}`}
      title={
        <Space wrap>
          <span>#{item.lineNo}</span>
          <span>{t(`orders.product.${item.product}`)}</span>
          <Tag>{t(`orders.scope.${item.scope}`)}</Tag>
          <ClassTag cls={item.provisioningClass} />
          {item.crossOperator ? <Tag color="purple">{t('orders.entry.crossOperator')}</Tag> : null}
          {item.bandwidthMbps ? <Tag>{item.bandwidthMbps} Mbps</Tag> : null}
          <Tag color={item.state === 'completed' ? 'green' : item.state === 'cancelled' ? 'default' : 'blue'}>
            {t(`orders.itemState.${item.state}`)}
          </Tag>
        </Space>
      }
      extra={
        <Space wrap>
          {handler && open && workable ? (
            <>
              <Button size="small" onClick={() => onAction({ kind: 'milestone', item })}>
                {t('orders.order.milestoneAction')}
              </Button>
              <Button
                size="small"
                type="primary"
                onClick={() => onAction({ kind: 'activate', item })}
                data-testid="activate"
              >
                {t('orders.order.activate')}
              </Button>
              <Button size="small" danger onClick={() => onAction({ kind: 'cancel', item })}>
                {t('orders.order.cancelLine')}
              </Button>
            </>
          ) : null}
          {DELIVERER_ROLES.includes(role) && item.state === 'completed' && item.milestone === 'activated' ? (
            <Button
              size="small"
              type="primary"
              onClick={() => onAction({ kind: 'deliver', item })}
              data-testid="deliver"
            >
              {t('orders.order.deliver')}
            </Button>
          ) : null}
        </Space>
      }
    >
      <Steps
        size="small"
        current={item.state === 'cancelled' ? current : current}
        status={item.state === 'cancelled' ? 'error' : item.milestone === 'delivered' ? 'finish' : 'process'}
        items={MILESTONES.map((m) => ({ title: t(`orders.milestone.${m}`) }))}
        style={{ marginBottom: 12 }}
      />
      <Descriptions size="small" column={{ xs: 1, md: 3 }}>
        <Descriptions.Item label={t('orders.order.dueDate')}>
          <DueDate
            date={item.dueDate}
            provisional={item.dueProvisional}
            overdue={item.overdue}
            basis={item.dueBasis}
          />
        </Descriptions.Item>
        <Descriptions.Item label={t('orders.order.dueBasis')} span={2}>
          <Typography.Text type="secondary">{item.dueBasis.text}</Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('orders.entry.priced')}>
          {t('orders.order.fees', {
            once: formatFen(item.oneTimeFeeFen),
            monthly: formatFen(item.monthlyFeeFen),
          })}
          {item.feePercent !== 100
            ? ` (${t('orders.order.feeSurcharge', { list: formatFen(item.listOneTimeFeeFen), percent: item.feePercent })})`
            : ''}
        </Descriptions.Item>
        <Descriptions.Item label={t('orders.order.circuit')}>{item.circuitNumber ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('orders.order.activatedOn')}>
          {item.activatedOn ? (
            <Space size={4}>
              {item.activatedOn}
              {item.overdueWorkingDays ? (
                <Tag color="red">{t('orders.order.overdueDays', { count: item.overdueWorkingDays })}</Tag>
              ) : (
                <Tag color="green">{t('orders.order.onTime')}</Tag>
              )}
            </Space>
          ) : (
            '—'
          )}
        </Descriptions.Item>
        {item.deliveryDueDate || task ? (
          <Descriptions.Item label={t('orders.milestone.delivered')}>
            <Space size={4}>
              {item.deliveredAt ? (
                <Tag color="green">{t('orders.order.delivered')}</Tag>
              ) : (
                <span>{t('orders.order.deliveryDue', { date: item.deliveryDueDate ?? task?.dueDate })}</span>
              )}
              {item.activatedOn ? (
                <>
                  <a href={deliveryPackUrl(order.id, 'html', item.id)} target="_blank" rel="noreferrer">
                    HTML
                  </a>
                  <a href={deliveryPackUrl(order.id, 'pdf', item.id)}>PDF</a>
                </>
              ) : null}
            </Space>
          </Descriptions.Item>
        ) : null}
      </Descriptions>
    </Card>
  );
}

function EventText({ e, lineOf }: { e: OrderDetail['events'][number]; lineOf: Map<string, number> }) {
  const { t } = useTranslation();
  return <>{eventText(t, e, lineOf)}</>;
}

// biome-ignore lint/suspicious/noExplicitAny: i18next's typed `t` is too deep to pass around
function eventText(t: any, e: OrderDetail['events'][number], lineOf: Map<string, number>): string {
  const state = (v: string | null) => (v ? t(`orders.state.${v as OrderState}`, { defaultValue: v }) : '—');
  const milestone = (v: string | null) =>
    v ? t(`orders.milestone.${v as 'survey'}`, { defaultValue: v }) : '—';
  const line = e.itemId ? `#${lineOf.get(e.itemId) ?? ''} ` : '';
  switch (e.kind) {
    case 'state':
      return `${line}${t('orders.order.event.state', { from: state(e.fromValue), to: state(e.toValue) })}`;
    case 'milestone':
      return `${line}${t('orders.order.event.milestone', { to: milestone(e.toValue) })}`;
    case 'delivery':
      return `${line}${t('orders.order.event.delivery')}`;
    case 'compensation':
      return `${line}${t('orders.order.event.compensation', { to: e.toValue })}`;
    case 'due_recomputed':
      return `${line}${t('orders.order.event.due_recomputed', { from: e.fromValue, to: e.toValue })}`;
    default:
      return `${line}${t('orders.order.event.note')}`;
  }
}

export function OrderPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { id = '' } = useParams();
  const session = useSession();
  const user = session.status === 'authenticated' ? session.user : null;
  const state = useApi((signal) => getOrder(id, signal), [id]);
  const [override, setOverride] = useState<OrderDetail | null>(null);
  const [action, setAction] = useState<Action | null>(null);
  const data = override && override.id === id ? override : state.data;
  if (state.error instanceof ApiError && (state.error.status === 404 || state.error.status === 400)) {
    return (
      <div data-testid="order-not-found">
        <Result
          status="404"
          title={t('orders.order.notFound')}
          extra={
            <Link to="/orders">
              <Button type="primary">{t('orders.order.back')}</Button>
            </Link>
          }
        />
      </div>
    );
  }
  if (!data || !user) return state.error ? <ErrorAlert error={state.error} /> : <Spin />;
  const lineOf = new Map(data.items.map((i) => [i.id, i.lineNo]));
  const anyActivated = data.items.some((i) => i.activatedOn);
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle" data-testid="order-page">
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Space>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {data.orderNumber}
          </Typography.Title>
          <OrderStateTag state={data.state} />
        </Space>
        <Space wrap>
          {anyActivated ? (
            <>
              <a
                href={deliveryPackUrl(data.id, 'html')}
                target="_blank"
                rel="noreferrer"
                data-testid="pack-html"
              >
                {t('orders.order.packHtml')}
              </a>
              <a href={deliveryPackUrl(data.id, 'pdf')} data-testid="pack-pdf">
                {t('orders.order.packPdf')}
              </a>
            </>
          ) : null}
          {HANDLER_ROLES.includes(user.role) && data.allowedStates.length > 0 ? (
            <Button onClick={() => setAction({ kind: 'state' })} data-testid="change-state">
              {t('orders.order.changeState')}
            </Button>
          ) : null}
        </Space>
      </Space>
      <Card size="small">
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t('orders.order.customer')}>
            <Link to={`/customers/${data.customerId}`}>{data.customerName}</Link>
            {data.isHeadquarters ? <Tag style={{ marginInlineStart: 4 }}>{t('orders.list.hq')}</Tag> : null}
          </Descriptions.Item>
          <Descriptions.Item label={t('orders.order.accountManager')}>
            {data.accountManagerName ?? '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('orders.order.priority')}>{data.priority}</Descriptions.Item>
          <Descriptions.Item label={t('orders.order.created')}>
            {formatInstant(data.createdAt)} · {data.createdBy}
          </Descriptions.Item>
          <Descriptions.Item label={t('orders.order.requested')}>
            {data.requestedCompletionDate ?? '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('orders.order.expected')}>
            <DueDate
              date={data.expectedCompletionDate}
              provisional={data.expectedProvisional}
              overdue={data.overdueItems > 0}
              reason={data.dueText}
            />
          </Descriptions.Item>
          {data.completionDate ? (
            <Descriptions.Item label={t('orders.order.completion')}>
              {formatInstant(data.completionDate)}
            </Descriptions.Item>
          ) : null}
          {data.cancellationReason ? (
            <Descriptions.Item label={t('orders.order.reason')}>{data.cancellationReason}</Descriptions.Item>
          ) : null}
          {data.description ? (
            <Descriptions.Item label={t('orders.entry.description')}>{data.description}</Descriptions.Item>
          ) : null}
        </Descriptions>
      </Card>
      <Typography.Title level={5}>{t('orders.order.lines')}</Typography.Title>
      {data.items.map((item) => (
        <LineCard key={item.id} order={data} item={item} role={user.role} onAction={setAction} />
      ))}
      {data.slips.length > 0 ? (
        <Card size="small" title={t('orders.order.slips')} data-testid="order-slips">
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={data.slips}
            columns={[
              { title: '#', render: (_, s) => <Link to={`/compensation/${s.id}`}>{s.slipNumber}</Link> },
              {
                title: t('orders.order.lines'),
                render: (_, s) => (s.orderItemId ? `#${lineOf.get(s.orderItemId)}` : '—'),
              },
              { title: t('orders.order.state'), render: (_, s) => <SlipStatusTag status={s.status} /> },
              { title: '¥', align: 'right', render: (_, s) => formatFen(s.amountFen) },
              { title: t('orders.order.created'), render: (_, s) => formatInstant(s.raisedAt) },
            ]}
          />
        </Card>
      ) : null}
      {data.visits.length > 0 ? (
        <Card size="small" title={t('orders.order.visits')}>
          <Space wrap>
            {data.visits.map((v) => (
              <Tag key={v.id} color={v.status === 'open' ? 'blue' : 'green'}>
                {t(`orders.order.visitStatus.${v.status as 'open'}`, { defaultValue: v.status })} ·{' '}
                {formatInstant(v.dueAt)}
              </Tag>
            ))}
          </Space>
        </Card>
      ) : null}
      <Card size="small" title={t('orders.order.timeline')}>
        <Timeline
          items={data.events.map((e) => ({
            color: e.kind === 'compensation' ? 'red' : e.kind === 'state' ? 'blue' : 'green',
            children: (
              <Space direction="vertical" size={0}>
                <Typography.Text>
                  <EventText e={e} lineOf={lineOf} />
                </Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatInstant(e.at)} · {e.actorName}
                  {e.note ? ` · ${e.note}` : ''}
                </Typography.Text>
              </Space>
            ),
          }))}
        />
      </Card>
      {action ? (
        <ActionModal
          order={data}
          action={action}
          onClose={() => setAction(null)}
          onDone={(o) => {
            setOverride(o);
            setAction(null);
            message.success(t('orders.order.saved'));
          }}
        />
      ) : null}
    </Space>
  );
}
