import {
  App,
  Badge,
  Button,
  Card,
  Checkbox,
  Input,
  InputNumber,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import {
  AGREEMENT_KINDS,
  type Agreement,
  findAgreements,
  formatPpm,
  getSlaSettings,
  measureMonth,
  percentToPpm,
  putSlaSettings,
  SLA_CLASSES,
  type SlaSettings,
} from '../../api/agreements';
import { useApi } from '../../api/use-api';
import { useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/error-alert';
import { AgreementEditor } from './agreement-editor';
import { OutagesPanel } from './outages-panel';

export function AgreementStatusTag({ agreement }: { agreement: Agreement }) {
  const { t } = useTranslation();
  const color =
    agreement.status === 'active'
      ? agreement.inForce
        ? 'green'
        : 'orange'
      : agreement.status === 'draft'
        ? 'default'
        : 'red';
  return (
    <Space size={4}>
      <Tag color={color}>{t(`agreements.status.${agreement.status}`)}</Tag>
      {agreement.status === 'active' && !agreement.inForce && <Tag>{t('agreements.notInForce')}</Tag>}
      {agreement.pendingVersion !== null && (
        <Badge status="processing" text={t('agreements.pendingBadge', { v: agreement.pendingVersion })} />
      )}
    </Space>
  );
}

export function LevelTag({ agreement }: { agreement: Agreement }) {
  const { t } = useTranslation();
  if (!agreement.level) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Space size={4}>
      <Tag color="magenta">{agreement.level.label}</Tag>
      <Typography.Text type="secondary">{t(`agreements.kind.${agreement.level.kind}`)}</Typography.Text>
    </Space>
  );
}

/** The agreements table (shared with the customer tab). */
export function AgreementTable({
  items,
  loading,
  showCustomer = true,
  pagination,
}: {
  items: Agreement[];
  loading: boolean;
  showCustomer?: boolean;
  pagination?: false | { current: number; pageSize: number; total: number; onChange: (p: number) => void };
}) {
  const { t } = useTranslation();
  return (
    <Table<Agreement>
      rowKey="id"
      size="small"
      data-testid="agreements-table"
      loading={loading}
      dataSource={items}
      pagination={pagination ?? false}
      columns={[
        {
          title: t('agreements.col.number'),
          key: 'n',
          render: (_, a) => <Link to={`/agreements/${a.id}`}>{a.agreementNumber}</Link>,
        },
        ...(showCustomer
          ? [
              {
                title: t('agreements.col.customer'),
                key: 'c',
                render: (_: unknown, a: Agreement) => (
                  <Link to={`/customers/${a.customerId}`}>{a.customerName}</Link>
                ),
              },
            ]
          : []),
        { title: t('agreements.col.title'), dataIndex: 'title' },
        { title: t('agreements.col.level'), key: 'l', render: (_, a) => <LevelTag agreement={a} /> },
        {
          title: t('agreements.col.validity'),
          key: 'v',
          render: (_, a) => (a.level ? `${a.level.validFrom} ~ ${a.level.validTo ?? '…'}` : '—'),
        },
        { title: t('agreements.col.circuits'), key: 'k', render: (_, a) => a.level?.circuitCount ?? '—' },
        {
          title: t('agreements.col.status'),
          key: 's',
          render: (_, a) => <AgreementStatusTag agreement={a} />,
        },
      ]}
    />
  );
}

function previousMonth(): string {
  const now = new Date(Date.now() + 8 * 3_600_000);
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return d.toISOString().slice(0, 7);
}

function MeasureButton({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [month, setMonth] = useState(previousMonth());
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  return (
    <Space>
      <Input
        type="month"
        value={month}
        onChange={(e) => setMonth(e.target.value)}
        aria-label={t('agreements.measureMonth')}
      />
      <Button
        loading={busy}
        data-testid="measure"
        onClick={async () => {
          setBusy(true);
          setError(null);
          try {
            const r = await measureMonth(month);
            message.success(
              t('agreements.measured', { month: r.month, circuits: r.circuits, slips: r.slipsRaised }),
            );
            onDone();
          } catch (caught) {
            setError(caught);
          } finally {
            setBusy(false);
          }
        }}
      >
        {t('agreements.measure')}
      </Button>
      <ErrorAlert error={error} />
    </Space>
  );
}

function SettingsPanel({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const settings = useApi((signal) => getSlaSettings(signal), []);
  const [draft, setDraft] = useState<Record<string, { availability: string; restoreMinutes: number }> | null>(
    null,
  );
  const [error, setError] = useState<unknown>(null);
  const rows = SLA_CLASSES.map((cls) => ({
    cls,
    availability:
      draft?.[cls]?.availability ??
      (settings.data ? formatPpm(settings.data.classes[cls].availabilityPpm).replace('%', '') : ''),
    restoreMinutes: draft?.[cls]?.restoreMinutes ?? settings.data?.classes[cls].restoreMinutes ?? 0,
  }));
  const edit = (cls: string, patch: Partial<{ availability: string; restoreMinutes: number }>) =>
    setDraft(Object.fromEntries(rows.map((r) => [r.cls, r.cls === cls ? { ...r, ...patch } : r])));
  const save = async () => {
    if (!settings.data) return;
    setError(null);
    const classes = {} as SlaSettings['classes'];
    for (const r of rows) {
      const ppm = percentToPpm(r.availability);
      if (ppm === null) {
        setError(new Error(`${r.cls}: ${t('agreements.editor.badNumber')}`));
        return;
      }
      classes[r.cls] = { availabilityPpm: ppm, restoreMinutes: r.restoreMinutes };
    }
    try {
      await putSlaSettings({ ...settings.data, classes });
      message.success(t('agreements.saved'));
      setDraft(null);
      settings.reload();
    } catch (caught) {
      setError(caught);
    }
  };
  return (
    <Card size="small" title={t('agreements.settings.title')} data-testid="sla-settings">
      <ErrorAlert error={settings.error ?? error} />
      <Table
        rowKey="cls"
        size="small"
        pagination={false}
        dataSource={rows}
        columns={[
          { title: t('agreements.settings.cls'), dataIndex: 'cls' },
          {
            title: t('agreements.editor.availability'),
            key: 'a',
            render: (_, r) => (
              <Input
                value={r.availability}
                suffix="%"
                disabled={!canEdit}
                onChange={(e) => edit(r.cls, { availability: e.target.value })}
                data-testid={`settings-${r.cls}-availability`}
                style={{ width: 140 }}
              />
            ),
          },
          {
            title: t('agreements.editor.restoreMinutes'),
            key: 'r',
            render: (_, r) => (
              <InputNumber
                value={r.restoreMinutes}
                min={1}
                disabled={!canEdit}
                onChange={(v) => edit(r.cls, { restoreMinutes: Number(v ?? 1) })}
              />
            ),
          },
        ]}
      />
      <div style={{ marginTop: 12 }}>
        {canEdit ? (
          <Button type="primary" onClick={save} disabled={!draft} data-testid="settings-save">
            {t('agreements.settings.save')}
          </Button>
        ) : (
          <Typography.Text type="secondary">{t('agreements.settings.adminOnly')}</Typography.Text>
        )}
      </div>
    </Card>
  );
}

/** /agreements: agreements in scope (filters), new agreement, monthly measurement, outages, default targets. */
export function AgreementsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const session = useSession();
  const role = session.status === 'authenticated' ? session.user.role : null;
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<string | undefined>();
  const [kind, setKind] = useState<string | undefined>();
  const [pending, setPending] = useState(false);
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const list = useApi(
    (signal) =>
      findAgreements(
        { q: q || undefined, status, kind, pending: pending ? 'true' : undefined },
        { limit: 20, offset: (page - 1) * 20 },
        signal,
      ),
    [q, status, kind, pending, page],
  );
  const canCreate = role === 'admin' || role === 'kam_manager' || role === 'account_manager';
  const canMeasure = role === 'admin' || role === 'kam_manager' || role === 'ops_engineer';
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="agreements-page">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('agreements.title')}
      </Typography.Title>
      <Tabs
        items={[
          {
            key: 'agreements',
            label: t('agreements.tabs.agreements'),
            children: (
              <Space direction="vertical" style={{ width: '100%' }}>
                <Space wrap>
                  <Input.Search
                    allowClear
                    placeholder={t('agreements.filter.q')}
                    onSearch={(v) => {
                      setQ(v);
                      setPage(1);
                    }}
                    style={{ width: 260 }}
                    data-testid="agreements-q"
                  />
                  <Select
                    allowClear
                    placeholder={t('agreements.filter.status')}
                    style={{ width: 140 }}
                    value={status}
                    onChange={(v) => {
                      setStatus(v);
                      setPage(1);
                    }}
                    options={(['draft', 'active', 'terminated'] as const).map((s) => ({
                      value: s,
                      label: t(`agreements.status.${s}`),
                    }))}
                  />
                  <Select
                    allowClear
                    placeholder={t('agreements.filter.kind')}
                    style={{ width: 180 }}
                    value={kind}
                    onChange={(v) => {
                      setKind(v);
                      setPage(1);
                    }}
                    options={AGREEMENT_KINDS.map((k) => ({ value: k, label: t(`agreements.kind.${k}`) }))}
                  />
                  <Checkbox
                    checked={pending}
                    onChange={(e) => setPending(e.target.checked)}
                    data-testid="agreements-pending"
                  >
                    {t('agreements.filter.pending')}
                  </Checkbox>
                  {canCreate && (
                    <Button type="primary" onClick={() => setCreating(true)} data-testid="agreement-create">
                      {t('agreements.create')}
                    </Button>
                  )}
                  {canMeasure && <MeasureButton onDone={list.reload} />}
                </Space>
                <ErrorAlert error={list.error} />
                <AgreementTable
                  items={list.data?.items ?? []}
                  loading={list.loading && !list.data}
                  pagination={{
                    current: page,
                    pageSize: 20,
                    total: list.data?.total ?? 0,
                    onChange: setPage,
                  }}
                />
              </Space>
            ),
          },
          { key: 'outages', label: t('agreements.tabs.outages'), children: <OutagesPanel /> },
          {
            key: 'settings',
            label: t('agreements.tabs.settings'),
            children: <SettingsPanel canEdit={role === 'admin'} />,
          },
        ]}
      />
      {creating && (
        <AgreementEditor
          open
          mode={{ kind: 'create' }}
          onClose={() => setCreating(false)}
          onSaved={(saved) => {
            setCreating(false);
            navigate(`/agreements/${saved.id}`);
          }}
        />
      )}
    </Space>
  );
}
