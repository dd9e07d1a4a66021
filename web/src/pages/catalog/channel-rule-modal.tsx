import { DeleteOutlined } from '@ant-design/icons';
import { Alert, Button, Checkbox, Form, Modal, Radio, Select, Space } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  CHANNEL_ROLES,
  CHANNELS,
  type Channel,
  type ChannelRole,
  type ChannelRule,
  SERVICE_LEVELS,
  type ServiceItem,
} from '../../api/catalog';
import type { FieldIssue } from '../../api/client';
import { channelLabel, itemName, levelLabel } from './catalog-format';
import { issuesAt, messageFor } from './draft-issues';

type Props = {
  open: boolean;
  /** The rule edited, or a new one with its channel and item preset. */
  rule: ChannelRule | null;
  /** Its index in `document.channels`; null for a new rule (channel and item can be chosen). */
  index: number | null;
  items: readonly ServiceItem[];
  /** The rules of the draft, to say when a new rule replaces one. */
  rules: readonly ChannelRule[];
  issues: readonly FieldIssue[];
  onCancel: () => void;
  onApply: (rule: ChannelRule) => void;
  onRemove: () => void;
};

/** Edits one rule of the channel matrix: for a channel × item, the levels served and the role. */
export function ChannelRuleModal({
  open,
  rule,
  index,
  items,
  rules,
  issues,
  onCancel,
  onApply,
  onRemove,
}: Props) {
  const { t, i18n } = useTranslation();
  const [value, setValue] = useState<ChannelRule | null>(rule);
  // biome-ignore lint/correctness/useExhaustiveDependencies: only on opening
  useEffect(() => {
    if (open) setValue(rule);
  }, [open]);
  if (!value) return null;
  const found = index === null ? new Map<string, string>() : issuesAt(issues, `channels[${index}]`);
  const field = (name: string) => {
    const help = messageFor(found, name);
    return help ? { validateStatus: 'error' as const, help } : {};
  };
  const set = (patch: Partial<ChannelRule>) => setValue({ ...value, ...patch });
  const item = items.find((i) => i.code === value.itemCode);
  const replaces =
    index === null && rules.some((r) => r.channel === value.channel && r.itemCode === value.itemCode);

  return (
    <Modal
      open={open}
      width={600}
      title={
        index === null
          ? t('catalog.channels.add')
          : t('catalog.channels.edit', {
              channel: channelLabel(t, value.channel),
              item: item ? itemName(item, i18n.language) : value.itemCode,
            })
      }
      onCancel={onCancel}
      onOk={() => onApply(value)}
      destroyOnHidden
      footer={(buttons) => (
        <Space>
          {index !== null && (
            <Button danger icon={<DeleteOutlined />} onClick={onRemove}>
              {t('catalog.channels.remove')}
            </Button>
          )}
          {buttons}
        </Space>
      )}
    >
      <Form layout="vertical" component="div" data-testid="channel-rule-editor">
        {index === null && (
          <>
            <Form.Item label={t('catalog.channels.channel')} required>
              <Select
                aria-label="rule channel"
                value={value.channel}
                options={CHANNELS.map((c) => ({ value: c, label: channelLabel(t, c) }))}
                onChange={(channel: Channel) => set({ channel })}
              />
            </Form.Item>
            <Form.Item label={t('catalog.channels.item')} required>
              <Select
                aria-label="rule item"
                showSearch
                optionFilterProp="label"
                value={value.itemCode || undefined}
                options={items.map((i) => ({
                  value: i.code,
                  label: `${itemName(i, i18n.language)} (${i.code})`,
                }))}
                onChange={(itemCode: string) => set({ itemCode })}
              />
            </Form.Item>
            {replaces && <Alert type="warning" showIcon message={t('catalog.channels.replaces')} />}
          </>
        )}
        {index !== null && (found.has('channel') || found.has('itemCode')) && (
          <Alert
            type="error"
            showIcon
            message={[messageFor(found, 'channel'), messageFor(found, 'itemCode')].filter(Boolean).join('; ')}
          />
        )}
        <Form.Item label={t('catalog.channels.levels')} required {...field('levels')}>
          <Checkbox.Group
            value={value.levels}
            options={SERVICE_LEVELS.map((l) => ({ value: l, label: levelLabel(t, l) }))}
            onChange={(levels) =>
              set({ levels: SERVICE_LEVELS.filter((l) => (levels as string[]).includes(l)) })
            }
          />
        </Form.Item>
        <Form.Item label={t('catalog.channels.role')} required style={{ marginBottom: 0 }} {...field('role')}>
          <Radio.Group
            optionType="button"
            value={value.role}
            options={CHANNEL_ROLES.map((r) => ({ value: r, label: t(`catalog.channelRole.${r}`) }))}
            onChange={(e) => set({ role: e.target.value as ChannelRole })}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
