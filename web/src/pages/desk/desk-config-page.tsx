import {
  CloudUploadOutlined,
  DeleteOutlined,
  EditOutlined,
  PlusOutlined,
  SaveOutlined,
  SyncOutlined,
  UndoOutlined,
} from '@ant-design/icons';
import {
  Alert,
  App,
  Badge,
  Button,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type DeskConfig,
  type DeskConfigState,
  discardDeskConfigDraft,
  findDepartments,
  getDeskConfig,
  getDeskConfigVersion,
  publishDeskConfigDraft,
  saveDeskConfigDraft,
} from '../../api/desk';
import { useApi } from '../../api/use-api';
import { useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/error-alert';
import { PageSpin } from '../../components/page-spin';
import { formatInstant } from '../../format';
import { configIssuesOf } from './config-issues';
import { DefinitionsTable, RoutesTable, StagesTable, VisitLimits } from './config-tables';
import { DefinitionModal } from './definition-modal';
import { RecomputeModal } from './recompute-modal';

type VersionRow = DeskConfigState['versions'][number];

/** `2026-05-01T09:00` (Shanghai wall clock, as a datetime-local input gives it) → ISO instant. */
export function localToInstant(value: string): string {
  return new Date(`${value}:00+08:00`).toISOString();
}

function PublishModal({
  version,
  open,
  onClose,
  onPublished,
}: {
  version: number;
  open: boolean;
  onClose: () => void;
  onPublished: (version: number) => void;
}) {
  const { t } = useTranslation();
  const [effectiveFrom, setEffectiveFrom] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const published = await publishDeskConfigDraft(
        effectiveFrom ? localToInstant(effectiveFrom) : undefined,
      );
      onPublished(published.version);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={open}
      title={t('desk.config.publishTitle', { version })}
      okText={t('desk.config.publish')}
      okButtonProps={{ 'data-testid': 'publish-submit' }}
      confirmLoading={busy}
      onOk={submit}
      onCancel={onClose}
      destroyOnHidden
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Alert type="info" showIcon message={t('desk.config.publishHint')} />
        <Form layout="vertical" component="div">
          <Form.Item label={t('desk.config.effectiveFromLabel')} extra={t('desk.config.effectiveNow')}>
            <Input
              type="datetime-local"
              aria-label="effectiveFrom"
              value={effectiveFrom}
              onChange={(e) => setEffectiveFrom(e.target.value)}
            />
          </Form.Item>
        </Form>
        <ErrorAlert error={error} />
      </Space>
    </Modal>
  );
}

function VersionsTable({
  versions,
  current,
  onView,
}: {
  versions: VersionRow[];
  current: number;
  onView: (v: number) => void;
}) {
  const { t } = useTranslation();
  const columns: TableColumnsType<VersionRow> = [
    {
      title: t('desk.config.versions.version'),
      key: 'version',
      width: 90,
      render: (_, v) => `v${v.version}`,
    },
    {
      title: t('desk.config.versions.status'),
      key: 'status',
      width: 120,
      render: (_, v) =>
        v.status === 'draft' ? (
          <Tag color="gold">{t('desk.config.versions.draft')}</Tag>
        ) : v.version === current ? (
          <Tag color="green">{t('desk.config.versions.inForce')}</Tag>
        ) : (
          <Tag>{t('desk.config.versions.published')}</Tag>
        ),
    },
    {
      title: t('desk.config.versions.effectiveFrom'),
      key: 'effectiveFrom',
      render: (_, v) => formatInstant(v.effectiveFrom) || '—',
    },
    {
      title: t('desk.config.versions.publishedAt'),
      key: 'publishedAt',
      render: (_, v) => formatInstant(v.publishedAt) || '—',
    },
    {
      title: t('desk.config.versions.publishedBy'),
      key: 'publishedBy',
      render: (_, v) => v.publishedBy ?? '—',
    },
    { title: t('desk.config.versions.note'), key: 'note', render: (_, v) => v.note ?? '—' },
    {
      key: 'view',
      width: 80,
      render: (_, v) => (
        <Button type="link" size="small" onClick={() => onView(v.version)}>
          {t('desk.config.versions.view')}
        </Button>
      ),
    },
  ];
  return (
    <Table<VersionRow>
      rowKey="version"
      size="small"
      pagination={false}
      columns={columns}
      dataSource={[...versions].sort((a, b) => b.version - a.version)}
      data-testid="config-versions"
    />
  );
}

/**
 * 时限与升级 (/desk-config): the service-desk configuration in force — stages, routes, SLA
 * definitions with their conditions, limits per level and escalation ladders — in readable tables.
 * An admin or kam_manager edits the one draft, saves it (the server's errors are shown on the row
 * and field they name, e.g. `document.definitions[2].ladder[1].atPercent`), publishes it with an
 * effective instant or deletes it. The admin recomputes the open tickets' clocks, by default onto
 * the version in force (offered right after publishing).
 */
