import { FilePdfOutlined, PlusOutlined, SendOutlined } from '@ant-design/icons';
import { App, Button, Card, Select, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { findReports, type Report, reportPdfUrl, sendReport } from '../../api/reports';
import { useApi } from '../../api/use-api';
import { useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/error-alert';
import { formatInstant } from '../../format';
import {
  CustomerPicker,
  canWriteReports,
  formatFen,
  formatPpm,
  formatRate,
  GenerateReportModal,
  recentPeriods,
} from './report-parts';

const PAGE_SIZE = 20;

/** Reports table, shared by the list page and the customer tab. */
export function ReportTable({
  reports,
  loading,
  canWrite,
  onSent,
  showCustomer = true,
  pagination,
}: {
  reports: Report[];
  loading: boolean;
  canWrite: boolean;
  onSent: () => void;
  showCustomer?: boolean;
  pagination?: false | { current: number; total: number; pageSize: number; onChange: (page: number) => void };
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [sending, setSending] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const send = async (id: string) => {
    setSending(id);
    setError(null);
    try {
      await sendReport(id);
      message.success(t('reports.sendDone'));
      onSent();
    } catch (caught) {
      setError(caught);
    } finally {
      setSending(null);
    }
  };

  const columns: TableColumnsType<Report> = [
    { title: t('reports.period'), dataIndex: 'period', width: 90 },
    ...(showCustomer
      ? [
          {
            title: t('reports.customer'),
            key: 'customer',
            render: (_: unknown, r: Report) => (
              <Link to={`/customers/${r.customerId}`}>{r.customerName}</Link>
            ),
          },
        ]
      : []),
    {
      title: t('reports.agreement'),
      key: 'agreement',
      render: (_, r) =>
        r.agreementNumber ?? <Typography.Text type="secondary">{t('reports.wholeService')}</Typography.Text>,
    },
    {
      title: t('reports.availability'),
      key: 'availability',
      align: 'right',
      render: (_, r) => (
        <Typography.Text type={r.summary.breachedCircuits > 0 ? 'danger' : undefined}>
          {formatPpm(r.summary.worstAvailabilityPpm)}
        </Typography.Text>
      ),
    },
    {
      title: t('reports.breached'),
      key: 'breached',
      align: 'right',
      render: (_, r) => `${r.summary.breachedCircuits} / ${r.summary.circuits}`,
    },
    {
      title: t('reports.ticketsRate'),
      key: 'tickets',
      align: 'right',
      render: (_, r) => formatRate(r.summary.ticketsWithinLimitRate),
    },
    {
      title: t('reports.ordersRate'),
      key: 'orders',
      align: 'right',
      render: (_, r) => formatRate(r.summary.ordersOnTimeRate),
    },
    {
      title: t('reports.compensation'),
      key: 'fen',
      align: 'right',
      render: (_, r) => formatFen(r.summary.compensationFen),
    },
    {
      title: t('reports.sent'),
      key: 'sent',
      render: (_, r) =>
        r.sentAt ? (
          <Tag color="green" title={formatInstant(r.sentAt)} data-testid={`sent-${r.id}`}>
            {r.sentToName ?? t('reports.sent')}
          </Tag>
        ) : (
          <Tag data-testid={`sent-${r.id}`}>{t('reports.notSent')}</Tag>
        ),
    },
    {
      title: t('reports.actions'),
      key: 'actions',
      render: (_, r) => (
        <Space size="small">
          <Link to={`/reports/${r.id}`} data-testid={`view-${r.id}`}>
            {t('reports.view')}
          </Link>
          <a href={reportPdfUrl(r.id)} download title={t('reports.downloadPdf')}>
            <FilePdfOutlined />
          </a>
          {canWrite && (
            <Button
              size="small"
              icon={<SendOutlined />}
              loading={sending === r.id}
              onClick={() => send(r.id)}
              data-testid={`send-${r.id}`}
            >
              {t('reports.send')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <>
      <ErrorAlert error={error} />
      <Table<Report>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={reports}
        loading={loading}
        pagination={pagination ?? false}
        locale={{ emptyText: t('reports.empty') }}
        data-testid="reports-table"
      />
    </>
  );
}

/** `/reports`: the reports in scope by month and customer, with generate and send. */
export function ReportsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const session = useSession();
  const user = session.status === 'authenticated' ? session.user : null;
  const [period, setPeriod] = useState<string | undefined>();
  const [customerId, setCustomerId] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const [generating, setGenerating] = useState(false);
  const reports = useApi(
    (signal) =>
      findReports({ period, customerId }, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }, signal),
    [period, customerId, page],
  );

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <div>
        <Typography.Title level={3} style={{ marginBottom: 0 }}>
          {t('reports.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('reports.subtitle')}</Typography.Text>
      </div>
      <Card
        title={
          <Space wrap>
            <Select
              allowClear
              placeholder={t('reports.allPeriods')}
              value={period}
              onChange={(v) => {
                setPeriod(v);
                setPage(1);
              }}
              options={recentPeriods(new Date(), 24).map((p) => ({ value: p, label: p }))}
              style={{ width: 140 }}
              data-testid="filter-period"
            />
            <CustomerPicker
              value={customerId}
              onChange={(v) => {
                setCustomerId(v);
                setPage(1);
              }}
            />
          </Space>
        }
        extra={
          canWriteReports(user) && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setGenerating(true)}
              data-testid="generate-open"
            >
              {t('reports.generate')}
            </Button>
          )
        }
      >
        <ErrorAlert error={reports.error} />
        <ReportTable
          reports={reports.data?.items ?? []}
          loading={reports.loading && !reports.data}
          canWrite={canWriteReports(user)}
          onSent={reports.reload}
          pagination={{
            current: page,
            total: reports.data?.total ?? 0,
            pageSize: PAGE_SIZE,
            onChange: setPage,
          }}
        />
      </Card>
      <GenerateReportModal
        open={generating}
        onClose={() => setGenerating(false)}
        onDone={(report) => {
          setGenerating(false);
          navigate(`/reports/${report.id}`);
        }}
      />
    </Space>
  );
}
