import { FilePdfOutlined, PrinterOutlined, SendOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { getReport, reportHtmlUrl, reportPdfUrl, sendReport } from '../../api/reports';
import { useApi } from '../../api/use-api';
import { useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/error-alert';
import { PageSpin } from '../../components/page-spin';
import { formatInstant } from '../../format';
import { ReportCharts } from './report-charts';
import { canWriteReports, formatFen, formatPpm, formatRate } from './report-parts';
import { ReportTrend } from './report-trend';

/** `/reports/:id`: the frozen report — key figures, charts, its trend over earlier reports, the printable HTML in a frame, PDF, send. */
export function ReportPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { id = '' } = useParams();
  const session = useSession();
  const user = session.status === 'authenticated' ? session.user : null;
  const report = useApi((signal) => getReport(id, signal), [id]);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<unknown>(null);

  if (report.error && !report.data) return <ErrorAlert error={report.error} />;
  if (!report.data) return <PageSpin />;
  const r = report.data;

  const send = async () => {
    setSending(true);
    setError(null);
    try {
      await sendReport(r.id);
      message.success(t('reports.sendDone'));
      report.reload();
    } catch (caught) {
      setError(caught);
    } finally {
      setSending(false);
    }
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <div>
          <Typography.Title level={3} style={{ marginBottom: 0 }} data-testid="report-title">
            {t('reports.title')} · {r.customerName} · {r.period}
          </Typography.Title>
          <Typography.Text type="secondary">
            {t('reports.frozenNote', { at: formatInstant(r.generatedAt) })}
          </Typography.Text>
        </div>
        <Space wrap>
          <Button icon={<PrinterOutlined />} href={reportHtmlUrl(r.id)} target="_blank" rel="noopener">
            {t('reports.openHtml')}
          </Button>
          <Button icon={<FilePdfOutlined />} href={reportPdfUrl(r.id)} download data-testid="report-pdf">
            {t('reports.downloadPdf')}
          </Button>
          {canWriteReports(user) && (
            <Button
              type="primary"
              icon={<SendOutlined />}
              loading={sending}
              onClick={send}
              data-testid="report-send"
            >
              {t('reports.send')}
            </Button>
          )}
        </Space>
      </Space>
      <ErrorAlert error={error} />
      <Card size="small">
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t('reports.customer')}>
            <Link to={`/customers/${r.customerId}`}>
              {r.customerName}（{r.customerCode}）
            </Link>
          </Descriptions.Item>
          <Descriptions.Item label={t('reports.agreement')}>
            {r.agreementNumber ?? t('reports.wholeService')}
          </Descriptions.Item>
          <Descriptions.Item label={t('reports.sent')}>
            {r.sentAt ? (
              <Tag color="green" data-testid="report-sent">
                {r.sentToName} · {formatInstant(r.sentAt)}
              </Tag>
            ) : (
              <Tag data-testid="report-sent">{t('reports.notSent')}</Tag>
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('reports.availability')}>
            {formatPpm(r.summary.worstAvailabilityPpm)}
          </Descriptions.Item>
          <Descriptions.Item label={t('reports.breached')}>
            {r.summary.breachedCircuits} / {r.summary.circuits}
          </Descriptions.Item>
          <Descriptions.Item label={t('reports.ticketsRate')}>
            {formatRate(r.summary.ticketsWithinLimitRate)}
          </Descriptions.Item>
          <Descriptions.Item label={t('reports.ordersRate')}>
            {formatRate(r.summary.ordersOnTimeRate)}
          </Descriptions.Item>
          <Descriptions.Item label={t('reports.compensation')}>
            {formatFen(r.summary.compensationFen)}
          </Descriptions.Item>
          <Descriptions.Item label={t('reports.generatedBy')}>{r.generatedBy}</Descriptions.Item>
        </Descriptions>
      </Card>
      <ReportCharts data={r.data} />
      <ReportTrend report={r} />
      <Card size="small" bodyStyle={{ padding: 0 }}>
        <iframe
          title={`${t('reports.title')} ${r.period}`}
          src={reportHtmlUrl(r.id)}
          sandbox=""
          style={{ width: '100%', height: '80vh', border: 0, display: 'block' }}
          data-testid="report-frame"
        />
      </Card>
    </Space>
  );
}