export function DeskConfigPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const session = useSession();
  const role = session.status === 'authenticated' ? session.user.role : null;
  const canEdit = role === 'admin' || role === 'kam_manager';
  // POST /desk/recompute is the admin's: it touches every open ticket of every region.
  const canRecompute = role === 'admin';

  const state = useApi((signal) => getDeskConfig(signal), []);
  const departments = useApi((signal) => findDepartments(signal).catch(() => []), []);
  const [selected, setSelected] = useState<number | null>(null);
  const data = state.data;
  const draft = data?.draft ?? null;
  const viewingDraft = draft !== null && selected === draft.version;
  const other = useApi(
    (signal) =>
      selected !== null && data && !viewingDraft && selected !== data.current.version
        ? getDeskConfigVersion(selected, signal)
        : Promise.resolve(null),
    [selected, data?.current.version, viewingDraft],
  );
  const [work, setWork] = useState<DeskConfig | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [tab, setTab] = useState('definitions');
  const [editing, setEditing] = useState<number | null>(null);
  const [publishing, setPublishing] = useState(false);
  const [note, setNote] = useState('');
  const [recomputing, setRecomputing] = useState(false);
  const [justPublished, setJustPublished] = useState<number | null>(null);

  if (state.error) return <ErrorAlert error={state.error} />;
  if (!data) return <PageSpin />;

  const editable = canEdit && viewingDraft;
  const document: DeskConfig | undefined = viewingDraft
    ? (work ?? draft?.document)
    : selected === null || selected === data.current.version
      ? data.current.document
      : (other.data?.document ?? undefined);
  const issues = configIssuesOf(error);
  const shownVersion = viewingDraft ? draft?.version : (selected ?? data.current.version);

  const view = (v: number | null) => {
    setSelected(v);
    setWork(null);
    setError(null);
  };
  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  const createDraft = () =>
    run(async () => {
      const created = await saveDeskConfigDraft(data.current.document);
      state.reload();
      setSelected(created?.version ?? null);
    });
  const save = () =>
    run(async () => {
      if (!work) return;
      await saveDeskConfigDraft(work, note.trim() || undefined);
      message.success(t('desk.config.saved'));
      setWork(null);
      state.reload();
    });
  const discard = () =>
    run(async () => {
      await discardDeskConfigDraft();
      message.success(t('desk.config.discarded'));
      state.reload();
      view(null);
    });
  // The server's issues name entries by index: once one is removed they may name the wrong one.
  const edit = (next: DeskConfig) => {
    if (!document) return;
    const parts = ['stages', 'routes', 'definitions'] as const;
    if (parts.some((p) => next[p].length < document[p].length)) setError(null);
    setWork(next);
  };
  const tabLabel = (label: string, part: string) => {
    const count = issues.filter((i) => i.field.startsWith(`document.${part}`)).length;
    return count > 0 ? (
      <Badge count={count} size="small" offset={[8, -2]}>
        {label}
      </Badge>
    ) : (
      label
    );
  };
  const options = [
    ...data.versions
      .filter((v) => v.status === 'published')
      .sort((a, b) => b.version - a.version)
      .map((v) => ({
        value: v.version,
        label:
          v.version === data.current.version
            ? `${t('desk.config.versionLabel', { version: v.version })} · ${t('desk.config.versions.inForce')}`
            : t('desk.config.versionLabel', { version: v.version }),
      })),
    ...(draft
      ? [{ value: draft.version, label: t('desk.config.draftLabel', { version: draft.version }) }]
      : []),
  ];
  if (!options.some((o) => o.value === data.current.version)) {
    options.unshift({
      value: data.current.version,
      label: t('desk.config.versionLabel', { version: data.current.version }),
    });
  }
  const editProps = {
    issues,
    departments: departments.data ?? [],
    ...(editable ? { onChange: edit } : {}),
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="desk-config-page">
      <Space direction="vertical" size={0}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('desk.config.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('desk.config.subtitle')}</Typography.Text>
      </Space>
      <Space wrap>
        <Typography.Text>{t('desk.config.viewing')}</Typography.Text>
        <Select
          aria-label="config version"
          style={{ width: 200 }}
          value={shownVersion}
          onChange={(v: number) => view(v === data.current.version ? null : v)}
          options={options}
          data-testid="config-version-select"
        />
        <Typography.Text type="secondary">
          {t('desk.config.current', { version: data.current.version })} ·{' '}
          {t('desk.config.effectiveFrom', { at: formatInstant(data.current.effectiveFrom) || '—' })}
        </Typography.Text>
        {canEdit && !draft && (
          <Button
            icon={<PlusOutlined />}
            loading={busy}
            onClick={createDraft}
            data-testid="config-create-draft"
          >
            {t('desk.config.createDraft')}
          </Button>
        )}
        {canEdit && draft && !viewingDraft && (
          <Button icon={<EditOutlined />} onClick={() => view(draft.version)} data-testid="config-edit-draft">
            {t('desk.config.editDraft')}
          </Button>
        )}
        {canRecompute && (
          <Button icon={<SyncOutlined />} onClick={() => setRecomputing(true)} data-testid="config-recompute">
            {t('desk.config.recompute')}
          </Button>
        )}
        {editable && (
          <>
            <Button
              type="primary"
              icon={<SaveOutlined />}
              disabled={!work}
              loading={busy}
              onClick={save}
              data-testid="config-save"
            >
              {t('desk.config.save')}
            </Button>
            <Button
              icon={<UndoOutlined />}
              disabled={!work}
              onClick={() => {
                setWork(null);
                setError(null);
              }}
            >
              {t('desk.config.discardChanges')}
            </Button>
            <Button
              icon={<CloudUploadOutlined />}
              disabled={Boolean(work)}
              onClick={() => setPublishing(true)}
              data-testid="config-publish"
            >
              {t('desk.config.publish')}
            </Button>
            <Popconfirm title={t('desk.config.discardConfirm')} onConfirm={discard}>
              <Button danger icon={<DeleteOutlined />}>
                {t('desk.config.discard')}
              </Button>
            </Popconfirm>
          </>
        )}
      </Space>
      {!canEdit && <Alert type="info" showIcon message={t('desk.config.readOnly')} />}
      {canRecompute && justPublished !== null && (
        <Alert
          type="success"
          showIcon
          closable
          onClose={() => setJustPublished(null)}
          message={t('desk.config.recomputeAfterPublish', { version: justPublished })}
          action={
            <Button size="small" onClick={() => setRecomputing(true)} data-testid="published-recompute">
              {t('desk.config.recompute')}
            </Button>
          }
          data-testid="config-published"
        />
      )}
      {editable && (
        <Alert
          type={work ? 'warning' : 'info'}
          showIcon
          message={
            work ? t('desk.config.unsaved') : t('desk.config.draftBanner', { version: draft?.version })
          }
          action={
            work ? (
              <Input
                size="small"
                placeholder={t('desk.config.note')}
                value={note}
                onChange={(e) => setNote(e.target.value)}
                style={{ width: 240 }}
              />
            ) : undefined
          }
        />
      )}
      {issues.length > 0 && (
        <Alert
          type="error"
          showIcon
          message={t('desk.config.invalid', { count: issues.length })}
          data-testid="config-invalid"
        />
      )}
      {error && issues.length === 0 ? <ErrorAlert error={error} /> : null}
      <ErrorAlert error={other.error} />
      {!document ? (
        <PageSpin />
      ) : (
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            {
              key: 'stages',
              label: tabLabel(t('desk.config.tabs.stages'), 'stages'),
              children: <StagesTable document={document} {...editProps} />,
            },
            {
              key: 'routes',
              label: tabLabel(t('desk.config.tabs.routes'), 'routes'),
              children: <RoutesTable document={document} {...editProps} />,
            },
            {
              key: 'definitions',
              label: tabLabel(t('desk.config.tabs.definitions'), 'definitions'),
              children: (
                <DefinitionsTable
                  document={document}
                  {...editProps}
                  {...(editable
                    ? { onEdit: setEditing, onAdd: () => setEditing(document.definitions.length) }
                    : {})}
                />
              ),
            },
            {
              key: 'visits',
              label: tabLabel(t('desk.config.tabs.visits'), 'visits'),
              children: <VisitLimits document={document} {...editProps} />,
            },
            {
              key: 'versions',
              label: t('desk.config.tabs.versions'),
              children: (
                <VersionsTable
                  versions={data.versions}
                  current={data.current.version}
                  onView={(v) => {
                    view(v === data.current.version ? null : v);
                    setTab('definitions');
                  }}
                />
              ),
            },
          ]}
        />
      )}
      {editable && document && (
        <DefinitionModal
          document={document}
          index={editing}
          issues={issues}
          onCancel={() => setEditing(null)}
          onApply={(d, i) => {
            const definitions = [...document.definitions];
            if (i >= definitions.length) definitions.push(d);
            else definitions[i] = d;
            edit({ ...document, definitions });
            setEditing(null);
          }}
        />
      )}
      {editable && draft && (
        <PublishModal
          version={draft.version}
          open={publishing}
          onClose={() => setPublishing(false)}
          onPublished={(v) => {
            setPublishing(false);
            message.success(t('desk.config.published', { version: v }));
            setJustPublished(v);
            state.reload();
            view(null);
          }}
        />
      )}
      {canRecompute && (
        <RecomputeModal
          open={recomputing}
          currentVersion={data.current.version}
          onClose={() => setRecomputing(false)}
          onDone={() => setJustPublished(null)}
        />
      )}
    </Space>
  );
}
