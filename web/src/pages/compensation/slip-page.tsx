import { ArrowLeftOutlined } from '@ant-design/icons';
import { Card, Col, Descriptions, Result, Row, Space, Spin, Steps, Tag, Timeline, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { formatFen, getSlip, type SlipDetail, type SlipEvent } from '../../api/compensation';
import { useApi } from '../../api/use-api';
import { ErrorAlert } from '../../components/error-alert';
import { formatInstant } from '../../format';
import { SlipActions } from './slip-actions';
import { SLIP_STATUS_COLORS, SlipKindTag, SlipStatusTag } from './slip-labels';

const ORDER = ['raised', 'ops_stated', 'decided', 'customer_confirmed', 'settled'] as const;

/** The antd Steps of the workflow: where the slip stands, with who and when under each step. */
function WorkflowSteps({ slip }: { slip: SlipDetail }) {
  const { t } = useTranslation();
  const position: Record<string, number> = {
    raised: 1,
    ops_stated: 2,
    approved: 3,
    rejected: 2,
    customer_confirmed: 4,
    settled: 5,
  };
  const current = position[slip.status] ?? 0;
  const when = (at: string | null, by: string | null) =>
    at ? `${formatInstant(at).slice(0, 16)}${by ? ` · ${by}` : ''}` : undefined;
  const descriptions = [
    when(slip.raisedAt, slip.raisedBy),
    when(slip.opsAt, slip.opsBy),
    when(slip.decidedAt, slip.decidedBy),
    when(slip.confirmedAt, slip.confirmedBy),
    when(slip.settledAt, slip.settledBy),
  ];
  return (
    <Steps
      size="small"
      current={slip.status === 'settled' ? ORDER.length - 1 : current}
      status={slip.status === 'rejected' ? 'error' : slip.status === 'settled' ? 'finish' : 'process'}
      items={ORDER.map((key, i) => ({
        title:
          key === 'decided' && slip.status === 'rejected'
            ? t('compensation.status.rejected')
            : t(`compensation.steps.${key}`),
        description: descriptions[i],
      }))}
      data-testid="slip-steps"
    />
  );
}

function eventTitle(t: TFunction, e: SlipEvent): string {
  if (e.kind === 'amount_changed') {
    return t('compensation.event.amount_changed', {
      before: formatFen(e.amountBeforeFen ?? 0),
      after: formatFen(e.amountAfterFen ?? 0),
    });
  }
  const known = ['raised', 'ops_stated', 'approved', 'rejected', 'customer_confirmed', 'settled'] as const;
  return (known as readonly string[]).includes(e.kind)
    ? t(`compensation.event.${e.kind as (typeof known)[number]}`)
    : e.kind;
}

function SlipTimeline({ slip }: { slip: SlipDetail }) {
  const { t } = useTranslation();
  return (
    <Card title={t('compensation.slip.timeline')} data-testid="slip-timeline">
      <Timeline
        items={slip.events.map((e) => ({
          key: e.id,
          color:
            e.kind === 'amount_changed'
              ? 'purple'
              : e.kind === 'rejected'
                ? 'red'
                : (SLIP_STATUS_COLORS[e.kind as 'raised'] ?? 'blue') === 'default'
                  ? 'gray'
                  : 'blue',
          children: (
            <Space direction="vertical" size={0} data-testid={`event-${e.kind}`}>
              <Typography.Text strong>{eventTitle(t, e)}</Typography.Text>
              {e.note && <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{e.note}</Typography.Text>}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {formatInstant(e.at)} · {e.actorDisplayName ?? e.actorName}
              </Typography.Text>
            </Space>
          ),
        }))}
      />
    </Card>
  );
}

function SlipFacts({ slip }: { slip: SlipDetail }) {
  const { t } = useTranslation();
  const src = slip.source;
  return (
    <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} bordered data-testid="slip-facts">
      <Descriptions.Item label={t('compensation.slip.customer')}>
        <Link to={`/customers/${slip.customerId}`}>{slip.customerName}</Link>
      </Descriptions.Item>
      <Descriptions.Item label={t('compensation.slip.accountManager')}>
        {slip.accountManagerName ?? '—'}
      </Descriptions.Item>
      <Descriptions.Item label={t('compensation.slip.amount')}>
        <Space size={6} wrap>
          <Typography.Text strong style={{ fontSize: 16 }} data-testid="slip-amount">
            {formatFen(slip.amountFen)}
          </Typography.Text>
          {slip.amountChanged && (
            <Tag color="purple" data-testid="slip-computed">
              {t('compensation.computed', { amount: formatFen(slip.computedAmountFen) })}
            </Tag>
          )}
        </Space>
      </Descriptions.Item>
      {slip.orderId && (
        <Descriptions.Item label={t('compensation.slip.order')}>
          <Link to={`/orders/${slip.orderId}`}>{src.orderNumber ?? slip.orderId}</Link>
          {src.lineNo !== null && ` · ${t('compensation.slip.line', { lineNo: src.lineNo })}`}
        </Descriptions.Item>
      )}
      {slip.agreementId && (
        <Descriptions.Item label={t('compensation.slip.agreement')}>
          <Link to={`/agreements/${slip.agreementId}`}>{src.agreementNumber ?? slip.agreementId}</Link>
        </Descriptions.Item>
      )}
      {src.circuitNumber && (
        <Descriptions.Item label={t('compensation.slip.circuit')}>{src.circuitNumber}</Descriptions.Item>
      )}
      {slip.period && (
        <Descriptions.Item label={t('compensation.slip.period')}>{slip.period}</Descriptions.Item>
      )}
      <Descriptions.Item label={t('compensation.slip.raisedAt')}>
        {formatInstant(slip.raisedAt)}
      </Descriptions.Item>
      {slip.responsibleSegment && (
        <Descriptions.Item label={t('compensation.slip.segment')}>
          {t(`compensation.segment.${slip.responsibleSegment}`)}
        </Descriptions.Item>
      )}
      {slip.opsOpinion && (
        <Descriptions.Item label={t('compensation.slip.opinion')} span={2}>
          {slip.opsOpinion}
        </Descriptions.Item>
      )}
      {slip.decisionReason && (
        <Descriptions.Item label={t('compensation.slip.decisionReason')}>
          {slip.decisionReason}
        </Descriptions.Item>
      )}
      {slip.confirmedBy && (
        <Descriptions.Item label={t('compensation.slip.confirmedBy')}>
          {slip.confirmedBy} · {formatInstant(slip.confirmedAt)}
        </Descriptions.Item>
      )}
      {slip.customerConfirmation && (
        <Descriptions.Item label={t('compensation.slip.confirmation')}>
          {slip.customerConfirmation}
        </Descriptions.Item>
      )}
      {slip.settlementRef && (
        <Descriptions.Item label={t('compensation.slip.settlementRef')}>
          {slip.settlementRef}
        </Descriptions.Item>
      )}
    </Descriptions>
  );
}

