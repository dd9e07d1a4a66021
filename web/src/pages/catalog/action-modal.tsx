import { Checkbox, Col, Form, Input, InputNumber, Modal, Radio, Row, Select, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ACTION_KINDS,
  type ActionSchedule,
  CONTACT_ROLES,
  type ContactRole,
  MAX_TIMES_PER_PERIOD,
  type MandatoryAction,
  PERIODS,
  type Period,
  SCHEDULE_KINDS,
  type ScheduleKind,
  SERVICE_LEVELS,
  type ServiceItem,
} from '../../api/catalog';
import type { FieldIssue } from '../../api/client';
import { itemName, levelLabel, periodLabel, roleLabel } from './catalog-format';
import { issuesAt, messageFor } from './draft-issues';

const EMPTY: MandatoryAction = {
  code: '',
  name: '',
  nameEn: '',
  level: '5A',
  kind: 'visit',
  schedule: { kind: 'periodic', period: 'month', times: 1 },
  itemCode: null,
  owner: 'account_manager',
};

/** The schedule of `kind`, keeping what the previous one had in common. */
function scheduleOf(kind: ScheduleKind, previous: ActionSchedule): ActionSchedule {
  if (kind === previous.kind) return previous;
  switch (kind) {
    case 'periodic':
      return { kind, period: 'month', times: 1 };
    case 'holiday':
      return { kind };
    case 'birthday':
      return { kind, contactRoles: ['core'] };
  }
}

/** The label of an action's field as the server names it (`schedule.period`, `itemCode`). */
export function actionFieldLabel(t: TFunction, field: string): string {
  const key = field.replace(/\[\d+\]$/, '');
  switch (key) {
    case 'code':
      return t('catalog.actions.code');
    case 'name':
      return t('catalog.actions.name');
    case 'nameEn':
      return t('catalog.actions.nameEn');
    case 'level':
      return t('catalog.actions.level');
    case 'kind':
      return t('catalog.actions.kind');
    case 'schedule':
    case 'schedule.kind':
      return t('catalog.actions.scheduleKind');
    case 'schedule.period':
      return t('catalog.actions.period');
    case 'schedule.times':
      return t('catalog.actions.times');
    case 'schedule.contactRoles':
      return t('catalog.actions.contactRoles');
    case 'itemCode':
      return t('catalog.actions.item');
    case 'owner':
      return t('catalog.actions.owner');
    default:
      return field;
  }
}

type Props = {
  open: boolean;
  /** The action edited, or null to add one. */
  action: MandatoryAction | null;
  /** Its index in `document.actions`, to find the server's issues. */
  index: number | null;
  items: readonly ServiceItem[];
  issues: readonly FieldIssue[];
  onCancel: () => void;
  onApply: (action: MandatoryAction) => void;
};

/**
 * Edits one mandatory action (规定动作) of the draft: code, names, level, kind, its schedule
 * (periodic N times per 旬/月/季度/半年/年, before public holidays, or on birthdays of contacts of
 * the roles listed) and the service item it delivers. The server's issues are shown per field.
 */
