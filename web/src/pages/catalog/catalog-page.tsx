import {
  CloudUploadOutlined,
  DeleteOutlined,
  EditOutlined,
  PlusOutlined,
  SaveOutlined,
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
  Tabs,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type CatalogDocument,
  type CatalogVersion,
  createCatalogDraft,
  deleteCatalogDraft,
  findCatalog,
  findCatalogVersion,
  findCatalogVersions,
  publishCatalogDraft,
  type ServiceItem,
  type ServiceLevel,
  saveCatalogDraft,
} from '../../api/catalog';
import { useApi } from '../../api/use-api';
import { useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/error-alert';
import { PageSpin } from '../../components/page-spin';
import { computeTodayDate } from '../../format';
import { ActionsTab } from './actions-tab';
import { ChannelMatrix } from './channel-matrix';
import { issuesOf } from './draft-issues';
import { ItemsTab } from './items-tab';
import { StandardCellModal } from './standard-cell-modal';
import { StandardsGrid, standardsByCell } from './standards-grid';
import { VersionsTab, VersionTag, versionState } from './versions-tab';

function PublishModal({
  draft,
  today,
  open,
  onClose,
  onPublished,
}: {
  draft: CatalogVersion;
  today: string;
  open: boolean;
  onClose: () => void;
  onPublished: (v: CatalogVersion) => void;
}) {
  const { t } = useTranslation();
  const [effectiveDate, setEffectiveDate] = useState(today);
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const issue = issuesOf(error).find((i) => i.field === 'effectiveDate');
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      onPublished(
        await publishCatalogDraft({ effectiveDate, ...(note.trim() ? { note: note.trim() } : {}) }),
      );
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={open}
      title={t('catalog.editor.publishTitle', { version: draft.version })}
      okText={t('catalog.editor.publish')}
      confirmLoading={busy}
      onOk={submit}
      onCancel={onClose}
      destroyOnHidden
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Alert type="info" showIcon message={t('catalog.editor.publishHint')} />
        <Form layout="vertical" component="div">
          <Form.Item
            label={t('catalog.editor.effectiveDate')}
            required
            {...(issue ? { validateStatus: 'error' as const, help: issue.message } : {})}
          >
            <Input
              type="date"
              aria-label="effectiveDate"
              min={today}
              value={effectiveDate}
              onChange={(e) => setEffectiveDate(e.target.value)}
            />
          </Form.Item>
          <Form.Item label={t('catalog.editor.note')}>
            <Input.TextArea
              aria-label="note"
              autoSize
              value={note}
              onChange={(e) => setNote(e.target.value)}
            />
          </Form.Item>
        </Form>
        {error && !issue ? <ErrorAlert error={error} /> : null}
      </Space>
    </Modal>
  );
}

/**
 * The service standards catalog (PRODUCT.md §4): the star standards grid, items, mandatory actions,
 * the channel matrix and the versions with their differences. An administrator creates the single
 * draft, edits its standards, items, mandatory actions and channel rules, saves it (errors shown
 * per field and row) and publishes it with an effective date; everyone else, and every published
 * version, is read-only.
 */
