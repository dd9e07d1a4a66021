import { DownloadOutlined, InboxOutlined, ReloadOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Radio,
  Segmented,
  Space,
  Spin,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import {
  findImports,
  findUploadType,
  getImport,
  IMPORT_KINDS,
  type ImportKind,
  type ImportMode,
  type ImportRowIssue,
  type ImportRun,
  type ImportRunSummary,
  templateUrl,
  uploadImport,
} from '../../api/imports';
import { useApi } from '../../api/use-api';
import { ErrorAlert } from '../../components/error-alert';
import { formatInstant } from '../../format';

type Outcome =
  | { kind: 'idle' }
  | { kind: 'busy'; fileName: string }
  | { kind: 'done'; run: ImportRun }
  | { kind: 'refused'; fileName: string; rows: ImportRowIssue[]; error: ApiError }
  | { kind: 'error'; error: unknown };

const STATUS_COLORS: Record<string, string> = {
  running: 'processing',
  done: 'success',
  failed: 'error',
  rejected: 'warning',
};

/** The bad-row report of a refused import: `rows` of the problem, else its field issues. */
function rowsOf(error: ApiError): ImportRowIssue[] {
  const rows = (error.problem as { rows?: unknown }).rows;
  if (Array.isArray(rows)) return rows as ImportRowIssue[];
  return error.fieldIssues.map((issue) => {
    const m = /^line (\d+): (.*)$/.exec(issue.field);
    return m
      ? { line: Number(m[1]), field: m[2] ?? '', reason: issue.message }
      : { line: 0, field: issue.field, reason: issue.message };
  });
}

/** The report table: line, column, reason. */
export function ImportReportTable({ rows }: { rows: ImportRowIssue[] }) {
  const { t } = useTranslation();
  const columns: TableColumnsType<ImportRowIssue & { key: number }> = [
    {
      title: t('imports.line'),
      dataIndex: 'line',
      width: 90,
      sorter: (a, b) => a.line - b.line,
      render: (line: number) => (line > 0 ? line : t('imports.wholeFile')),
    },
    {
      title: t('imports.field'),
      dataIndex: 'field',
      width: 200,
      filters: [...new Set(rows.map((r) => r.field))].map((f) => ({ text: f, value: f })),
      onFilter: (value, row) => row.field === value,
      render: (field: string) => <Typography.Text code>{field}</Typography.Text>,
    },
    { title: t('imports.reason'), dataIndex: 'reason' },
  ];
  return (
    <Table
      size="small"
      data-testid="import-report"
      rowKey="key"
      columns={columns}
      dataSource={rows.map((row, key) => ({ ...row, key }))}
      locale={{ emptyText: t('imports.noErrors') }}
      pagination={rows.length > 20 ? { pageSize: 20, size: 'small', showSizeChanger: false } : false}
    />
  );
}

/**
 * Imports of customers, billing, satisfaction and indicator inputs (admin, kam_manager): pick the
 * kind and the mode, drop a CSV or XLSX file (sent as the raw body), read the result and the
 * bad-row report; below, the history with each run's report.
 */
export function ImportsPage() {
  const { t } = useTranslation();
  const [kind, setKind] = useState<ImportKind>('billing');
  const [mode, setMode] = useState<ImportMode>('all-or-nothing');
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' });
  const [historyPage, setHistoryPage] = useState(1);
  const history = useApi(
    (signal) => findImports({ limit: 10, offset: (historyPage - 1) * 10 }, signal),
    [historyPage],
  );
  const [shown, setShown] = useState<ImportRun | null>(null);
  const [shownError, setShownError] = useState<unknown>(null);

  const send = async (file: File) => {
    if (!findUploadType(file.name)) {
      setOutcome({ kind: 'error', error: new Error(t('imports.badType')) });
      return;
    }
    setOutcome({ kind: 'busy', fileName: file.name });
    setShown(null);
    try {
      const run = await uploadImport(kind, file, file.name, mode);
      setOutcome({ kind: 'done', run });
    } catch (error) {
      if (error instanceof ApiError && error.code === 'IMPORT_INVALID') {
        setOutcome({ kind: 'refused', fileName: file.name, rows: rowsOf(error), error });
      } else {
        setOutcome({ kind: 'error', error });
      }
    } finally {
      history.reload();
    }
  };

  const openReport = async (id: string) => {
    setShownError(null);
    try {
      setShown(await getImport(id));
    } catch (error) {
      setShownError(error);
    }
  };

  const historyColumns: TableColumnsType<ImportRunSummary> = [
    {
      title: t('imports.startedAt'),
      dataIndex: 'startedAt',
      width: 170,
      render: (at: string) => formatInstant(at),
    },
    { title: t('imports.kind'), dataIndex: 'kind', render: (k: ImportKind) => t(`imports.kinds.${k}`) },
    { title: t('imports.fileName'), dataIndex: 'fileName', ellipsis: true },
    { title: t('imports.format'), dataIndex: 'format', width: 70, render: (f: string) => f.toUpperCase() },
    {
      title: t('imports.mode'),
      dataIndex: 'mode',
      width: 110,
      render: (m: ImportMode) => t(`imports.modeShort.${m}`),
    },
    {
      title: t('imports.status'),
      dataIndex: 'status',
      width: 90,
      render: (s: ImportRun['status']) => <Tag color={STATUS_COLORS[s]}>{t(`imports.statuses.${s}`)}</Tag>,
    },
    { title: t('imports.rowsRead'), dataIndex: 'rowsRead', align: 'right', width: 90 },
    { title: t('imports.rowsImported'), dataIndex: 'rowsImported', align: 'right', width: 90 },
    {
      title: t('imports.errorCount'),
      dataIndex: 'errorCount',
      align: 'right',
      width: 70,
      render: (n: number) => (n > 0 ? <Typography.Text type="danger">{n}</Typography.Text> : 0),
    },
    { title: t('imports.startedBy'), dataIndex: 'startedBy', width: 110 },
    {
      key: 'report',
      width: 90,
      render: (_: unknown, run) => (
        <Button
          size="small"
          type="link"
          onClick={() => openReport(run.id)}
          data-testid={`import-report-${run.id}`}
        >
          {t('imports.showReport')}
        </Button>
      ),
    },
  ];

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={t('imports.title')} data-testid="imports-card">
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
            {t('imports.hint')}
          </Typography.Paragraph>
          <Space wrap align="center">
            <span>{t('imports.kind')}</span>
            <Segmented<ImportKind>
              value={kind}
              onChange={(value) => setKind(value)}
              options={IMPORT_KINDS.map((k) => ({ value: k, label: t(`imports.kinds.${k}`) }))}
              data-testid="import-kind"
            />
          </Space>
          <Typography.Text type="secondary" data-testid="import-columns">
            {t('imports.requiredColumns')}
            {t(`imports.columns.${kind}`)}
          </Typography.Text>
          <Space wrap size="large">
            {IMPORT_KINDS.map((k) => (
              <Typography.Link key={k} href={templateUrl(k)} download data-testid={`template-${k}`}>
                <DownloadOutlined /> {t('imports.template', { kind: t(`imports.kinds.${k}`) })}
              </Typography.Link>
            ))}
          </Space>
          <Space wrap align="center">
            <span>{t('imports.mode')}</span>
            <Radio.Group
              value={mode}
              onChange={(event) => setMode(event.target.value)}
              data-testid="import-mode"
            >
              <Radio value="all-or-nothing">{t('imports.modes.allOrNothing')}</Radio>
              <Radio value="partial" data-testid="import-mode-partial">
                {t('imports.modes.partial')}
              </Radio>
            </Radio.Group>
          </Space>
          <Upload.Dragger
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            multiple={false}
            showUploadList={false}
            disabled={outcome.kind === 'busy'}
            beforeUpload={(file) => {
              void send(file);
              return false; // we send the raw body ourselves
            }}
            data-testid="import-upload"
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{t('imports.drop')}</p>
            <p className="ant-upload-hint">{t('imports.dropHint')}</p>
          </Upload.Dragger>

          {outcome.kind === 'busy' && (
            <Spin data-testid="import-busy">
              <Alert type="info" message={t('imports.uploading', { name: outcome.fileName })} />
            </Spin>
          )}
          {outcome.kind === 'done' && (
            <Space direction="vertical" style={{ width: '100%' }}>
              <Alert
                type={outcome.run.rowsRejected > 0 ? 'warning' : 'success'}
                showIcon
                data-testid="import-result"
                message={t(outcome.run.rowsRejected > 0 ? 'imports.partialDone' : 'imports.success', {
                  name: outcome.run.fileName,
                  read: outcome.run.rowsRead,
                  imported: outcome.run.rowsImported,
                  rejected: outcome.run.rowsRejected,
                })}
              />
              {outcome.run.errors.length > 0 && <ImportReportTable rows={outcome.run.errors} />}
            </Space>
          )}
          {outcome.kind === 'refused' && (
            <Space direction="vertical" style={{ width: '100%' }}>
              <Alert
                type="error"
                showIcon
                data-testid="import-refused"
                message={t('imports.refused', {
                  name: outcome.fileName,
                  rejected: new Set(outcome.rows.map((r) => r.line)).size,
                })}
              />
              <ImportReportTable rows={outcome.rows} />
            </Space>
          )}
          {outcome.kind === 'error' && <ErrorAlert error={outcome.error} />}
        </Space>
      </Card>

      <Card
        title={t('imports.history')}
        extra={<Button icon={<ReloadOutlined />} onClick={history.reload} aria-label={t('common.refresh')} />}
      >
        <ErrorAlert error={history.error} />
        <Table<ImportRunSummary>
          size="small"
          rowKey="id"
          data-testid="import-history"
          loading={history.loading}
          columns={historyColumns}
          dataSource={history.data?.items ?? []}
          scroll={{ x: 1000 }}
          pagination={{
            current: historyPage,
            pageSize: 10,
            total: history.data?.total ?? 0,
            onChange: setHistoryPage,
            showSizeChanger: false,
          }}
        />
        <ErrorAlert error={shownError} />
        {shown && (
          <div data-testid="import-shown-report">
            <Typography.Title level={5}>{t('imports.reportOf', { name: shown.fileName })}</Typography.Title>
            <ImportReportTable rows={shown.errors} />
          </div>
        )}
      </Card>
    </Space>
  );
}
