import { ArrowLeftOutlined, DownOutlined, SyncOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Dropdown,
  Result,
  Row,
  Space,
  Spin,
  Steps,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import type { SlaServiceLevel } from '../../api/agreements';
import { ApiError } from '../../api/client';
import { getTicket, recomputeTicketClocks, type TicketDetail } from '../../api/desk';
import { useApi } from '../../api/use-api';
import { useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/error-alert';
import { formatInstant } from '../../format';
import { ServiceLevelTag } from '../agreements/service-level-tag';
import { channelLabel, DeskTierTag, EscalationTag, SeverityTag, StatusTag, typeLabel } from './desk-labels';
import { TicketActions } from './ticket-actions';
import { ClocksCard } from './ticket-clocks';
import { TicketTimeline } from './ticket-timeline';

const TICKET_POLL_MS = 30_000;

function TicketHeader({ ticket }: { ticket: TicketDetail }) {
  const { t, i18n } = useTranslation();
  const index = ticket.route.findIndex((s) => s.code === ticket.stageCode);
  const zh = i18n.language.startsWith('zh');
  const levels = ticket as TicketDetail & {
    serviceLevel?: SlaServiceLevel | null;
    customerServiceLevels?: (SlaServiceLevel & { circuits: number })[];
  };
  return (
    <Card data-testid="ticket-header">
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <Space size="middle" wrap>
          <Link to="/tickets" aria-label={t('desk.ticket.back')}>
            <ArrowLeftOutlined />
          </Link>
          <Typography.Title level={3} style={{ margin: 0 }} data-testid="ticket-number">
            {ticket.number}
          </Typography.Title>
          <StatusTag status={ticket.status} />
          <Tag style={{ marginInlineEnd: 0 }}>{typeLabel(t, ticket.ticketType)}</Tag>
          <SeverityTag severity={ticket.severity} />
          {ticket.breached && <Tag color="red">{t('desk.breached')}</Tag>}
          {ticket.escalationLevel > 0 && <EscalationTag level={ticket.escalationLevel} />}
        </Space>
        <Typography.Text strong style={{ fontSize: 16 }}>
          {ticket.name}
        </Typography.Text>
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }}>
          <Descriptions.Item label={t('desk.ticket.customer')}>
            <Space size={6} wrap>
              <Link to={`/customers/${ticket.customerId}`} data-testid="ticket-customer">
                {ticket.customer?.name ?? ticket.customerName}
              </Link>
              <DeskTierTag
                tier={ticket.customer?.tier ?? ticket.tier}
                stars={ticket.customer?.stars ?? null}
              />
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label={t('desk.ticket.stage')}>
            {ticket.stageName ?? ticket.stageCode}
          </Descriptions.Item>
          <Descriptions.Item label={t('desk.ticket.department')}>
            {ticket.departmentName ?? ticket.departmentCode}
          </Descriptions.Item>
          <Descriptions.Item label={t('desk.ticket.assignee')}>
            {ticket.assigneeName ?? (
              <Typography.Text type="secondary">{t('desk.unassigned')}</Typography.Text>
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('desk.ticket.priority')}>P{ticket.priority}</Descriptions.Item>
          <Descriptions.Item label={t('desk.ticket.channel')}>
            {channelLabel(t, ticket.channel)}
          </Descriptions.Item>
          <Descriptions.Item label={t('desk.ticket.circuit')}>
            <Space size={6} wrap>
              {ticket.circuitNumber ?? '—'}
              {/* The SLA level in force on the circuit now (issue 6): read live, so a new approval shows at once. */}
              <ServiceLevelTag level={levels.serviceLevel} />
              {/* Without a circuit: the customer's agreements, so the desk knows to ask which circuit. */}
              {!ticket.circuitNumber && (levels.customerServiceLevels ?? []).length > 0 && (
                <span data-testid="customer-coverage">
                  <Typography.Text type="secondary">{t('desk.ticket.noCircuitCoverage')} </Typography.Text>
                  {levels.customerServiceLevels!.map((level) => (
                    <Tooltip
                      key={level.agreementId}
                      title={t('desk.ticket.coverageCircuits', { count: level.circuits })}
                    >
                      <span style={{ marginInlineEnd: 4 }}>
                        <ServiceLevelTag level={level} /> ×{level.circuits}
                      </span>
                    </Tooltip>
                  ))}
                </span>
              )}
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label={t('desk.ticket.expectedResolution')}>
            <span data-testid="ticket-expected-resolution">
              {ticket.expectedResolutionDate ? formatInstant(ticket.expectedResolutionDate) : '—'}
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={t('desk.ticket.accountManager')}>
            {ticket.accountManagerName ?? '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('desk.ticket.createdAt')}>
            {formatInstant(ticket.createdAt)}
          </Descriptions.Item>
          <Descriptions.Item label={t('desk.ticket.createdBy')}>{ticket.createdBy}</Descriptions.Item>
          <Descriptions.Item label={t('desk.ticket.description')} span={2}>
            <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{ticket.description}</Typography.Text>
          </Descriptions.Item>
        </Descriptions>
        {ticket.route.length > 0 && (
          <Space direction="vertical" size={4} style={{ width: '100%' }}>
            <Typography.Text type="secondary">
              {t('desk.ticket.route')} ·{' '}
              {t('desk.ticket.configVersion', { version: ticket.deskConfigVersion })}
            </Typography.Text>
            <Steps
              size="small"
              current={Math.max(0, index)}
              status={['closed', 'cancelled', 'rejected'].includes(ticket.status) ? 'finish' : 'process'}
              items={ticket.route.map((s) => ({
                title: zh ? s.name : s.nameEn,
                description: s.departmentName ?? s.departmentCode,
              }))}
              data-testid="ticket-route"
            />
          </Space>
        )}
      </Space>
    </Card>
  );
}

/**
 * 工单详情 (/tickets/:id): header with customer, tier, status, stage, department and assignee;
 * the actions the lifecycle allows; the SLA clocks as progress bars with their limit source;
 * and one timeline of events, escalations and return visits. Refreshes every 30 s.
 */
export function TicketPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { id = '' } = useParams();
  const session = useSession();
  const user = session.status === 'authenticated' ? session.user : null;
  const [tick, setTick] = useState(0);
  const ticket = useApi((signal) => getTicket(id, signal), [id, tick]);
  const [recomputing, setRecomputing] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    const timer = setInterval(() => setTick((n) => n + 1), TICKET_POLL_MS);
    return () => clearInterval(timer);
  }, []);

  const data = ticket.data && ticket.data.id === id ? ticket.data : undefined;
  const notFound =
    ticket.error instanceof ApiError && (ticket.error.status === 404 || ticket.error.status === 400);
  if (notFound) {
    return (
      <div data-testid="ticket-not-found">
        <Result
          status="404"
          title={t('desk.ticket.notFoundTitle')}
          subTitle={t('desk.ticket.notFound')}
          extra={
            <Link to="/tickets">
              <Button type="primary">{t('desk.ticket.back')}</Button>
            </Link>
          }
        />
      </div>
    );
  }
  if (!data || !user) return ticket.error ? <ErrorAlert error={ticket.error} /> : <Spin />;

  const canRecompute = user.role === 'admin' || user.role === 'kam_manager';
  const recompute = async (toCurrentVersion: boolean) => {
    setRecomputing(true);
    setError(null);
    try {
      await recomputeTicketClocks(data.id, toCurrentVersion);
      message.success(t('desk.ticket.recomputed'));
      ticket.reload();
    } catch (caught) {
      setError(caught);
    } finally {
      setRecomputing(false);
    }
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="ticket-page">
      <TicketHeader ticket={data} />
      <ErrorAlert error={error ?? ticket.error} onClose={error ? () => setError(null) : undefined} />
      <Row gutter={16}>
        <Col xs={24} xl={14}>
          <Space direction="vertical" size="middle" style={{ width: '100%' }}>
            <ClocksCard
              clocks={data.clocks}
              extra={
                canRecompute ? (
                  <Dropdown.Button
                    size="small"
                    loading={recomputing}
                    onClick={() => recompute(false)}
                    icon={<DownOutlined />}
                    menu={{
                      items: [{ key: 'current', label: t('desk.ticket.recomputeCurrent') }],
                      onClick: () => recompute(true),
                    }}
                    data-testid="recompute"
                  >
                    <SyncOutlined /> {t('desk.ticket.recompute')}
                  </Dropdown.Button>
                ) : undefined
              }
            />
            <TicketTimeline ticket={data} />
          </Space>
        </Col>
        <Col xs={24} xl={10}>
          <TicketActions ticket={data} role={user.role} userId={user.id} onChanged={ticket.reload} />
        </Col>
      </Row>
    </Space>
  );
}