export function CatalogPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const session = useSession();
  const isAdmin = session.status === 'authenticated' && session.user.role === 'admin';
  const today = computeTodayDate(new Date());

  const versions = useApi((signal) => findCatalogVersions(signal), []);
  const [selected, setSelected] = useState<number | null>(null);
  const shown = useApi(
    (signal) => (selected === null ? findCatalog(signal) : findCatalogVersion(selected, signal)),
    [selected],
  );
  const [tab, setTab] = useState('grid');
  const [work, setWork] = useState<CatalogDocument | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [cell, setCell] = useState<{ item: ServiceItem; level: ServiceLevel } | null>(null);
  const [publishing, setPublishing] = useState(false);

  const list = versions.data ?? [];
  const draftSummary = list.find((v) => v.status === 'draft');
  const version = shown.data;
  const editable = isAdmin && version?.status === 'draft' && version.version === selected;
  const document = (editable ? work : null) ?? version?.document;
  const issues = issuesOf(error);
  const items = useMemo(() => new Map((document?.items ?? []).map((i) => [i.code, i])), [document]);
  const cells = useMemo(() => (document ? standardsByCell(document) : new Map()), [document]);

  if (versions.error) return <ErrorAlert error={versions.error} />;
  if (shown.error) return <ErrorAlert error={shown.error} />;
  if (!version || !document || !versions.data) return <PageSpin />;

  const reloadAll = () => {
    versions.reload();
    shown.reload();
  };
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
      const draft = await createCatalogDraft(version.status === 'published' ? version.version : undefined);
      message.success(t('catalog.editor.created', { version: draft.version }));
      versions.reload();
      view(draft.version);
    });
  const save = () =>
    run(async () => {
      if (!work) return;
      await saveCatalogDraft(work);
      message.success(t('catalog.editor.saved'));
      setWork(null);
      reloadAll();
    });
  const remove = () =>
    run(async () => {
      await deleteCatalogDraft();
      message.success(t('catalog.editor.deleted'));
      versions.reload();
      view(null);
    });

  // The server's issues name entries by index: once an entry is removed they may name the wrong
  // one, so they are dropped (adding appends and editing keeps indices, so those keep them).
  const edit = (next: CatalogDocument) => {
    const parts = ['items', 'standards', 'actions', 'channels'] as const;
    if (parts.some((part) => next[part].length < document[part].length)) setError(null);
    setWork(next);
  };

  const applyCell = (
    rows: { standard: CatalogDocument['standards'][number]; index: number | null }[],
    removed: number[],
  ) => {
    const standards = [...document.standards];
    for (const row of rows) {
      if (row.index === null) standards.push(row.standard);
      else standards[row.index] = row.standard;
    }
    const gone = new Set(removed);
    if (gone.size > 0) setError(null); // also when as many were added as removed
    edit({ ...document, standards: standards.filter((_, i) => !gone.has(i)) });
    setCell(null);
  };

  // a tab's label carries the number of issues of its part of the document, if any
  const tabLabel = (label: string, part: keyof CatalogDocument) => {
    const count = issues.filter((i) => i.field.startsWith(`document.${part}[`)).length;
    return count > 0 ? (
      <Badge count={count} size="small" offset={[8, -2]}>
        {label}
      </Badge>
    ) : (
      label
    );
  };

  const state = versionState(
    list.find((v) => v.version === version.version) ?? {
      ...version,
      inForce: false,
      counts: { items: 0, standards: 0, actions: 0, channels: 0 },
    },
    today,
  );

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="catalog-page">
      <Space direction="vertical" size={0}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('catalog.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('catalog.subtitle')}</Typography.Text>
      </Space>
      <Space wrap>
        <Typography.Text>{t('catalog.viewing')}</Typography.Text>
        <Select
          aria-label="catalog version"
          style={{ width: 180 }}
          value={version.version}
          onChange={(v: number) => view(v)}
          options={list.map((v) => ({
            value: v.version,
            label:
              v.status === 'draft'
                ? t('catalog.draftLabel', { version: v.version })
                : t('catalog.versionLabel', { version: v.version }),
          }))}
        />
        <VersionTag state={state} />
        {version.effectiveDate && (
          <Typography.Text type="secondary">
            {t('catalog.effectiveFrom', { date: version.effectiveDate })}
          </Typography.Text>
        )}
        {isAdmin && !draftSummary && (
          <Button icon={<PlusOutlined />} loading={busy} onClick={createDraft}>
            {t('catalog.editor.createDraft')}
          </Button>
        )}
        {isAdmin && draftSummary && !editable && (
          <Button icon={<EditOutlined />} onClick={() => view(draftSummary.version)}>
            {t('catalog.editor.editDraft')}
          </Button>
        )}
        {editable && (
          <>
            <Button type="primary" icon={<SaveOutlined />} disabled={!work} loading={busy} onClick={save}>
              {t('catalog.editor.save')}
            </Button>
            <Button
              icon={<UndoOutlined />}
              disabled={!work}
              onClick={() => {
                setWork(null);
                setError(null);
              }}
            >
              {t('catalog.editor.discardChanges')}
            </Button>
            <Button
              icon={<CloudUploadOutlined />}
              disabled={Boolean(work)}
              onClick={() => setPublishing(true)}
            >
              {t('catalog.editor.publish')}
            </Button>
            <Popconfirm title={t('catalog.editor.deleteConfirm')} onConfirm={remove}>
              <Button danger icon={<DeleteOutlined />}>
                {t('catalog.editor.deleteDraft')}
              </Button>
            </Popconfirm>
          </>
        )}
      </Space>
      {editable && (
        <Alert
          type={work ? 'warning' : 'info'}
          showIcon
          message={
            work
              ? t('catalog.editor.unsaved')
              : t('catalog.editor.draftBanner', { version: version.version, basedOn: version.basedOn ?? '—' })
          }
        />
      )}
      {issues.length > 0 && (
        <Alert type="error" showIcon message={t('catalog.editor.invalid', { count: issues.length })} />
      )}
      {error ? <ErrorAlert error={error} /> : null}
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          {
            key: 'grid',
            label: tabLabel(t('catalog.tabs.grid'), 'standards'),
            children: (
              <StandardsGrid
                document={document}
                issues={issues}
                {...(editable
                  ? { onEditCell: (item: ServiceItem, level: ServiceLevel) => setCell({ item, level }) }
                  : {})}
              />
            ),
          },
          {
            key: 'items',
            label: tabLabel(t('catalog.tabs.items'), 'items'),
            children: (
              <ItemsTab document={document} issues={issues} {...(editable ? { onChange: edit } : {})} />
            ),
          },
          {
            key: 'actions',
            label: tabLabel(t('catalog.tabs.actions'), 'actions'),
            children: (
              <ActionsTab document={document} issues={issues} {...(editable ? { onChange: edit } : {})} />
            ),
          },
          {
            key: 'channels',
            label: tabLabel(t('catalog.tabs.channels'), 'channels'),
            children: (
              <ChannelMatrix document={document} issues={issues} {...(editable ? { onChange: edit } : {})} />
            ),
          },
          {
            key: 'versions',
            label: t('catalog.tabs.versions'),
            children: (
              <VersionsTab
                versions={list}
                today={today}
                items={items}
                onView={(v) => {
                  view(v);
                  setTab('grid');
                }}
              />
            ),
          },
        ]}
      />
      <StandardCellModal
        open={cell !== null}
        item={cell?.item ?? null}
        level={cell?.level ?? null}
        entries={cell ? (cells.get(`${cell.item.code}|${cell.level}`) ?? []) : []}
        issues={issues}
        onCancel={() => setCell(null)}
        onApply={applyCell}
      />
      {editable && (
        <PublishModal
          draft={version}
          today={today}
          open={publishing}
          onClose={() => setPublishing(false)}
          onPublished={(v) => {
            setPublishing(false);
            message.success(t('catalog.editor.published', { version: v.version, date: v.effectiveDate }));
            versions.reload();
            view(v.version);
          }}
        />
      )}
    </Space>
  );
}