export function ActionModal({ open, action, index, items, issues, onCancel, onApply }: Props) {
  const { t, i18n } = useTranslation();
  const [value, setValue] = useState<MandatoryAction>(EMPTY);
  // biome-ignore lint/correctness/useExhaustiveDependencies: only on opening
  useEffect(() => {
    if (open) setValue(action ?? EMPTY);
  }, [open]);
  const found = index === null ? new Map<string, string>() : issuesAt(issues, `actions[${index}]`);
  const field = (name: string) => {
    const help = messageFor(found, name);
    return help ? { validateStatus: 'error' as const, help } : {};
  };
  const set = (patch: Partial<MandatoryAction>) => setValue({ ...value, ...patch });
  const schedule = value.schedule;
  const maxTimes = schedule.kind === 'periodic' ? MAX_TIMES_PER_PERIOD[schedule.period] : undefined;

  return (
    <Modal
      open={open}
      width={640}
      title={action ? t('catalog.actions.edit') : t('catalog.actions.add')}
      onCancel={onCancel}
      onOk={() => onApply(value)}
      destroyOnHidden
    >
      <Form layout="vertical" component="div" data-testid="action-editor">
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item label={t('catalog.actions.code')} required {...field('code')}>
              <Input
                aria-label="action code"
                value={value.code}
                disabled={action !== null}
                onChange={(e) => set({ code: e.target.value.trim() })}
              />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item label={t('catalog.actions.level')} required {...field('level')}>
              <Select
                aria-label="action level"
                value={value.level}
                options={SERVICE_LEVELS.map((l) => ({ value: l, label: levelLabel(t, l) }))}
                onChange={(level: string) => set({ level })}
              />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item label={t('catalog.actions.kind')} required {...field('kind')}>
              <Select
                aria-label="action kind"
                value={value.kind}
                options={ACTION_KINDS.map((k) => ({ value: k, label: t(`catalog.actionKind.${k}`) }))}
                onChange={(kind: string) => set({ kind })}
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item label={t('catalog.actions.name')} required {...field('name')}>
          <Input
            aria-label="action name"
            value={value.name}
            onChange={(e) => set({ name: e.target.value })}
          />
        </Form.Item>
        <Form.Item label={t('catalog.actions.nameEn')} required {...field('nameEn')}>
          <Input
            aria-label="action nameEn"
            value={value.nameEn}
            onChange={(e) => set({ nameEn: e.target.value })}
          />
        </Form.Item>
        <Form.Item label={t('catalog.actions.scheduleKind')} required {...field('schedule.kind')}>
          <Radio.Group
            optionType="button"
            value={schedule.kind}
            options={SCHEDULE_KINDS.map((k) => ({ value: k, label: t(`catalog.scheduleKind.${k}`) }))}
            onChange={(e) => set({ schedule: scheduleOf(e.target.value as ScheduleKind, schedule) })}
          />
        </Form.Item>
        {schedule.kind === 'periodic' && (
          <Row gutter={12}>
            <Col span={16}>
              <Form.Item label={t('catalog.actions.period')} required {...field('schedule.period')}>
                <Radio.Group
                  optionType="button"
                  value={schedule.period}
                  options={PERIODS.map((p) => ({ value: p, label: periodLabel(t, p) }))}
                  onChange={(e) => set({ schedule: { ...schedule, period: e.target.value as Period } })}
                />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item
                label={t('catalog.actions.times')}
                required
                {...(messageFor(found, 'schedule.times')
                  ? field('schedule.times')
                  : {
                      help: t('catalog.actions.maxTimes', {
                        period: periodLabel(t, schedule.period),
                        max: maxTimes,
                      }),
                    })}
              >
                <InputNumber
                  aria-label="schedule.times"
                  min={1}
                  precision={0}
                  style={{ width: '100%' }}
                  value={schedule.times}
                  onChange={(v) => set({ schedule: { ...schedule, times: Number(v ?? 0) } })}
                />
              </Form.Item>
            </Col>
          </Row>
        )}
        {schedule.kind === 'birthday' && (
          <Form.Item label={t('catalog.actions.contactRoles')} required {...field('schedule.contactRoles')}>
            <Checkbox.Group
              value={schedule.contactRoles}
              options={CONTACT_ROLES.map((r) => ({ value: r, label: roleLabel(t, r) }))}
              onChange={(roles) =>
                set({
                  schedule: {
                    kind: 'birthday',
                    contactRoles: CONTACT_ROLES.filter((r) => (roles as ContactRole[]).includes(r)),
                  },
                })
              }
            />
          </Form.Item>
        )}
        <Form.Item label={t('catalog.actions.item')} {...field('itemCode')}>
          <Select
            aria-label="action item"
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder={t('catalog.actions.noItem')}
            value={value.itemCode ?? undefined}
            options={items.map((item) => ({
              value: item.code,
              label: `${itemName(item, i18n.language)} (${item.code})`,
            }))}
            onChange={(itemCode: string | undefined) => set({ itemCode: itemCode ?? null })}
          />
        </Form.Item>
        <Form.Item label={t('catalog.actions.owner')} style={{ marginBottom: 0 }} {...field('owner')}>
          <Typography.Text>{t('catalog.actions.ownerAccountManager')}</Typography.Text>
        </Form.Item>
      </Form>
    </Modal>
  );
}
