import { PlusOutlined, SaveOutlined, UndoOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Input, Modal, Select, Space, Tabs, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/use-api';
import {
  activateValueModel,
  createValueModel,
  findIndicators,
  findValueModels,
  updateValueModel,
  type ValueModel,
  type ValueModelDefinition,
} from '../../api/value';
import { useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/error-alert';
import { PageSpin } from '../../components/page-spin';
import { type AhpApply, AhpWizard } from './ahp-wizard';
import { AssessmentRuns } from './assessment-runs';
import { LossEquivalenceSettings } from './loss-equivalence-settings';
import { dropStaleAhp } from './model-helpers';
import { ModelVersions, StatusTag } from './model-versions';
import { TierCutsEditor } from './tier-cuts-editor';
import { WeightsEditor } from './weights-editor';

/**
 * The value model page (PRODUCT.md §2): the chosen version's indicator table and weights, the
 * AHP wizard (its matrices kept with the version), tier cut points with a preview, the versions,
 * and the loss-equivalence settings. An administrator edits drafts, creates a draft from any
 * version, activates versions and changes the loss-equivalence averages; everyone else reads.
 */
export function ValueModelPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const session = useSession();
  const isAdmin = session.status === 'authenticated' && session.user.role === 'admin';

  const indicators = useApi((signal) => findIndicators(signal), []);
  const versions = useApi((signal) => findValueModels(signal), []);
  const [selected, setSelected] = useState<number | null>(null);
  const [edit, setEdit] = useState<ValueModelDefinition | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const [naming, setNaming] = useState<string | null>(null);

  const list = versions.data ?? [];
  const model: ValueModel | undefined = useMemo(
    () => list.find((m) => m.version === selected) ?? list.find((m) => m.status === 'active') ?? list[0],
    [list, selected],
  );
  const editable = isAdmin && model?.status === 'draft';

  // a newly shown version starts without local edits
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the shown version changes
  useEffect(() => {
    setEdit(null);
    setError(null);
  }, [model?.version]);

  if (versions.error) return <ErrorAlert error={versions.error} />;
  if (indicators.error) return <ErrorAlert error={indicators.error} />;
  if (!model || !indicators.data) return <PageSpin />;

  const definition = edit ?? model.definition;
  const dirty = edit !== null;
  const change = (next: ValueModelDefinition) => setEdit(next);
  /** A hand edit of weights drops the AHP matrices they no longer come from. */
  const changeWeights = (next: ValueModelDefinition) => {
    const { definition: kept, dropped } = dropStaleAhp(definition, next);
    for (const group of dropped) {
      message.info(
        t('value.ahp.basisDropped', {
          group: group === 'total' ? t('value.ahp.groupTotal') : t(`value.result.${group}`),
        }),
      );
    }
    setEdit(kept);
  };

  async function save() {
    if (!model || !edit) return;
    setSaving(true);
    setError(null);
    try {
      await updateValueModel(model.version, { definition: edit });
      message.success(t('value.saved'));
      setEdit(null);
      versions.reload();
    } catch (caught) {
      setError(caught);
    } finally {
      setSaving(false);
    }
  }

  async function createDraft(name: string) {
    setSaving(true);
    setError(null);
    try {
      const created = await createValueModel({ name, definition });
      message.success(t('value.created', { version: created.version }));
      setNaming(null);
      setSelected(created.version);
      versions.reload();
    } catch (caught) {
      setNaming(null);
      setError(caught);
    } finally {
      setSaving(false);
    }
  }

  async function activate(version: number, reason: string) {
    await activateValueModel(version, reason || undefined);
    message.success(t('value.versions.activated', { version }));
    setSelected(version);
    versions.reload();
  }

  function applyAhp(applied: AhpApply) {
    const next = structuredClone(definition);
    next.ahp = { ...(next.ahp ?? {}), [applied.set]: applied.basis };
    if (applied.set === 'total') next.totalWeights = applied.weights;
    else {
      next.weights[applied.set] = applied.weights;
      if (applied.set === 'currentValue') {
        for (const key of Object.keys(applied.weights) as (keyof typeof applied.weights)[]) {
          const { directValue, addedValue } = next.currentValueParts;
          if (!directValue.includes(key) && !addedValue.includes(key)) {
            const part = indicators.data?.find((i) => i.key === key)?.currentPart ?? 'addedValue';
            next.currentValueParts[part] = [...next.currentValueParts[part], key];
          }
        }
      }
    }
    setEdit(next);
    message.success(t('value.ahp.applied'));
  }

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <div>
        <Typography.Title level={3} style={{ marginBottom: 0 }}>
          {t('value.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('value.subtitle')}</Typography.Text>
      </div>
      <Card size="small">
        <Space wrap>
          <Typography.Text>{t('value.version')}</Typography.Text>
          <Select<number>
            style={{ width: 300 }}
            value={model.version}
            onChange={setSelected}
            data-testid="model-version-select"
            options={list.map((m) => ({
              value: m.version,
              label: `${t('value.versionLabel', { version: m.version, name: m.name })} · ${t(`value.status.${m.status}`)}`,
            }))}
          />
          <StatusTag status={model.status} />
          {dirty && <Tag color="warning">{t('value.unsaved')}</Tag>}
          {editable && (
            <>
              <Button
                type="primary"
                icon={<SaveOutlined />}
                disabled={!dirty}
                loading={saving}
                onClick={save}
                data-testid="save-draft"
              >
                {t('value.saveDraft')}
              </Button>
              <Button icon={<UndoOutlined />} disabled={!dirty} onClick={() => setEdit(null)}>
                {t('value.discard')}
              </Button>
            </>
          )}
          {isAdmin && (
            <Button
              icon={<PlusOutlined />}
              onClick={() => setNaming(t('value.newDraftDefaultName', { name: model.name }))}
              data-testid="new-draft"
            >
              {t('value.newDraft')}
            </Button>
          )}
        </Space>
      </Card>
      {!isAdmin && <Alert type="info" showIcon message={t('value.readOnly')} />}
      {isAdmin && !editable && <Alert type="info" showIcon message={t('value.notDraft')} />}
      <ErrorAlert error={error} onClose={() => setError(null)} />
      <Tabs
        items={[
          {
            key: 'indicators',
            label: t('value.tabs.indicators'),
            children: (
              <WeightsEditor
                definition={definition}
                indicators={indicators.data}
                editable={editable}
                onChange={changeWeights}
              />
            ),
          },
          {
            key: 'ahp',
            label: t('value.tabs.ahp'),
            children: (
              <AhpWizard
                definition={definition}
                indicators={indicators.data}
                canApply={editable}
                applyHint={isAdmin ? t('value.ahp.needDraft') : t('value.readOnly')}
                onApply={applyAhp}
              />
            ),
          },
          {
            key: 'tiers',
            label: t('value.tabs.tiers'),
            children: (
              <TierCutsEditor
                tiering={definition.tiering}
                editable={editable}
                onChange={(tiering) => change({ ...structuredClone(definition), tiering })}
              />
            ),
          },
          { key: 'runs', label: t('value.runs.title'), children: <AssessmentRuns /> },
          {
            key: 'loss',
            label: t('value.tabs.loss'),
            children: <LossEquivalenceSettings isAdmin={isAdmin} />,
          },
          {
            key: 'versions',
            label: t('value.tabs.versions'),
            children: (
              <ModelVersions
                versions={list}
                selected={model.version}
                isAdmin={isAdmin}
                onView={setSelected}
                onActivate={activate}
              />
            ),
          },
        ]}
      />
      <Modal
        open={naming !== null}
        title={t('value.newDraft')}
        confirmLoading={saving}
        okButtonProps={{ disabled: !naming?.trim() }}
        onCancel={() => setNaming(null)}
        onOk={() => naming && createDraft(naming.trim())}
      >
        <Typography.Text>{t('value.newDraftName')}</Typography.Text>
        <Input value={naming ?? ''} maxLength={100} onChange={(e) => setNaming(e.target.value)} />
      </Modal>
    </Space>
  );
}
