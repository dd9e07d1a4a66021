/**
 * `AssessmentRuns` — for the value model page (import { AssessmentRuns } from './assessment-runs'):
 * a "assess all customers" button (admin, kam_manager, analyst) with the assessment date, and the
 * list of runs with their progress, polled while one is running.
 */
import { PlayCircleOutlined, ReloadOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  DatePicker,
  Popconfirm,
  Progress,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type AssessmentRun, findAssessmentRuns, startAssessmentRun } from '../../api/assessment';
import { useApi } from '../../api/use-api';
import { useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/error-alert';
import { describeError } from '../../i18n/describe-error';

const RUN_ALL_ROLES = ['admin', 'kam_manager', 'analyst'];
const POLL_MS = 2000;
const STATUS_COLOR: Record<string, string> = { running: 'processing', done: 'success', failed: 'error' };

const time = (iso: string | null) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '—');

export function AssessmentRuns() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const session = useSession();
  const role = session.status === 'authenticated' ? session.user.role : null;
  const [page, setPage] = useState(1);
  const [asOf, setAsOf] = useState<Dayjs>(() => dayjs());
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const runs = useApi((signal) => findAssessmentRuns({ limit: 10, offset: (page - 1) * 10 }, signal), [page]);
  const anyRunning = (runs.data?.items ?? []).some((r) => r.status === 'running');

  // biome-ignore lint/correctness/useExhaustiveDependencies: each new page of data schedules the next poll
  useEffect(() => {
    if (!anyRunning) return;
    const timer = setTimeout(runs.reload, POLL_MS);
    return () => clearTimeout(timer);
  }, [anyRunning, runs.data, runs.reload]);

  const runAll = async () => {
    setError(null);
    setStarting(true);
    try {
      await startAssessmentRun({ asOf: asOf.format('YYYY-MM-DD') });
      message.success(t('value.runs.started'));
      setPage(1);
      runs.reload();
    } catch (caught) {
      setError(caught);
      message.error(describeError(caught, t));
    } finally {
      setStarting(false);
    }
  };

  const columns: ColumnsType<AssessmentRun> = [
    { title: t('value.runs.asOf'), dataIndex: 'asOf', key: 'asOf' },
    {
      title: t('value.runs.scope'),
      key: 'scope',
      render: (_, r) => (r.customerId ? t('value.runs.scopeOne') : t('value.runs.scopeAll')),
    },
    { title: '', key: 'trigger', render: (_, r) => <Tag>{t(`value.runs.trigger.${r.trigger}`)}</Tag> },
    {
      title: t('value.runs.progress'),
      key: 'progress',
      render: (_, r) => (
        <Space>
          <Tag color={STATUS_COLOR[r.status]} data-testid={`run-status-${r.id}`}>
            {t(`value.runs.status.${r.status}`)}
          </Tag>
          {r.status === 'failed' ? (
            <Tooltip title={r.error === 'interrupted' ? t('value.runs.interruptedHint') : r.error}>
              <Typography.Text
                type="danger"
                ellipsis
                style={{ maxWidth: 200 }}
                data-testid={`run-error-${r.id}`}
              >
                {r.error === 'interrupted' ? t('value.runs.interrupted') : r.error}
              </Typography.Text>
            </Tooltip>
          ) : (
            <Progress
              percent={r.total > 0 ? Math.floor((r.done / r.total) * 100) : r.status === 'done' ? 100 : 0}
              size="small"
              style={{ width: 140 }}
              format={() => `${r.done.toLocaleString()} / ${r.total.toLocaleString()}`}
            />
          )}
        </Space>
      ),
    },
    { title: t('value.runs.proposals'), dataIndex: 'proposals', key: 'proposals', align: 'right' },
    { title: t('value.runs.model'), key: 'model', render: (_, r) => `v${r.modelVersion}` },
    { title: t('value.runs.startedBy'), dataIndex: 'startedBy', key: 'startedBy' },
    { title: t('value.runs.startedAt'), key: 'startedAt', render: (_, r) => time(r.startedAt) },
    { title: t('value.runs.finishedAt'), key: 'finishedAt', render: (_, r) => time(r.finishedAt) },
  ];

  return (
    <Card
      title={t('value.runs.title')}
      data-testid="assessment-runs"
      extra={
        <Space wrap>
          {role !== null && RUN_ALL_ROLES.includes(role) && (
            <>
              <Tooltip title={t('value.runs.asOfHint')}>
                <DatePicker
                  value={asOf}
                  onChange={(d) => d && setAsOf(d)}
                  allowClear={false}
                  aria-label={t('value.runs.asOf')}
                  data-testid="run-as-of"
                />
              </Tooltip>
              <Popconfirm
                title={t('value.runs.confirm', { asOf: asOf.format('YYYY-MM-DD') })}
                onConfirm={runAll}
              >
                <Button
                  type="primary"
                  icon={<PlayCircleOutlined />}
                  loading={starting}
                  disabled={anyRunning}
                  data-testid="run-assessment"
                >
                  {t('value.runs.runAll')}
                </Button>
              </Popconfirm>
            </>
          )}
          <Button icon={<ReloadOutlined />} onClick={runs.reload} aria-label={t('value.runs.refresh')} />
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('value.runs.subtitle')}</Typography.Paragraph>
      <ErrorAlert error={error ?? runs.error} />
      <Table<AssessmentRun>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={runs.data?.items ?? []}
        loading={runs.loading && !runs.data}
        locale={{ emptyText: t('value.runs.empty') }}
        pagination={{
          current: page,
          pageSize: 10,
          total: Number.isFinite(runs.data?.total) ? runs.data?.total : undefined,
          onChange: setPage,
          showSizeChanger: false,
        }}
        data-testid="assessment-runs-table"
      />
    </Card>
  );
}