/** 赔付单 (/compensation/:id): workflow Steps, facts, the basis in words, history, and the user's action forms. */
export function SlipPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const loaded = useApi((signal) => getSlip(id, signal), [id]);
  const [slip, setSlip] = useState<SlipDetail | undefined>();
  useEffect(() => setSlip(loaded.data), [loaded.data]);

  if (loaded.error instanceof ApiError && loaded.error.status === 404) {
    return (
      <div data-testid="slip-not-found">
        <Result status="404" title={t('compensation.slip.notFound')} />
      </div>
    );
  }
  if (!slip) {
    return loaded.error ? <ErrorAlert error={loaded.error} /> : <Spin data-testid="slip-loading" />;
  }
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="slip-page">
      <Card>
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Space size="middle" wrap>
            <Link to="/compensation" aria-label={t('compensation.slip.back')}>
              <ArrowLeftOutlined />
            </Link>
            <Typography.Title level={3} style={{ margin: 0 }} data-testid="slip-number">
              {slip.slipNumber}
            </Typography.Title>
            <SlipStatusTag status={slip.status} />
            <SlipKindTag kind={slip.kind} />
          </Space>
          <WorkflowSteps slip={slip} />
          <SlipFacts slip={slip} />
        </Space>
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Space direction="vertical" size="middle" style={{ width: '100%' }}>
            <Card title={t('compensation.slip.basis')} data-testid="slip-basis">
              <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                {slip.explanation.map((line) => (
                  <li key={line}>
                    <Typography.Text>{line}</Typography.Text>
                  </li>
                ))}
              </ul>
            </Card>
            <SlipActions slip={slip} onChanged={setSlip} />
          </Space>
        </Col>
        <Col xs={24} lg={10}>
          <SlipTimeline slip={slip} />
        </Col>
      </Row>
    </Space>
  );
}
