import { Space, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DeliveriesPanel } from './deliveries-panel';
import { SubscriptionsPanel } from './subscriptions-panel';

/**
 * Webhooks (/webhooks, admin only; PRODUCT.md §7): the TMF621/TMF622 hub subscriptions — subscribe
 * (the HMAC secret shown once), see which still receive, delete — and the outbox deliveries, the
 * given-up ones first, each deliverable again.
 */
export function WebhooksPage() {
  const { t } = useTranslation();
  const [tab, setTab] = useState('deliveries');
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="webhooks-page">
      <Space direction="vertical" size={0}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('webhooks.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('webhooks.subtitle')}</Typography.Text>
      </Space>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        destroyOnHidden
        items={[
          { key: 'deliveries', label: t('webhooks.tabs.deliveries'), children: <DeliveriesPanel /> },
          { key: 'subscriptions', label: t('webhooks.tabs.subscriptions'), children: <SubscriptionsPanel /> },
        ]}
      />
    </Space>
  );
}
